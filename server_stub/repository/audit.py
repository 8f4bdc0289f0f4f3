"""Append-only audit log: who changed what, written in the same transaction as the change."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, insert, select

from server_stub.db import audit_log as table
from server_stub.db import utc_stamp

ACTIONS = ("create", "update", "publish", "archive", "delete", "login", "user", "token")


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    changes: dict


class AuditRepository:
    """Only `append` and reads: there is deliberately no update or delete."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def append(self, conn: Connection, *, at: datetime, actor: str, action: str, target: str,
               changes: dict | None = None) -> None:
        conn.execute(insert(table).values(
            at=utc_stamp(at), actor=actor, action=action, target=target,
            changes=json.dumps(changes or {}, ensure_ascii=False, default=str),
        ))

    def recent(self, limit: int = 100, target: str | None = None) -> list[AuditEntry]:
        query = select(table).order_by(table.c.id.desc()).limit(limit)
        if target is not None:
            query = query.where(table.c.target == target)
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            AuditEntry(r.id, datetime.fromisoformat(r.at), r.actor, r.action, r.target,
                       json.loads(r.changes or "{}"))
            for r in rows
        ]
