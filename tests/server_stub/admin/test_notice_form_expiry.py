"""A session that expires while a notice form is open: the typed form comes back with a
sign-in inside it (CSRF-checked and throttled like the sign-in page), and nothing is lost."""

from __future__ import annotations

from .conftest import ADMIN_PASSWORD, csrf_of, notice_form


def test_expired_session_post_keeps_the_typed_form_and_offers_sign_in(app, admin, clock):
    clock.advance(hours=2)
    typed = notice_form(title="만료 직전에 쓴 제목", body="길게 쓴 본문\n둘째 줄",
                        recurrence="weekly", **{"recurrence.weekdays": ["tue", "thu"],
                                                "recurrence.start": "08:30",
                                                "recurrence.end": "09:30"})
    response = admin.post("/admin/notices/new", typed)
    assert response.status_code == 401
    assert "세션이 만료되어 아직 저장하지 않았습니다" in response.text
    assert 'name="reauth_password"' in response.text
    assert 'value="만료 직전에 쓴 제목"' in response.text
    assert "길게 쓴 본문\n둘째 줄" in response.text
    assert 'name="recurrence" value="weekly" checked' in response.text
    assert 'value="tue" checked' in response.text and 'value="thu" checked' in response.text
    assert 'name="audience" value="총무과" checked' in response.text
    assert 'value="08:30"' in response.text
    assert app.state.deps.service.list()[1] == 0
    # Signing in inside the form saves it in the same request.
    again = dict(typed, reauth_username="admin1", reauth_password=ADMIN_PASSWORD)
    saved = admin.post("/admin/notices/new", again, csrf=csrf_of(response.text))
    assert saved.status_code == 303
    assert saved.headers["location"] == "/admin/notices?msg=created"
    [notice] = app.state.deps.service.list()[0]
    assert notice.title == "만료 직전에 쓴 제목"
    assert notice.recurrence.weekdays == ("tue", "thu")
    assert notice.author == "admin1"
    assert admin.get("/admin/notices").status_code == 200  # the new session cookie works


def test_expired_edit_with_a_wrong_password_still_keeps_everything(app, admin, clock):
    admin.post("/admin/notices/new", notice_form())
    [notice] = app.state.deps.service.list()[0]
    clock.advance(hours=9)
    typed = notice_form(title="고친 제목")
    first = admin.post(f"/admin/notices/{notice.id}/edit", typed)
    assert first.status_code == 401
    assert f'action="/admin/notices/{notice.id}/edit"' in first.text
    wrong = admin.post(f"/admin/notices/{notice.id}/edit",
                       dict(typed, reauth_username="admin1", reauth_password="wrong-one"),
                       csrf=csrf_of(first.text))
    assert wrong.status_code == 401
    assert "아이디 또는 비밀번호가 올바르지 않습니다." in wrong.text
    assert 'value="고친 제목"' in wrong.text and 'value="admin1"' in wrong.text
    assert app.state.deps.service.get(notice.id).title == "덕진구 김장 나눔 행사"
    ok = admin.post(f"/admin/notices/{notice.id}/edit",
                    dict(typed, reauth_username="admin1", reauth_password=ADMIN_PASSWORD),
                    csrf=csrf_of(wrong.text))
    assert ok.status_code == 303
    assert app.state.deps.service.get(notice.id).title == "고친 제목"


def test_expired_form_shows_no_stored_data_to_a_stranger(app, anon, admin):
    admin.post("/admin/departments", {"name": "비밀부서"})
    response = anon.post("/admin/notices/new", notice_form(audience=[]), csrf=None)
    assert response.status_code == 401
    assert "비밀부서" not in response.text
    assert app.state.deps.service.list()[1] == 0


def test_re_sign_in_needs_the_login_csrf_cookie_token(app, admin, clock):
    clock.advance(hours=2)
    first = admin.post("/admin/notices/new", notice_form())
    forged = admin.post("/admin/notices/new", notice_form(
        reauth_username="admin1", reauth_password=ADMIN_PASSWORD), csrf="forged-token")
    assert forged.status_code == 403
    assert "보안 토큰" in forged.text and 'value="덕진구 김장 나눔 행사"' in forged.text
    assert app.state.deps.service.list()[1] == 0
    assert csrf_of(first.text) != "forged-token"


def test_re_sign_in_is_throttled_like_the_sign_in_page(app, admin, clock):
    clock.advance(hours=2)
    page = admin.post("/admin/notices/new", notice_form())
    token = csrf_of(page.text)
    for _ in range(5):
        admin.post("/admin/notices/new", notice_form(reauth_username="admin1",
                                                     reauth_password="bad"), csrf=token)
    blocked = admin.post("/admin/notices/new", notice_form(
        reauth_username="admin1", reauth_password=ADMIN_PASSWORD), csrf=token)
    assert blocked.status_code == 429
    assert "로그인 실패가 너무 많습니다" in blocked.text
    assert 'value="덕진구 김장 나눔 행사"' in blocked.text
    assert blocked.headers["Retry-After"] == "900"
    assert app.state.deps.service.list()[1] == 0
