"""Fan-out across replicas: a change made on one server wakes the long-polls held on the others.

Several `notice-server` replicas share one PostgreSQL database. Every notice write queues
``NOTIFY notice_feed`` in its own transaction (`announce`), so PostgreSQL delivers it at commit,
never for a rolled-back change. Each replica holds ONE dedicated connection that LISTENs on the
channel (`FeedListener`, a background thread) and, on a notification, re-reads the feed state
from the database (``refresh``: `NoticeService.refresh_feeds`), which wakes its own waiters if
the feed changed.

A notification is only a wake-up, never the data: the listener also re-reads on every
(re)connect and every ``check_interval`` seconds, so a notification lost while the connection
was down delays a change by at most that long but never loses it. A dropped connection is
re-opened with exponential backoff. Time-driven changes (a notice's end) need no message at
all: each replica prunes them from its own copy at ``ends_at`` (see `FeedCache.prune`).

On SQLite there is a single server process and none of this runs.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy import Connection, Engine

log = logging.getLogger("server_stub.fanout")

CHANNEL = "notice_feed"
#: Longest time a lost notification can delay a change on another replica (seconds).
DEFAULT_CHECK_INTERVAL = 10.0
BACKOFF_FIRST = 0.5
BACKOFF_MAX = 10.0
#: The listener looks at its stop flag at least this often (seconds).
POLL_SLICE = 1.0


def is_shared(engine: Engine) -> bool:
    """True when replicas may share this database (PostgreSQL), so fan-out is needed."""
    return engine.dialect.name == "postgresql"


def announce(conn: Connection) -> None:
    """Inside a notice write transaction: tell the other replicas at commit (PostgreSQL)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"NOTIFY {CHANNEL}")


def libpq_conninfo(engine: Engine) -> str:
    """A libpq connection URI for the engine's database (SQLAlchemy's driver name removed)."""
    url = engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class FeedListener:
    """The replica's LISTEN connection, in a daemon thread; see the module docstring.

    ``connect(conninfo, name)`` returns a psycopg 3 connection (injectable for tests; ``name``
    is its application_name, which shows the listener in pg_stat_activity);
    ``refresh()`` re-reads the feed from the database and is called from this thread.
    """

    def __init__(
        self,
        conninfo: str,
        refresh: Callable[[], object],
        *,
        check_interval: float = DEFAULT_CHECK_INTERVAL,
        connect: Callable[[str, str], object] | None = None,
        clock: Callable[[], float] = time.monotonic,
        name: str = "notice-server feed listener",
    ) -> None:
        self._conninfo = conninfo
        self._name = name
        self._refresh = refresh
        self._check_interval = check_interval
        self._connect = connect or _psycopg_connect
        self._clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.connected = threading.Event()
        #: Figures for /healthz and the tests.
        self.connects = 0
        self.notifications = 0
        self.checks = 0
        self.backend_pid: int | None = None

    def start(self) -> FeedListener:
        self._thread = threading.Thread(target=self._run, name="feed-listener", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    # -- the thread ------------------------------------------------------------------------
    def _run(self) -> None:
        delay = BACKOFF_FIRST
        while not self._stop.is_set():
            try:
                self._listen()
                delay = BACKOFF_FIRST
            except Exception as exc:  # noqa: BLE001 - any failure: reconnect later
                self.connected.clear()
                log.warning("feed listener disconnected (%s); retrying in %.1f s",
                            _one_line(exc), delay)
                self._stop.wait(delay)
                delay = min(delay * 2, BACKOFF_MAX)

    def _listen(self) -> None:
        conn = self._connect(self._conninfo, self._name)
        try:
            conn.execute(f"LISTEN {CHANNEL}")
            self.backend_pid = conn.info.backend_pid
            self.connects += 1
            self.connected.set()
            # Anything committed while we were not listening is read now.
            self._safe_refresh()
            next_check = self._clock() + self._check_interval
            while not self._stop.is_set():
                slice_ = max(0.0, min(POLL_SLICE, next_check - self._clock()))
                woke = False
                for _notify in conn.notifies(timeout=slice_, stop_after=1):
                    woke = True
                if woke:
                    self.notifications += 1
                    self._safe_refresh()
                if self._clock() >= next_check:
                    # The periodic check; the SELECT also proves the connection is alive
                    # (a silently dropped one raises here and we reconnect).
                    conn.execute("SELECT 1")
                    self.checks += 1
                    self._safe_refresh()
                    next_check = self._clock() + self._check_interval
        finally:
            self.connected.clear()
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - already broken
                pass

    def _safe_refresh(self) -> None:
        try:
            self._refresh()
        except Exception as exc:  # noqa: BLE001 - the database may be down; next check retries
            log.warning("feed refresh failed (%s); will retry", _one_line(exc))


def _psycopg_connect(conninfo: str, name: str):
    import psycopg  # only replicas on PostgreSQL need the driver

    return psycopg.connect(conninfo, autocommit=True, connect_timeout=5,
                           keepalives=1, keepalives_idle=30, keepalives_interval=10,
                           keepalives_count=3, application_name=name)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"
