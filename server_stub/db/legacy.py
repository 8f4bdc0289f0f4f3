"""The hand-written migrator's steps, frozen: how data dirs made before Alembic look.

Until Alembic, `server_stub.db` applied these numbered SQLite steps and recorded each in
``schema_version``. A data dir from that time is brought to step `LEGACY_LATEST` with them and
then stamped with the Alembic revision that matches it (`server_stub.db.schema`). Never edit.
"""

from __future__ import annotations

from sqlalchemy import Connection

#: (version, description, SQLite DDL statements), exactly as released.
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
]


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer program version."""
LEGACY_LATEST = MIGRATIONS[-1][0]
#: Written to ``schema_version`` once Alembic owns a database, so a program from before
#: Alembic refuses it ("schema newer than this program") instead of misreading it.
ALEMBIC_MARKER = 1000


def legacy_version(conn: Connection) -> int:
    value = conn.exec_driver_sql("SELECT MAX(version) FROM schema_version").scalar()
    return int(value or 0)


def apply_legacy_steps(conn: Connection, start: int, target: int = LEGACY_LATEST) -> int:
    """Run the frozen steps after ``start`` up to ``target`` in the caller's transaction."""
    for version, _description, statements in MIGRATIONS:
        if start < version <= target:
            for statement in statements:
                conn.exec_driver_sql(statement)
            conn.exec_driver_sql(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, datetime('now'))",
                (version,))
    return max(start, target)
