"""Broadcaster: waiters wake on notify (from the loop or another thread), time out otherwise.

Timeouts are proven on virtual time (`VirtualTimeLoop`): a wait returns exactly when the
loop's clock reaches its deadline, and an hour-long wait takes no real time at all.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

from server_stub.broadcast import Broadcaster
from tests.server_stub.virtual_time import run_on_virtual_time


def test_waiters_wake_on_notify_from_another_thread():
    async def scenario():
        hub = Broadcaster()
        hub.attach(asyncio.get_running_loop())
        # A 30 s timeout would answer False: True can only come from the notify.
        waiters = [asyncio.create_task(hub.wait(30)) for _ in range(50)]
        await asyncio.sleep(0)  # every waiter runs up to its wait
        assert hub.waiting == 50
        threading.Thread(target=hub.notify).start()
        results = await asyncio.wait_for(asyncio.gather(*waiters), 10)
        return results, hub

    results, hub = asyncio.run(scenario())
    assert results == [True] * 50
    assert hub.version == 1 and hub.waiting == 0


@pytest.mark.parametrize("timeout", [0.2, 3600])
def test_wait_times_out_without_change_exactly_at_its_deadline(timeout):
    async def scenario():
        loop = asyncio.get_running_loop()
        hub = Broadcaster()
        hub.attach(loop)
        started = loop.time()
        changed = await hub.wait(timeout)
        return changed, loop.time() - started, hub

    changed, elapsed, hub = run_on_virtual_time(scenario)
    assert changed is False
    assert elapsed == pytest.approx(timeout, abs=1e-6)
    assert hub.version == 0 and hub.waiting == 0


def test_a_change_before_the_deadline_wakes_the_wait_then():
    async def scenario():
        loop = asyncio.get_running_loop()
        hub = Broadcaster()
        hub.attach(loop)
        started = loop.time()
        loop.call_later(0.15, hub.notify)
        changed = await hub.wait(0.2)
        woke_after = loop.time() - started
        late_started = loop.time()
        loop.call_later(0.25, hub.notify)  # after this wait's deadline: it times out first
        late = await hub.wait(0.2)
        return changed, woke_after, late, loop.time() - late_started

    changed, woke_after, late, late_elapsed = run_on_virtual_time(scenario)
    assert changed is True and woke_after == pytest.approx(0.15, abs=1e-6)
    assert late is False and late_elapsed == pytest.approx(0.2, abs=1e-6)


def test_close_releases_waiters():
    async def scenario():
        hub = Broadcaster()
        hub.attach(asyncio.get_running_loop())
        task = asyncio.create_task(hub.wait(30))
        await asyncio.sleep(0)
        assert hub.waiting == 1
        hub.close()
        return await asyncio.wait_for(task, 10)

    assert asyncio.run(scenario()) is False
