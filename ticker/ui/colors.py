"""The bar's palette as plain hex strings (no Qt here; widgets wrap them in QColor).

Calm by default: a dark slate bar with light text. Colour is reserved for meaning:
category badges, the status dot and the red of urgent notices.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True, slots=True)
class BarPalette:
    background: str = "#1F2530"
    background_edge: str = "#2B3240"  # 1 px line between the bar and the desktop
    text: str = "#ECEFF4"
    muted_text: str = "#A7B0BE"
    separator: str = "#5C6678"
    label_background: str = "#283041"
    urgent_tile: str = "#A8231D"
    urgent_text: str = "#FFFFFF"
    urgent_badge: str = "#FFFFFF"
    urgent_badge_text: str = "#A8231D"
    attention: str = "#C62828"  # the one-time flash when a new urgent notice arrives
    badge_text: str = "#FFFFFF"
    focus_ring: str = "#7FB2FF"


# Category badge fills; white text on each keeps a contrast ratio of at least 4.5:1.
CATEGORY_COLORS: dict[str, str] = {
    "event": "#2C7A4B",  # 행사: green
    "project": "#2A62B8",  # 신규사업: blue
    "issue": "#A85A0C",  # 주요현안: deep orange
    "notice": "#5A6678",  # 일반: slate grey
}

STATUS_COLORS: dict[str, str] = {
    "connected": "#3FBF6A",
    "stale": "#F0B429",
    "offline": "#E5484D",
}

DEFAULT_PALETTE = BarPalette()


def category_color(category: str) -> str:
    return CATEGORY_COLORS.get(category, CATEGORY_COLORS["notice"])


def status_color(status: str) -> str:
    return STATUS_COLORS.get(status, STATUS_COLORS["offline"])
