"""Read a JSON Feed 1.1 document, with or without our ``_ticker`` extension, into Notices. Pure.

The extension is described in docs/feed.md. A document without an ``items`` list raises
FeedError; inside it, an item with a wrong type or an impossible value (bad date, bad
recurrence) is skipped and the rest is kept. Text is returned raw (sanitize cleans it).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any
from zoneinfo import ZoneInfo

from ticker.feed.errors import FeedError
from ticker.feed.html_text import mark_html_breaks
from ticker.feed.items import (
    CATEGORY_WORDS,
    PRIORITY_WORDS,
    SkipItem,
    absolute,
    derived_id,
    feed_scoped,
    read_items,
    word,
)
from ticker.feed.notice import WEEKDAYS, Notice, Recurrence
from ticker.feed.zone import HOME_ZONE, HOME_ZONE_NAME

MAX_JSON_DEPTH = 32

_HHMM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_INNERMOST = re.compile(r"\[[^\[\]{}]*\]|\{[^\[\]{}]*\}")


def parse_json_feed(data: bytes, source: str) -> list[Notice]:
    """The notices of a JSON Feed document; ``source`` is its URL (ids, relative links)."""
    doc = _load_json(data)
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise FeedError("JSON Feed가 아닙니다: items 목록이 없습니다 (not a JSON Feed: no items list)")
    version = doc.get("version")
    if version is not None and not (
        isinstance(version, str) and version.startswith("https://jsonfeed.org/version/")
    ):
        raise FeedError("JSON Feed 버전을 알 수 없습니다 (unknown JSON Feed version)")
    return read_items(doc["items"], lambda item: _json_item(item, source))


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


def _opt(item: dict, key: str, kind: type | tuple[type, ...]) -> Any:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, kind):
        raise SkipItem(key)
    return value


def _json_item(item: object, source: str) -> Notice:
    if not isinstance(item, dict):
        raise SkipItem("item")
    ident = _opt(item, "id", (str, int))
    title = _opt(item, "title", str)
    text = _opt(item, "content_text", str)
    markup = _opt(item, "content_html", str)
    summary = _opt(item, "summary", str)
    link = _opt(item, "url", str) or _opt(item, "external_url", str)
    tags = _opt(item, "tags", list) or []
    if not all(isinstance(tag, str) for tag in tags):
        raise SkipItem("tags")
    body = text if text else (mark_html_breaks(markup) if markup else (summary or ""))
    if not title:  # JSON Feed allows untitled items; a ticker shows their first line instead
        title = summary or body.strip().split("\n", 1)[0]
    link = absolute(link, source)
    fields: dict[str, Any] = {
        "category": word(tags, CATEGORY_WORDS, "notice"),
        "priority": word(tags, PRIORITY_WORDS, "normal"),
    }
    ext = item.get("_ticker")
    if ext is not None:
        if not isinstance(ext, dict):
            raise SkipItem("_ticker")
        fields = _ticker_fields(ext, fields)
    source_id = str(ident) if ident is not None else ""
    return Notice(
        id=feed_scoped(source, source_id) or derived_id(source, title, link),
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
        raise SkipItem("audience")
    starts_at = _date_field(ext, "starts_at")
    ends_at = _date_field(ext, "ends_at")
    if starts_at and ends_at and ends_at <= starts_at:
        raise SkipItem("ends_at before starts_at")
    return {
        "category": word([category], CATEGORY_WORDS, "notice") if category else from_tags["category"],
        "priority": word([priority], PRIORITY_WORDS | {"normal": "normal"}, "normal")
        if priority
        else from_tags["priority"],
        "starts_at": starts_at,
        "ends_at": ends_at,
        "recurrence": _recurrence(ext.get("recurrence")),
        "audience": tuple(audience),
        "ack_required": ext.get("ack_required") is True,  # anything but a real true is false
    }


def _recurrence(value: object) -> Recurrence | None:
    """Read the recurrence object of docs/feed.md; None stays None, anything wrong skips."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise SkipItem("recurrence")
    freq = value.get("freq")
    weekdays = value.get("weekdays") or []
    start, end = _hhmm(value.get("start")), _hhmm(value.get("end"))
    tz = value.get("tz") or HOME_ZONE_NAME
    if freq not in ("daily", "weekly") or not isinstance(weekdays, list) or end <= start:
        raise SkipItem("recurrence")
    names = [day.strip().lower() if isinstance(day, str) else None for day in weekdays]
    if any(name not in WEEKDAYS for name in names):
        raise SkipItem("recurrence weekdays")
    days = frozenset(WEEKDAYS.index(name) for name in names) if freq == "weekly" else frozenset()
    if freq == "weekly" and not days:
        raise SkipItem("weekly recurrence without weekdays")
    if not isinstance(tz, str) or len(tz) > 64:
        raise SkipItem("recurrence tz")
    try:
        ZoneInfo(tz)
    except Exception as exc:  # ZoneInfoNotFoundError, ValueError for path-like keys, ...
        raise SkipItem("recurrence tz") from exc
    return Recurrence(freq=freq, weekdays=days, start=start, end=end, tz=tz)


def _hhmm(value: object) -> dt.time:
    if not isinstance(value, str) or not (match := _HHMM.fullmatch(value.strip())):
        raise SkipItem("recurrence time")
    return dt.time(int(match[1]), int(match[2]))


def parse_datetime(value: object) -> dt.datetime | None:
    """RFC 3339 / ISO 8601 text to an aware datetime (naive means HOME_ZONE); None if unreadable."""
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().upper().replace(" ", "T", 1))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=HOME_ZONE)
    return parsed


def _date_field(ext: dict, key: str) -> dt.datetime | None:
    value = ext.get(key)
    if value is None:
        return None
    parsed = parse_datetime(value)
    if parsed is None:  # a schedule we cannot read must not show the notice at the wrong time
        raise SkipItem(key)
    return parsed


__all__ = ["MAX_JSON_DEPTH", "parse_datetime", "parse_json_feed"]
