"""Real X11 under a private Xvfb + openbox: dock type, struts, maximised windows, screens,
full-screen windows. The bar runs in a subprocess (a QApplication binds one display)."""

from __future__ import annotations

import shutil
import time

import pytest

from tests.ticker.desktop.xsession import DockHelper, XSession, assert_clean, wait_for

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("openbox")), reason="needs Xvfb and openbox")

BAR = 40


@pytest.fixture
def session():
    s = XSession()
    yield s
    s.close()


@pytest.fixture
def helper_factory(session):
    helpers = []

    def start(*args):
        h = DockHelper(session, *args)
        helpers.append(h)
        return h

    yield start
    for h in helpers:
        stderr = h.close()
        assert_clean(stderr)


def only_bar(state):
    assert len(state["bars"]) == 1, state
    return state["bars"][0]


def test_window_is_dock_with_strut_at_the_bottom(session, helper_factory):
    h = helper_factory("primary", "bottom")
    assert h.first["backend"] == "x11"
    bar = only_bar(h.first)
    wid = bar["wid"]
    assert session.prop(wid, "_NET_WM_WINDOW_TYPE")[0] == session.atom("_NET_WM_WINDOW_TYPE_DOCK")
    assert session.prop(wid, "_NET_WM_STRUT_PARTIAL") == [0, 0, 0, BAR, 0, 0, 0, 0, 0, 0, 0, 1919]
    assert session.prop(wid, "_NET_WM_STRUT") == [0, 0, 0, BAR]
    # where the window really is, as the X server sees it
    wait_for(lambda: session.root_rect(wid) == (0, 1080 - BAR, 1920, BAR), what="bar at the bottom")
    # openbox honours it: the work area excludes the bar
    root = session.dpy.screen().root.id
    wait_for(lambda: (session.prop(root, "_NET_WORKAREA") or [])[:4] == [0, 0, 1920, 1080 - BAR],
             what="work area above the bar")


def test_top_position_and_switching_position(session, helper_factory):
    h = helper_factory("primary", "top")
    wid = only_bar(h.first)["wid"]
    assert session.prop(wid, "_NET_WM_STRUT_PARTIAL") == [0, 0, BAR, 0, 0, 0, 0, 0, 0, 1919, 0, 0]
    wait_for(lambda: session.root_rect(wid)[:2] == (0, 0), what="bar at the top")
    state = h.send("position bottom")
    assert only_bar(state)["strut"] == [0, 0, 0, BAR, 0, 0, 0, 0, 0, 0, 0, 1919]
    wait_for(lambda: session.root_rect(wid)[:2] == (0, 1080 - BAR), what="bar moved to bottom")


def test_maximised_window_stops_above_the_bar(session, helper_factory):
    h = helper_factory("primary", "bottom")
    bar_top = only_bar(h.first)["rect"][1]
    # openbox reads the strut asynchronously: a window maximised before that is re-fitted
    # when the work area changes, so wait for the work area as a desktop session would
    root = session.dpy.screen().root.id
    wait_for(lambda: (session.prop(root, "_NET_WORKAREA") or [0] * 4)[3] == bar_top,
             what="the work area to end at the bar")
    other = session.make_window("maximise me")
    session.set_state(other, True, "_NET_WM_STATE_MAXIMIZED_VERT", "_NET_WM_STATE_MAXIMIZED_HORZ")

    def maximised_bottom():
        x, y, w, hgt = session.root_rect(other)
        extents = session.prop(other, "_NET_FRAME_EXTENTS") or [0, 0, 0, 0]
        return (y + hgt + extents[3]) if w >= 1800 else None

    def settled():  # ends at or above the bar, and uses the space down to it
        bottom = maximised_bottom()
        return bottom is not None and bar_top - 2 <= bottom <= bar_top

    wait_for(settled, what=f"the maximised window to end at the bar's top ({bar_top})")
    time.sleep(0.3)  # and it stays there: no late re-fit over the bar
    assert settled(), (maximised_bottom(), bar_top)


def test_release_gives_the_edge_back(session, helper_factory):
    h = helper_factory("primary", "bottom")
    wid = only_bar(h.first)["wid"]
    root = session.dpy.screen().root.id
    wait_for(lambda: (session.prop(root, "_NET_WORKAREA") or [0] * 4)[3] == 1080 - BAR, what="reserved")
    h.send("release")
    assert session.prop(wid, "_NET_WM_STRUT_PARTIAL") is None
    assert session.prop(wid, "_NET_WM_STRUT") is None
    wait_for(lambda: (session.prop(root, "_NET_WORKAREA") or [0] * 4)[3] == 1080, what="work area restored")


def test_exit_restores_the_work_area(session, helper_factory):
    h = helper_factory("primary", "bottom")
    root = session.dpy.screen().root.id
    wait_for(lambda: (session.prop(root, "_NET_WORKAREA") or [0] * 4)[3] == 1080 - BAR, what="reserved")
    h.close()
    assert h.proc.returncode == 0
    wait_for(lambda: (session.prop(root, "_NET_WORKAREA") or [0] * 4)[3] == 1080, what="work area restored")


def test_fullscreen_window_hides_the_bar_and_it_comes_back(session, helper_factory):
    h = helper_factory("primary", "bottom")
    wid = only_bar(h.first)["wid"]
    wait_for(lambda: session.is_viewable(wid), what="bar mapped")
    other = session.make_window("presentation")
    session.activate(other)
    session.set_state(other, True, "_NET_WM_STATE_FULLSCREEN")
    wait_for(lambda: not session.is_viewable(wid), what="bar to hide for full screen")
    assert only_bar(h.state())["fullscreen"] is True
    session.set_state(other, False, "_NET_WM_STATE_FULLSCREEN")
    wait_for(lambda: session.is_viewable(wid), what="bar to come back")
    bar = only_bar(h.state())
    assert bar["fullscreen"] is False and bar["visible"] is True
    # and it is still a reserving dock at the right place
    assert session.prop(wid, "_NET_WM_STRUT_PARTIAL")[3] == BAR
    wait_for(lambda: session.root_rect(wid)[1] == 1080 - BAR, what="bar back at the bottom")


def test_closing_the_fullscreen_window_brings_the_bar_back(session, helper_factory):
    h = helper_factory("primary", "bottom")
    wid = only_bar(h.first)["wid"]
    other = session.make_window("video call")
    session.activate(other)
    session.set_state(other, True, "_NET_WM_STATE_FULLSCREEN")
    wait_for(lambda: not session.is_viewable(wid), what="bar to hide")
    session.destroy_window(other)
    wait_for(lambda: session.is_viewable(wid), what="bar to come back")


def test_maximised_window_is_not_full_screen(session, helper_factory):
    h = helper_factory("primary", "bottom")
    wid = only_bar(h.first)["wid"]
    other = session.make_window("editor")
    session.activate(other)
    session.set_state(other, True, "_NET_WM_STATE_MAXIMIZED_VERT", "_NET_WM_STATE_MAXIMIZED_HORZ")
    wait_for(lambda: session.root_rect(other)[2] >= 1800, what="maximised")
    wait_for(lambda: session.is_viewable(wid), what="bar mapped")
    assert only_bar(h.state())["fullscreen"] is False


def test_suppress_hides_and_releases(session, helper_factory):
    h = helper_factory("primary", "bottom")
    wid = only_bar(h.first)["wid"]
    h.send("suppress 1")
    wait_for(lambda: not session.is_viewable(wid), what="hidden")
    assert session.prop(wid, "_NET_WM_STRUT_PARTIAL") is None
    h.send("suppress 0")
    wait_for(lambda: session.is_viewable(wid), what="shown")
    assert session.prop(wid, "_NET_WM_STRUT_PARTIAL")[3] == BAR


@pytest.fixture
def two_screens():
    # Xvfb cannot add monitors at run time (its RandR has one fixed output and no
    # --setmonitor support); two X screens give Qt two QScreens.
    s = XSession(screens=("1920x1080x24", "1280x1024x24"))
    yield s
    s.close()


def test_all_puts_a_reserving_bar_on_each_screen(two_screens, helper_factory):
    s = two_screens
    h = DockHelper(s, "all", "bottom")
    try:
        bars = {b["screen"]: b for b in h.first["bars"]}
        assert sorted(bars) == [0, 1]
        assert bars[0]["rect"] == [0, 1040, 1920, 40]
        assert bars[1]["rect"] == [0, 984, 1280, 40]
        # each strut is measured against its own X screen's root window
        assert s.prop(bars[0]["wid"], "_NET_WM_STRUT_PARTIAL") == [0, 0, 0, 40] + [0] * 7 + [1919]
        assert s.prop(bars[1]["wid"], "_NET_WM_STRUT_PARTIAL") == [0, 0, 0, 40] + [0] * 7 + [1279]
        assert s.window(bars[1]["wid"]).get_geometry().root == s.dpy.screen(1).root
    finally:
        stderr = h.close()
    assert_clean(stderr)


def test_screen_setting_moves_the_bar_without_restart(two_screens):
    s = two_screens
    h = DockHelper(s, "0", "bottom")
    try:
        assert [b["screen"] for b in h.first["bars"]] == [0]
        old = h.first["bars"][0]["wid"]
        h.send("setting 1")
        state = wait_for(lambda: (st := h.state())["bars"][0]["screen"] == 1 and st,
                         what="bar on the second screen")
        new = state["bars"][0]
        assert new["rect"] == [0, 984, 1280, 40]
        assert s.window(new["wid"]).get_geometry().root == s.dpy.screen(1).root
        wait_for(lambda: not _exists(s, old), what="old bar destroyed")
        # an index that does not exist (unplugged monitor) falls back to the primary
        h.send("setting 5")
        wait_for(lambda: h.state()["bars"][0]["screen"] == 0, what="fallback to primary")
    finally:
        stderr = h.close()
    assert_clean(stderr)


def _exists(session, wid):
    from Xlib import error
    try:
        session.window(wid).get_attributes()
        return True
    except error.BadWindow:
        return False


@pytest.mark.parametrize("scale, physical_height", [("2", 80), ("1.5", 60)])
def test_scaled_qt_reserves_in_physical_pixels(session, helper_factory, scale, physical_height):
    # Qt works in logical pixels (1920x1080 at 2x is 960x540); the strut and the X
    # window are physical
    session.env["QT_SCALE_FACTOR"] = scale
    h = helper_factory("primary", "bottom")
    bar = only_bar(h.first)
    assert bar["rect"][3] == BAR  # logical
    wid = bar["wid"]
    assert session.prop(wid, "_NET_WM_STRUT_PARTIAL") == \
        [0, 0, 0, physical_height] + [0] * 7 + [1919]
    wait_for(lambda: session.root_rect(wid) == (0, 1080 - physical_height, 1920, physical_height),
             what="physical bar rect")
