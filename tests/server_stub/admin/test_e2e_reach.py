"""End-to-end: the reach page in headless Chromium against a real server process, counting
receipts posted over HTTP while the page is open (it refreshes itself)."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.fixtures.chromium import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.e2e

playwright_sync = pytest.importorskip("playwright.sync_api")

ADMIN = ("reach.admin", "e2e-reach-password")


def post_receipt(server, notice_id: str, kind: str, client: dict) -> None:
    event = {"event_id": str(uuid.uuid4()), "notice_id": notice_id, "type": kind,
             "at": datetime.now(ZoneInfo("Asia/Seoul")).isoformat()}
    response = requests.post(server.url("/api/v1/receipts"), timeout=10,
                             json={"client": client, "events": [event]})
    assert response.status_code == 202 and response.json()["stored"] == 1


def test_reach_page_follows_receipts_live(live_server):
    result = live_server.cli("user", "add", ADMIN[0], "--role", "admin", "--password-stdin",
                             stdin=ADMIN[1] + "\n")
    assert result.returncode == 0, result.stderr
    notice = live_server.publish(title="한파 비상근무 (E2E)", priority="urgent",
                                 ack_required=True)
    pc = {"id": str(uuid.uuid4()), "user": "park.jiyoung", "host": "JJ-PC-0077",
          "version": "1.4.0", "platform": "Windows-10", "audiences": ["총무과"]}
    post_receipt(live_server, notice["id"], "shown", pc)
    with playwright_sync.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="ko-KR")
            page.set_default_timeout(15_000)
            page.goto(live_server.url("/admin/login"))
            page.fill("#username", ADMIN[0])
            page.fill("#password", ADMIN[1])
            page.click("button[type=submit] >> text=로그인")
            page.wait_for_url("**/admin/notices")
            summary = page.locator(f'a[href="/admin/notices/{notice["id"]}/reach"]')
            assert summary.text_content() == "도달 1 · 열람 0 · 확인 0/1"
            summary.click()
            page.wait_for_url(f"**/admin/notices/{notice['id']}/reach")
            assert page.text_content('[data-reach="shown"]') == "1"
            assert page.text_content('[data-reach="acknowledged"]') == "0"
            assert "park.jiyoung" in page.text_content("#reach-pending")
            post_receipt(live_server, notice["id"], "acknowledged", pc)
            # No reload by the test: the page's own refresh picks the new receipt up.
            playwright_sync.expect(page.locator('[data-reach="acknowledged"]')).to_have_text(
                "1", timeout=12_000)
            assert "park.jiyoung" not in page.text_content("#reach-pending")
            with page.expect_download() as download:
                page.click("#reach-csv")
            path = download.value.path()
            with open(path, "rb") as handle:
                assert handle.read(3) == b"\xef\xbb\xbf"
        finally:
            browser.close()
    log = live_server.log_text()
    assert "Traceback" not in log, log[-3000:]
