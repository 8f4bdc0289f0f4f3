"""json_feed: our JSON Feed with _ticker, plain JSON Feed, and how its items fail (through parse_feed)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ticker.feed.errors import NoValidNotices
from ticker.feed.items import MAX_ITEMS
from ticker.feed.json_feed import parse_datetime
from ticker.feed.notice import Notice, Recurrence
from ticker.feed.parse import FeedError, parse_feed
from ticker.feed.sanitize import clean_body

KST = dt.timezone(dt.timedelta(hours=9))
SRC = "http://notice.local/feed.json"


def jsonfeed(*items, **top) -> bytes:
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": list(items)} | top
    return json.dumps(doc, ensure_ascii=False).encode()


def one(item, **kw) -> Notice:
    notices = parse_feed(jsonfeed(item), "application/feed+json", SRC, **kw)
    assert len(notices) == 1, notices
    return notices[0]


def source_ids(notices) -> list[str]:
    """The ids as the feed wrote them (``id`` itself is scoped by feed)."""
    return [n.source_id for n in notices]


def ids(notices) -> list[str]:
    return [n.id for n in notices]


def test_ticker_feed_reads_every_field(feed_bytes):
    notices = parse_feed(feed_bytes("ticker_feed.json"), "application/feed+json", SRC)
    assert source_ids(notices) == ["n-kimjang-2026", "n-monday-petition", "n-morning-meeting", "n-snow-alert", "n-general"]
    kimjang = notices[0]
    assert kimjang.title == "덕진구 김장 나눔 행사"
    assert kimjang.body.startswith("11월 23일부터") and "\n\n자원봉사" in kimjang.body
    assert kimjang.category == "event" and kimjang.priority == "normal"
    assert kimjang.link == "https://www.jeonju.go.kr/deokjin/kimjang"
    assert kimjang.starts_at == dt.datetime(2026, 11, 23, 9, tzinfo=KST)
    assert kimjang.ends_at == dt.datetime(2026, 11, 30, 18, tzinfo=KST)
    assert kimjang.published == dt.datetime(2026, 11, 23, 9, tzinfo=KST)
    assert kimjang.recurrence is None and kimjang.audience == ()
    assert kimjang.source == SRC
    petition = notices[1]
    assert petition.priority == "high" and petition.category == "issue"
    assert petition.audience == ("민원봉사과", "총무과")
    assert petition.recurrence == Recurrence("weekly", frozenset({0}), dt.time(8, 30), dt.time(9, 30), "Asia/Seoul")
    daily = notices[2]
    assert daily.recurrence == Recurrence("daily", frozenset(), dt.time(8, 30), dt.time(9, 0), "Asia/Seoul")
    assert daily.starts_at is None and daily.ends_at is None
    assert notices[3].priority == "urgent"


def test_recurrence_defaults_tz_and_normalises_weekday_names():
    notice = one({"id": "r", "title": "t", "_ticker": {"recurrence": {
        "freq": "weekly", "weekdays": ["Fri", " mon "], "start": "14:00", "end": "15:30"}}})
    assert notice.recurrence == Recurrence("weekly", frozenset({0, 4}), dt.time(14), dt.time(15, 30), "Asia/Seoul")


def test_daily_recurrence_ignores_weekdays():
    notice = one({"id": "r", "title": "t", "_ticker": {"recurrence": {
        "freq": "daily", "weekdays": ["mon"], "start": "08:00", "end": "09:00", "tz": "Europe/Berlin"}}})
    assert notice.recurrence.weekdays == frozenset() and notice.recurrence.tz == "Europe/Berlin"


@pytest.mark.parametrize("recurrence", [
    {"freq": "hourly", "weekdays": [], "start": "08:00", "end": "09:00"},
    {"freq": "weekly", "weekdays": [], "start": "08:00", "end": "09:00"},
    {"freq": "weekly", "weekdays": ["funday"], "start": "08:00", "end": "09:00"},
    {"freq": "weekly", "weekdays": "mon", "start": "08:00", "end": "09:00"},
    {"freq": "daily", "weekdays": [], "start": "09:00", "end": "09:00"},
    {"freq": "daily", "weekdays": [], "start": "10:00", "end": "09:00"},
    {"freq": "daily", "weekdays": [], "start": "8:00", "end": "09:00"},
    {"freq": "daily", "weekdays": [], "start": "24:00", "end": "24:30"},
    {"freq": "daily", "weekdays": [], "start": "08:00", "end": "09:00", "tz": "Mars/Olympus"},
    {"freq": "daily", "weekdays": [], "start": "08:00", "end": "09:00", "tz": "/etc/passwd"},
    {"freq": "daily", "weekdays": [], "start": "08:00", "end": "09:00", "tz": 9},
    "daily",
])
def test_bad_recurrence_skips_only_that_item(recurrence):
    notices = parse_feed(jsonfeed({"id": "bad", "title": "t", "_ticker": {"recurrence": recurrence}},
                                  {"id": "good", "title": "t"}), None, SRC)
    assert source_ids(notices) == ["good"]


def test_wrong_types_skip_items_not_the_feed(feed_bytes):
    notices = parse_feed(feed_bytes("wrong_types.json"), "application/json", SRC)
    assert source_ids(notices) == ["ok1", "77", "ok2"]
    fallback = notices[2]
    assert fallback.category == "notice" and fallback.priority == "normal"


@pytest.mark.parametrize("field, value", [
    ("starts_at", "2026-13-01T00:00:00+09:00"),
    ("ends_at", 1700000000),
    ("audience", [1, 2]),
    ("category", ["event"]),
])
def test_wrong_ticker_field_skips_item(field, value):
    notices = parse_feed(jsonfeed({"id": "x", "title": "t", "_ticker": {field: value}}, {"id": "y", "title": "u"}), None, SRC)
    assert source_ids(notices) == ["y"]


def test_dates_accept_z_lowercase_and_naive_as_seoul():
    notice = one({"id": "d", "title": "t", "_ticker": {
        "starts_at": "2026-11-23t00:00:00z", "ends_at": "2026-11-24 09:00:00"}})
    assert notice.starts_at == dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    assert notice.ends_at.utcoffset() == dt.timedelta(hours=9)
    assert notice.ends_at == dt.datetime(2026, 11, 24, 0, tzinfo=dt.UTC)


def test_parse_datetime_rejects_garbage():
    assert parse_datetime("yesterday") is None
    assert parse_datetime(20261123) is None
    assert parse_datetime("2026-11-23T09:00:00+09:00" + " " * 100) is None
    assert parse_datetime("2026-11-23T09:00:00+09:00") == dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


def test_bad_published_date_is_dropped_not_the_item():
    notice = one({"id": "p", "title": "t", "date_published": "soon", "date_modified": "2026-01-02T03:04:05Z"})
    assert notice.published == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def test_plain_json_feed_uses_tags_html_and_summary(feed_bytes):
    notices = parse_feed(feed_bytes("plain_jsonfeed.json"), "application/feed+json", "https://example.org/feed.json")
    by_id = {n.source_id: n for n in notices}
    assert by_id["p1"].category == "project"  # Korean tag 신규사업
    # Block tags became breaks; inline tags and entities are left for sanitize to strip once.
    assert "<p>" not in by_id["p1"].body and "<b>" in by_id["p1"].body and "&amp;" in by_id["p1"].body
    assert clean_body(by_id["p1"].body) == "첫 문단 굵게\n\n둘째 문단\n다음 줄 & 끝"
    assert by_id["p2"].category == "issue" and by_id["p2"].priority == "urgent"
    assert by_id["p2"].link == "https://example.org/news/p2"  # relative link resolved against the feed
    assert by_id["p3"].title == "Untitled item shows its summary" and by_id["p3"].body == "body text"
    assert by_id["p4"].category == "notice" and by_id["p4"].link == "https://example.org/ext"
    assert all(n.starts_at is None and n.recurrence is None for n in notices)


def test_missing_id_gets_a_stable_derived_id():
    first = one({"title": "같은 제목", "url": "https://a/1"})
    again = one({"title": "같은 제목", "url": "https://a/1"})
    other = one({"title": "다른 제목", "url": "https://a/1"})
    assert first.id == again.id != other.id and first.id.startswith("h-")


def test_feed_without_version_but_with_items_is_read():
    assert source_ids(parse_feed(b'{"items": [{"id": "a", "title": "t"}]}', None, SRC)) == ["a"]


def test_items_are_capped():
    data = jsonfeed(*({"id": str(i), "title": "t"} for i in range(MAX_ITEMS + 50)))
    assert len(parse_feed(data, None, SRC)) == MAX_ITEMS


def test_json_with_utf8_bom_and_utf16():
    doc = {"items": [{"id": "a", "title": "한글"}]}
    assert parse_feed(b"\xef\xbb\xbf" + json.dumps(doc).encode(), None, SRC)[0].title == "한글"
    assert parse_feed(json.dumps(doc, ensure_ascii=False).encode("utf-16"), "application/json", SRC)[0].title == "한글"


def test_json_nesting_inside_the_limit_is_fine():
    nested = {"items": [{"id": "a", "title": "t", "_extra": [[[[[[["deep"]]]]]]]}]}
    assert source_ids(parse_feed(json.dumps(nested).encode(), None, SRC)) == ["a"]


def test_brackets_inside_strings_do_not_count_as_nesting():
    doc = {"items": [{"id": "a", "title": "[" * 500 + "{" * 500}]}
    assert parse_feed(json.dumps(doc).encode(), None, SRC)[0].title.startswith("[[[")


def test_ticker_object_wins_over_tags_but_tags_fill_gaps():
    both = one({"id": "a", "title": "t", "tags": ["event", "urgent"], "_ticker": {"category": "issue", "priority": "normal"}})
    assert (both.category, both.priority) == ("issue", "normal")
    gaps = one({"id": "b", "title": "t", "tags": ["event", "urgent"], "_ticker": {"audience": ["총무과"]}})
    assert (gaps.category, gaps.priority, gaps.audience) == ("event", "urgent", ("총무과",))


def test_json_feed_ids_are_scoped_by_feed_and_keep_the_server_id():
    """Two JSON feeds both numbering from "1" must not hide each other's notice."""
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1",
                       "items": [{"id": "1", "title": "첫 공지"},
                                 {"id": 7, "title": "숫자 id"},
                                 {"id": "urn:uuid:5c1e", "title": "전역 id"}]}).encode()
    a = parse_feed(body, "application/feed+json", "http://a.example/feed.json")
    b = parse_feed(body, "application/feed+json", "http://b.example/feed.json")
    assert ids(a) == ["http://a.example/feed.json#1", "http://a.example/feed.json#7",
                      "urn:uuid:5c1e"]
    assert ids(b)[0] == "http://b.example/feed.json#1" != ids(a)[0]
    assert source_ids(a) == source_ids(b) == ["1", "7", "urn:uuid:5c1e"]  # for the server


def test_items_but_no_valid_notice_is_an_error_not_an_empty_feed():
    bad = json.dumps({"version": "https://jsonfeed.org/version/1.1",
                      "items": [42, {"id": ["x"], "title": "t"}, "text"]}).encode()
    with pytest.raises(NoValidNotices) as raised:
        parse_feed(bad, "application/feed+json", SRC)
    assert isinstance(raised.value, FeedError) and raised.value.count == 3
    assert "올바른 공지" in str(raised.value) and "valid notice" in str(raised.value)
    empty = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": []}).encode()
    assert parse_feed(empty, "application/feed+json", SRC) == []  # a real "no notices"
