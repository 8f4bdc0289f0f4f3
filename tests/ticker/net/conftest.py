"""Net tests must not leave threads behind (servers, watchdogs, pools)."""

from __future__ import annotations

import threading
import time

import pytest

from tests.ticker.net.hostile_server import HostileServer


@pytest.fixture(autouse=True)
def no_leftover_threads():
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 5
    while True:
        extra = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not extra or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert not extra, f"threads left running: {extra}"


@pytest.fixture
def hostile_server():
    """A scripted local HTTP server on a random port (see hostile_server.py)."""
    server = HostileServer()
    try:
        yield server
    finally:
        server.stop()
