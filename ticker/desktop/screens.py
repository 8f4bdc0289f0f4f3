"""Which screens get a bar, and a single signal when the screen set or a screen changes.

``ScreenManager(app, setting)``:

* ``target_screens() -> list[QScreen]`` — the screens that get a bar for the ``screen``
  setting (``"primary"``, ``"all"`` or an index; an index that no longer exists falls
  back to the primary screen).
* ``set_setting(value)`` — change the setting at run time (emits ``screensChanged``).
* signal ``screensChanged()`` — emitted once (debounced, 150 ms) after screens are added
  or removed, the primary changes, or any screen changes geometry, available geometry,
  DPI or orientation. Listeners re-read ``target_screens()`` and re-apply their docks.
* signal ``screenRemoved(QScreen)`` — emitted at once (not debounced) while the QScreen
  still exists, so holders drop it before Qt deletes it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from shiboken6 import isValid

from ticker.desktop.geometry import select_screens

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150


class ScreenManager(QObject):
    screensChanged = Signal()
    screenRemoved = Signal(object)

    def __init__(self, app: QGuiApplication, setting: str | int = "primary",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._setting = setting
        self._watched: list[QScreen] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.screensChanged)
        app.screenAdded.connect(self._on_added)
        app.screenRemoved.connect(self._on_removed)
        app.primaryScreenChanged.connect(self._changed)
        for screen in app.screens():
            self._watch(screen)

    @property
    def setting(self) -> str | int:
        return self._setting

    def set_setting(self, value: str | int) -> None:
        if value != self._setting:
            self._setting = value
            self._changed()

    def target_screens(self) -> list[QScreen]:
        screens = self._app.screens()
        for screen in screens:  # Qt may have replaced a QScreen without screenAdded
            self._watch(screen)
        primary = self._app.primaryScreen()
        index = screens.index(primary) if primary in screens else 0
        chosen = select_screens(self._setting, len(screens), index)
        if self._setting not in ("primary", "all") and chosen and \
                str(chosen[0]) != str(self._setting):
            log.info("screen %s does not exist; using the primary screen", self._setting)
        return [screens[i] for i in chosen]

    def _watch(self, screen: QScreen) -> None:
        self._watched = [s for s in self._watched if isValid(s)]
        if any(s is screen for s in self._watched):
            return
        self._watched.append(screen)
        for signal in (screen.geometryChanged, screen.availableGeometryChanged,
                       screen.logicalDotsPerInchChanged, screen.physicalDotsPerInchChanged,
                       screen.orientationChanged):
            signal.connect(self._changed)

    def _on_added(self, screen: QScreen) -> None:
        log.info("screen added: %s", screen.name())
        self._watch(screen)
        self._changed()

    def _on_removed(self, screen: QScreen) -> None:
        log.info("screen removed: %s", screen.name())
        self.screenRemoved.emit(screen)
        self._changed()

    def _changed(self, *_args) -> None:
        self._timer.start()
