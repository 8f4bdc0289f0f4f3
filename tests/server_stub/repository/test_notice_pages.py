"""NoticePages (the admin list's SQL) on a real SQLite file and a real PostgreSQL, checked
against a plain-Python reference filter."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from server_stub.app import build_deps
from server_stub.config import ServerConfig
from server_stub.models import Notice
from server_stub.repository.notice_pages import EVERYONE, NoticePages, NoticeQuery
from tests.server_stub.clock import Clock


@pytest.fixture
def deps(server_data_dir, database_url):
    deps = build_deps(ServerConfig(data_dir=server_data_dir, clock=Clock(),
                                   database_url=database_url))
    yield deps
    deps.engine.dispose()


def matches(notice: Notice, filters: NoticeQuery, now: datetime) -> bool:
    """The list filter in Python: the reference the SQL query is tested against."""
    if filters.status and notice.status != filters.status:
        return False
    if filters.category and notice.category != filters.category:
        return False
    upcoming, ended = now < notice.starts_at, notice.ends_at <= now
    state = "upcoming" if upcoming else "ended" if ended else "current"
    if filters.time and state != filters.time:
        return False
    if filters.audience == EVERYONE:
        if notice.audience:
            return False
    elif filters.audience and filters.audience not in notice.audience:
        return False
    return not filters.q or filters.q.casefold() in notice.title.casefold()


def test_sql_filter_agrees_with_the_python_reference(deps):
    now = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    samples = [
        ("Kimjang 50%_off", "event", ["총무과"], "2026-11-20", "2026-11-30", "published"),
        ("kimjang small", "issue", [], "2026-12-01", "2026-12-05", "draft"),
        ("새 사업 안내", "project", ["건설과", "총무과"], "2026-11-01", "2026-11-10", "published"),
        ('따옴표 "부서"', "notice", ['a"b\\c'], "2026-11-22", "2026-11-23", "archived"),
        ("현재 공지", "notice", ["건설과"], "2026-11-23", "2026-11-24", "published"),
    ]
    for title, category, audience, start, end, status in samples:
        deps.service.create({"title": title, "category": category, "audience": audience,
                             "starts_at": start + "T09:00:00+09:00",
                             "ends_at": end + "T09:00:00+09:00", "status": status},
                            actor="t")
    stored, _ = deps.service.list(limit=100)
    pages = NoticePages(deps.engine, deps.notices)
    for q in ("", "kimjang", "KIMJANG", "50%", "%", "_", "사업"):
        for audience in ("", "__everyone__", "총무과", "건설과", 'a"b\\c', "없는과"):
            for time in ("", "current", "upcoming", "ended"):
                for status in ("", "published"):
                    filters = NoticeQuery(q=q, audience=audience, time=time, status=status)
                    expected = {n.id for n in stored if matches(n, filters, now)}
                    found, total = pages.page(filters, now, limit=100)
                    assert {n.id for n in found} == expected, (q, audience, time, status)
                    assert total == len(expected)
