"""The reach revision (0002) on databases made by the previous schema, and the serve flags."""

from __future__ import annotations

import shutil
from pathlib import Path

import requests
from sqlalchemy import text

from server_stub import db
from tests.fixtures.server import query_database, run_cli

LEGACY_DB = Path(__file__).resolve().parents[1] / "data" / "legacy" / "notices-57fee4b.db"
REACH_TABLES = {"clients", "receipts"}
REACH_INDEXES = {"ix_receipts_notice_type", "ix_receipts_client", "ix_receipts_received",
                 "ix_clients_last_seen", "ix_clients_groups"}


def _catalog(data_dir, url) -> tuple[set[str], set[str]]:
    if url is None:
        tables = query_database(data_dir, None, "SELECT name FROM sqlite_master WHERE type='table'")
        indexes = query_database(data_dir, None, "SELECT name FROM sqlite_master WHERE type='index'")
    else:
        tables = query_database(data_dir, url, "SELECT tablename FROM pg_tables "
                                               "WHERE schemaname = 'public'")
        indexes = query_database(data_dir, url, "SELECT indexname FROM pg_indexes "
                                                "WHERE schemaname = 'public'")
    return {r[0] for r in tables}, {r[0] for r in indexes}


def _make_0001_database(data_dir, url) -> None:
    """A database at the schema before reach (revision 0001) holding one notice."""
    engine = db.create_db_engine(data_dir / "notices.db", url)
    assert db.migrate(engine, target="0001") == "0001"
    with db.writer(engine).begin() as conn:
        conn.execute(text(
            "INSERT INTO notices (id, title, body, category, priority, link, starts_at, ends_at,"
            " recurrence, audience, visibility, status, author, created_at, updated_at) VALUES "
            "('n-v3', '이전 스키마 공지', '본문', 'notice', 'urgent', NULL,"
            " '2025-01-01T00:00:00+00:00', '2099-01-01T00:00:00+00:00', NULL, '[]', 'internal',"
            " 'published', 'old', '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00')"))
    engine.dispose()


def test_previous_schema_upgrades_and_reads_ack_required_false(server_factory, server_data_dir,
                                                               empty_database_url):
    _make_0001_database(server_data_dir, empty_database_url)
    server = server_factory(data_dir=server_data_dir, database_url=empty_database_url)
    tables, indexes = _catalog(server_data_dir, empty_database_url)
    assert REACH_TABLES <= tables and REACH_INDEXES <= indexes
    assert server.query("SELECT version_num FROM alembic_version") == [(db.head_revision(),)]
    if empty_database_url is None:
        assert (server_data_dir / "notices.db.0001.bak").exists()
    old = requests.get(server.url("/api/v1/notices/n-v3"), headers=server.headers, timeout=5)
    assert old.status_code == 200 and old.json()["ack_required"] is False
    (item,) = requests.get(server.url("/feed.json"), timeout=5).json()["items"]
    assert item["_ticker"]["ack_required"] is False


def test_data_dir_from_before_alembic_gets_reach_and_reads_ack_required_false(
        server_factory, tmp_path, sqlite_only):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(LEGACY_DB, data_dir / "notices.db")
    server = server_factory(data_dir=data_dir)
    tables, indexes = _catalog(data_dir, None)
    assert REACH_TABLES <= tables and REACH_INDEXES <= indexes
    assert (data_dir / "notices.db.v3.bak").exists()
    listed = requests.get(server.url("/api/v1/notices?limit=100"), headers=server.headers,
                          timeout=5)
    assert listed.status_code == 200
    items = listed.json()["items"]
    assert len(items) == 12 and all(n["ack_required"] is False for n in items)


def test_receipts_flag_off_and_anonymous(server_factory):
    off = server_factory(extra_args=("--receipts", "off"))
    off.publish(title="공지")
    assert "receipts" not in requests.get(off.url("/feed.json"), timeout=5).json().get(
        "_ticker", {})
    anonymous = server_factory(extra_args=("--receipts", "anonymous",
                                           "--receipt-retention-days", "30"))
    feed = requests.get(anonymous.url("/feed.json"), timeout=5).json()
    assert feed["_ticker"]["receipts"] == {"url": anonymous.url("/api/v1/receipts"),
                                           "identify": False}


def test_bad_receipts_flags_are_refused_without_traceback(server_data_dir):
    bad_mode = run_cli(server_data_dir, "serve", "--receipts", "sometimes")
    assert bad_mode.returncode == 2 and "Traceback" not in bad_mode.stderr
    bad_days = run_cli(server_data_dir, "serve", "--receipt-retention-days", "0")
    assert bad_days.returncode == 1 and "--receipt-retention-days" in bad_days.stderr
    assert "Traceback" not in bad_days.stderr
