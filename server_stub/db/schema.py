"""Schema migrations with Alembic, for SQLite and PostgreSQL alike.

`migrate(engine)` brings a database to the newest revision under ``migrations/versions``.
It holds a lock for the whole run, so several replicas starting at once never race: a
PostgreSQL transaction-level advisory lock (DDL is transactional there, so the lock, the DDL
and ``alembic_version`` commit together), or SQLite's BEGIN IMMEDIATE write lock. Whoever comes
second waits, then finds the schema current and does nothing.

A data dir from before Alembic has a ``schema_version`` table (the hand-written migrator): it
is brought to that migrator's last step with its frozen SQL (`server_stub.db.legacy`) and
stamped with the matching revision `LEGACY_REVISION`, then upgraded like any other.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from server_stub.db import legacy
from server_stub.db.engine import (
    SchemaTooNewError,
    backup_sqlite,
    is_connection_error,
    is_sqlite,
    unavailable,
    writer,
)

log = logging.getLogger("server_stub.db")
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: The revision whose schema equals the hand-written migrator's last step.
LEGACY_REVISION = "0001"
#: pg_advisory_xact_lock key: "notice-ticker schema" (any constant shared by all replicas).
PG_LOCK_KEY = 0x6E7463_6B72


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return script_directory().get_current_head()


def known_revisions() -> set[str]:
    return {rev.revision for rev in script_directory().walk_revisions()}


def _current(conn: Connection) -> str | None:
    heads = MigrationContext.configure(conn).get_current_heads()
    return heads[0] if heads else None


def current_revision(engine: Engine) -> str | None:
    """The database's Alembic revision (None: empty or from before Alembic)."""
    try:
        with engine.connect() as conn:
            return _current(conn)
    except DBAPIError as exc:
        raise unavailable(engine, exc) from None


def _too_new(found: str) -> SchemaTooNewError:
    return SchemaTooNewError(
        f"데이터베이스 스키마({found})가 이 프로그램보다 새롭습니다. 새 버전의 notice-server를 "
        f"쓰세요 / database schema {found} is newer than this program (knows up to "
        f"{head_revision()}): use a newer notice-server")


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
    else:
        conn.exec_driver_sql("SELECT 1")  # opens the BEGIN IMMEDIATE transaction: the lock


def _adopt_legacy(conn: Connection, config: Config,
                  before_upgrade: Callable[[str], None] | None) -> None:
    """Stamp a pre-Alembic data dir with `LEGACY_REVISION` (after finishing its own steps)."""
    tables = set(inspect(conn).get_table_names())
    if "alembic_version" in tables or "schema_version" not in tables:
        return
    version = legacy.legacy_version(conn)
    if version == legacy.ALEMBIC_MARKER:
        return  # ours, but alembic_version was dropped by hand: leave it to Alembic
    if version > legacy.LEGACY_LATEST:
        raise _too_new(f"v{version}")
    if version == 0:
        return  # an empty schema_version and nothing else: Alembic creates everything
    if before_upgrade is not None:
        before_upgrade(f"v{version}")
    legacy.apply_legacy_steps(conn, version)
    command.stamp(config, LEGACY_REVISION)
    conn.exec_driver_sql("INSERT INTO schema_version (version, applied_at) "
                         f"VALUES ({legacy.ALEMBIC_MARKER}, datetime('now'))")


def migrate(engine: Engine, target: str = "head", *,
            before_upgrade: Callable[[str], None] | None = None) -> str | None:
    """Apply every missing revision up to ``target``; returns the resulting revision.

    ``before_upgrade(old_revision)`` runs once, under the lock, before changing a database
    that already holds a schema (used to keep a backup copy of a SQLite file).
    Raises `SchemaTooNewError` or `DatabaseUnavailableError` (one-line messages).
    """
    try:
        with writer(engine).connect() as conn:
            conn.begin()
            _lock(conn)
            config = alembic_config(conn)
            _adopt_legacy(conn, config, before_upgrade)
            found = _current(conn)
            if found is not None and found not in known_revisions():
                raise _too_new(found)
            wanted = head_revision() if target == "head" else target
            if found != wanted:
                if found is not None and before_upgrade is not None:
                    before_upgrade(found)
                command.upgrade(config, target)
            result = _current(conn)
            conn.commit()
            if result != found:
                log.info("데이터베이스 스키마를 올렸습니다 / database schema upgraded: %s -> %s",
                         found or "(empty)", result)
            return result
    except DBAPIError as exc:
        if is_connection_error(exc):
            raise unavailable(engine, exc) from None
        raise


def keep_pre_upgrade_copy(db_path: Path) -> Callable[[str], None]:
    """A `migrate` hook that copies a SQLite file to notices.db.<revision>.bak before upgrading.

    Pre-Alembic data dirs are named by their old step (``notices.db.v3.bak``).
    """
    def _copy(old: str) -> None:
        copy = db_path.with_name(f"{db_path.name}.{old}.bak")
        if not copy.exists():
            backup_sqlite(db_path, copy)

    return _copy


def upgrade_database(engine: Engine) -> str | None:
    """`migrate` with the pre-upgrade copy a SQLite file gets; what every entry point calls."""
    hook = None
    if is_sqlite(engine) and engine.url.database:
        hook = keep_pre_upgrade_copy(Path(engine.url.database))
    return migrate(engine, before_upgrade=hook)
