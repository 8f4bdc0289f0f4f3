"""An asyncio event loop on virtual time, for server tests that prove timeouts.

`VirtualTimeLoop.time()` is a counter, not the wall clock. When the loop would sleep until its
next timer and no I/O is ready, the counter jumps to that timer instead: a 3600 s timeout
finishes at once, exactly when ``loop.time()`` has moved 3600 s on. I/O still runs for real
(the loop polls the real selector with a zero timeout first), and with no timer pending the
loop blocks on the real selector as usual, so `call_soon_threadsafe` still wakes it.

`run_on_virtual_time(scenario)` runs ``scenario()`` on a fresh one.
"""

from __future__ import annotations

import asyncio
import selectors
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class _VirtualClock:
    def __init__(self) -> None:
        self.now = 0.0


class _JumpingSelector(selectors.DefaultSelector):
    """A real selector that skips the sleep: it advances the virtual clock by the timeout."""

    def __init__(self, clock: _VirtualClock) -> None:
        super().__init__()
        self._clock = clock

    def select(self, timeout: float | None = None):
        if timeout is None:  # no timer pending: only I/O or another thread can wake the loop
            return super().select(None)
        ready = super().select(0)
        if not ready and timeout > 0:
            self._clock.now += timeout
        return ready


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    def __init__(self) -> None:
        self._virtual_clock = _VirtualClock()
        super().__init__(_JumpingSelector(self._virtual_clock))

    def time(self) -> float:
        return self._virtual_clock.now


def run_on_virtual_time(scenario: Callable[[], Awaitable[T]]) -> T:
    with asyncio.Runner(loop_factory=VirtualTimeLoop) as runner:
        return runner.run(scenario())
