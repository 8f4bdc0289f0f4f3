"""A watchdog that cuts one thread's requests off once a clock passes a deadline.

requests bounds each read, not a whole request: a server dripping a byte at a time never
trips a read timeout. The watchdog reads the caller's clock (injected, ``time.monotonic`` in
production), so one clock decides when a request gives up, and a test can move it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import requests

from ticker.net.tls import abort_requests

# The watchdog looks at the clock at least this often (seconds); with the real clock it
# wakes exactly at the deadline, so this only bounds how late a moved test clock is seen.
WATCH_STEP = 0.5


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
        while not self._done.wait(min(WATCH_STEP, max(0.0, self.deadline - self.clock()))):
            if self.clock() >= self.deadline:
                self.expired.set()
                abort_requests(self.session, self._owner)
                return


__all__ = ["RequestDeadline"]
