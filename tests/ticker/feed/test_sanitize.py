"""sanitize: plain text only, no control/bidi/zero-width chars, capped lengths, http(s) links only."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from ticker.feed.notice import Notice
from ticker.feed.parse import parse_feed
from ticker.feed.sanitize import (
    AUDIENCE_ENTRY_MAX,
    AUDIENCE_MAX,
    BODY_MAX,
    ID_MAX,
    TITLE_MAX,
    URL_MAX,
    clean_body,
    clean_line,
    remove_control_chars,
    safe_link,
    sanitize,
    sanitize_all,
    strip_markup,
)


def make(**fields) -> Notice:
    return Notice(**({"id": "n1", "title": "제목"} | fields))


# --- markup ---------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, expected", [
    ("<b>굵게</b> 공지", "굵게 공지"),
    ("<script>alert('x')</script>공지", "공지"),
    ("<SCRIPT type='text/javascript'>steal()</SCRIPT >공지", "공지"),
    ("<style>body{}</style>공지", "공지"),
    ("<img src=x onerror=alert(1)>공지", "공지"),
    ("<!-- hidden -->공지", "공지"),
    ("<![CDATA[공지]]>", "공지"),
    ("<font color=red>빨강</font>", "빨강"),
    ("a < b and c > d", "a < b and c > d"),  # not tags: left alone
    ("1<2", "1<2"),
    ("&lt;b&gt;literal&lt;/b&gt;", "<b>literal</b>"),  # decoded once: shown literally
    ("&amp;lt;", "&lt;"),  # ... exactly once
    ("AT&amp;T &#54620;&#44544; &quot;q&quot;", 'AT&T 한글 "q"'),
    ("<script>never closed", ""),
])
def test_strip_markup_and_decode_once(raw, expected):
    assert clean_line(raw, TITLE_MAX) == expected


def test_strip_markup_is_plain_for_plain_text():
    assert strip_markup("그냥 텍스트") == "그냥 텍스트"


# --- control characters, bidi, zero-width, whitespace, NFC -------------------------------------


BAD_CHARS = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",
             "\u2060", "\ufeff", "\u00ad", "\ud800", "\ufffe", "\uffff", "\U0001fffe"]
BAD_CHARS += [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]


@pytest.mark.parametrize("char", BAD_CHARS)
def test_control_bidi_and_zero_width_chars_are_removed(char):
    assert remove_control_chars(f"a{char}b") == "ab"
    # Whitespace controls (NEL) separate words in a title; the rest simply vanish.
    assert clean_line(f"앞{char}뒤", TITLE_MAX) == ("앞 뒤" if char.isspace() else "앞뒤")


def test_tabs_and_newlines_are_whitespace_not_removed():
    assert remove_control_chars("a\tb\nc") == "a\tb\nc"
    assert clean_line("  a\t\tb\r\n\n c\u3000d\u00a0e  ", TITLE_MAX) == "a b c d e"


def test_body_keeps_paragraphs_but_collapses_blank_runs():
    raw = "  첫 줄   끝  \r\n둘째 줄\r\n\r\n\r\n\r\n셋째\u2028넷째\u2029다섯\x0cf  "
    assert clean_body(raw) == "첫 줄 끝\n둘째 줄\n\n셋째\n넷째\n\n다섯\nf"


def test_nfc_normalisation_composes_hangul_jamo():
    decomposed = unicodedata.normalize("NFD", "한글 공지")
    assert decomposed != "한글 공지"
    assert clean_line(decomposed, TITLE_MAX) == "한글 공지"
    assert clean_body(decomposed) == "한글 공지"


# --- caps --------------------------------------------------------------------------------------


def test_title_and_body_are_capped_with_an_ellipsis():
    notice = sanitize(make(title="가" * 1000, body="나" * 20_000))
    assert len(notice.title) == TITLE_MAX and notice.title.endswith("…")
    assert len(notice.body) == BODY_MAX and notice.body.endswith("…")


def test_short_text_is_not_touched_by_the_cap():
    assert clean_line("가" * TITLE_MAX, TITLE_MAX) == "가" * TITLE_MAX


def test_long_ids_are_capped_but_stay_distinct():
    a = sanitize(make(id="x" * 500 + "a"))
    b = sanitize(make(id="x" * 500 + "b"))
    assert len(a.id) <= ID_MAX and len(b.id) <= ID_MAX and a.id != b.id


def test_ids_keep_their_characters_but_lose_controls():
    assert sanitize(make(id=" <id>&amp;\u202e1 ")).id == "<id>&amp;1"


def test_empty_id_gets_a_derived_one():
    assert sanitize(make(id="\u200b")).id.startswith("t-")


def test_audience_is_cleaned_deduplicated_and_capped():
    names = ["  총무과 ", "<b>민원과</b>", "총무과", "", "\u200b", "가" * 80] + [f"부서{i}" for i in range(100)]
    audience = sanitize(make(audience=tuple(names))).audience
    assert audience[:2] == ("총무과", "민원과")
    assert len(audience) == AUDIENCE_MAX
    assert all(0 < len(name) <= AUDIENCE_ENTRY_MAX for name in audience)
    assert len(set(audience)) == len(audience)


# --- links ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>", "file:///etc/passwd",
    "ftp://example.org/", "mailto:a@b.c", "//example.org/x", "/relative", "example.org",
    "https://user:pass@example.org/", "https://user@example.org/", "http://", "https:///path",
    "https://exa mple.org/", "https://example.org/\x00", "https://example.org:99999/", "https://example.org:0/",
    "https://example.org/" + "a" * URL_MAX, "http:\\\\example.org\\x", "https://example.org/\u202e", None, 42,
    "javascript://example.org/%0aalert(1)", "file://server/share/x",
])
def test_unsafe_links_are_dropped(url):
    assert safe_link(url) is None
    assert sanitize(make(link=url)).link is None


@pytest.mark.parametrize("url, expected", [
    ("https://example.org/a?b=1#c", "https://example.org/a?b=1#c"),
    ("HTTP://Example.org/x", "http://Example.org/x"),
    ("  https://intranet.local:8443/board/view.do?id=1  ", "https://intranet.local:8443/board/view.do?id=1"),
    ("https://www.jeonju.go.kr/한글경로", "https://www.jeonju.go.kr/한글경로"),
    ("http://[::1]:8080/", "http://[::1]:8080/"),
])
def test_safe_links_are_kept(url, expected):
    assert safe_link(url) == expected


# --- sanitize / sanitize_all -----------------------------------------------------------------------


def test_sanitize_returns_none_when_the_title_is_empty():
    assert sanitize(make(title="")) is None
    assert sanitize(make(title="<b></b> \u200b\n\t")) is None
    assert sanitize(make(title="<script>x</script>")) is None


def test_sanitize_fixes_unknown_category_priority_and_naive_dates():
    notice = sanitize(make(category="weather", priority="critical", starts_at=dt.datetime(2026, 11, 23, 9)))
    assert notice.category == "notice" and notice.priority == "normal"
    assert notice.starts_at.utcoffset() == dt.timedelta(hours=9)


def test_sanitize_keeps_good_fields():
    start = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
    raw = make(body="본문", category="event", priority="urgent", link="https://x.org/", starts_at=start, source="http://s/f")
    assert sanitize(raw) == raw


def test_hostile_feed_end_to_end(feed_bytes):
    notices = sanitize_all(parse_feed(feed_bytes("hostile.json"), "application/feed+json", "https://n.local/feed.json"))
    by_id = {n.source_id: n for n in notices}
    assert "h7" not in by_id  # only whitespace / zero-width: nothing left
    assert list(by_id).count("h1") == 1 and by_id["h1"].title == "긴급 공지"  # first of the duplicate ids wins
    assert by_id["h1"].link is None and by_id["h1"].body == "click body"
    assert by_id["h2"].title == "evil 방향 바꾸기" and by_id["h2"].body == "ab\nc\nd" and by_id["h2"].link is None
    assert by_id["h3"].link is None and by_id["h4"].link is None
    assert len(by_id["h5"].title) == TITLE_MAX and len(by_id["h5"].body) == BODY_MAX and by_id["h5"].link is None
    assert by_id["h6"].title == "<b>escaped</b> &amp;" and by_id["h6"].link == "https://Example.org/ok"
    assert by_id["h8"].title == "Qt rich text red"
    assert by_id["h8"].audience[:2] == ("총무과", "민원") and len(by_id["h8"].audience) == AUDIENCE_MAX


def test_sanitize_all_deduplicates_after_cleaning():
    notices = [make(id="a", title="first"), make(id="a\u200b", title="second"), make(id="b", title=""), make(id="c")]
    assert [(n.id, n.title) for n in sanitize_all(notices)] == [("a", "first"), ("c", "제목")]


def test_precomputed_control_class_matches_the_unicode_definition():
    """_UNWANTED is a speed-up of _is_unwanted; re-derive it from unicodedata for every code point."""
    from ticker.feed import sanitize as module

    everything = "".join(chr(c) for c in range(0x110000))
    kept_by_regex = module._UNWANTED.sub("", everything)
    kept_by_definition = "".join(ch for ch in everything if not module._is_unwanted(ch))
    assert kept_by_regex == kept_by_definition


def test_whitespace_controls_become_spaces_in_titles():
    assert clean_line("a\rb\x0bc\x0cd\x1fe\x85f", TITLE_MAX) == "a b c d e f"


def test_huge_fields_are_trimmed_before_processing():
    notice = sanitize(make(title="<b>" + "가" * 5_000_000, body="나" * 5_000_000, id="i" * 5_000_000))
    assert len(notice.title) == TITLE_MAX and len(notice.body) == BODY_MAX and len(notice.id) <= ID_MAX
    # Markup within 20x the cap is stripped normally; text hidden behind more markup is cut off.
    assert clean_line("<b></b>" * 500 + "끝", TITLE_MAX) == "끝"
    assert clean_line("<b></b>" * 1000 + "끝", TITLE_MAX) == ""
