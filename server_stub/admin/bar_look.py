"""What the desktop bar shows, for the admin page's preview: its label and badge texts.

Copied from the client (ticker.settings' ``label`` default, ticker.feed.notice's category
labels, ticker.ui.labels' urgent label) because the server must not import the client's Qt
code; tests/server_stub/admin/test_preview.py fails when the two drift apart. The colours
live in static/admin.css (same test). Pure: no web framework.
"""

from __future__ import annotations

#: The bar's default label (``label`` in ticker.toml); ``notice-server serve --bar-label``
#: sets the one the site's bars are configured with.
DEFAULT_BAR_LABEL = "전주시 덕진구"
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
