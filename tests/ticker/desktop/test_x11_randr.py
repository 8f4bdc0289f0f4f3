"""Screens changing at run time (RandR), on Xorg's dummy driver + openbox: the bar follows
resolution changes and monitors being added and removed, without a restart."""

from __future__ import annotations

import shutil

import pytest

from tests.ticker.desktop.xsession import (
    DockHelper,
    XSession,
    assert_clean,
    wait_for,
    xorg_dummy_available,
)

pytestmark = pytest.mark.skipif(
    not (xorg_dummy_available() and shutil.which("xrandr") and shutil.which("openbox")),
    reason="needs root, Xorg with xserver-xorg-video-dummy, xrandr and openbox "
           "(Xvfb's RandR cannot change modes or monitors at run time)")


@pytest.fixture
def xorg():
    s = XSession(server="xorg-dummy")
    yield s
    s.close()


def bars_by_rect(helper):
    return sorted((tuple(b["rect"]), tuple(b["strut"] or ())) for b in helper.state()["bars"])


def test_resolution_change_moves_and_resizes_the_bar(xorg):
    h = DockHelper(xorg, "primary", "bottom")
    try:
        bar = h.first["bars"][0]
        assert bar["rect"] == [0, 1040, 1920, 40]
        xorg.xrandr("--output", "DUMMY0", "--mode", "1280x1024")
        wait_for(lambda: h.state()["bars"][0]["rect"] == [0, 984, 1280, 40],
                 what="bar on the 1280x1024 screen")
        wid = h.state()["bars"][0]["wid"]
        assert xorg.prop(wid, "_NET_WM_STRUT_PARTIAL") == [0, 0, 0, 40] + [0] * 7 + [1279]
        wait_for(lambda: xorg.root_rect(wid) == (0, 984, 1280, 40), what="X window moved")
        xorg.xrandr("--output", "DUMMY0", "--mode", "1920x1080")
        wait_for(lambda: h.state()["bars"][0]["rect"] == [0, 1040, 1920, 40],
                 what="bar back on 1920x1080")
    finally:
        stderr = h.close()
    assert_clean(stderr)


def test_monitors_added_and_removed_get_and_lose_a_bar(xorg):
    h = DockHelper(xorg, "all", "bottom")
    try:
        assert len(h.first["bars"]) == 1
        # split the output into two monitors, as a second display being plugged in
        xorg.xrandr("--setmonitor", "LEFT", "960/254x1080/286+0+0", "DUMMY0")
        xorg.xrandr("--setmonitor", "RIGHT", "960/254x1080/286+960+0", "none")
        expected = [((0, 1040, 960, 40), (0, 0, 0, 40) + (0,) * 7 + (959,)),
                    ((960, 1040, 960, 40), (0, 0, 0, 40) + (0,) * 6 + (960, 1919))]
        wait_for(lambda: bars_by_rect(h) == expected, what="one bar per monitor")
        # unplug the right one
        xorg.xrandr("--delmonitor", "RIGHT")
        wait_for(lambda: bars_by_rect(h) == expected[:1], what="right bar removed")
        xorg.xrandr("--delmonitor", "LEFT")
        wait_for(lambda: [r for r, _ in bars_by_rect(h)] == [(0, 1040, 1920, 40)],
                 what="back to one full-width bar")
    finally:
        stderr = h.close()
    assert_clean(stderr)


def test_bar_on_an_unplugged_monitor_moves_to_the_primary(xorg):
    xorg.xrandr("--setmonitor", "LEFT", "960/254x1080/286+0+0", "DUMMY0")
    xorg.xrandr("--setmonitor", "RIGHT", "960/254x1080/286+960+0", "none")
    h = DockHelper(xorg, "1", "bottom")
    try:
        assert [b["rect"] for b in h.first["bars"]] == [[960, 1040, 960, 40]]
        xorg.xrandr("--delmonitor", "RIGHT")
        wait_for(lambda: [b["rect"] for b in h.state()["bars"]] == [[0, 1040, 960, 40]],
                 what="bar moved to the remaining monitor")
    finally:
        stderr = h.close()
    assert_clean(stderr)


def test_fullscreen_hides_only_the_bar_of_its_monitor(xorg):
    xorg.xrandr("--setmonitor", "LEFT", "960/254x1080/286+0+0", "DUMMY0")
    xorg.xrandr("--setmonitor", "RIGHT", "960/254x1080/286+960+0", "none")
    h = DockHelper(xorg, "all", "bottom")
    try:
        bars = {tuple(b["rect"])[0]: b["wid"] for b in h.first["bars"]}
        assert sorted(bars) == [0, 960]
        other = xorg.make_window("slides", 300, 200)  # placed on the left monitor
        xorg.activate(other)
        xorg.set_state(other, True, "_NET_WM_STATE_FULLSCREEN")
        wait_for(lambda: not xorg.is_viewable(bars[0]), what="left bar hidden")
        assert xorg.root_rect(other) == (0, 0, 960, 1080)
        assert xorg.is_viewable(bars[960])
        xorg.set_state(other, False, "_NET_WM_STATE_FULLSCREEN")
        wait_for(lambda: xorg.is_viewable(bars[0]), what="left bar back")
    finally:
        stderr = h.close()
    assert_clean(stderr)
