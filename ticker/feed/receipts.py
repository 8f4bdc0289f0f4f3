"""Where a feed wants its read receipts: the feed's top-level ``_ticker.receipts``. Pure.

``{"_ticker": {"receipts": {"url": "https://host/api/v1/receipts", "identify": true}}}``.
No ``receipts`` key (or anything unusable in it) means the site has turned reporting off for
that feed. Only JSON Feed documents carry it; RSS/Atom never report.
"""

from __future__ import annotations

import dataclasses
import json

from ticker.feed.parse import FeedError, detect_format
from ticker.feed.sanitize import URL_MAX, safe_link


@dataclasses.dataclass(frozen=True, slots=True)
class Receipts:
    url: str  # absolute http/https URL of POST /api/v1/receipts
    identify: bool  # False: send neither the user's login name nor the host name


def parse_receipts(data: bytes, content_type: str | None) -> Receipts | None:
    """The feed's receipts settings, or None (reporting off, not a JSON Feed, unreadable)."""
    try:
        if detect_format(bytes(data), content_type) != "json":
            return None
        doc = json.loads(bytes(data).decode("utf-8-sig"))
    except (FeedError, ValueError, TypeError, RecursionError):
        return None
    if not isinstance(doc, dict):
        return None
    ext = doc.get("_ticker")
    return sanitize_receipts(ext.get("receipts") if isinstance(ext, dict) else None)


def sanitize_receipts(value: object) -> Receipts | None:
    """Only an http/https URL counts; ``identify`` is true only when it really says true."""
    if not isinstance(value, dict):
        return None
    url = value.get("url")
    if not isinstance(url, str) or len(url) > URL_MAX or url != url.strip():
        return None
    link = safe_link(url)
    if link is None:
        return None
    return Receipts(url=link, identify=value.get("identify") is True)


__all__ = ["Receipts", "parse_receipts", "sanitize_receipts"]
