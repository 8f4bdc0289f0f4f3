"""A watchdog that cuts one thread's requests off once a clock passes a deadline.

requests bounds each read, not a whole request: a server dripping a byte at a time never
trips a read timeout. The watchdog reads the caller's clock (injected, ``time.monotonic`` in
production), so one clock decides when a request gives up, and a test can move it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import requests

from ticker.net.tls import abort_requests

# How often the watchdog looks at an injected (test) clock, in seconds: such a clock can jump
# at any time. On the real clock it sleeps until the deadline in one wait, so a held
# long-poll costs no wake-ups on an idle desktop.
WATCH_STEP = 0.5


def watch_step(clock: Callable[[], float]) -> float | None:
    """Seconds between looks at ``clock``; None: wait for the whole remaining time at once."""
    return None if clock is time.monotonic else WATCH_STEP


class RequestDeadline:
    """``with RequestDeadline(session, deadline, clock):`` around one request on this thread.

    Once ``clock()`` reaches ``deadline``, ``expired`` is set and the thread's requests on
    ``session`` (which must come from ``make_session``) are aborted.
    """

    def __init__(self, session: requests.Session, deadline: float,
                 clock: Callable[[], float]) -> None:
        self.session = session
        self.deadline = deadline
        self.clock = clock
        self.expired = threading.Event()
        self._done = threading.Event()
        self._owner = threading.get_ident()
        self._thread = threading.Thread(target=self._watch, name="request-deadline", daemon=True)

    def __enter__(self) -> RequestDeadline:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._done.set()
        self._thread.join(1.0)

    def _watch(self) -> None:
        step = watch_step(self.clock)
        while True:
            remaining = max(0.0, self.deadline - self.clock())
            if self._done.wait(remaining if step is None else min(step, remaining)):
                return
            if self.clock() >= self.deadline:
                self.expired.set()
                abort_requests(self.session, self._owner)
                return


__all__ = ["RequestDeadline", "watch_step"]
