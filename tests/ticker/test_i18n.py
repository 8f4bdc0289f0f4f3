"""Korean source strings, English from resources/i18n/ticker_en.qm, switchable at run time."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from ticker import i18n
from ticker.i18n import Translations
from ticker.ui.tray import TrayIcon

ROOT = Path(__file__).resolve().parents[2]


def _make_translations_module():
    spec = importlib.util.spec_from_file_location("make_translations", ROOT / "scripts" / "make_translations.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_translations"] = module
    spec.loader.exec_module(module)
    return module


def test_ts_file_is_complete_and_up_to_date():
    mt = _make_translations_module()
    text, missing = mt.build_ts(mt.extract(), mt.existing_translations(mt.TS_FILE))
    assert missing == [], f"untranslated UI strings: {missing}"
    assert mt.TS_FILE.read_text(encoding="utf-8") == text, \
        "run scripts/make_translations.py (the .ts is older than the source)"
    assert mt.QM_FILE.stat().st_mtime >= mt.TS_FILE.stat().st_mtime - 1


def test_english_translation_switches_live(qapp, qtbot):
    translations = Translations(qapp)
    tray = TrayIcon()
    try:
        assert translations.install("en")
        tray.retranslate()
        texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
        assert texts == ["Pause", "Refresh now", "All notices", "Snooze", "Settings…", "About", "Quit"]
        assert translations.install("ko")
        tray.retranslate()
        assert tray.pause_action.text() == "일시 정지"
    finally:
        translations.install("ko")
        tray.dispose()


def test_missing_translation_file_stays_korean(qapp, monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(i18n, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    translations = Translations(qapp)
    assert not translations.install("en")
    assert translations.language == "ko"
    assert "using Korean" in caplog.text


@pytest.mark.parametrize("setting,expected", [("ko", "ko"), ("en", "en")])
def test_resolve_language(setting, expected):
    assert i18n.resolve_language(setting) == expected
