"""The notice-server command line (python -m server_stub), run as real subprocesses."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import threading

import requests

from server_stub.db import head_revision
from tests.fixtures.server import query_database, run_cli


def test_token_create_prints_token_last_and_stores_hash(server_data_dir, database_url):
    result = run_cli(server_data_dir, "token", "create", "홍보팀", "--role", "publisher", database_url=database_url)
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("nt_") and len(token) > 30
    row = query_database(server_data_dir, database_url,
                         "SELECT name, role, token_hash FROM api_tokens")[0]
    assert row == ("홍보팀", "publisher", hashlib.sha256(token.encode()).hexdigest())


def test_token_create_default_role_and_bad_role(server_data_dir, database_url):
    assert run_cli(server_data_dir, "token", "create", "x", database_url=database_url).returncode == 0
    assert query_database(server_data_dir, database_url,
                          "SELECT role FROM api_tokens") == [("publisher",)]
    assert run_cli(server_data_dir, "token", "create", "y", "--role", "root", database_url=database_url).returncode == 2


def test_user_add_with_password_stdin(server_data_dir, database_url):
    result = run_cli(server_data_dir, "user", "add", "김주무관", "--role", "admin",
                     "--password-stdin", stdin="correct horse battery\n", database_url=database_url)
    assert result.returncode == 0, result.stderr
    [(name, role, hashed)] = query_database(server_data_dir, database_url,
                                            "SELECT name, role, password_hash FROM users")
    assert (name, role) == ("김주무관", "admin")
    assert hashed.startswith("$argon2id$") and "correct horse" not in hashed

    from argon2 import PasswordHasher

    assert PasswordHasher().verify(hashed, "correct horse battery")
    again = run_cli(server_data_dir, "user", "add", "김주무관", "--role", "publisher",
                    "--password-stdin", stdin="another password\n", database_url=database_url)
    assert again.returncode == 1 and "이미" in again.stderr


def test_user_add_rejects_short_password_and_missing_stdin(server_data_dir, database_url):
    short = run_cli(server_data_dir, "user", "add", "lee", "--role", "publisher",
                    "--password-stdin", stdin="short\n", database_url=database_url)
    assert short.returncode == 1 and "10" in short.stderr  # the admin page's rule too
    no_tty = run_cli(server_data_dir, "user", "add", "lee", "--role", "publisher", stdin="",
                     database_url=database_url)
    assert no_tty.returncode == 1 and "--password-stdin" in no_tty.stderr
    bad_role = run_cli(server_data_dir, "user", "add", "lee", "--role", "boss",
                       "--password-stdin", stdin="password123\n", database_url=database_url)
    assert bad_role.returncode == 2


def test_default_data_dir_is_platformdirs(fresh_dirs):
    from tests.fixtures.server import REPO_ROOT, _env

    completed = subprocess.run([sys.executable, "-m", "server_stub", "token", "create", "d"],
                               capture_output=True, text=True, cwd=REPO_ROOT, env=_env(),
                               timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert (fresh_dirs["data"] / "notice-ticker" / "notices.db").exists()


def test_seed_demo_loads_the_promised_notices(live_server):
    result = live_server.cli("seed-demo")
    assert result.returncode == 0, result.stderr
    again = live_server.cli("seed-demo")  # re-seeding replaces, does not duplicate
    assert again.returncode == 0
    listing = requests.get(live_server.url("/api/v1/notices?limit=500"),
                           headers=live_server.headers, timeout=5).json()["items"]
    assert len(listing) == len({n["id"] for n in listing}) >= 10
    categories = {n["category"] for n in listing}
    assert {"event", "project", "issue"} <= categories
    monday = [n for n in listing if n["recurrence"] and n["recurrence"]["weekdays"] == ["mon"]]
    assert monday and "직소민원의 날" in monday[0]["title"]
    daily = [n for n in listing if n["recurrence"] and n["recurrence"]["freq"] == "daily"]
    assert daily and daily[0]["recurrence"]["start"] == "08:30" and daily[0]["link"]
    assert sum(n["priority"] == "urgent" for n in listing) == 1
    assert all("." not in n["starts_at"] + n["ends_at"] for n in listing)  # whole seconds
    assert all(any("\uac00" <= ch <= "\ud7a3" for ch in n["title"]) for n in listing)
    departments = [r[0] for r in live_server.query("SELECT name FROM departments")]
    assert len(departments) == len(set(departments)) >= 5 and "총무과" in departments


def test_backup_is_consistent_while_the_server_writes(live_server, tmp_path, sqlite_only):
    for i in range(5):
        live_server.publish(title=f"백업 전 {i}")
    stop = threading.Event()
    errors = []

    def writer():
        i = 0
        while not stop.is_set():
            try:
                live_server.publish(title=f"백업 중 {i}")
            except Exception as exc:  # noqa: BLE001 - surfaced below
                errors.append(exc)
            i += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        target = tmp_path / "backup" / "notices-backup.db"
        result = live_server.cli("backup", str(target))
    finally:
        stop.set()
        thread.join(10)
    assert result.returncode == 0, result.stderr
    assert not errors
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        count = conn.execute("SELECT COUNT(*) FROM notices").fetchone()[0]
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert count >= 5 and revision == head_revision()
    assert not target.with_name(target.name + "-wal").exists()


def test_backup_without_database_fails_cleanly(server_data_dir, tmp_path):
    result = run_cli(server_data_dir, "backup", str(tmp_path / "b.db"))
    assert result.returncode == 1 and "데이터베이스" in result.stderr


def test_console_script_is_declared_as_notice_server():
    import tomllib

    from tests.fixtures.server import REPO_ROOT

    scripts = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    module, _, func = scripts["notice-server"].partition(":")
    assert module == "server_stub.__main__"
    import importlib

    assert callable(getattr(importlib.import_module(module), func))
    help_text = subprocess.run([sys.executable, "-m", "server_stub", "--help"],
                               capture_output=True, text=True, timeout=60, cwd=REPO_ROOT)
    assert help_text.returncode == 0 and "notice-server" in help_text.stdout
    for command in ("serve", "user", "token", "seed-demo", "backup"):
        assert command in help_text.stdout


def test_serve_defaults_and_usage_are_as_documented():
    from server_stub.__main__ import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8080)
    for argv in (["serve"], ["user", "add", "n", "--role", "admin"], ["token", "create", "n"],
                 ["seed-demo"], ["backup", "f.db"]):
        parsed = build_parser().parse_args([*argv, "--data-dir", "/tmp/x"])
        assert str(parsed.data_dir) == "/tmp/x", argv
    assert build_parser().parse_args(["token", "create", "n"]).role == "publisher"


def test_data_dir_is_accepted_before_and_after_the_subcommand(tmp_path):
    from tests.fixtures.server import REPO_ROOT, _env

    for i, argv in enumerate((["--data-dir", "{d}", "token", "create", "a"],
                              ["token", "--data-dir", "{d}", "create", "a"],
                              ["token", "create", "a", "--data-dir", "{d}"])):
        target = tmp_path / f"d{i}"
        completed = subprocess.run(
            [sys.executable, "-m", "server_stub", *(a.format(d=target) for a in argv)],
            capture_output=True, text=True, cwd=REPO_ROOT, env=_env(), timeout=60)
        assert completed.returncode == 0, completed.stderr
        assert (target / "notices.db").exists()


def test_serve_binds_loopback_by_default_and_logs_its_urls(server_data_dir):
    import psutil

    from tests.fixtures.server import REPO_ROOT, _env, free_port

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "server_stub", "serve", "--port", str(port),
         "--data-dir", str(server_data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO_ROOT, env=_env())
    try:
        import time

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.stdout.read()
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        listening = {c.laddr for c in psutil.Process(proc.pid).net_connections("inet")
                     if c.status == psutil.CONN_LISTEN}
        assert listening == {("127.0.0.1", port)}
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=20)
    base = f"http://127.0.0.1:{port}"
    for url in (f"{base}/feed.json", f"{base}/feed.atom", f"{base}/public/feed.json",
                f"{base}/api/v1/notices", f"{base}/openapi.json"):
        assert url in output, output
    # Graceful stop on SIGTERM; uvicorn re-raises the signal after shutting down cleanly.
    assert "Application shutdown complete" in output, output
    assert proc.returncode in (0, -15)


def test_user_add_prompts_twice_on_a_terminal(server_data_dir):
    import os
    import pty
    import time

    from tests.fixtures.server import REPO_ROOT, _env

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "server_stub", "user", "add", "박주무관", "--role", "publisher",
         "--data-dir", str(server_data_dir)],
        stdin=slave, stdout=subprocess.PIPE, stderr=slave, cwd=REPO_ROOT, env=_env(),
        start_new_session=True, text=True)
    os.close(slave)
    try:
        seen = b""
        for answer in (b"long enough pw\n", b"long enough pw\n"):
            deadline = time.monotonic() + 30
            while b"password" not in seen.split(b"\n")[-1] and time.monotonic() < deadline:
                seen += os.read(master, 1024)
            seen += b"\n"
            os.write(master, answer)
        out, _ = proc.communicate(timeout=60)
    finally:
        os.close(master)
    assert proc.returncode == 0, seen
    assert "박주무관" in out
    with sqlite3.connect(server_data_dir / "notices.db") as conn:
        hashed = conn.execute("SELECT password_hash FROM users").fetchone()[0]
    from argon2 import PasswordHasher

    assert PasswordHasher().verify(hashed, "long enough pw")


def test_blank_or_hidden_names_are_refused(server_data_dir, database_url):
    for name in ("", "   ", " kim", "a\u200bb", "a\x07b", "가" * 101):
        user = run_cli(server_data_dir, "user", "add", name, "--role", "admin",
                       "--password-stdin", stdin="password123\n", database_url=database_url)
        assert user.returncode == 1 and "이름" in user.stderr, repr(name)
        token = run_cli(server_data_dir, "token", "create", name, database_url=database_url)
        assert token.returncode == 1 and "이름" in token.stderr, repr(name)
        assert token.stdout == ""
    assert not (server_data_dir / "notices.db").exists()  # nothing was written
