"""Database URLs and engines: SQLite (one file, the default) or PostgreSQL through psycopg 3.

``--database-url`` / ``NOTICE_DATABASE_URL`` take a SQLAlchemy URL. Accepted:

- ``sqlite:///PATH`` (relative to the working directory; ``sqlite:////abs/path``), default
  ``notices.db`` in the data dir. WAL, synchronous=FULL, write transactions BEGIN IMMEDIATE
  (`writer`) so two writers never dead-lock on a lock upgrade.
- ``postgresql+psycopg://user:pass@host:port/db`` (``postgresql://`` and ``postgres://`` mean
  the same). Connections are checked before use (pool_pre_ping), so the server reconnects by
  itself after PostgreSQL restarts.

Every failure here is a one-line Korean / English message (`DatabaseError` subclasses) that the
CLI prints without a traceback. Passwords never appear in messages (`safe_url`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

PG_DRIVER = "postgresql+psycopg"
_PG_NAMES = {"postgresql", "postgres", "postgresql+psycopg"}
_SQLITE_NAMES = {"sqlite", "sqlite+pysqlite"}
#: Seconds a PostgreSQL connection attempt may take before the database counts as down.
PG_CONNECT_TIMEOUT = 5


class DatabaseError(RuntimeError):
    """A database problem the CLI reports in one line (no traceback)."""


class DatabaseUrlError(DatabaseError, ValueError):
    """``--database-url`` is malformed or names an engine this program does not support."""


class DatabaseUnavailableError(DatabaseError):
    """The database cannot be reached (down, wrong host/port, bad password)."""


class SchemaTooNewError(DatabaseError):
    """The database was written by a newer program version."""


def _url_problem(detail: str) -> DatabaseUrlError:
    return DatabaseUrlError(
        f"데이터베이스 주소가 올바르지 않습니다 / invalid --database-url: {detail} "
        f"(예 / e.g. sqlite:///notices.db, postgresql+psycopg://user:pass@host/db)")


def parse_database_url(raw: str) -> URL:
    """The URL to use, or `DatabaseUrlError` (the message never repeats a password)."""
    text = (raw or "").strip()
    if not text:
        raise _url_problem("empty")
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise _url_problem("not a URL like scheme://...") from None
    name = url.drivername.lower()
    if name in _SQLITE_NAMES:
        if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
            raise _url_problem("sqlite needs a file path: sqlite:///PATH")
        return url.set(drivername="sqlite")
    if name in _PG_NAMES:
        if not url.database:
            raise _url_problem("missing database name: postgresql+psycopg://user@host/DBNAME")
        if url.port is not None and not 0 < url.port < 65536:
            raise _url_problem(f"port {url.port}")
        return url.set(drivername=PG_DRIVER)
    raise _url_problem(f"unsupported engine '{name[:40]}' (only sqlite and postgresql+psycopg)")


def safe_url(url: URL | str) -> str:
    """The URL for messages and logs, password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "?"


def sqlite_url(db_path: Path | str) -> URL:
    return make_url(f"sqlite:///{Path(db_path)}")


def resolve_url(db_path: Path | str, url: URL | str | None = None) -> URL:
    """``url`` checked, or the default SQLite file ``db_path``."""
    if url is None:
        return sqlite_url(db_path)
    return url if isinstance(url, URL) else parse_database_url(url)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def create_db_engine(db_path: Path | str | None = None, url: URL | str | None = None) -> Engine:
    """An engine for ``url`` (default: the SQLite file ``db_path``). Does not connect yet."""
    url = resolve_url(db_path, url)
    if url.drivername == PG_DRIVER:
        return create_engine(url, pool_pre_ping=True, pool_recycle=1800,
                             connect_args={"connect_timeout": PG_CONNECT_TIMEOUT,
                                           "application_name": "notice-server"})
    folder = Path(url.database).expanduser().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailableError(
            f"데이터베이스 폴더를 만들 수 없습니다 / cannot create the database folder "
            f"{folder}: {exc.strerror or exc}") from None
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def writer(engine: Engine) -> Engine:
    """The engine to use for write transactions: ``with writer(engine).begin() as conn``.

    SQLite: BEGIN IMMEDIATE. PostgreSQL: an ordinary transaction (row locks, no upgrade).
    """
    return engine.execution_options(sqlite_immediate=True)


def unavailable(engine: Engine, exc: BaseException) -> DatabaseUnavailableError:
    """A one-line "cannot reach" error for a failed connection attempt."""
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    reason = detail[0][:200] if detail else type(exc).__name__
    return DatabaseUnavailableError(
        f"데이터베이스에 연결할 수 없습니다 / cannot reach the database "
        f"{safe_url(engine.url)}: {reason}")


def check_connection(engine: Engine) -> None:
    """Connect once; `DatabaseUnavailableError` if that fails."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except (DBAPIError, OSError) as exc:
        raise unavailable(engine, exc) from None


def is_connection_error(exc: BaseException) -> bool:
    """True for errors that mean "the database is down right now", not a bad statement."""
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        orig = exc.orig
        if type(orig).__module__.startswith("psycopg"):
            import psycopg

            # Connection failures, shutdowns, timeouts and cancellations: all transient.
            return isinstance(orig, psycopg.OperationalError | psycopg.InterfaceError)
        if isinstance(orig, sqlite3.OperationalError):
            text = str(orig).lower()
            return "locked" in text or "unable to open" in text or "disk i/o" in text
    return False


def backup_sqlite(db_path: Path | str, destination: Path | str) -> Path:
    """A consistent online copy of a live SQLite database (sqlite3 backup API), atomically placed."""
    source_path = Path(db_path)
    if not source_path.exists():
        raise FileNotFoundError(f"데이터베이스가 없습니다 / no database: {source_path}")
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(source_path, timeout=15)
    try:
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        source.close()
    partial.replace(destination)
    return destination
