"""Notices and helpers shared by the bar's tests."""

from __future__ import annotations

import datetime as dt

from ticker.feed.notice import Notice

NOW = dt.datetime.now(dt.UTC)
DAY = dt.timedelta(days=1)
HOSTILE = "<b>x</b><img src=http://evil.example/a.png>"


def notice(nid, title=None, **kw):
    kw.setdefault("starts_at", NOW - DAY)
    kw.setdefault("ends_at", NOW + DAY)
    return Notice(id=nid, title=title or f"공지 {nid} 안내", **kw)


SAMPLE = [
    notice("event", "덕진구 김장 나눔 행사", category="event"),
    notice("project", "주민참여예산 신규사업 공모", category="project"),
    notice("issue", "한파 대비 안전 점검", category="issue"),
]


def x_of(bar, notice_id):
    """A widget x inside the tile of ``notice_id`` (scan the bar)."""
    for x in range(0, bar.width(), 5):
        if bar.item_id_at(x) == notice_id:
            return x + 3
    raise AssertionError(f"{notice_id} not on screen")
