"""parse_feed: JSON Feed (+ _ticker), plain JSON Feed, RSS and Atom, and every way to fail."""

from __future__ import annotations

import datetime as dt
import json
import socket

import pytest

from ticker.feed import parse as parse_module
from ticker.feed.notice import Notice, Recurrence
from ticker.feed.parse import (
    MAX_FEED_BYTES,
    MAX_ITEMS,
    FeedError,
    detect_format,
    parse_datetime,
    parse_feed,
)
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


# --- our JSON Feed with _ticker --------------------------------------------------------------


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


# --- plain JSON Feed -------------------------------------------------------------------------


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


# --- RSS / Atom ------------------------------------------------------------------------------


def test_korean_intranet_rss_in_euc_kr(feed_bytes):
    notices = parse_feed(feed_bytes("intranet_rss_euckr.xml"), "text/xml", "http://intranet.deokjin.local/rss")
    board = "http://intranet.deokjin.local/rss#"  # numbered guids are namespaced by feed URL
    assert ids(notices) == [board + "NOTICE-1021", board + "NOTICE-1020", board + "NOTICE-1019"]
    first = notices[0]
    assert first.title == "2027년 신규사업 추진계획 보고"
    assert first.category == "project"
    assert first.link == "http://intranet.deokjin.local/board/view.do?bbsId=NOTICE&nttId=1021"
    assert "12월 5일" in first.body and "\n" in first.body.strip()
    assert first.published == dt.datetime(2026, 11, 23, 0, 10, tzinfo=dt.UTC)
    assert notices[1].category == "event"  # 행사
    assert notices[2].category == "notice"  # 시설 is not one of ours


def test_atom_feed(feed_bytes):
    notices = parse_feed(feed_bytes("atom.xml"), "application/atom+xml", "https://example.go.kr/atom.xml")
    assert len(notices) == 2
    assert notices[0].category == "issue" and notices[0].link == "https://example.go.kr/issue/1"
    assert "<b>" in notices[0].title  # html title: markup is left for sanitize to strip
    assert notices[1].title == "Plain Atom entry" and notices[1].category == "event"
    assert notices[1].published == dt.datetime(2026, 11, 21, 23, tzinfo=dt.UTC)


def test_rss_without_guid_uses_link_then_derived_id():
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>'
           b"<item><title>a</title><link>http://x/a</link></item><item><title>b</title></item>"
           b"<item><category>urgent</category><title>c</title></item></channel></rss>")
    notices = parse_feed(rss, "application/rss+xml", "http://x/rss")
    assert notices[0].id == "http://x/a"
    assert notices[1].id.startswith("h-")
    assert notices[2].priority == "urgent"


def test_numbered_guids_of_two_boards_do_not_collide():
    def board(guid_attr=b""):
        return (b'<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>'
                b"<item><guid" + guid_attr + b">1024</guid><title>t</title></item>"
                b"<item><guid>https://board.example/post/7</guid><title>u</title></item>"
                b"</channel></rss>")
    a = parse_feed(board(), "application/rss+xml", "http://a.example/rss")
    b = parse_feed(board(b' isPermaLink="false"'), "application/rss+xml", "http://b.example/rss")
    assert a[0].id == "http://a.example/rss#1024" and b[0].id == "http://b.example/rss#1024"
    assert a[1].id == b[1].id == "https://board.example/post/7"  # a URL is unique on its own


def test_empty_but_valid_rss_is_an_empty_list():
    rss = b'<?xml version="1.0"?><rss version="2.0"><channel><title>c</title></channel></rss>'
    assert parse_feed(rss, "application/rss+xml", SRC) == []


def test_rss_1_0_rdf():
    rdf = (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           b'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="http://x/"><title>c</title><link>http://x/</link>'
           b'<description>d</description></channel><item rdf:about="http://x/1"><title>one</title>'
           b"<link>http://x/1</link></item></rdf:RDF>")
    assert [n.title for n in parse_feed(rdf, None, SRC)] == ["one"]


def test_feedparser_never_opens_files_or_urls(monkeypatch, tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_bytes(b'<rss version="2.0"><channel><item><title>leak</title></item></channel></rss>')

    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", no_network)
    for data in (str(secret).encode(), b"http://127.0.0.1:9/feed.xml", b"file://" + str(secret).encode()):
        with pytest.raises(FeedError):
            parse_feed(data, "application/rss+xml", SRC)


# --- failures: FeedError and nothing else ----------------------------------------------------


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


def test_json_nesting_inside_the_limit_is_fine():
    nested = {"items": [{"id": "a", "title": "t", "_extra": [[[[[[["deep"]]]]]]]}]}
    assert source_ids(parse_feed(json.dumps(nested).encode(), None, SRC)) == ["a"]


def test_brackets_inside_strings_do_not_count_as_nesting():
    doc = {"items": [{"id": "a", "title": "[" * 500 + "{" * 500}]}
    assert parse_feed(json.dumps(doc).encode(), None, SRC)[0].title.startswith("[[[")


def test_oversized_feed_is_refused_before_parsing():
    with pytest.raises(FeedError, match="너무 큽니다"):
        parse_feed(b" " * (MAX_FEED_BYTES + 1), None, SRC)


def test_non_bytes_input_is_a_feed_error():
    with pytest.raises(FeedError):
        parse_feed("a str", None, SRC)  # type: ignore[arg-type]


def test_unexpected_internal_error_becomes_feed_error(monkeypatch):
    def explode(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(parse_module.feedparser, "parse", explode)
    with pytest.raises(FeedError, match="KeyError"):
        parse_feed(b'<rss version="2.0"><channel></channel></rss>', None, SRC)


# --- format detection -------------------------------------------------------------------------


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


def test_rss_091_with_an_external_dtd_is_read_without_fetching_it(feed_bytes, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    notices = parse_feed(feed_bytes("rss091_netscape.xml"), "application/rss+xml", "http://old.example.org/rss")
    assert [(n.id, n.title) for n in notices] == [("http://old.example.org/1", "Café opening & events")]


def test_ticker_object_wins_over_tags_but_tags_fill_gaps():
    both = one({"id": "a", "title": "t", "tags": ["event", "urgent"], "_ticker": {"category": "issue", "priority": "normal"}})
    assert (both.category, both.priority) == ("issue", "normal")
    gaps = one({"id": "b", "title": "t", "tags": ["event", "urgent"], "_ticker": {"audience": ["총무과"]}})
    assert (gaps.category, gaps.priority, gaps.audience) == ("event", "urgent", ("총무과",))


@pytest.mark.parametrize("encoding, content_type", [
    ("utf-16", "application/rss+xml; charset=utf-16"),
    ("euc-kr", "text/xml; charset=utf-8"),  # a board that mislabels its charset
    ("euc-kr", None),
])
def test_rss_encodings(feed_bytes, encoding, content_type):
    text = feed_bytes("intranet_rss_euckr.xml").decode("euc-kr")
    data = text.replace("EUC-KR", encoding.upper()).encode(encoding)
    titles = [n.title for n in parse_feed(data, content_type, "http://intranet.deokjin.local/rss")]
    assert titles == ["2027년 신규사업 추진계획 보고", "덕진공원 국화 전시회 개최", "주차장 이용 안내"]


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
    from ticker.feed.parse import NoValidNotices

    bad = json.dumps({"version": "https://jsonfeed.org/version/1.1",
                      "items": [42, {"id": ["x"], "title": "t"}, "text"]}).encode()
    with pytest.raises(NoValidNotices) as raised:
        parse_feed(bad, "application/feed+json", SRC)
    assert isinstance(raised.value, FeedError) and raised.value.count == 3
    assert "올바른 공지" in str(raised.value) and "valid notice" in str(raised.value)
    empty = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": []}).encode()
    assert parse_feed(empty, "application/feed+json", SRC) == []  # a real "no notices"
