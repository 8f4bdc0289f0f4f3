"""Every server test runs on both engines: SQLite (the default) and PostgreSQL.

Overrides the ``database`` fixture of tests/fixtures/postgres.py, which ``live_server``,
``server_factory`` and ``database_url`` (for in-process apps) follow. A test about SQLite
itself (its file, WAL, the sqlite3 backup) asks for ``sqlite_only`` with a reason.
"""

from __future__ import annotations

import pytest

from server_stub import db

ENGINES = ["sqlite", "postgresql"]


@pytest.fixture(params=ENGINES)
def database(request) -> str:
    return request.param


@pytest.fixture
def sqlite_only(database):
    """For tests about the SQLite file itself: skip the PostgreSQL run, say why."""
    if database != "sqlite":
        pytest.skip("about the SQLite file itself (PostgreSQL has no such file)")


@pytest.fixture
def engine(server_data_dir, database_url):
    """The migrated database of a fresh data dir, for tests of repositories and services."""
    engine = db.open_database(server_data_dir / "notices.db", database_url)
    yield engine
    engine.dispose()
