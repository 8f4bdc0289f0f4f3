"""Read-only, filtered and paged audit log queries for the admin page (table ``audit_log``).

The admin page goes back through the whole log and filters by who, what and target. Paging
is by id (keyset): "entries older than id X", so rows appended while someone reads never
shift a page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from server_stub.db import audit_log as table
from server_stub.repository.audit import AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""  # exact action, or a group such as "user." / "token." / "department."
    target: str = ""


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    older_than: int | None  # pass as ``before`` for the next (older) page; None at the end


def _entry(row) -> AuditEntry:
    try:
        changes = json.loads(row.changes or "{}")
    except ValueError:
        changes = {"?": [None, row.changes]}
    return AuditEntry(row.id, datetime.fromisoformat(row.at), row.actor or "", row.action or "",
                      row.target or "", changes if isinstance(changes, dict) else {})


class AuditPages:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def page(self, filters: AuditFilter, *, limit: int, before: int | None = None) -> AuditPage:
        """Up to ``limit`` entries, newest first, older than id ``before`` if given."""
        where = []
        if filters.actor:
            where.append(table.c.actor == filters.actor)
        if filters.action.endswith("."):
            where.append(table.c.action.startswith(filters.action, autoescape=True))
        elif filters.action:
            where.append(table.c.action == filters.action)
        if filters.target:
            where.append(table.c.target == filters.target)
        if before is not None:
            where.append(table.c.id < before)
        query = select(table).where(*where).order_by(table.c.id.desc()).limit(limit + 1)
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        entries = [_entry(r) for r in rows[:limit]]
        more = len(rows) > limit and entries
        return AuditPage(entries, entries[-1].id if more else None)

    def actors(self) -> list[str]:
        """Everyone who appears in the log (for the "who" filter)."""
        with self._engine.connect() as conn:
            values = conn.execute(select(table.c.actor).distinct()).scalars().all()
        return sorted(v for v in values if v)
