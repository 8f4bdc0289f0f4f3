"""Reach wiring of TickerApp: read receipts, 확인 (acknowledgement) and presence heartbeats.

A mixin of the composition root (ticker/app.py), split out only to keep modules small. It
builds the reach objects (store, directory, reporter, sender) and connects them to the bars
and the model; the objects themselves take their collaborators as arguments.

Threads: the poller's workers report each feed's ``receipts`` settings into the
thread-safe ``ReceiptsDirectory``; the reporter writes on its own writer thread and the sender
posts on its own worker thread. Neither touches a widget; the GUI thread only polls the bars
for what is on screen (once a second, a few cheap calls) and reacts to clicks.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from PySide6.QtCore import QTimer

from ticker import __version__
from ticker.feed.notice import Notice
from ticker.feed.parse import parse_feed
from ticker.feed.receipts import parse_receipts
from ticker.reach.identity import make_identity, reportable_audiences
from ticker.reach.queue import FILE_NAME, ReachStore
from ticker.reach.reporter import Reach, ReceiptsDirectory

log = logging.getLogger(__name__)

SHOWN_CHECK_MS = 1000  # how often the bars are asked what is on screen


class ReachMixin:
    def _build_reach(self, reach_overrides: dict[str, Any] | None) -> None:
        """GUI-side reach objects; the sender (network) is built later with the poller."""
        self.reach_overrides = dict(reach_overrides or {})
        self.receipts = ReceiptsDirectory()
        self.reach = Reach(ReachStore(self.data_dir / FILE_NAME), self.receipts,
                           report=self.settings.report, clock=self.clock,
                           wake_sender=self._wake_sender)
        self.receipts.on_change = self._wake_sender
        if not self.settings.report:
            self.reach.store.clear_events()
        self.identity = None
        self.sender = None
        self.model.set_acknowledged(self.reach.acknowledged_ids())
        self._shown_timer = QTimer(self)
        self._shown_timer.setInterval(SHOWN_CHECK_MS)
        self._shown_timer.timeout.connect(self._check_shown)

    def parse_feed(self, data: bytes, content_type: str | None, source: str) -> list[Notice]:
        """parse_feed plus the feed's receipts settings (runs on poller worker threads)."""
        notices = parse_feed(data, content_type, source)
        self.receipts.set(source, parse_receipts(data, content_type))
        return notices

    def _build_sender(self) -> None:
        """The receipts sender, its own HTTP session and this PC's identity (after first paint)."""
        from ticker.net.tls import make_session
        from ticker.reach.sender import ReceiptSender
        from ticker.reach.spread import client_random

        s = self.settings
        self.identity = make_identity(self.data_dir, __version__, s.audience)
        self.reach_session = make_session(ca_bundle=s.ca_bundle or None)
        options: dict[str, Any] = {
            "total_deadline": float(s.timeout), "read_timeout": float(min(15, s.timeout)),
            "connect_timeout": float(min(5, s.timeout)),
            "spread_random": client_random(self.identity.id),  # this PC's own delays
        }
        options.update(self.reach_overrides)
        self.sender = ReceiptSender(self.reach.store, self.reach_session, self._client_payload,
                                    self.receipts.targets, **options)
        if s.report:
            self.sender.start()
            self._shown_timer.start()

    def _client_payload(self, identify: bool) -> dict:
        identity = self.identity  # replaced whole when the audience changes: no lock needed
        return identity.payload(identify)

    def _wake_sender(self, immediate: bool = False) -> None:
        sender = getattr(self, "sender", None)
        if sender is not None:
            sender.wake(immediate)

    def _stop_sender(self) -> None:
        if self.sender is not None:
            self.sender.stop()
            self.sender = None
            self.reach_session.close()

    def _apply_reach_settings(self, changed: set[str]) -> None:
        s = self.settings
        if "audience" in changed and self.identity is not None:
            self.identity = dataclasses.replace(self.identity,
                                                audiences=reportable_audiences(s.audience))
        if "feeds" in changed:
            self.receipts.keep_only(s.feeds)
        if "report" not in changed:
            return
        self.reach.set_report(s.report)
        if s.report:
            if self.sender is not None:
                self.sender.start()
            self._shown_timer.start()
        else:
            self._shown_timer.stop()
            if self.sender is not None:
                self.sender.stop()
            dropped = self.reach.store.clear_events()
            log.info("reporting turned off: %d queued receipts dropped", dropped)

    def _shutdown_reach(self) -> None:
        self._shown_timer.stop()
        self._stop_sender()
        self.reach.close()

    # -- GUI events ----------------------------------------------------------------------

    def _check_shown(self) -> None:
        """Report the notices on screen now (each once per PC; the reporter dedups)."""
        if not self.settings.report or not self.receipts.targets():
            return
        for bar in self.bars():
            if bar.isVisible():
                ids = bar.visible_item_ids()
                self.reach.shown(n for n in map(bar.notice_by_id, ids) if n is not None)

    def _known_notice(self, notice_id: str) -> Notice | None:
        for notice in self.model.all_notices():
            if notice.id == notice_id:
                return notice
        return None

    def _report_opened(self, notice_id: str) -> None:
        notice = self._known_notice(notice_id)
        if notice is not None:
            self.reach.opened(notice)

    def acknowledge(self, notice_id: str) -> bool:
        """확인했습니다 (from a detail popup): remember it for good, report it, re-tile."""
        notice = self._known_notice(notice_id)
        if notice is None or not notice.ack_required:
            return False
        if self.reach.acknowledge(notice):
            log.info("notice %s acknowledged", notice_id)
        self.model.set_acknowledged(self.reach.acknowledged_ids())
        return True
