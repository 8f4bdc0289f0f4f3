"""Read an RSS 0.9x/1.0/2.0 or Atom 1.0 document into Notices, through feedparser. Pure.

feedparser is given the bytes as a file-like object, so it never treats them as a URL or a
file name, and documents declaring XML entities are refused before it sees them. A malformed
document that feedparser could half-read counts only if it is complete (not cut off in
transit). Text is returned raw (sanitize cleans it).
"""

from __future__ import annotations

import datetime as dt
import io
import re

from ticker.feed import items
from ticker.feed.errors import FeedError
from ticker.feed.html_text import mark_html_breaks
from ticker.feed.notice import Notice

_ENTITY_DECLARATIONS = tuple("<!ENTITY".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be"))
_ROOT_END = re.compile(rb"</\s*(rss|feed|rdf:RDF|RDF)\s*>\s*\Z")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def parse_rss_atom(data: bytes, content_type: str | None, source: str) -> list[Notice]:
    """The notices of an RSS/Atom document; ``source`` is its URL (ids, relative links)."""
    if any(marker in data for marker in _ENTITY_DECLARATIONS):
        raise FeedError("XML 엔티티 선언은 허용되지 않습니다 (XML entity declarations are refused)")
    headers = {}
    if content_type and "json" not in content_type.lower():
        headers["content-type"] = content_type[:200]
    # Imported here: feedparser (with urllib.request, email, sgml) costs ~10 MB of memory
    # and is needed only by RSS/Atom feeds, not by our own JSON Feed.
    import feedparser

    result = feedparser.parse(
        io.BytesIO(data), response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    version = result.get("version") or ""
    entries = result.get("entries") or []
    if result.get("bozo") and (not entries or not version or _truncated(data)):
        reason = str(result.get("bozo_exception") or "")[:120]
        raise FeedError(f"RSS/Atom 형식 오류입니다 (malformed RSS/Atom): {reason}")
    if not version:
        raise FeedError("RSS/Atom 피드가 아닙니다 (not an RSS/Atom feed)")
    return items.read_items(entries, lambda entry: _entry(entry, source))


def _truncated(data: bytes) -> bool:
    """A malformed document that does not end with its root element was cut off in transit."""
    if data.startswith(_UTF16_BOMS):
        return False
    return not _ROOT_END.search(data[-256:])


def _text(entry: dict, key: str) -> str:
    value = entry.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise items.SkipItem(key)
    detail = entry.get(f"{key}_detail") or {}
    if "html" in str(detail.get("type", "")):
        return mark_html_breaks(value)
    return value


def _entry(entry: dict, source: str) -> Notice:
    title = _text(entry, "title")
    contents = entry.get("content") or []
    if contents and isinstance(contents[0], dict) and isinstance(contents[0].get("value"), str):
        first = contents[0]
        body = mark_html_breaks(first["value"]) if "html" in str(first.get("type", "")) else first["value"]
    else:
        body = _text(entry, "summary")
    if not title:
        title = body.strip().split("\n", 1)[0]
    link = entry.get("link")
    link = items.absolute(link, source) if isinstance(link, str) else None
    terms = [tag.get("term") for tag in entry.get("tags") or [] if isinstance(tag, dict)]
    terms = [term for term in terms if isinstance(term, str)]
    source_id = entry.get("id") if isinstance(entry.get("id"), str) else ""
    return Notice(
        id=items.feed_scoped(source, source_id) or link or items.derived_id(source, title, link),
        source_id=source_id,
        title=title,
        body=body,
        category=items.word(terms, items.CATEGORY_WORDS, "notice"),
        priority=items.word(terms, items.PRIORITY_WORDS, "normal"),
        link=link,
        published=_struct_time(entry.get("published_parsed") or entry.get("updated_parsed")),
        source=source,
    )


def _struct_time(value: object) -> dt.datetime | None:
    """feedparser's dates are UTC struct_time tuples."""
    try:
        return dt.datetime(*value[:6], tzinfo=dt.UTC)  # type: ignore[index]
    except (TypeError, ValueError, OverflowError):
        return None


__all__ = ["parse_rss_atom"]
