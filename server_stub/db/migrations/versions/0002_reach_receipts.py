"""Reach (issue 8): ``notices.ack_required``, and the ``clients`` and ``receipts`` tables.

``ack_required`` is 0/1 (like ``users.disabled``) with a server default of 0, so every notice
stored before this revision reads as "no 확인 requested". ``receipts.event_id`` is the primary
key: the client's UUID per event, which makes a repeated batch count once
(``INSERT ... ON CONFLICT (event_id) DO NOTHING``). The indexes cover the reach page's
aggregates (per notice, type and department) and the fleet page's last-seen queries.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _stamp() -> sa.types.TypeEngine:
    """RFC 3339 UTC text; "C" collation on PostgreSQL so text order is time order."""
    return sa.Text().with_variant(sa.Text(collation="C"), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("notices") as batch:
        batch.add_column(sa.Column("ack_required", sa.Integer, nullable=False,
                                   server_default="0"))
    op.create_table(
        "clients",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("user_name", sa.Text, nullable=True),
        sa.Column("host_name", sa.Text, nullable=True),
        sa.Column("version", sa.Text),
        sa.Column("platform", sa.Text),
        sa.Column("audiences", sa.Text, nullable=False, server_default="[]"),
        sa.Column("department", sa.Text, nullable=False, server_default=""),
        sa.Column("first_seen", _stamp(), nullable=False),
        sa.Column("last_seen", _stamp(), nullable=False),
    )
    # Covering for "active PCs" counts and the not-yet-acknowledged list.
    op.create_index("ix_clients_last_seen", "clients", ["last_seen", "id", "audiences"])
    # Covering: active PCs grouped by audience list without touching the table.
    op.create_index("ix_clients_groups", "clients", ["audiences", "department", "last_seen"])
    op.create_table(
        "receipts",
        sa.Column("event_id", sa.Text, primary_key=True),
        sa.Column("notice_id", sa.Text, nullable=False),
        sa.Column("client_id", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("department", sa.Text, nullable=False, server_default=""),
        sa.Column("client_at", _stamp(), nullable=False),
        sa.Column("received_at", _stamp(), nullable=False),
    )
    # Covering for the per-notice and per-department counts (no table reads).
    op.create_index("ix_receipts_notice_type", "receipts",
                    ["notice_id", "type", "department", "client_id"])
    op.create_index("ix_receipts_client", "receipts", ["client_id"])
    op.create_index("ix_receipts_received", "receipts", ["received_at"])


def downgrade() -> None:
    op.drop_table("receipts")
    op.drop_table("clients")
    with op.batch_alter_table("notices") as batch:
        batch.drop_column("ack_required")
