"""What the ticker tells the user about itself: the feed status and configuration problems.

``FeedStatus`` keeps the status dot, its reason and "offline since" in step on every bar and
in the tray; ``ProblemReporter`` logs problems and shows each new one once, in the tray.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from ticker.i18n import tr

if TYPE_CHECKING:
    from ticker.ui.tray import TrayIcon

log = logging.getLogger(__name__)
_CTX = "TickerApp"


class ProblemReporter:
    """Logs every problem; shows the new ones once, together, as a tray message."""

    def __init__(self, tray: TrayIcon) -> None:
        self._tray = tray
        self._reported: set[str] = set()

    def report(self, problems: list[str]) -> None:
        fresh = [p for p in problems if p not in self._reported]
        if not fresh:
            return
        self._reported.update(fresh)
        for problem in fresh:
            log.warning("%s", problem)
        text = "\n".join(fresh[:3])
        if len(fresh) > 3:
            text += "\n" + tr(_CTX, "외 %1건 (로그 참고)").replace("%1", str(len(fresh) - 3))
        self._tray.show_message(tr(_CTX, "설정 확인 필요"), text)


class FeedStatus:
    """The feed status on the bars and in the tray, with the last failure's reason."""

    def __init__(self, tray: TrayIcon, show_on_bars: Callable[[str, str, dt.datetime | None], None],
                 status: Callable[[], str], notice_count: Callable[[], int],
                 clock: Callable[[], dt.datetime]) -> None:
        """``show_on_bars(status, detail, offline_since)`` shows it on every bar;
        ``status()`` is the poller's current status, ``notice_count()`` the notices shown."""
        self._tray = tray
        self._show_on_bars = show_on_bars
        self._status = status
        self._notice_count = notice_count
        self._clock = clock
        self.detail = ""
        self.offline_since: dt.datetime | None = None  # wall clock, said on an empty bar

    def on_status(self, status: str) -> None:
        if status == "connected":
            self.detail = ""
        if status != "offline":
            self.offline_since = None
        elif self.offline_since is None:
            self.offline_since = self._clock()
        self._show_on_bars(status, self.detail, self.offline_since)
        self.update_tray()

    def on_fetch_failed(self, url: str, message: str) -> None:
        log.debug("feed %s: %s", url, message)  # the poller logs each real change once
        self.detail = message
        self._show_on_bars(self._status(), message, self.offline_since)
        self.update_tray()

    def update_tray(self) -> None:
        """The tooltip: status, how many notices, the last failure (text built here, so it
        is redone after a language switch, a pause or a change of the notices)."""
        count = tr(_CTX, "현재 공지 %1건").replace("%1", str(self._notice_count()))
        detail = "\n".join(x for x in (count, self.detail) if x)
        self._tray.set_status(self._status(), detail)
