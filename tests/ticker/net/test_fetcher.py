"""Fetcher against a real local server with hostile behaviours."""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import threading
import time

import psutil
import pytest
import requests

from tests.ticker.manual_clock import ManualClock
from tests.ticker.net.hostile_server import (
    Feed,
    HostileServer,
    error,
    hang,
    huge,
    reset,
    slow_drip,
    slow_headers,
    static,
    truncated,
)
from ticker import __version__
from ticker.net.fetcher import Fetcher, FetchError
from ticker.net.tls import make_session

FEED = b'{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": []}'
BOUND = 10  # seconds: an upper bound on a wait, never a measured duration


@pytest.fixture
def session():
    s = make_session()
    yield s
    s.close()


@pytest.fixture
def fetcher(session):
    return Fetcher(session, connect_timeout=2, read_timeout=3, total_deadline=4)


def outcome(fn, *args, **kwargs):
    """The result, or the FetchError raised."""
    try:
        return fn(*args, **kwargs)
    except FetchError as exc:
        return exc


class Background:
    """A fetch on a thread of its own, so the test can move the clock while it runs."""

    def __init__(self, fetcher: Fetcher, *args, **kwargs) -> None:
        self.result = None
        self.thread = threading.Thread(target=self._run, args=(fetcher, args, kwargs))
        self.thread.start()

    def _run(self, fetcher, args, kwargs) -> None:
        self.result = outcome(fetcher.fetch, *args, **kwargs)

    def running_after(self, seconds: float) -> bool:
        self.thread.join(seconds)
        return self.thread.is_alive()

    def finish(self):
        self.thread.join(BOUND)
        assert not self.thread.is_alive(), "the fetch did not end"
        return self.result


def wait_for_requests(server: HostileServer, count: int, path: str | None = None) -> None:
    deadline = time.monotonic() + BOUND
    while len(server.seen(path)) < count:
        assert time.monotonic() < deadline, "the server never saw the request"
        time.sleep(0.02)


def test_ok_returns_body_validators_and_user_agent(hostile_server, fetcher):
    feed = Feed(FEED)
    url = hostile_server.route("/feed", feed)
    result = fetcher.fetch(url, None, None, None)
    assert result.status == "ok"
    assert result.body == FEED
    assert result.etag == feed.etag
    assert result.last_modified == feed.last_modified
    assert result.content_type == "application/feed+json"
    assert fetcher.supports_long_poll(url) is False
    seen = hostile_server.seen("/feed")[0]
    assert seen.headers["user-agent"] == f"NoticeTicker/{__version__}"
    assert "if-none-match" not in seen.headers and "prefer" not in seen.headers


def test_conditional_get_gives_304(hostile_server, fetcher):
    feed = Feed(FEED)
    url = hostile_server.route("/feed", feed)
    first = fetcher.fetch(url, None, None, None)
    second = fetcher.fetch(url, first.etag, first.last_modified, None)
    assert second.status == "not_modified"
    assert second.body is None
    assert second.etag == first.etag
    seen = hostile_server.seen("/feed")[1]
    assert seen.headers["if-none-match"] == feed.etag
    assert seen.headers["if-modified-since"] == feed.last_modified
    feed.update(FEED + b" ")
    third = fetcher.fetch(url, first.etag, first.last_modified, None)
    assert third.status == "ok" and third.etag == feed.etag != first.etag


def test_server_error_raises_http_status(hostile_server, fetcher):
    url = hostile_server.route("/feed", error(500))
    exc = outcome(fetcher.fetch, url, None, None, None)
    assert isinstance(exc, FetchError)
    assert exc.kind == "http_status" and exc.status == 500
    assert "HTTP 500" in str(exc) and "서버 오류" in str(exc)


def test_503_retry_after_seconds(hostile_server, fetcher):
    url = hostile_server.route("/feed", error(503, "120"))
    exc = outcome(fetcher.fetch, url, None, None, None)
    assert exc.kind == "http_status" and exc.status == 503
    assert exc.retry_after == 120


def test_503_retry_after_http_date(hostile_server, session):
    now = dt.datetime(2026, 11, 23, 0, 0, tzinfo=dt.UTC)
    later = email.utils.format_datetime(now + dt.timedelta(minutes=5), usegmt=True)
    url = hostile_server.route("/feed", error(503, later))
    fetcher = Fetcher(session, read_timeout=3, total_deadline=4, wall_clock=lambda: now)
    exc = outcome(fetcher.fetch, url, None, None, None)
    assert exc.retry_after == 300


def test_hanging_server_hits_the_read_timeout(hostile_server, session):
    url = hostile_server.route("/feed", hang())
    # The clock stands still: the total deadline cannot pass, only the read timeout can end it.
    fetcher = Fetcher(session, ManualClock(), connect_timeout=2, read_timeout=1,
                      total_deadline=10)
    exc = Background(fetcher, url).finish()
    assert isinstance(exc, FetchError) and exc.kind == "timeout"
    assert "deadline" not in exc.detail
    assert "너무 늦습니다" in str(exc) and "too long" in str(exc)


def assert_cut_off_once_the_deadline_passes(server: HostileServer, session, url: str) -> None:
    clock = ManualClock()
    fetcher = Fetcher(session, clock, read_timeout=3, total_deadline=0.5)
    fetch = Background(fetcher, url)
    wait_for_requests(server, 1)
    # Twice the deadline in real time, but the fetcher's clock has not moved: still running.
    assert fetch.running_after(1.0)
    clock.advance(0.5)
    exc = fetch.finish()
    assert isinstance(exc, FetchError) and exc.kind == "timeout"
    assert "deadline" in exc.detail


@pytest.mark.parametrize("behaviour", [
    slow_drip(byte_interval=0.2, length=1000),  # each byte well within the read timeout
    slow_headers(byte_interval=0.1),
], ids=["body", "headers"])
def test_slow_drip_is_cut_off_once_the_total_deadline_passes(hostile_server, session, behaviour):
    url = hostile_server.route("/feed", behaviour)
    assert_cut_off_once_the_deadline_passes(hostile_server, session, url)


def test_slow_drip_body_is_bounded_on_a_plain_session_too(hostile_server):
    """A foreign session cannot be cut off from outside; the check after every chunk ends it."""
    url = hostile_server.route("/feed", slow_drip(byte_interval=0.2, length=1000))
    with requests.Session() as plain:
        assert_cut_off_once_the_deadline_passes(hostile_server, plain, url)


@pytest.mark.parametrize("declare_length", [True, False], ids=["content-length", "chunked"])
def test_size_cap(hostile_server, session, declare_length):
    url = hostile_server.route("/feed", huge(3 * 1024 * 1024, declare_length=declare_length))
    fetcher = Fetcher(session, max_bytes=1024 * 1024, read_timeout=5, total_deadline=10)
    exc = outcome(fetcher.fetch, url, None, None, None)
    assert isinstance(exc, FetchError) and exc.kind == "too_large"
    assert "너무 큽니다" in str(exc)


def test_size_cap_allows_a_body_exactly_at_the_limit(hostile_server, session):
    url = hostile_server.route("/feed", huge(100_000, declare_length=False))
    result = Fetcher(session, max_bytes=100_000).fetch(url, None, None, None)
    assert len(result.body) == 100_000


def test_size_cap_applies_after_decompression(hostile_server, session):
    bomb = gzip.compress(b" " * (20 * 1024 * 1024))  # ~20 KiB on the wire, 20 MiB inflated
    url = hostile_server.route("/feed", static(bomb, headers={"Content-Encoding": "gzip"}))
    fetcher = Fetcher(session, max_bytes=1024 * 1024)
    exc = outcome(fetcher.fetch, url, None, None, None)
    assert isinstance(exc, FetchError) and exc.kind == "too_large"


def test_truncated_body_is_a_connection_error(hostile_server, fetcher):
    url = hostile_server.route("/feed", truncated(5000, b'{"version": '))
    exc = outcome(fetcher.fetch, url, None, None, None)
    assert isinstance(exc, FetchError) and exc.kind == "connection"


def test_connection_reset(hostile_server, fetcher):
    url = hostile_server.route("/feed", reset())
    exc = outcome(fetcher.fetch, url, None, None, None)
    assert isinstance(exc, FetchError) and exc.kind == "connection"
    assert "연결할 수 없습니다" in str(exc)


def test_connection_refused(fetcher):
    gone = HostileServer()
    url = gone.url("/feed")
    gone.stop()
    exc = outcome(fetcher.fetch, url, None, None, None)
    assert isinstance(exc, FetchError) and exc.kind == "connection"


def test_long_poll_is_discovered_then_held_with_an_extended_deadline(hostile_server, session):
    feed = Feed(FEED, long_poll=True)
    url = hostile_server.route("/feed", feed)
    clock = ManualClock()
    fetcher = Fetcher(session, clock, read_timeout=3, total_deadline=2)
    first = fetcher.fetch(url, None, None, wait=30)
    assert first.status == "ok" and not fetcher.supports_long_poll(url)
    assert "prefer" not in hostile_server.seen()[0].headers  # nothing to wait on without an ETag

    # Not yet known: only a probe wait that fits inside the ordinary timeouts.
    probe = outcome(fetcher.fetch, url, first.etag, None, wait=30)
    assert probe.status == "not_modified" and fetcher.supports_long_poll(url)
    assert hostile_server.seen()[1].headers["prefer"] == f"wait={fetcher.probe_wait}"
    assert 0 < fetcher.probe_wait <= 3 / 3

    # Known: wait=3 although the deadline (2 s) is shorter — deadline and read timeout grow by 3.
    fetch = Background(fetcher, url, first.etag, None, wait=3)
    wait_for_requests(hostile_server, 3)
    clock.advance(4)  # past the plain 2 s deadline, inside the extended 5 s
    held = fetch.finish()
    assert held.status == "not_modified", held  # the server's hold ended it, not the deadline
    assert hostile_server.seen()[2].headers["prefer"] == "wait=3"
    assert hostile_server.seen()[2].headers["if-none-match"] == feed.etag

    # A change answers the held request (a 10 s hold would end in a 304 instead).
    threading.Timer(0.3, feed.update, args=[FEED + b"\n"]).start()
    changed = outcome(fetcher.fetch, url, first.etag, None, wait=10)
    assert changed.status == "ok" and changed.body == FEED + b"\n"


def test_no_long_poll_without_preference_applied(hostile_server, session):
    feed = Feed(FEED, long_poll=False)
    url = hostile_server.route("/feed", feed)
    fetcher = Fetcher(session, ManualClock(), read_timeout=3, total_deadline=4)
    first = fetcher.fetch(url, None, None, wait=30)
    again = outcome(fetcher.fetch, url, first.etag, None, wait=30)
    assert again.status == "not_modified" and not fetcher.supports_long_poll(url)

    # And a server that never said Preference-Applied gets no longer read timeout: the
    # plain 3 s one ends the request (the clock stands still, so the deadline cannot),
    # well before a 30 s extension would.
    hung = hostile_server.route("/hang", hang())
    exc = Background(fetcher, hung, '"x"', None, wait=30).finish()
    assert isinstance(exc, FetchError) and exc.kind == "timeout"
    assert "deadline" not in exc.detail


def test_abort_cuts_off_a_request_in_flight(hostile_server, session):
    url = hostile_server.route("/feed", hang())
    fetcher = Fetcher(session, read_timeout=30, total_deadline=60)

    fetch = Background(fetcher, url)
    wait_for_requests(hostile_server, 1, "/feed")
    assert fetcher.abort() >= 1
    exc = fetch.finish()
    assert isinstance(exc, FetchError)


def test_proxy_from_environment(hostile_server, monkeypatch):
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    hostile_server.route("/feed.json", static(FEED))
    monkeypatch.setenv("HTTP_PROXY", hostile_server.url(""))
    monkeypatch.setenv("http_proxy", hostile_server.url(""))
    with make_session() as session:
        result = Fetcher(session).fetch("http://notices.example.invalid/feed.json", None, None, None)
    assert result.body == FEED
    assert hostile_server.seen()[0].path == "http://notices.example.invalid/feed.json"


@pytest.mark.parametrize("url", ["ftp://intranet.example/feed.json", "http://", "feed.json",
                                 "javascript:alert(1)"])
def test_invalid_feed_url_is_a_clear_error(fetcher, url):
    exc = outcome(fetcher.fetch, url, None, None, None)
    assert isinstance(exc, FetchError) and exc.kind == "connection"
    assert str(exc) == "피드 주소가 올바르지 않습니다 (invalid feed URL)"


def test_redirect_loop_is_a_clear_error(hostile_server, session, fetcher):
    url = hostile_server.route("/loop", static(b"", status=302,
                                               headers={"Location": "/loop"}))
    exc = outcome(fetcher.fetch, url, None, None, None)
    assert isinstance(exc, FetchError) and "redirects" in str(exc)
    assert len(hostile_server.seen("/loop")) == 6  # the first request and 5 redirects
    # requests leaves the last hop's response open; the error (kept here) must not pin it.
    session.close()
    assert open_connections_to(hostile_server.port) == []


def open_connections_to(port: int) -> list:
    """This process's established TCP connections to ``port`` (client side)."""
    return [c for c in psutil.Process().net_connections(kind="tcp")
            if c.raddr and c.raddr.port == port and c.status == psutil.CONN_ESTABLISHED]


def test_closing_the_session_closes_its_keep_alive_sockets(hostile_server, session):
    url = hostile_server.route("/feed", Feed(FEED))
    broken = hostile_server.route("/reset", reset())
    fetcher = Fetcher(session, read_timeout=3, total_deadline=4)
    fetcher.fetch(url)
    # A failure keeps the connection pool referenced from its traceback, as a poller's
    # failed attempts do until the next garbage collection.
    failure = outcome(fetcher.fetch, broken)
    assert isinstance(failure, FetchError)
    fetcher.fetch(url)
    assert len(open_connections_to(hostile_server.port)) == 1  # idle, kept alive for reuse
    session.close()
    assert open_connections_to(hostile_server.port) == []
