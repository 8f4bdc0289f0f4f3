"""Crash safety and schema upgrades with a real server process."""

from __future__ import annotations

import sqlite3

import pytest
import requests
from sqlalchemy import inspect, text

from server_stub import db
from server_stub.db import legacy


def test_kill_9_right_after_201_keeps_the_notice(live_server):
    created = live_server.publish(title="전원이 나가도 남는 공지", priority="urgent")
    live_server.kill()  # SIGKILL: no shutdown handlers run
    live_server.start()
    got = requests.get(live_server.url(f"/api/v1/notices/{created['id']}"),
                       headers=live_server.headers, timeout=5)
    assert got.status_code == 200 and got.json() == created
    feed = requests.get(live_server.url("/feed.json"), timeout=5).json()
    assert [i["id"] for i in feed["items"]] == [created["id"]]


def _make_v1_data_dir(data_dir):
    """A data dir as the first release left it: schema 1 with a user, a token and notices.

    Built with the hand-written migrator's frozen step 1 (server_stub.db.legacy).
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(data_dir / "notices.db") as conn:
        conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT)")
        for statement in legacy.MIGRATIONS[0][2]:
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version VALUES (1, '2025-01-01T00:00:00+00:00')")
        conn.execute(
            "INSERT INTO users (name, role, password_hash, created_at) "
            "VALUES ('old-admin', 'admin', NULL, '2025-01-01T00:00:00+00:00')")
        conn.execute(
            "INSERT INTO notices (id, title, body, category, priority, link, starts_at, ends_at,"
            " recurrence, audience, status, author, created_at, updated_at) VALUES "
            "('n-old1', '예전 공지', '본문', 'issue', 'high', NULL, '2025-01-01T00:00:00+00:00',"
            " '2099-01-01T00:00:00+00:00', "
            " '{\"freq\": \"weekly\", \"weekdays\": [\"mon\"], \"start\": \"09:00\","
            " \"end\": \"18:00\", \"tz\": \"Asia/Seoul\"}', '[\"총무과\"]', 'published',"
            " 'old-admin', '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00')")
    conn.close()


def test_old_schema_upgrades_on_start(server_factory, server_data_dir, sqlite_only):
    _make_v1_data_dir(server_data_dir)
    with sqlite3.connect(server_data_dir / "notices.db") as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(notices)")}
    assert "visibility" not in columns  # really the old layout

    server = server_factory(data_dir=server_data_dir)  # runs the new code
    with sqlite3.connect(server_data_dir / "notices.db") as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY 1")]
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        user = conn.execute("SELECT name, disabled FROM users").fetchone()
    # The old steps ran, then Alembic took over (the marker makes an old program refuse it).
    assert versions == [1, 2, 3, legacy.ALEMBIC_MARKER]
    assert revision == db.head_revision()
    assert {"departments", "web_sessions", "login_attempts", "api_tokens"} <= tables
    assert user == ("old-admin", 0)
    assert (server_data_dir / "notices.db.v1.bak").exists()  # pre-upgrade copy kept

    old = requests.get(server.url("/api/v1/notices/n-old1"), headers=server.headers,
                       timeout=5).json()
    assert old["visibility"] == "internal" and old["audience"] == ["총무과"]
    assert old["recurrence"]["weekdays"] == ["mon"]
    feed = requests.get(server.url("/feed.json"), timeout=5).json()
    assert [i["title"] for i in feed["items"]] == ["예전 공지"]
    patched = requests.patch(server.url("/api/v1/notices/n-old1"), headers=server.headers,
                             json={"visibility": "public"}, timeout=5)
    assert patched.status_code == 200
    public = requests.get(server.url("/public/feed.json"), timeout=5).json()
    assert [i["id"] for i in public["items"]] == ["n-old1"]


def test_alembic_schema_has_every_table_and_column(database, empty_database_url, tmp_path):
    """An empty database gets exactly the tables and columns the queries use; migrate twice is
    a no-op."""
    engine = db.create_db_engine(tmp_path / "notices.db", empty_database_url)
    assert db.current_revision(engine) is None
    try:
        assert db.migrate(engine) == db.head_revision()
        assert db.migrate(engine) == db.head_revision()  # idempotent
        found = inspect(engine)
        for table in db.metadata.sorted_tables:
            assert {c["name"] for c in found.get_columns(table.name)} == \
                {c.name for c in table.columns}, table.name
        if database == "sqlite":
            with engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        engine.dispose()


def test_legacy_steps_and_alembic_give_the_same_schema(tmp_path):
    """The frozen hand-written steps end where revision 0001 starts: same tables, columns,
    indexes (so stamping an old data dir with 0001 is honest)."""
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    _make_v1_data_dir(old_dir)
    engines = [db.create_db_engine(old_dir / "notices.db"),
               db.create_db_engine(new_dir / "notices.db")]
    try:
        shapes = []
        for engine in engines:
            db.migrate(engine)
            found = inspect(engine)
            names = sorted(set(found.get_table_names()) - {"alembic_version", "schema_version"})
            shapes.append({name: (sorted(c["name"] for c in found.get_columns(name)),
                                  sorted(tuple(i["column_names"])
                                         for i in found.get_indexes(name)))
                           for name in names})
        assert shapes[0] == shapes[1]
    finally:
        for engine in engines:
            engine.dispose()


def test_newer_legacy_schema_is_refused(tmp_path):
    with sqlite3.connect(tmp_path / "notices.db") as conn:
        conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT)")
        conn.execute("INSERT INTO schema_version (version) VALUES (999)")
    conn.close()
    engine = db.create_db_engine(tmp_path / "notices.db")
    try:
        with pytest.raises(db.SchemaTooNewError, match="v999"):
            db.migrate(engine)
    finally:
        engine.dispose()


def test_newer_alembic_revision_is_refused(database_url, tmp_path):
    engine = db.create_db_engine(tmp_path / "notices.db", database_url)
    try:
        db.migrate(engine)
        with db.writer(engine).begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed0099'"))
        with pytest.raises(db.SchemaTooNewError, match="f00dfeed0099"):
            db.migrate(engine)
        with engine.connect() as conn:  # untouched
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == \
                "f00dfeed0099"
    finally:
        engine.dispose()


def test_concurrent_writers_never_see_database_locked(live_server):
    from concurrent.futures import ThreadPoolExecutor

    def publish(i):
        return live_server.publish(title=f"동시 게시 {i}")["id"]

    with ThreadPoolExecutor(8) as pool:
        seed = pool.submit(live_server.cli, "seed-demo")  # another process writing too
        ids = list(pool.map(publish, range(40)))
        assert seed.result().returncode == 0, seed.result().stderr
    assert len(set(ids)) == 40
    listing = requests.get(live_server.url("/api/v1/notices?limit=500"),
                           headers=live_server.headers, timeout=5).json()
    assert listing["total"] >= 40 + 10
