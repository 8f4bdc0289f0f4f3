"""Origin/Referer beside the CSRF token; a password change ends the other sessions; a notice
deleted while its form is open; the account page's rules are the CLI's; hostile input (markup,
control characters, huge or non-UTF-8 values, out-of-range ids) is refused in Korean or shown
escaped, never a 500."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from server_stub.admin.auth import SESSION_COOKIE

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


# -- hostile input ------------------------------------------------------------------------------
def titles_in(html: str) -> list[str]:
    return re.findall(r'<td class="title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.mark.parametrize("title", [
    "<script>alert(1)</script>", "'\"><img src=x onerror=alert(1)>", "{{ 7*7 }} {% raw %}",
])
def test_html_in_a_title_is_escaped_everywhere(app, admin, title):
    assert admin.post("/admin/notices/new", notice_form(title=title)).status_code == 303
    [notice] = app.state.deps.service.list()[0]
    pages = [admin.get("/admin/notices").text, admin.get(f"/admin/notices/{notice.id}/edit").text,
             admin.post("/admin/notices/new", notice_form(title=title, action="preview")).text,
             admin.get("/admin/audit").text]
    for html in pages:
        assert "<img src=x" not in html and "<script>alert" not in html
        if "<" in title:
            assert title not in html
    # Template syntax in a title is shown as typed, never evaluated.
    assert "49" not in titles_in(pages[0])[0]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("title", "가" * 100_000, "제목은 200자 이하여야 합니다."),
    ("title", "널\x00문자", "제어 문자"),
    ("body", "방향\u202e바꿈", "제어 문자"),
    ("link", "https://" + "a" * 5000 + ".kr", "링크"),
])
def test_hostile_notice_fields_get_a_korean_message(app, admin, field, value, message):
    response = admin.post("/admin/notices/new", notice_form(**{field: value}))
    assert response.status_code == 422
    slot = {"title": "title", "body": "body", "link": "link"}[field]
    error = re.search(rf'id="err-{slot}">([^<]+)<', response.text).group(1)
    assert message in error
    assert app.state.deps.service.list()[1] == 0


@pytest.mark.parametrize(("name", "order", "message"), [
    ("총무\x00과", "", "제어 문자"),
    ("\u202e과무총", "", "제어 문자"),
    ("__everyone__", "", "밑줄 두 개"),
    ("<b>굵은과</b>", "²", "순서는 0~9999"),
    ("가" * 10_000, "", "부서명을 1~60자로"),
])
def test_weird_department_names_are_refused_in_korean(app, admin, name, order, message):
    response = admin.post("/admin/departments", {"name": name, "sort_order": order})
    assert response.status_code == 422
    assert message in response.text
    assert "<b>굵은과</b>" not in response.text


def test_odd_but_printable_department_names_work_and_stay_escaped(app, admin):
    name = '<i>"기획"</i> & 예산과 50%'
    assert admin.post("/admin/departments", {"name": name}).status_code == 303
    form = admin.get("/admin/notices/new").text
    assert name not in form and "&lt;i&gt;&#34;기획&#34;&lt;/i&gt; &amp; 예산과 50%" in form
    assert admin.post("/admin/notices/new", notice_form(audience=[name])).status_code == 303
    listing_html = admin.get("/admin/notices?audience=" + quote(name)).text
    assert len(titles_in(listing_html)) == 1


def test_token_names_with_control_characters_are_refused(app, admin):
    response = admin.post("/admin/tokens", {"name": "연동\x00", "role": "publisher"})
    assert response.status_code == 422
    assert "제어 문자" in response.text
    assert app.state.deps.accounts.tokens() == []


@pytest.mark.parametrize("path", [
    "/admin/users/99999999999999999999999/disable", "/admin/users/1e3/password",
    "/admin/tokens/99999999999999999999/revoke", "/admin/departments/99999999999999999999",
])
def test_out_of_range_ids_are_not_found_not_a_crash(admin, path):
    response = admin.post(path, {"password": "x" * 12, "password_confirm": "x" * 12})
    assert response.status_code == 404
    assert "찾을 수 없습니다." in response.text


@pytest.mark.parametrize("path", ["/admin/notices/new", "/admin/departments", "/admin/users",
                                  "/admin/tokens", "/admin/account", "/admin/login"])
def test_non_utf8_bodies_never_crash(app, admin, path):
    body = (b"csrf_token=" + admin.csrf.encode() + b"&title=%FF%FE&name=%C0%AF&body=\xff\xfe"
            b"&password=%FF&starts_at=\xff&action=save")
    response = admin.client.post(path, content=body, follow_redirects=False,
                                 headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code < 500
    multipart = admin.client.post(
        path, follow_redirects=False,
        content=b'--xx\r\nContent-Disposition: form-data; name="title"\r\n\r\n\xff\xfe\r\n--xx--\r\n',
        headers={"content-type": "multipart/form-data; boundary=xx"})
    assert multipart.status_code < 500


def test_long_and_nul_sign_in_input_is_just_a_failed_sign_in(anon):
    assert anon.login("admin1\x00", ADMIN_PASSWORD).status_code == 401
    assert anon.login("a" * 100_000, "b" * 100_000).status_code == 401
    assert SESSION_COOKIE not in anon.client.cookies


def test_hostile_list_queries_are_safe(admin):
    for query in ("q=" + quote("<script>x</script>"), "q=%00", "audience=" + quote("'; DROP"),
                  "page=-5", "status=<x>", "q=" + "가" * 5000):
        response = admin.get("/admin/notices?" + query)
        assert response.status_code == 200
        assert "<script>x</script>" not in response.text
