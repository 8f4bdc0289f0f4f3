"""The bar's own strings: Korean source, English from the installed translation."""

from __future__ import annotations

import datetime as dt

from ticker.ui.bar import text

SINCE = dt.datetime(2026, 12, 7, 9, 14, tzinfo=dt.timezone(dt.timedelta(hours=9)))


def test_korean_source_text(qapp):
    assert text.idle_text() == "현재 공지가 없습니다"
    assert text.offline_text(None) == "서버에 연결할 수 없습니다"
    assert text.offline_text(SINCE) == "서버에 연결할 수 없습니다 · 09:14부터"
    assert text.status_text("stale").startswith("지연됨")
    assert text.status_text("starting") == "starting"  # unknown: shown as it is
    assert text.accessible_name() == "시정 알림 티커"


def test_english_follows_the_installed_translator(english):
    assert text.idle_text() == "No current notices"
    assert text.offline_text(SINCE) == "Cannot reach the server · since 09:14"
    assert text.status_text("connected") == "Connected — receiving the latest notices"
    assert text.status_text("offline") == "Offline — showing saved notices"
    assert text.accessible_name() == "Notice Ticker"
    english.install("ko")
    assert text.idle_text() == "현재 공지가 없습니다"  # nothing cached
