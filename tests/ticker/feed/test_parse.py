"""parse_feed: format sniffing, size and type limits, and FeedError as the only failure."""

from __future__ import annotations

import pytest

from ticker.feed.parse import MAX_FEED_BYTES, FeedError, detect_format, parse_feed

SRC = "http://notice.local/feed.json"


@pytest.mark.parametrize("name", [
    "malformed_truncated.json", "malformed_truncated.xml", "not_a_feed.html", "entity_bomb.xml", "external_entity.xml",
])
def test_recorded_bad_feeds_raise_feed_error(feed_bytes, name):
    with pytest.raises(FeedError) as info:
        parse_feed(feed_bytes(name), None, SRC)
    assert info.value.message == str(info.value) and "(" in info.value.message  # Korean (English)


@pytest.mark.parametrize("data, content_type", [
    (b"", None),
    (b"   \n ", "application/json"),
    (b"\x00\x01\x02garbage", None),
    (b"plain words", "text/plain"),
    (b"[1, 2, 3]", None),
    (b'"a string"', "application/json"),
    (b'{"items": {"a": 1}}', None),
    (b'{"version": "https://example.com/not-jsonfeed", "items": []}', None),
    (b'{"items": [}', None),
    (b"\xff\xfe\xff", "application/json"),
    (b"[" * 50 + b"]" * 50, None),
    (b"[" * 200_000, None),
    (b'{"items": [], "n": 1' + b"0" * 10_000 + b"}", None),
    (b"<notxml", "application/rss+xml"),
    (b'<?xml version="1.0"?><html><body>hi</body></html>', "text/html"),
])
def test_unreadable_documents_raise_feed_error(data, content_type):
    with pytest.raises(FeedError):
        parse_feed(data, content_type, SRC)


def test_oversized_feed_is_refused_before_parsing():
    with pytest.raises(FeedError, match="너무 큽니다"):
        parse_feed(b" " * (MAX_FEED_BYTES + 1), None, SRC)


def test_non_bytes_input_is_a_feed_error():
    with pytest.raises(FeedError):
        parse_feed("a str", None, SRC)  # type: ignore[arg-type]


@pytest.mark.parametrize("data, content_type, expected", [
    (b'{"items": []}', None, "json"),
    (b'  \n{"items": []}', "text/html", "json"),  # sniffing wins over a wrong label
    (b"\xef\xbb\xbf<rss/>", "application/json", "xml"),
    ("<rss/>".encode("utf-16"), None, "xml"),
    (b"<?xml version='1.0'?><feed/>", None, "xml"),
    (b"\x00junk", "application/feed+json; charset=utf-8", "json"),
    (b"\x00junk", "application/atom+xml", "xml"),
])
def test_detect_format(data, content_type, expected):
    assert detect_format(data, content_type) == expected


def test_detect_format_unknown():
    with pytest.raises(FeedError):
        detect_format(b"hello", "text/plain")
