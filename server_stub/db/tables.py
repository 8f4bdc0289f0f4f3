"""The latest table definitions (SQLAlchemy Core), for queries; Alembic revisions create them.

Times are stored as RFC 3339 text in UTC (`utc_stamp`), so comparing the text compares the
instants on both engines (PostgreSQL columns use the "C" collation, see the initial revision).
A new table or column goes here AND in a new revision under ``server_stub/db/migrations``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, Integer, MetaData, Table, Text
from sqlalchemy.types import TypeDecorator


class SafeText(TypeDecorator):
    """Text that PostgreSQL accepts whatever a request carried.

    PostgreSQL text cannot hold NUL (U+0000); SQLite can. A NUL in a value sent to PostgreSQL
    (a sign-in name, a list filter, a row copied from SQLite) becomes U+FFFD instead of an
    error, so hostile input is a plain "not found" on both engines, never a 500. Validated
    fields (notice text, names) refuse control characters long before this.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if dialect.name == "postgresql" and isinstance(value, str) and "\x00" in value:
            return value.replace("\x00", "\ufffd")
        return value


metadata = MetaData()

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", SafeText, unique=True, nullable=False),
    Column("role", SafeText, nullable=False),
    Column("password_hash", SafeText, nullable=True),
    Column("disabled", Integer, nullable=False, default=0),
    Column("created_at", SafeText),
)
api_tokens = Table(
    "api_tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", SafeText),
    Column("role", SafeText),
    Column("token_hash", SafeText, unique=True),
    Column("created_at", SafeText),
    Column("revoked_at", SafeText, nullable=True),
    Column("last_used_at", SafeText, nullable=True),
)
audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", SafeText),
    Column("actor", SafeText),
    Column("action", SafeText),
    Column("target", SafeText),
    Column("changes", SafeText),
)
departments = Table(
    "departments", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", SafeText, unique=True),
    Column("sort_order", Integer),
)
web_sessions = Table(
    "web_sessions", metadata,
    Column("id", SafeText, primary_key=True),
    Column("user_id", Integer),
    Column("csrf_token", SafeText),
    Column("created_at", SafeText),
    Column("expires_at", SafeText),
)
login_attempts = Table(
    "login_attempts", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", SafeText),
    Column("address", SafeText),
    Column("at", SafeText),
    Column("success", Integer),
)
notices = Table(
    "notices", metadata,
    Column("id", SafeText, primary_key=True),
    Column("title", SafeText, nullable=False),
    Column("body", SafeText, nullable=False),
    Column("category", SafeText, nullable=False),
    Column("priority", SafeText, nullable=False),
    Column("link", SafeText),
    Column("starts_at", SafeText, nullable=False),  # RFC 3339, UTC
    Column("ends_at", SafeText, nullable=False),  # RFC 3339, UTC
    Column("recurrence", SafeText),  # JSON object or NULL
    Column("audience", SafeText, nullable=False),  # JSON list
    Column("visibility", SafeText, nullable=False),
    Column("status", SafeText, nullable=False),
    Column("author", SafeText),
    Column("created_at", SafeText),
    Column("updated_at", SafeText),
    Column("ack_required", Integer, nullable=False, default=0),  # 0/1 (revision 0002)
)
# Reach (issue 8, revision 0002): one row per PC that reports, one row per receipt event.
clients = Table(
    "clients", metadata,
    Column("id", SafeText, primary_key=True),  # the PC's random UUID4
    Column("user_name", SafeText, nullable=True),  # NULL with --receipts anonymous
    Column("host_name", SafeText, nullable=True),
    Column("version", SafeText),
    Column("platform", SafeText),
    Column("audiences", SafeText, nullable=False, default="[]"),  # JSON list
    Column("department", SafeText, nullable=False, default=""),  # first audience, "" = none
    Column("first_seen", SafeText, nullable=False),
    Column("last_seen", SafeText, nullable=False),
)
receipts = Table(
    "receipts", metadata,
    Column("event_id", SafeText, primary_key=True),  # the client's UUID: dedup key
    Column("notice_id", SafeText, nullable=False),
    Column("client_id", SafeText, nullable=False),
    Column("type", SafeText, nullable=False),  # shown | opened | acknowledged
    Column("department", SafeText, nullable=False, default=""),  # the PC's, when received
    Column("client_at", SafeText, nullable=False),
    Column("received_at", SafeText, nullable=False),
)


def utc_stamp(value: datetime) -> str:
    """How datetimes are stored: RFC 3339 in UTC, so text order is time order."""
    return value.astimezone(UTC).isoformat()
