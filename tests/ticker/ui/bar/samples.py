"""Notices and helpers shared by the bar's tests."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QImage

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


def tile_x_in(shot: QImage, bar, notice_id):
    """Device x at which the tile of ``notice_id`` appears, pixel for pixel, in ``shot`` (a
    grab of the bar: a row through the tile's text), or None if it is not fully there."""
    rgb = QImage.Format.Format_RGB32
    position = bar.playlist_ids().index(notice_id)
    tile = bar.tiles()[position].toImage().convertToFormat(rgb)
    shot = shot.convertToFormat(rgb)
    row = max(range(tile.height()),
              key=lambda y: len({tile.pixel(x, y) for x in range(0, tile.width(), 2)}))
    needle = bytes(tile.constScanLine(row))[: tile.width() * 4]
    haystack = bytes(shot.constScanLine(row))[: shot.width() * 4]
    at = haystack.find(needle)
    while at != -1 and at % 4:
        at = haystack.find(needle, at + 1)
    return None if at == -1 else at // 4
