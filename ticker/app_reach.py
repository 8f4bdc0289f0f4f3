"""ReachCoordinator: read receipts, 확인 (acknowledgement) and presence heartbeats.

Owns the reach objects (store, receipts directory, reporter, sender, this PC's identity) and
their wiring; the objects themselves take their collaborators as arguments. The sender
(network) is built after the first frame, with the poller.

Threads: the poller's workers report each feed's ``receipts`` settings into the thread-safe
``ReceiptsDirectory`` (through ``parse_feed``); the reporter writes on its own writer
thread and the sender posts on its own worker thread. Neither touches a widget; the GUI
thread only polls the bars for what is on screen (once a second, a few cheap calls) and
reacts to clicks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from ticker import __version__
from ticker.feed.notice import Notice
from ticker.feed.parse import parse_feed
from ticker.feed.receipts import parse_receipts
from ticker.reach.identity import make_identity, reportable_audiences
from ticker.reach.queue import FILE_NAME, ReachStore
from ticker.reach.reporter import Reach, ReceiptsDirectory

if TYPE_CHECKING:
    from ticker.app_settings import LiveSettings
    from ticker.model import NoticeModel
    from ticker.settings import Settings
    from ticker.ui.bar import TickerBar

log = logging.getLogger(__name__)

SHOWN_CHECK_MS = 1000  # how often the bars are asked what is on screen
# The sender's own HTTP session follows these; the rest change what is reported.
SENDER_KEYS = frozenset({"timeout", "ca_bundle"})


class ReachCoordinator(QObject):
    KEYS = SENDER_KEYS | {"audience", "feeds", "report"}  # what apply_settings applies

    def __init__(self, live: LiveSettings, model: NoticeModel, data_dir: Path,
                 bars: Callable[[], list[TickerBar]], *, clock: Callable[[], dt.datetime],
                 sender_overrides: Mapping[str, Any] | None = None,
                 parent: QObject | None = None) -> None:
        """``sender_overrides`` (tests): ReceiptSender keyword arguments (batch_delay, ...)."""
        super().__init__(parent)
        self._live = live
        self._model = model
        self._data_dir = data_dir
        self._bars = bars
        self._sender_overrides = dict(sender_overrides or {})
        report = live.settings.report
        self.directory = ReceiptsDirectory()
        self.reporter = Reach(ReachStore(data_dir / FILE_NAME), self.directory, report=report,
                              clock=clock, wake_sender=self._wake_sender)
        self.directory.on_change = self._wake_sender
        if not report:
            self.reporter.store.clear_events()
        self.identity = None
        self.sender = None
        self._session = None
        model.set_acknowledged(self.reporter.acknowledged_ids())
        self._shown_timer = QTimer(self)
        self._shown_timer.setInterval(SHOWN_CHECK_MS)
        self._shown_timer.timeout.connect(self._check_shown)

    def parse_feed(self, data: bytes, content_type: str | None, source: str) -> list[Notice]:
        """parse_feed plus the feed's receipts settings (runs on poller worker threads)."""
        notices = parse_feed(data, content_type, source)
        self.directory.set(source, parse_receipts(data, content_type))
        return notices

    # -- sender ------------------------------------------------------------------------
    def start_sender(self) -> None:
        """The receipts sender, its own HTTP session and this PC's identity (after first paint)."""
        from ticker.net.tls import make_session
        from ticker.reach.sender import ReceiptSender
        from ticker.reach.spread import client_random

        s = self._live.settings
        self.identity = make_identity(self._data_dir, __version__, s.audience)
        self._session = make_session(ca_bundle=s.ca_bundle or None)
        options: dict[str, Any] = {
            "total_deadline": float(s.timeout), "read_timeout": float(min(15, s.timeout)),
            "connect_timeout": float(min(5, s.timeout)),
            "spread_random": client_random(self.identity.id),  # this PC's own delays
        }
        options.update(self._sender_overrides)
        self.sender = ReceiptSender(self.reporter.store, self._session, self._client_payload,
                                    self.directory.targets, **options)
        if s.report:
            self.sender.start()
            self._shown_timer.start()

    def _client_payload(self, identify: bool) -> dict:
        identity = self.identity  # replaced whole when the audience changes: no lock needed
        return identity.payload(identify)

    def _wake_sender(self, immediate: bool = False) -> None:
        sender = self.sender
        if sender is not None:
            sender.wake(immediate)

    def _stop_sender(self) -> None:
        if self.sender is not None:
            self.sender.stop()
            self.sender = None
            self._session.close()

    def apply_settings(self, s: Settings, changed: frozenset[str]) -> None:
        if changed & SENDER_KEYS and self.sender is not None:
            self._stop_sender()
            self.start_sender()  # with the new timeout/CA bundle
        if "audience" in changed and self.identity is not None:
            self.identity = dataclasses.replace(self.identity,
                                                audiences=reportable_audiences(s.audience))
        if "feeds" in changed:
            self.directory.keep_only(s.feeds)
        if "report" not in changed:
            return
        self.reporter.set_report(s.report)
        if s.report:
            if self.sender is not None:
                self.sender.start()
            self._shown_timer.start()
        else:
            self._shown_timer.stop()
            if self.sender is not None:
                self.sender.stop()
            dropped = self.reporter.store.clear_events()
            log.info("reporting turned off: %d queued receipts dropped", dropped)

    def shutdown(self) -> None:
        self._shown_timer.stop()
        self._stop_sender()
        self.reporter.close()

    # -- GUI events ----------------------------------------------------------------------
    def _check_shown(self) -> None:
        """Report the notices on screen now (each once per PC; the reporter dedups)."""
        if not self._live.settings.report or not self.directory.targets():
            return
        for bar in self._bars():
            if bar.isVisible():
                ids = bar.visible_item_ids()
                self.reporter.shown(n for n in map(bar.notice_by_id, ids) if n is not None)

    def opened(self, notice_id: str) -> None:
        """A notice's details were opened (bar popup or the notices window)."""
        notice = self._model.notice(notice_id)
        if notice is not None:
            self.reporter.opened(notice)

    def acknowledge(self, notice_id: str) -> bool:
        """확인했습니다 (from a detail popup): remember it for good, report it, re-tile."""
        notice = self._model.notice(notice_id)
        if notice is None or not notice.ack_required:
            return False
        if self.reporter.acknowledge(notice):
            log.info("notice %s acknowledged", notice_id)
        self._model.set_acknowledged(self.reporter.acknowledged_ids())
        return True
