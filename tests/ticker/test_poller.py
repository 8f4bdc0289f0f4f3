"""Poller with a real local server: signals, cache-first start, hostile feeds, status, logs."""

from __future__ import annotations

import logging
import threading

import pytest

from tests.ticker.net.hostile_server import (
    Feed,
    HostileServer,
    error,
    hang,
    huge,
    reset,
    slow_drip,
    static,
)
from tests.ticker.poller_support import (  # noqa: F401
    GOOD,
    WAIT_MS,
    Recorder,
    item,
    json_feed,
    make_poller_fixture,
    server_fixture,
    titles,
    wait_until,
)
from tests.ticker.threads import no_leftover_threads  # noqa: F401  (autouse)
from ticker.net.cache import FeedCache
from ticker.poller import CONNECTED, OFFLINE, STALE


def test_fetches_parses_and_emits_on_the_gui_thread(qtbot, server, make_poller):
    url = server.route("/feed.json", Feed(GOOD))
    poller = make_poller([url])
    rec = Recorder(poller)
    with qtbot.waitSignal(poller.noticesReceived, timeout=WAIT_MS) as blocker:
        poller.start()
    got_url, notices = blocker.args
    assert got_url == url
    assert titles(notices) == ["덕진구 김장 나눔 행사", "신규 사업 안내"]
    assert all(n.source == url for n in notices)
    wait_until(qtbot, lambda: rec.status == CONNECTED)
    assert rec.threads == {threading.main_thread().name}
    assert rec.statuses[-1] == CONNECTED


def test_cached_notices_come_first_then_a_conditional_refresh(qtbot, server, make_poller,
                                                              tmp_path):
    feed = Feed(GOOD)
    url = server.route("/feed.json", feed)
    cache = FeedCache(tmp_path / "cache")
    cache.store(url, GOOD, etag=feed.etag, content_type="application/feed+json")
    poller = make_poller([url], cache=cache, startup_jitter=3600)  # no fetch during the test
    rec = Recorder(poller)
    poller.start()
    # Emitted synchronously inside start(): the bar has notices before any network I/O.
    assert [u for u, _ in rec.notices] == [url]
    assert titles(rec.notices[0][1]) == ["덕진구 김장 나눔 행사", "신규 사업 안내"]
    assert server.seen() == []
    assert rec.status == STALE  # cached, not yet confirmed

    poller.refresh_now()
    wait_until(qtbot, lambda: rec.status == CONNECTED)
    assert server.seen()[0].headers["if-none-match"] == feed.etag
    assert len(rec.notices) == 1  # a 304 emits nothing new


def test_an_unreadable_cache_is_ignored_and_its_etag_not_used(qtbot, server, make_poller,
                                                               tmp_path):
    feed = Feed(GOOD)
    url = server.route("/feed.json", feed)
    cache = FeedCache(tmp_path / "cache")
    cache.store(url, b'{"items": [', etag=feed.etag)  # stored fine, but not a readable feed
    poller = make_poller([url], cache=cache)
    rec = Recorder(poller)
    poller.start()
    assert rec.notices == []  # nothing shown from a bad cache, and no crash
    wait_until(qtbot, lambda: len(rec.notices) == 1)
    # Its ETag would have made the server answer 304 forever with nothing to show.
    assert "if-none-match" not in server.seen()[0].headers
    assert titles(rec.notices[0][1]) == ["덕진구 김장 나눔 행사", "신규 사업 안내"]


def test_a_valid_empty_feed_does_empty_the_list(qtbot, server, make_poller):
    feed = Feed(GOOD)
    url = server.route("/feed.json", feed)
    poller = make_poller([url], interval=0.3)
    rec = Recorder(poller)
    with qtbot.waitSignal(poller.noticesReceived, timeout=WAIT_MS):
        poller.start()
    feed.update(json_feed())  # every notice withdrawn: that is data, not an error
    wait_until(qtbot, lambda: len(rec.notices) == 2)
    assert rec.notices[-1] == (url, [])
    assert rec.failures == []


def test_a_good_fetch_is_cached(qtbot, server, make_poller, tmp_path):
    url = server.route("/feed.json", Feed(GOOD))
    poller = make_poller([url])
    with qtbot.waitSignal(poller.noticesReceived, timeout=WAIT_MS):
        poller.start()
    wait_until(qtbot, lambda: FeedCache(tmp_path / "cache").load(url) is not None)
    assert FeedCache(tmp_path / "cache").load(url).body == GOOD


HOSTILE = {
    "malformed-json": static(b'{"version": "https://jsonfeed.org/version/1.1", "items": [',),
    "malformed-xml": static(b"<?xml version='1.0'?><rss><channel><item><title>x</ti",
                            "application/rss+xml"),
    "wrong-types": static(json_feed().replace(b'"items": []', b'"items": "everything"')),
    "not-a-feed": static(b"<html><body>Proxy login required</body></html>", "text/html"),
    "empty-body": static(b"", "application/feed+json"),
    "oversized": huge(3 * 1024 * 1024, declare_length=False),
    "slow-drip": slow_drip(byte_interval=0.2, length=10_000),
    "server-error": error(500),
    "connection-reset": reset(),
    "hang": hang(),
    "html-labelled-as-feed": static(b"<html><head><title>Login</title></head></html>"),
}


@pytest.mark.parametrize("behaviour", list(HOSTILE), ids=list(HOSTILE))
def test_hostile_feed_keeps_the_last_good_notices(qtbot, server, make_poller, behaviour):
    url = server.route("/feed.json", Feed(GOOD))
    poller = make_poller([url], interval=0.3, backoff_cap=0.5)
    rec = Recorder(poller)
    with qtbot.waitSignal(poller.noticesReceived, timeout=WAIT_MS):
        poller.start()
    good = rec.notices[-1][1]
    server.route("/feed.json", HOSTILE[behaviour])
    # Two failures in a row: the poller survived the first and tried again.
    wait_until(qtbot, lambda: len(rec.failures) >= 2)
    assert rec.notices == [(url, good)], "an error must never replace the notices"
    assert all(u == url and "(" in msg for u, msg in rec.failures)  # Korean (English)
    assert rec.status == OFFLINE  # the only feed fails

    server.route("/feed.json", Feed(json_feed(item("n-3", "복구된 알림"))))
    wait_until(qtbot, lambda: len(rec.notices) == 2)
    assert titles(rec.notices[-1][1]) == ["복구된 알림"]
    wait_until(qtbot, lambda: rec.status == CONNECTED)


def test_markup_script_and_bad_links_are_neutralised(qtbot, server, make_poller):
    body = json_feed(
        item("x1", "<script>alert('x')</script><b>긴급</b> 공지", url="javascript:alert(1)"),
        item("x2", "정상 링크", url="https://www.jeonju.go.kr/notice?id=1"),
        item("x3", "파일 링크", url="file:///etc/passwd"),
        item("x4", "데이터 링크", url="data:text/html,<script>alert(1)</script>"),
        {"id": 42, "title": ["not", "a", "string"]},  # wrong types: skipped, not fatal
    )
    url = server.route("/feed.json", Feed(body))
    poller = make_poller([url])
    with qtbot.waitSignal(poller.noticesReceived, timeout=WAIT_MS) as blocker:
        poller.start()
    notices = {n.source_id: n for n in blocker.args[1]}
    assert set(notices) == {"x1", "x2", "x3", "x4"}
    assert "<" not in notices["x1"].title and "script" not in notices["x1"].title
    assert "긴급" in notices["x1"].title
    assert notices["x1"].link is None
    assert notices["x2"].link == "https://www.jeonju.go.kr/notice?id=1"
    assert notices["x3"].link is None and notices["x4"].link is None


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>게시판</title><link>http://intranet.example/</link>
<item><title>RSS 공지 &lt;b&gt;굵게&lt;/b&gt;</title><link>http://intranet.example/1</link>
<guid>r-1</guid></item></channel></rss>""".encode()


@pytest.mark.parametrize(("body", "content_type"), [
    (RSS, "application/json"),
    (RSS, "text/html; charset=euc-kr"),
    (GOOD, "text/plain"),
    (GOOD, "application/rss+xml"),
], ids=["rss-as-json", "rss-as-html", "json-as-text", "json-as-rss"])
def test_mislabelled_content_types_are_sniffed(qtbot, server, make_poller, body, content_type):
    url = server.route("/feed", Feed(body, content_type=content_type))
    poller = make_poller([url])
    with qtbot.waitSignal(poller.noticesReceived, timeout=WAIT_MS) as blocker:
        poller.start()
    expected = ["RSS 공지 굵게"] if body is RSS else ["덕진구 김장 나눔 행사", "신규 사업 안내"]
    assert titles(blocker.args[1]) == expected  # read despite the label, markup stripped


def test_status_connected_offline_connected_when_the_server_dies_and_returns(qtbot, make_poller):
    first = HostileServer()
    port = first.port
    url = first.route("/feed.json", Feed(GOOD))
    poller = make_poller([url], interval=0.3, backoff_cap=0.5)
    rec = Recorder(poller)
    try:
        poller.start()
        wait_until(qtbot, lambda: rec.status == CONNECTED)
    finally:
        first.stop()
    wait_until(qtbot, lambda: rec.status == OFFLINE)
    assert len(rec.notices) == 1 and rec.notices[0][1]

    second = HostileServer(port=port)
    try:
        second.route("/feed.json", Feed(GOOD))
        wait_until(qtbot, lambda: rec.status == CONNECTED)
    finally:
        poller.stop()
        second.stop()
    assert rec.statuses[-3:] == [CONNECTED, OFFLINE, CONNECTED]
    assert all(n for _, n in rec.notices)  # never an empty list


def test_one_failing_feed_of_two_is_stale_not_offline(qtbot, server, make_poller):
    good = server.route("/a.json", Feed(GOOD))
    bad = server.route("/b.json", error(500))
    poller = make_poller([good, bad])
    rec = Recorder(poller)
    poller.start()
    wait_until(qtbot, lambda: rec.status == STALE and any(u == good for u, _ in rec.notices))
    server.route("/b.json", Feed(json_feed(item("b", "둘째 피드"))))
    wait_until(qtbot, lambda: rec.status == CONNECTED)


def test_retry_after_is_honoured(qtbot, server, make_poller):
    url = server.route("/feed.json", error(503, "3600"))
    poller = make_poller([url], interval=0.2, backoff_cap=3600)
    rec = Recorder(poller)
    poller.start()
    wait_until(qtbot, lambda: bool(rec.failures))
    assert "503" in rec.failures[0][1]
    # Without Retry-After the next try would come after the 0.2 s interval, several times
    # in this window; with it, an hour later.
    qtbot.wait(1500)
    assert len(server.seen("/feed.json")) == 1
    poller.refresh_now()  # the user's refresh is not held back
    wait_until(qtbot, lambda: len(server.seen("/feed.json")) == 2)


def test_refresh_now_fetches_at_once(qtbot, server, make_poller):
    feed = Feed(GOOD)
    url = server.route("/feed.json", feed)
    poller = make_poller([url], interval=3600)
    rec = Recorder(poller)
    with qtbot.waitSignal(poller.noticesReceived, timeout=WAIT_MS):
        poller.start()
    feed.update(json_feed(item("n-9", "새 공지")))
    poller.refresh_now()
    poller.refresh_now()  # coalesced with the first
    wait_until(qtbot, lambda: len(rec.notices) == 2)
    assert titles(rec.notices[-1][1]) == ["새 공지"]
    qtbot.wait(500)
    assert len(server.seen("/feed.json")) == 2


def test_items_without_a_valid_notice_are_a_failed_fetch_not_an_empty_board(
        qtbot, server, make_poller, caplog):
    url = server.route("/feed.json", Feed(GOOD))
    poller = make_poller([url], interval=0.3, backoff_cap=0.5)
    rec = Recorder(poller)
    with qtbot.waitSignal(poller.noticesReceived, timeout=WAIT_MS):
        poller.start()
    good = rec.notices[-1][1]
    wait_until(qtbot, lambda: rec.status == CONNECTED)
    # Items that are all unusable: wrong types, or titles that sanitise to nothing.
    broken = json_feed({"id": 1, "title": ["x"]}, item("z", "\u200b \u200b"), 42)
    with caplog.at_level(logging.INFO, logger="ticker.poller"):
        server.route("/feed.json", Feed(broken))
        wait_until(qtbot, lambda: len(rec.failures) >= 2)
    assert rec.notices == [(url, good)]  # the last good ones stay
    assert "올바른 공지" in rec.failures[-1][1]
    assert rec.status == STALE  # amber: the server answered, its feed is broken
    why = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(why) == 1 and "no valid notice" in why[0].getMessage()  # said once, not per retry

    # A really empty items list is a real "no notices".
    server.route("/feed.json", Feed(json_feed()))
    wait_until(qtbot, lambda: rec.notices[-1] == (url, []))
    wait_until(qtbot, lambda: rec.status == CONNECTED)


def test_a_quiet_log_one_line_per_real_event(qtbot, server, make_poller, caplog):
    """Several polls log nothing (no scheduler INFO lines); a failure and its recovery log
    one line each, however many retries lie between them."""
    url = server.route("/feed.json", Feed(GOOD))
    poller = make_poller([url], interval=0.2, backoff_base=0.1, backoff_cap=0.2)
    caplog.set_level(logging.INFO)
    caplog.clear()  # from here on: polling only (not the session set-up's own notes)
    with qtbot.waitSignal(poller.noticesReceived, timeout=WAIT_MS):
        poller.start()
    wait_until(qtbot, lambda: len(server.seen()) >= 5)  # five polls or more
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO] == []
    rec = Recorder(poller)
    server.route("/feed.json", error(500))
    wait_until(qtbot, lambda: len(rec.failures) >= 3)
    server.route("/feed.json", Feed(json_feed(item("n-3", "복구된 알림"))))
    wait_until(qtbot, lambda: bool(rec.notices) and rec.status == CONNECTED)
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert len(lines) == 2, lines
    assert "failed" in lines[0] and "recovered after" in lines[1]
