"""Database: table definitions, engines (SQLite or PostgreSQL) and Alembic migrations.

- `server_stub.db.tables`: the latest tables, for queries (SQLAlchemy Core).
- `server_stub.db.engine`: ``--database-url`` parsing, engines, `writer`, one-line errors.
- `server_stub.db.schema`: Alembic migrations (``migrations/versions``), the migration lock
  and the in-place upgrade of data dirs from before Alembic (`server_stub.db.legacy`).
- `server_stub.db.copy`: ``notice-server copy-db`` (e.g. SQLite -> PostgreSQL).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import URL, Engine

from server_stub.db.engine import (
    DatabaseError,
    DatabaseUnavailableError,
    DatabaseUrlError,
    SchemaTooNewError,
    backup_sqlite,
    check_connection,
    create_db_engine,
    is_connection_error,
    is_sqlite,
    parse_database_url,
    safe_url,
    writer,
)
from server_stub.db.schema import current_revision, head_revision, migrate, upgrade_database
from server_stub.db.tables import (
    api_tokens,
    audit_log,
    clients,
    departments,
    login_attempts,
    metadata,
    notices,
    receipts,
    users,
    utc_stamp,
    web_sessions,
)


def open_database(db_path: Path | str | None, url: URL | str | None = None) -> Engine:
    """Engine + migrations to the newest schema: what every entry point calls.

    ``url`` None means the SQLite file ``db_path``. Raises `DatabaseError` subclasses with
    one-line messages (bad URL, unreachable, schema newer than this program).
    """
    engine = create_db_engine(db_path, url)
    try:
        check_connection(engine)
        upgrade_database(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


__all__ = [
    "DatabaseError", "DatabaseUnavailableError", "DatabaseUrlError", "SchemaTooNewError",
    "api_tokens", "audit_log", "backup_sqlite", "check_connection", "clients", "create_db_engine",
    "current_revision", "departments", "head_revision", "is_connection_error", "is_sqlite",
    "login_attempts", "metadata", "migrate", "notices", "open_database", "parse_database_url",
    "receipts", "safe_url", "upgrade_database", "users", "utc_stamp", "web_sessions", "writer",
]
