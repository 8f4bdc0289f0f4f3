"""Full-screen detection: tells which screens currently show a full-screen window.

``FullscreenWatcher(app, probe=None)``:

* signal ``fullscreenChanged(QScreen screen, bool fullscreen)`` — emitted on change only.
* ``is_fullscreen(screen) -> bool``.
* ``report(screen, fullscreen)`` — push-style backends (the Windows AppBar's
  ABN_FULLSCREENAPP) call this.

Screens are keyed by the QScreen object: names are not unique (separate X screens
of one display are all called "screen" by some servers).
* ``check()`` — re-evaluate now (also runs on X events and screen changes).

With an X11 probe (``X11ActiveWindowProbe``), the watcher wakes on the X connection's
file descriptor (``_NET_ACTIVE_WINDOW``, ``_NET_WM_STATE`` and configure events of the
active window), so it costs nothing while nothing changes.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from shiboken6 import isValid

from ticker.desktop.geometry import Rect, logical_to_physical, screen_of

log = logging.getLogger(__name__)


def _physical(screen) -> Rect:
    g = screen.geometry()
    r = Rect(g.x(), g.y(), g.width(), g.height())
    return logical_to_physical(r, (r.x, r.y), screen.devicePixelRatio())


class FullscreenWatcher(QObject):
    fullscreenChanged = Signal(object, bool)

    def __init__(self, app: QGuiApplication, probe=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._probe = probe
        self._state: dict = {}  # QScreen -> bool
        self._notifier = None
        # coalesce bursts of X events into one check
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(50)
        self._pending.timeout.connect(self.check)
        if probe is not None:
            self._notifier = QSocketNotifier(probe.fileno(), QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._on_readable)
            app.screenAdded.connect(self._on_screen_added)
            app.screenRemoved.connect(self._forget)
            self.check()

    def is_fullscreen(self, screen) -> bool:
        return self._state.get(screen, False)

    def report(self, screen, fullscreen: bool) -> None:
        if self._state.get(screen, False) != fullscreen:
            self._state[screen] = fullscreen
            log.info("full-screen window %s on %s", "appeared" if fullscreen else "left",
                     screen.name())
            self.fullscreenChanged.emit(screen, fullscreen)

    def _on_readable(self, *_args) -> None:
        if self._probe.drain():
            self._pending.start()
        elif getattr(self._probe, "closed", False):
            self._notifier.setEnabled(False)  # a dead socket would wake us in a busy loop

    def _on_screen_added(self, *_args) -> None:
        self._pending.start()

    def _forget(self, screen) -> None:
        self._state.pop(screen, None)

    def check(self) -> None:
        if self._probe is None:
            return
        for dead in [s for s in self._state if not isValid(s)]:
            del self._state[dead]
        screens = self._app.screens()
        rects = [_physical(s) for s in screens]
        window = self._probe.fullscreen_rect(rects)
        index = screen_of(window, rects) if window is not None else None
        for i, screen in enumerate(screens):
            self.report(screen, i == index)
        if self._probe.drain():  # events read during the queries would not wake the notifier
            self._pending.start()

    def close(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        self._pending.stop()
        probe, self._probe = self._probe, None
        if probe is not None:
            # leave the application's screen signals (it outlives us), then the X connection
            self._app.screenAdded.disconnect(self._on_screen_added)
            self._app.screenRemoved.disconnect(self._forget)
            probe.close()
