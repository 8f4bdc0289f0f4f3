"""What the JSON Feed and the RSS/Atom readers share when they turn items into Notices. Pure.

Ids, links and the category/priority words, plus the rule that a bad item is skipped while
the rest of the feed is kept.
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from ticker.feed.errors import NoValidNotices
from ticker.feed.notice import CATEGORIES, CATEGORY_LABELS_KO, Notice

MAX_ITEMS = 1_000

# Category words accepted in tags (JSON Feed) and <category> terms (RSS/Atom).
CATEGORY_WORDS = {key: key for key in CATEGORIES} | {
    label: key for key, label in CATEGORY_LABELS_KO.items()
}
PRIORITY_WORDS = {"urgent": "urgent", "긴급": "urgent", "high": "high", "중요": "high"}
_GLOBAL_ID = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S")  # URL, urn:, tag: — unique on its own

Item = TypeVar("Item")


class SkipItem(Exception):
    """One item has a wrong type or value; it is dropped, the feed is kept."""


def read_items(items: Iterable[Item], read: Callable[[Item], Notice]) -> list[Notice]:
    """``read`` every item (at most MAX_ITEMS), skipping bad ones; NoValidNotices if all are."""
    items = list(items)[:MAX_ITEMS]
    notices = []
    for item in items:
        try:
            notices.append(read(item))
        except SkipItem:
            continue
    if items and not notices:
        raise NoValidNotices(len(items))
    return notices


def word(words: list[str], table: dict[str, str], default: Any) -> Any:
    """The first of ``words`` that ``table`` knows (case-insensitive), mapped; else default."""
    for text in words:
        key = text.strip().lower()
        if key in table:
            return table[key]
        if text.strip() in table:
            return table[text.strip()]
    return default


def feed_scoped(source: str, ident: str) -> str:
    """Boards number their ids ("1", "1024"): two feeds must not hide each other's items or
    share read marks, so an id is prefixed with its feed unless it is unique on its own."""
    if not ident or _GLOBAL_ID.match(ident):
        return ident
    return f"{source}#{ident}"


def derived_id(source: str, title: str, link: str | None) -> str:
    """A stable id for an item that has none."""
    digest = hashlib.sha256(f"{source}\n{title}\n{link or ''}".encode("utf-8", "replace"))
    return "h-" + digest.hexdigest()[:32]


def absolute(link: str | None, base: str) -> str | None:
    """Resolve a relative item link against the feed URL (intranet boards often use them)."""
    if not link:
        return None
    if "://" in link or not base.startswith(("http://", "https://")):
        return link
    try:
        return urllib.parse.urljoin(base, link)
    except ValueError:
        return None
