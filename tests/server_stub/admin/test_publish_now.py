""""Publish now" means now; a later start says when it will appear; the server's time zone."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from server_stub.app import create_app
from server_stub.config import ServerConfig

from .conftest import Browser, FakeClock, notice_form


def start_value(html: str) -> str:
    marker = 'id="starts_at" name="starts_at" value="'
    at = html.index(marker) + len(marker)
    return html[at:html.index('"', at)]


def test_new_notice_starts_now_not_at_the_next_quarter_hour(admin, clock):
    clock.advance(minutes=7, seconds=42)  # 09:07:42 in Seoul
    page = admin.get("/admin/notices/new").text
    assert start_value(page) == "2026-11-23T09:07"
    assert "기본값은 지금입니다" in page


def test_an_urgent_notice_saved_with_the_defaults_is_in_the_feed_at_once(app, admin, clock):
    clock.advance(minutes=7, seconds=42)
    page = admin.get("/admin/notices/new").text
    form = notice_form(title="긴급 단수 안내", priority="urgent", audience=[],
                       starts_at=start_value(page))
    response = admin.post("/admin/notices/new", form)
    assert response.status_code == 303 and response.headers["location"].endswith("msg=created")
    feed = admin.client.get("/feed.json").json()
    assert "긴급 단수 안내" in [item["title"] for item in feed["items"]]


def test_a_later_start_says_when_it_will_appear(app, admin):
    response = admin.post("/admin/notices/new", notice_form(
        title="다음 주 행사", starts_at="2026-12-07T09:00", ends_at="2026-12-08T18:00"))
    assert response.status_code == 303
    assert "msg=scheduled" in response.headers["location"]
    page = admin.get(response.headers["location"]).text
    flash = page[page.index('class="flash'):][:300]
    assert "12월 7일 09:00에 게시됩니다" in flash
    row = page[page.index("다음 주 행사"):][:1500]
    assert '<div class="scheduled">12월 7일 09:00에 게시됩니다</div>' in row

    english = admin.get(response.headers["location"] + "&lang=en").text
    assert "Appears on Dec 7 at 09:00." in english


def test_a_tampered_scheduled_link_shows_a_plain_confirmation(admin):
    page = admin.get("/admin/notices?msg=scheduled&at=not-a-date").text
    assert "알림을 저장했습니다." in page


def test_forms_use_the_servers_time_zone(tmp_path):
    clock = FakeClock(datetime(2026, 11, 23, 0, 0, tzinfo=UTC))
    app = create_app(ServerConfig(data_dir=tmp_path / "d", clock=clock,
                                  timezone="Europe/Berlin"))
    app.state.deps.users.add("boss", "admin", "long-password-1")
    with TestClient(app) as client:
        browser = Browser(client)
        assert browser.login("boss", "long-password-1").status_code == 303
        page = browser.get("/admin/notices/new").text
        assert start_value(page) == "2026-11-23T01:00"  # 00:00 UTC in Berlin
        assert "Europe/Berlin 시간 기준" in page and "서울 시간" not in page
        response = browser.post("/admin/notices/new", notice_form(
            title="베를린 시간", starts_at="2026-11-23T10:00", ends_at="2026-11-24T10:00",
            audience=[]))
        assert response.status_code == 303
        [notice] = app.state.deps.service.list()[0]
        assert notice.starts_at == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
        listing = browser.get("/admin/notices").text
        assert "2026-11-23 10:00" in listing
        edit = browser.get(f"/admin/notices/{notice.id}/edit").text
        assert start_value(edit) == "2026-11-23T10:00"
