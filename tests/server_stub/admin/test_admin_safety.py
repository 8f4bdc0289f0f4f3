"""Origin/Referer beside the CSRF token; a password change ends the other sessions; a notice
deleted while its form is open; the account page's rules are the CLI's."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from .conftest import ADMIN_PASSWORD, Browser, audit_entries, notice_form

ORIGIN_REFUSED = "다른 사이트에서 보낸 요청이라 거부했습니다"


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Origin": "http://testserver.evil.example"},
    {"Referer": "https://evil.example/admin/notices/new"},
    {"Origin": "https://evil.example", "Referer": "http://testserver/admin/notices/new"},
])
def test_a_form_post_from_another_site_is_refused(app, admin, headers):
    response = admin.post("/admin/notices/new", notice_form(title="외부 요청"), headers=headers)
    assert response.status_code == 403
    assert ORIGIN_REFUSED in response.text
    assert app.state.deps.service.list()[1] == 0


@pytest.mark.parametrize("headers", [
    {},  # neither header: allowed (the CSRF token still guards)
    {"Origin": "http://testserver"},
    {"Origin": "HTTP://TestServer:80"},
    {"Referer": "http://testserver/admin/notices/new"},
])
def test_a_form_post_from_this_site_is_accepted(app, admin, headers):
    response = admin.post("/admin/notices/new", notice_form(title="내부 요청"), headers=headers)
    assert response.status_code == 303


def test_the_sign_in_form_checks_the_origin_too(anon):
    page = anon.client.get("/admin/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = anon.client.post("/admin/login", data={
        "username": "admin1", "password": ADMIN_PASSWORD, "csrf_token": token},
        headers={"Origin": "https://evil.example"}, follow_redirects=False)
    assert response.status_code == 403 and ORIGIN_REFUSED in response.text
    assert "nt_admin_session" not in response.headers.get("set-cookie", "")


def test_the_public_url_is_an_accepted_origin(tmp_path, clock):
    from server_stub.app import create_app
    from server_stub.config import ServerConfig

    app = create_app(ServerConfig(data_dir=tmp_path / "d", clock=clock,
                                  public_url="https://notice.city.example"))
    app.state.deps.users.add("boss", "admin", "long-password-1")
    with TestClient(app) as client:
        browser = Browser(client)
        assert browser.login("boss", "long-password-1",
                             Origin="https://notice.city.example").status_code == 303
        ok = browser.post("/admin/notices/new", notice_form(audience=[]),
                          headers={"Origin": "https://notice.city.example"})
        assert ok.status_code == 303


def test_changing_your_own_password_ends_your_other_sessions(app, admin):
    with TestClient(app) as other_client:
        other = Browser(other_client)
        assert other.login("admin1", ADMIN_PASSWORD).status_code == 303
        assert other.get("/admin/notices").status_code == 200
        response = admin.post("/admin/account", {
            "current_password": ADMIN_PASSWORD, "password": "a-new-password-1",
            "password_confirm": "a-new-password-1"})
        assert response.status_code == 303
        assert admin.get("/admin/notices").status_code == 200  # this browser stays signed in
        gone = other.get("/admin/notices")
        assert gone.status_code == 303 and "/admin/login" in gone.headers["location"]
    assert audit_entries(app, "user:admin1")[0].action == "user.password"
    assert app.state.deps.users.verify("admin1", "a-new-password-1") is not None


def test_own_password_follows_the_shared_rules(admin):
    response = admin.post("/admin/account", {
        "current_password": ADMIN_PASSWORD, "password": "123456789",
        "password_confirm": "123456789"})
    assert response.status_code == 422 and "10자 이상" in response.text


def test_a_notice_deleted_while_its_form_is_open_says_so_and_keeps_the_text(app, admin):
    assert admin.post("/admin/notices/new", notice_form(title="곧 지워질 공지")).status_code == 303
    [notice] = app.state.deps.service.list()[0]
    edit = admin.get(f"/admin/notices/{notice.id}/edit").text
    version = re.search(r'name="base_version" value="([^"]+)"', edit).group(1)
    app.state.deps.service.delete(notice.id, actor="token:other")  # e.g. through the API

    typed = notice_form(title="고쳐 쓴 제목", body="한참 고쳐 쓴 본문", base_version=version)
    response = admin.post(f"/admin/notices/{notice.id}/edit", typed)
    assert response.status_code == 409
    assert "이 공지는 이미 삭제되었습니다" in response.text
    assert 'value="고쳐 쓴 제목"' in response.text and "한참 고쳐 쓴 본문" in response.text
    assert 'action="/admin/notices/new"' in response.text  # saving again makes a new notice

    again = admin.post("/admin/notices/new", notice_form(title="고쳐 쓴 제목"))
    assert again.status_code == 303
    assert [n.title for n in app.state.deps.service.list()[0]] == ["고쳐 쓴 제목"]


def test_origin_rules_unit():
    from server_stub.admin.auth import origin_allowed, origin_of

    assert origin_of("HTTPS://Notice.Example:443/admin/x?y") == "https://notice.example"
    assert origin_of("http://[::1]:8080/") == "http://[::1]:8080"
    assert origin_of("null") is None and origin_of("javascript:alert(1)") is None
    exact = {"http://127.0.0.1:8080"}
    assert origin_allowed("http://127.0.0.1:8080", None, exact)
    assert not origin_allowed("http://127.0.0.1:9090", None, exact)
    assert origin_allowed(None, None, exact)
    # Behind a proxy that forwards `Host: $host`, the browser's port is unknown.
    proxied = {"https://notice.example"}
    assert origin_allowed("https://notice.example:8443", None, proxied, proxied)
    assert not origin_allowed("https://notice.example:8443", None, proxied)
    assert not origin_allowed("http://notice.example:8443", None, proxied, proxied)
    assert not origin_allowed("https://evil.example:8443", None, proxied, proxied)
