"""End-to-end in headless Chromium: the preview follows the typing like the real bar (two
badges, the bar's colours), and a notice saved with the default start is in the feed at once
(Chromium sends Origin on every form post, so these also pass the Origin check)."""

from __future__ import annotations

import pytest
import requests

from ticker.ui.colors import CATEGORY_COLORS, DEFAULT_PALETTE

from .test_e2e_admin import admin_account, sign_in  # noqa: F401  (the fixture signs in as ADMIN)

pytestmark = pytest.mark.e2e


def rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(value[i:i + 2], 16) for i in (0, 2, 4)))


def style(tab, selector: str, prop: str) -> str:
    return tab.evaluate(
        f"getComputedStyle(document.querySelector({selector!r})).{prop}")


def test_preview_draws_badges_and_colours_like_the_bar(page, live_server):  # noqa: F811
    sign_in(page, live_server)
    page.goto(live_server.url("/admin/notices/new"))
    assert page.text_content("#preview-label").strip() == "전주시 덕진구"
    assert style(page, "#preview-bar", "backgroundColor") == rgb(DEFAULT_PALETTE.background)
    assert style(page, "#preview-label", "backgroundColor") == rgb(DEFAULT_PALETTE.label_background)
    assert not page.is_visible("#preview-urgent")

    page.select_option("#category", "issue")
    page.select_option("#priority", "urgent")
    assert page.is_visible("#preview-urgent")
    assert page.text_content("#preview-urgent").strip() == "긴급"
    assert page.text_content("#preview-badge").strip() == "주요현안"  # not "긴급 · 주요현안"
    assert style(page, "#preview-item", "backgroundColor") == rgb(DEFAULT_PALETTE.urgent_tile)
    assert style(page, "#preview-urgent", "backgroundColor") == rgb(DEFAULT_PALETTE.urgent_badge)
    assert style(page, "#preview-urgent", "color") == rgb(DEFAULT_PALETTE.urgent_badge_text)
    assert style(page, "#preview-badge", "backgroundColor") == rgb(CATEGORY_COLORS["issue"])

    page.select_option("#priority", "normal")
    assert not page.is_visible("#preview-urgent")
    assert style(page, "#preview-item", "backgroundColor") == "rgba(0, 0, 0, 0)"


def test_default_start_is_now_and_the_notice_is_in_the_feed_at_once(page, live_server):  # noqa: F811
    sign_in(page, live_server)
    page.goto(live_server.url("/admin/notices/new"))
    page.fill("#title", "지금 게시 (E2E)")
    page.select_option("#priority", "urgent")
    page.click("#save")
    page.wait_for_url("**/admin/notices?msg=created")
    feed = requests.get(live_server.url("/feed.json"), timeout=10).json()
    [item] = [i for i in feed["items"] if i["title"] == "지금 게시 (E2E)"]
    assert item["_ticker"]["priority"] == "urgent"
