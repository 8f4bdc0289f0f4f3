"""NoticeService: validate -> repository (+ audit, one transaction) -> re-render feeds -> wake.

Used by the publishing API and by the admin page (its list pages too: `page`, with a
`NoticeQuery`), so both follow the same rules. Methods are
blocking (database I/O); async callers run them with ``run_in_threadpool``. A rejected
request raises before any write, so it changes nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import datetime

from sqlalchemy import Connection, Engine

from server_stub.broadcast import Broadcaster
from server_stub.db import writer
from server_stub.feed_cache import FeedCache
from server_stub.models import FieldError, Notice
from server_stub.repository import AuditRepository, NoticeRepository
from server_stub.repository.notice_pages import NoticePages, NoticeQuery
from server_stub.validation import validate_notice


class NoticeValidationError(ValueError):
    """Every problem with a submitted notice."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.code}" for e in errors))
        self.errors = errors


class NoticeNotFoundError(LookupError):
    pass


def _audit_action(old: Notice | None, new: Notice | None) -> str:
    if old is None:
        return "publish" if new is not None and new.status == "published" else "create"
    if new is None:
        return "delete"
    if old.status != new.status and new.status == "published":
        return "publish"
    if old.status != new.status and new.status == "archived":
        return "archive"
    return "update"


def _changes(old: Notice | None, new: Notice | None) -> dict:
    """Changed fields as {field: [old, new]} (server-set timestamps left out)."""
    before = old.as_dict() if old else {}
    after = new.as_dict() if new else {}
    skip = {"updated_at", "created_at"}
    keys = [k for k in (after or before) if k not in skip]
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


class NoticeService:
    def __init__(
        self,
        engine: Engine,
        notices: NoticeRepository,
        audit: AuditRepository,
        feed_cache: FeedCache,
        broadcaster: Broadcaster,
        clock: Callable[[], datetime],
        announce: Callable[[Connection], None] | None = None,
    ) -> None:
        self._engine = engine
        # Called inside every notice write transaction: on PostgreSQL it queues a NOTIFY,
        # delivered at commit, that wakes the other replicas (server_stub.fanout).
        self._announce = announce or (lambda conn: None)
        self._notices = notices
        self._pages = NoticePages(engine, notices)
        self._audit = audit
        self._feeds = feed_cache
        self._broadcaster = broadcaster
        self._raw_clock = clock
        self._refresh_lock = threading.Lock()

    def _clock(self) -> datetime:
        """Now, to the second: stored and published times carry no microseconds."""
        return self._raw_clock().replace(microsecond=0)

    # -- reads ---------------------------------------------------------------------------
    def get(self, notice_id: str) -> Notice:
        notice = self._notices.get(notice_id)
        if notice is None:
            raise NoticeNotFoundError(notice_id)
        return notice

    def list(self, **filters) -> tuple[list[Notice], int]:
        return self._notices.list(**filters)

    def page(self, query: NoticeQuery, now: datetime, *, limit: int,
             offset: int = 0) -> tuple[list[Notice], int]:
        """One page of the admin list (filtered in SQL, newest start first) and the total."""
        return self._pages.page(query, now, limit=limit, offset=offset)

    def audiences(self) -> list[str]:
        """Every department name any stored notice targets (for the audience filter)."""
        return self._pages.audiences()

    def check(self, data: object, base: Notice | None = None) -> list[FieldError]:
        """Validation only (for forms that want to show errors before saving)."""
        result = validate_notice(data, now=self._clock(),
                                 base=base.as_dict() if base else None)
        return result if isinstance(result, list) else []

    # -- writes --------------------------------------------------------------------------
    def create(self, data: object, *, actor: str, notice_id: str | None = None) -> Notice:
        now = self._clock()
        result = validate_notice(data, now=now)
        if isinstance(result, list):
            raise NoticeValidationError(result)
        with writer(self._engine).begin() as conn:
            notice = self._notices.insert(conn, result, author=actor, now=now,
                                          notice_id=notice_id)
            self._audit.append(conn, at=now, actor=actor, action=_audit_action(None, notice),
                               target=notice.id, changes=_changes(None, notice))
            self._announce(conn)
        self.refresh_feeds()
        return notice

    def update(self, notice_id: str, data: Mapping, *, actor: str) -> Notice:
        now = self._clock()
        with writer(self._engine).begin() as conn:
            old = self._notices.get(notice_id, conn)
            if old is None:
                raise NoticeNotFoundError(notice_id)
            result = validate_notice(data, now=now, base=_input_dict(old))
            if isinstance(result, list):
                raise NoticeValidationError(result)  # rolls back: nothing was written
            if result.as_dict() == _input_dict(old):
                return old  # nothing to change: no write, no new ETag, no wake-up
            new = self._notices.replace(conn, notice_id, result, now=now)
            changes = _changes(old, new)
            if changes:
                self._audit.append(conn, at=now, actor=actor, action=_audit_action(old, new),
                                   target=notice_id, changes=changes)
            self._announce(conn)
        self.refresh_feeds()
        return new

    def archive(self, notice_id: str, *, actor: str) -> Notice:
        return self.update(notice_id, {"status": "archived"}, actor=actor)

    def publish(self, notice_id: str, *, actor: str) -> Notice:
        return self.update(notice_id, {"status": "published"}, actor=actor)

    def delete(self, notice_id: str, *, actor: str) -> None:
        now = self._clock()
        with writer(self._engine).begin() as conn:
            old = self._notices.get(notice_id, conn)
            if old is None or not self._notices.delete(conn, notice_id):
                raise NoticeNotFoundError(notice_id)
            self._audit.append(conn, at=now, actor=actor, action="delete", target=notice_id,
                               changes=_changes(old, None))
            self._announce(conn)
        self.refresh_feeds()

    # -- feeds ---------------------------------------------------------------------------
    def refresh_feeds(self) -> bool:
        """Reload live notices into the feed cache; wake waiters if the feed changed."""
        with self._refresh_lock:
            now = self._clock()
            live, removed_at = self._notices.feed_state(now)
            changed = self._feeds.update(live, now, removed_at)
        if changed:
            self._broadcaster.notify()
        return changed

    def prune_expired(self) -> bool:
        """Drop notices whose end just passed (no database access)."""
        with self._refresh_lock:
            changed = self._feeds.prune(self._clock())
        if changed:
            self._broadcaster.notify()
        return changed


def _input_dict(notice: Notice) -> dict:
    data = notice.as_dict()
    for key in ("id", "author", "created_at", "updated_at"):
        data.pop(key, None)
    return data
