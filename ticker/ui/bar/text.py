"""The bar's own UI strings: Korean source text, translated through the installed Qt
translator (context "TickerBar" in resources/i18n/ticker_en.ts), like every other window.
The bar is rebuilt when the language changes, so nothing here caches a translation."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("TickerBar", text)


def status_text(status: str) -> str:
    """What the status dot means (its tooltip); an unknown status is shown as it is."""
    texts = {
        "connected": _tr("연결됨 — 최신 공지를 받고 있습니다"),
        "stale": _tr("지연됨 — 마지막으로 받은 공지를 표시합니다"),
        "offline": _tr("오프라인 — 저장된 공지를 표시합니다"),
    }
    return texts.get(status, status)


def idle_text() -> str:
    return _tr("현재 공지가 없습니다")


def offline_text(since: dt.datetime | None) -> str:
    """"서버에 연결할 수 없습니다 · 09:14부터" (the time in the clock's own zone)."""
    text = _tr("서버에 연결할 수 없습니다")
    if since is None:
        return text
    return f"{text} · {_tr('{time}부터').format(time=since.strftime('%H:%M'))}"


def accessible_name() -> str:
    return _tr("시정 알림 티커")
