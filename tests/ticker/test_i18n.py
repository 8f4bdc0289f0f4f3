"""Korean source strings, English from resources/i18n/ticker_en.qm, switchable at run time."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ticker.app_cleanup import dispose
from ticker import i18n, resources
from ticker.i18n import Translations
from ticker.ui.tray import TrayIcon

ROOT = Path(__file__).resolve().parents[2]
DEAD_FEED = "http://127.0.0.1:9/feed.json"


def _make_translations_module():
    spec = importlib.util.spec_from_file_location("make_translations", ROOT / "scripts" / "make_translations.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_translations"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def translations(qapp):
    t = Translations(qapp)
    yield t
    t.install("ko")


def test_ts_file_is_complete_and_up_to_date():
    mt = _make_translations_module()
    text, missing = mt.build_ts(mt.extract(), mt.existing_translations(mt.TS_FILE))
    assert missing == [], f"untranslated UI strings: {missing}"
    assert mt.TS_FILE.read_text(encoding="utf-8") == text, \
        "run scripts/make_translations.py (the .ts is older than the source)"
    assert mt.QM_FILE.stat().st_mtime >= mt.TS_FILE.stat().st_mtime - 1


def test_english_translation_switches_live(translations, qtbot):
    tray = TrayIcon()
    try:
        assert translations.install("en")
        tray.retranslate()
        texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
        assert texts == ["Pause", "Refresh now", "All notices", "Snooze", "Settings", "About", "Quit"]
        assert [a.text() for a in tray.snooze_menu.actions() if not a.isSeparator()] == \
            ["30 minutes", "1 hour", "Until tomorrow", "Turn notices back on"]
        tray.set_status("stale")
        assert tray.tooltip().startswith("Notice Ticker — Delayed")
        assert translations.install("ko")
        tray.retranslate()
        assert tray.pause_action.text() == "일시 정지"
    finally:
        tray.dispose()


def test_application_name_follows_the_language(translations, qapp):
    # Qt on X11 appends the display name to window titles: "Settings — 시정 알림 티커" is wrong.
    assert translations.install("en")
    assert qapp.applicationDisplayName() == "Notice Ticker"
    assert translations.install("ko")
    assert qapp.applicationDisplayName() == "시정 알림 티커"


def test_windows_and_dialogs_in_english(translations, qtbot, tmp_path):
    from tests.ticker.ui.notices_window_driver import open_notice
    from ticker.feed.notice import Notice
    from ticker.model import NoticeModel
    from ticker.settings_files import load_settings
    from ticker.ui.about import AboutDialog
    from ticker.ui.notices_window import NoticesWindow
    from ticker.ui.settings_dialog import SettingsDialog

    assert translations.install("en")
    window = NoticesWindow(NoticeModel())
    qtbot.addWidget(window)
    window.show()
    window.set_notices([Notice(id="a", title="김장 나눔", category="event")])
    assert window.windowTitle() == "All notices"
    assert window.search.placeholderText() == "Search (title, text, category)"
    assert window.count_label.text() == "Notices: 1 (unread: 1)"
    assert "[Event]" in window.list.item(0).text()
    open_notice(qtbot, window, "a")
    assert window.meta_label.text().startswith("Category: Event\nPeriod: ")
    assert window.count_label.text() == "Notices: 1 (unread: 0)"

    user_file = tmp_path / "ticker.toml"
    settings = load_settings(None, user_file, None, {}).settings
    dialog = SettingsDialog(settings, frozenset({"feeds"}), user_file)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Settings"
    assert [b.text() for b in dialog.buttons.buttons()] == ["Save", "Cancel"]
    assert dialog.lock_labels["feeds"].text() == "Locked by your administrator"
    position = dialog.fields["position"].widget
    assert [position.itemText(i) for i in range(position.count())] == ["Bottom", "Top"]

    about = AboutDialog({"Log": "/tmp/x"})
    qtbot.addWidget(about)
    assert about.windowTitle() == "About"


def test_the_whole_app_switches_to_english_from_the_settings(qapp, qtbot, fresh_dirs):
    from ticker.app import TickerApp
    from ticker.settings_files import default_paths

    app = TickerApp(qapp, cli_values={"feeds": [DEAD_FEED], "startup_jitter": 0})
    try:
        app.start()
        qtbot.waitUntil(lambda: bool(app.bars()) and app.bars()[0].isVisible(), timeout=5000)
        assert app.tray.refresh_action.text() == "지금 새로 고침"
        assert app.show_all_notices().windowTitle() == "전체 공지"

        user_file = default_paths().user_file
        user_file.parent.mkdir(parents=True, exist_ok=True)
        user_file.write_text('language = "en"\n', encoding="utf-8")
        app.reload_settings()

        assert app.translations.language == "en"
        assert app.tray.refresh_action.text() == "Refresh now"
        assert app.show_all_notices().windowTitle() == "All notices"
        assert app.show_settings().windowTitle() == "Settings"
        assert app.show_about().windowTitle() == "About"
        qtbot.waitUntil(lambda: bool(app.bars()) and app.bars()[0].isVisible(), timeout=5000)
        bar = app.bars()[0]
        bar.set_status("offline")
        assert bar.status_tooltip().startswith("Offline")
        assert qapp.applicationDisplayName() == "Notice Ticker"
    finally:
        app.translations.install("ko")  # the translator is the QApplication's, shared by tests
        dispose(app)


def test_resources_come_from_the_checkout():
    assert resources.resource_dir() == ROOT / "resources"
    assert resources.resource_path("i18n", "ticker_en.qm").is_file()


def _lrelease() -> str:
    for candidate in (Path(sys.executable).parent / "pyside6-lrelease", shutil.which("pyside6-lrelease")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    pytest.skip("pyside6-lrelease not available")


def test_frozen_build_loads_the_qm_from_its_bundle(translations, monkeypatch, tmp_path, qtbot):
    """PyInstaller unpacks data under sys._MEIPASS/resources (build_installer.spec):
    a marker translation there proves that copy, not the checkout's, is the one loaded."""
    bundle = tmp_path / "_internal"
    (bundle / "resources" / "i18n").mkdir(parents=True)
    ts = (ROOT / "resources" / "i18n" / "ticker_en.ts").read_text(encoding="utf-8")
    ts = ts.replace("<translation>Refresh now</translation>",
                    "<translation>Refresh now (bundle)</translation>")
    src = tmp_path / "marker.ts"
    src.write_text(ts, encoding="utf-8")
    subprocess.run([_lrelease(), "-silent", str(src), "-qm",
                    str(bundle / "resources" / "i18n" / "ticker_en.qm")], check=True, timeout=60)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert resources.resource_dir() == bundle / "resources"
    tray = TrayIcon()
    try:
        assert translations.install("en")
        tray.retranslate()
        assert tray.refresh_action.text() == "Refresh now (bundle)"
    finally:
        tray.dispose()


def test_missing_translation_file_stays_korean(qapp, monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(i18n, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    translations = Translations(qapp)
    assert not translations.install("en")
    assert translations.language == "ko"
    assert "using Korean" in caplog.text
    assert qapp.applicationDisplayName() == "시정 알림 티커"


def test_a_wheel_install_finds_its_data_files_under_the_prefix(monkeypatch, tmp_path):
    # No checkout next to the package (site-packages): resources come from <prefix>/share.
    site = tmp_path / "site-packages" / "ticker"
    site.mkdir(parents=True)
    shared = tmp_path / "prefix" / "share" / "notice-ticker" / "resources"
    (shared / "i18n").mkdir(parents=True)
    monkeypatch.setattr(resources, "__file__", str(site / "resources.py"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "prefix"))
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert resources.resource_dir() == shared


def test_messages_from_pure_modules_follow_the_installed_language(translations):
    from ticker.settings import SETTINGS_BY_NAME, SettingValueError, check_value

    with pytest.raises(SettingValueError) as info:
        check_value(SETTINGS_BY_NAME["speed"], 900)
    assert i18n.translate(info.value.message) == "너무 큽니다: 900 (최대 600)"
    assert translations.install("en")
    assert i18n.translate(info.value.message) == "too large: 900 (maximum 600)"


def test_bilingual_lines_need_no_installed_translator(qapp, tmp_path):
    from ticker.i18n_text import Message
    from ticker.settings_files import load_settings

    user = tmp_path / "ticker.toml"
    user.write_text("speed = 900\n", encoding="utf-8")
    [line] = i18n.bilingual(load_settings(None, user, None, {}).errors)
    assert line == (f"설정 오류: {user} [speed]: 너무 큽니다: 900 (최대 600) — 무시합니다. "
                    f"(Settings error: {user} [speed]: too large: 900 (maximum 600) — ignored.)")
    # Text nobody translated is not repeated in parentheses.
    assert i18n.bilingual([Message("Nowhere", "번역 없음 %1", ("x",))]) == ["번역 없음 x"]


def test_a_missing_translation_file_leaves_bilingual_text_korean(monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(i18n, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    assert i18n.translator_for("en")("Settings", "흐르는 속도") == "흐르는 속도"
    assert "using Korean" in caplog.text
    assert i18n.translator_for("ko")("Settings", "흐르는 속도") == "흐르는 속도"


def test_the_extractor_finds_marked_texts_in_pure_modules():
    import ast

    mt = _make_translations_module()
    source = '''
CONTEXT = "Settings"
def _k(text):
    return mark(CONTEXT, text)
def category_label(category):
    return tr("Labels", "행사") if category == "event" else category
LABELS = (_k("흐르는 속도"), mark("Other", "표시"), category_label("event"))
'''
    found = mt.extract_module(ast.parse(source))
    assert sorted(found) == [("Labels", "행사"), ("Other", "표시"), ("Settings", "흐르는 속도")]
