"""The admin preview looks like the desktop bar: its label, its two badges, its colours.

The server keeps copies (server_stub/admin/bar_look.py, static/admin.css) because it must not
import the client's Qt code; these tests fail when a copy drifts from the client.
"""

from __future__ import annotations

import re
from pathlib import Path

from server_stub.admin import bar_look
from server_stub.admin.routes import STATIC_DIR
from tests.server_stub.admin.conftest import notice_form
from ticker.feed.notice import CATEGORIES
from ticker.settings import SETTINGS
from ticker.ui.colors import CATEGORY_COLORS, DEFAULT_PALETTE, STATUS_COLORS

CSS = (Path(STATIC_DIR) / "admin.css").read_text(encoding="utf-8")


def css_vars() -> dict[str, str]:
    root = CSS[CSS.index(":root {"):CSS.index("}", CSS.index(":root {"))]
    return {name: value.upper() for name, value in re.findall(r"--([\w-]+):\s*(#[0-9A-Fa-f]{3,6})", root)}


def test_preview_colours_are_the_bar_palette():
    colours = css_vars()
    expected = {
        "bar": DEFAULT_PALETTE.background, "bar-edge": DEFAULT_PALETTE.background_edge,
        "bar-text": DEFAULT_PALETTE.text, "bar-muted": DEFAULT_PALETTE.muted_text,
        "bar-label": DEFAULT_PALETTE.label_background,
        "bar-separator": DEFAULT_PALETTE.separator, "urgent": DEFAULT_PALETTE.urgent_tile,
        "urgent-text": DEFAULT_PALETTE.urgent_text, "urgent-badge": DEFAULT_PALETTE.urgent_badge,
        "urgent-badge-text": DEFAULT_PALETTE.urgent_badge_text,
        "badge-text": DEFAULT_PALETTE.badge_text,
        "status-connected": STATUS_COLORS["connected"],
        **{category: colour for category, colour in CATEGORY_COLORS.items()},
    }
    assert {k: colours.get(k) for k in expected} == {k: v.upper() for k, v in expected.items()}


def test_preview_labels_are_the_bars(qapp):
    from ticker.i18n import Translations
    from ticker.ui.labels import category_label, urgent_label

    translations = Translations(qapp)
    try:
        for language in ("ko", "en"):
            assert translations.install(language)
            assert bar_look.URGENT_LABELS[language] == urgent_label()
            assert bar_look.CATEGORY_LABELS[language] == {c: category_label(c) for c in CATEGORIES}
    finally:
        translations.uninstall()
    label_default = next(s.default for s in SETTINGS if s.name == "label")
    from server_stub.config import DEFAULT_BAR_LABEL, ServerConfig

    assert DEFAULT_BAR_LABEL == label_default

    assert ServerConfig(data_dir=Path(".")).bar_label == label_default


def test_preview_shows_the_configured_label_and_separate_badges(admin, app):
    page = admin.get("/admin/notices/new").text
    bar = page[page.index('id="preview-bar"'):page.index('id="preview-body"')]
    assert '<span class="dot" aria-hidden="true"></span>전주시 덕진구' in bar
    assert "시정 알림" not in bar
    assert 'id="preview-urgent" hidden' in bar  # a normal notice has no 긴급 badge
    assert '<span class="badge notice" id="preview-badge">일반</span>' in bar

    english = admin.post("/admin/notices/new?lang=en", notice_form(
        action="preview", category="notice", priority="urgent")).text
    bar = english[english.index('id="preview-bar"'):english.index('id="preview-body"')]
    assert '<span class="badge urgent-badge" id="preview-urgent">Urgent</span>' in bar
    assert '<span class="badge notice" id="preview-badge">Notice</span>' in bar  # the bar's word


def test_bar_label_comes_from_the_server_config(tmp_path, clock):
    from fastapi.testclient import TestClient

    from server_stub.app import create_app
    from server_stub.config import ServerConfig
    from tests.server_stub.admin.conftest import Browser

    app = create_app(ServerConfig(data_dir=tmp_path / "d", clock=clock, bar_label="완산구청"))
    app.state.deps.users.add("boss", "admin", "long-password-1")
    with TestClient(app) as client:
        browser = Browser(client)
        assert browser.login("boss", "long-password-1").status_code == 303
        page = browser.get("/admin/notices/new").text
    assert '</span>완산구청</div>' in page
