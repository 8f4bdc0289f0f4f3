"""Reach: what the GUI calls when a notice is shown, opened or acknowledged.

The one owner of this PC's reach state. The GUI thread calls ``shown``/``opened``/
``acknowledge``; they return at once. The durable write (mark + queued event, one SQLite
transaction with fsync) runs on a single writer thread so that an fsync never stalls a
frame, then the sender is woken. ``acknowledged_ids`` is answered from memory.

Events are queued only when the ``report`` setting is on and the notice's feed has a
``receipts`` URL; "acknowledged" is always kept as a mark, because the bar shows it.
Feed receipts settings arrive from the poller's worker threads (``set_receipts``).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from ticker.feed.notice import Notice
from ticker.feed.receipts import Receipts
from ticker.reach.events import make_event, reportable_id, rfc3339
from ticker.reach.queue import ReachStore

log = logging.getLogger(__name__)

SHOWN_MARKS_KEPT = 20_000  # "shown" marks older than the newest this many are forgotten


class ReceiptsDirectory:
    """Feed URL → its Receipts (None: reporting off there). Safe from any thread."""

    def __init__(self, on_change: Callable[[], None] | None = None) -> None:
        self._lock = threading.Lock()
        self._by_feed: dict[str, Receipts | None] = {}
        self.on_change = on_change

    def set(self, feed_url: str, receipts: Receipts | None) -> None:
        with self._lock:
            changed = self._by_feed.get(feed_url) != receipts or feed_url not in self._by_feed
            self._by_feed[feed_url] = receipts
        if changed and self.on_change is not None:
            self.on_change()

    def keep_only(self, feed_urls: Iterable[str]) -> None:
        wanted = set(feed_urls)
        with self._lock:
            for url in [u for u in self._by_feed if u not in wanted]:
                del self._by_feed[url]

    def get(self, feed_url: str) -> Receipts | None:
        with self._lock:
            return self._by_feed.get(feed_url)

    def targets(self) -> dict[str, bool]:
        """Receipts URL → identify, for every feed that asks for receipts."""
        with self._lock:
            found: dict[str, bool] = {}
            for receipts in self._by_feed.values():
                if receipts is not None:  # two feeds, one server: anonymous wins
                    found[receipts.url] = found.get(receipts.url, True) and receipts.identify
            return found


class Reach:
    def __init__(self, store: ReachStore, directory: ReceiptsDirectory, *, report: bool,
                 clock: Callable[[], dt.datetime],
                 wake_sender: Callable[[bool], None] = lambda immediate: None) -> None:
        """``wake_sender(immediate)`` is called after each queued event (from the writer
        thread); ``immediate`` for an acknowledgement, which is not held back for a batch."""
        self.store = store
        self.directory = directory
        self.report = bool(report)
        self.clock = clock
        self.wake_sender = wake_sender
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="reach-writer")
        self._shown = store.marks("shown")
        self._opened = store.marks("opened")
        self._acknowledged = store.marks("acknowledged")
        self._closed = False

    # -- queries (GUI thread) ------------------------------------------------------------

    def acknowledged_ids(self) -> frozenset[str]:
        return frozenset(self._acknowledged)

    def reporting(self, notice: Notice) -> bool:
        return self.report and self.directory.get(notice.source) is not None

    # -- events (GUI thread) -------------------------------------------------------------

    def shown(self, notices: Iterable[Notice]) -> None:
        """Notices on screen now; each is reported once per PC, the first time."""
        for notice in notices:
            if notice.id not in self._shown and self.reporting(notice):
                self._shown.add(notice.id)
                self._submit(notice, "shown", once=True, queue=True)

    def opened(self, notice: Notice) -> None:
        """Its detail was opened (bar or 전체 공지): it was on screen, so shown too."""
        self.shown([notice])
        if notice.id not in self._opened and self.reporting(notice):
            self._opened.add(notice.id)
            self._submit(notice, "opened", once=True, queue=True)

    def acknowledge(self, notice: Notice) -> bool:
        """The person pressed 확인했습니다. Returns False if it was acknowledged already."""
        if notice.id in self._acknowledged:
            return False
        self._acknowledged.add(notice.id)
        self._submit(notice, "acknowledged", once=True, queue=self.reporting(notice))
        return True

    def _submit(self, notice: Notice, kind: str, *, once: bool, queue: bool) -> None:
        if self._closed:
            return
        at = self.clock()
        receipts = self.directory.get(notice.source) if queue else None
        event = None
        if receipts is not None and reportable_id(notice.source_id):
            event = make_event(kind, notice.source_id, at)
        self._writer.submit(self._write, notice.id, kind, rfc3339(at), once, event,
                            receipts.url if receipts else "",
                            receipts.identify if receipts else False)

    def _write(self, notice_id: str, kind: str, at: str, once: bool, event: dict | None,
               url: str, identify: bool) -> None:
        try:
            self.store.record(notice_id, kind, at, once=once, event=event, url=url,
                              identify=identify)
        except Exception:  # a full disk must not take the bar down
            log.exception("cannot record %s receipt for %s", kind, notice_id)
            return
        if event is not None:
            self.wake_sender(kind == "acknowledged")

    # -- settings and life cycle ---------------------------------------------------------

    def set_report(self, report: bool) -> None:
        self.report = bool(report)

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until every submitted write is on disk (tests, shutdown)."""
        self._writer.submit(lambda: None).result(timeout)

    def close(self) -> None:
        """Finish pending writes, trim old marks, close the file."""
        if self._closed:
            return
        self._closed = True
        self._writer.shutdown(wait=True)
        try:
            self.store.forget_marks("shown", SHOWN_MARKS_KEPT)
            self.store.forget_marks("opened", SHOWN_MARKS_KEPT)
        except Exception:  # noqa: BLE001 - trimming is housekeeping
            log.exception("cannot trim reach marks")
        self.store.close()


__all__ = ["Reach", "ReceiptsDirectory"]
