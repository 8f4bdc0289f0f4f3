"""End-to-end: the admin page in real headless Chromium against a real server process."""

from __future__ import annotations

import pytest
import requests

pytestmark = pytest.mark.e2e

playwright_sync = pytest.importorskip("playwright.sync_api")

ADMIN = ("kim.admin", "e2e-admin-password")
TITLE = "덕진구 김장 나눔 행사 (E2E)"


@pytest.fixture
def admin_account():
    return ADMIN


def feed_titles(live_server, audience: str) -> list[str]:
    response = requests.get(live_server.url("/feed.json"), params={"audience": audience},
                            timeout=10)
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


def sign_in(page, live_server) -> None:
    page.goto(live_server.url("/admin/"))
    assert "/admin/login" in page.url
    page.fill("#username", ADMIN[0])
    page.fill("#password", ADMIN[1])
    page.click("button[type=submit] >> text=로그인")
    page.wait_for_url("**/admin/notices")


def add_department(page, live_server, name: str) -> None:
    page.goto(live_server.url("/admin/departments"))
    page.fill("#d-name", name)
    page.click("#department-add button[type=submit]")
    page.wait_for_url("**/admin/departments?msg=dept_created")


def test_publish_check_feed_reject_invalid_and_archive(page, live_server):
    sign_in(page, live_server)
    add_department(page, live_server, "총무과")
    add_department(page, live_server, "건설과")

    # Create an event notice for one department; the preview follows the typing.
    page.goto(live_server.url("/admin/notices/new"))
    page.fill("#title", TITLE)
    page.fill("#body", "11월 28일 덕진공원 광장에서 김장 나눔 행사가 열립니다.")
    page.select_option("#category", "event")
    assert page.text_content("#preview-title") == TITLE
    assert page.get_attribute("#preview-badge", "class") == "badge event"
    assert page.text_content("#preview-badge").strip() == "행사"
    # The preview scrolls right to left like the bar.
    assert page.evaluate("getComputedStyle(document.getElementById('preview-track'))"
                         ".animationName") == "ticker-scroll"
    x0 = page.locator("#preview-title").bounding_box()["x"]
    page.wait_for_timeout(600)
    assert page.locator("#preview-title").bounding_box()["x"] < x0
    page.check("input[name=audience][value=총무과]")
    page.click("#save")
    page.wait_for_url("**/admin/notices?msg=created")
    row = page.locator("#notice-table tbody tr", has_text=TITLE)
    assert row.count() == 1
    assert row.locator(".badge.event").text_content() == "행사"
    assert "총무과" in row.text_content()

    assert TITLE in feed_titles(live_server, "총무과")
    assert TITLE not in feed_titles(live_server, "건설과")

    # One model: a notice published through the API shows in the admin list, and the
    # department filter finds it.
    api_notice = live_server.publish(title="API로 게시한 건설과 공지", category="issue",
                                     priority="high", audience=["건설과"])
    page.goto(live_server.url("/admin/notices?audience=건설과"))
    api_row = page.locator("#notice-table tbody tr", has_text="API로 게시한 건설과 공지")
    assert api_row.count() == 1
    assert api_row.get_attribute("data-id") == api_notice["id"]
    assert api_row.locator(".badge.issue").text_content() == "주요현안"
    assert api_row.locator(".pri.high").text_content() == "중요"
    assert page.locator("#notice-table tbody tr", has_text=TITLE).count() == 0

    # An invalid form comes back with the message beside the field and the input kept.
    page.goto(live_server.url("/admin/notices/new"))
    page.fill("#title", "잘못된 기간의 공지")
    page.fill("#body", "입력한 내용은 그대로 남아야 합니다.")
    page.fill("#starts_at", "2026-12-10T09:00")
    page.fill("#ends_at", "2026-12-01T18:00")
    page.check("input[name=recurrence][value=weekly]")
    page.fill("#rec-start", "08:30")
    page.fill("#rec-end", "09:30")
    page.click("#save")
    page.wait_for_selector("#err-ends_at")
    assert page.text_content("#err-ends_at") == "종료 일시는 시작 일시보다 늦어야 합니다."
    assert "요일을 하나 이상" in page.text_content("#err-recurrence-weekdays")
    assert page.input_value("#title") == "잘못된 기간의 공지"
    assert page.input_value("#body") == "입력한 내용은 그대로 남아야 합니다."
    assert page.input_value("#starts_at") == "2026-12-10T09:00"
    assert page.input_value("#ends_at") == "2026-12-01T18:00"
    assert page.is_checked("input[name=recurrence][value=weekly]")
    assert page.input_value("#rec-start") == "08:30"

    # Archive the notice (accepting the confirmation) and see it leave the feed.
    page.goto(live_server.url("/admin/notices"))
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#notice-table tbody tr", has_text=TITLE).locator(
        "button", has_text="보관").click()
    page.wait_for_url("**/admin/notices?msg=archived")
    assert "알림을 보관했습니다." in page.text_content(".flash")
    assert TITLE not in feed_titles(live_server, "총무과")


def test_works_without_javascript(browser, live_server):
    result = live_server.cli("user", "add", ADMIN[0], "--role", "admin", "--password-stdin",
                             stdin=ADMIN[1] + "\n")
    assert result.returncode == 0, result.stderr
    context = browser.new_context(java_script_enabled=False,
                                  viewport={"width": 1024, "height": 768})
    page = context.new_page()
    try:
        sign_in(page, live_server)
        page.goto(live_server.url("/admin/notices/new"))
        page.fill("#title", "자바스크립트 없이 게시")
        page.click("button[value=preview]")
        assert page.text_content("#preview-title") == "자바스크립트 없이 게시"
        page.click("#save")
        page.wait_for_url("**/admin/notices?msg=created")
        assert "자바스크립트 없이 게시" in feed_titles(live_server, "")
        page.locator("#notice-table tbody tr", has_text="자바스크립트 없이 게시").locator(
            "button", has_text="보관").click()
        page.wait_for_url("**/admin/notices?msg=archived")
        assert "자바스크립트 없이 게시" not in feed_titles(live_server, "")
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [(1280, 800), (768, 1024)], ids=["desktop", "tablet"])
def test_pages_fit_desktop_and_tablet_screens(browser, live_server, viewport):
    result = live_server.cli("user", "add", ADMIN[0], "--role", "admin", "--password-stdin",
                             stdin=ADMIN[1] + "\n")
    assert result.returncode == 0, result.stderr
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    try:
        sign_in(page, live_server)
        add_department(page, live_server, "자치행정과")
        page.goto(live_server.url("/admin/notices/new"))
        page.fill("#title", ("아주 긴 제목의 공지 " * 8).strip())
        page.check("input[name=audience][value=자치행정과]")
        page.click("#save")
        page.wait_for_url("**/admin/notices?msg=created")
        for path in ("/admin/notices", "/admin/notices/new", "/admin/users", "/admin/tokens",
                     "/admin/audit", "/admin/departments"):
            page.goto(live_server.url(path))
            overflow = page.evaluate(
                "document.scrollingElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (path, overflow)
            assert page.locator("main h1").is_visible()
        page.goto(live_server.url("/admin/notices/new"))
        bar = page.locator("#preview-bar").bounding_box()
        assert bar["width"] >= 300 and bar["x"] + bar["width"] <= viewport[0]
    finally:
        context.close()


def test_a_lost_session_keeps_the_typed_form_and_saves_after_signing_in_again(page, live_server):
    sign_in(page, live_server)
    page.goto(live_server.url("/admin/notices/new"))
    page.fill("#title", "세션이 끊겨도 남는 제목")
    page.fill("#body", "오래 걸려 쓴 본문")
    page.context.clear_cookies(name="nt_admin_session")  # as if it expired or signed out
    page.click("#save")
    page.wait_for_selector("#reauth")
    assert "입력한 내용은 그대로 있습니다" in page.text_content("#reauth")
    assert page.input_value("#title") == "세션이 끊겨도 남는 제목"
    assert page.input_value("#body") == "오래 걸려 쓴 본문"
    page.fill("#reauth-username", ADMIN[0])
    page.fill("#reauth-password", ADMIN[1])
    page.click("#save")
    page.wait_for_url("**/admin/notices?msg=created")
    assert "세션이 끊겨도 남는 제목" in feed_titles(live_server, "")
