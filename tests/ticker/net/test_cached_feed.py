"""read_cached_feed: a cached body through the same read as a fetched one; never raises."""

from __future__ import annotations

import json
import logging

import pytest

from ticker.net.cache import FeedCache
from ticker.net.cached_feed import read_cached_feed

URL = "https://kim:s3cret@intranet.example/feed.json"
BODY = json.dumps({"version": "https://jsonfeed.org/version/1.1",
                   "items": [{"id": "a", "title": "<b>캐시된</b> 공지"}]},
                  ensure_ascii=False).encode()


@pytest.fixture
def cache(tmp_path):
    return FeedCache(tmp_path / "feeds")


def test_cached_notices_are_sanitised_and_keep_their_validators(cache):
    cache.store(URL, BODY, etag='"v1"', last_modified="Mon, 23 Nov 2026 00:00:00 GMT",
                content_type="application/feed+json")
    cached = read_cached_feed(cache, URL)
    assert [n.title for n in cached.notices] == ["캐시된 공지"]
    assert cached.notices[0].source == URL
    assert (cached.etag, cached.last_modified) == ('"v1"', "Mon, 23 Nov 2026 00:00:00 GMT")


def test_nothing_cached_is_none(cache):
    assert read_cached_feed(cache, URL) is None


@pytest.mark.parametrize("body", [
    b'{"items": [',  # not a readable feed
    json.dumps({"items": [{"id": "z", "title": "\u200b"}]}).encode(),  # no valid notice
])
def test_an_unreadable_cache_is_logged_and_ignored(cache, caplog, body):
    cache.store(URL, body, etag='"v1"')
    with caplog.at_level(logging.WARNING, logger="ticker.net.cached_feed"):
        assert read_cached_feed(cache, URL) is None
    [record] = caplog.records
    assert "Ignoring cached feed" in record.getMessage()
    assert "s3cret" not in record.getMessage()  # the URL is redacted


def test_the_given_parse_sees_the_cached_body(cache):
    cache.store(URL, BODY, content_type="application/feed+json")
    seen = []

    def parse(data, content_type, source):
        seen.append((data, content_type, source))
        return []

    assert read_cached_feed(cache, URL, parse=parse).notices == []
    assert seen == [(BODY, "application/feed+json", URL)]
