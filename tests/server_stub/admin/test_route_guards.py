"""Every POST route of the admin router and its guards: CSRF token, session expiry, roles."""

from __future__ import annotations

import pytest

from server_stub.admin.routes import build_router

from .conftest import audit_entries, notice_form


def post_routes(app) -> list[str]:
    """Every POST route of the admin router (read from the router the app includes)."""
    router = build_router(app.state.deps)
    paths = [r.path for r in router.routes if "POST" in getattr(r, "methods", ())]
    assert paths
    return sorted(paths)


def concrete(path: str, notice_id: str) -> str:
    return (path.replace("{notice_id}", notice_id).replace("{user_id}", "2")
            .replace("{token_id}", "1").replace("{raw_id}", "1"))


def state(app) -> tuple:
    deps = app.state.deps
    notices = [n.as_dict() for n in deps.service.list()[0]]
    users = [(u.name, u.role, u.disabled) for u in deps.users.list()]
    tokens = [(t.id, t.active) for t in deps.tokens.list()]
    return notices, users, tokens, len(audit_entries(app))


@pytest.fixture
def seeded(app, admin):
    admin.post("/admin/departments", {"name": "총무과"})
    admin.post("/admin/notices/new", notice_form(status="draft"))
    app.state.deps.accounts.create_token("test", "existing")
    return app.state.deps.service.list()[0][0].id


def test_the_route_table_has_every_form(app):
    assert post_routes(app) == sorted([
        "/admin/login", "/admin/logout", "/admin/account", "/admin/notices/new",
        "/admin/notices/{notice_id}/edit", "/admin/notices/{notice_id}/publish",
        "/admin/notices/{notice_id}/archive", "/admin/users", "/admin/users/{user_id}/disable",
        "/admin/users/{user_id}/enable", "/admin/users/{user_id}/password", "/admin/tokens",
        "/admin/tokens/{token_id}/revoke", "/admin/departments", "/admin/departments/{raw_id}",
    ])


def test_every_form_refuses_a_missing_or_wrong_csrf_token(app, admin, seeded):
    before = state(app)
    for path in post_routes(app):
        if path == "/admin/login":
            continue  # double-submit cookie: tested in test_auth_pages
        url = concrete(path, seeded)
        data = notice_form(name="x-user", role="admin", password="p" * 12,
                           password_confirm="p" * 12, current_password="admin-pass-1234")
        for token in (None, "wrong-token"):
            response = admin.post(url, data, csrf=token)
            assert response.status_code == 403, (url, token)
            assert "보안 토큰이 없거나 올바르지 않습니다" in response.text
    assert state(app) == before
    assert admin.get("/admin/notices").status_code == 200  # still signed in


def test_every_form_after_session_expiry_changes_nothing(app, admin, seeded, clock):
    before = state(app)
    clock.advance(hours=1, minutes=1)
    for path in post_routes(app):
        if path == "/admin/login":
            continue
        url = concrete(path, seeded)
        response = admin.post(url, notice_form(name="late", role="admin", password="p" * 12,
                                               password_confirm="p" * 12))
        if path in ("/admin/notices/new", "/admin/notices/{notice_id}/edit"):
            assert response.status_code == 401, url  # the form comes back, typed values kept
            assert 'name="reauth_password"' in response.text
        else:
            assert response.status_code == 303, url
            assert response.headers["location"].startswith("/admin/login")
    assert state(app) == before


def test_publisher_can_do_every_notice_action_but_nothing_admin(app, publisher, seeded):
    nid = seeded
    assert publisher.post(f"/admin/notices/{nid}/publish").status_code == 303
    assert publisher.post(f"/admin/notices/{nid}/edit",
                          notice_form(title="게시자 수정")).status_code == 303
    assert publisher.get(f"/admin/notices/{nid}/duplicate").status_code == 200
    assert publisher.post(f"/admin/notices/{nid}/archive").status_code == 303
    assert app.state.deps.service.get(nid).status == "archived"
    assert [e.action for e in audit_entries(app, nid)][:3] == ["archive", "update", "publish"]
    assert all(e.actor == "pub1" for e in audit_entries(app, nid)[:3])
    for path in post_routes(app):
        if path.startswith(("/admin/users", "/admin/tokens", "/admin/departments")):
            assert publisher.post(concrete(path, nid), {"name": "x"}).status_code == 403, path
