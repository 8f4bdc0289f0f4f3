"""Drawing helpers for the bar: the label panel, tiles, idle text and effects.

Kept apart so the bar's per-frame path stays easy to read: fill, then blit tiles.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPixmap

from ticker.ui.colors import DEFAULT_PALETTE, status_color


def bar_height(font: QFont) -> int:
    """Font height plus padding: the bar grows with font_size."""
    return int(math.ceil(QFontMetricsF(font).height() * 1.75))


def panel_padding(font: QFont) -> int:
    return round(font.pixelSize() * 0.75)


def dot_size(font: QFont) -> int:
    return max(8, round(font.pixelSize() * 0.6))


def panel_rect(font: QFont, label: str, height: int) -> QRect:
    """The left panel: status dot and the configured label."""
    pad = panel_padding(font)
    text_w = math.ceil(QFontMetricsF(font).horizontalAdvance(label)) if label else 0
    width = pad + dot_size(font) + (pad // 2 + text_w if text_w else 0) + pad
    return QRect(0, 0, width, height)


def dot_rect(font: QFont, height: int) -> QRectF:
    size = dot_size(font)
    return QRectF(panel_padding(font), (height - size) / 2, size, size)


def paint_panel(painter: QPainter, font: QFont, label: str, status: str, height: int,
                width: int | None = None) -> None:
    """``width``: the panel widened to the device grid by the bar (default: its own)."""
    palette = DEFAULT_PALETTE
    rect = panel_rect(font, label, height)
    if width is not None:
        rect.setWidth(width)
    painter.fillRect(rect, QColor(palette.label_background))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(status_color(status)))
    dot = dot_rect(font, height)
    painter.drawEllipse(dot)
    if label:
        painter.setFont(font)
        painter.setPen(QColor(palette.text))
        text_rect = rect.adjusted(math.ceil(dot.right()) + panel_padding(font) // 2, 0, 0, 0)
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(text_rect, align, label)  # plain text: drawText never parses markup
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)


def paint_idle(painter: QPainter, area: QRect, font: QFont, text: str) -> None:
    painter.setFont(font)
    painter.setPen(QColor(DEFAULT_PALETTE.muted_text))
    painter.drawText(area.adjusted(16, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, text)


def paint_tiles(
    painter: QPainter, area: QRect, placed: list[tuple[QPixmap, float]], dpr: float
) -> None:
    """Blit pre-rendered tiles at their x inside ``area``, snapped to device pixels."""
    left, top = area.left(), area.top()
    for tile, x in placed:
        if dpr == 1.0:  # the common case: plain ints, no QPointF per tile and frame
            painter.drawPixmap(round(left + x), top, tile)
        else:
            snapped = round((left + x) * dpr) / dpr  # whole device pixels stay crisp
            painter.drawPixmap(QPointF(snapped, top), tile)


def paint_attention(painter: QPainter, rect: QRect, intensity: float) -> None:
    glow = QColor(DEFAULT_PALETTE.attention)
    glow.setAlphaF(0.45 * max(0.0, min(1.0, intensity)))
    painter.fillRect(rect, glow)


def paint_edge(painter: QPainter, width: int, y: int) -> None:
    """A 1 px line on the side that faces the desktop."""
    painter.fillRect(QRect(0, y, width, 1), QColor(DEFAULT_PALETTE.background_edge))
