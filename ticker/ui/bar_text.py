"""The bar's own UI strings: Korean source text (translatable through the installed
.qm in context "TickerBar") with the English used when language = "en"."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

STATUS_TEXT = {
    "ko": {
        "connected": "연결됨 — 최신 공지를 받고 있습니다",
        "stale": "지연됨 — 마지막으로 받은 공지를 표시합니다",
        "offline": "오프라인 — 저장된 공지를 표시합니다",
    },
    "en": {
        "connected": "Connected — receiving the latest notices",
        "stale": "Delayed — showing the last notices received",
        "offline": "Offline — showing saved notices",
    },
}
IDLE_TEXT = {"ko": "현재 공지가 없습니다", "en": "No current notices"}
OFFLINE_TEXT = {"ko": "서버에 연결할 수 없습니다", "en": "Cannot reach the server"}
SINCE_TEXT = {"ko": "{time}부터", "en": "since {time}"}


def offline_text(language: str, since: dt.datetime | None) -> str:
    """"서버에 연결할 수 없습니다 · 09:14부터" (the time in the clock's own zone)."""
    text = tr(OFFLINE_TEXT[language])
    if since is None:
        return text
    return f"{text} · {tr(SINCE_TEXT[language]).format(time=since.strftime('%H:%M'))}"


def tr(text: str) -> str:
    return QCoreApplication.translate("TickerBar", text)
