"""Admin-only pages: roles, users, API tokens, departments and the audit log."""

from __future__ import annotations

import re

import pytest

from .conftest import PUBLISHER_PASSWORD, Browser, audit_entries, notice_form

ADMIN_ONLY_GETS = ["/admin/users", "/admin/tokens", "/admin/audit", "/admin/departments"]
ADMIN_ONLY_POSTS = [
    ("/admin/users", {"name": "intruder", "role": "admin", "password": "x" * 12,
                      "password_confirm": "x" * 12}),
    ("/admin/users/1/disable", {}),
    ("/admin/users/1/password", {"password": "y" * 12, "password_confirm": "y" * 12}),
    ("/admin/tokens", {"name": "sneaky", "role": "admin"}),
    ("/admin/tokens/1/revoke", {}),
    ("/admin/departments", {"name": "가짜과"}),
    ("/admin/departments/1", {"name": "바뀐과", "action": "save"}),
]


def errors_in(html: str) -> list[str]:
    return re.findall(r'<div class="err"[^>]*>([^<]+)</div>', html)


def user_id(app, name: str) -> int:
    return app.state.deps.users.get_by_name(name).id


@pytest.mark.parametrize("path", ADMIN_ONLY_GETS)
def test_publisher_cannot_open_admin_pages(publisher, path):
    response = publisher.get(path)
    assert response.status_code == 403
    assert "이 작업을 할 권한이 없습니다." in response.text


@pytest.mark.parametrize(("path", "data"), ADMIN_ONLY_POSTS)
def test_publisher_cannot_change_admin_things(app, publisher, path, data):
    app.state.deps.accounts.create_token("test", "existing")
    before = (len(app.state.deps.users.list()), len(app.state.deps.tokens.list()),
              len(audit_entries(app)))
    response = publisher.post(path, data)
    assert response.status_code == 403
    after = (len(app.state.deps.users.list()), len(app.state.deps.tokens.list()),
             len(audit_entries(app)))
    assert after == before
    assert app.state.deps.users.get(1).disabled is False
    assert app.state.deps.tokens.list()[0].active


def test_publisher_menu_hides_admin_pages(publisher, admin):
    assert "/admin/users" not in publisher.get("/admin/notices").text
    assert "/admin/users" in admin.get("/admin/notices").text


@pytest.mark.parametrize(("path", "data"), ADMIN_ONLY_POSTS)
def test_admin_posts_without_csrf_are_refused(app, admin, path, data):
    response = admin.post(path, data, csrf=None)
    assert response.status_code == 403
    assert audit_entries(app) == []


# -- users ---------------------------------------------------------------------------------
def test_add_a_user_who_can_then_sign_in(app, admin):
    response = admin.post("/admin/users", {"name": "kim.pr", "role": "publisher",
                                           "password": "새비밀번호-2026", "password_confirm": "새비밀번호-2026"})
    assert response.headers["location"] == "/admin/users?msg=user_created"
    assert "사용자를 추가했습니다." in admin.get("/admin/users?msg=user_created").text
    [entry] = audit_entries(app, "user:kim.pr")
    assert (entry.actor, entry.action, entry.changes["role"]) == ("admin1", "user.add", [None, "publisher"])
    assert "새비밀번호" not in str(entry.changes)
    fresh = Browser(admin.client.__class__(app))
    with fresh.client:
        assert fresh.login("kim.pr", "새비밀번호-2026").status_code == 303


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "x", "role": "publisher"}, "아이디는"),
    ({"name": "bad name!", "role": "publisher"}, "아이디는"),
    ({"name": "pub1", "role": "publisher"}, "이미 있는 아이디입니다."),
    ({"name": "newbie", "role": "root"}, "권한을 선택하세요."),
    ({"name": "newbie", "role": "publisher", "password": "short", "password_confirm": "short"},
     "비밀번호는 10자 이상이어야 합니다."),
    ({"name": "newbie", "role": "publisher", "password": "long-enough-1", "password_confirm": "other-one-22"},
     "비밀번호 확인이 일치하지 않습니다."),
])
def test_invalid_new_user_is_refused_with_the_name_kept(app, admin, data, message):
    form = {"password": "long-enough-1", "password_confirm": "long-enough-1", **data}
    response = admin.post("/admin/users", form)
    assert response.status_code == 422
    assert any(message in e for e in errors_in(response.text)), errors_in(response.text)
    assert f'value="{data["name"]}"' in response.text
    assert len(app.state.deps.users.list()) == 2


def test_disable_a_user_ends_their_sessions(app, admin, publisher):
    uid = user_id(app, "pub1")
    assert admin.post(f"/admin/users/{uid}/disable").headers["location"] == "/admin/users?msg=user_disabled"
    assert app.state.deps.users.get(uid).disabled
    assert publisher.get("/admin/notices").status_code == 303  # signed out at once
    assert Browser(publisher.client).login("pub1", PUBLISHER_PASSWORD).status_code == 401
    assert admin.post(f"/admin/users/{uid}/enable").status_code == 303
    assert not app.state.deps.users.get(uid).disabled
    actions = [e.action for e in audit_entries(app, "user:pub1")]
    assert actions == ["user.enable", "user.disable"]


def test_an_admin_cannot_disable_themselves(app, admin):
    response = admin.post(f"/admin/users/{user_id(app, 'admin1')}/disable")
    assert response.status_code == 422
    assert "자기 자신은 사용 중지할 수 없습니다." in response.text
    assert not app.state.deps.users.get_by_name("admin1").disabled


def test_reset_a_password(app, admin):
    uid = user_id(app, "pub1")
    response = admin.post(f"/admin/users/{uid}/password",
                          {"password": "brand-new-pass", "password_confirm": "brand-new-pass"})
    assert response.headers["location"] == "/admin/users?msg=password_reset"
    assert app.state.deps.users.verify("pub1", "brand-new-pass") is not None
    assert app.state.deps.users.verify("pub1", PUBLISHER_PASSWORD) is None
    assert audit_entries(app, "user:pub1")[0].action == "user.password"


def test_reset_password_rules(app, admin):
    uid = user_id(app, "pub1")
    response = admin.post(f"/admin/users/{uid}/password", {"password": "short", "password_confirm": "short"})
    assert response.status_code == 422
    assert "비밀번호는 10자 이상이어야 합니다." in errors_in(response.text)
    assert app.state.deps.users.verify("pub1", PUBLISHER_PASSWORD) is not None
    assert admin.post("/admin/users/999/password",
                      {"password": "x" * 12, "password_confirm": "x" * 12}).status_code == 404


# -- API tokens ----------------------------------------------------------------------------
def test_create_a_token_shown_once_that_authenticates(app, admin):
    response = admin.post("/admin/tokens", {"name": "홈페이지 연동", "role": "publisher"})
    assert response.status_code == 201
    token = re.search(r'id="token-value">([^<]+)<', response.text).group(1)
    assert "한 번만 표시되니" in response.text
    record = app.state.deps.tokens.authenticate(token)  # what the API's Bearer check uses
    assert record is not None and (record.name, record.role) == ("홈페이지 연동", "publisher")
    assert token not in admin.get("/admin/tokens").text  # never shown again
    [entry] = audit_entries(app, f"token:{app.state.deps.tokens.list()[0].id}")
    assert entry.action == "token.create" and token not in str(entry.changes)


def test_revoke_a_token(app, admin):
    token, record = app.state.deps.accounts.create_token("test", "old system")
    response = admin.post(f"/admin/tokens/{record.id}/revoke")
    assert response.headers["location"] == "/admin/tokens?msg=token_revoked"
    assert app.state.deps.tokens.authenticate(token) is None
    assert "폐기됨" in admin.get("/admin/tokens").text
    assert admin.post(f"/admin/tokens/{record.id}/revoke").status_code == 404
    assert audit_entries(app, f"token:{record.id}")[0].action == "token.revoke"


def test_invalid_token_form(app, admin):
    response = admin.post("/admin/tokens", {"name": "", "role": "publisher"})
    assert response.status_code == 422
    assert "이름을 1~100자로 입력하세요." in errors_in(response.text)
    response = admin.post("/admin/tokens", {"name": "ok", "role": "superuser"})
    assert response.status_code == 422 and 'value="ok"' in response.text
    assert app.state.deps.tokens.list() == []


# -- departments ---------------------------------------------------------------------------
def test_department_add_rename_reorder_delete(app, admin):
    assert admin.post("/admin/departments", {"name": "총무과"}).status_code == 303
    assert admin.post("/admin/departments", {"name": "건설과", "sort_order": "5"}).status_code == 303
    repo_names = lambda: [d.name for d in admin_departments(app)]  # noqa: E731
    assert repo_names() == ["건설과", "총무과"]
    dept = admin_departments(app)[1]
    response = admin.post(f"/admin/departments/{dept.id}",
                          {"name": "행정지원과", "sort_order": "1", "action": "save"})
    assert response.headers["location"] == "/admin/departments?msg=dept_updated"
    assert repo_names() == ["행정지원과", "건설과"]
    response = admin.post(f"/admin/departments/{dept.id}", {"action": "delete"})
    assert response.headers["location"] == "/admin/departments?msg=dept_deleted"
    assert repo_names() == ["건설과"]
    actions = [e.action for e in audit_entries(app, f"department:{dept.id}")]
    assert actions == ["department.delete", "department.update", "department.add"]
    assert audit_entries(app, f"department:{dept.id}")[1].changes == {
        "name": ["총무과", "행정지원과"], "sort_order": [10, 1]}


@pytest.mark.parametrize(("data", "message"), [
    ({"name": ""}, "부서명을 1~60자로 입력하세요."),
    ({"name": "가" * 61}, "부서명을 1~60자로 입력하세요."),
    ({"name": "총무,과"}, "부서명을 1~60자로 입력하세요."),
    ({"name": "총무과", "sort_order": "-3"}, "순서는 0~9999 사이의 숫자입니다."),
    ({"name": "기존과"}, "이미 있는 부서명입니다."),
])
def test_invalid_department_is_refused_and_kept(app, admin, data, message):
    admin.post("/admin/departments", {"name": "기존과"})
    response = admin.post("/admin/departments", data)
    assert response.status_code == 422
    assert message in errors_in(response.text)
    assert f'value="{data["name"]}"' in response.text
    assert [d.name for d in admin_departments(app)] == ["기존과"]


def test_renaming_to_an_existing_name_is_refused(app, admin):
    admin.post("/admin/departments", {"name": "가과"})
    admin.post("/admin/departments", {"name": "나과"})
    first = admin_departments(app)[0]
    response = admin.post(f"/admin/departments/{first.id}", {"name": "나과", "action": "save"})
    assert response.status_code == 422
    assert "이미 있는 부서명입니다." in errors_in(response.text)
    assert [d.name for d in admin_departments(app)] == ["가과", "나과"]


def admin_departments(app):
    from server_stub.repository.departments import DepartmentRepository

    return DepartmentRepository(app.state.deps.engine).list()


# -- audit log -----------------------------------------------------------------------------
def test_audit_page_shows_who_what_when_and_changed_fields(app, admin, publisher):
    publisher.post("/admin/notices/new", notice_form(title="원래 제목"))
    notice = app.state.deps.service.list()[0][0]
    publisher.post(f"/admin/notices/{notice.id}/edit", notice_form(title="바뀐 제목"))
    publisher.post(f"/admin/notices/{notice.id}/archive")
    html = admin.get("/admin/audit").text
    rows = re.findall(r'<tr data-action="([\w.]+)">(.*?)</tr>', html, re.S)
    assert [r[0] for r in rows] == ["archive", "update", "publish"]
    update_row = rows[1][1]
    assert "pub1" in update_row and "2026-11-23 09:00:00" in update_row
    assert "<code>제목</code> 원래 제목 → 바뀐 제목" in update_row
    assert f'href="/admin/notices/{notice.id}/edit"' in update_row
    assert "감사 기록은 추가만 되며" in html


def test_audit_log_has_no_way_to_change_entries(admin):
    html = admin.get("/admin/audit").text
    assert "<form" not in html.split('id="audit-table"')[1]
    for method in ("post", "put", "delete"):
        assert getattr(admin.client, method)("/admin/audit").status_code == 405


def test_every_form_on_every_page_carries_the_session_csrf_token(app, admin):
    admin.post("/admin/departments", {"name": "총무과"})
    admin.post("/admin/notices/new", notice_form(status="draft"))
    notice = app.state.deps.service.list()[0][0]
    pages = ["/admin/notices", "/admin/notices/new", f"/admin/notices/{notice.id}/edit",
             f"/admin/notices/{notice.id}/duplicate", "/admin/account", *ADMIN_ONLY_GETS]
    for path in pages:
        html = admin.get(path).text
        forms = re.findall(r'<form[^>]*method="post".*?</form>', html, re.S)
        assert forms, path
        for form in forms:
            assert f'name="csrf_token" value="{admin.csrf}"' in form, (path, form[:120])


def test_audit_page_filters_by_target_from_the_notice_form(app, admin):
    admin.post("/admin/notices/new", notice_form(title="첫째"))
    admin.post("/admin/notices/new", notice_form(title="둘째"))
    first = next(n for n in app.state.deps.service.list()[0] if n.title == "첫째")
    edit = admin.get(f"/admin/notices/{first.id}/edit").text
    assert f'href="/admin/audit?target={first.id}"' in edit
    html = admin.get(f"/admin/audit?target={first.id}").text
    assert "첫째" in html and "둘째" not in html


# -- audit log paging and filters ---------------------------------------------------------
def test_audit_pages_go_back_in_time_and_keep_filters(app, admin):
    for i in range(130):
        admin.post("/admin/departments", {"name": f"부서{i:03d}"})
    admin.post("/admin/tokens", {"name": "연동", "role": "publisher"})
    first = admin.get("/admin/audit").text
    rows = re.findall(r'<tr data-action="([\w.]+)">', first)
    assert len(rows) == 100 and rows[0] == "token.create"
    older = re.search(r'id="audit-older" rel="next" href="([^"]+)"|'
                      r'rel="next" href="([^"]+)" id="audit-older"', first)
    href = next(g for g in older.groups() if g).replace("&amp;", "&")
    second = admin.get(href).text
    rest = re.findall(r'<tr data-action="([\w.]+)">', second)
    assert len(rest) == 31 and 'id="audit-older"' not in second
    assert "부서000" in second and "부서000" not in first
    assert 'id="audit-newest"' in second
    only = admin.get("/admin/audit?action=department.add&actor=admin1").text
    assert set(re.findall(r'<tr data-action="([\w.]+)">', only)) == {"department.add"}
    href = re.search(r'href="([^"]+)" id="audit-older"', only).group(1).replace("&amp;", "&")
    assert "action=department.add" in href and "actor=admin1" in href
    assert admin.get("/admin/audit?action=token.").text.count('data-action="token.create"') == 1
    assert "audit.empty" not in admin.get("/admin/audit?actor=nobody").text
    assert "기록이 없습니다." in admin.get("/admin/audit?actor=nobody").text
    # Malformed paging and unknown actions are ignored, never an error.
    for query in ("before=abc", "before=99999999999999999999999", "action=<b>", "before=-1"):
        assert admin.get(f"/admin/audit?{query}").status_code == 200


def test_passwords_are_stored_as_argon2id(app, admin):
    admin.post("/admin/users", {"name": "new.user", "role": "publisher",
                                "password": "a-good-password", "password_confirm": "a-good-password"})
    with app.state.deps.engine.connect() as conn:
        hashes = [r[0] for r in conn.exec_driver_sql("SELECT password_hash FROM users")]
    assert len(hashes) == 3 and all(h.startswith("$argon2id$") for h in hashes)
    assert not any("a-good-password" in h for h in hashes)
