"""In-memory rendered feeds: rendered when notices change, not on every request.

`FeedCache.update(notices, now, removed_at)` takes the live published notices (from the
database) and, if they differ from the last set, renders the standard variants and returns True.
Requests read `variant(...)`, which only renders variants not seen since the last change
(an unusual ``?audience=`` or Host), and then keeps them.

Every replica serving one database must answer the same bytes, ETag and Last-Modified for the
same feed state, so nothing here depends on when this process saw a change: the ETag is a hash
of the bytes and Last-Modified is computed from database times only (`last_modified_for`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from server_stub import feeds
from server_stub.models import FeedOptions, Notice

MAX_VARIANTS = 512
#: Last-Modified of a feed that never had a notice.
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class RenderedFeed:
    body: bytes
    etag: str
    last_modified: datetime
    content_type: str


@dataclass
class _Snapshot:
    notices: tuple[Notice, ...]
    changed_at: datetime
    next_expiry: datetime | None
    removed_at: datetime | None = None
    rendered: dict = field(default_factory=dict)


def last_modified_for(chosen: list[Notice], live: tuple[Notice, ...],
                      removed_at: datetime | None) -> datetime:
    """Last-Modified of one variant, from database times only (the same on every replica).

    The latest of: the variant's notices' ``updated_at``; the ``updated_at`` of live notices
    left out of this variant that were edited after creation (an edit may have moved one out,
    e.g. public -> internal); and ``removed_at``, the latest moment any notice left the feed
    (ended, unpublished or deleted). A new notice outside this variant changes none of them,
    so adding an internal notice keeps the public feed's Last-Modified.
    """
    chosen_ids = {n.id for n in chosen}
    stamps = [n.updated_at or n.starts_at for n in chosen]
    stamps += [n.updated_at for n in live
               if n.id not in chosen_ids and n.updated_at is not None
               and n.created_at is not None and n.updated_at > n.created_at]
    if removed_at is not None:
        stamps.append(removed_at)
    latest = max(stamps, default=EPOCH)
    return latest.astimezone(UTC).replace(microsecond=0)


class FeedCache:
    def __init__(self, *, title: str, timezone: str, receipts: str = "off") -> None:
        self._title = title
        self._receipts = receipts  # identified | anonymous | off: the feed tells clients
        self._timezone = timezone
        self._lock = threading.Lock()
        self._snapshot: _Snapshot | None = None
        self._base_urls: dict[str, None] = {}  # insertion-ordered set of served base URLs
        self.renders = 0

    def remember_base_url(self, base_url: str) -> None:
        """Pre-render the standard variants for this base URL after every change."""
        if base_url not in self._base_urls:
            if len(self._base_urls) >= 8:
                self._base_urls.pop(next(iter(self._base_urls)))
            self._base_urls[base_url] = None

    def update(self, notices: list[Notice], now: datetime,
               removed_at: datetime | None = None) -> bool:
        """Replace the notice set; True when the feed content changed.

        ``removed_at``: the latest moment a notice left the feed, from the database
        (`NoticeRepository.feed_removed_at`); it only feeds Last-Modified.
        """
        live = tuple(sorted((n for n in notices if n.ends_at > now), key=lambda n: n.id))
        ended = [n.ends_at for n in notices if n.ends_at <= now]
        removed_at = max([t for t in (removed_at, *ended) if t is not None], default=None)
        with self._lock:
            old = self._snapshot
            if old is not None and old.removed_at is not None:
                removed_at = max(t for t in (old.removed_at, removed_at) if t)
            if old is not None and old.notices == live and old.removed_at == removed_at:
                return False
            expiries = [n.ends_at for n in live]
            self._snapshot = _Snapshot(live, now, min(expiries) if expiries else None,
                                       removed_at)
            # Only a later removal time (a draft deleted, say): new Last-Modified, same bytes.
            content_changed = old is None or old.notices != live
        for base_url in list(self._base_urls):
            for kind in ("json", "atom"):
                for public in (False, True):
                    self.variant(kind, base_url, public=public)
        return content_changed

    def prune(self, now: datetime) -> bool:
        """Drop notices whose end has passed; True when that changed the feed."""
        snap = self._snapshot
        if snap is None or snap.next_expiry is None or snap.next_expiry > now:
            return False
        return self.update(list(snap.notices), now, snap.removed_at)

    @property
    def next_expiry(self) -> datetime | None:
        snap = self._snapshot
        return snap.next_expiry if snap else None

    def variant(self, kind: str, base_url: str, *, public: bool = False,
                audience: tuple[str, ...] | None = None) -> RenderedFeed:
        """The feed bytes for one variant: kind 'json' or 'atom'."""
        snap = self._snapshot
        if snap is None:
            raise RuntimeError("feed cache not loaded")
        key = (kind, base_url, public, audience)
        found = snap.rendered.get(key)
        if found is not None:
            return found
        rendered = self._render(snap, kind, base_url, public, audience)
        if len(snap.rendered) >= MAX_VARIANTS:
            snap.rendered.clear()
        snap.rendered[key] = rendered
        return rendered

    def _render(self, snap: _Snapshot, kind: str, base_url: str, public: bool,
                audience: tuple[str, ...] | None) -> RenderedFeed:
        chosen = feeds.select(snap.notices, snap.changed_at, public_only=public,
                              audience=audience)
        path = ("/public" if public else "") + ("/feed.json" if kind == "json" else "/feed.atom")
        # Only the internal feed tells PCs where to report; public readers never report.
        receipts_url = (base_url + "/api/v1/receipts"
                        if self._receipts != "off" and not public else None)
        options = FeedOptions(title=self._title + (" (공개)" if public else ""),
                              home_page_url=base_url + "/", feed_url=base_url + path,
                              timezone=self._timezone, receipts_url=receipts_url,
                              receipts_identify=self._receipts == "identified")
        if kind == "json":
            body, ctype = feeds.render_json_feed(chosen, options), feeds.JSON_FEED_TYPE
        else:
            body, ctype = feeds.render_atom(chosen, options), feeds.ATOM_TYPE
        self.renders += 1
        last_modified = last_modified_for(chosen, snap.notices, snap.removed_at)
        return RenderedFeed(body, feeds.strong_etag(body), last_modified, ctype)
