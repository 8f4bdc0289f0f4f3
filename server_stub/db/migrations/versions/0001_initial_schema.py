"""Initial schema: the tables the hand-written migrator's step 3 left (users, tokens, audit,
notices, departments, admin web sessions, sign-in attempts).

A data dir from before Alembic (``schema_version`` = 3) is stamped with this revision instead
of running it (`server_stub.db.schema`).

Revision ID: 0001
Revises:
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _stamp() -> sa.types.TypeEngine:
    """RFC 3339 UTC text; "C" collation on PostgreSQL so text order is time order."""
    return sa.Text().with_variant(sa.Text(collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=True),
        sa.Column("created_at", _stamp()),
        sa.Column("disabled", sa.Integer, nullable=False, server_default="0"),
        sa.CheckConstraint("role IN ('admin', 'publisher')", name="ck_users_role"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text),
        sa.Column("role", sa.Text),
        sa.Column("token_hash", sa.Text, unique=True),
        sa.Column("created_at", _stamp()),
        sa.Column("revoked_at", _stamp(), nullable=True),
        sa.Column("last_used_at", _stamp(), nullable=True),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", _stamp()),
        sa.Column("actor", sa.Text),
        sa.Column("action", sa.Text),
        sa.Column("target", sa.Text),
        sa.Column("changes", sa.Text),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_table(
        "notices",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("priority", sa.Text, nullable=False),
        sa.Column("link", sa.Text),
        sa.Column("starts_at", _stamp(), nullable=False),
        sa.Column("ends_at", _stamp(), nullable=False),
        sa.Column("recurrence", sa.Text),
        sa.Column("audience", sa.Text, nullable=False, server_default="[]"),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("author", sa.Text),
        sa.Column("created_at", _stamp()),
        sa.Column("updated_at", _stamp()),
        sa.Column("visibility", sa.Text, nullable=False, server_default="internal"),
    )
    op.create_index("ix_notices_status_ends", "notices", ["status", "ends_at"])
    op.create_table(
        "departments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, unique=True),
        sa.Column("sort_order", sa.Integer),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Integer),
        sa.Column("csrf_token", sa.Text),
        sa.Column("created_at", _stamp()),
        sa.Column("expires_at", _stamp()),
    )
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.Text),
        sa.Column("address", sa.Text),
        sa.Column("at", _stamp()),
        sa.Column("success", sa.Integer),
    )
    op.create_index("ix_login_attempts_user_at", "login_attempts", ["username", "at"])


def downgrade() -> None:
    for name in ("login_attempts", "web_sessions", "departments", "notices", "audit_log",
                 "api_tokens", "users"):
        op.drop_table(name)
