"""The database core through the real command line and server: migrate, copy-db, bad
database input, a data dir from before Alembic, and a PostgreSQL outage."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from server_stub.db import head_revision
from tests.fixtures.server import REPO_ROOT, _env, query_database, run_cli

LEGACY = Path(__file__).resolve().parents[1] / "data" / "legacy"
LEGACY_TOKEN = (LEGACY / "token-57fee4b.txt").read_text().strip()
LEGACY_COUNTS = {"users": 1, "api_tokens": 1, "audit_log": 12, "notices": 12,
                 "departments": 7, "web_sessions": 1, "login_attempts": 1}


def _legacy_data_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    shutil.copy(LEGACY / "notices-57fee4b.db", path / "notices.db")
    return path


def _counts(data_dir: Path, url: str | None) -> dict[str, int]:
    return {name: query_database(data_dir, url, f"SELECT COUNT(*) FROM {name}")[0][0]
            for name in LEGACY_COUNTS}


def _admin_sign_in(base_url: str, name: str, password: str) -> int:
    """Sign in through the real admin page; returns the status of the form POST."""
    with requests.Session() as browser:
        page = browser.get(base_url + "/admin/login", timeout=10)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        answer = browser.post(base_url + "/admin/login", allow_redirects=False, timeout=10,
                              data={"username": name, "password": password, "csrf_token": csrf})
        return answer.status_code


def _one_line_failure(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# -- a data dir made by the release before Alembic ----------------------------------------
def test_data_dir_from_the_release_before_alembic_upgrades_in_place(server_factory, tmp_path,
                                                                    sqlite_only):
    data_dir = _legacy_data_dir(tmp_path / "data")
    server = server_factory(data_dir=data_dir, token=False)
    assert query_database(data_dir, None, "SELECT version_num FROM alembic_version") == \
        [(head_revision(),)]
    assert _counts(data_dir, None) == LEGACY_COUNTS  # nothing lost
    assert (data_dir / "notices.db.v3.bak").exists()
    old_token = {"Authorization": f"Bearer {LEGACY_TOKEN}"}
    listing = requests.get(server.url("/api/v1/notices?limit=500"), headers=old_token,
                           timeout=10).json()
    assert listing["total"] == 12
    assert _admin_sign_in(server.base_url, "관리자", "old-admin-password") == 303
    server.token = LEGACY_TOKEN
    server.publish(title="업그레이드 뒤 첫 공지")
    server.stop()
    server.start()  # a second start finds the schema current and changes nothing
    assert requests.get(server.url("/api/v1/notices?limit=500"), headers=old_token,
                        timeout=10).json()["total"] == 13


# -- copy-db ------------------------------------------------------------------------------
@pytest.mark.parametrize("database", ["postgresql"])  # about both engines already: run once
def test_copy_db_moves_a_sqlite_site_to_postgresql(postgres_cluster, server_factory, tmp_path):
    data_dir = _legacy_data_dir(tmp_path / "data")
    target = postgres_cluster.new_database(migrated=False)
    copied = run_cli(data_dir, "copy-db", "--to", target)
    assert copied.returncode == 0, copied.stderr
    assert "notices: 12" in copied.stdout
    assert _counts(data_dir, target) == LEGACY_COUNTS
    for table, key in (("notices", "id"), ("users", "name"), ("audit_log", "id")):
        query = f"SELECT * FROM {table} ORDER BY {key}"
        assert query_database(data_dir, target, query) == query_database(data_dir, None, query)

    # The PostgreSQL site works with the old token, password and rows...
    server = server_factory(data_dir=tmp_path / "pg-data", token=False, database_url=target)
    old_token = {"Authorization": f"Bearer {LEGACY_TOKEN}"}
    assert requests.get(server.url("/api/v1/notices?limit=500"), headers=old_token,
                        timeout=10).json()["total"] == 12
    assert _admin_sign_in(server.base_url, "관리자", "old-admin-password") == 303
    # ...and new rows get new ids: the id sequences were moved past the copied ids.
    server.token = server.create_token("after-copy")
    server.publish(title="옮긴 뒤 첫 공지")
    added = server.cli("user", "add", "new-admin", "--role", "admin", "--password-stdin",
                       stdin="new-admin-password\n")
    assert added.returncode == 0, added.stderr
    assert query_database(data_dir, target, "SELECT MAX(id) FROM api_tokens") == [(2,)]
    assert query_database(data_dir, target, "SELECT COUNT(DISTINCT id) FROM audit_log") == \
        [(LEGACY_COUNTS["audit_log"] + 3,)]  # + the token, the publish and the user (CLI audits)

    # A target that holds rows is refused, and stays as it was.
    again = run_cli(data_dir, "copy-db", "--to", target)
    line = _one_line_failure(again)
    assert "비어 있지 않습니다" in line and "not empty" in line
    assert query_database(data_dir, target, "SELECT COUNT(*) FROM notices") == [(13,)]


def test_copy_db_into_a_new_sqlite_file(server_factory, tmp_path):
    server = server_factory()  # database param: this file runs on both engines
    server.publish(title="되돌려 옮기는 공지")
    target = tmp_path / "copy" / "notices.db"
    copied = server.cli("copy-db", "--to", f"sqlite:///{target}")
    assert copied.returncode == 0, copied.stderr
    rows = query_database(tmp_path, f"sqlite:///{target}", "SELECT title FROM notices")
    assert rows == [("되돌려 옮기는 공지",)]


# -- migrate ------------------------------------------------------------------------------
def test_migrate_command_brings_an_empty_database_to_head(empty_database_url, server_data_dir):
    first = run_cli(server_data_dir, "migrate", database_url=empty_database_url)
    assert first.returncode == 0, first.stderr
    assert head_revision() in first.stdout
    assert query_database(server_data_dir, empty_database_url,
                          "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    again = run_cli(server_data_dir, "migrate", database_url=empty_database_url)
    assert again.returncode == 0, again.stderr


def test_replicas_migrating_at_once_do_not_race(empty_database_url, server_data_dir):
    extra = ["--database-url", empty_database_url] if empty_database_url else []
    procs = [subprocess.Popen(
        [sys.executable, "-m", "server_stub", "migrate", "--data-dir", str(server_data_dir),
         *extra], cwd=REPO_ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True) for _ in range(4)]
    results = [(p.wait(60), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [rc for rc, _ in results] == [0, 0, 0, 0], results
    assert query_database(server_data_dir, empty_database_url,
                          "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    assert query_database(server_data_dir, empty_database_url,
                          "SELECT COUNT(*) FROM notices") == [(0,)]


# -- bad database input -------------------------------------------------------------------
def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("command", [["serve", "--port", "0"], ["migrate"],
                                     ["token", "create", "x"]])
@pytest.mark.parametrize("url, expected", [
    ("postgresql+psycopg//user:s3cret@host/db", "invalid --database-url"),
    ("mysql://user:s3cret@localhost/db", "unsupported engine 'mysql'"),
    ("postgresql+psycopg://user:s3cret@127.0.0.1/", "missing database name"),
    ("sqlite://", "sqlite needs a file path"),
    ("postgresql+psycopg://user:s3cret@127.0.0.1:{closed}/db", "cannot reach the database"),
    ("sqlite:////proc/no-such-dir/notices.db", "cannot create the database folder"),
])
def test_bad_database_url_is_one_clear_line(server_data_dir, command, url, expected):
    url = url.format(closed=_closed_port())
    line = _one_line_failure(run_cli(server_data_dir, *command, database_url=url))
    assert expected in line and "s3cret" not in line


@pytest.mark.parametrize("command", [["serve", "--port", "0"], ["migrate"]])
def test_database_from_a_newer_version_is_refused(empty_database_url, server_data_dir,
                                                  command):
    assert run_cli(server_data_dir, "migrate", database_url=empty_database_url).returncode == 0
    query_database(server_data_dir, empty_database_url,
                   "UPDATE alembic_version SET version_num = '9999'")
    line = _one_line_failure(run_cli(server_data_dir, *command,
                                     database_url=empty_database_url))
    assert "9999" in line and "newer" in line


def test_flag_wins_over_the_environment_variable(server_data_dir, tmp_path):
    from_env, from_flag = tmp_path / "env.db", tmp_path / "flag.db"
    env = {**_env(), "NOTICE_DATABASE_URL": f"sqlite:///{from_env}"}

    def token(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "server_stub", "token", "create", "t", "--data-dir",
             str(server_data_dir), *extra], env=env, cwd=REPO_ROOT, capture_output=True,
            text=True, timeout=60)

    assert token().returncode == 0
    assert token("--database-url", f"sqlite:///{from_flag}").returncode == 0
    assert token("--database-url", f"sqlite:///{from_flag}").returncode == 0
    count = "SELECT COUNT(*) FROM api_tokens"
    assert query_database(tmp_path, f"sqlite:///{from_env}", count) == [(1,)]
    assert query_database(tmp_path, f"sqlite:///{from_flag}", count) == [(2,)]
    assert not (server_data_dir / "notices.db").exists()


def test_backup_of_postgresql_points_to_pg_dump(server_data_dir, tmp_path):
    url = f"postgresql+psycopg://u@127.0.0.1:{_closed_port()}/db"
    line = _one_line_failure(run_cli(server_data_dir, "backup", str(tmp_path / "b.db"),
                                     database_url=url))
    assert "pg_dump" in line


# -- PostgreSQL down for a while ----------------------------------------------------------
@pytest.mark.parametrize("database", ["postgresql"])
def test_postgresql_outage_writes_wait_readers_keep_the_feed(postgres_cluster, server_factory):
    server = server_factory()
    before = server.publish(title="정전 전 공지")
    feed = requests.get(server.url("/feed.json"), timeout=5)
    etag = feed.headers["ETag"]
    postgres_cluster.stop()
    down_at = time.monotonic()
    try:
        while True:
            with pytest.raises(requests.HTTPError) as failed:
                server.publish(title="정전 중 공지")
            write = failed.value.response
            assert write.status_code == 503, write.text
            assert write.json()["code"] == "database_unavailable"
            assert int(write.headers["Retry-After"]) > 0
            plain = requests.get(server.url("/feed.json"), timeout=5)
            assert plain.status_code == 200 and plain.headers["ETag"] == etag
            assert [i["id"] for i in plain.json()["items"]] == [before["id"]]
            cached = requests.get(server.url("/feed.json"), headers={"If-None-Match": etag},
                                  timeout=5)
            assert cached.status_code == 304
            with requests.Session() as browser:
                page = browser.get(server.url("/admin/login"), timeout=15)
                csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
                signing_in = browser.post(server.url("/admin/login"), timeout=15, data={
                    "username": "kim", "password": "x" * 10, "csrf_token": csrf})
            assert signing_in.status_code == 503 and "Retry-After" in signing_in.headers
            assert "데이터베이스" in signing_in.text  # a Korean page, not a JSON error
            if time.monotonic() - down_at >= 10:
                break
            time.sleep(1)
    finally:
        postgres_cluster.start()
    after = server.publish(title="복구 후 공지")  # same process: it reconnected by itself
    items = requests.get(server.url("/feed.json"), timeout=5).json()["items"]
    assert {i["id"] for i in items} == {before["id"], after["id"]}
    assert server.running


# -- packaging ----------------------------------------------------------------------------
@pytest.mark.slow
def test_migrations_ship_in_the_wheel(tmp_path):
    """The Alembic scripts are package files, so `pip install notice-ticker[server]` can
    migrate (nothing is read from the source tree)."""
    import zipfile

    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO_ROOT), "--no-deps",
         "--no-build-isolation", "-q", "-w", str(tmp_path)],
        capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    migrations = REPO_ROOT / "server_stub" / "db" / "migrations"
    expected = {p.relative_to(REPO_ROOT).as_posix() for p in migrations.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    assert "server_stub/db/migrations/versions/0001_initial_schema.py" in expected
    assert expected <= names, expected - names


def test_copy_db_that_fails_half_way_leaves_the_target_empty(postgres_cluster, tmp_path):
    """SQLite stores whatever it is given; a row PostgreSQL refuses (text in an integer
    column) stops the copy, which is rolled back as a whole: nothing half-copied."""
    data_dir = _legacy_data_dir(tmp_path / "data")
    assert run_cli(data_dir, "migrate").returncode == 0
    query_database(data_dir, None,
                   "UPDATE departments SET sort_order = 'abc' WHERE name = '정보통신과'")
    target = postgres_cluster.new_database(migrated=False)
    line = _one_line_failure(run_cli(data_dir, "copy-db", "--to", target))
    assert "database error" in line
    for table in ("users", "notices", "departments", "audit_log"):
        assert query_database(data_dir, target, f"SELECT COUNT(*) FROM {table}") == [(0,)]
    query_database(data_dir, None,
                   "UPDATE departments SET sort_order = 70 WHERE name = '정보통신과'")
    retried = run_cli(data_dir, "copy-db", "--to", target)  # an empty schema is still empty
    assert retried.returncode == 0, retried.stderr
    assert _counts(data_dir, target) == LEGACY_COUNTS
