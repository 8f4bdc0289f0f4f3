"""Pure geometry: bar rects, X11 struts across monitor layouts, AppBar rects across DPI scales."""

from __future__ import annotations

import pytest

from ticker.desktop.geometry import (
    Rect,
    WinRect,
    appbar_after_query,
    appbar_rect_for_screen,
    bar_rect,
    covers_screen,
    logical_to_physical,
    physical_to_logical,
    screen_of,
    select_screens,
    strut_partial,
    strut_shadowed,
)


def test_bar_rect_bottom_and_top():
    screen = Rect(1920, 0, 1280, 1024)
    assert bar_rect(screen, "bottom", 40) == Rect(1920, 984, 1280, 40)
    assert bar_rect(screen, "top", 40) == Rect(1920, 0, 1280, 40)


def test_bar_rect_rejects_unknown_position():
    with pytest.raises(ValueError):
        bar_rect(Rect(0, 0, 100, 100), "left", 10)


def test_strut_single_monitor_bottom():
    bar = bar_rect(Rect(0, 0, 1920, 1080), "bottom", 36)
    s = strut_partial(bar, "bottom", 1920, 1080)
    assert tuple(s) == (0, 0, 0, 36, 0, 0, 0, 0, 0, 0, 0, 1919)
    assert s.legacy == (0, 0, 0, 36)


def test_strut_single_monitor_top():
    bar = bar_rect(Rect(0, 0, 1920, 1080), "top", 36)
    assert tuple(strut_partial(bar, "top", 1920, 1080)) == (0, 0, 36, 0, 0, 0, 0, 0, 0, 1919, 0, 0)


# Root windows and monitors, with the expected bottom strut for a bar on the second monitor.
LAYOUTS = {
    # name: (root w, h, monitor rect, expected bottom, start_x, end_x)
    "side by side, same size": (3840, 1080, Rect(1920, 0, 1920, 1080), 36, 1920, 3839),
    # right monitor is shorter: the strut counts from the root's bottom (1200), not 1024.
    "side by side, shorter right": (3200, 1200, Rect(1920, 0, 1280, 1024), 36 + 176, 1920, 3199),
    # right monitor is vertically offset downward and reaches the root bottom.
    "offset right": (3840, 1380, Rect(1920, 300, 1920, 1080), 36, 1920, 3839),
    # bar on the lower of two stacked monitors.
    "stacked, lower": (1920, 2160, Rect(0, 1080, 1920, 1080), 36, 0, 1919),
    # bar on the left (first) screen when the right one is larger: only left columns.
    "left smaller": (4480, 1440, Rect(0, 0, 1920, 1080), 36 + 360, 0, 1919),
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_strut_bottom_multi_monitor(name):
    root_w, root_h, monitor, bottom, start_x, end_x = LAYOUTS[name]
    bar = bar_rect(monitor, "bottom", 36)
    s = strut_partial(bar, "bottom", root_w, root_h)
    assert (s.bottom, s.bottom_start_x, s.bottom_end_x) == (bottom, start_x, end_x)
    assert s.top == s.left == s.right == 0
    # the reserved band begins exactly at the bar's top row
    assert root_h - s.bottom == bar.y


def test_strut_top_on_offset_monitor():
    monitor = Rect(1920, 300, 1920, 1080)
    bar = bar_rect(monitor, "top", 30)
    s = strut_partial(bar, "top", 3840, 1380)
    assert (s.top, s.top_start_x, s.top_end_x) == (330, 1920, 3839)
    assert s.bottom == 0


def test_strut_rejects_bar_outside_root():
    with pytest.raises(ValueError):
        strut_partial(Rect(0, 1050, 1920, 40), "bottom", 1920, 1080)


def test_strut_shadowed_stacked_upper_monitor():
    upper, lower = Rect(0, 0, 1920, 1080), Rect(0, 1080, 1920, 1080)
    bar = bar_rect(upper, "bottom", 36)
    assert strut_shadowed(bar, "bottom", [upper, lower]) == [lower]
    assert strut_shadowed(bar_rect(lower, "bottom", 36), "bottom", [upper, lower]) == []


def test_strut_shadowed_side_by_side_is_clean():
    left, right = Rect(0, 0, 1920, 1080), Rect(1920, 0, 1920, 1080)
    assert strut_shadowed(bar_rect(right, "bottom", 36), "bottom", [left, right]) == []


@pytest.mark.parametrize(
    "scale, expected",
    [
        (1.0, WinRect(0, 1040, 1920, 1080)),
        (1.25, WinRect(0, 1350 - 50, 2400, 1350)),
        (1.5, WinRect(0, 1620 - 60, 2880, 1620)),
        (2.0, WinRect(0, 2160 - 80, 3840, 2160)),
    ],
)
def test_appbar_rect_scales_to_physical(scale, expected):
    # Qt reports a 3840x2160 monitor at 2.0 as 1920x1080 logical.
    logical = Rect(0, 0, round(1920 * 1.0), round(1080 * 1.0))
    assert appbar_rect_for_screen(logical, scale, "bottom", 40) == expected


def test_appbar_rect_second_monitor_keeps_native_origin():
    # secondary monitor at physical x=1920 with 150 %: Qt keeps the origin, scales the size
    logical = Rect(1920, 0, 1707, 960)
    r = appbar_rect_for_screen(logical, 1.5, "top", 30)
    assert r == WinRect(1920, 0, 1920 + round(1707 * 1.5), 45)


def test_appbar_after_query_keeps_height_against_other_appbars():
    # another AppBar took the bottom 48 px; QUERYPOS moved our bottom edge up
    queried = WinRect(0, 1040, 1920, 1032)
    assert appbar_after_query(queried, "bottom", 40) == WinRect(0, 992, 1920, 1032)
    assert appbar_after_query(WinRect(0, 48, 1920, 88), "top", 40) == WinRect(0, 48, 1920, 88)


@pytest.mark.parametrize("scale", [1.0, 1.25, 1.5, 1.75, 2.0])
def test_physical_logical_round_trip(scale):
    origin = (2560, 0)
    rect = Rect(2560, 1000, 1600, 40)
    phys = logical_to_physical(rect, origin, scale)
    back = physical_to_logical(WinRect(phys.x, phys.y, phys.right, phys.bottom), origin, scale)
    assert back == rect


def test_adjacent_rects_stay_adjacent_after_scaling():
    origin = (0, 0)
    a = logical_to_physical(Rect(0, 0, 333, 10), origin, 1.25)
    b = logical_to_physical(Rect(333, 0, 333, 10), origin, 1.25)
    assert a.right == b.x


def test_covers_screen():
    screen = Rect(1920, 0, 1920, 1080)
    assert covers_screen(Rect(1920, 0, 1920, 1080), screen)
    assert covers_screen(Rect(1900, -10, 2000, 1200), screen)
    assert not covers_screen(Rect(1920, 0, 1920, 1044), screen)  # maximised above a bar
    assert not covers_screen(Rect(0, 0, 1920, 1080), screen)


def test_screen_of():
    screens = [Rect(0, 0, 1920, 1080), Rect(1920, 0, 1920, 1080)]
    assert screen_of(Rect(1800, 0, 400, 100), screens) == 1
    assert screen_of(Rect(5000, 0, 10, 10), screens) is None


@pytest.mark.parametrize(
    "setting, count, primary, expected",
    [
        ("primary", 3, 1, [1]),
        ("all", 3, 1, [0, 1, 2]),
        (2, 3, 0, [2]),
        ("2", 3, 0, [2]),
        (5, 2, 1, [1]),  # unplugged monitor: fall back to primary
        ("nonsense", 2, 0, [0]),
        ("all", 0, 0, []),
    ],
)
def test_select_screens(setting, count, primary, expected):
    assert select_screens(setting, count, primary) == expected
