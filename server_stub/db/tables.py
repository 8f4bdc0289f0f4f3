"""The latest table definitions (SQLAlchemy Core), for queries; Alembic revisions create them.

Times are stored as RFC 3339 text in UTC (`utc_stamp`), so comparing the text compares the
instants on both engines (PostgreSQL columns use the "C" collation, see the initial revision).
A new table or column goes here AND in a new revision under ``server_stub/db/migrations``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, Integer, MetaData, Table, Text

metadata = MetaData()

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, unique=True, nullable=False),
    Column("role", Text, nullable=False),
    Column("password_hash", Text, nullable=True),
    Column("disabled", Integer, nullable=False, default=0),
    Column("created_at", Text),
)
api_tokens = Table(
    "api_tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text),
    Column("role", Text),
    Column("token_hash", Text, unique=True),
    Column("created_at", Text),
    Column("revoked_at", Text, nullable=True),
    Column("last_used_at", Text, nullable=True),
)
audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", Text),
    Column("actor", Text),
    Column("action", Text),
    Column("target", Text),
    Column("changes", Text),
)
departments = Table(
    "departments", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, unique=True),
    Column("sort_order", Integer),
)
web_sessions = Table(
    "web_sessions", metadata,
    Column("id", Text, primary_key=True),
    Column("user_id", Integer),
    Column("csrf_token", Text),
    Column("created_at", Text),
    Column("expires_at", Text),
)
login_attempts = Table(
    "login_attempts", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", Text),
    Column("address", Text),
    Column("at", Text),
    Column("success", Integer),
)
notices = Table(
    "notices", metadata,
    Column("id", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("category", Text, nullable=False),
    Column("priority", Text, nullable=False),
    Column("link", Text),
    Column("starts_at", Text, nullable=False),  # RFC 3339, UTC
    Column("ends_at", Text, nullable=False),  # RFC 3339, UTC
    Column("recurrence", Text),  # JSON object or NULL
    Column("audience", Text, nullable=False),  # JSON list
    Column("visibility", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("author", Text),
    Column("created_at", Text),
    Column("updated_at", Text),
)


def utc_stamp(value: datetime) -> str:
    """How datetimes are stored: RFC 3339 in UTC, so text order is time order."""
    return value.astimezone(UTC).isoformat()
