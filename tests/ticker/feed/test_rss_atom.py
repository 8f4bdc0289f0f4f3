"""rss_atom: RSS 0.9x/1.0/2.0 and Atom through feedparser, safely (through parse_feed)."""

from __future__ import annotations

import datetime as dt
import socket

import feedparser
import pytest

from ticker.feed.parse import FeedError, parse_feed

SRC = "http://notice.local/feed.json"


def ids(notices) -> list[str]:
    return [n.id for n in notices]


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


def test_unexpected_internal_error_becomes_feed_error(monkeypatch):
    def explode(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(feedparser, "parse", explode)
    with pytest.raises(FeedError, match="KeyError"):
        parse_feed(b'<rss version="2.0"><channel></channel></rss>', None, SRC)


def test_rss_091_with_an_external_dtd_is_read_without_fetching_it(feed_bytes, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    notices = parse_feed(feed_bytes("rss091_netscape.xml"), "application/rss+xml", "http://old.example.org/rss")
    assert [(n.id, n.title) for n in notices] == [("http://old.example.org/1", "Café opening & events")]


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
