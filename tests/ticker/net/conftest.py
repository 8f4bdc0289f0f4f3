"""Net tests must not leave threads behind (servers, watchdogs, pools)."""

from __future__ import annotations

import pytest

from tests.ticker.net.hostile_server import HostileServer
from tests.ticker.threads import no_leftover_threads  # noqa: F401  (autouse)


@pytest.fixture
def hostile_server():
    """A scripted local HTTP server on a random port (see hostile_server.py)."""
    server = HostileServer()
    try:
        yield server
    finally:
        server.stop()
