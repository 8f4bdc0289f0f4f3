"""When a bar posts its receipts: per-PC random delays so a fleet does not stampede the server.

1,400 PCs see a new notice within the same poll; if each posted a fixed few seconds later,
all 1,400 POSTs would land in the same instant (p99 ~2 s on one server process). Fleet
agents avoid that by drawing each PC's delay from a random source of its own:

- ``shown``/``opened`` wait ``batch`` seconds (uniform, default 2-20 s) after the first
  queued event, so one publish reaches the server spread over ~18 s;
- ``acknowledged`` goes after ``acknowledged`` seconds (default 0: at once). Presses are
  human-timed, so they never coincide in bulk, and the publisher watches for them;
- the first heartbeat after start waits ``first_heartbeat`` (default 0-30 s: PCs switched on
  together at 08:30 do not greet the server together); the next one comes at a per-PC phase
  within the hour (``heartbeat_phase``), and every ``heartbeat_every`` after that.

``client_random(client_id)`` seeds the draws with the PC's own client id, so a PC's
sequence of delays is the same on every run and different from its neighbours'. The bench
imports this module to schedule its simulated PCs exactly as the bar does. Pure: no Qt, no I/O.
"""

from __future__ import annotations

import random as random_module
from collections.abc import Callable
from dataclasses import dataclass

Range = tuple[float, float]

BATCH_SPREAD: Range = (2.0, 20.0)
ACK_SPREAD: Range = (0.0, 0.0)
FIRST_HEARTBEAT_SPREAD: Range = (0.0, 30.0)
HEARTBEAT_EVERY = 3600.0


def uniform(random: Callable[[], float], bounds: Range) -> float:
    """A delay in ``[low, high]`` from ``random()`` in ``[0, 1)``; out-of-range values clamp."""
    low, high = bounds
    fraction = min(1.0, max(0.0, float(random())))
    return low + (high - low) * fraction


def as_range(value: float | Range) -> Range:
    """A single number means a fixed delay (tests, the bench client); a pair is a range."""
    if isinstance(value, int | float):
        low = high = float(value)
    else:
        low, high = (float(v) for v in value)
    if low < 0 or high < low:
        raise ValueError(f"bad delay range {value!r}")
    return low, high


@dataclass(frozen=True)
class Spread:
    batch: Range = BATCH_SPREAD
    acknowledged: Range = ACK_SPREAD
    first_heartbeat: Range = FIRST_HEARTBEAT_SPREAD
    heartbeat_every: float = HEARTBEAT_EVERY

    def batch_delay(self, random: Callable[[], float]) -> float:
        """Seconds between the first queued shown/opened and its batch's POST."""
        return uniform(random, self.batch)

    def ack_delay(self, random: Callable[[], float]) -> float:
        """Seconds between a queued acknowledgement and its POST."""
        return uniform(random, self.acknowledged)

    def first_heartbeat_delay(self, random: Callable[[], float]) -> float:
        """Seconds between start and the first heartbeat."""
        return uniform(random, self.first_heartbeat)

    def heartbeat_phase(self, random: Callable[[], float]) -> float:
        """Seconds from the first contact to the second heartbeat: within one period, so the
        hourly heartbeats of PCs started together fall all over the hour."""
        return uniform(random, (0.0, self.heartbeat_every))


def client_random(client_id: str) -> Callable[[], float]:
    """A random source seeded with the client id: deterministic per PC, distinct across PCs."""
    return random_module.Random(f"ticker-reach-spread:{client_id}").random


__all__ = ["ACK_SPREAD", "BATCH_SPREAD", "FIRST_HEARTBEAT_SPREAD", "HEARTBEAT_EVERY", "Spread",
           "as_range", "client_random", "uniform"]
