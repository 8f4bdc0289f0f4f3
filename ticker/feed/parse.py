"""Read a feed document (bytes) into Notices: sniff the format, hand it to its reader. Pure.

Formats: JSON Feed 1.1 with our ``_ticker`` extension and plain JSON Feed
(``ticker.feed.json_feed``), RSS 0.9x/1.0/2.0 and Atom 1.0 (``ticker.feed.rss_atom``). The
format is sniffed from the first non-blank character and falls back to the Content-Type.

Error policy: a document without readable feed structure raises ``FeedError`` (and nothing
else), so the caller keeps its last good notices. Inside a readable feed, an item with a wrong
type or an impossible value is skipped and the rest is kept; items of which not one is valid
raise ``NoValidNotices``. Text is returned raw; ``ticker.feed.sanitize`` makes it safe.
"""

from __future__ import annotations

from typing import Literal

from ticker.feed.errors import FeedError
from ticker.feed.json_feed import parse_json_feed
from ticker.feed.notice import Notice
from ticker.feed.rss_atom import parse_rss_atom

MAX_FEED_BYTES = 8 * 1024 * 1024

FeedFormat = Literal["json", "xml"]

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


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
            return parse_json_feed(data, source)
        return parse_rss_atom(data, content_type, source)
    except FeedError:
        raise
    except Exception as exc:  # the contract: callers only ever see FeedError
        raise FeedError(f"피드를 읽을 수 없습니다 (cannot read feed): {type(exc).__name__}") from exc


def detect_format(data: bytes, content_type: str | None) -> FeedFormat:
    """Sniff the first non-blank character; fall back to the Content-Type."""
    first = _head_text(data).lstrip()[:1]
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
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="ignore")
    return head.decode("utf-8", errors="ignore")


__all__ = ["MAX_FEED_BYTES", "FeedError", "detect_format", "parse_feed"]
