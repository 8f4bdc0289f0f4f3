"""In-memory rendered feeds: rendered when notices change, not on every request.

`FeedCache.update(notices, now)` takes the live published notices (from the database) and,
if they differ from the last set, renders the standard variants and returns True. Requests
read `variant(...)`, which only renders variants not seen since the last change
(an unusual ``?audience=`` or Host), and then keeps them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from server_stub import feeds
from server_stub.models import FeedOptions, Notice

MAX_VARIANTS = 512


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
    rendered: dict = field(default_factory=dict)
    previous: dict = field(default_factory=dict)  # the last snapshot's renders, by key


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

    def update(self, notices: list[Notice], now: datetime) -> bool:
        """Replace the notice set; True when the feed content changed."""
        live = tuple(sorted((n for n in notices if n.ends_at > now), key=lambda n: n.id))
        with self._lock:
            old = self._snapshot
            if old is not None and old.notices == live:
                return False
            expiries = [n.ends_at for n in live]
            self._snapshot = _Snapshot(live, now, min(expiries) if expiries else None,
                                       previous=old.rendered if old is not None else {})
        for base_url in list(self._base_urls):
            for kind in ("json", "atom"):
                for public in (False, True):
                    self.variant(kind, base_url, public=public)
        return True

    def prune(self, now: datetime) -> bool:
        """Drop notices whose end has passed; True when that changed the feed."""
        snap = self._snapshot
        if snap is None or snap.next_expiry is None or snap.next_expiry > now:
            return False
        return self.update(list(snap.notices), now)

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
        rendered = self._render(snap, kind, base_url, public, audience, snap.previous.get(key))
        if len(snap.rendered) >= MAX_VARIANTS:
            snap.rendered.clear()
        snap.rendered[key] = rendered
        return rendered

    def _render(self, snap: _Snapshot, kind: str, base_url: str, public: bool,
                audience: tuple[str, ...] | None, before: RenderedFeed | None) -> RenderedFeed:
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
        etag = feeds.strong_etag(body)
        if before is not None and before.etag == etag:
            # Another variant changed (e.g. an internal notice): this one did not, so its
            # Last-Modified stays and If-Modified-Since clients keep getting 304.
            return RenderedFeed(body, etag, before.last_modified, ctype)
        last_modified = snap.changed_at.astimezone(UTC).replace(microsecond=0)
        return RenderedFeed(body, etag, last_modified, ctype)
