"""BarFleet helpers: the font size setting in pixels."""

from __future__ import annotations

from ticker.app_bars import points_to_pixels


def test_font_points_become_pixels():
    assert points_to_pixels(12, 96) == 16
    assert points_to_pixels(12, 144) == 24
