"""Korean-capable font selection.

QFont.setFamilies gives Qt an ordered preference list; it takes the first installed one
and falls back per glyph, so Hangul never renders as boxes when one family is missing.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont

WINDOWS_FAMILIES = ("Malgun Gothic", "맑은 고딕")
LINUX_FAMILIES = ("Noto Sans CJK KR", "Noto Sans KR")
FALLBACK_FAMILIES = (
    "Apple SD Gothic Neo",
    "NanumGothic",
    "Noto Sans KR",
    "Noto Sans CJK KR",
    "Malgun Gothic",
)


def family_preference(platform: str | None = None) -> list[str]:
    """Ordered, de-duplicated family names for ``platform`` (a sys.platform value)."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        primary = WINDOWS_FAMILIES
    elif platform == "darwin":
        primary = ("Apple SD Gothic Neo",)
    else:
        primary = LINUX_FAMILIES
    ordered: list[str] = []
    for name in (*primary, *FALLBACK_FAMILIES):
        if name not in ordered:
            ordered.append(name)
    return ordered


def korean_font(pixel_size: int = 16, bold: bool = False, platform: str | None = None) -> QFont:
    """A sans-serif font that renders Hangul well, sized in pixels (font_size setting)."""
    font = QFont()
    font.setFamilies(family_preference(platform))
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPixelSize(max(6, int(pixel_size)))
    font.setBold(bold)
    return font
