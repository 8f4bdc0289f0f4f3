"""A feed body to the notices the bar may show: parse, then sanitize. Pure: no Qt, no I/O.

The one owner of this step: the poller runs it on every fetched body, and start-up and the
poller run it on cached bodies (``ticker.net.cached_feed``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ticker.feed.errors import NoValidNotices
from ticker.feed.notice import Notice
from ticker.feed.parse import parse_feed
from ticker.feed.sanitize import sanitize_all

ParseFn = Callable[[bytes, str | None, str], list[Notice]]
SanitizeFn = Callable[[Iterable[Notice]], list[Notice]]


def read_notices(body: bytes, content_type: str | None, source: str, *,
                 parse: ParseFn = parse_feed, sanitize: SanitizeFn = sanitize_all) -> list[Notice]:
    """The sanitised notices of a feed document from ``source`` (its URL).

    Raises FeedError (from ``parse``) for an unreadable document, and NoValidNotices when the
    feed has items but sanitising leaves none: a broken feed, not an empty one. ``parse`` may
    be a wrapper that also reads feed-level settings (the app's receipts).
    """
    parsed = parse(body, content_type, source)
    notices = list(sanitize(parsed))
    if parsed and not notices:
        raise NoValidNotices(len(parsed))
    return notices


__all__ = ["ParseFn", "SanitizeFn", "read_notices"]
