"""Hypothesis fuzzing of parse_feed + sanitize: 10,000 cases in total (see MAX_EXAMPLES).

Contract under test: parse_feed returns a list of Notice or raises FeedError, nothing else;
whatever sanitize lets through is plain, bounded, control-free text with only http(s) links.
Runtime is measured in the report (about a minute on a shared 2-core box).
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
import urllib.parse

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ticker.feed.notice import CATEGORIES, PRIORITIES, Notice
from ticker.feed.parse import FeedError, parse_feed
from ticker.feed.sanitize import (
    AUDIENCE_ENTRY_MAX,
    AUDIENCE_MAX,
    BODY_MAX,
    ID_MAX,
    TITLE_MAX,
    sanitize,
    sanitize_all,
)
from ticker.feed.schedule import is_visible, next_change, visible_notices

MAX_EXAMPLES = {"json": 3_500, "bytes": 3_000, "xml": 1_500, "sanitize": 1_500, "plain": 500}  # 10,000
FUZZ = settings(
    deadline=None,
    database=None,  # no .hypothesis/ directory in the work tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def fuzz(kind: str) -> settings:
    return settings(FUZZ, max_examples=MAX_EXAMPLES[kind])

# Text that hurts: markup, entities, controls, bidi, zero-width, surrogates, combining marks, Hangul.
NASTY = ["<script>alert(1)</script>", "<b>", "</p>", "<!--", "]]>", "&lt;", "&amp;", "&#0;", "&#x202e;", "\u202e",
         "\u2066", "\u200b", "\ufeff", "\x00", "\x1b[31m", "\x85", "\r\n", "\u2028", "javascript:", "한글",
         "\u1100\u1161", "e\u0301", "\U0001f600", "\ud800", "%s", "\\", '"', "'"]
nasty_text = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(NASTY) | st.text(max_size=8), max_size=12).map("".join),
    st.text(alphabet=st.characters(codec=None), max_size=120),
)
urls = st.one_of(
    st.sampled_from(["https://example.org/a", "http://intra.local:8080/x?y=1", "javascript:alert(1)",
                     "data:text/html,x", "file:///etc/passwd", "https://u:p@h/", "//host/x", "/rel", "",
                     "http://[::1", "https://h:99999/", "HTTPS://H/é", "javascript://example.org/%0aalert(1)",
                     "ftp://example.org/x", "file://host/share"]),
    nasty_text,
)
dates = st.one_of(
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(["2026-11-23T09:00:00+09:00", "2026-11-23T09:00:00Z", "yesterday", "", "2026-02-30T00:00:00Z"]),
    nasty_text,
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), nasty_text)
junk = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=5)


def maybe(strategy):
    return st.one_of(strategy, junk)


recurrences = st.fixed_dictionaries({}, optional={
    "freq": maybe(st.sampled_from(["daily", "weekly", "monthly"])),
    "weekdays": maybe(st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun", "Mon", "xyz"]), max_size=8)),
    "start": maybe(st.sampled_from(["00:00", "08:30", "09:00", "23:59", "24:00", "9:00"])),
    "end": maybe(st.sampled_from(["00:00", "09:30", "17:00", "23:59", "25:00"])),
    "tz": maybe(st.sampled_from(["Asia/Seoul", "UTC", "America/New_York", "Nope/Zone", "../../etc", ""])),
})
tickers = st.fixed_dictionaries({}, optional={
    "category": st.sampled_from([*CATEGORIES, "행사", "weather"]) | junk,
    "priority": st.sampled_from([*PRIORITIES, "critical"]) | junk,
    "starts_at": st.none() | dates,
    "ends_at": st.none() | dates,
    "recurrence": st.one_of(st.none(), recurrences, junk),
    "audience": st.lists(nasty_text, max_size=60) | junk,
})
def item_fields(wrap):
    """JSON Feed item fields; wrap decides whether wrong types may replace the right ones."""
    return st.fixed_dictionaries({}, optional={
        "id": wrap(nasty_text | st.integers()),
        "title": wrap(nasty_text),
        "content_text": wrap(nasty_text),
        "content_html": wrap(nasty_text),
        "summary": wrap(nasty_text),
        "url": wrap(urls),
        "external_url": wrap(urls),
        "date_published": wrap(dates),
        "tags": wrap(st.lists(st.sampled_from(["event", "urgent", "주요현안", "high", "x"]) | nasty_text, max_size=4)),
        "_ticker": st.one_of(tickers, junk) if wrap is maybe else st.none() | tickers,
    })


# Well-typed items with hostile content (these reach sanitize), items with wrong types, junk.
items = st.one_of(item_fields(lambda s: s), item_fields(maybe), junk)
json_feeds = st.fixed_dictionaries(
    {"items": st.one_of(st.lists(items, max_size=6), st.lists(items, max_size=6), junk)},
    optional={"version": st.sampled_from(["https://jsonfeed.org/version/1.1", "https://jsonfeed.org/version/1", "2"]),
              "title": nasty_text},
)


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def xml_documents(draw) -> bytes:
    kind = draw(st.sampled_from(["rss", "atom", "rdf", "soup"]))
    escape = draw(st.booleans())
    field = nasty_text.map(xml_escape) if escape else nasty_text
    n = draw(st.integers(0, 3))
    if kind == "soup":
        tags = st.sampled_from(["<rss>", "</rss>", "<channel>", "<item>", "<title>", "</title>", "<feed>", "<entry>",
                                "<![CDATA[", "]]>", "<!DOCTYPE x>", "<?xml version='1.0'?>", "&", "<", ">"])
        text = "".join(draw(st.lists(tags | field, max_size=30)))
    elif kind == "atom":
        entries = "".join(
            f"<entry><title type='{draw(st.sampled_from(['text', 'html', 'xhtml']))}'>{draw(field)}</title>"
            f"<id>{draw(field)}</id><link href='{xml_escape(draw(urls))}'/><category term='{xml_escape(draw(nasty_text))}'/>"
            f"<updated>{xml_escape(draw(dates))}</updated><summary type='html'>{draw(field)}</summary></entry>"
            for _ in range(n))
        text = f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>{entries}</feed>"
    else:
        entries = "".join(
            f"<item><title>{draw(field)}</title><link>{xml_escape(draw(urls))}</link><guid>{draw(field)}</guid>"
            f"<category>{draw(field)}</category><description>{draw(field)}</description>"
            f"<pubDate>{xml_escape(draw(dates))}</pubDate></item>" for _ in range(n))
        if kind == "rss":
            text = f"<?xml version='1.0'?><rss version='2.0'><channel><title>c</title>{entries}</channel></rss>"
        else:
            text = ("<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' "
                    f"xmlns='http://purl.org/rss/1.0/'><channel><title>c</title></channel>{entries}</rdf:RDF>")
    cut = draw(st.none() | st.integers(0, len(text)))
    if cut is not None:
        text = text[:cut]
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "euc-kr", "latin-1"]))
    return text.encode(encoding, errors="replace" if encoding != "utf-8" else "surrogatepass")


content_types = st.sampled_from([None, "application/feed+json", "application/json", "application/rss+xml",
                                 "application/atom+xml", "text/xml; charset=euc-kr", "text/html", "text/plain", ""])


def check_parse(data: bytes, content_type: str | None) -> list[Notice]:
    """The contract: a list of Notice or FeedError; then sanitize's invariants on what is left."""
    try:
        notices = parse_feed(data, content_type, "https://feeds.example/feed")
    except FeedError as exc:
        assert exc.message and "\n" not in exc.message
        return []
    assert isinstance(notices, list) and all(isinstance(n, Notice) for n in notices)
    clean = sanitize_all(notices)
    for notice in clean:
        assert_clean(notice)
    assert len({n.id for n in clean}) == len(clean)
    # Scheduling must cope with whatever got through.
    shown = visible_notices(clean, NOW, audience=("총무과",))
    assert all(is_visible(n, NOW) for n in shown)
    change = next_change(clean, NOW)
    assert change is None or change > NOW
    return clean


def no_controls(text: str, allowed: str = "") -> bool:
    return all(ch in allowed or unicodedata.category(ch) not in ("Cc", "Cf", "Cs") for ch in text)


def assert_clean(notice: Notice) -> None:
    assert notice.title and len(notice.title) <= TITLE_MAX and no_controls(notice.title)
    assert notice.title == notice.title.strip() and "  " not in notice.title
    assert len(notice.body) <= BODY_MAX and no_controls(notice.body, allowed="\n")
    assert "\n\n\n" not in notice.body
    for text in (notice.title, notice.body):
        bidi = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0x200C, 0x200D, 0xFEFF]}
        assert not bidi & set(text)
        assert unicodedata.is_normalized("NFC", text.removesuffix("…"))
    assert notice.id and len(notice.id) <= ID_MAX and no_controls(notice.id)
    assert len(notice.audience) <= AUDIENCE_MAX
    assert all(0 < len(a) <= AUDIENCE_ENTRY_MAX and no_controls(a) for a in notice.audience)
    assert notice.category in CATEGORIES and notice.priority in PRIORITIES
    if notice.link is not None:
        parts = urllib.parse.urlsplit(notice.link)
        assert parts.scheme in ("http", "https") and parts.hostname and "@" not in parts.netloc
        assert no_controls(notice.link) and not any(ch.isspace() for ch in notice.link)
    for moment in (notice.starts_at, notice.ends_at, notice.published):
        assert moment is None or moment.utcoffset() is not None


@fuzz("json")
@given(doc=json_feeds, content_type=content_types, ascii_only=st.booleans())
def test_fuzz_structured_json_feeds(doc, content_type, ascii_only):
    data = json.dumps(doc, ensure_ascii=ascii_only).encode("utf-8", errors="surrogatepass")
    check_parse(data, content_type)


@fuzz("bytes")
@given(data=st.binary(max_size=2_000), prefix=st.sampled_from([b"", b"{", b"<", b"\xef\xbb\xbf", b"\xff\xfe<\x00"]),
       content_type=content_types)
def test_fuzz_random_bytes(data, prefix, content_type):
    check_parse(prefix + data, content_type)


@fuzz("xml")
@given(data=xml_documents(), content_type=content_types)
def test_fuzz_xml_documents(data, content_type):
    check_parse(data, content_type)


@fuzz("sanitize")
@given(title=nasty_text, body=nasty_text, link=urls, ident=nasty_text, audience=st.lists(nasty_text, max_size=70),
       category=st.text(max_size=8), priority=st.text(max_size=8))
def test_fuzz_sanitize_invariants(title, body, link, ident, audience, category, priority):
    raw = Notice(id=ident, title=title, body=body, link=link, audience=tuple(audience),
                 category=category, priority=priority)  # type: ignore[arg-type]
    clean = sanitize(raw)
    if clean is not None:
        assert_clean(clean)


@fuzz("plain")
@given(words=st.lists(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=12),
                      min_size=1, max_size=8))
def test_fuzz_plain_titles_survive_unchanged(words):
    title = " ".join(words)
    clean = sanitize(Notice(id="p", title=f"  {title}\n"))
    assert clean is not None
    expected = unicodedata.normalize("NFC", title)
    assert clean.title == (expected if len(expected) <= TITLE_MAX else clean.title)
    assert len(clean.title) <= TITLE_MAX


def test_fuzz_budget_is_at_least_ten_thousand_cases():
    assert sum(MAX_EXAMPLES.values()) >= 10_000


def test_fuzz_strategies_reach_sanitize():
    """Guard against a strategy so hostile that nothing reaches the invariant checks."""
    from hypothesis import Phase, find

    quick = settings(FUZZ, max_examples=2_000, phases=[Phase.generate])  # stop at the first hit
    find(json_feeds, lambda doc: len(check_parse(json.dumps(doc).encode(), None)) >= 3, settings=quick)
    find(xml_documents(), lambda data: len(check_parse(data, None)) >= 2, settings=quick)
