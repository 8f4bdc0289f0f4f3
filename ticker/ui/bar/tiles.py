"""Renders each notice once into a tile pixmap; the bar only blits tiles while scrolling.

A tile is: [urgent badge] [category badge] title  ·separator·
Tiles, not one long strip: a QPixmap cannot be wider than 32,767 device pixels.
Text is always drawn with QPainter.drawText, which never interprets markup. Badge labels
come from ticker.ui.labels (the installed translation); bars are rebuilt, and so their
tiles re-rendered, when the language changes.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPixmap

from ticker.feed.notice import Notice
from ticker.ui import scroll_math as sm
from ticker.ui.colors import DEFAULT_PALETTE, BarPalette, category_color
from ticker.ui.labels import category_label, urgent_label

MAX_PIXMAP_SIDE = 32767  # QPixmap/QImage hard limit in device pixels


class TileRenderer:
    """Makes and caches one pixmap per notice for a given font, height and devicePixelRatio."""

    def __init__(
        self,
        font: QFont,
        height: int,
        device_pixel_ratio: float = 1.0,
        palette: BarPalette = DEFAULT_PALETTE,
        max_title_px: int = 1400,
    ) -> None:
        self._palette = palette
        self._max_title_px = max_title_px
        self._cache: dict[tuple, QPixmap] = {}
        self._font = QFont(font)
        self._height = int(height)
        self._dpr = float(device_pixel_ratio)
        self._update_fonts()

    # -- configuration -------------------------------------------------------------------

    def configure(
        self,
        font: QFont | None = None,
        height: int | None = None,
        device_pixel_ratio: float | None = None,
    ) -> bool:
        """Change what tiles look like; drops the cache only when something changed."""
        new = (
            QFont(font) if font is not None else self._font,
            int(height) if height is not None else self._height,
            float(device_pixel_ratio) if device_pixel_ratio is not None else self._dpr,
        )
        if new == (self._font, self._height, self._dpr):
            return False
        self._font, self._height, self._dpr = new
        self._update_fonts()
        self._cache.clear()
        return True

    @property
    def device_pixel_ratio(self) -> float:
        return self._dpr

    @property
    def grid(self) -> int:
        """Tile widths are multiples of this many logical px (see scroll_math.device_grid)."""
        return sm.device_grid(self._dpr)

    def _update_fonts(self) -> None:
        self._title_font = QFont(self._font)
        self._badge_font = QFont(self._font)
        self._badge_font.setPixelSize(max(6, round(self._font.pixelSize() * 0.78)))
        self._badge_font.setBold(True)
        self._urgent_title_font = QFont(self._font)
        self._urgent_title_font.setBold(True)
        # Leave room for badges and padding inside the pixmap size limit.
        device_limit = int(MAX_PIXMAP_SIDE / max(self._dpr, 1.0)) - 600
        self._title_limit = max(50, min(self._max_title_px, device_limit))

    # -- tiles ---------------------------------------------------------------------------

    def tile(self, notice: Notice) -> QPixmap:
        key = (notice.id, notice.title, notice.category, notice.priority)
        pixmap = self._cache.get(key)
        if pixmap is None:
            pixmap = self._render(notice)
            self._cache[key] = pixmap
        return pixmap

    def logical_width(self, pixmap: QPixmap) -> float:
        return pixmap.width() / pixmap.devicePixelRatio()

    def prune(self, keep: list[Notice]) -> None:
        """Forget tiles of notices that are gone, so memory follows the current list."""
        wanted = {(n.id, n.title, n.category, n.priority) for n in keep}
        for key in [k for k in self._cache if k not in wanted]:
            del self._cache[key]

    def _badge_width(self, text: str) -> float:
        return QFontMetricsF(self._badge_font).horizontalAdvance(text) + 2 * self._badge_pad()

    def _badge_pad(self) -> float:
        return max(5.0, self._font.pixelSize() * 0.45)

    def _render(self, notice: Notice) -> QPixmap:
        urgent = notice.is_urgent
        height = self._height
        pad = max(8.0, self._font.pixelSize() * 0.6)
        inner_gap = max(6.0, self._font.pixelSize() * 0.45)
        separator_w = max(28.0, self._font.pixelSize() * 2.0)
        title_font = self._urgent_title_font if urgent else self._title_font
        title_metrics = QFontMetricsF(title_font)
        title = title_metrics.elidedText(
            notice.title, Qt.TextElideMode.ElideRight, self._title_limit
        )
        title_w = title_metrics.horizontalAdvance(title)

        urgent_text = urgent_label()
        cat_text = category_label(notice.category)
        widths = [self._badge_width(cat_text)]
        if urgent:
            widths.insert(0, self._badge_width(urgent_text))
        content_w = pad + sum(w + inner_gap for w in widths) + title_w + pad
        total_w = content_w + separator_w

        dpr = self._dpr
        # Whole grid cells wide and high: every tile then starts on a whole device pixel on
        # the tape, and its logical size is whole, so a QLabel on the glide strip shows it
        # 1:1 (a fractional height would be rounded and the tile rescaled). Rows below the
        # bar's height are background and clipped.
        grid = self.grid
        if grid:
            size = (round(sm.snap_up(total_w, grid) * dpr), round(sm.snap_up(height, grid) * dpr))
        else:
            size = (math.ceil(total_w * dpr), math.ceil(height * dpr))
        pixmap = QPixmap(*size)
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(QColor(self._palette.background))  # opaque: cheaper to blit every frame
        painter = QPainter(pixmap)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            if urgent:
                inset = max(2.0, height * 0.1)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(self._palette.urgent_tile))
                painter.drawRoundedRect(QRectF(0, inset, content_w, height - 2 * inset), 5, 5)
            x = pad
            if urgent:
                x = self._draw_badge(
                    painter,
                    x,
                    urgent_text,
                    self._palette.urgent_badge,
                    self._palette.urgent_badge_text,
                )
                x += inner_gap
            x = self._draw_badge(
                painter, x, cat_text, category_color(notice.category), self._palette.badge_text
            )
            x += inner_gap
            painter.setFont(title_font)
            painter.setPen(QColor(self._palette.urgent_text if urgent else self._palette.text))
            baseline = (
                height - (title_metrics.ascent() + title_metrics.descent())
            ) / 2 + title_metrics.ascent()
            painter.drawText(QPointF(x, round(baseline)), title)
            self._draw_separator(painter, content_w, separator_w, height)
        finally:
            painter.end()
        return pixmap

    def _draw_badge(self, painter: QPainter, x: float, text: str, fill: str, ink: str) -> float:
        metrics = QFontMetricsF(self._badge_font)
        width = metrics.horizontalAdvance(text) + 2 * self._badge_pad()
        badge_h = min(self._height - 4.0, metrics.height() + 6.0)
        top = (self._height - badge_h) / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(QRectF(x, top, width, badge_h), 4, 4)
        painter.setFont(self._badge_font)
        painter.setPen(QColor(ink))
        baseline = top + (badge_h - (metrics.ascent() + metrics.descent())) / 2 + metrics.ascent()
        painter.drawText(QPointF(x + self._badge_pad(), round(baseline)), text)
        return x + width

    def _draw_separator(self, painter: QPainter, x: float, width: float, height: float) -> None:
        radius = max(2.0, self._font.pixelSize() * 0.14)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self._palette.separator))
        painter.drawEllipse(
            QRectF(x + width / 2 - radius, height / 2 - radius, 2 * radius, 2 * radius)
        )
