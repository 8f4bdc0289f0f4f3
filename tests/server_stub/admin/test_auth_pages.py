"""Sign-in, sign-out, session cookies and expiry, the sign-in throttle, and CSRF on sign-in."""

from __future__ import annotations

from fastapi.testclient import TestClient

from server_stub.admin.auth import LOGIN_CSRF_COOKIE, SESSION_COOKIE

from .conftest import ADMIN_PASSWORD, Browser, audit_entries, csrf_of


def test_pages_redirect_to_sign_in_when_signed_out(anon):
    response = anon.get("/admin/notices")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/login?next=%2Fadmin%2Fnotices"


def test_sign_in_sets_a_safe_session_cookie_and_lands_on_the_list(anon):
    response = anon.login("admin1", ADMIN_PASSWORD)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/notices"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/admin" in cookie
    assert "Secure" not in cookie  # plain http on loopback
    page = anon.get("/admin/notices")
    assert page.status_code == 200
    assert "admin1" in page.text


def test_session_cookie_is_secure_behind_an_https_proxy(anon):
    response = anon.login("admin1", ADMIN_PASSWORD, **{"X-Forwarded-Proto": "https"})
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))
    assert "Secure" in cookie


def test_session_id_is_not_stored_in_plain_text(app, anon):
    anon.login("admin1", ADMIN_PASSWORD)
    raw = anon.client.cookies.get(SESSION_COOKIE)
    with app.state.deps.engine.connect() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM web_sessions")]
    assert ids and raw not in ids


def test_wrong_password_is_refused_with_a_korean_message_and_the_name_kept(anon):
    response = anon.login("admin1", "not-the-password")
    assert response.status_code == 401
    assert "아이디 또는 비밀번호가 올바르지 않습니다." in response.text
    assert 'value="admin1"' in response.text
    assert SESSION_COOKIE not in anon.client.cookies


def test_unknown_and_disabled_users_cannot_sign_in(app, anon):
    assert anon.login("nobody", ADMIN_PASSWORD).status_code == 401
    app.state.deps.users.set_disabled("admin1", True)
    assert anon.login("admin1", ADMIN_PASSWORD).status_code == 401


def test_sign_in_without_the_csrf_token_is_refused(anon):
    anon.client.get("/admin/login")
    response = anon.client.post("/admin/login",
                                data={"username": "admin1", "password": ADMIN_PASSWORD})
    assert response.status_code == 403
    assert "보안 토큰" in response.text
    assert SESSION_COOKIE not in anon.client.cookies


def test_sign_in_with_a_token_not_matching_the_cookie_is_refused(anon):
    anon.client.get("/admin/login")
    response = anon.client.post("/admin/login", data={
        "username": "admin1", "password": ADMIN_PASSWORD, "csrf_token": "forged"})
    assert response.status_code == 403
    assert LOGIN_CSRF_COOKIE in anon.client.cookies


def test_five_failures_for_a_user_throttle_even_the_right_password(anon, clock):
    for _ in range(5):
        assert anon.login("admin1", "wrong-password").status_code == 401
    response = anon.login("admin1", ADMIN_PASSWORD)
    assert response.status_code == 429
    assert "로그인 실패가 너무 많습니다. 15분 후에 다시 시도하세요." in response.text
    assert response.headers["Retry-After"] == "900"
    clock.advance(minutes=10)
    assert "5분 후에" in anon.login("admin1", ADMIN_PASSWORD).text
    clock.advance(minutes=5, seconds=1)
    assert anon.login("admin1", ADMIN_PASSWORD).status_code == 303


def test_throttle_counts_per_user_across_addresses(app):
    with TestClient(app, client=("10.0.0.1", 5000)) as one, \
            TestClient(app, client=("10.0.0.2", 5000)) as two:
        for client in (one, two, one, two, one):
            assert Browser(client).login("admin1", "bad-password").status_code == 401
        with TestClient(app, client=("10.0.0.3", 5000)) as three:
            assert Browser(three).login("admin1", ADMIN_PASSWORD).status_code == 429
            # Another user from a fresh address is not affected.
            assert Browser(three).login("pub1", "publisher-pass-1234").status_code == 303


def test_throttle_counts_per_address_across_user_names(app):
    with TestClient(app, client=("10.0.0.9", 5000)) as client:
        browser = Browser(client)
        for name in ("a1", "a2", "a3", "a4", "a5"):
            assert browser.login(name, "guess").status_code == 401
        response = browser.login("admin1", ADMIN_PASSWORD)
        assert response.status_code == 429
        assert "로그인 실패가 너무 많습니다" in response.text
    with TestClient(app, client=("10.0.0.10", 5000)) as other:
        assert Browser(other).login("admin1", ADMIN_PASSWORD).status_code == 303


def test_a_successful_sign_in_clears_the_users_failures(app):
    with TestClient(app, client=("10.0.1.1", 5000)) as first:
        for _ in range(4):
            assert Browser(first).login("pub1", "wrong").status_code == 401
        assert Browser(first).login("pub1", "publisher-pass-1234").status_code == 303
    with TestClient(app, client=("10.0.1.2", 5000)) as second:
        for _ in range(4):  # the user's count restarted at 0, so 4 more are not yet a block
            assert Browser(second).login("pub1", "wrong").status_code == 401
        assert Browser(second).login("pub1", "wrong").status_code == 401
        assert Browser(second).login("pub1", "publisher-pass-1234").status_code == 429


def test_session_expires_after_an_hour_idle(admin, clock):
    clock.advance(minutes=59)
    assert admin.get("/admin/notices").status_code == 200  # activity slides the expiry
    clock.advance(minutes=59)
    assert admin.get("/admin/notices").status_code == 200
    clock.advance(minutes=61)
    response = admin.get("/admin/notices")
    assert response.status_code == 303
    assert "msg=expired" in response.headers["location"]
    page = admin.client.get(response.headers["location"])
    assert "세션이 만료되었습니다. 다시 로그인하세요." in page.text


def test_session_ends_after_eight_hours_even_when_active(admin, clock):
    for _ in range(16):
        clock.advance(minutes=30)
        if admin.get("/admin/notices").status_code != 200:
            break
    assert clock.now.hour == 8  # 00:00 UTC + 8 h
    assert admin.get("/admin/notices").status_code == 303


def test_an_expired_session_cannot_post(admin, clock):
    clock.advance(hours=2)
    response = admin.post("/admin/departments", {"name": "총무과"})
    assert response.status_code == 303
    assert "/admin/login" in response.headers["location"]
    assert admin.client.get("/admin/login").status_code == 200


def test_sign_out_ends_the_session(admin):
    response = admin.post("/admin/logout")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/login?msg=signed_out"
    assert admin.get("/admin/notices").status_code == 303


def test_sign_out_needs_the_csrf_token(admin):
    assert admin.post("/admin/logout", csrf=None).status_code == 403
    assert admin.get("/admin/notices").status_code == 200


def test_next_parameter_cannot_redirect_off_site(anon):
    page = anon.client.get("/admin/login?next=//evil.example/")
    response = anon.client.post("/admin/login", data={
        "username": "admin1", "password": ADMIN_PASSWORD, "csrf_token": csrf_of(page.text),
        "next": "//evil.example/"}, follow_redirects=False)
    assert response.headers["location"] == "/admin/notices"


def test_next_parameter_returns_to_the_requested_page(anon):
    page = anon.client.get("/admin/login?next=/admin/users")
    response = anon.client.post("/admin/login", data={
        "username": "admin1", "password": ADMIN_PASSWORD, "csrf_token": csrf_of(page.text),
        "next": "/admin/users"}, follow_redirects=False)
    assert response.headers["location"] == "/admin/users"


def test_language_toggle_switches_to_english_and_is_remembered(admin):
    page = admin.get("/admin/notices?lang=en")
    assert "Notices" in page.text and 'lang="en"' in page.text
    assert admin.client.cookies.get("nt_admin_lang") == "en"
    assert "Sign out" in admin.get("/admin/notices").text
    assert "로그아웃" in admin.get("/admin/notices?lang=ko").text


def test_pages_send_security_headers(admin):
    headers = admin.get("/admin/notices").headers
    assert headers["cache-control"] == "no-store"
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_a_publisher_changes_their_own_password(app, anon):
    assert anon.login("pub1", "publisher-pass-1234").status_code == 303
    wrong = anon.post("/admin/account", {"current_password": "nope", "password": "n" * 12,
                                         "password_confirm": "n" * 12})
    assert wrong.status_code == 422
    assert "현재 비밀번호가 올바르지 않습니다." in wrong.text
    short = anon.post("/admin/account", {"current_password": "publisher-pass-1234",
                                         "password": "short", "password_confirm": "short"})
    assert "비밀번호는 10자 이상이어야 합니다." in short.text
    assert anon.post("/admin/account", {"current_password": "publisher-pass-1234",
                                        "password": "n" * 12, "password_confirm": "n" * 12},
                     csrf=None).status_code == 403
    ok = anon.post("/admin/account", {"current_password": "publisher-pass-1234",
                                      "password": "new-publisher-pw", "password_confirm": "new-publisher-pw"})
    assert ok.headers["location"] == "/admin/account?msg=password_reset"
    assert app.state.deps.users.verify("pub1", "new-publisher-pw") is not None
    assert audit_entries(app, "user:pub1")[0].action == "user.password"


def test_throttle_ignores_a_spoofed_x_forwarded_for(app):
    with TestClient(app, client=("10.0.9.9", 5000)) as client:
        browser = Browser(client)
        for n in range(5):
            response = browser.login(f"guess{n}", "pw",
                                     **{"X-Forwarded-For": f"192.0.2.{n}"})
            assert response.status_code == 401
        blocked = browser.login("admin1", ADMIN_PASSWORD, **{"X-Forwarded-For": "192.0.2.77"})
        assert blocked.status_code == 429
