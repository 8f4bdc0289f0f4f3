"""End to end (issue 8): real notice server, real bar under Xvfb, real headless Chromium.

Publish an urgent ack_required notice → the bar shows it → a click opens it → 확인했습니다 →
the admin reach page counts 1 acknowledged within 2 s of the press.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.ticker.app_cleanup import dispose
from ticker.app import TickerApp

pytestmark = pytest.mark.e2e

playwright_sync = pytest.importorskip("playwright.sync_api")

ADMIN = ("reach.admin", "e2e-reach-password")
FAST = {"interval": 2.0, "backoff_base": 0.2, "backoff_cap": 1.0, "startup_jitter": 0.0}
TITLE = "한파 비상근무 지시 — 확인 바랍니다"


@pytest.fixture
def admin_account():
    return ADMIN


@pytest.fixture
def ticker(qapp, qtbot, live_server):
    app = TickerApp(qapp, cli_values={"feeds": [live_server.url("/feed.json")],
                                      "long_poll": True, "long_poll_wait": 20,
                                      "startup_jitter": 0},
                    poller_overrides=FAST)
    app.start()
    qtbot.waitUntil(lambda: app.bars() and app.bars()[0].isVisible(), timeout=15000)
    qtbot.waitExposed(app.bars()[0])
    qtbot.waitUntil(lambda: app.network.poller is not None and app.reach.sender is not None, timeout=15000)
    yield app
    dispose(app)


def sign_in(page, live_server) -> None:
    page.goto(live_server.url("/admin/"))
    page.fill("#username", ADMIN[0])
    page.fill("#password", ADMIN[1])
    page.click("button[type=submit] >> text=로그인")
    page.wait_for_url("**/admin/notices")


def reach_count(page, url: str, kind: str) -> int:
    page.goto(url)
    return int(page.text_content(f"[data-reach={kind}]").strip())


def click_notice(qtbot, bar, notice_id: str) -> None:
    """A real left click on the notice's tile (the bar is paused so it stays put)."""
    content = bar.content_rect()
    xs = [x for x in range(content.left(), content.right(), 4) if bar.item_id_at(x) == notice_id]
    assert xs, "the notice is not on screen"
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=QPoint(xs[len(xs) // 2],
                                                                bar.height() // 2))


def test_acknowledge_on_the_bar_counts_on_the_admin_reach_page(live_server, ticker, page, qtbot):
    sign_in(page, live_server)
    created = live_server.publish(title=TITLE, priority="urgent", ack_required=True)
    assert created["ack_required"] is True
    # The bar scopes JSON Feed ids by feed; the server and its reach page know the plain id.
    notice_id = f"{live_server.url('/feed.json')}#{created['id']}"
    bar = ticker.bars()[0]
    qtbot.waitUntil(lambda: notice_id in bar.visible_item_ids(), timeout=10000)
    assert bar.notice_by_id(notice_id).is_urgent
    assert bar.playlist_ids().count(notice_id) >= 1

    reach_url = live_server.url(f"/admin/notices/{created['id']}/reach")
    assert reach_count(page, reach_url, "acknowledged") == 0

    ticker.set_paused(True)
    click_notice(qtbot, bar, notice_id)
    popup = bar.detail_popup
    assert popup is not None and popup.isVisible() and popup.notice.id == notice_id
    qtbot.waitExposed(popup)
    assert popup.ack_button.isVisible() and popup.ack_button.text() == "확인했습니다"
    qtbot.mouseClick(popup.ack_button, Qt.MouseButton.LeftButton)
    pressed = time.monotonic()

    counted = reach_count(page, reach_url, "acknowledged")
    while counted != 1 and time.monotonic() - pressed < 2.0:
        qtbot.wait(100)  # the bar's event loop keeps running meanwhile
        counted = reach_count(page, reach_url, "acknowledged")
    took = time.monotonic() - pressed
    assert counted == 1, f"reach page shows {counted} acknowledged {took:.2f} s after the press"
    assert took <= 2.0
    assert reach_count(page, reach_url, "opened") == 1  # the click opened it
    deadline = time.monotonic() + 10  # "shown" rides with the next batch at the latest
    while reach_count(page, reach_url, "shown") != 1 and time.monotonic() < deadline:
        qtbot.wait(200)
    assert reach_count(page, reach_url, "shown") == 1
    # After 확인 the notice scrolls like any other: no urgent look, no repeats.
    qtbot.waitUntil(lambda: not bar.notice_by_id(notice_id).is_urgent, timeout=2000)
    assert popup.ack_button.text() == "확인함" and not popup.ack_button.isEnabled()
