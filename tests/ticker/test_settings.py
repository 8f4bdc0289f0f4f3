"""ticker.settings: the declaration, its texts, value checks and the Settings mapping."""


from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ticker import settings as settings_module
from ticker.i18n import translator_for
from ticker.settings import (
    CONTEXT,
    LOCKABLE,
    SETTINGS,
    SETTINGS_BY_NAME,
    Setting,
    Settings,
    SettingValueError,
    check_value,
    check_value_lenient,
    parse_text,
)

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = translator_for("en")


# --- the declaration ---------------------------------------------------------------------------


REQUIRED_KEYS = {
    "feeds", "poll_interval", "speed", "font_size", "screen", "position", "label", "audience", "categories",
    "language", "reduced_motion", "ca_bundle", "locked", "allow_quit", "autostart", "long_poll", "startup_jitter",
    "report",
}


def test_every_required_key_is_declared_once():
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
    assert REQUIRED_KEYS <= set(names)


def test_declared_defaults_pass_their_own_checks():
    for setting in SETTINGS:
        assert isinstance(setting, Setting)
        assert setting.help and ENGLISH(CONTEXT, setting.help) not in ("", setting.help)
        assert check_value(setting, setting.default) == setting.default


def test_documented_defaults():
    d = Settings()
    assert d.poll_interval == 60 and SETTINGS_BY_NAME["poll_interval"].minimum == 10
    assert d.label == "전주시 덕진구" and d.position == "bottom" and d.screen == "primary"
    assert d.categories == ("event", "project", "issue", "notice")
    assert d.language == "ko" and d.allow_quit is True and d.reduced_motion is False
    assert d.long_poll is True and d.feeds == () and d.audience == () and d.locked == ()
    assert "locked" not in LOCKABLE and "feeds" in LOCKABLE


# --- check_value -------------------------------------------------------------------------------


@pytest.mark.parametrize("name, value", [
    ("poll_interval", 9), ("poll_interval", "60"), ("poll_interval", 60.5), ("poll_interval", True),
    ("speed", 100_000), ("font_size", 2), ("reduced_motion", "yes"), ("reduced_motion", 1),
    ("position", "left"), ("language", "jp"), ("screen", "second"), ("screen", "-1"), ("screen", "99"),
    ("label", "가" * 41), ("label", "a\x00b"), ("label", 5), ("feeds", "http://a/feed"),
    ("feeds", ["ftp://a/"]), ("feeds", ["http://a/", 3]), ("feeds", ["javascript:alert(1)"]),
    ("feeds", [f"http://h/{i}" for i in range(21)]), ("categories", ["weather"]), ("categories", []),
    ("locked", ["nonsense"]), ("locked", ["locked"]), ("ca_bundle", "/no/such/bundle.pem"),
])
def test_bad_values_are_rejected_with_korean_and_english(name, value):
    with pytest.raises(SettingValueError) as info:
        check_value(SETTINGS_BY_NAME[name], value)
    korean, english = str(info.value), info.value.message.render(ENGLISH)
    assert korean and english and korean != english


@pytest.mark.parametrize("name, value, expected", [
    ("poll_interval", 10, 10),
    ("screen", "all", "all"),
    ("screen", " 01 ", "1"),
    ("label", "  덕진구청  ", "덕진구청"),
    ("feeds", ["http://a/f.json", "http://a/f.json", "https://b/rss"], ("http://a/f.json", "https://b/rss")),
    ("audience", ("총무과", " ", "민원과"), ("총무과", "민원과")),
    ("categories", ["issue"], ("issue",)),
])
def test_good_values_are_normalised(name, value, expected):
    assert check_value(SETTINGS_BY_NAME[name], value) == expected


def test_existing_ca_bundle_is_accepted(tmp_path):
    pem = tmp_path / "city-ca.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    assert check_value(SETTINGS_BY_NAME["ca_bundle"], str(pem)) == str(pem)
    assert check_value(SETTINGS_BY_NAME["ca_bundle"], "") == ""


def test_lenient_check_keeps_the_good_list_entries():
    value, problems = check_value_lenient(SETTINGS_BY_NAME["feeds"], ["http://a/", "ftp://b/", 7, "https://c/"])
    assert value == ("http://a/", "https://c/") and len(problems) == 2


@pytest.mark.parametrize("name, text, expected", [
    ("poll_interval", " 120 ", 120), ("reduced_motion", "예", True), ("reduced_motion", "off", False),
    ("audience", "총무과, 민원과\n기획과", ("총무과", "민원과", "기획과")), ("language", "en", "en"),
])
def test_parse_text_for_dialogs(name, text, expected):
    assert parse_text(SETTINGS_BY_NAME[name], text) == expected


@pytest.mark.parametrize("name, text", [("poll_interval", "abc"), ("poll_interval", "5"), ("allow_quit", "maybe")])
def test_parse_text_rejects(name, text):
    with pytest.raises(SettingValueError):
        parse_text(SETTINGS_BY_NAME[name], text)


# --- Settings mapping ------------------------------------------------------------------------------


def test_settings_is_a_read_only_mapping_with_attributes():
    s = Settings({"speed": 120})
    assert s["speed"] == s.speed == 120 and len(s) == len(SETTINGS) and set(s) == set(SETTINGS_BY_NAME)
    with pytest.raises(AttributeError):
        s.speed = 5
    with pytest.raises(AttributeError):
        s.nonexistent  # noqa: B018
    with pytest.raises(TypeError):
        s["speed"] = 5  # type: ignore[index]
    changed = Settings({**s, "font_size": 20})
    assert changed.font_size == 20 and s.font_size == 12
    assert dict(changed) == dict(Settings()) | {"speed": 120, "font_size": 20}
    with pytest.raises(SettingValueError):
        Settings({**s, "poll_interval": 1})
    with pytest.raises(KeyError):
        Settings({"bogus": 1})


def test_the_declaration_imports_neither_the_file_layer_nor_the_command_line():
    # ticker.settings is the bottom layer: the loader and the CLI build on it, never the reverse.
    code = ("import sys, ticker.settings; "
            "assert not {'ticker.settings_files', 'ticker.settings_cli'} & set(sys.modules), sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    for first, second in (("settings_files", "settings_cli"), ("settings_cli", "settings_files")):
        subprocess.run([sys.executable, "-c", f"import ticker.{first}, ticker.{second}"], check=True, cwd=ROOT)
    with pytest.raises(AttributeError):
        settings_module.load_settings  # noqa: B018 - no re-export: one home per name


def test_flag_names_follow_the_setting_names():
    assert SETTINGS_BY_NAME["poll_interval"].type is int
    assert SETTINGS_BY_NAME["poll_interval"].flag == "--poll-interval"
    assert not SETTINGS_BY_NAME["locked"].cli and SETTINGS_BY_NAME["feeds"].flag == "--feed"


@pytest.mark.parametrize("url, ok", [
    ("http://notice.local/feed.json", True), ("https://10.0.0.5:8443/rss", True), ("ftp://x/", False),
    ("http://", False), ("http://exa mple/", False), ("http://h:abc/", False), ("notice.local/feed", False),
])
def test_is_feed_url(url, ok):
    from ticker.settings import is_feed_url

    assert is_feed_url(url) is ok


def test_settings_survive_copy_and_pickle():
    import copy
    import pickle

    s = Settings({"speed": 123, "audience": ["총무과"]})
    for clone in (copy.copy(s), copy.deepcopy(s), pickle.loads(pickle.dumps(s))):
        assert clone == s and clone.speed == 123 and clone.audience == ("총무과",)


def test_every_setting_is_in_a_declared_group_with_plain_names():
    from ticker.settings import GROUPS, SETTINGS, settings_in_group

    assert [g.title for g in GROUPS] == ["표시", "알림", "네트워크", "고급"]
    for setting in SETTINGS:
        assert setting.group in {g.key for g in GROUPS}, setting.name
        assert setting.label and ENGLISH(CONTEXT, setting.label) not in ("", setting.label), setting.name
    assert sum(len(settings_in_group(g.key)) for g in GROUPS) == len(SETTINGS)
    assert {s.name for s in settings_in_group("advanced")} >= {"long_poll", "long_poll_wait"}
