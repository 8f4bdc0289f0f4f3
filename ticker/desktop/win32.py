"""Windows backend: the bar as a shell AppBar (SHAppBarMessage through ctypes).

* ``AppBarRegistry(app, shell=None)`` — one per process. Installs a native event filter
  that routes the AppBar callback message and Explorer's ``TaskbarCreated`` broadcast to
  the bars. ``dock(widget, screen, position, height, on_fullscreen)`` returns a
  :class:`Win32AppBar`.
* ``Win32AppBar.apply()`` — ABM_NEW (once, with our callback message), then ABM_QUERYPOS
  and ABM_SETPOS with a rect on the bar's own monitor in *physical* pixels, then places
  the widget at the granted rect. ``release()`` — ABM_REMOVE.
* Notifications: ABN_POSCHANGED → re-apply; ABN_FULLSCREENAPP → ``on_fullscreen(bool)``
  (the FullscreenWatcher hides/shows the bar); TaskbarCreated (Explorer restarted) →
  register again and re-apply.

The monitor rect comes from Windows itself (``MonitorFromPoint`` + ``GetMonitorInfoW``
→ ``rcMonitor``, physical because Qt 6 makes the process per-monitor DPI aware); Qt's
logical geometry × devicePixelRatio is only the fallback, since Qt rounds logical sizes
(a 1366 px monitor at 175 % comes back as 1367 px). The proposal is the whole monitor
edge, never ``rcWork``: once we are registered the work area already excludes our own
bar, so proposing it would push the bar up on every re-apply. ABM_QUERYPOS moves the
proposal off the taskbar and other AppBars, which puts the bar inside the work area.

Everything except :class:`Win32Shell` (the ctypes calls) is platform-neutral and
unit-tested on Linux against a fake shell; ``APPBARDATA`` uses fixed-size ctypes types
equal to the Windows ones (DWORD/UINT = 32 bit, HWND = pointer, LPARAM = pointer-sized
signed, RECT = 4 × LONG) so its 64-bit layout is tested here too.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QAbstractNativeEventFilter, QRect

from ticker.desktop.geometry import (
    Rect,
    WinRect,
    appbar_after_query,
    appbar_edge,
    appbar_proposal,
    appbar_rect_for_screen,
    logical_to_physical,
    physical_to_logical,
)

log = logging.getLogger(__name__)

# shellapi.h
ABM_NEW, ABM_REMOVE, ABM_QUERYPOS, ABM_SETPOS = 0x0, 0x1, 0x2, 0x3
ABM_ACTIVATE, ABM_WINDOWPOSCHANGED = 0x6, 0x9
ABN_STATECHANGE, ABN_POSCHANGED, ABN_FULLSCREENAPP, ABN_WINDOWARRANGE = 0x0, 0x1, 0x2, 0x3
WM_USER = 0x0400
APPBAR_CALLBACK = WM_USER + 0x2A1  # our private callback message number
MONITOR_DEFAULTTONEAREST = 0x2


class RECT(ctypes.Structure):
    _fields_ = [("left", ctypes.c_int32), ("top", ctypes.c_int32),
                ("right", ctypes.c_int32), ("bottom", ctypes.c_int32)]


class APPBARDATA(ctypes.Structure):
    """shellapi.h APPBARDATA; natural alignment (48 bytes on 64-bit, 36 on 32-bit)."""

    _fields_ = [("cbSize", ctypes.c_uint32), ("hWnd", ctypes.c_void_p),
                ("uCallbackMessage", ctypes.c_uint32), ("uEdge", ctypes.c_uint32),
                ("rc", RECT), ("lParam", ctypes.c_ssize_t)]


class MONITORINFO(ctypes.Structure):
    _fields_ = [("cbSize", ctypes.c_uint32), ("rcMonitor", RECT), ("rcWork", RECT),
                ("dwFlags", ctypes.c_uint32)]


def make_appbardata(hwnd: int, edge: int = 0, rect: WinRect | None = None,
                    lparam: int = 0) -> APPBARDATA:
    data = APPBARDATA()
    data.cbSize = ctypes.sizeof(APPBARDATA)
    data.hWnd = hwnd or None
    data.uCallbackMessage = APPBAR_CALLBACK
    data.uEdge = edge
    if rect is not None:
        data.rc.left, data.rc.top, data.rc.right, data.rc.bottom = rect
    data.lParam = lparam
    return data


def decode_notification(wparam: int, lparam: int) -> tuple[str, bool | None]:
    """Meaning of an AppBar callback message: ("poschanged"|"fullscreen"|"state"|"arrange"|
    "unknown", flag). For "fullscreen" the flag says whether a full-screen app opened."""
    if wparam == ABN_POSCHANGED:
        return "poschanged", None
    if wparam == ABN_FULLSCREENAPP:
        return "fullscreen", bool(lparam)
    if wparam == ABN_STATECHANGE:
        return "state", None
    if wparam == ABN_WINDOWARRANGE:
        return "arrange", bool(lparam)
    return "unknown", None


def route_message(message: int, callback_message: int, taskbar_created: int) -> str:
    """Which handler a window message goes to: "appbar", "taskbar_created" or "ignore"."""
    if message == callback_message:
        return "appbar"
    if taskbar_created and message == taskbar_created:
        return "taskbar_created"
    return "ignore"


def plan_rect(screen_logical: Rect, scale: float, position: str, height_logical: int) -> WinRect:
    """The physical rect proposed to ABM_QUERYPOS from Qt's numbers alone (the fallback)."""
    return appbar_rect_for_screen(screen_logical, scale, position, height_logical)


def monitor_physical(screen_logical: Rect, scale: float, native: WinRect | None) -> WinRect:
    """The bar's monitor in physical pixels: Windows' own ``rcMonitor`` when it is the
    monitor Qt means (it holds the centre of Qt's estimate), else Qt's estimate."""
    est = logical_to_physical(screen_logical, (screen_logical.x, screen_logical.y), scale)
    if native is not None:
        cx, cy = est.x + est.width // 2, est.y + est.height // 2
        if native.left <= cx < native.right and native.top <= cy < native.bottom:
            return native
    return WinRect(est.x, est.y, est.right, est.bottom)


class AppBarShell(Protocol):
    def message(self, msg: int, hwnd: int, edge: int = 0, rect: WinRect | None = None,
                lparam: int = 0) -> tuple[int, WinRect]: ...

    def monitor_at(self, x: int, y: int) -> WinRect | None: ...

    def taskbar_created_message(self) -> int: ...


class Win32AppBar:
    """One bar widget registered as an AppBar on one monitor."""

    def __init__(self, shell: AppBarShell, widget, screen, position: str = "bottom",
                 height: int | None = None,
                 on_fullscreen: Callable[[bool], None] | None = None) -> None:
        self._shell = shell
        self.widget, self.screen, self.position = widget, screen, position
        self._height = height
        self._on_fullscreen = on_fullscreen
        self._hwnd: int | None = None
        self.strut: WinRect | None = None  # the granted physical rect, for logs and tests
        self.registered = False

    @property
    def hwnd(self) -> int | None:
        return self._hwnd

    def height(self) -> int:
        preferred = getattr(self.widget, "preferred_height", None)
        if callable(preferred):  # follows the font size
            return max(1, int(preferred()))
        return self._height or max(1, self.widget.sizeHint().height())

    def apply(self) -> None:
        self._hwnd = int(self.widget.winId())
        if not self.registered:
            ok, _ = self._shell.message(ABM_NEW, self._hwnd)
            self.registered = bool(ok)
            if not ok:
                log.warning("ABM_NEW failed; the bar will not reserve the edge")
        g = self.screen.geometry()
        screen = Rect(g.x(), g.y(), g.width(), g.height())
        scale = float(self.screen.devicePixelRatio())
        estimate = logical_to_physical(screen, (screen.x, screen.y), scale)
        native = self._shell.monitor_at(estimate.x + estimate.width // 2,
                                        estimate.y + estimate.height // 2)
        monitor = monitor_physical(screen, scale, native)
        height_px = max(1, round(self.height() * scale))
        edge = appbar_edge(self.position)
        granted = appbar_proposal(monitor, self.position, height_px)
        if self.registered:
            _, queried = self._shell.message(ABM_QUERYPOS, self._hwnd, edge, granted)
            granted = appbar_after_query(queried, self.position, height_px)
            _, granted = self._shell.message(ABM_SETPOS, self._hwnd, edge, granted)
        self.strut = granted
        # Qt keeps the monitor's native origin and scales sizes from there
        origin = (monitor.left, monitor.top)
        r = physical_to_logical(granted, origin, scale)
        self.widget.setGeometry(QRect(r.x, r.y, r.width, r.height))
        if self.registered:
            self._shell.message(ABM_WINDOWPOSCHANGED, self._hwnd)

    def release(self) -> None:
        if self.registered and self._hwnd is not None:
            self._shell.message(ABM_REMOVE, self._hwnd)
        self.registered = False
        self.strut = None

    def notify(self, wparam: int, lparam: int) -> None:
        kind, flag = decode_notification(wparam, lparam)
        if kind == "poschanged" and self.widget.isVisible():
            self.apply()
        elif kind == "fullscreen" and self._on_fullscreen is not None:
            self._on_fullscreen(bool(flag))

    def taskbar_recreated(self) -> None:
        """Explorer (re)started and forgot every AppBar: register again."""
        # also the retry when ABM_NEW failed because the bar started before Explorer
        self.registered = False
        if self.widget.isVisible():
            self.apply()


class AppBarRegistry(QAbstractNativeEventFilter):
    """Routes native window messages to the AppBars of this process."""

    def __init__(self, app, shell: AppBarShell | None = None) -> None:
        super().__init__()
        self._shell = shell if shell is not None else Win32Shell()
        self._bars: list[Win32AppBar] = []
        self._taskbar_created = self._shell.taskbar_created_message()
        self._app = app
        app.installNativeEventFilter(self)

    def dock(self, widget, screen, position="bottom", height=None, on_fullscreen=None):
        bar = Win32AppBar(self._shell, widget, screen, position, height, on_fullscreen)
        self._bars.append(bar)
        widget.destroyed.connect(lambda *_a, b=bar: self._forget(b))
        return bar

    def _forget(self, bar) -> None:
        if bar in self._bars:
            self._bars.remove(bar)

    def dispatch(self, message: int, hwnd: int, wparam: int, lparam: int) -> bool:
        """Handle one window message; True when it was our AppBar callback (consumed)."""
        kind = route_message(message, APPBAR_CALLBACK, self._taskbar_created)
        if kind == "ignore":
            return False
        for bar in list(self._bars):
            if kind == "taskbar_created":
                bar.taskbar_recreated()
            elif bar.hwnd == hwnd:
                bar.notify(wparam, lparam)
        return kind == "appbar"

    def nativeEventFilter(self, event_type, message):
        if bytes(event_type) != b"windows_generic_MSG" or sys.platform != "win32":
            return False, 0
        from ctypes import wintypes
        msg = wintypes.MSG.from_address(int(message))
        handled = self.dispatch(int(msg.message), int(msg.hWnd or 0),
                                int(msg.wParam or 0), int(msg.lParam or 0))
        return handled, 0

    def close(self) -> None:
        for bar in list(self._bars):
            bar.release()
        self._app.removeNativeEventFilter(self)


class Win32Shell:  # pragma: no cover - exercised on Windows only
    """The real calls: SHAppBarMessage, MonitorFromPoint/GetMonitorInfoW,
    RegisterWindowMessageW."""

    def __init__(self) -> None:
        from ctypes import wintypes as wt

        self._shell32 = ctypes.WinDLL("shell32", use_last_error=True)
        self._user32 = ctypes.WinDLL("user32", use_last_error=True)
        # UINT_PTR SHAppBarMessage(DWORD dwMessage, PAPPBARDATA pData)
        self._shell32.SHAppBarMessage.argtypes = [wt.DWORD, ctypes.POINTER(APPBARDATA)]
        self._shell32.SHAppBarMessage.restype = ctypes.c_size_t
        # HMONITOR MonitorFromPoint(POINT pt, DWORD dwFlags)
        self._user32.MonitorFromPoint.argtypes = [wt.POINT, wt.DWORD]
        self._user32.MonitorFromPoint.restype = wt.HMONITOR
        # BOOL GetMonitorInfoW(HMONITOR hMonitor, LPMONITORINFO lpmi)
        self._user32.GetMonitorInfoW.argtypes = [wt.HMONITOR, ctypes.POINTER(MONITORINFO)]
        self._user32.GetMonitorInfoW.restype = wt.BOOL
        # UINT RegisterWindowMessageW(LPCWSTR lpString)
        self._user32.RegisterWindowMessageW.argtypes = [wt.LPCWSTR]
        self._user32.RegisterWindowMessageW.restype = wt.UINT
        self._point = wt.POINT

    def message(self, msg: int, hwnd: int, edge: int = 0, rect: WinRect | None = None,
                lparam: int = 0) -> tuple[int, WinRect]:
        data = make_appbardata(hwnd, edge, rect, lparam)
        result = self._shell32.SHAppBarMessage(msg, ctypes.byref(data))
        return int(result), WinRect(data.rc.left, data.rc.top, data.rc.right, data.rc.bottom)

    def monitor_at(self, x: int, y: int) -> WinRect | None:
        handle = self._user32.MonitorFromPoint(self._point(x, y), MONITOR_DEFAULTTONEAREST)
        if not handle:
            return None
        info = MONITORINFO()
        info.cbSize = ctypes.sizeof(MONITORINFO)
        if not self._user32.GetMonitorInfoW(handle, ctypes.byref(info)):
            return None
        m = info.rcMonitor
        return WinRect(m.left, m.top, m.right, m.bottom)

    def taskbar_created_message(self) -> int:
        return int(self._user32.RegisterWindowMessageW("TaskbarCreated"))
