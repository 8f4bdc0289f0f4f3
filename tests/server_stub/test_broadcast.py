"""Broadcaster: waiters wake on notify (from the loop or another thread), time out otherwise."""

from __future__ import annotations

import asyncio
import threading
import time

from server_stub.broadcast import Broadcaster


def test_waiters_wake_on_notify_from_another_thread():
    async def scenario():
        hub = Broadcaster()
        hub.attach(asyncio.get_running_loop())
        waiters = [asyncio.create_task(hub.wait(5)) for _ in range(50)]
        await asyncio.sleep(0.05)
        assert hub.waiting == 50
        started = time.monotonic()
        threading.Thread(target=hub.notify).start()
        results = await asyncio.gather(*waiters)
        return results, time.monotonic() - started, hub

    results, elapsed, hub = asyncio.run(scenario())
    assert all(results) and elapsed < 1.0
    assert hub.version == 1 and hub.waiting == 0


def test_wait_times_out_without_change():
    async def scenario():
        hub = Broadcaster()
        hub.attach(asyncio.get_running_loop())
        started = time.monotonic()
        changed = await hub.wait(0.2)
        return changed, time.monotonic() - started

    changed, elapsed = asyncio.run(scenario())
    assert changed is False and 0.18 <= elapsed < 1.0


def test_close_releases_waiters():
    async def scenario():
        hub = Broadcaster()
        hub.attach(asyncio.get_running_loop())
        task = asyncio.create_task(hub.wait(30))
        await asyncio.sleep(0.05)
        hub.close()
        return await asyncio.wait_for(task, 2)

    assert asyncio.run(scenario()) is False
