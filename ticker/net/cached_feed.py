"""The notices of a feed's cached body: cache → parse → sanitize, for start-up and the poller.

A cache that cannot be read or parsed only costs the head start: it is logged and ignored
(and so is its ETag, which would otherwise earn a 304 with nothing to show).
"""

from __future__ import annotations

import dataclasses
import logging

from ticker.feed.notice import Notice
from ticker.feed.parse import parse_feed
from ticker.feed.reading import ParseFn, SanitizeFn, read_notices
from ticker.feed.sanitize import sanitize_all
from ticker.net.cache import FeedCache
from ticker.net.redact import redact_url

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, slots=True)
class CachedNotices:
    notices: list[Notice]
    etag: str | None  # validators of the cached body, for a conditional GET
    last_modified: str | None


def read_cached_feed(cache: FeedCache, url: str, *, parse: ParseFn = parse_feed,
                     sanitize: SanitizeFn = sanitize_all) -> CachedNotices | None:
    """The cached notices of ``url``, or None (nothing cached, or unreadable). Never raises."""
    try:
        cached = cache.load(url)
        if cached is None:
            return None
        notices = read_notices(cached.body, cached.content_type, url, parse=parse,
                               sanitize=sanitize)
    except Exception as exc:  # noqa: BLE001 - an unreadable cache only costs the head start
        log.warning("Ignoring cached feed for %s: %s", redact_url(url), exc)
        return None
    return CachedNotices(notices, cached.etag, cached.last_modified)


__all__ = ["CachedNotices", "read_cached_feed"]
