"""SQL for receipts and the PCs that send them (tables ``receipts`` and ``clients``).

Ingest is one transaction per POST: upsert the client row (its last-seen time), then insert
the accepted events with ``ON CONFLICT (event_id) DO NOTHING ... RETURNING`` so a repeated
batch stores nothing twice and the caller learns exactly how many rows are new.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Engine, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from server_stub.db import clients, notices, receipts, utc_stamp, writer
from server_stub.receipts_validation import ClientInfo, NoticeFacts, ReceiptEvent


def _insert(engine_or_conn, table):
    """The dialect's INSERT, which knows ON CONFLICT."""
    dialect = engine_or_conn.dialect.name
    return (postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table))


_CLIENT_UPDATE = ("user_name", "host_name", "version", "platform", "audiences", "department",
                  "last_seen")


class ReceiptRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def notice_facts(self, notice_ids: Iterable[str]) -> dict[str, NoticeFacts]:
        ids = sorted(set(notice_ids))
        if not ids:
            return {}
        query = select(notices.c.id, notices.c.audience, notices.c.created_at).where(
            notices.c.id.in_(ids))
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        out = {}
        for row in rows:
            created = datetime.fromisoformat(row.created_at) if row.created_at else None
            if created is None:
                continue
            out[row.id] = NoticeFacts(tuple(json.loads(row.audience or "[]")), created)
        return out

    def ingest_many(self, batches: Sequence[tuple[ClientInfo, Sequence[ReceiptEvent], datetime]]
                    ) -> list[int]:
        """Several POSTs in ONE transaction (group commit); new rows per batch, in order.

        An event id sent twice (in one batch, or in two batches of the group) counts for the
        first batch only, exactly as if they had been committed one after the other.
        """
        latest: dict[str, dict] = {}  # one upsert per PC: PostgreSQL refuses a row twice
        rows: list[dict] = []
        owner: dict[str, int] = {}
        for index, (client, events, now) in enumerate(batches):
            stamp = utc_stamp(now)
            latest[client.id] = self._client_row(client, stamp)
            for e in events:
                if e.event_id in owner:
                    continue
                owner[e.event_id] = index
                rows.append({"event_id": e.event_id, "notice_id": e.notice_id,
                             "client_id": client.id, "type": e.type,
                             "department": client.department, "client_at": utc_stamp(e.at),
                             "received_at": stamp})
        stored = [0] * len(batches)
        with writer(self._engine).begin() as conn:
            stmt = _insert(conn, clients)
            update = {c: stmt.excluded[c] for c in _CLIENT_UPDATE}
            conn.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=update),
                         list(latest.values()))
            if rows:
                insert_rows = (_insert(conn, receipts)
                               .on_conflict_do_nothing(index_elements=["event_id"])
                               .returning(receipts.c.event_id))
                for (event_id,) in conn.execute(insert_rows, rows).all():
                    stored[owner[event_id]] += 1
        return stored

    @staticmethod
    def _client_row(client: ClientInfo, stamp: str) -> dict:
        return {"id": client.id, "user_name": client.user, "host_name": client.host,
                "version": client.version, "platform": client.platform,
                "audiences": json.dumps(list(client.audiences), ensure_ascii=False),
                "department": client.department, "first_seen": stamp, "last_seen": stamp}

    def forget_names(self) -> int:
        """Drop stored user and host names (run when the site switches to anonymous)."""
        with writer(self._engine).begin() as conn:
            result = conn.execute(
                clients.update().where((clients.c.user_name.is_not(None))
                                       | (clients.c.host_name.is_not(None)))
                .values(user_name=None, host_name=None))
        return result.rowcount or 0

    def delete_older_than(self, cutoff: datetime) -> tuple[int, int]:
        """Retention: receipts received and PCs last seen before ``cutoff`` -> (receipts, PCs)."""
        stamp = utc_stamp(cutoff)
        with writer(self._engine).begin() as conn:
            gone = conn.execute(delete(receipts).where(receipts.c.received_at < stamp)).rowcount
            pcs = conn.execute(delete(clients).where(clients.c.last_seen < stamp)).rowcount
        return gone or 0, pcs or 0
