"""A monotonic clock that moves only when a test moves it, for code that takes a clock."""

from __future__ import annotations

import threading


class ManualClock:
    """Call it for the time (seconds); ``advance`` moves it. Safe to read from any thread."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds
