"""Feed endpoints on a real server: content, variants, caching headers, 304 and long-poll.

How long a long-poll is held is proven apart from the server process, on `FeedEndpoint` with a
real `FeedCache` and `Broadcaster` on virtual time (`VirtualTimeLoop`), at the end of this file.
"""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from types import SimpleNamespace
from xml.etree import ElementTree as ET

import pytest
import requests

from server_stub.broadcast import Broadcaster
from server_stub.config import ServerConfig
from server_stub.feed_cache import FeedCache
from server_stub.feed_routes import FeedEndpoint
from server_stub.models import Notice
from server_stub.zone import HOME_ZONE, HOME_ZONE_NAME
from tests.server_stub.virtual_time import run_on_virtual_time

ATOM = "{http://www.w3.org/2005/Atom}"


def get(server, path, **headers):
    return requests.get(server.url(path), headers=headers, timeout=90)


def item_titles(response) -> list[str]:
    return [i["title"] for i in response.json()["items"]]


def wait_until_held(server, count: int = 1, timeout: float = 20.0) -> None:
    """Block until the server reports ``count`` long-polls held (GET /healthz ``waiting``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if requests.get(server.url("/healthz"), timeout=5).json()["waiting"] >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"the server never held {count} long-poll(s)")


def held_poll(server, path: str, etag: str, wait: int) -> tuple[threading.Thread, dict]:
    """Start a conditional long-poll GET on a thread and return once the server holds it.

    After ``thread.join()`` the response is ``box["r"]``."""
    box = {}
    thread = threading.Thread(target=lambda: box.setdefault("r", get(
        server, path, **{"If-None-Match": etag, "Prefer": f"wait={wait}"})))
    thread.start()
    wait_until_held(server)
    return thread, box


def test_empty_feed_is_valid_json_feed(live_server):
    response = get(live_server, "/feed.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/feed+json"
    doc = response.json()
    assert doc["version"] == "https://jsonfeed.org/version/1.1" and doc["items"] == []
    assert doc["feed_url"] == live_server.url("/feed.json")
    assert doc["home_page_url"] == live_server.url("/")


def test_feed_holds_live_and_future_published_notices_only(live_server):
    live_server.publish(title="지금", category="event", priority="high")
    live_server.publish(title="미래", starts_at="2099-01-01T09:00:00+09:00",
                        ends_at="2099-01-02T09:00:00+09:00")
    live_server.publish(title="초안", status="draft")
    live_server.publish(title="보관", status="archived")
    live_server.publish(title="지난", starts_at="2020-01-01T09:00:00+09:00",
                        ends_at="2020-01-02T09:00:00+09:00")
    response = get(live_server, "/feed.json")
    assert item_titles(response) == ["지금", "미래"]
    item = response.json()["items"][0]
    assert item["_ticker"]["category"] == "event" and item["_ticker"]["priority"] == "high"
    assert set(item["_ticker"]) == {"category", "priority", "starts_at", "ends_at",
                                    "recurrence", "audience", "ack_required"}


def test_notice_disappears_when_its_end_passes(live_server):
    import datetime as dt

    now = dt.datetime.now(dt.UTC)
    live_server.publish(title="곧 끝남", starts_at=(now - dt.timedelta(minutes=1)).isoformat(),
                        ends_at=(now + dt.timedelta(seconds=4)).isoformat())
    first = get(live_server, "/feed.json")
    assert item_titles(first) == ["곧 끝남"]
    # A long-poll sees the expiry as a change.
    later = get(live_server, "/feed.json", **{"If-None-Match": first.headers["ETag"],
                                              "Prefer": "wait=15"})
    assert later.status_code == 200 and item_titles(later) == []


def test_audience_filter(live_server):
    live_server.publish(title="전체")
    live_server.publish(title="총무", audience=["총무과"])
    live_server.publish(title="기획", audience=["기획예산과"])
    live_server.publish(title="둘 다", audience=["총무과", "민원과"])
    assert sorted(item_titles(get(live_server, "/feed.json?audience=총무과,정보통신과"))) == \
        sorted(["전체", "총무", "둘 다"])
    assert sorted(item_titles(get(live_server, "/feed.json"))) == \
        sorted(["전체", "총무", "기획", "둘 다"])
    assert item_titles(get(live_server, "/feed.json?audience=")) == ["전체"]
    repeated = get(live_server, "/feed.json?audience=총무과&audience=정보통신과")
    assert sorted(item_titles(repeated)) == sorted(["전체", "총무", "둘 다"])
    atom = ET.fromstring(get(live_server, "/feed.atom?audience=기획예산과").content)
    assert sorted(e.find(f"{ATOM}title").text for e in atom.iter(f"{ATOM}entry")) == \
        ["기획", "전체"]


def test_atom_and_public_feeds(live_server):
    live_server.publish(title="내부")
    live_server.publish(title="공개 행사", visibility="public", link="https://example.org/e")
    atom = get(live_server, "/feed.atom")
    assert atom.status_code == 200 and atom.headers["Content-Type"].startswith(
        "application/atom+xml")
    root = ET.fromstring(atom.content)
    assert sorted(e.find(f"{ATOM}title").text for e in root.iter(f"{ATOM}entry")) == \
        ["공개 행사", "내부"]
    public = get(live_server, "/public/feed.json")
    assert public.headers["Content-Type"] == "application/feed+json"
    assert item_titles(public) == ["공개 행사"]
    assert public.json()["items"][0]["url"] == "https://example.org/e"
    assert public.headers["Access-Control-Allow-Origin"] == "*"
    public_atom = ET.fromstring(get(live_server, "/public/feed.atom").content)
    assert [e.find(f"{ATOM}title").text for e in public_atom.iter(f"{ATOM}entry")] == \
        ["공개 행사"]


@pytest.mark.parametrize("path", ["/feed.json", "/feed.atom", "/public/feed.json",
                                  "/public/feed.atom"])
def test_caching_headers_and_304(live_server, path):
    live_server.publish(title="캐시", visibility="public")
    first = get(live_server, path)
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert first.headers["Cache-Control"] == "no-cache"
    parsedate_to_datetime(first.headers["Last-Modified"])
    again = get(live_server, path, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == etag
    assert get(live_server, path, **{"If-None-Match": '"other"'}).status_code == 200
    assert get(live_server, path, **{"If-None-Match": f'"x", {etag}'}).status_code == 304
    since = get(live_server, path, **{"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    assert get(live_server, path, **{"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
               ).status_code == 200


def test_an_internal_change_keeps_the_public_feed_not_modified(live_server):
    live_server.publish(title="공개 공지", visibility="public")
    first = get(live_server, "/public/feed.json")
    time.sleep(1.1)  # Last-Modified has whole seconds
    live_server.publish(title="내부 전용")
    since = get(live_server, "/public/feed.json",
                **{"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    assert since.headers["Last-Modified"] == first.headers["Last-Modified"]
    internal = get(live_server, "/feed.json",
                   **{"If-Modified-Since": first.headers["Last-Modified"]})
    assert internal.status_code == 200 and "내부 전용" in item_titles(internal)


def test_head_has_headers_and_no_body(live_server):
    live_server.publish(title="HEAD")
    full = get(live_server, "/feed.json")
    head = requests.head(live_server.url("/feed.json"), timeout=5)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["ETag"] == full.headers["ETag"]
    assert head.headers["Content-Length"] == str(len(full.content))


def test_feed_urls_follow_the_host_asked_for(live_server):
    doc = get(live_server, "/public/feed.json", Host="intranet.example:8080").json()
    assert doc["feed_url"] == "http://intranet.example:8080/public/feed.json"
    assert doc["home_page_url"] == "http://intranet.example:8080/"


def test_etag_changes_on_publish_and_not_on_reads(live_server):
    first = get(live_server, "/feed.json").headers["ETag"]
    assert get(live_server, "/feed.json").headers["ETag"] == first
    live_server.publish(title="새 공지")
    assert get(live_server, "/feed.json").headers["ETag"] != first


def test_held_long_polls_wake_on_a_publish(live_server):
    """Every held client gets the new feed on the publish, not at the end of its 30 s wait."""
    etag = get(live_server, "/feed.json").headers["ETag"]
    clients = 5
    results: list[requests.Response] = []
    lock = threading.Lock()

    def poll():
        response = get(live_server, "/feed.json", **{"If-None-Match": etag, "Prefer": "wait=30"})
        with lock:
            results.append(response)

    threads = [threading.Thread(target=poll) for _ in range(clients)]
    for thread in threads:
        thread.start()
    wait_until_held(live_server, clients)
    assert results == []  # all held by the server, none answered yet
    live_server.publish(title="즉시 전달")
    deadline = time.monotonic() + 10  # one bound for all: far short of a missed wake's 30 s
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads)
    assert len(results) == clients
    for response in results:
        assert response.status_code == 200
        assert item_titles(response) == ["즉시 전달"]
        assert response.headers["Preference-Applied"] == "wait=30"
        assert response.headers["ETag"] != etag


@pytest.mark.parametrize("wait", [1, 2])
def test_long_poll_answers_304_when_wait_n_passes_without_change(live_server, wait):
    etag = get(live_server, "/feed.json").headers["ETag"]
    thread, box = held_poll(live_server, "/feed.json", etag, wait)  # the server holds it
    thread.join(wait + 10)
    assert not thread.is_alive()
    response = box["r"]
    assert response.status_code == 304 and response.content == b""
    assert response.headers["Preference-Applied"] == f"wait={wait}"
    assert response.headers["ETag"] == etag


def test_long_poll_with_stale_etag_answers_at_once(live_server):
    # Held for the 30 s it asks for, the request would hit its own 10 s timeout.
    response = requests.get(live_server.url("/feed.json"), timeout=10,
                            headers={"If-None-Match": '"old"', "Prefer": "wait=30"})
    assert response.status_code == 200


def test_wait_is_capped_at_60(live_server):
    # Not waiting 60 s here: a stale tag answers at once; the cap shows in a matching poll
    # that is cut short by a publish.
    etag = get(live_server, "/feed.json").headers["ETag"]
    thread, box = held_poll(live_server, "/feed.json", etag, 3600)
    live_server.publish(title="상한")
    thread.join(10)
    assert box["r"].headers["Preference-Applied"] == "wait=60"


def test_rejected_request_does_not_wake_pollers(live_server):
    etag = get(live_server, "/feed.json").headers["ETag"]
    thread, box = held_poll(live_server, "/feed.json", etag, 2)
    version = requests.get(live_server.url("/healthz"), timeout=5).json()["feed_version"]
    bad = requests.post(live_server.url("/api/v1/notices"), json={"title": ""},
                        headers=live_server.headers, timeout=5)
    assert bad.status_code == 422
    too_big = requests.post(live_server.url("/api/v1/notices"), data=b"{" + b" " * 70_000,
                            headers=live_server.headers, timeout=5)
    assert too_big.status_code == 413
    thread.join(10)
    assert box["r"].status_code == 304
    health = requests.get(live_server.url("/healthz"), timeout=5).json()
    assert health["feed_version"] == version  # no wake-up was broadcast at all


def test_cli_changes_reach_a_running_server(live_server):
    etag = get(live_server, "/feed.json").headers["ETag"]
    result = live_server.cli("seed-demo")
    assert result.returncode == 0, result.stderr
    # seed-demo commits notice by notice: a poll may wake on an early commit, so follow the
    # long-poll chain (each answer's ETag) until the whole seed is there, for at most 5 answers.
    for _ in range(5):
        response = get(live_server, "/feed.json", **{"If-None-Match": etag, "Prefer": "wait=10"})
        assert response.status_code == 200
        if len(response.json()["items"]) >= 8:
            break
        etag = response.headers["ETag"]
    assert len(response.json()["items"]) >= 8


def test_shutdown_releases_held_long_polls(live_server):
    etag = get(live_server, "/feed.json").headers["ETag"]
    thread, box = held_poll(live_server, "/feed.json", etag, 30)
    live_server.stop()
    thread.join(10)  # stop() plus this join stay far short of the poll's 30 s
    assert not thread.is_alive()
    assert box["r"].status_code == 304


def test_long_poll_holds_when_only_another_variant_changes(live_server):
    """A change that leaves this variant's bytes alone is no change for its pollers."""
    live_server.publish(title="공개", visibility="public")
    etag = get(live_server, "/public/feed.json").headers["ETag"]
    thread, box = held_poll(live_server, "/public/feed.json", etag, 2)
    version = requests.get(live_server.url("/healthz"), timeout=5).json()["feed_version"]
    live_server.publish(title="내부 전용", visibility="internal")
    live_server.publish(title="총무과만", audience=["총무과"], visibility="internal")
    thread.join(10)
    assert requests.get(live_server.url("/healthz"), timeout=5).json()["feed_version"] > version
    assert box["r"].status_code == 304 and box["r"].headers["ETag"] == etag


# -- hold durations on virtual time (no server process, no wall clock) ----------------------

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=HOME_ZONE)


def published(nid: str, visibility: str = "internal") -> Notice:
    return Notice(title=f"공지 {nid}", body="", category="notice", priority="normal", link=None,
                  starts_at=T0, ends_at=T0 + timedelta(days=1), recurrence=None, audience=(),
                  visibility=visibility, status="published", id=nid, author="kim",
                  created_at=T0, updated_at=T0)


class HoldScenario:
    """A `FeedEndpoint` on the running (virtual-time) loop, and a way to publish to it."""

    def __init__(self, tmp_path, notices: list[Notice]) -> None:
        self.loop = asyncio.get_running_loop()
        self.cache = FeedCache(title="시정 알림", timezone=HOME_ZONE_NAME)
        self.cache.update(notices, T0)
        self.hub = Broadcaster()
        self.hub.attach(self.loop)
        self.endpoint = FeedEndpoint(SimpleNamespace(
            feed_cache=self.cache, broadcaster=self.hub, config=ServerConfig(data_dir=tmp_path)))

    def publish_later(self, delay: float, notices: list[Notice]) -> None:
        """What the service does on a change: refresh the cache, then wake the waiters."""
        def publish() -> None:
            self.cache.update(notices, T0)
            self.hub.notify()
        self.loop.call_later(delay, publish)

    async def get(self, path: str, **headers: str):
        scope = {"type": "http", "path": path, "query_string": b"",
                 "headers": [(b"host", b"feed.test")] + [
                     (name.lower().encode(), value.encode()) for name, value in headers.items()]}
        started = self.loop.time()
        status, raw_headers, body = await self.endpoint.respond(scope)
        return status, {k.decode(): v.decode() for k, v in raw_headers}, body, \
            self.loop.time() - started


@pytest.mark.parametrize(("asked", "applied"), [(1, 1), (2, 2), (3600, 60)])
def test_a_poll_without_change_answers_304_exactly_when_its_wait_has_passed(
        tmp_path, asked, applied):
    async def scenario():
        feed = HoldScenario(tmp_path, [published("a")])
        _, first, _, _ = await feed.get("/feed.json")
        return first["etag"], await feed.get(
            "/feed.json", **{"If-None-Match": first["etag"], "Prefer": f"wait={asked}"})

    etag, (status, headers, body, held) = run_on_virtual_time(scenario)
    assert status == 304 and body == b"" and headers["etag"] == etag
    assert headers["preference-applied"] == f"wait={applied}"
    assert held == pytest.approx(applied, abs=1e-6)


def test_a_publish_during_the_hold_answers_200_at_that_moment(tmp_path):
    async def scenario():
        feed = HoldScenario(tmp_path, [published("a")])
        _, first, _, _ = await feed.get("/feed.json")
        feed.publish_later(0.5, [published("a"), published("b")])
        return first["etag"], await feed.get(
            "/feed.json", **{"If-None-Match": first["etag"], "Prefer": "wait=2"})

    etag, (status, headers, body, held) = run_on_virtual_time(scenario)
    assert status == 200 and headers["etag"] != etag and "공지 b" in body.decode()
    assert headers["preference-applied"] == "wait=2"
    assert held == pytest.approx(0.5, abs=1e-6)


def test_a_change_to_another_variant_keeps_the_original_deadline(tmp_path):
    async def scenario():
        feed = HoldScenario(tmp_path, [published("a", "public")])
        _, first, _, _ = await feed.get("/public/feed.json")
        feed.publish_later(0.5, [published("a", "public"), published("b")])
        return first["etag"], await feed.get(
            "/public/feed.json", **{"If-None-Match": first["etag"], "Prefer": "wait=2"})

    etag, (status, headers, body, held) = run_on_virtual_time(scenario)
    assert status == 304 and headers["etag"] == etag
    assert held == pytest.approx(2, abs=1e-6)  # woken at 0.5, it waits out the rest only
