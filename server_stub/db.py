"""Database: the engine, the latest table definitions and the versioned migrations.

SQLite file ``notices.db`` in the data dir, WAL mode, SQLAlchemy 2 Core. Every schema change is
a numbered step in `MIGRATIONS`; `migrate` applies the missing ones in order, each in its own
transaction, and records it in ``schema_version``. Write transactions use BEGIN IMMEDIATE on
SQLite (see `writer`) so two writers never dead-lock on a lock upgrade.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Column,
    Engine,
    Integer,
    MetaData,
    Table,
    Text,
    create_engine,
    event,
    text,
)

metadata = MetaData()

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, unique=True, nullable=False),
    Column("role", Text, nullable=False),
    Column("password_hash", Text, nullable=True),
    Column("disabled", Integer, nullable=False, default=0),
    Column("created_at", Text),
)
api_tokens = Table(
    "api_tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text),
    Column("role", Text),
    Column("token_hash", Text, unique=True),
    Column("created_at", Text),
    Column("revoked_at", Text, nullable=True),
    Column("last_used_at", Text, nullable=True),
)
audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", Text),
    Column("actor", Text),
    Column("action", Text),
    Column("target", Text),
    Column("changes", Text),
)
departments = Table(
    "departments", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, unique=True),
    Column("sort_order", Integer),
)
web_sessions = Table(
    "web_sessions", metadata,
    Column("id", Text, primary_key=True),
    Column("user_id", Integer),
    Column("csrf_token", Text),
    Column("created_at", Text),
    Column("expires_at", Text),
)
login_attempts = Table(
    "login_attempts", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", Text),
    Column("address", Text),
    Column("at", Text),
    Column("success", Integer),
)
notices = Table(
    "notices", metadata,
    Column("id", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("category", Text, nullable=False),
    Column("priority", Text, nullable=False),
    Column("link", Text),
    Column("starts_at", Text, nullable=False),  # RFC 3339, UTC
    Column("ends_at", Text, nullable=False),  # RFC 3339, UTC
    Column("recurrence", Text),  # JSON object or NULL
    Column("audience", Text, nullable=False),  # JSON list
    Column("visibility", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("author", Text),
    Column("created_at", Text),
    Column("updated_at", Text),
    Column("ack_required", Integer, nullable=False, default=0),  # 0/1, see step 4
)
# Reach (issue 8): one row per PC that reports, one row per receipt event (see step 4).
clients = Table(
    "clients", metadata,
    Column("id", Text, primary_key=True),  # the PC's random UUID4
    Column("user_name", Text, nullable=True),  # NULL with --receipts anonymous
    Column("host_name", Text, nullable=True),
    Column("version", Text),
    Column("platform", Text),
    Column("audiences", Text, nullable=False, default="[]"),  # JSON list
    Column("department", Text, nullable=False, default=""),  # first audience, "" = none
    Column("first_seen", Text, nullable=False),
    Column("last_seen", Text, nullable=False),
)
receipts = Table(
    "receipts", metadata,
    Column("event_id", Text, primary_key=True),  # the client's UUID: dedup key
    Column("notice_id", Text, nullable=False),
    Column("client_id", Text, nullable=False),
    Column("type", Text, nullable=False),  # shown | opened | acknowledged
    Column("department", Text, nullable=False, default=""),  # the PC's, when received
    Column("client_at", Text, nullable=False),
    Column("received_at", Text, nullable=False),
)


def _reach_step() -> tuple[int, str, list[str]]:
    """Step 4, self-contained so it ports to another migration tool as one revision."""
    return (4, "reach: notices.ack_required, clients, receipts", [
        "ALTER TABLE notices ADD COLUMN ack_required INTEGER NOT NULL DEFAULT 0",
        """CREATE TABLE clients (id TEXT PRIMARY KEY, user_name TEXT NULL, host_name TEXT NULL,
               version TEXT, platform TEXT, audiences TEXT NOT NULL DEFAULT '[]',
               department TEXT NOT NULL DEFAULT '', first_seen TEXT NOT NULL,
               last_seen TEXT NOT NULL)""",
        # Covering for "active PCs" counts and the not-yet-acknowledged list.
        "CREATE INDEX ix_clients_last_seen ON clients (last_seen, id, audiences)",
        # Covering index: active PCs grouped by audience list without touching the table.
        "CREATE INDEX ix_clients_groups ON clients (audiences, department, last_seen)",
        """CREATE TABLE receipts (event_id TEXT PRIMARY KEY, notice_id TEXT NOT NULL,
               client_id TEXT NOT NULL, type TEXT NOT NULL,
               department TEXT NOT NULL DEFAULT '', client_at TEXT NOT NULL,
               received_at TEXT NOT NULL)""",
        # Covering index for the per-notice and per-department counts (no table reads).
        """CREATE INDEX ix_receipts_notice_type
               ON receipts (notice_id, type, department, client_id)""",
        "CREATE INDEX ix_receipts_client ON receipts (client_id)",
        "CREATE INDEX ix_receipts_received ON receipts (received_at)",
    ])


# Each step: (version, description, DDL statements). Never edit a released step; add one.
MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (1, "initial schema", [
        """CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL,
               role TEXT NOT NULL CHECK (role IN ('admin', 'publisher')),
               password_hash TEXT NULL, created_at TEXT)""",
        """CREATE TABLE api_tokens (id INTEGER PRIMARY KEY, name TEXT, role TEXT,
               token_hash TEXT UNIQUE, created_at TEXT, revoked_at TEXT NULL)""",
        """CREATE TABLE audit_log (id INTEGER PRIMARY KEY, at TEXT, actor TEXT, action TEXT,
               target TEXT, changes TEXT)""",
        """CREATE TABLE notices (id TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL,
               category TEXT NOT NULL, priority TEXT NOT NULL, link TEXT,
               starts_at TEXT NOT NULL, ends_at TEXT NOT NULL, recurrence TEXT,
               audience TEXT NOT NULL DEFAULT '[]', status TEXT NOT NULL, author TEXT,
               created_at TEXT, updated_at TEXT)""",
    ]),
    (2, "notice visibility, disabled users, token last use, departments", [
        "ALTER TABLE notices ADD COLUMN visibility TEXT NOT NULL DEFAULT 'internal'",
        "ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT NULL",
        """CREATE TABLE departments (id INTEGER PRIMARY KEY, name TEXT UNIQUE,
               sort_order INTEGER)""",
        "CREATE INDEX ix_notices_status_ends ON notices (status, ends_at)",
    ]),
    (3, "admin web sessions and login throttling", [
        """CREATE TABLE web_sessions (id TEXT PRIMARY KEY, user_id INTEGER, csrf_token TEXT,
               created_at TEXT, expires_at TEXT)""",
        """CREATE TABLE login_attempts (id INTEGER PRIMARY KEY, username TEXT, address TEXT,
               at TEXT, success INTEGER)""",
        "CREATE INDEX ix_login_attempts_user_at ON login_attempts (username, at)",
        "CREATE INDEX ix_audit_log_at ON audit_log (at)",
    ]),
    _reach_step(),
]
LATEST_VERSION = MIGRATIONS[-1][0]


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer program version."""


def utc_stamp(value: datetime) -> str:
    """How datetimes are stored: RFC 3339 in UTC, so text order is time order."""
    return value.astimezone(UTC).isoformat()


def create_db_engine(db_path: Path | str, url: str | None = None) -> Engine:
    """An engine for ``db_path`` (or ``url``) with WAL, a busy timeout and explicit BEGINs."""
    if url is None:
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{Path(db_path)}"
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
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
    """The engine to use for write transactions: ``with writer(engine).begin() as conn``."""
    return engine.execution_options(sqlite_immediate=True)


def current_version(engine: Engine) -> int:
    with engine.connect() as conn:
        return _version(conn)


def _version(conn) -> int:
    conn.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT)"
    )
    value = conn.exec_driver_sql("SELECT MAX(version) FROM schema_version").scalar()
    return int(value or 0)


def migrate(
    engine: Engine,
    target: int = LATEST_VERSION,
    *,
    before_upgrade: Callable[[int], None] | None = None,
) -> int:
    """Apply every missing step up to ``target``; returns the resulting version.

    ``before_upgrade(old_version)`` runs once before upgrading a database that already has a
    schema (used to keep a backup copy).
    """
    start = current_version(engine)
    if start > LATEST_VERSION:
        raise SchemaTooNewError(
            f"데이터베이스 스키마 버전 {start}은(는) 이 프로그램({LATEST_VERSION})보다 새롭습니다. / "
            f"Database schema {start} is newer than this program supports ({LATEST_VERSION})."
        )
    if 0 < start < target and before_upgrade is not None:
        before_upgrade(start)
    for version, _description, statements in MIGRATIONS:
        if version > target:
            break
        with writer(engine).begin() as conn:
            if _version(conn) >= version:
                continue
            for statement in statements:
                conn.exec_driver_sql(statement)
            conn.execute(
                text("INSERT INTO schema_version (version, applied_at) VALUES (:v, :at)"),
                {"v": version, "at": utc_stamp(datetime.now(UTC))},
            )
    return current_version(engine)


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


def keep_pre_upgrade_copy(db_path: Path) -> Callable[[int], None]:
    """A `migrate` hook that copies the database to notices.db.v<N>.bak before upgrading."""

    def _copy(old_version: int) -> None:
        copy = db_path.with_name(f"{db_path.name}.v{old_version}.bak")
        if not copy.exists():
            backup_sqlite(db_path, copy)

    return _copy


def open_database(db_path: Path, url: str | None = None) -> Engine:
    """Engine + migrations to the latest schema: what every entry point calls."""
    engine = create_db_engine(db_path, url)
    hook = keep_pre_upgrade_copy(Path(db_path)) if url is None else None
    migrate(engine, before_upgrade=hook)
    return engine


__all__ = [
    "LATEST_VERSION", "MIGRATIONS", "SchemaTooNewError", "api_tokens", "audit_log",
    "backup_sqlite", "clients", "create_db_engine", "current_version", "departments",
    "login_attempts",
    "metadata", "migrate", "notices", "open_database", "receipts", "users", "utc_stamp",
    "web_sessions", "writer",
]
