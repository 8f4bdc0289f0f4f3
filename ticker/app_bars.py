"""BarFleet: one TickerBar per target screen, docked by the desktop backend, and their settings.

Owns the screens, the docks and every bar: builds each bar for its screen, keeps what every
bar must show in step (the feed status, pause), and applies the bar settings live. The
bars' signals are relayed by this object's, so listeners connect once however many bars
there are and however often they are rebuilt.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication

from ticker.desktop import DesktopIntegration, DockController, ScreenManager
from ticker.ui.bar import TickerBar

if TYPE_CHECKING:
    from ticker.app_settings import LiveSettings
    from ticker.model import NoticeModel
    from ticker.settings import Settings

# Changed on the bars as they run.
LIVE_KEYS = frozenset({"label", "speed", "reduced_motion"})
# Bars draw their texts in the installed language and take their dock height when built:
# these rebuild them.
REBUILD_KEYS = frozenset({"language", "font_size"})


def points_to_pixels(points: float, dpi: float = 96.0) -> int:
    return max(8, round(points * dpi / 72.0))


class SizedDocks:
    """Gives each dock the bar's own preferred height (a bare QWidget has no size hint)."""

    def __init__(self, desktop: DesktopIntegration) -> None:
        self._desktop = desktop

    def dock(self, widget, screen, position="bottom", height=None):
        return self._desktop.dock(widget, screen, position, height or widget.preferred_height())

    def fullscreen_watcher(self):
        return self._desktop.fullscreen_watcher()


class BarFleet(QObject):
    KEYS = LIVE_KEYS | REBUILD_KEYS | {"screen", "position"}  # what apply_settings applies
    contextMenuRequested = Signal(QPoint)
    allNoticesRequested = Signal()
    noticeActivated = Signal(str)
    noticeAcknowledged = Signal(str)

    def __init__(self, qapp: QApplication, live: LiveSettings, model: NoticeModel, *,
                 desktop_backend: str | None = None, bench=None,
                 parent: QObject | None = None) -> None:
        """``bench``: a BenchProbe that watches every bar (``--bench``), or None."""
        super().__init__(parent)
        self._live = live
        self._model = model
        self._bench = bench
        self._paused = False
        self._status: tuple[str, str, dt.datetime | None] = ("stale", "", None)
        s = live.settings
        self.desktop = DesktopIntegration(qapp, desktop_backend)
        self.screens = ScreenManager(qapp, s.screen, parent=self)
        self.docks = DockController(SizedDocks(self.desktop), self.screens, self._make_bar,
                                    position=s.position, parent=self)

    def bars(self) -> list[TickerBar]:
        return self.docks.bars()

    def start(self) -> None:
        self.docks.start()

    def stop(self) -> None:
        """Release the struts/AppBars and close the bars, then the desktop connection."""
        self.docks.stop()
        self.desktop.close()

    def set_paused(self, paused: bool) -> None:
        self._paused = paused
        for bar in self.bars():
            (bar.pause if paused else bar.resume)("user")

    def set_status(self, status: str, detail: str, offline_since: dt.datetime | None) -> None:
        self._status = (status, detail, offline_since)
        for bar in self.bars():
            bar.set_status(status, detail, offline_since)

    def set_suppressed(self, suppressed: bool) -> None:
        """Snoozed: every bar hidden and its screen edge given back."""
        self.docks.set_suppressed(suppressed)

    def hidden_by_fullscreen(self) -> bool:
        return self.docks.hidden_by_fullscreen()

    def _make_bar(self, screen: QScreen) -> TickerBar:
        s = self._live.settings
        bar = TickerBar(self._model, label=s.label, speed=float(s.speed),
                        font_size=points_to_pixels(s.font_size, screen.logicalDotsPerInchY()),
                        reduced_motion=s.reduced_motion)
        bar.setScreen(screen)
        bar.contextMenuRequested.connect(self.contextMenuRequested)
        bar.allNoticesRequested.connect(self.allNoticesRequested)
        bar.noticeActivated.connect(self.noticeActivated)
        bar.noticeAcknowledged.connect(self.noticeAcknowledged)
        bar.set_status(*self._status)
        if self._paused:
            bar.pause("user")
        if self._bench is not None:
            self._bench.watch(bar)
        return bar

    def apply_settings(self, s: Settings, changed: frozenset[str]) -> None:
        if changed & REBUILD_KEYS:
            self.docks.stop()
            self.docks.start()
        for bar in self.bars():
            if "label" in changed:
                bar.set_label(s.label)
            if "speed" in changed:
                bar.set_speed(float(s.speed))
            if "reduced_motion" in changed:
                bar.set_reduced_motion(s.reduced_motion)
        if "screen" in changed:
            self.screens.set_setting(s.screen)
        if "position" in changed:
            self.docks.set_position(s.position)
