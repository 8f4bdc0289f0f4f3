"""DockController: one docked bar per target screen, following screens and full-screen apps.

    controller = DockController(desktop, screens, make_bar, position="bottom")
    controller.start()           # creates, docks and shows the bars
    controller.set_suppressed(True)   # snooze/pause: hide all bars (struts released)
    controller.refresh()         # re-dock after the bar's height changed (font size)
    controller.stop()            # releases struts/AppBars and closes the bars

``make_bar(screen) -> QWidget`` builds one top-level bar for a screen (the composition
root connects it to the model). ``barsChanged`` fires after bars were created or removed.
A bar is hidden while a full-screen window is active on its screen and shown again after;
``hidden_by_fullscreen()`` is True while at least one bar is hidden for that reason
(the composition root then sends urgent notices as tray messages), and
``fullscreenChanged(bool)`` emits when that changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from ticker.desktop.screens import ScreenManager

log = logging.getLogger(__name__)


class DockController(QObject):
    barsChanged = Signal()
    fullscreenChanged = Signal(bool)

    def __init__(self, desktop, screens: ScreenManager,
                 make_bar: Callable[[QScreen], QWidget], position: str = "bottom",
                 fullscreen=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._desktop = desktop
        self._screens = screens
        self._make_bar = make_bar
        self._position = position
        self._fullscreen = fullscreen if fullscreen is not None else desktop.fullscreen_watcher()
        # keyed by id() of the QScreen wrapper (kept alive by dock.screen): names can repeat
        # (X screens), and a QScreen may be deleted before we hear of it
        self._docks: dict[int, object] = {}
        self._suppressed = False
        self._started = False
        self._hidden_fs = False
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_about_to_quit)
        screens.screensChanged.connect(self._sync)
        screens.screenRemoved.connect(self._on_screen_removed)
        if self._fullscreen is not None:
            self._fullscreen.fullscreenChanged.connect(self._on_fullscreen)

    def bars(self) -> list[QWidget]:
        return [d.widget for d in self._docks.values() if isValid(d.screen)]

    def docks(self) -> dict:
        """QScreen -> dock (``.widget``, ``.screen``, ``.position``, ``.strut``)."""
        return {d.screen: d for d in self._docks.values() if isValid(d.screen)}

    def start(self) -> None:
        self._started = True
        self._sync()

    def stop(self) -> None:
        self._started = False
        for key in list(self._docks):
            self._remove(key)
        self.barsChanged.emit()

    def _on_about_to_quit(self) -> None:
        # The event loop has ended and Qt is closing the windows: give the edge back now,
        # and do not re-dock on the screen/work-area events the release itself causes
        # while the composition root shuts down.
        self._started = False
        for dock in self._docks.values():
            if isValid(dock.widget):
                dock.release()

    def set_position(self, position: str) -> None:
        self._position = position
        for dock in self._docks.values():
            dock.position = position
        self.refresh()

    def set_suppressed(self, suppressed: bool) -> None:
        self._suppressed = suppressed
        if not self._started:
            return
        self._prune()
        for dock in self._docks.values():
            self._update_visibility(dock.screen, dock)

    def refresh(self) -> None:
        if not self._started:
            return
        self._prune()
        for dock in self._docks.values():
            if dock.widget.isVisible():
                dock.apply()

    def _sync(self) -> None:
        if not self._started:
            return
        changed = self._prune()
        wanted = self._screens.target_screens()
        wanted_ids = {id(s) for s in wanted}
        for key in [k for k in self._docks if k not in wanted_ids]:
            self._remove(key)
            changed = True
        for screen in wanted:
            dock = self._docks.get(id(screen))
            if dock is None:
                widget = self._make_bar(screen)
                dock = self._desktop.dock(widget, screen, self._position)
                self._docks[id(screen)] = dock
                screen.destroyed.connect(self._on_screen_destroyed,
                                         Qt.ConnectionType.UniqueConnection)
                changed = True
                self._update_visibility(screen, dock)
                log.info("bar on %s at %s", screen.name(), dock.widget.geometry().getRect())
            else:
                self._update_visibility(screen, dock)
        if changed:
            self.barsChanged.emit()

    def _on_screen_removed(self, screen: QScreen) -> None:
        # at once: the QScreen is deleted right after this signal; a replacement bar (if the
        # setting wants one) comes with the debounced screensChanged
        if id(screen) in self._docks:
            self._remove(id(screen))
            self.barsChanged.emit()

    def _on_screen_destroyed(self, *_args) -> None:
        # Qt can replace a QScreen (RandR monitor changes) without screenRemoved; the
        # wrapper is invalid only once the destructor is done, so look after it
        QTimer.singleShot(0, self, self._after_screen_destroyed)

    def _after_screen_destroyed(self) -> None:
        if self._prune():
            self.barsChanged.emit()
            self._sync()  # a replacement bar for the QScreen that took its place

    def _prune(self) -> bool:
        dead = [k for k, d in self._docks.items() if not isValid(d.screen)]
        for key in dead:
            self._remove(key)
        return bool(dead)

    def _remove(self, key: int) -> None:
        dock = self._docks.pop(key)
        dock.release()
        dock.widget.close()
        dock.widget.deleteLater()

    @property
    def fullscreen_watcher(self):
        """The watcher in use (None where the platform has none)."""
        return self._fullscreen

    def hidden_by_fullscreen(self) -> bool:
        fs = self._fullscreen
        return fs is not None and any(
            fs.is_fullscreen(d.screen) for d in self._docks.values() if isValid(d.screen))

    def _on_fullscreen(self, screen: QScreen, _fullscreen: bool) -> None:
        before = self._hidden_fs
        dock = self._docks.get(id(screen))
        if dock is not None and isValid(screen) and self._started:
            self._update_visibility(screen, dock)
        self._hidden_fs = self.hidden_by_fullscreen()
        if self._hidden_fs != before:
            self.fullscreenChanged.emit(self._hidden_fs)

    def _update_visibility(self, screen: QScreen, dock) -> None:
        hidden = self._suppressed or (
            self._fullscreen is not None and self._fullscreen.is_fullscreen(screen))
        if hidden:
            if dock.widget.isVisible():
                dock.widget.hide()
            if self._suppressed:
                # snoozed: give the edge back. Full screen keeps the reservation (an
                # unmapped X11 dock has no strut anyway; a Windows AppBar must stay
                # registered to hear ABN_FULLSCREENAPP "closed").
                dock.release()
        else:
            dock.apply()
            if not dock.widget.isVisible():
                dock.widget.show()
                dock.apply()
