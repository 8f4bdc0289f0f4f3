"""Read-only, filtered and paged notice queries for the admin list (table ``notices``).

`NoticeRepository.list` filters only by status and category; the admin list also filters by
title, audience and time state and must page, so the whole filter runs in SQL here.
A plain-Python reference filter in tests/server_stub/repository/test_notice_pages.py checks it
on both engines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, Engine, cast, exists, func, literal, literal_column, select, text
from sqlalchemy.sql import ColumnElement

from server_stub.db import notices as table
from server_stub.db import utc_stamp
from server_stub.db.tables import SafeText
from server_stub.models import Notice
from server_stub.repository.notices import NoticeRepository

EVERYONE = "__everyone__"
LIKE_ESCAPE = "\\"


@dataclass(frozen=True)
class NoticeQuery:
    q: str = ""
    status: str = ""
    category: str = ""
    audience: str = ""  # a department name, EVERYONE, or "" for any
    time: str = ""  # "current" | "upcoming" | "ended" | ""


def _like_pattern(text: str) -> str:
    escaped = (text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%")
               .replace("_", LIKE_ESCAPE + "_"))
    return f"%{escaped}%"


def _audience_values(dialect: str):
    """The audience JSON list as a table with a ``value`` column.

    SQLite: ``json_each`` (JSON1). PostgreSQL: ``json_array_elements_text`` (the column is
    JSON text, cast). Both yield the department names as text.
    """
    if dialect == "postgresql":
        return func.json_array_elements_text(cast(table.c.audience, JSON)).table_valued("value")
    return func.json_each(table.c.audience).table_valued("value")


def _audience_count(dialect: str) -> ColumnElement:
    column = cast(table.c.audience, JSON) if dialect == "postgresql" else table.c.audience
    return func.json_array_length(column)


def _title_contains(needle: str, dialect: str) -> ColumnElement:
    """Case-insensitive title search, as the reference filter in the tests (casefold).

    SQLite's LIKE ignores case for ASCII letters only; PostgreSQL needs ILIKE. Korean has
    no case either way.
    """
    pattern = _like_pattern(needle)
    if dialect == "postgresql":
        return table.c.title.ilike(pattern, escape=LIKE_ESCAPE)
    return table.c.title.like(pattern, escape=LIKE_ESCAPE)


def _conditions(query: NoticeQuery, now: datetime, dialect: str) -> list[ColumnElement]:
    where: list[ColumnElement] = []
    if query.status:
        where.append(table.c.status == query.status)
    if query.category:
        where.append(table.c.category == query.category)
    stamp = utc_stamp(now)
    if query.time == "upcoming":
        where.append(table.c.starts_at > stamp)
    elif query.time == "ended":
        where.append(table.c.ends_at <= stamp)
    elif query.time == "current":
        where.append(table.c.starts_at <= stamp)
        where.append(table.c.ends_at > stamp)
    if query.audience == EVERYONE:
        where.append(_audience_count(dialect) == 0)
    elif query.audience:
        values = _audience_values(dialect)
        where.append(exists(select(literal_column("1")).select_from(values)
                            .where(values.c.value == literal(query.audience, SafeText()))))
    if query.q:
        where.append(_title_contains(query.q, dialect))
    return where


class NoticePages:
    """Pages of notices, newest start first (as `NoticeRepository.list`)."""

    def __init__(self, engine: Engine, notices: NoticeRepository) -> None:
        self._engine = engine
        self._notices = notices

    def page(self, query: NoticeQuery, now: datetime, *, limit: int,
             offset: int = 0) -> tuple[list[Notice], int]:
        """(notices on this page, total matching)."""
        where = _conditions(query, now, self._engine.dialect.name)
        ids = (select(table.c.id).where(*where)
               .order_by(table.c.starts_at.desc(), table.c.id).limit(limit).offset(offset))
        count = select(func.count()).select_from(table).where(*where)
        with self._engine.connect() as conn:
            found = list(conn.execute(ids).scalars())
            total = int(conn.execute(count).scalar_one())
            notices = [self._notices.get(notice_id, conn) for notice_id in found]
        return [n for n in notices if n is not None], total

    def audiences(self) -> list[str]:
        """Every department name any stored notice targets (for the audience filter)."""
        # A table-valued function joined per row (lateral), written out plainly.
        if self._engine.dialect.name == "postgresql":
            query = text("SELECT DISTINCT j.value FROM notices, "
                         "json_array_elements_text(notices.audience::json) AS j(value)")
        else:
            query = text("SELECT DISTINCT j.value FROM notices, json_each(notices.audience) AS j")
        with self._engine.connect() as conn:
            return sorted(str(v) for v in conn.execute(query).scalars() if v is not None)


__all__ = ["EVERYONE", "NoticePages", "NoticeQuery"]
