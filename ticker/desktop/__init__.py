"""Desktop integration: dock the bar at a screen edge, follow screens, dodge full screen.

Facade for the composition root (``ticker/app.py``)::

    from ticker.desktop import DesktopIntegration, DockController, ScreenManager

    desktop = DesktopIntegration(app)              # picks x11 / win32 / fallback
    screens = ScreenManager(app, settings.screen)  # "primary" | "all" | index
    docks = DockController(desktop, screens, make_bar, position=settings.position)
    docks.start()
    ...
    docks.stop(); desktop.close()                  # in the composition root's shutdown()

Both also release every reservation (X11 struts, Windows AppBars) on
``QCoreApplication.aboutToQuit``, i.e. as soon as the event loop ends — whatever ended it
(tray *Quit*, SIGTERM/SIGINT, logout) — because Qt may destroy the native windows before
``shutdown()`` reaches the docks.

``DockController``: ``start()``, ``stop()``, ``refresh()`` (re-dock after a height change;
a bar with ``preferred_height()`` is asked for its height on every dock), ``set_position()``,
``set_suppressed(bool)`` (snooze/pause: hide and give the edge back), ``bars()``,
``docks()``, ``hidden_by_fullscreen()``; signals ``barsChanged()`` and
``fullscreenChanged(bool)`` (send urgent notices to the tray while True).
``ScreenManager``: ``set_setting(value)``, ``target_screens()``; signals
``screensChanged()`` (debounced) and ``screenRemoved(QScreen)``.
``FullscreenWatcher`` (``desktop.fullscreen_watcher()``): ``fullscreenChanged(QScreen, bool)``,
``is_fullscreen(screen)``.

Backends:

* ``x11``: ``_NET_WM_WINDOW_TYPE_DOCK`` + ``_NET_WM_STRUT_PARTIAL`` (:mod:`.x11`), full
  screen via ``_NET_ACTIVE_WINDOW``/``_NET_WM_STATE_FULLSCREEN``.
* ``win32``: an AppBar via ``SHAppBarMessage`` (:mod:`.win32`), full screen via
  ``ABN_FULLSCREENAPP``.
* ``fallback`` (macOS, Wayland, offscreen, or X11 without python-xlib): the widget is
  only placed at the edge; it stays on top but reserves nothing. Logged once.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from ticker.desktop.controller import DockController
from ticker.desktop.fullscreen import FullscreenWatcher
from ticker.desktop.geometry import Rect, bar_rect
from ticker.desktop.screens import ScreenManager

__all__ = ["DesktopIntegration", "DockController", "FallbackDock", "FullscreenWatcher",
           "ScreenManager", "detect_backend"]

log = logging.getLogger(__name__)


def detect_backend(platform_name: str, os_name: str = sys.platform) -> str:
    """``"x11"``, ``"win32"`` or ``"fallback"`` for a Qt platform plugin name and OS."""
    if os_name == "win32" and platform_name == "windows":
        return "win32"
    if platform_name == "xcb":
        return "x11"
    return "fallback"


class FallbackDock:
    """Places the widget at the screen edge; no reservation (macOS, Wayland, offscreen)."""

    def __init__(self, widget: QWidget, screen: QScreen, position: str = "bottom",
                 height: int | None = None) -> None:
        self.widget, self.screen, self.position, self._height = widget, screen, position, height
        self.strut = None

    def apply(self) -> None:
        g = self.screen.geometry()
        preferred = getattr(self.widget, "preferred_height", None)
        h = int(preferred()) if callable(preferred) else (
            self._height or max(1, self.widget.sizeHint().height()))
        r = bar_rect(Rect(g.x(), g.y(), g.width(), g.height()), self.position, h)
        self.widget.setGeometry(QRect(r.x, r.y, r.width, r.height))

    def release(self) -> None:
        pass


class DesktopIntegration:
    """Chooses the platform backend once and builds docks and the full-screen watcher."""

    def __init__(self, app: QGuiApplication, backend: str | None = None) -> None:
        self._app = app
        self.backend = backend or detect_backend(app.platformName())
        self._xdpy = None
        self._watcher: FullscreenWatcher | None = None
        self._appbars = None
        self._docks: list = []
        # Give the edge back as soon as the event loop ends: Qt may destroy the native
        # windows before the composition root's shutdown() gets to the docks.
        app.aboutToQuit.connect(self.release_all)
        if self.backend == "x11":
            try:
                from ticker.desktop import x11
                self._xdpy = x11.open_display()
            except Exception as exc:  # no python-xlib, or no connection: still show the bar
                log.warning("X11 edge reservation unavailable (%s); bar stays on top only", exc)
                self.backend = "fallback"
        elif self.backend == "win32":
            from ticker.desktop import win32
            self._appbars = win32.AppBarRegistry(app)
        if self.backend == "fallback":
            log.info("platform %r: no screen-edge reservation; the bar stays on top only",
                     app.platformName())

    def dock(self, widget: QWidget, screen: QScreen, position: str = "bottom",
             height: int | None = None):
        """A dock object with ``apply()``, ``release()``, ``.widget``, ``.screen``, ``.position``."""
        if self.backend == "x11":
            from ticker.desktop.x11 import X11Dock
            dock = X11Dock(self._xdpy, widget, screen, position, height)
        elif self.backend == "win32":
            watcher = self.fullscreen_watcher()
            dock = self._appbars.dock(widget, screen, position, height,
                                      on_fullscreen=lambda fs, s=screen: watcher.report(s, fs))
        else:
            dock = FallbackDock(widget, screen, position, height)
        self._docks = [d for d in self._docks if isValid(d.widget)] + [dock]
        return dock

    def release_all(self) -> None:
        """Release every dock's reservation (struts / AppBars); the bars stay as they are."""
        for dock in self._docks:
            if isValid(dock.widget):
                dock.release()

    def fullscreen_watcher(self) -> FullscreenWatcher:
        """The shared watcher (X11: its own connection; Windows: fed by the AppBars)."""
        if self._watcher is None:
            probe = None
            if self.backend == "x11":
                from ticker.desktop.x11 import X11ActiveWindowProbe, open_display
                probe = X11ActiveWindowProbe(open_display())
            self._watcher = FullscreenWatcher(self._app, probe)
        return self._watcher

    def close(self) -> None:
        self.release_all()
        self._docks = []
        if self._watcher is not None:
            self._watcher.close()
        if self._appbars is not None:
            self._appbars.close()
        if self._xdpy is not None:
            from ticker.desktop.x11 import close_display
            close_display(self._xdpy)
            self._xdpy = None
