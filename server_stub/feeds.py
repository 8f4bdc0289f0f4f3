"""Feed rendering: notices -> JSON Feed 1.1 or Atom 1.0 bytes, plus a strong ETag.

Pure (standard library only). The output is deterministic for a given input, so equal
content always yields an equal ETag.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from server_stub.models import CATEGORY_LABELS_KO, PRIORITIES, FeedOptions, Notice

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
JSON_FEED_TYPE = "application/feed+json"
ATOM_TYPE = "application/atom+xml"
ATOM_NS = "http://www.w3.org/2005/Atom"
_PRIORITY_RANK = {p: i for i, p in enumerate(reversed(PRIORITIES))}  # urgent first


def strong_etag(data: bytes) -> str:
    """A strong entity tag: the quoted start of the SHA-256 of the exact bytes."""
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def feed_order(notices: Iterable[Notice]) -> list[Notice]:
    """Urgent first, then high, then normal; within a rank by start time, then id."""
    return sorted(
        notices, key=lambda n: (_PRIORITY_RANK.get(n.priority, 9), n.starts_at, n.id)
    )


def select(
    notices: Iterable[Notice],
    now: datetime,
    *,
    public_only: bool = False,
    audience: Sequence[str] | None = None,
) -> list[Notice]:
    """Published notices whose end has not passed (future ones included), in feed order.

    With ``audience``, keep notices for everyone plus those aimed at any of the names.
    """
    wanted = set(audience or ())
    chosen = []
    for notice in notices:
        if notice.status != "published" or notice.ends_at <= now:
            continue
        if public_only and notice.visibility != "public":
            continue
        if audience is not None and notice.audience and not wanted.intersection(notice.audience):
            continue
        chosen.append(notice)
    return feed_order(chosen)


def _stamp(value: datetime, zone: ZoneInfo) -> str:
    return value.astimezone(zone).isoformat()


def _tags(notice: Notice) -> list[str]:
    tags = [notice.category]
    if notice.priority != "normal":
        tags.append(notice.priority)
    return tags


def json_feed_item(notice: Notice, zone: ZoneInfo) -> dict:
    """One JSON Feed item with the `_ticker` extension (docs/architecture.md)."""
    item: dict = {"id": notice.id, "title": notice.title, "content_text": notice.body}
    if notice.link:
        item["url"] = notice.link
    item["date_published"] = _stamp(notice.starts_at, zone)
    item["date_modified"] = _stamp(notice.updated_at or notice.starts_at, zone)
    item["tags"] = _tags(notice)
    item["_ticker"] = {
        "category": notice.category,
        "priority": notice.priority,
        "starts_at": _stamp(notice.starts_at, zone),
        "ends_at": _stamp(notice.ends_at, zone),
        "recurrence": notice.recurrence.as_dict() if notice.recurrence else None,
        "audience": list(notice.audience),
        "ack_required": notice.ack_required,
    }
    return item


def render_json_feed(notices: Sequence[Notice], options: FeedOptions) -> bytes:
    """JSON Feed 1.1 document, UTF-8, items in the given order."""
    zone = ZoneInfo(options.timezone)
    doc = {
        "version": JSON_FEED_VERSION,
        "title": options.title,
        "home_page_url": options.home_page_url,
        "feed_url": options.feed_url,
        "language": "ko",
        "items": [json_feed_item(n, zone) for n in notices],
    }
    if options.receipts_url:
        doc["_ticker"] = {"receipts": {"url": options.receipts_url,
                                       "identify": options.receipts_identify}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _atom_updated(notices: Sequence[Notice], zone: ZoneInfo) -> str:
    stamps = [n.updated_at for n in notices if n.updated_at]
    latest = max(stamps) if stamps else datetime(2000, 1, 1, tzinfo=UTC)
    return _stamp(latest, zone)


def render_atom(notices: Sequence[Notice], options: FeedOptions) -> bytes:
    """Atom 1.0 document with the same items; `_ticker` fields become categories."""
    zone = ZoneInfo(options.timezone)
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "ko"})
    _sub(feed, "id", options.feed_url)
    _sub(feed, "title", options.title)
    _sub(feed, "updated", _atom_updated(notices, zone))
    _sub(feed, "link", rel="self", href=options.feed_url, type=ATOM_TYPE)
    _sub(feed, "link", rel="alternate", href=options.home_page_url)
    _sub(_sub(feed, "author"), "name", options.title)
    for notice in notices:
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"{options.home_page_url.rstrip('/')}/notices/{notice.id}")
        _sub(entry, "title", notice.title, type="text")
        _sub(entry, "published", _stamp(notice.starts_at, zone))
        _sub(entry, "updated", _stamp(notice.updated_at or notice.starts_at, zone))
        _sub(entry, "category", term=notice.category,
             label=CATEGORY_LABELS_KO.get(notice.category, notice.category))
        if notice.priority != "normal":
            _sub(entry, "category", term=notice.priority)
        if notice.link:
            _sub(entry, "link", rel="alternate", href=notice.link)
        _sub(entry, "summary", _atom_summary(notice, zone), type="text")
        _sub(entry, "content", notice.body, type="text")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8",
                                                                     xml_declaration=False)


def _atom_summary(notice: Notice, zone: ZoneInfo) -> str:
    start = notice.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    end = notice.ends_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    text = f"[{CATEGORY_LABELS_KO.get(notice.category, notice.category)}] {start} ~ {end}"
    if notice.audience:
        text += " · 대상: " + ", ".join(notice.audience)
    return text
