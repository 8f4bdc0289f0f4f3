"""Migration step 4 (reach) on a database made by the previous schema, and the serve flags."""

from __future__ import annotations

import sqlite3

import requests
from sqlalchemy import text

from server_stub import db
from tests.fixtures.server import run_cli


def _make_v3_data_dir(data_dir) -> None:
    engine = db.create_db_engine(data_dir / "notices.db")
    assert db.migrate(engine, target=3) == 3
    with db.writer(engine).begin() as conn:
        conn.execute(text(
            "INSERT INTO notices (id, title, body, category, priority, link, starts_at, ends_at,"
            " recurrence, audience, visibility, status, author, created_at, updated_at) VALUES "
            "('n-v3', '3판 공지', '본문', 'notice', 'urgent', NULL, '2025-01-01T00:00:00+00:00',"
            " '2099-01-01T00:00:00+00:00', NULL, '[]', 'internal', 'published', 'old',"
            " '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00')"))
    engine.dispose()


def test_previous_schema_upgrades_and_reads_ack_required_false(server_factory, server_data_dir):
    _make_v3_data_dir(server_data_dir)
    server = server_factory(data_dir=server_data_dir)
    with sqlite3.connect(server_data_dir / "notices.db") as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"clients", "receipts"} <= tables
    assert {"ix_receipts_notice_type", "ix_receipts_client", "ix_clients_last_seen"} <= indexes
    assert (server_data_dir / "notices.db.v3.bak").exists()
    old = requests.get(server.url("/api/v1/notices/n-v3"), headers=server.headers, timeout=5)
    assert old.status_code == 200 and old.json()["ack_required"] is False
    (item,) = requests.get(server.url("/feed.json"), timeout=5).json()["items"]
    assert item["_ticker"]["ack_required"] is False


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
