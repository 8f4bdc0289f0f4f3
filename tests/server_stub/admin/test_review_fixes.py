"""Expired-session saves, list and audit paging, the throttle's address, hostile input."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from server_stub.admin import listing
from server_stub.admin.auth import SESSION_COOKIE
from server_stub.repository.notice_pages import NoticePages, NoticeQuery

from .conftest import ADMIN_PASSWORD, Browser, audit_entries, csrf_of, notice_form


def titles_in(html: str) -> list[str]:
    return re.findall(r'<td class="title"><a href="[^"]+">([^<]+)</a>', html)


# -- 1. an expired session loses nothing -----------------------------------------------------
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


# -- 2. audit log paging and filters ---------------------------------------------------------
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


# -- 3. the throttle never trusts X-Forwarded-For ----------------------------------------------
def test_throttle_ignores_a_spoofed_x_forwarded_for(app):
    with TestClient(app, client=("10.0.9.9", 5000)) as client:
        browser = Browser(client)
        for n in range(5):
            response = browser.login(f"guess{n}", "pw",
                                     **{"X-Forwarded-For": f"192.0.2.{n}"})
            assert response.status_code == 401
        blocked = browser.login("admin1", ADMIN_PASSWORD, **{"X-Forwarded-For": "192.0.2.77"})
        assert blocked.status_code == 429


# -- 4. notice list paging -------------------------------------------------------------------
def test_list_pages_keep_the_filters(app, admin):
    service = app.state.deps.service
    for i in range(120):
        service.create({"title": f"행사 {i:03d}", "category": "event",
                        "starts_at": f"2026-11-{1 + i % 28:02d}T09:00:00+09:00",
                        "ends_at": "2026-12-31T09:00:00+09:00"}, actor="seed")
    service.create({"title": "다른 분류", "category": "project",
                    "starts_at": "2026-11-01T09:00:00+09:00",
                    "ends_at": "2026-12-31T09:00:00+09:00"}, actor="seed")
    first = admin.get("/admin/notices?category=event").text
    assert len(titles_in(first)) == listing.PAGE_SIZE
    assert "전체 120건 중 1–50" in first and "120건" in first
    assert 'href="/admin/notices?category=event&amp;page=2"' in first
    pages = [titles_in(admin.get(f"/admin/notices?category=event&page={p}").text)
             for p in (1, 2, 3)]
    assert [len(p) for p in pages] == [50, 50, 20]
    seen = [t for page in pages for t in page]
    assert sorted(seen) == sorted(f"행사 {i:03d}" for i in range(120))
    last = admin.get("/admin/notices?category=event&page=3").text
    assert 'href="/admin/notices?category=event&amp;page=2"' in last and 'rel="next"' not in last
    # Past the end or malformed: the nearest real page, never an error.
    assert titles_in(admin.get("/admin/notices?category=event&page=99").text) == pages[2]
    assert titles_in(admin.get("/admin/notices?category=event&page=x").text) == pages[0]


def test_sql_filter_agrees_with_the_python_reference(app):
    deps = app.state.deps
    now = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    samples = [
        ("Kimjang 50%_off", "event", ["총무과"], "2026-11-20", "2026-11-30", "published"),
        ("kimjang small", "issue", [], "2026-12-01", "2026-12-05", "draft"),
        ("새 사업 안내", "project", ["건설과", "총무과"], "2026-11-01", "2026-11-10", "published"),
        ('따옴표 "부서"', "notice", ['a"b\\c'], "2026-11-22", "2026-11-23", "archived"),
        ("현재 공지", "notice", ["건설과"], "2026-11-23", "2026-11-24", "published"),
    ]
    for title, category, audience, start, end, status in samples:
        deps.service.create({"title": title, "category": category, "audience": audience,
                             "starts_at": start + "T09:00:00+09:00",
                             "ends_at": end + "T09:00:00+09:00", "status": status},
                            actor="t")
    stored, _ = deps.service.list(limit=100)
    pages = NoticePages(deps.engine, deps.notices)
    for q in ("", "kimjang", "KIMJANG", "50%", "%", "_", "사업"):
        for audience in ("", "__everyone__", "총무과", "건설과", 'a"b\\c', "없는과"):
            for time in ("", "current", "upcoming", "ended"):
                for status in ("", "published"):
                    filters = listing.ListFilters(q=q, audience=audience, time=time,
                                                  status=status)
                    expected = {n.id for n in stored if listing.matches(n, filters, now)}
                    found, total = pages.page(NoticeQuery(q=q, audience=audience, time=time,
                                                          status=status), now, limit=100)
                    assert {n.id for n in found} == expected, (q, audience, time, status)
                    assert total == len(expected)


# -- 5. hostile input --------------------------------------------------------------------------
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
    assert app.state.deps.tokens.list() == []


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
    assert audit_entries is not None
