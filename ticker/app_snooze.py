"""Snooze (알림 끄기) and the urgent notices that must still reach a user who cannot see the bar.

``Snooze`` hides every bar until a chosen time and brings them back on time, even across a
suspend (it re-reads the wall clock at least every SNOOZE_RECHECK_MS). While the bars are
hidden, by a snooze or by a full-screen application, each new urgent notice is shown once as
a tray message instead.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from ticker.feed.notice import Notice
from ticker.i18n import tr

if TYPE_CHECKING:
    from ticker.ui.tray import TrayIcon

log = logging.getLogger(__name__)
_CTX = "TickerApp"

SNOOZE_RECHECK_MS = 10 * 60 * 1000  # re-read the wall clock at least this often (suspend)


def snooze_until(choice: str, now: dt.datetime) -> dt.datetime:
    """End of a snooze: +30 min, +1 h, or the start of tomorrow (local time)."""
    if choice == "30m":
        return now + dt.timedelta(minutes=30)
    if choice == "1h":
        return now + dt.timedelta(hours=1)
    if choice == "tomorrow":
        tomorrow = (now + dt.timedelta(days=1)).date()
        return dt.datetime.combine(tomorrow, dt.time(0, 0), tzinfo=now.tzinfo)
    raise ValueError(f"unknown snooze choice {choice!r}")


class Snooze(QObject):
    def __init__(self, tray: TrayIcon, visible: Callable[[], list[Notice]],
                 suppress_bars: Callable[[bool], None],
                 bars_hidden_by_fullscreen: Callable[[], bool],
                 clock: Callable[[], dt.datetime], parent: QObject | None = None) -> None:
        """``visible()``: the notices on the bar now; ``suppress_bars(True)`` hides every bar."""
        super().__init__(parent)
        self._tray = tray
        self._visible = visible
        self._suppress_bars = suppress_bars
        self._hidden_by_fullscreen = bars_hidden_by_fullscreen
        self._clock = clock
        self.until: dt.datetime | None = None
        self._announced_urgent: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)

    def snooze(self, choice: str) -> None:
        """One of ticker.ui.tray.SNOOZE_CHOICES: "30m", "1h" or "tomorrow"."""
        now = self._clock()
        self.until = snooze_until(choice, now)
        self._announced_urgent.update(n.id for n in self._visible() if n.is_urgent)
        self._suppress_bars(True)
        self._tray.set_snoozed(self.until)
        log.info("snoozed until %s", self.until.isoformat())
        self._arm(now)

    def unsnooze(self) -> None:
        self._timer.stop()
        self.until = None
        self._suppress_bars(False)
        self._tray.set_snoozed(None)

    def check(self) -> None:
        """Read the wall clock: end the snooze if its time has come (the timer calls this)."""
        if self.until is None:
            return
        now = self._clock()
        if now >= self.until:
            self.unsnooze()
        else:
            self._arm(now)

    def stop(self) -> None:
        self._timer.stop()

    def on_visible_changed(self) -> None:
        """The notices on the bar changed: new urgent ones go to the tray if the bar is hidden."""
        urgent = [n for n in self._visible() if n.is_urgent and n.id not in self._announced_urgent]
        if self.until is not None or self._hidden_by_fullscreen():
            for notice in urgent:
                self._tray.show_message(tr(_CTX, "긴급 공지"), notice.title, urgent=True)
        self._announced_urgent.update(n.id for n in urgent)

    def _arm(self, now: dt.datetime) -> None:
        remaining = (self.until - now) / dt.timedelta(milliseconds=1)
        self._timer.start(int(max(0, min(remaining, SNOOZE_RECHECK_MS))) + 1)
