"""The feed's _ticker.receipts and the notices' _ticker.ack_required."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ticker.feed.parse import parse_feed
from ticker.feed.receipts import Receipts, parse_receipts
from ticker.feed.sanitize import sanitize_all

SOURCE = "http://notice.city/feed.json"


def doc(receipts=..., items=()):
    body = {"version": "https://jsonfeed.org/version/1.1", "title": "시정 알림", "items": list(items)}
    if receipts is not ...:
        body["_ticker"] = {"receipts": receipts}
    return json.dumps(body).encode()


def test_receipts_are_read():
    data = doc({"url": "https://notice.city/api/v1/receipts", "identify": True})
    assert parse_receipts(data, "application/feed+json") == Receipts(
        "https://notice.city/api/v1/receipts", True)
    anonymous = doc({"url": "http://10.0.0.5:8080/api/v1/receipts", "identify": False})
    assert parse_receipts(anonymous, None) == Receipts("http://10.0.0.5:8080/api/v1/receipts", False)


@pytest.mark.parametrize("receipts", [
    ..., None, [], "https://x/api", {"identify": True}, {"url": 5}, {"url": "ftp://x/receipts"},
    {"url": "javascript:alert(1)"}, {"url": "/api/v1/receipts"}, {"url": "https://user:pw@x/r"},
    {"url": "https://x/r\n"}, {"url": "https://" + "x" * 3000 + "/r"},
])
def test_anything_else_means_reporting_off(receipts):
    assert parse_receipts(doc(receipts), "application/feed+json") is None


def test_identify_is_true_only_when_it_says_true():
    assert parse_receipts(doc({"url": "https://x/r", "identify": "yes"}), None).identify is False
    assert parse_receipts(doc({"url": "https://x/r"}), None).identify is False


@pytest.mark.parametrize("data", [b"", b"{", b"<rss version='2.0'><channel/></rss>", b"[1, 2]",
                                  b'{"_ticker": 5, "items": []}', b"\xff\xfe\x00"])
def test_unreadable_documents_never_raise(data):
    assert parse_receipts(data, None) is None


def test_ack_required_is_parsed_and_defaults_to_false():
    items = [
        {"id": "n-1", "title": "확인 요청 공지", "_ticker": {"priority": "urgent", "ack_required": True}},
        {"id": "n-2", "title": "보통 공지", "_ticker": {"priority": "normal"}},
        {"id": "n-3", "title": "잘못된 값", "_ticker": {"ack_required": "true"}},
        {"id": "n-4", "title": "확장 없음"},
    ]
    notices = sanitize_all(parse_feed(doc(items=items), "application/feed+json", SOURCE))
    assert [n.ack_required for n in notices] == [True, False, False, False]
    assert [n.source_id for n in notices] == ["n-1", "n-2", "n-3", "n-4"]
    assert not any(n.acknowledged for n in notices)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
FUZZ = settings(max_examples=500, deadline=None, database=None)


@FUZZ
@given(receipts=JSON_VALUES, identify=JSON_VALUES,
       url=st.text(max_size=60) | st.builds("{}://{}/{}".format,
                                             st.sampled_from(["http", "HTTPS", "ftp", "javascript"]),
                                             st.text(max_size=12), st.text(max_size=20)))
def test_fuzzed_receipts_are_either_absent_or_a_clean_http_url(receipts, url, identify):
    for value in (receipts, {"url": url, "identify": identify}):
        result = parse_receipts(doc(value), "application/feed+json")
        if result is not None:
            assert result.url.startswith(("http://", "https://"))
            assert not any(ch.isspace() or ord(ch) < 32 for ch in result.url)
            assert result.identify is (value.get("identify") is True)


@FUZZ
@given(data=st.binary(max_size=300))
def test_fuzzed_bytes_never_raise(data):
    assert parse_receipts(data, None) is None or parse_receipts(data, None).url
