"""Composition root of the notice server: `create_app(config)` wires everything.

``app.state.deps`` is an `AppDeps` holding the engine, clock, repositories, services,
broadcaster, feed cache and config. The web modules (API, feeds, receipts, the admin page at
/admin with its static files at /admin/static) get their services from it; only this module,
the CLI and the embedded server build repositories.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from fastapi import FastAPI
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.staticfiles import StaticFiles

from server_stub import __doc__ as package_doc
from server_stub.accounts import AccountService
from server_stub.admin.routes import STATIC_DIR, build_router
from server_stub.api import build_api_router, install_error_handlers
from server_stub.audit_log import AuditLog
from server_stub.broadcast import Broadcaster
from server_stub.config import ServerConfig, system_clock
from server_stub.db import is_connection_error, open_database
from server_stub.department_service import DepartmentService
from server_stub.fanout import FeedListener, announce, is_shared, libpq_conninfo
from server_stub.feed_cache import FeedCache
from server_stub.feed_routes import FeedEndpoint, FeedFastPath, build_feed_router
from server_stub.rate_limit import RateLimiter
from server_stub.reach_service import ReachService
from server_stub.receipts_api import build_receipts_router
from server_stub.receipts_service import ReceiptService
from server_stub.repository import (
    AuditRepository,
    NoticeRepository,
    TokenRepository,
    UserRepository,
)
from server_stub.repository.audit_pages import AuditPages
from server_stub.repository.departments import DepartmentRepository
from server_stub.repository.reach import ReachRepository
from server_stub.repository.receipts import ReceiptRepository
from server_stub.repository.web_sessions import WebSessionStore
from server_stub.service import NoticeService

log = logging.getLogger("server_stub")


@dataclass
class AppDeps:
    config: ServerConfig
    engine: Engine
    clock: Callable[[], datetime]
    notices: NoticeRepository
    users: UserRepository
    tokens: TokenRepository
    audit: AuditRepository
    feed_cache: FeedCache
    broadcaster: Broadcaster
    service: NoticeService
    accounts: AccountService
    receipts: ReceiptService
    departments: DepartmentService
    audit_log: AuditLog
    reach: ReachService
    #: The admin page's sign-in sessions and throttle rows (`server_stub.admin.auth`).
    web_sessions: WebSessionStore


def build_deps(config: ServerConfig, engine: Engine | None = None) -> AppDeps:
    """Open (and migrate) the database and build every collaborator."""
    clock = config.clock or system_clock(config.timezone)
    engine = engine or open_database(config.db_path, config.database_url)
    notices = NoticeRepository(engine, config.timezone)
    audit = AuditRepository(engine)
    feed_cache = FeedCache(title=config.feed_title, timezone=config.timezone,
                           receipts=config.receipts)
    broadcaster = Broadcaster()
    service = NoticeService(engine, notices, audit, feed_cache, broadcaster, clock,
                            announce=announce)
    users, tokens = UserRepository(engine, clock), TokenRepository(engine, clock)
    receipts = ReceiptService(
        ReceiptRepository(engine), clock, mode=config.receipts,
        limiter=RateLimiter(per_minute=config.receipts_per_minute, burst=config.receipts_burst),
        retention_days=config.receipt_retention_days)
    return AppDeps(
        config=config, engine=engine, clock=clock, notices=notices, users=users, tokens=tokens,
        audit=audit, feed_cache=feed_cache, broadcaster=broadcaster, service=service,
        accounts=AccountService(engine, users, tokens, audit, clock),
        receipts=receipts,
        departments=DepartmentService(engine, DepartmentRepository(engine), audit, clock),
        audit_log=AuditLog(AuditPages(engine)),
        reach=ReachService(ReachRepository(engine), clock, config.timezone),
        web_sessions=WebSessionStore(engine),
    )


class _DatabaseWatch:
    """Notices commits made by other processes (e.g. ``notice-server seed-demo``)."""

    def __init__(self, engine: Engine) -> None:
        self._conn = engine.raw_connection() if engine.dialect.name == "sqlite" else None
        self._last = self._read()

    def _read(self) -> int | None:
        if self._conn is None:
            return None
        cursor = self._conn.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            return cursor.fetchone()[0]
        finally:
            cursor.close()

    def changed(self) -> bool:
        value = self._read()
        changed, self._last = value != self._last, value
        return changed

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


async def _housekeeping(deps: AppDeps, watch: _DatabaseWatch) -> None:
    """Expire ended notices on time and pick up other processes' commits."""
    interval = deps.config.db_watch_interval
    while True:
        await asyncio.sleep(interval)
        try:
            if await run_in_threadpool(watch.changed):
                await run_in_threadpool(deps.service.refresh_feeds)
            expiry = deps.feed_cache.next_expiry
            if expiry is not None and expiry <= deps.clock():
                await run_in_threadpool(deps.service.prune_expired)
        except Exception:  # noqa: BLE001 - keep serving; the next round retries
            log.exception("feed housekeeping failed")


async def _prune_receipts(deps: AppDeps) -> None:
    try:
        await run_in_threadpool(deps.receipts.prune)
    except Exception:  # noqa: BLE001 - the next day retries
        log.exception("receipts retention failed")


async def _receipt_retention(deps: AppDeps, interval: float = 86400.0) -> None:
    """Delete receipts past the retention period once a day (and once at start, see below)."""
    while True:
        await asyncio.sleep(interval)
        await _prune_receipts(deps)


def create_app(config: ServerConfig, deps: AppDeps | None = None) -> FastAPI:
    deps = deps or build_deps(config)
    deps.service.refresh_feeds()  # the feed exists before the first request
    deps.receipts.on_start()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        deps.broadcaster.attach(asyncio.get_running_loop())
        watch = await run_in_threadpool(_DatabaseWatch, deps.engine)
        await run_in_threadpool(deps.service.refresh_feeds)
        await _prune_receipts(deps)  # before the first request: a long pause is pruned at once
        tasks = [asyncio.create_task(_housekeeping(deps, watch)),
                 asyncio.create_task(_receipt_retention(deps))]
        listener = None
        if is_shared(deps.engine):  # replicas on PostgreSQL: wake on each other's changes
            listener = FeedListener(
                libpq_conninfo(deps.engine), deps.service.refresh_feeds,
                check_interval=deps.config.feed_check_interval,
                name=f"notice-server feed listener :{deps.config.port}",
            ).start()
        app.state.feed_listener = listener
        try:
            yield
        finally:
            if listener is not None:
                await run_in_threadpool(listener.stop)
            deps.broadcaster.close()
            await run_in_threadpool(deps.receipts.close)
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            watch.close()

    app = FastAPI(
        title="Notice Ticker server (시정 알림 서버)",
        version="1.0",
        description=(package_doc or "") + " See docs/feed.md for the feed contract.",
        lifespan=lifespan,
    )
    app.state.deps = deps
    install_error_handlers(app, is_connection_error)
    feed_endpoint = FeedEndpoint(deps)
    app.add_middleware(FeedFastPath, endpoint=feed_endpoint)
    app.include_router(build_feed_router(deps, feed_endpoint))
    app.include_router(build_api_router(deps))
    app.include_router(build_receipts_router(deps.receipts, config.receipts_max_body_bytes))
    app.mount("/admin/static", StaticFiles(directory=STATIC_DIR), name="admin-static")
    app.include_router(build_router(deps))
    return app
