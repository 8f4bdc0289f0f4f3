"""The feed's _ticker.receipts and the notices' _ticker.ack_required."""

from __future__ import annotations

import json

import pytest

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
    assert [n.server_id for n in notices] == ["n-1", "n-2", "n-3", "n-4"]
    assert not any(n.acknowledged for n in notices)
