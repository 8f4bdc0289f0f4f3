"""Notice labels shown by every window (bar tiles, detail, list, settings): one source.

Korean is the source text; English comes from the installed Qt translation
(resources/i18n/ticker_en.qm), like every other UI string.
"""

from __future__ import annotations

from ticker.i18n import tr

_CTX = "NoticeLabels"


def category_label(category: str) -> str:
    """The category's label in the installed language; unknown categories read as 일반."""
    labels = {
        "event": tr(_CTX, "행사"),
        "project": tr(_CTX, "신규사업"),
        "issue": tr(_CTX, "주요현안"),
        "notice": tr(_CTX, "일반"),
    }
    return labels.get(category, labels["notice"])


def urgent_label() -> str:
    """The badge on urgent notices."""
    return tr(_CTX, "긴급")
