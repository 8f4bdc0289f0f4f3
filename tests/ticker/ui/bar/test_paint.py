"""Drawing helpers of the bar: sizes that follow the font, tiles on whole device pixels."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

from ticker.ui.bar import paint
from ticker.ui.colors import DEFAULT_PALETTE, status_color
from ticker.ui.fonts import korean_font


def test_sizes_follow_the_font(qapp):
    small, large = korean_font(12), korean_font(28)
    assert paint.bar_height(large) > paint.bar_height(small) + 10
    height = paint.bar_height(small)
    bare = paint.panel_rect(small, "", height)
    labelled = paint.panel_rect(small, "전주시 덕진구", height)
    assert labelled.width() > bare.width() > 0 and labelled.height() == height
    dot = paint.dot_rect(small, height)
    assert bare.contains(dot.center().toPoint())


def _canvas(width, height, dpr):
    image = QImage(round(width * dpr), round(height * dpr), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(dpr)
    image.fill(QColor("white"))
    return image


def test_panel_shows_the_status_colour(qapp):
    font = korean_font(16)
    height = paint.bar_height(font)
    image = _canvas(300, height, 1.0)
    painter = QPainter(image)
    paint.paint_panel(painter, font, "덕진구", "offline", height)
    painter.end()
    centre = paint.dot_rect(font, height).center().toPoint()
    assert image.pixelColor(centre) == QColor(status_color("offline"))
    assert image.pixelColor(1, 1) == QColor(DEFAULT_PALETTE.label_background)


def _first_red(dpr, area, x):
    tile = QPixmap(round(8 * dpr), round(8 * dpr))
    tile.setDevicePixelRatio(dpr)
    tile.fill(QColor("red"))
    image = _canvas(60, 8, dpr)
    painter = QPainter(image)
    paint.paint_tiles(painter, area, [(tile, x)], dpr)
    painter.end()
    row = [image.pixelColor(px, 4).name() for px in range(image.width())]
    assert row.count("#ff0000") == round(8 * dpr) and len(set(row)) == 2  # whole, not blended
    return row.index("#ff0000")


def test_tiles_are_placed_inside_the_area_on_whole_device_pixels(qapp):
    assert _first_red(1.0, QRect(10, 0, 40, 8), 4.6) == 15  # rounded, not truncated
    assert _first_red(1.25, QRect(16, 0, 40, 8), 4.3) == 25  # (16 + 4.3) x 1.25 = 25.375
    assert _first_red(1.25, QRect(16, 0, 40, 8), 4.5) == 26  # 25.625
