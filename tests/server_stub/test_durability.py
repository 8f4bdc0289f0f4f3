"""Crash safety and schema upgrades with a real server process."""

from __future__ import annotations

import sqlite3

import requests
from sqlalchemy import text

from server_stub import db


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
    """A data dir as the first release left it: schema 1 with a user, a token and notices."""
    engine = db.create_db_engine(data_dir / "notices.db")
    assert db.migrate(engine, target=1) == 1
    with db.writer(engine).begin() as conn:
        conn.execute(text(
            "INSERT INTO users (name, role, password_hash, created_at) "
            "VALUES ('old-admin', 'admin', NULL, '2025-01-01T00:00:00+00:00')"))
        conn.execute(text(
            "INSERT INTO notices (id, title, body, category, priority, link, starts_at, ends_at,"
            " recurrence, audience, status, author, created_at, updated_at) VALUES "
            "('n-old1', '예전 공지', '본문', 'issue', 'high', NULL, '2025-01-01T00:00:00+00:00',"
            " '2099-01-01T00:00:00+00:00', "
            " '{\"freq\": \"weekly\", \"weekdays\": [\"mon\"], \"start\": \"09:00\","
            " \"end\": \"18:00\", \"tz\": \"Asia/Seoul\"}', '[\"총무과\"]', 'published',"
            " 'old-admin', '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00')"))
    engine.dispose()


def test_old_schema_upgrades_on_start(server_factory, server_data_dir):
    _make_v1_data_dir(server_data_dir)
    with sqlite3.connect(server_data_dir / "notices.db") as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(notices)")}
    assert "visibility" not in columns  # really the old layout

    server = server_factory(data_dir=server_data_dir)  # runs the new code
    with sqlite3.connect(server_data_dir / "notices.db") as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY 1")]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        user = conn.execute("SELECT name, disabled FROM users").fetchone()
    assert versions == list(range(1, db.LATEST_VERSION + 1))
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


def test_every_migration_step_applies_in_order(tmp_path):
    engine = db.create_db_engine(tmp_path / "notices.db")
    for version in range(1, db.LATEST_VERSION + 1):
        assert db.migrate(engine, target=version) == version
    assert db.migrate(engine) == db.LATEST_VERSION  # idempotent
    with engine.connect() as conn:
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
        columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(notices)")}
    assert mode == "wal"
    assert {c.name for c in db.notices.columns} == columns
    engine.dispose()


def test_newer_schema_is_refused(tmp_path):
    engine = db.create_db_engine(tmp_path / "notices.db")
    db.migrate(engine)
    with db.writer(engine).begin() as conn:
        conn.execute(text("INSERT INTO schema_version (version) VALUES (999)"))
    try:
        db.migrate(engine)
    except db.SchemaTooNewError as exc:
        assert "999" in str(exc)
    else:
        raise AssertionError("a newer schema must not be touched")
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
