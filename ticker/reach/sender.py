"""Sends queued receipts to each feed's receipts URL, on a worker thread of its own.

- A batch (≤ 500 events of one URL, oldest first) goes a per-PC random delay after the first
  event (``ticker.reach.spread``: 2-20 s by default), so the shown/opened of one notice travel
  together and 1,400 PCs that saw the same publish do not post in the same instant. An
  "acknowledged" goes after the (default zero) acknowledgement spread, with whatever is
  queued: the publisher watches for it, and presses are human-timed anyway.
- A batch leaves the queue only after a 2xx. 408/429/5xx/no connection: the URL waits by the
  existing backoff (``ticker.net.backoff``: full jitter, Retry-After honoured, capped) and
  the same events are sent again later, with the same event ids (the server dedups).
  Any other 4xx means the server will never take that batch: it is dropped and logged so it
  cannot wedge the queue.
- ``events: []`` is the heartbeat: sent to every known receipts URL a random 0-30 s after
  start, then at a per-PC phase within the hour, then whenever that URL has heard nothing
  from us for an hour (so PCs switched on together do not heartbeat together).
- Each request has a total deadline on the sender's clock (``ticker.net.deadline``, as
  for the fetcher).

The thread never touches Qt; the GUI only calls ``wake()`` (cheap, never blocks).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random as random_module
import threading
import time
from collections.abc import Callable, Mapping

import requests
import urllib3

from ticker.net import backoff
from ticker.net.deadline import RequestDeadline
from ticker.net.redact import redact_url
from ticker.net.tls import abort_requests
from ticker.reach.events import MAX_BATCH, batch_body, outcome
from ticker.reach.queue import ReachStore
from ticker.reach.spread import (
    ACK_SPREAD,
    BATCH_SPREAD,
    FIRST_HEARTBEAT_SPREAD,
    HEARTBEAT_EVERY,
    Range,
    Spread,
    as_range,
)

log = logging.getLogger(__name__)

IDLE_WAIT = 60.0  # re-check at least this often (clock jumps, lost wake-ups)
STOP_TIMEOUT = 2.0


class ReceiptSender:
    def __init__(self, store: ReachStore, session: requests.Session,
                 client: Callable[[bool], dict], targets: Callable[[], Mapping[str, bool]], *,
                 batch_delay: float | Range = BATCH_SPREAD,
                 ack_delay: float | Range = ACK_SPREAD,
                 first_heartbeat: float | Range = FIRST_HEARTBEAT_SPREAD,
                 heartbeat_every: float = HEARTBEAT_EVERY,
                 connect_timeout: float = 5.0, read_timeout: float = 15.0,
                 total_deadline: float = 15.0, backoff_base: float = backoff.DEFAULT_BASE,
                 backoff_cap: float = backoff.DEFAULT_CAP, max_batch: int = MAX_BATCH,
                 clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
                 random: Callable[[], float] | None = None,
                 spread_random: Callable[[], float] | None = None) -> None:
        """``client(identify)`` gives the ``client`` object; ``targets()`` the receipts URLs the
        feeds ask for now, each with its ``identify`` flag. Delays are seconds, or (low, high)
        ranges drawn from ``spread_random`` (the app seeds it with the client id); ``random``
        is the backoff's jitter."""
        self.store = store
        self.session = session
        self.client = client
        self.targets = targets
        self.spread = Spread(batch=as_range(batch_delay), acknowledged=as_range(ack_delay),
                             first_heartbeat=as_range(first_heartbeat),
                             heartbeat_every=float(heartbeat_every))
        self.heartbeat_every = self.spread.heartbeat_every
        self.connect_timeout = float(connect_timeout)
        self.read_timeout = float(read_timeout)
        self.total_deadline = float(total_deadline)
        self.backoff_base = float(backoff_base)
        self.backoff_cap = float(backoff_cap)
        self.max_batch = max(1, min(int(max_batch), MAX_BATCH))
        self.clock = clock
        self.wall_clock = wall_clock
        self.random = random or random_module.Random().random
        self.spread_random = spread_random or random_module.Random().random
        self._heartbeat_phase = self.spread.heartbeat_phase(self.spread_random)
        self._wake = threading.Condition()
        self._woken = False
        self._hurry = False  # send what is queued without waiting for the batch delay
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._due: dict[str, float] = {}  # url -> when its queued events may be sent
        self._first_heartbeat: dict[str, float] = {}  # url -> when its first heartbeat is due
        self._heartbeat_gap: dict[str, float] = {}  # url -> seconds from last contact to the next
        self._failures: dict[str, int] = {}
        self._blocked_until: dict[str, float] = {}
        self._last_contact: dict[str, float] = {}
        self.sent_batches = 0  # diagnostics and tests

    # -- GUI side ------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="receipt-sender", daemon=True)
        self._thread.start()

    def wake(self, immediate: bool = False) -> None:
        """Something was queued or the feeds changed: look again now. ``immediate`` sends
        the queue without waiting for the batch delay (backoff still applies)."""
        with self._wake:
            self._woken = True
            self._hurry = self._hurry or immediate
            self._wake.notify()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stopping.set()
        self.wake()
        abort_requests(self.session, thread.ident)
        thread.join(STOP_TIMEOUT)
        if thread.is_alive():
            log.warning("receipt sender still busy at stop")

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- worker thread -------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                pause = self.run_once()
            except Exception:  # a bug must not end reporting for the rest of the day
                log.exception("receipt sender failed")
                pause = IDLE_WAIT
            with self._wake:
                if not self._woken and not self._stopping.is_set():
                    self._wake.wait(max(0.01, pause))
                self._woken = False

    def run_once(self) -> float:
        """Send what is due; return the seconds until something else is due."""
        now = self.clock()
        with self._wake:
            hurry, self._hurry = self._hurry, False
        waits = [IDLE_WAIT]
        targets = dict(self.targets())
        queued = self.store.urls()
        for url in list(self._due):
            if url not in queued:
                del self._due[url]
        ack_delay = self.spread.ack_delay(self.spread_random) if hurry else 0.0
        for url in queued:
            if self._stopping.is_set():
                break
            if url not in self._due:  # first event seen: this PC's own delay for the batch
                self._due[url] = now + self.spread.batch_delay(self.spread_random)
            if hurry:
                self._due[url] = min(self._due[url], now + ack_delay)
            ready = max(self._due[url], self._blocked_until.get(url, now))
            if now < ready:
                waits.append(ready - now)
                continue
            waits.append(self._drain(url, targets.get(url)))
        for url, identify in targets.items():
            if self._stopping.is_set():
                break
            blocked = self._blocked_until.get(url, now)
            due = max(self._heartbeat_due(url, now), blocked)
            if now >= due:
                hourly = url in self._last_contact
                if self._post(url, identify, []) is None:
                    if hourly:  # the per-PC phase is set: from now on once an hour
                        self._heartbeat_gap[url] = self.heartbeat_every
                    due = self._heartbeat_due(url, now)
                else:
                    due = self._blocked_until.get(url, now)
            waits.append(max(0.0, due - self.clock()))
        return max(0.0, min(waits))

    def _heartbeat_due(self, url: str, now: float) -> float:
        last = self._last_contact.get(url)
        if last is None:
            if url not in self._first_heartbeat:
                self._first_heartbeat[url] = now + self.spread.first_heartbeat_delay(
                    self.spread_random)
            return self._first_heartbeat[url]
        return last + self._heartbeat_gap.get(url, self._heartbeat_phase)

    def _drain(self, url: str, identify: bool | None) -> float:
        """Send batches to ``url`` until its queue is empty or it fails; return the next wait."""
        while not self._stopping.is_set():
            batch = self.store.pending(url, self.max_batch)
            if not batch:
                # Drained: the next first event draws a fresh per-PC delay (no stampede).
                self._due.pop(url, None)
                return IDLE_WAIT
            flag = batch[0].identify if identify is None else identify
            result = self._post(url, flag, [item.event for item in batch])
            seqs = [item.seq for item in batch]
            if result is None:
                self.store.remove(seqs)
                self.sent_batches += 1
                continue
            if result == "drop":
                log.error("receipts server %s refused a batch of %d events for good; dropped",
                          redact_url(url), len(seqs))
                self.store.remove(seqs)
                continue
            return max(0.0, self._blocked_until.get(url, 0.0) - self.clock())
        return IDLE_WAIT

    def _post(self, url: str, identify: bool, events: list[dict]) -> str | None:
        """POST one batch. None when delivered; "drop" or "retry" otherwise (backoff set)."""
        body = json.dumps(batch_body(self.client(identify), events), ensure_ascii=False)
        status, retry_after = self._request(url, body.encode("utf-8"))
        verdict = "retry" if status is None else outcome(status)
        if verdict == "sent":
            self._failures.pop(url, None)
            self._blocked_until.pop(url, None)
            self._last_contact[url] = self.clock()
            return None
        if verdict == "drop":
            self._last_contact[url] = self.clock()  # the server is there, it just said no
            return "drop"
        failures = self._failures.get(url, 0) + 1
        self._failures[url] = failures
        delay = backoff.retry_delay(failures, base=self.backoff_base, cap=self.backoff_cap,
                                    retry_after=retry_after, random=self.random)
        self._blocked_until[url] = self.clock() + delay
        log.info("receipts to %s failed (%s); next try in %.1f s", redact_url(url),
                 status if status is not None else "no connection", delay)
        return "retry"

    def _request(self, url: str, body: bytes) -> tuple[int | None, float | None]:
        deadline = RequestDeadline(self.session, self.clock() + self.total_deadline, self.clock)
        try:
            with deadline:
                response = self.session.post(
                    url, data=body, headers={"Content-Type": "application/json"}, stream=True,
                    allow_redirects=False, timeout=(self.connect_timeout, self.read_timeout))
                with response:
                    retry_after = backoff.parse_retry_after(response.headers.get("Retry-After"),
                                                            self.wall_clock())
                    try:  # the small 202 summary; reading it lets the socket be reused
                        response.raw.read(64 * 1024)
                    except (urllib3.exceptions.HTTPError, OSError, ValueError):
                        pass  # the status line already said whether the server took the batch
                    return response.status_code, retry_after
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError,
                ValueError) as exc:
            log.debug("receipts POST to %s: %s", redact_url(url), exc)
            return None, None


__all__ = ["HEARTBEAT_EVERY", "ReceiptSender"]
