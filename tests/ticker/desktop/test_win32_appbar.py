"""The Windows AppBar driver against a fake shell that behaves like Explorer's AppBar
manager (taskbar, other AppBars, restarts). Only the ctypes calls themselves
(``Win32Shell``) need Windows; the message sequence, the physical rects on the bar's own
monitor, ABN_POSCHANGED, ABN_FULLSCREENAPP, TaskbarCreated and ABM_REMOVE run here."""

from __future__ import annotations

import ctypes

import pytest
from PySide6.QtCore import QRect

from ticker.desktop import win32
from ticker.desktop.geometry import ABE_BOTTOM, ABE_TOP, WinRect

TASKBAR_CREATED = 0xC123


class FakeShell:
    """Explorer's AppBar bookkeeping, simplified: QUERYPOS/SETPOS move the bar's edge side
    off the taskbar and off AppBars registered earlier on the same edge."""

    def __init__(self, monitors, taskbars=(), running=True):
        self.monitors = list(monitors)
        self.taskbars = list(taskbars)  # (edge, WinRect)
        self.running = running
        self.appbars: dict[int, tuple[int, WinRect | None]] = {}
        self.log: list[tuple] = []

    def _obstacles(self, hwnd, edge):
        own = list(self.appbars).index(hwnd) if hwnd in self.appbars else len(self.appbars)
        earlier = [v for k, v in list(self.appbars.items())[:own] if v[1] is not None]
        return [r for e, r in self.taskbars + earlier if e == edge]

    def _adjust(self, hwnd, edge, rect):
        left, top, right, bottom = rect
        for ob in self._obstacles(hwnd, edge):
            if ob.left < right and left < ob.right:
                if edge == ABE_BOTTOM:
                    bottom = min(bottom, ob.top)
                else:
                    top = max(top, ob.bottom)
        return WinRect(left, top, right, bottom)

    def message(self, msg, hwnd, edge=0, rect=None, lparam=0):
        self.log.append((msg, hwnd, edge, rect))
        rect = rect or WinRect(0, 0, 0, 0)
        if not self.running:
            return 0, rect
        if msg == win32.ABM_NEW:
            if hwnd in self.appbars:
                return 0, rect
            self.appbars[hwnd] = (0, None)
            return 1, rect
        if msg == win32.ABM_REMOVE:
            return int(self.appbars.pop(hwnd, None) is not None), rect
        if msg in (win32.ABM_QUERYPOS, win32.ABM_SETPOS):
            if hwnd not in self.appbars:
                return 0, rect
            adjusted = self._adjust(hwnd, edge, rect)
            if msg == win32.ABM_SETPOS:
                self.appbars[hwnd] = (edge, adjusted)
            return 1, adjusted
        return 1, rect

    def monitor_at(self, x, y):
        for m in self.monitors:
            if m.left <= x < m.right and m.top <= y < m.bottom:
                return m
        return None

    def taskbar_created_message(self):
        return TASKBAR_CREATED

    def restart_explorer(self):
        self.running = True
        self.appbars.clear()

    def calls(self, hwnd):
        return [m for m, h, _e, _r in self.log if h == hwnd]


class Signal:
    def __init__(self):
        self.slots = []

    def connect(self, slot):
        self.slots.append(slot)


class FakeWidget:
    def __init__(self, wid, height=32, visible=True):
        self.wid, self.h, self.visible = wid, height, visible
        self.geometry = None
        self.destroyed = Signal()

    def winId(self):
        return self.wid

    def preferred_height(self):
        return self.h

    def setGeometry(self, rect: QRect):
        self.geometry = rect.getRect()

    def isVisible(self):
        return self.visible


class FakeScreen:
    def __init__(self, x, y, w, h, scale):
        self.rect, self.scale = QRect(x, y, w, h), scale

    def geometry(self):
        return self.rect

    def devicePixelRatio(self):
        return self.scale


# 1920x1080 at 100 % on the left; 2560x1440 at 125 % on the right (Qt: 2048x1152 logical)
LEFT = WinRect(0, 0, 1920, 1080)
RIGHT = WinRect(1920, 0, 4480, 1440)
RIGHT_QT = FakeScreen(1920, 0, 2048, 1152, 1.25)
TASKBAR_RIGHT = (ABE_BOTTOM, WinRect(1920, 1392, 4480, 1440))  # 48 px


@pytest.fixture
def registry(qapp):
    registries = []

    def make(shell):
        r = win32.AppBarRegistry(qapp, shell)
        registries.append(r)
        return r

    yield make
    for r in registries:
        r.close()


def test_first_apply_registers_and_reserves_on_its_own_monitor_in_physical_pixels(registry):
    shell = FakeShell([LEFT, RIGHT], [TASKBAR_RIGHT])
    widget = FakeWidget(0x1001, height=32)
    bar = registry(shell).dock(widget, RIGHT_QT, "bottom")
    bar.apply()
    assert shell.calls(0x1001) == [win32.ABM_NEW, win32.ABM_QUERYPOS, win32.ABM_SETPOS,
                                   win32.ABM_WINDOWPOSCHANGED]
    _msg, _h, edge, proposal = shell.log[1]
    assert edge == ABE_BOTTOM
    assert proposal == WinRect(1920, 1440 - 40, 4480, 1440)  # whole monitor edge, 32 × 1.25
    # granted: above the taskbar, full width of the right monitor, 40 physical px
    assert bar.strut == WinRect(1920, 1392 - 40, 4480, 1392)
    assert shell.appbars[0x1001] == (ABE_BOTTOM, bar.strut)
    # the widget gets the same rect in Qt's logical pixels (native origin kept)
    assert widget.geometry == (1920, round(1352 / 1.25), 2048,
                               round(1392 / 1.25) - round(1352 / 1.25))


def test_poschanged_reapplies_without_creeping_or_registering_twice(registry):
    shell = FakeShell([LEFT, RIGHT], [TASKBAR_RIGHT])
    reg = registry(shell)
    bar = reg.dock(FakeWidget(0x1001), RIGHT_QT, "bottom")
    bar.apply()
    first = bar.strut
    for _ in range(3):
        assert reg.dispatch(win32.APPBAR_CALLBACK, 0x1001, win32.ABN_POSCHANGED, 0) is True
    assert bar.strut == first
    assert shell.calls(0x1001).count(win32.ABM_NEW) == 1
    assert shell.calls(0x1001).count(win32.ABM_SETPOS) == 4


def test_another_appbar_already_at_the_bottom_stacks_us_above_it(registry):
    shell = FakeShell([LEFT], [(ABE_BOTTOM, WinRect(0, 1040, 1920, 1080))])
    shell.appbars[0x9999] = (ABE_BOTTOM, WinRect(0, 1000, 1920, 1040))  # someone else's bar
    bar = registry(shell).dock(FakeWidget(0x1001, height=30), FakeScreen(0, 0, 1920, 1080, 1.0))
    bar.apply()
    assert bar.strut == WinRect(0, 970, 1920, 1000)


def test_top_edge(registry):
    shell = FakeShell([LEFT], [(ABE_TOP, WinRect(0, 0, 1920, 40))])
    widget = FakeWidget(0x1001, height=24)
    bar = registry(shell).dock(widget, FakeScreen(0, 0, 1920, 1080, 1.0), "top")
    bar.apply()
    assert shell.log[1][2] == ABE_TOP
    assert bar.strut == WinRect(0, 40, 1920, 64)
    assert widget.geometry == (0, 40, 1920, 24)


def test_windows_monitor_rect_beats_qt_rounding(registry):
    # 1366x768 at 175 %: Qt reports round(1366 / 1.75) = 781 logical px, × 1.75 = 1367
    qt_screen = FakeScreen(0, 0, 781, 439, 1.75)
    with_native = FakeShell([WinRect(0, 0, 1366, 768)])
    bar = registry(with_native).dock(FakeWidget(0x1001, height=20), qt_screen)
    bar.apply()
    assert bar.strut == WinRect(0, 768 - 35, 1366, 768)
    # the fallback (no answer from MonitorFromPoint) is Qt's estimate, one pixel too wide
    without = FakeShell([])
    fallback = registry(without).dock(FakeWidget(0x1002, height=20), qt_screen)
    fallback.apply()
    assert fallback.strut.right == 1367


def test_monitor_physical_ignores_a_native_rect_of_another_monitor():
    assert win32.monitor_physical(win32.Rect(1920, 0, 2048, 1152), 1.25, LEFT) == RIGHT
    assert win32.monitor_physical(win32.Rect(1920, 0, 2048, 1152), 1.25, RIGHT) == RIGHT


def test_fullscreen_notifications_reach_only_their_bar(registry):
    shell = FakeShell([LEFT, RIGHT])
    reg = registry(shell)
    seen = []
    a = reg.dock(FakeWidget(0x1001), FakeScreen(0, 0, 1920, 1080, 1.0),
                 on_fullscreen=lambda fs: seen.append(("left", fs)))
    b = reg.dock(FakeWidget(0x1002), RIGHT_QT, on_fullscreen=lambda fs: seen.append(("right", fs)))
    a.apply()
    b.apply()
    assert reg.dispatch(win32.APPBAR_CALLBACK, 0x1002, win32.ABN_FULLSCREENAPP, 1)
    assert reg.dispatch(win32.APPBAR_CALLBACK, 0x1002, win32.ABN_FULLSCREENAPP, 0)
    assert seen == [("right", True), ("right", False)]
    assert reg.dispatch(0x000F, 0x1002, 0, 0) is False  # WM_PAINT: not ours
    assert seen == [("right", True), ("right", False)]


def test_explorer_restart_registers_again(registry):
    shell = FakeShell([LEFT], [(ABE_BOTTOM, WinRect(0, 1040, 1920, 1080))])
    reg = registry(shell)
    bar = reg.dock(FakeWidget(0x1001, height=30), FakeScreen(0, 0, 1920, 1080, 1.0))
    bar.apply()
    shell.restart_explorer()  # Explorer forgot us
    assert 0x1001 not in shell.appbars
    assert reg.dispatch(TASKBAR_CREATED, 0, 0, 0) is False  # broadcast: not consumed
    assert shell.appbars[0x1001] == (ABE_BOTTOM, WinRect(0, 1010, 1920, 1040))
    assert shell.calls(0x1001).count(win32.ABM_NEW) == 2


def test_bar_started_before_explorer_registers_when_the_taskbar_appears(registry):
    shell = FakeShell([LEFT], running=False)
    reg = registry(shell)
    widget = FakeWidget(0x1001, height=30)
    bar = reg.dock(widget, FakeScreen(0, 0, 1920, 1080, 1.0))
    bar.apply()
    assert not bar.registered
    assert widget.geometry == (0, 1050, 1920, 30)  # still placed at the edge
    shell.restart_explorer()
    reg.dispatch(TASKBAR_CREATED, 0, 0, 0)
    assert bar.registered and 0x1001 in shell.appbars


def test_release_and_close_send_abm_remove(registry):
    shell = FakeShell([LEFT, RIGHT])
    reg = registry(shell)
    a = reg.dock(FakeWidget(0x1001), FakeScreen(0, 0, 1920, 1080, 1.0))
    b = reg.dock(FakeWidget(0x1002), RIGHT_QT)
    a.apply()
    b.apply()
    a.release()
    assert shell.calls(0x1001)[-1] == win32.ABM_REMOVE and 0x1001 not in shell.appbars
    a.release()  # twice is harmless: nothing more sent
    assert shell.calls(0x1001).count(win32.ABM_REMOVE) == 1
    reg.close()
    assert shell.appbars == {}
    assert shell.calls(0x1002)[-1] == win32.ABM_REMOVE


def test_native_event_filter_ignores_other_platforms_events(registry, qapp):
    reg = registry(FakeShell([LEFT]))
    assert reg.nativeEventFilter(b"xcb_generic_event_t", 0) == (False, 0)


@pytest.mark.skipif(ctypes.sizeof(ctypes.c_void_p) != 8, reason="64-bit layout")
def test_appbardata_has_the_64_bit_windows_layout():
    # shellapi.h: DWORD cbSize; HWND hWnd; UINT uCallbackMessage; UINT uEdge; RECT rc;
    # LPARAM lParam — natural alignment puts 4 bytes of padding after cbSize
    fields = {name: getattr(win32.APPBARDATA, name) for name, _ in win32.APPBARDATA._fields_}
    assert ctypes.sizeof(win32.APPBARDATA) == 48
    assert {n: (f.offset, f.size) for n, f in fields.items()} == {
        "cbSize": (0, 4), "hWnd": (8, 8), "uCallbackMessage": (16, 4), "uEdge": (20, 4),
        "rc": (24, 16), "lParam": (40, 8)}
    assert ctypes.sizeof(win32.MONITORINFO) == 40
    data = win32.make_appbardata(0x1234, ABE_BOTTOM, WinRect(1, 2, 3, 4), -1)
    assert data.cbSize == 48 and data.hWnd == 0x1234
    assert data.uCallbackMessage == win32.APPBAR_CALLBACK and data.uEdge == ABE_BOTTOM
    assert (data.rc.left, data.rc.top, data.rc.right, data.rc.bottom) == (1, 2, 3, 4)
    assert data.lParam == -1  # LPARAM is signed


def test_message_numbers_match_shellapi():
    assert (win32.ABM_NEW, win32.ABM_REMOVE, win32.ABM_QUERYPOS, win32.ABM_SETPOS,
            win32.ABM_ACTIVATE, win32.ABM_WINDOWPOSCHANGED) == (0, 1, 2, 3, 6, 9)
    assert (win32.ABN_STATECHANGE, win32.ABN_POSCHANGED, win32.ABN_FULLSCREENAPP,
            win32.ABN_WINDOWARRANGE) == (0, 1, 2, 3)
    assert (ABE_TOP, ABE_BOTTOM) == (1, 3)
    assert win32.WM_USER < win32.APPBAR_CALLBACK < 0x8000  # WM_USER range: private
