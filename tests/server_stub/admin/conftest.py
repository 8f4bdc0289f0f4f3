"""Admin page test set-up: a real app (create_app) on a fresh data dir with an injected clock."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from server_stub.app import create_app
from server_stub.config import ServerConfig
from tests.server_stub.audit import audit_entries as recent_audit

ADMIN_PASSWORD = "admin-pass-1234"
PUBLISHER_PASSWORD = "publisher-pass-1234"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


class FakeClock:
    """A clock tests move by hand (UTC, like the server's stored stamps)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 23, 0, 0, tzinfo=UTC))  # 09:00 in Seoul


@pytest.fixture
def app(tmp_path, clock, database_url):
    application = create_app(ServerConfig(data_dir=tmp_path / "data", clock=clock,
                                          database_url=database_url))
    users = application.state.deps.users
    users.add("admin1", "admin", ADMIN_PASSWORD)
    users.add("pub1", "publisher", PUBLISHER_PASSWORD)
    return application


def csrf_of(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class Browser:
    """A TestClient with helpers for signing in and posting forms with the page's token."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.csrf = ""

    def login(self, name: str, password: str, **headers):
        page = self.client.get("/admin/login")
        response = self.client.post(
            "/admin/login",
            data={"username": name, "password": password, "csrf_token": csrf_of(page.text)},
            headers=headers, follow_redirects=False,
        )
        if response.status_code == 303:
            self.csrf = csrf_of(self.client.get("/admin/notices").text)
        return response

    def get(self, path: str, **kwargs):
        return self.client.get(path, follow_redirects=False, **kwargs)

    def post(self, path: str, data: dict | None = None, *, csrf: str | None = "page", **kwargs):
        data = dict(data or {})
        if csrf == "page":
            data["csrf_token"] = self.csrf
        elif csrf is not None:
            data["csrf_token"] = csrf
        return self.client.post(path, data=data, follow_redirects=False, **kwargs)


@pytest.fixture
def anon(app):
    with TestClient(app) as client:
        yield Browser(client)


def _signed_in(app, name: str, password: str):
    with TestClient(app) as client:
        browser = Browser(client)
        assert browser.login(name, password).status_code == 303
        yield browser


@pytest.fixture
def admin(app):
    yield from _signed_in(app, "admin1", ADMIN_PASSWORD)


@pytest.fixture
def publisher(app):
    yield from _signed_in(app, "pub1", PUBLISHER_PASSWORD)


def notice_form(**overrides) -> dict:
    """A valid notice form as the browser posts it (datetime-local values, Asia/Seoul)."""
    data = {
        "title": "덕진구 김장 나눔 행사",
        "body": "11월 28일 덕진공원 광장에서 김장 나눔 행사가 열립니다.",
        "category": "event",
        "priority": "normal",
        "link": "https://www.jeonju.go.kr/",
        "starts_at": "2026-11-23T09:00",
        "ends_at": "2026-11-30T18:00",
        "recurrence": "none",
        "audience": ["총무과"],
        "visibility": "internal",
        "status": "published",
        "action": "save",
    }
    data.update(overrides)
    return data


def audit_entries(app, target: str | None = None):
    return recent_audit(app.state.deps.engine, target)
