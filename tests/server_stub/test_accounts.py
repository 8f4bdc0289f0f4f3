"""One set of account rules for the admin page and the CLI; each change audited in its own
transaction; ``notice-server token revoke NAME|ID``."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from server_stub import account_rules as rules
from server_stub.accounts import AccountRuleError
from server_stub.app import build_deps
from server_stub.config import ServerConfig
from server_stub.repository.audit import AuditRepository
from server_stub.repository.users import DuplicateUserError
from tests.fixtures.server import run_cli
from tests.server_stub.audit import audit_entries

NOW = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)


@pytest.fixture
def deps(tmp_path):
    return build_deps(ServerConfig(data_dir=tmp_path / "data", clock=lambda: NOW))


def audit_rows(data_dir) -> list[tuple[str, str, str]]:
    with sqlite3.connect(data_dir / "notices.db") as db:
        return db.execute("SELECT actor, action, target FROM audit_log ORDER BY id").fetchall()


# -- the rules (pure) ------------------------------------------------------------------------
@pytest.mark.parametrize("name, ok", [
    ("kim.pr", True), ("김주무관", True), ("a@b-c_d", True), ("ab", True), ("x" * 64, True),
    ("x", False), ("x" * 65, False), ("bad name!", False), (" kim", False), ("a\u200bb", False),
    ("a\x07b", False), ("", False), ("김 주무관", False),
])
def test_user_name_rule(name, ok):
    assert (rules.user_name_problem(name) is None) is ok


def test_decomposed_hangul_is_the_same_name():
    composed = "김주무관"
    decomposed = "\u1100\u1175\u11b7\u110c\u116e\u1106\u116e\u1100\u116a\u11ab"
    assert rules.normalise_name(decomposed) == composed
    assert rules.user_name_problem(decomposed) is None


def test_password_and_token_rules():
    assert rules.password_problem("x" * 9) == "password_length"
    assert rules.password_problem("x" * 10) is None
    assert rules.password_problem("x" * 1025) == "password_length"
    assert rules.password_problem("x" * 10, "y" * 10) == "password_confirm"
    assert rules.token_name_problem("홈페이지 연동") is None
    assert rules.token_name_problem("") == "token_name"
    assert rules.token_name_problem("x" * 101) == "token_name"
    assert rules.token_name_problem(" x") == "token_name_spaces"
    assert rules.token_name_problem("a\u202eb") == "control_chars"
    for code in rules.MESSAGES:
        assert " / " in rules.both_languages(code)


# -- the service: change and audit row together ----------------------------------------------
def test_each_account_change_writes_its_audit_row(deps):
    accounts = deps.accounts
    user = accounts.add_user("admin1", "kim.pr", "publisher", "long-password-1")
    assert accounts.set_password("admin1", "kim.pr", "another-password")
    assert accounts.set_disabled("admin1", user, True)
    _token, record = accounts.create_token("admin1", "연동", "publisher")
    assert accounts.revoke_token("admin1", record.id)
    assert not accounts.revoke_token("admin1", record.id)  # already revoked: nothing written
    rows = [(e.actor, e.action, e.target) for e in reversed(audit_entries(deps.engine, limit=100))]
    assert rows == [
        ("admin1", "user.add", "user:kim.pr"), ("admin1", "user.password", "user:kim.pr"),
        ("admin1", "user.disable", "user:kim.pr"), ("admin1", "token.create", f"token:{record.id}"),
        ("admin1", "token.revoke", f"token:{record.id}"),
    ]


def test_a_failed_audit_row_undoes_the_change(deps, monkeypatch):
    """Same transaction: when the audit insert fails, the change is rolled back with it."""
    def broken(self, conn, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(AuditRepository, "append", broken)
    with pytest.raises(RuntimeError):
        deps.accounts.add_user("admin1", "ghost", "admin", "long-password-1")
    assert deps.users.get_by_name("ghost") is None
    with pytest.raises(RuntimeError):
        deps.accounts.create_token("admin1", "ghost-token")
    assert deps.tokens.list() == []

    monkeypatch.undo()
    deps.accounts.add_user("admin1", "kim.pr", "publisher", "long-password-1")
    old_hash = _hash_of(deps, "kim.pr")
    monkeypatch.setattr(AuditRepository, "append", broken)
    with pytest.raises(RuntimeError):
        deps.accounts.set_password("admin1", "kim.pr", "another-password")
    assert _hash_of(deps, "kim.pr") == old_hash
    assert deps.users.verify("kim.pr", "long-password-1") is not None


def _hash_of(deps, name):
    with deps.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT password_hash FROM users WHERE name = ?",
                                    (name,)).scalar()


def test_rules_are_enforced_by_the_service(deps):
    with pytest.raises(AccountRuleError) as bad:
        deps.accounts.add_user("admin1", "bad name!", "admin", "long-password-1")
    assert bad.value.field == "name"
    with pytest.raises(AccountRuleError) as bad:
        deps.accounts.add_user("admin1", "kim", "admin", "short-pw")
    assert bad.value.field == "password"
    deps.accounts.add_user("admin1", "kim", "admin", "long-password-1")
    with pytest.raises(DuplicateUserError):
        deps.accounts.add_user("admin1", "kim", "publisher", "long-password-1")
    assert audit_entries(deps.engine, limit=100)[0].action == "user.add" and len(audit_entries(deps.engine, limit=100)) == 1


# -- the command line ------------------------------------------------------------------------
def test_cli_and_admin_page_refuse_the_same_inputs(server_data_dir):
    """The admin page refused 9-character passwords and "bad name!"; the CLI took them."""
    nine = run_cli(server_data_dir, "user", "add", "lee.pr", "--role", "publisher",
                   "--password-stdin", stdin="123456789\n")
    assert nine.returncode == 1 and "10" in nine.stderr and "Traceback" not in nine.stderr
    bad = run_cli(server_data_dir, "user", "add", "bad name!", "--role", "publisher",
                  "--password-stdin", stdin="long-password-1\n")
    assert bad.returncode == 1 and "아이디는" in bad.stderr


def test_cli_changes_are_audited(server_data_dir):
    added = run_cli(server_data_dir, "user", "add", "lee.pr", "--role", "publisher",
                    "--password-stdin", stdin="long-password-1\n")
    assert added.returncode == 0, added.stderr
    created = run_cli(server_data_dir, "token", "create", "홈페이지")
    assert created.returncode == 0, created.stderr
    rows = audit_rows(server_data_dir)
    assert [r[1:] for r in rows] == [("user.add", "user:lee.pr"), ("token.create", "token:1")]
    assert all(actor.startswith("cli") for actor, _, _ in rows)


def test_token_revoke_by_name_and_by_id(server_data_dir):
    for name in ("홈페이지", "홈페이지", "전광판"):
        assert run_cli(server_data_dir, "token", "create", name).returncode == 0
    by_name = run_cli(server_data_dir, "token", "revoke", "홈페이지")
    assert by_name.returncode == 0, by_name.stderr
    assert by_name.stdout.count("폐기") == 2  # both tokens of that name
    by_id = run_cli(server_data_dir, "token", "revoke", "3")
    assert by_id.returncode == 0 and "전광판" in by_id.stdout
    again = run_cli(server_data_dir, "token", "revoke", "3")
    assert again.returncode == 1 and "Traceback" not in again.stderr
    unknown = run_cli(server_data_dir, "token", "revoke", "없는토큰")
    assert unknown.returncode == 1 and "없는토큰" in unknown.stderr
    with sqlite3.connect(server_data_dir / "notices.db") as db:
        assert db.execute("SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NULL").fetchone() == (0,)
    revokes = [r for r in audit_rows(server_data_dir) if r[1] == "token.revoke"]
    assert [r[2] for r in revokes] == ["token:1", "token:2", "token:3"]


def test_revoked_token_no_longer_publishes(live_server):
    import requests

    token = live_server.cli("token", "create", "잠깐", "--role", "publisher").stdout.splitlines()[-1]
    headers = {"Authorization": f"Bearer {token}"}
    body = {"title": "폐기 전", "ends_at": "2099-01-01T00:00:00+09:00"}
    url = live_server.url("/api/v1/notices")
    assert requests.post(url, json=body, headers=headers, timeout=5).status_code == 201
    revoked = live_server.cli("token", "revoke", "잠깐")
    assert revoked.returncode == 0, revoked.stderr
    assert requests.post(url, json=body, headers=headers, timeout=5).status_code == 401


def test_token_revoke_without_a_database_fails_cleanly(tmp_path):
    result = run_cli(tmp_path / "empty", "token", "revoke", "x")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "empty" / "notices.db").exists()


def test_serve_timezone_flag_is_checked():
    from server_stub.__main__ import build_parser

    args = build_parser().parse_args(["serve", "--timezone", "Europe/Berlin"])
    assert args.timezone == "Europe/Berlin"
    assert build_parser().parse_args(["serve"]).timezone == "Asia/Seoul"
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["serve", "--timezone", "Mars/Olympus"])
    assert exc.value.code == 2


def test_a_real_server_uses_its_timezone_and_bar_label(server_factory):
    """`serve --timezone` reaches the forms (and the feeds); `--bar-label` the preview."""
    import re

    import requests

    server = server_factory(extra_args=("--timezone", "Europe/Berlin", "--bar-label", "완산구"))
    assert server.cli("user", "add", "boss", "--role", "admin", "--password-stdin",
                      stdin="long-password-1\n").returncode == 0
    with requests.Session() as http:
        login = http.get(server.url("/admin/login"), timeout=10).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
        signed_in = http.post(server.url("/admin/login"), timeout=10, data={
            "username": "boss", "password": "long-password-1", "csrf_token": token})
        assert signed_in.status_code == 200 and "/admin/notices" in signed_in.url
        page = http.get(server.url("/admin/notices/new"), timeout=10).text
    assert "Europe/Berlin 시간 기준" in page
    assert '</span>완산구</div>' in page
