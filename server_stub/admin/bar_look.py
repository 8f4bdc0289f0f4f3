"""What the desktop bar shows, for the admin page's preview: its badge texts (the label is
`server_stub.config.DEFAULT_BAR_LABEL`).

Copied from the client (ticker.feed.notice's category labels, ticker.ui.labels' urgent
label) because the server must not import the client's Qt code;
tests/server_stub/admin/test_preview.py fails when the two drift apart. The colours
live in static/admin.css (same test). Pure: no web framework.
"""

from __future__ import annotations

URGENT_LABELS = {"ko": "긴급", "en": "Urgent"}
CATEGORY_LABELS = {
    "ko": {"event": "행사", "project": "신규사업", "issue": "주요현안", "notice": "일반"},
    "en": {"event": "Event", "project": "New project", "issue": "Major issue", "notice": "Notice"},
}


def category_label(category: str, lang: str) -> str:
    labels = CATEGORY_LABELS["en" if lang == "en" else "ko"]
    return labels.get(category, labels["notice"])


def urgent_label(lang: str) -> str:
    return URGENT_LABELS["en" if lang == "en" else "ko"]
