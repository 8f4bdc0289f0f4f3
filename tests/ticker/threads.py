"""Shared thread-leak check for tests that start servers, watchdogs or pools.

Import `no_leftover_threads` into a conftest or test module to make it autouse there.
"""

from __future__ import annotations

import threading
import time

import pytest


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
