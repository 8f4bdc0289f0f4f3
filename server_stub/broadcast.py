"""Feed version counter and the waiting room for long-poll requests.

`notify()` may be called from any thread (the service runs in the thread pool); waiters live
on the event loop. Each change swaps in a fresh `asyncio.Event` and sets the old one, so every
request waiting at that moment wakes at once.
"""

from __future__ import annotations

import asyncio


class Broadcaster:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event: asyncio.Event | None = None
        self._closed = False
        self.version = 0
        self.waiting = 0

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Bind to the server's event loop (called from the app's lifespan)."""
        self._loop = loop
        self._event = asyncio.Event()
        self._closed = False

    def notify(self) -> None:
        """The feed changed: wake every waiter. Thread-safe."""
        loop = self._loop
        if loop is None or loop.is_closed():
            self.version += 1
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._fire()
        else:
            loop.call_soon_threadsafe(self._fire)

    def _fire(self) -> None:
        self.version += 1
        old, self._event = self._event, asyncio.Event()
        if old is not None:
            old.set()

    async def wait(self, timeout: float) -> bool:
        """Wait for the next change; True if one came within ``timeout`` seconds."""
        if self._event is None or self._closed or timeout <= 0:
            return False
        event = self._event
        self.waiting += 1
        try:
            async with asyncio.timeout(timeout):
                await event.wait()
            return not self._closed
        except TimeoutError:
            return False
        finally:
            self.waiting -= 1

    def close(self) -> None:
        """Release every waiter (server shutdown); they answer 304 at once."""
        self._closed = True
        if self._loop is not None and not self._loop.is_closed():
            try:
                self._loop.call_soon_threadsafe(self._fire)
            except RuntimeError:
                pass
