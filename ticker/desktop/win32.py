"""Windows backend: the bar as a shell AppBar (SHAppBarMessage through ctypes).

* ``AppBarRegistry(app)`` — one per process. Installs a native event filter that routes
  the AppBar callback message and Explorer's ``TaskbarCreated`` broadcast to the bars.
  ``dock(widget, screen, position, height, on_fullscreen)`` returns a :class:`Win32AppBar`.
* ``Win32AppBar.apply()`` — ABM_NEW (once, with our callback message), then ABM_QUERYPOS
  and ABM_SETPOS with a rect on the bar's own monitor in *physical* pixels (Qt's logical
  geometry × the monitor's devicePixelRatio), then places the widget at the granted rect.
  ``release()`` — ABM_REMOVE.
* Notifications: ABN_POSCHANGED → re-apply; ABN_FULLSCREENAPP → ``on_fullscreen(bool)``
  (the FullscreenWatcher hides/shows the bar); TaskbarCreated (Explorer restarted) →
  register again and re-apply.

Import-safe everywhere: the ctypes/Win32 parts exist only when ``sys.platform == "win32"``;
the message decoding and rect maths are pure and unit-tested on Linux. The Win32 code
itself cannot run on the Linux CI and is untested (see docs/deploy.md).
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable

from ticker.desktop.geometry import (
    Rect,
    WinRect,
    appbar_after_query,
    appbar_edge,
    appbar_rect_for_screen,
    physical_to_logical,
)

log = logging.getLogger(__name__)

ABM_NEW, ABM_REMOVE, ABM_QUERYPOS, ABM_SETPOS = 0x0, 0x1, 0x2, 0x3
ABM_ACTIVATE, ABM_WINDOWPOSCHANGED = 0x6, 0x9
ABN_STATECHANGE, ABN_POSCHANGED, ABN_FULLSCREENAPP, ABN_WINDOWARRANGE = 0x0, 0x1, 0x2, 0x3
WM_USER = 0x0400
APPBAR_CALLBACK = WM_USER + 0x2A1  # our private callback message number


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
    """The physical rect proposed to ABM_QUERYPOS for a screen (pure; see geometry)."""
    return appbar_rect_for_screen(screen_logical, scale, position, height_logical)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    from ctypes import wintypes as wt

    from PySide6.QtCore import QAbstractNativeEventFilter, QRect

    class APPBARDATA(ctypes.Structure):
        _fields_ = [("cbSize", wt.DWORD), ("hWnd", wt.HWND), ("uCallbackMessage", wt.UINT),
                    ("uEdge", wt.UINT), ("rc", wt.RECT), ("lParam", wt.LPARAM)]

    _shell32 = ctypes.WinDLL("shell32", use_last_error=True)
    _user32 = ctypes.WinDLL("user32", use_last_error=True)
    _shell32.SHAppBarMessage.argtypes = [wt.DWORD, ctypes.POINTER(APPBARDATA)]
    _shell32.SHAppBarMessage.restype = ctypes.c_size_t
    _user32.RegisterWindowMessageW.argtypes = [wt.LPCWSTR]
    _user32.RegisterWindowMessageW.restype = wt.UINT

    def _message(msg: int, hwnd: int, edge: int = 0, rect: WinRect | None = None,
                 lparam: int = 0) -> tuple[int, WinRect]:
        data = APPBARDATA()
        data.cbSize = ctypes.sizeof(APPBARDATA)
        data.hWnd = hwnd
        data.uCallbackMessage = APPBAR_CALLBACK
        data.uEdge = edge
        if rect is not None:
            data.rc.left, data.rc.top, data.rc.right, data.rc.bottom = rect
        data.lParam = lparam
        result = _shell32.SHAppBarMessage(msg, ctypes.byref(data))
        return result, WinRect(data.rc.left, data.rc.top, data.rc.right, data.rc.bottom)

    class Win32AppBar:
        def __init__(self, widget, screen, position: str = "bottom", height: int | None = None,
                     on_fullscreen: Callable[[bool], None] | None = None) -> None:
            self.widget, self.screen, self.position = widget, screen, position
            self._height = height
            self._on_fullscreen = on_fullscreen
            self._hwnd: int | None = None
            self.strut = None  # the granted physical WinRect, for logs
            self.registered = False

        def height(self) -> int:
            preferred = getattr(self.widget, "preferred_height", None)
            if callable(preferred):  # follows the font size
                return max(1, int(preferred()))
            return self._height or max(1, self.widget.sizeHint().height())

        def apply(self) -> None:
            self._hwnd = int(self.widget.winId())
            if not self.registered:
                ok, _ = _message(ABM_NEW, self._hwnd)
                self.registered = bool(ok)
                if not ok:
                    log.warning("ABM_NEW failed; the bar will not reserve the edge")
            g = self.screen.geometry()
            screen = Rect(g.x(), g.y(), g.width(), g.height())
            scale = self.screen.devicePixelRatio()
            height_px = max(1, round(self.height() * scale))
            edge = appbar_edge(self.position)
            proposal = plan_rect(screen, scale, self.position, self.height())
            granted = proposal
            if self.registered:
                _, queried = _message(ABM_QUERYPOS, self._hwnd, edge, proposal)
                granted = appbar_after_query(queried, self.position, height_px)
                _, granted = _message(ABM_SETPOS, self._hwnd, edge, granted)
            self.strut = granted
            r = physical_to_logical(granted, (screen.x, screen.y), scale)
            self.widget.setGeometry(QRect(r.x, r.y, r.width, r.height))
            if self.registered:
                _message(ABM_WINDOWPOSCHANGED, self._hwnd)

        def release(self) -> None:
            if self.registered and self._hwnd is not None:
                _message(ABM_REMOVE, self._hwnd)
            self.registered = False

        def notify(self, wparam: int, lparam: int) -> None:
            kind, flag = decode_notification(wparam, lparam)
            if kind == "poschanged" and self.widget.isVisible():
                self.apply()
            elif kind == "fullscreen" and self._on_fullscreen is not None:
                self._on_fullscreen(bool(flag))

        def taskbar_recreated(self) -> None:
            self.registered = False
            if self.widget.isVisible():
                self.apply()

    class AppBarRegistry(QAbstractNativeEventFilter):
        """Routes native window messages to the AppBars of this process."""

        def __init__(self, app) -> None:
            super().__init__()
            self._bars: list[Win32AppBar] = []
            self._taskbar_created = _user32.RegisterWindowMessageW("TaskbarCreated")
            self._app = app
            app.installNativeEventFilter(self)

        def dock(self, widget, screen, position="bottom", height=None, on_fullscreen=None):
            bar = Win32AppBar(widget, screen, position, height, on_fullscreen)
            self._bars.append(bar)
            widget.destroyed.connect(lambda *_a, b=bar: self._forget(b))
            return bar

        def _forget(self, bar) -> None:
            if bar in self._bars:
                self._bars.remove(bar)

        def nativeEventFilter(self, event_type, message):
            if bytes(event_type) != b"windows_generic_MSG":
                return False, 0
            msg = wt.MSG.from_address(int(message))
            kind = route_message(msg.message, APPBAR_CALLBACK, self._taskbar_created)
            if kind == "ignore":
                return False, 0
            hwnd = int(msg.hWnd or 0)
            for bar in list(self._bars):
                if kind == "taskbar_created":
                    bar.taskbar_recreated()
                elif bar._hwnd == hwnd:
                    bar.notify(int(msg.wParam), int(msg.lParam))
            return kind == "appbar", 0

        def close(self) -> None:
            for bar in list(self._bars):
                bar.release()
            self._app.removeNativeEventFilter(self)
