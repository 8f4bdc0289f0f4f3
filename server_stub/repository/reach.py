"""SQL aggregates for the reach and fleet pages (tables ``receipts`` and ``clients``).

Everything is counted in SQL over the indexes of Alembic revision 0002; Python only combines a
handful of grouped rows (one per distinct audience list of the active PCs).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, distinct, func, or_, select

from server_stub.db import clients, receipts, utc_stamp


@dataclass(frozen=True)
class AudienceGroup:
    """Active PCs sharing one audience list and department."""

    audiences: tuple[str, ...]
    department: str
    count: int


@dataclass(frozen=True)
class ClientRow:
    id: str
    user: str | None
    host: str | None
    version: str | None
    platform: str | None
    department: str
    audiences: tuple[str, ...]
    first_seen: datetime
    last_seen: datetime


def _may_see_clause(audience: Sequence[str], dialect: str):
    """SQL for `may_see` on the stored JSON list: no audiences, or one of the names.

    Names are matched as whole JSON strings (with their quotes), as json.dumps wrote them, and
    case-sensitively like the feed's own check (SQLite's LIKE would ignore ASCII case).
    """
    position = func.strpos if dialect == "postgresql" else func.instr
    options = [clients.c.audiences == "[]"]
    for name in audience:
        options.append(position(clients.c.audiences, json.dumps(name, ensure_ascii=False)) > 0)
    return or_(*options)


def _client(row) -> ClientRow:
    return ClientRow(row.id, row.user_name, row.host_name, row.version, row.platform,
                     row.department or "", tuple(json.loads(row.audiences or "[]")),
                     datetime.fromisoformat(row.first_seen),
                     datetime.fromisoformat(row.last_seen))


class ReachRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def counts(self, notice_ids: Iterable[str]) -> dict[str, dict[str, int]]:
        """{notice id: {event type: distinct PCs}} for a page of notices, one grouped query.

        Grouped in the covering index's order (notice, type, department) so no sort is needed;
        a PC is counted under the department it had when it reported.
        """
        ids = sorted(set(notice_ids))
        if not ids:
            return {}
        query = (select(receipts.c.notice_id, receipts.c.type,
                        func.count(distinct(receipts.c.client_id)))
                 .where(receipts.c.notice_id.in_(ids))
                 .group_by(receipts.c.notice_id, receipts.c.type, receipts.c.department))
        out: dict[str, dict[str, int]] = {}
        with self._engine.connect() as conn:
            for notice_id, kind, count in conn.execute(query):
                per_type = out.setdefault(notice_id, {})
                per_type[kind] = per_type.get(kind, 0) + int(count)
        return out

    def audience_groups(self, since: datetime) -> list[AudienceGroup]:
        """Active PCs (seen since ``since``) grouped by audience list and department."""
        query = (select(clients.c.audiences, clients.c.department, func.count())
                 .where(clients.c.last_seen >= utc_stamp(since))
                 .group_by(clients.c.audiences, clients.c.department))
        with self._engine.connect() as conn:
            return [AudienceGroup(tuple(json.loads(a or "[]")), d or "", int(n))
                    for a, d, n in conn.execute(query)]

    def department_counts(self, notice_id: str) -> dict[tuple[str, str], int]:
        """{(department, event type): distinct PCs} for one notice (index-only)."""
        query = (select(receipts.c.department, receipts.c.type,
                        func.count(distinct(receipts.c.client_id)))
                 .where(receipts.c.notice_id == notice_id)
                 .group_by(receipts.c.type, receipts.c.department))  # index order: no sort
        with self._engine.connect() as conn:
            return {(d or "", kind): int(n) for d, kind, n in conn.execute(query)}

    def _pending_where(self, notice_id: str, audience: Sequence[str], since: datetime):
        # NOT IN over one materialised list (not a probe per PC): fast on SQLite and PostgreSQL.
        acked = select(receipts.c.client_id).where(receipts.c.notice_id == notice_id,
                                                   receipts.c.type == "acknowledged")
        return [clients.c.last_seen >= utc_stamp(since), clients.c.id.not_in(acked),
                *([_may_see_clause(audience, self._engine.dialect.name)] if audience else [])]

    def not_acknowledged(self, notice_id: str, audience: Sequence[str], since: datetime,
                         limit: int | None = 500) -> list[ClientRow]:
        """Active PCs that may see the notice and have no `acknowledged` receipt for it,
        least recently seen first (in index order, so the first page stops early)."""
        query = (select(clients).where(*self._pending_where(notice_id, audience, since))
                 .order_by(clients.c.last_seen, clients.c.id))
        if limit is not None:
            query = query.limit(limit)
        with self._engine.connect() as conn:
            return [_client(r) for r in conn.execute(query)]

    def count_not_acknowledged(self, notice_id: str, audience: Sequence[str],
                               since: datetime) -> int:
        query = select(func.count()).select_from(clients).where(
            *self._pending_where(notice_id, audience, since))
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    # -- fleet ----------------------------------------------------------------------------
    def count_seen_since(self, since: datetime) -> int:
        query = select(func.count()).select_from(clients).where(
            clients.c.last_seen >= utc_stamp(since))
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def count_all(self) -> int:
        with self._engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(clients)).scalar_one())

    def breakdown(self, column: str, since: datetime) -> list[tuple[str, int]]:
        """PCs seen since ``since`` per version or platform, most common first."""
        col = clients.c[column]
        query = (select(col, func.count()).where(clients.c.last_seen >= utc_stamp(since))
                 .group_by(col).order_by(func.count().desc(), col))
        with self._engine.connect() as conn:
            return [(value or "", int(n)) for value, n in conn.execute(query)]

    def not_seen_since(self, since: datetime, limit: int | None = 500) -> list[ClientRow]:
        query = select(clients).where(clients.c.last_seen < utc_stamp(since)).order_by(
            clients.c.last_seen)
        if limit is not None:
            query = query.limit(limit)
        with self._engine.connect() as conn:
            return [_client(r) for r in conn.execute(query)]

    def all_clients(self) -> list[ClientRow]:
        query = select(clients).order_by(clients.c.department, clients.c.last_seen.desc())
        with self._engine.connect() as conn:
            return [_client(r) for r in conn.execute(query)]
