"""Per-feed polling state and the status rule (connected / stale / offline). Pure: no Qt, no I/O."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from ticker.feed.notice import Notice

CONNECTED, STALE, OFFLINE = "connected", "stale", "offline"


@dataclasses.dataclass
class FeedState:
    """What the poller knows about one feed. Mutated only by the worker running that feed."""

    url: str
    notices: list[Notice] | None = None  # the last good list; None = nothing yet
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0  # consecutive failed attempts
    last_ok: bool | None = None  # outcome of the last attempt; None = not tried yet
    last_success: float | None = None  # poller clock
    logged_problem: str | None = None  # the failure reason last logged as a warning
    answered: bool = False  # the last failure was a well-formed feed without a valid notice
    running: bool = False
    worker: int | None = None  # ident of the thread running it, to abort its request
    long_polling: bool = False
    refresh_pending: bool = False  # refresh_now() arrived while a fetch was running
    probed: bool = False  # asked once, right after the first success, whether it long-polls

    def note_problem(self, reason: str) -> bool:
        """Remember why the feed failed; True when the reason is new (worth a warning: the
        same reason again on every retry is not news)."""
        new = reason != self.logged_problem
        self.logged_problem = reason
        return new

    def record_success(self, now: float) -> int | None:
        """An attempt got a good answer at ``now``. Returns the failed attempts it ends when
        a problem had been reported (worth one "recovered" line), else None."""
        recovered = self.failures if self.logged_problem is not None else None
        self.logged_problem = None
        self.failures = 0
        self.last_ok = True
        self.answered = False
        self.last_success = now
        return recovered

    def record_failure(self, answered: bool = False) -> int:
        """An attempt failed (``answered``: the server sent a feed without a valid notice).
        Returns the consecutive failures, for the backoff."""
        self.failures += 1
        self.last_ok = False
        self.answered = answered
        return self.failures


def compute_status(states: Iterable[FeedState], now: float, fresh_for: float) -> str:
    """The bar's status dot.

    - offline: there are no feeds, or the last attempt of every feed failed (a feed that
      answered with items but no valid notice reached its server: stale, not offline);
    - connected: the last attempt of every feed succeeded within ``fresh_for`` seconds;
    - stale: anything between (some feeds fail, nothing tried yet, or data is getting old).
    """
    states = list(states)
    if not states or all(s.last_ok is False and not s.answered for s in states):
        return OFFLINE
    if all(s.last_ok and s.last_success is not None and now - s.last_success <= fresh_for
           for s in states):
        return CONNECTED
    return STALE
