"""Poller long-poll (a local server and the real notice server) and how stop() ends it."""

from __future__ import annotations

import logging
import threading

from tests.ticker import poller_support as support
from tests.ticker.net.hostile_server import Feed, hang
from tests.ticker.poller_support import make_poller_fixture, server_fixture  # noqa: F401
from tests.ticker.threads import no_leftover_threads  # noqa: F401  (autouse)
from ticker.net.fetcher import Fetcher
from ticker.net.tls import make_session
from ticker.poller import CONNECTED, OFFLINE


def holding(server) -> bool:
    """A request asking the server to hold it for 30 s has arrived."""
    return any(r.headers.get("prefer") == "wait=30" for r in server.seen())


def test_long_poll_delivers_a_change_and_stop_does_not_wait_for_it(qtbot, server, make_poller,
                                                                   caplog):
    feed = Feed(support.GOOD, long_poll=True)
    url = server.route("/feed.json", feed)
    poller = make_poller([url], interval=3600, long_poll_wait=30)
    rec = support.Recorder(poller)
    with qtbot.waitSignal(poller.noticesReceived, timeout=support.WAIT_MS):
        poller.start()
    # Wait until a request holding for 30 s is in flight.
    support.wait_until(qtbot, lambda: holding(server))
    feed.update(support.json_feed(support.item("n-5", "방금 게시된 공지")))
    # The next poll is an hour away: only the held request can deliver the change.
    support.wait_until(qtbot, lambda: len(rec.notices) == 2)
    assert support.titles(rec.notices[-1][1]) == ["방금 게시된 공지"]

    support.wait_until(qtbot, lambda: sum(r.headers.get("prefer") == "wait=30"
                                  for r in server.seen()) >= 2)
    with caplog.at_level(logging.WARNING, logger="ticker.poller"):
        poller.stop()
    # stop() gives up on busy workers after its own short bound and says so; the held
    # request was cut off instead (and the autouse fixture finds no thread left behind).
    assert not any("still busy" in r.getMessage() for r in caplog.records)


# -- the real notice server -----------------------------------------------------------------


def test_publish_on_the_real_server_arrives_by_long_poll(qtbot, live_server, make_poller):
    live_server.publish(title="첫 공지")
    url = live_server.url("/feed.json")
    poller = make_poller([url], interval=60, long_poll_wait=30)
    rec = support.Recorder(poller)
    with qtbot.waitSignal(poller.noticesReceived, timeout=support.WAIT_MS):
        poller.start()
    assert support.titles(rec.notices[-1][1]) == ["첫 공지"]
    # The real server says Preference-Applied; wait until a 30 s hold is in flight.
    support.wait_until(qtbot, lambda: poller.fetcher.supports_long_poll(url))
    qtbot.wait(300)
    live_server.publish(title="긴급 공지", priority="urgent")
    # The next interval poll is a minute away: the held request delivers the change.
    # (Publish → on-screen latency is a figure: bench/bench_ticker.py --only publish.)
    support.wait_until(qtbot, lambda: any("긴급 공지" in support.titles(n)
                                          for _, n in rec.notices))
    assert rec.status == CONNECTED


def test_real_server_down_keeps_cached_notices_then_recovers(qtbot, live_server, make_poller):
    live_server.publish(title="캐시될 공지")
    url = live_server.url("/feed.json")
    poller = make_poller([url], interval=0.5, backoff_cap=1.0, long_poll_wait=30)
    rec = support.Recorder(poller)
    with qtbot.waitSignal(poller.noticesReceived, timeout=support.WAIT_MS):
        poller.start()
    support.wait_until(qtbot, lambda: rec.status == CONNECTED)
    live_server.kill()  # not a clean shutdown: the held long-poll connection just dies
    support.wait_until(qtbot, lambda: rec.status == OFFLINE, timeout=15_000)
    assert len(rec.notices) == 1 and rec.failures
    assert support.titles(rec.notices[-1][1]) == ["캐시될 공지"]
    live_server.start()
    support.wait_until(qtbot, lambda: rec.status == CONNECTED, timeout=15_000)
    assert support.titles(rec.notices[-1][1]) == ["캐시될 공지"]
    assert all(n for _, n in rec.notices)


class LateConnectFetcher(Fetcher):
    """Reaches the network only after stop() has aborted once: a worker that passed its
    stop check just before stop() and connects right after the abort."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.aborted = threading.Event()
        self.entered = threading.Event()

    def abort(self, owner=None):
        hit = super().abort(owner)
        self.aborted.set()
        return hit

    def fetch(self, url, etag=None, last_modified=None, wait=None):
        self.entered.set()
        self.aborted.wait(10)
        return super().fetch(url, etag, last_modified, wait)


def test_stop_cuts_off_a_request_that_connects_after_the_first_abort(qtbot, server, make_poller,
                                                                      caplog):
    url = server.route("/feed.json", hang())
    with make_session() as session:
        # Without stop() the request would hang for 30 s.
        fetcher = LateConnectFetcher(session, read_timeout=30, total_deadline=30)
        poller = make_poller([url], fetcher=fetcher)
        poller.start()
        assert fetcher.entered.wait(10)
        with caplog.at_level("INFO", logger="ticker.poller"):
            poller.stop()
        assert fetcher.aborted.is_set()
        assert not any("still busy" in r.getMessage() for r in caplog.records)
        # The request stop() cut off is logged, but not as a warning: it is no failure.
        qtbot.waitUntil(lambda: any("failed" in r.getMessage() for r in caplog.records
                                    if r.name == "ticker.poller"), timeout=5000)
        assert not [r for r in caplog.records
                    if r.name == "ticker.poller" and r.levelno >= logging.WARNING]
        # (and the autouse fixture checks that no worker thread is left hanging)
