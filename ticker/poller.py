"""Drives fetch → read (``ticker.feed.reading``: parse, sanitize) for every feed on
APScheduler's thread pool; a cached body goes through the same read first.

Results reach the GUI thread only through the three Qt signals (emitted from worker
threads, delivered queued). Worker threads never touch widgets.

Scheduling (``ticker/net/feed_jobs.py``): one job per feed URL with an ``IntervalTrigger``
instance (coalesce on, max_instances=1). The first run waits a random start-up delay so a
building full of PCs booting at 09:00 does not poll at once. A failed attempt moves the
job's next run time by exponential backoff with full jitter (never sooner than the poll
interval, honouring Retry-After, capped). When the server honours ``Prefer: wait=`` the
job stays in a long-poll loop (re-issuing at once after each 200/304) and the interval
trigger is paused until the loop ends.

Errors never replace the last good notices: a malformed feed, a timeout or an oversized
body emits ``fetchFailed`` and leaves the list alone. ``noticesReceived`` carries an empty
list only when a valid feed is really empty.
"""

from __future__ import annotations

import datetime as dt
import logging
import random as random_module
import threading
import time
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QObject, Signal

from ticker.feed.errors import FeedError, NoValidNotices
from ticker.feed.reading import ParseFn, SanitizeFn, read_notices
from ticker.net import backoff
from ticker.net.cache import FeedCache
from ticker.net.cached_feed import read_cached_feed
from ticker.net.feed_jobs import FeedJobs, after
from ticker.net.feed_state import CONNECTED, OFFLINE, STALE, FeedState, compute_status
from ticker.net.fetcher import Fetcher, FetchError
from ticker.net.redact import redact_url

__all__ = ["CONNECTED", "OFFLINE", "STALE", "Poller"]

log = logging.getLogger(__name__)

LONG_POLL_WAIT = 30  # seconds; below the 60 s idle limit of most proxies
MIN_LONG_POLL_GAP = 1.0  # never re-issue faster than this, whatever the server does
STOP_TIMEOUT = 2.0
ABORT_RETRY = 0.05  # seconds between aborts while stop() waits for the workers
REFRESH_GAP = 0.25  # seconds between a finished run and a refresh requested during it


class Poller(QObject):
    noticesReceived = Signal(str, list)  # (url, notices): a fresh, parsed, sanitised list
    statusChanged = Signal(str)  # "connected" | "stale" | "offline"
    fetchFailed = Signal(str, str)  # (url, human-readable reason, Korean (English))

    def __init__(self, feeds: Sequence[str], *, fetcher: Fetcher, cache: FeedCache | None,
                 parse: ParseFn, sanitize: SanitizeFn, interval: float = 60.0,
                 long_poll_wait: int = LONG_POLL_WAIT,
                 startup_jitter: float = backoff.DEFAULT_STARTUP_JITTER,
                 backoff_base: float = backoff.DEFAULT_BASE,
                 backoff_cap: float = backoff.DEFAULT_CAP,
                 clock: Callable[[], float] = time.monotonic,
                 random: Callable[[], float] | None = None,
                 max_workers: int | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fetcher = fetcher
        self.cache = cache
        self.parse = parse
        self.sanitize = sanitize
        self.interval = float(interval)
        self.long_poll_wait = int(long_poll_wait)
        self.startup_jitter = float(startup_jitter)
        self.backoff_base = float(backoff_base)
        self.backoff_cap = float(backoff_cap)
        self.clock = clock
        self.random = random or random_module.Random().random
        self._feeds = _unique(feeds)
        self._max_workers = max_workers
        self._lock = threading.RLock()
        self._idle = threading.Condition(self._lock)
        self._states: dict[str, FeedState] = {}
        self._status: str | None = None
        self._stopping = threading.Event()
        self._jobs: FeedJobs | None = None

    # -- public API (GUI thread) ---------------------------------------------------------

    @property
    def status(self) -> str | None:
        return self._status

    def start(self) -> None:
        """Emit cached notices at once, then start polling after the start-up delay."""
        if self._jobs is not None:
            return
        self._stopping.clear()
        self._jobs = FeedJobs(self._max_workers or max(4, 2 * len(self._feeds) + 2))
        with self._lock:
            self._states = {url: FeedState(url) for url in self._feeds}
        for url in self._feeds:
            self._load_cached(url)
        self._update_status(force=True)
        for url in self._feeds:
            delay = backoff.startup_delay(self.startup_jitter, random=self.random)
            self._jobs.add_feed(url, self._run_feed, self.interval, delay)
        self._jobs.add_periodic("status", self._update_status, max(self.interval, 5.0))
        self._jobs.start()

    def stop(self) -> None:
        """Stop polling; in-flight requests are cut off, waiting at most ~2 s for workers."""
        jobs, self._jobs = self._jobs, None
        if jobs is None:
            return
        self._stopping.set()
        self.fetcher.abort()
        with self._idle:
            deadline = time.monotonic() + STOP_TIMEOUT
            while any(s.running for s in self._states.values()):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._idle.wait(min(remaining, ABORT_RETRY))
                # A worker that passed its stop check just before the first abort opens
                # its connection after it: cut that one off too instead of waiting for it.
                self.fetcher.abort()
            busy = [s.url for s in self._states.values() if s.running]
        if busy:
            log.warning("Feed workers still busy at stop: %s", [redact_url(u) for u in busy])
        jobs.shutdown(wait=not busy)

    def refresh_now(self) -> None:
        """Fetch every feed as soon as possible; repeated calls coalesce into one fetch.

        A feed whose fetch is running gets one more fetch right after it, unless it is
        long-polling (then the server pushes changes anyway).
        """
        if self._jobs is None:
            return
        now = dt.datetime.now(dt.UTC)
        with self._lock:
            idle = []
            for state in self._states.values():
                if state.running:
                    state.refresh_pending = True
                else:
                    idle.append(state.url)
        for url in idle:
            self._move_job(url, now)

    def _move_job(self, url: str, when: dt.datetime | None) -> None:
        """Set the job's next run (None pauses it); a no-op once stopped."""
        jobs = self._jobs
        if jobs is not None:
            jobs.move(url, when)

    # -- worker thread -------------------------------------------------------------------

    def _run_feed(self, url: str) -> None:
        with self._lock:
            state = self._states.get(url)
            if state is None or self._stopping.is_set():
                return
            state.running = True
            state.worker = threading.get_ident()
        try:
            self._poll_feed(state)
        except Exception:  # a bug must not kill the job, the thread or the app
            log.exception("Unexpected error while polling %s", redact_url(url))
        finally:
            with self._idle:
                state.running = False
                state.worker = None
                pending, state.refresh_pending = state.refresh_pending, False
                self._idle.notify_all()
            if pending and self._current(state) and not self._stopping.is_set():
                # Not "now": this run still counts as an instance for a few microseconds.
                self._move_job(state.url, after(REFRESH_GAP))

    def _poll_feed(self, state: FeedState) -> None:
        delay = self._attempt(state)
        if delay is None and self._should_probe(state):
            # A conditional GET with a short Prefer: wait= tells us at once whether the server
            # long-polls, instead of one poll interval later.
            state.probed = True
            delay = self._attempt(state)
        if delay is None and self._long_polling(state):
            self._move_job(state.url, None)  # pause the interval trigger while we loop
            state.long_polling = True
            try:
                while delay is None and self._long_polling(state):
                    began = self.clock()
                    delay = self._attempt(state)
                    state.refresh_pending = False  # a long-poll answer is as fresh as it gets
                    spent = self.clock() - began
                    if delay is None and spent < MIN_LONG_POLL_GAP:
                        self._stopping.wait(MIN_LONG_POLL_GAP - spent)
            finally:
                state.long_polling = False
                pause = self.interval if delay is None else delay
                if self._current(state) and not self._stopping.is_set():
                    self._move_job(state.url, after(pause))
            return
        if delay is not None and self._current(state):
            self._move_job(state.url, after(delay))

    def _should_probe(self, state: FeedState) -> bool:
        return (self.long_poll_wait > 0 and not state.probed and bool(state.etag)
                and state.notices is not None and not self._stopping.is_set()
                and not self.fetcher.supports_long_poll(state.url))

    def _long_polling(self, state: FeedState) -> bool:
        return (self.long_poll_wait > 0 and not self._stopping.is_set()
                and self._current(state) and state.notices is not None and bool(state.etag)
                and self.fetcher.supports_long_poll(state.url))

    def _attempt(self, state: FeedState) -> float | None:
        """One fetch → parse → sanitize. Returns None on success, else the retry delay."""
        have_data = state.notices is not None
        try:
            result = self.fetcher.fetch(
                state.url, state.etag if have_data else None,
                state.last_modified if have_data else None,
                wait=self.long_poll_wait or None)
        except FetchError as exc:
            # A request cut off by stop() is expected, not a problem worth a warning.
            if self._stopping.is_set():
                log.info("Fetching %s failed (cut off by stop): %s [%s]",
                         redact_url(state.url), exc.message, exc.kind)
            else:
                self._log_problem(state, exc.message, "Fetching %s failed: %s [%s] %s",
                                  redact_url(state.url), exc.message, exc.kind, exc.detail[:300])
            return self._failed(state, exc.message, exc.retry_after)
        except Exception:  # a bug below us; count it as a failure so backoff and status apply
            log.exception("Unexpected error fetching %s", redact_url(state.url))
            return self._failed(state, "피드를 가져오지 못했습니다 (the feed could not be fetched)",
                                None)
        if self._stopping.is_set() or not self._current(state):
            return None
        if result.status == "not_modified":
            if not have_data:  # a 304 to an unconditional GET: the server is confused
                return self._failed(state, "서버 응답이 올바르지 않습니다 (unexpected 304 response)",
                                    None)
            self._succeeded(state)
            return None
        body = result.body or b""
        try:
            notices = read_notices(body, result.content_type, state.url, parse=self.parse,
                                   sanitize=self.sanitize)
        except NoValidNotices as exc:
            self._log_problem(state, str(exc), "Feed %s has no valid notice, keeping the "
                              "last good ones: %s", redact_url(state.url), exc)
            return self._failed(state, str(exc), None, answered=True)
        except FeedError as exc:  # already Korean (English)
            self._log_problem(state, str(exc), "Cannot read feed %s: %s", redact_url(state.url),
                              exc)
            return self._failed(state, str(exc), None)
        except Exception:  # a parser or sanitiser bug: the feed is unusable, the app lives on
            log.exception("Unexpected error reading feed %s", redact_url(state.url))
            return self._failed(state, "피드를 읽을 수 없습니다 (cannot read the feed)", None)
        unchanged = notices == state.notices and result.etag == state.etag
        state.notices = notices
        state.etag, state.last_modified = result.etag, result.last_modified
        if unchanged:  # a server without validators re-sends the same feed: nothing to do
            self._succeeded(state)
            return None
        if self.cache is not None:
            try:
                self.cache.store(state.url, body, etag=result.etag,
                                 last_modified=result.last_modified,
                                 content_type=result.content_type)
            except Exception:
                log.exception("Cannot cache feed %s", redact_url(state.url))
        if not self._stopping.is_set() and self._current(state):
            self.noticesReceived.emit(state.url, list(notices))
        self._succeeded(state)
        return None

    def _log_problem(self, state: FeedState, reason: str, message: str, *args: object) -> None:
        """One warning per real change; the same reason again on a retry logs at DEBUG."""
        log.log(logging.WARNING if state.note_problem(reason) else logging.DEBUG, message, *args)

    def _succeeded(self, state: FeedState) -> None:
        recovered = state.record_success(self.clock())
        if recovered is not None:
            log.info("Feed %s recovered after %d failed attempt(s)", redact_url(state.url),
                     recovered)
        self._update_status()

    def _failed(self, state: FeedState, message: str, retry_after: float | None,
                answered: bool = False) -> float:
        failures = state.record_failure(answered)
        delay = backoff.retry_delay(failures, base=self.backoff_base, cap=self.backoff_cap,
                                    floor=self.interval, retry_after=retry_after,
                                    random=self.random)
        if not self._stopping.is_set() and self._current(state):
            self.fetchFailed.emit(state.url, message)
            self._update_status()
        return delay

    def _current(self, state: FeedState) -> bool:
        with self._lock:
            return self._states.get(state.url) is state

    # -- start-up cache and status ---------------------------------------------------------

    def _load_cached(self, url: str) -> None:
        if self.cache is None:
            return
        cached = read_cached_feed(self.cache, url, parse=self.parse, sanitize=self.sanitize)
        if cached is None:
            return
        with self._lock:
            state = self._states.get(url)
            if state is None:
                return
            state.notices = cached.notices
            state.etag, state.last_modified = cached.etag, cached.last_modified
        self.noticesReceived.emit(url, list(cached.notices))

    def _update_status(self, force: bool = False) -> None:
        if self._stopping.is_set():
            return
        with self._lock:  # emit under the lock so deliveries keep the order of decisions
            fresh_for = 3 * max(self.interval, float(self.long_poll_wait))
            status = compute_status(self._states.values(), self.clock(), fresh_for)
            if force or status != self._status:
                self._status = status
                self.statusChanged.emit(status)


def _unique(urls: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for url in urls:
        text = str(url).strip()
        if text:
            seen.setdefault(text, None)
    return list(seen)

