"""Read a feed document (bytes) into Notices. Pure: no Qt, no network, no file access.

Formats: JSON Feed 1.1 with our ``_ticker`` extension (docs/architecture.md), plain JSON Feed,
and RSS 0.9x/1.0/2.0 and Atom 1.0 through feedparser. The format is sniffed from the first
non-blank character and falls back to the Content-Type.

Error policy: a document without readable feed structure raises ``FeedError`` (and nothing
else), so the caller keeps its last good notices. Inside a readable feed, an item with a wrong
type or an impossible value (bad date, bad recurrence) is skipped and the rest is kept.
Text is returned raw; ``ticker.feed.sanitize`` makes it safe for display.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import urllib.parse
from typing import Any, Literal
from zoneinfo import ZoneInfo

from ticker.feed.notice import (
    CATEGORIES,
    CATEGORY_LABELS_KO,
    WEEKDAYS,
    Notice,
    Recurrence,
)
from ticker.feed.sanitize import mark_html_breaks

MAX_FEED_BYTES = 8 * 1024 * 1024
MAX_ITEMS = 1_000
MAX_JSON_DEPTH = 32
DEFAULT_ZONE = "Asia/Seoul"

FeedFormat = Literal["json", "xml"]

# Category words accepted in tags (JSON Feed) and <category> terms (RSS/Atom).
_CATEGORY_WORDS = {key: key for key in CATEGORIES} | {
    label: key for key, label in CATEGORY_LABELS_KO.items()
}
_PRIORITY_WORDS = {"urgent": "urgent", "긴급": "urgent", "high": "high", "중요": "high"}
_HHMM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_INNERMOST = re.compile(r"\[[^\[\]{}]*\]|\{[^\[\]{}]*\}")
_ENTITY_DECLARATIONS = tuple("<!ENTITY".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be"))
_ROOT_END = re.compile(rb"</\s*(rss|feed|rdf:RDF|RDF)\s*>\s*\Z")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class FeedError(ValueError):
    """The document is not a readable feed. ``message`` is Korean with an English translation."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NoValidNotices(FeedError):
    """The feed is well formed and has items, but not one of them is a valid notice.

    Not an empty board: the caller keeps its last good notices (an empty ``items`` list
    is still a real "no notices")."""

    def __init__(self, count: int) -> None:
        super().__init__(
            f"피드의 항목 {count}개 중 올바른 공지가 하나도 없습니다 "
            f"(none of the feed's {count} items is a valid notice)"
        )
        self.count = count


class _SkipItem(Exception):
    """One item has a wrong type or value; it is dropped, the feed is kept."""


def parse_feed(data: bytes, content_type: str | None, source: str) -> list[Notice]:
    """Parse a JSON Feed / RSS / Atom document. Raises only FeedError."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise FeedError("피드 데이터가 바이트가 아닙니다 (feed data is not bytes)")
    data = bytes(data)
    if len(data) > MAX_FEED_BYTES:
        raise FeedError(
            f"피드가 너무 큽니다: {len(data):,} 바이트 (feed too large: {len(data):,} bytes)"
        )
    try:
        if detect_format(data, content_type) == "json":
            return _parse_json_feed(data, source)
        return _parse_xml_feed(data, content_type, source)
    except FeedError:
        raise
    except Exception as exc:  # the contract: callers only ever see FeedError
        raise FeedError(f"피드를 읽을 수 없습니다 (cannot read feed): {type(exc).__name__}") from exc


def detect_format(data: bytes, content_type: str | None) -> FeedFormat:
    """Sniff the first non-blank character; fall back to the Content-Type."""
    head = _head_text(data)
    first = head.lstrip()[:1]
    if first in ("{", "["):
        return "json"
    if first == "<":
        return "xml"
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if "json" in mime:
        return "json"
    if "xml" in mime or "rss" in mime or "atom" in mime:
        return "xml"
    if not data.strip():
        raise FeedError("피드가 비어 있습니다 (the feed is empty)")
    raise FeedError("피드 형식을 알 수 없습니다 (unknown feed format: neither JSON nor XML)")


def _head_text(data: bytes) -> str:
    head = data[:256]
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="ignore")
    return head.decode("utf-8", errors="ignore")


# --- JSON Feed ------------------------------------------------------------------------------


def _load_json(data: bytes) -> Any:
    try:
        text = data.decode(json.detect_encoding(data))
    except (UnicodeDecodeError, LookupError) as exc:
        raise FeedError("JSON 피드의 문자 인코딩이 잘못되었습니다 (invalid JSON text encoding)") from exc
    text = text.removeprefix("\ufeff")
    _check_json_depth(text)
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise FeedError(f"JSON 형식 오류입니다 (invalid JSON): {str(exc)[:120]}") from exc


def _check_json_depth(text: str) -> None:
    """Reject documents nested deeper than MAX_JSON_DEPTH before the recursive parser sees them."""
    skeleton = _JSON_STRING.sub('""', text)
    for _ in range(MAX_JSON_DEPTH):
        skeleton, count = _JSON_INNERMOST.subn("0", skeleton)
        if count == 0:
            return
    if _JSON_INNERMOST.search(skeleton):
        raise FeedError(
            f"JSON 피드의 중첩이 너무 깊습니다 (JSON nested deeper than {MAX_JSON_DEPTH} levels)"
        )


def _parse_json_feed(data: bytes, source: str) -> list[Notice]:
    doc = _load_json(data)
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise FeedError("JSON Feed가 아닙니다: items 목록이 없습니다 (not a JSON Feed: no items list)")
    version = doc.get("version")
    if version is not None and not (
        isinstance(version, str) and version.startswith("https://jsonfeed.org/version/")
    ):
        raise FeedError("JSON Feed 버전을 알 수 없습니다 (unknown JSON Feed version)")
    items = doc["items"][:MAX_ITEMS]
    notices = []
    for item in items:
        try:
            notices.append(_json_item(item, source))
        except _SkipItem:
            continue
    if items and not notices:
        raise NoValidNotices(len(items))
    return notices


def _opt(item: dict, key: str, kind: type | tuple[type, ...]) -> Any:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, kind):
        raise _SkipItem(key)
    return value


def _json_item(item: object, source: str) -> Notice:
    if not isinstance(item, dict):
        raise _SkipItem("item")
    ident = _opt(item, "id", (str, int))
    title = _opt(item, "title", str)
    text = _opt(item, "content_text", str)
    markup = _opt(item, "content_html", str)
    summary = _opt(item, "summary", str)
    link = _opt(item, "url", str) or _opt(item, "external_url", str)
    tags = _opt(item, "tags", list) or []
    if not all(isinstance(tag, str) for tag in tags):
        raise _SkipItem("tags")
    body = text if text else (mark_html_breaks(markup) if markup else (summary or ""))
    if not title:  # JSON Feed allows untitled items; a ticker shows their first line instead
        title = summary or body.strip().split("\n", 1)[0]
    link = _absolute(link, source)
    fields: dict[str, Any] = {
        "category": _word(tags, _CATEGORY_WORDS, "notice"),
        "priority": _word(tags, _PRIORITY_WORDS, "normal"),
    }
    ext = item.get("_ticker")
    if ext is not None:
        if not isinstance(ext, dict):
            raise _SkipItem("_ticker")
        fields = _ticker_fields(ext, fields)
    source_id = str(ident) if ident is not None else ""
    return Notice(
        id=_feed_scoped(source, source_id) or _derived_id(source, title, link),
        source_id=source_id,
        title=title,
        body=body,
        link=link,
        published=parse_datetime(item.get("date_published")) or parse_datetime(item.get("date_modified")),
        source=source,
        **fields,
    )


def _ticker_fields(ext: dict, from_tags: dict[str, Any]) -> dict[str, Any]:
    """The _ticker object; category/priority fall back to what the tags said."""
    category = _opt(ext, "category", str)
    priority = _opt(ext, "priority", str)
    audience = _opt(ext, "audience", list) or []
    if not all(isinstance(name, str) for name in audience):
        raise _SkipItem("audience")
    starts_at = _date_field(ext, "starts_at")
    ends_at = _date_field(ext, "ends_at")
    if starts_at and ends_at and ends_at <= starts_at:
        raise _SkipItem("ends_at before starts_at")
    return {
        "category": _word([category], _CATEGORY_WORDS, "notice") if category else from_tags["category"],
        "priority": _word([priority], _PRIORITY_WORDS | {"normal": "normal"}, "normal")
        if priority
        else from_tags["priority"],
        "starts_at": starts_at,
        "ends_at": ends_at,
        "recurrence": _recurrence(ext.get("recurrence")),
        "audience": tuple(audience),
        "ack_required": ext.get("ack_required") is True,  # anything but a real true is false
    }


def _recurrence(value: object) -> Recurrence | None:
    """Read the recurrence object of docs/architecture.md; None stays None, anything wrong skips."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _SkipItem("recurrence")
    freq = value.get("freq")
    weekdays = value.get("weekdays") or []
    start, end = _hhmm(value.get("start")), _hhmm(value.get("end"))
    tz = value.get("tz") or DEFAULT_ZONE
    if freq not in ("daily", "weekly") or not isinstance(weekdays, list) or end <= start:
        raise _SkipItem("recurrence")
    names = [day.strip().lower() if isinstance(day, str) else None for day in weekdays]
    if any(name not in WEEKDAYS for name in names):
        raise _SkipItem("recurrence weekdays")
    days = frozenset(WEEKDAYS.index(name) for name in names) if freq == "weekly" else frozenset()
    if freq == "weekly" and not days:
        raise _SkipItem("weekly recurrence without weekdays")
    if not isinstance(tz, str) or len(tz) > 64:
        raise _SkipItem("recurrence tz")
    try:
        ZoneInfo(tz)
    except Exception as exc:  # ZoneInfoNotFoundError, ValueError for path-like keys, ...
        raise _SkipItem("recurrence tz") from exc
    return Recurrence(freq=freq, weekdays=days, start=start, end=end, tz=tz)


def _hhmm(value: object) -> dt.time:
    if not isinstance(value, str) or not (match := _HHMM.fullmatch(value.strip())):
        raise _SkipItem("recurrence time")
    return dt.time(int(match[1]), int(match[2]))


def parse_datetime(value: object) -> dt.datetime | None:
    """RFC 3339 / ISO 8601 text to an aware datetime (naive means Asia/Seoul); None if unreadable."""
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().upper().replace(" ", "T", 1))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(DEFAULT_ZONE))
    return parsed


def _date_field(ext: dict, key: str) -> dt.datetime | None:
    value = ext.get(key)
    if value is None:
        return None
    parsed = parse_datetime(value)
    if parsed is None:  # a schedule we cannot read must not show the notice at the wrong time
        raise _SkipItem(key)
    return parsed


def _word(words: list[str], table: dict[str, str], default: Any) -> Any:
    for word in words:
        key = word.strip().lower()
        if key in table:
            return table[key]
        if word.strip() in table:
            return table[word.strip()]
    return default


_GLOBAL_ID = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S")  # URL, urn:, tag: — unique on its own


def _feed_scoped(source: str, ident: str) -> str:
    """Boards number their ids ("1", "1024"): two feeds must not hide each other's items or
    share read marks, so an id is prefixed with its feed unless it is unique on its own."""
    if not ident or _GLOBAL_ID.match(ident):
        return ident
    return f"{source}#{ident}"


def _derived_id(source: str, title: str, link: str | None) -> str:
    digest = hashlib.sha256(f"{source}\n{title}\n{link or ''}".encode("utf-8", "replace"))
    return "h-" + digest.hexdigest()[:32]


def _absolute(link: str | None, base: str) -> str | None:
    """Resolve a relative item link against the feed URL (intranet boards often use them)."""
    if not link:
        return None
    if "://" in link or not base.startswith(("http://", "https://")):
        return link
    try:
        return urllib.parse.urljoin(base, link)
    except ValueError:
        return None


# --- RSS / Atom -----------------------------------------------------------------------------


def __getattr__(name: str) -> Any:
    """``parse.feedparser`` still works (tests patch it) although it is imported lazily."""
    if name == "feedparser":
        import feedparser

        return feedparser
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")



def _parse_xml_feed(data: bytes, content_type: str | None, source: str) -> list[Notice]:
    if any(marker in data for marker in _ENTITY_DECLARATIONS):
        raise FeedError("XML 엔티티 선언은 허용되지 않습니다 (XML entity declarations are refused)")
    headers = {}
    if content_type and "json" not in content_type.lower():
        headers["content-type"] = content_type[:200]
    # Imported here: feedparser (with urllib.request, email, sgml) costs ~10 MB of memory
    # and is needed only by RSS/Atom feeds, not by our own JSON Feed.
    import feedparser

    # A file-like object: feedparser must never treat the data as a URL or a file name.
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
    entries = entries[:MAX_ITEMS]
    notices = []
    for entry in entries:
        try:
            notices.append(_xml_entry(entry, source))
        except _SkipItem:
            continue
    if entries and not notices:
        raise NoValidNotices(len(entries))
    return notices


def _truncated(data: bytes) -> bool:
    """A malformed document that does not end with its root element was cut off in transit."""
    if data.startswith(_UTF16_BOMS):
        return False
    return not _ROOT_END.search(data[-256:])


def _xml_text(entry: dict, key: str) -> str:
    value = entry.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _SkipItem(key)
    detail = entry.get(f"{key}_detail") or {}
    if "html" in str(detail.get("type", "")):
        return mark_html_breaks(value)
    return value


def _xml_entry(entry: dict, source: str) -> Notice:
    title = _xml_text(entry, "title")
    contents = entry.get("content") or []
    if contents and isinstance(contents[0], dict) and isinstance(contents[0].get("value"), str):
        first = contents[0]
        body = mark_html_breaks(first["value"]) if "html" in str(first.get("type", "")) else first["value"]
    else:
        body = _xml_text(entry, "summary")
    if not title:
        title = body.strip().split("\n", 1)[0]
    link = entry.get("link")
    link = _absolute(link, source) if isinstance(link, str) else None
    terms = [tag.get("term") for tag in entry.get("tags") or [] if isinstance(tag, dict)]
    terms = [term for term in terms if isinstance(term, str)]
    source_id = entry.get("id") if isinstance(entry.get("id"), str) else ""
    return Notice(
        id=_feed_scoped(source, source_id) or link or _derived_id(source, title, link),
        source_id=source_id,
        title=title,
        body=body,
        category=_word(terms, _CATEGORY_WORDS, "notice"),
        priority=_word(terms, _PRIORITY_WORDS, "normal"),
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


__all__ = ["FeedError", "MAX_FEED_BYTES", "MAX_ITEMS", "detect_format", "parse_datetime", "parse_feed"]
