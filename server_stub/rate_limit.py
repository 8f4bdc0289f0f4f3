"""Token buckets per key (here: per client id), in process memory.

Each replica of the server keeps its own buckets, so behind a load balancer with N replicas a
client may reach N times the rate; the limit is a guard against a runaway PC, not a quota.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class RateLimiter:
    def __init__(self, *, per_minute: float, burst: int, max_keys: int = 100_000,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._max_keys = max_keys
        self._now = monotonic
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when a request may go ahead, else the seconds until the next one may."""
        with self._lock:
            now = self._now()
            tokens, last = self._buckets.pop(key, (self._burst, now))
            tokens = min(self._burst, tokens + (now - last) * self._rate)
            if tokens >= 1.0:
                wait, tokens = 0.0, tokens - 1.0
            else:
                wait = (1.0 - tokens) / self._rate if self._rate > 0 else 3600.0
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > self._max_keys:
                self._buckets.popitem(last=False)  # the least recently seen key
            return wait
