"""Append-only audit log: who changed what, written in the same transaction as the change."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, insert

from server_stub.db import audit_log as table
from server_stub.db import utc_stamp


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    changes: dict


class AuditRepository:
    """Only `append`: there is deliberately no update or delete (reads: `audit_pages`)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def append(self, conn: Connection, *, at: datetime, actor: str, action: str, target: str,
               changes: dict | None = None) -> None:
        conn.execute(insert(table).values(
            at=utc_stamp(at), actor=actor, action=action, target=target,
            changes=json.dumps(changes or {}, ensure_ascii=False, default=str),
        ))
