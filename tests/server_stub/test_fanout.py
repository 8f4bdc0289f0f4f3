"""FeedListener and announce against a real PostgreSQL (LISTEN/NOTIFY, reconnect, periodic check).

The listener runs in-process here with a short check interval so each recovery path is seen on
its own; tests/server_stub/test_replicas.py covers the same through two real server processes.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import create_engine, text

from server_stub.fanout import CHANNEL, FeedListener, announce, is_shared, libpq_conninfo


@pytest.fixture
def postgres_url(postgres_cluster):
    return postgres_cluster.new_database(migrated=False)  # LISTEN/NOTIFY needs no tables


class Counter:
    def __init__(self) -> None:
        self.calls = 0
        self.fail = False
        self._changed = threading.Condition()

    def __call__(self) -> None:
        with self._changed:
            self.calls += 1
            self._changed.notify_all()
        if self.fail:
            raise RuntimeError("database down")

    def wait_for(self, calls: int, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self.calls >= calls, timeout)


@pytest.fixture
def engine(postgres_url):
    engine = create_engine(postgres_url)
    yield engine
    engine.dispose()


@pytest.fixture
def listen(engine):
    started = []

    def start(refresh, check_interval=60.0, name="test feed listener") -> FeedListener:
        listener = FeedListener(libpq_conninfo(engine), refresh, check_interval=check_interval,
                                name=name).start()
        started.append(listener)
        assert listener.connected.wait(10)
        return listener

    yield start
    for listener in started:
        listener.stop()


def test_connect_reads_the_state_and_a_notify_wakes_the_listener(engine, listen):
    refresh = Counter()
    listener = listen(refresh)  # checks on its own only every 60 s
    assert refresh.wait_for(1, 5)  # the catch-up read on connect
    with engine.begin() as conn:
        announce(conn)
    # Within 10 s, long before the 60 s check, and counted as a notification: the NOTIFY
    # woke it. How fast that is, bench/bench_scale.py and bench_server.py measure.
    assert refresh.wait_for(2, 10)
    assert listener.notifications == 1


def test_a_rolled_back_change_wakes_nobody(engine, listen):
    refresh = Counter()
    listener = listen(refresh)
    assert refresh.wait_for(1, 5)
    with engine.connect() as conn:
        conn.begin()
        announce(conn)
        conn.rollback()
    assert not refresh.wait_for(2, 1.5)
    assert listener.notifications == 0


def test_the_periodic_check_finds_a_change_nobody_announced(listen):
    refresh = Counter()
    listener = listen(refresh, check_interval=0.6)
    assert refresh.wait_for(3, 5)  # connect + two checks, with no notification at all
    assert listener.checks >= 2 and listener.notifications == 0


def test_a_killed_listener_connection_reconnects_and_catches_up(engine, listen):
    refresh = Counter()
    listener = listen(refresh, name="test listener to kill")
    assert refresh.wait_for(1, 5)
    with engine.begin() as conn:
        killed = conn.execute(text("SELECT pg_terminate_backend(:pid)"),
                              {"pid": listener.backend_pid}).scalar()
        announce(conn)  # sent while the listener is gone: lost
    assert killed is True
    # the reconnect re-reads the state, which is what recovers the lost notification
    assert refresh.wait_for(2, 10)
    deadline = time.monotonic() + 10
    while listener.connects < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert listener.connects == 2 and listener.connected.is_set()
    with engine.begin() as conn:
        announce(conn)
    before = refresh.calls
    assert refresh.wait_for(before + 1, 2)


def test_a_failing_refresh_keeps_the_listener_connected(engine, listen):
    refresh = Counter()
    refresh.fail = True
    listener = listen(refresh, check_interval=0.5)
    assert refresh.wait_for(3, 5)
    assert listener.connects == 1 and listener.connected.is_set()


def listener_threads() -> int:
    return sum(t.name == "feed-listener" and t.is_alive() for t in threading.enumerate())


def test_an_unreachable_database_is_retried_with_backoff():
    refresh = Counter()
    before = listener_threads()
    listener = FeedListener("postgresql://nobody@127.0.0.1:1/none", refresh).start()
    try:
        time.sleep(1.2)
        assert not listener.connected.is_set() and refresh.calls == 0
    finally:
        listener.stop(timeout=10)  # a backoff sleep must not hold the thread
    assert listener_threads() == before


def test_only_postgresql_is_shared(engine, tmp_path):
    sqlite = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    assert is_shared(engine) and not is_shared(sqlite)
    with sqlite.begin() as conn:
        announce(conn)  # a no-op on SQLite
    assert CHANNEL == "notice_feed"
