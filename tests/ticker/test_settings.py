"""ticker.settings / ticker.settings_files: declaration, checks, layering, locks, CLI, saving."""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from ticker import settings as settings_module
from ticker.i18n import bilingual, translator_for
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
from ticker.settings_cli import add_cli_arguments, cli_values_from_args
from ticker.settings_files import (
    CLI_SOURCE,
    MAX_FILE_BYTES,
    LoadResult,
    default_paths,
    load_settings,
    save_user_settings,
)

ROOT = Path(__file__).resolve().parents[2]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


ENGLISH = translator_for("en")


def load(site=None, user=None, config=None, cli=None) -> LoadResult:
    """load_settings with its messages as the log and the tray show them (Korean (English))."""
    result = load_settings(site, user, config, cli or {})
    return dataclasses.replace(result, errors=bilingual(result.errors), info=bilingual(result.info))


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


def test_documented_Settings():
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
    pem = write(tmp_path / "city-ca.pem", "-----BEGIN CERTIFICATE-----\n")
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
    changed = s.replace(font_size=20)
    assert changed.font_size == 20 and s.font_size == 12
    assert changed.non_default() == {"speed": 120, "font_size": 20}
    with pytest.raises(SettingValueError):
        s.replace(poll_interval=1)
    with pytest.raises(KeyError):
        Settings({"bogus": 1})


# --- layering, errors, locks -------------------------------------------------------------------------


def test_no_files_gives_defaults_and_no_errors(tmp_path):
    result = load(tmp_path / "site.toml", tmp_path / "user.toml", None, {})
    assert result.settings == Settings() and result.errors == [] and result.locked == frozenset()


def test_layers_apply_lowest_first(tmp_path):
    site = write(tmp_path / "site.toml", 'label = "사이트"\nspeed = 50\nfont_size = 10\npoll_interval = 30\n')
    user = write(tmp_path / "user.toml", 'speed = 60\nfont_size = 11\npoll_interval = 40\n')
    config = write(tmp_path / "extra.toml", "font_size = 14\npoll_interval = 50\n")
    result = load(site, user, config, {"poll_interval": 90})
    s = result.settings
    assert (s.label, s.speed, s.font_size, s.poll_interval) == ("사이트", 60, 14, 90)
    assert result.errors == []
    assert result.sources["label"] == str(site) and result.sources["poll_interval"] == CLI_SOURCE
    assert result.sources["position"].startswith("기본값")


def test_bad_values_are_reported_once_each_and_the_rest_applies(tmp_path):
    user = write(tmp_path / "user.toml", "\n".join([
        "poll_interval = 5", 'position = "left"', "speed = 120", 'colour = "red"', 'reduced_motion = "yes"',
        'feeds = ["http://good/feed.json", "gopher://bad/"]', "font_size = 16",
    ]))
    result = load(None, user)
    s = result.settings
    assert (s.poll_interval, s.position, s.speed, s.reduced_motion, s.font_size) == (60, "bottom", 120, False, 16)
    assert s.feeds == ("http://good/feed.json",)
    assert len(result.errors) == 5
    for line, key in zip(result.errors, ["poll_interval", "position", "colour", "reduced_motion", "feeds"], strict=True):
        assert "\n" not in line and str(user) in line and f"[{key}]" in line
        assert "설정 오류" in line and "Settings error" in line


def test_broken_toml_is_salvaged_statement_by_statement(tmp_path):
    user = write(tmp_path / "user.toml", "\n".join([
        "speed = 100",
        'label = "닫히지 않은 문자열',
        "audience = [",
        '  "총무과",',
        '  "민원과",',
        "]",
        "font_size = = 3",
        "poll_interval = 45",
    ]))
    result = load(None, user)
    s = result.settings
    assert (s.speed, s.audience, s.poll_interval, s.label, s.font_size) == (100, ("총무과", "민원과"), 45, "전주시 덕진구", 12)
    assert len(result.errors) == 2
    assert f"{user}:2" in result.errors[0] and f"{user}:7" in result.errors[1]


@pytest.mark.parametrize("content, fragment", [
    (b"\xff\xfe s\x00p\x00", "UTF-8"),
    (b"x" * (MAX_FILE_BYTES + 1), "너무 큽니다"),
])
def test_unreadable_files_are_one_error(tmp_path, content, fragment):
    user = tmp_path / "user.toml"
    user.write_bytes(content)
    result = load(None, user, None, {"speed": 99})
    assert result.settings.speed == 99 and len(result.errors) == 1 and fragment in result.errors[0]


def test_utf8_bom_is_accepted(tmp_path):
    user = tmp_path / "user.toml"
    user.write_bytes('\ufefflabel = "완산구"\n'.encode())
    assert load(None, user).settings.label == "완산구"


def test_directory_instead_of_file_is_an_error(tmp_path):
    folder = tmp_path / "user.toml"
    folder.mkdir()
    result = load(None, folder)
    assert len(result.errors) == 1 and result.settings == Settings()


def test_missing_config_file_is_an_error_but_missing_site_and_user_files_are_not(tmp_path):
    result = load(tmp_path / "nope-site.toml", tmp_path / "nope-user.toml", tmp_path / "nope.toml")
    assert len(result.errors) == 1 and "nope.toml" in result.errors[0]


def test_nested_tables_are_unknown_keys(tmp_path):
    user = write(tmp_path / "user.toml", 'speed = 70\n[ticker]\nspeed = 90\n')
    result = load(None, user)
    assert result.settings.speed == 70 and len(result.errors) == 1 and "[ticker]" in result.errors[0]


def test_site_locks_win_over_every_later_layer(tmp_path):
    site = write(tmp_path / "site.toml", 'feeds = ["https://notice.city/feed.json"]\nallow_quit = false\n'
                 'locked = ["feeds", "allow_quit", "poll_interval"]\n')
    user = write(tmp_path / "user.toml", 'feeds = ["http://evil/feed"]\nallow_quit = true\nspeed = 90\n')
    config = write(tmp_path / "c.toml", "poll_interval = 20\n")
    result = load(site, user, config, {"allow_quit": True, "feeds": ["http://cli/feed"]})
    s = result.settings
    assert s.feeds == ("https://notice.city/feed.json",) and s.allow_quit is False and s.poll_interval == 60
    assert s.speed == 90
    assert result.locked == frozenset({"feeds", "allow_quit", "poll_interval"})
    assert result.errors == []
    assert len(result.info) == 5 and all("잠근 설정" in line and "locked" in line for line in result.info)


def test_lock_order_inside_the_site_file_does_not_matter(tmp_path):
    site = write(tmp_path / "site.toml", 'locked = ["speed"]\nspeed = 55\n')
    assert load(site).settings.speed == 55


def test_locked_outside_the_site_file_is_ignored(tmp_path):
    user = write(tmp_path / "user.toml", 'locked = ["speed"]\n')
    result = load(None, user, None, {"speed": 99})
    assert result.locked == frozenset() and result.settings.speed == 99 and len(result.info) == 1


def test_one_bad_lock_name_keeps_the_other_locks(tmp_path):
    site = write(tmp_path / "site.toml", 'locked = ["feeds", "no_such_key"]\n')
    result = load(site, None, None, {"feeds": ["http://x/"]})
    assert result.locked == frozenset({"feeds"}) and result.settings.feeds == ()
    assert len(result.errors) == 1 and "no_such_key" in result.errors[0]


def test_load_settings_never_raises_on_garbage_cli_values():
    result = load(cli={"speed": object(), "nonsense": 1, "feeds": None})
    assert result.settings == Settings() and len(result.errors) == 3


# --- default paths -------------------------------------------------------------------------------------


def test_default_paths_follow_xdg(fresh_dirs):
    paths = default_paths()
    site, user, cache = paths
    assert site == fresh_dirs["site-config"] / "notice-ticker" / "ticker.toml"
    assert user == fresh_dirs["config"] / "notice-ticker" / "ticker.toml"
    assert cache == fresh_dirs["cache"] / "notice-ticker"
    assert paths.site_file == site


# --- saving -------------------------------------------------------------------------------------------------


def test_save_writes_only_non_default_non_locked_values_and_round_trips(tmp_path):
    path = tmp_path / "deep" / "dir" / "ticker.toml"
    values = dict(Settings()) | {"speed": 120, "audience": ("총무과",), "feeds": ["http://a/f"], "locked": ["speed"]}
    save_user_settings(path, values, locked=frozenset({"feeds"}))
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data == {"speed": 120, "audience": ["총무과"]}
    assert load(None, path).settings == Settings().replace(speed=120, audience=("총무과",))
    assert not [p for p in path.parent.iterdir() if p.name != "ticker.toml"]  # no temp files left


def test_save_rejects_bad_values_and_keeps_the_old_file(tmp_path):
    path = write(tmp_path / "ticker.toml", "speed = 70\n")
    with pytest.raises(SettingValueError):
        save_user_settings(path, {"speed": 90, "poll_interval": 1})
    assert path.read_text() == "speed = 70\n"


def test_save_failure_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    path = write(tmp_path / "ticker.toml", "speed = 70\n")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_user_settings(path, {"speed": 90})
    assert path.read_text() == "speed = 70\n" and [p.name for p in tmp_path.iterdir()] == ["ticker.toml"]


# --- command line -----------------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="notice-ticker")
    add_cli_arguments(parser)
    return cli_values_from_args(parser.parse_args(argv))


def test_cli_flags_are_generated_from_the_declaration():
    values = parse_args([
        "--feed", "http://a/f.json", "--feed", "https://b/rss", "--poll-interval", "30", "--font-size", "14",
        "--no-reduced-motion", "--allow-quit", "--screen", "1", "--position", "top", "--categories", "event,issue",
        "--audience", "총무과,민원과", "--label", "완산구", "--language", "en", "--long-poll-wait", "20",
    ])
    assert values == {
        "feeds": ["http://a/f.json", "https://b/rss"], "poll_interval": 30, "font_size": 14,
        "reduced_motion": False, "allow_quit": True, "screen": "1", "position": "top",
        "categories": ["event", "issue"], "audience": ["총무과", "민원과"], "label": "완산구", "language": "en",
        "long_poll_wait": 20,
    }
    assert load(cli=values).errors == []


def test_cli_without_flags_gives_no_values():
    assert parse_args([]) == {}


def test_every_cli_setting_has_a_flag_and_locked_has_none():
    parser = argparse.ArgumentParser()
    add_cli_arguments(parser)
    flags = parser._option_string_actions
    for setting in SETTINGS:
        assert (setting.flag in flags) == setting.cli
        if setting.type is bool and setting.cli:
            assert "--no-" + setting.flag[2:] in flags
    assert "--locked" not in flags and "--feed" in flags


def test_cli_rejects_wrong_choices_and_types(capsys):
    for argv in (["--position", "left"], ["--poll-interval", "soon"]):
        with pytest.raises(SystemExit):
            parse_args(argv)
    capsys.readouterr()


def test_cli_range_errors_are_load_errors():
    result = load(cli=parse_args(["--poll-interval", "3"]))
    assert result.settings.poll_interval == 60 and "poll_interval" in result.errors[0]


def test_the_declaration_imports_neither_the_file_layer_nor_the_command_line():
    # ticker.settings is the bottom layer: the loader and the CLI build on it, never the reverse.
    code = ("import sys, ticker.settings; "
            "assert not {'ticker.settings_files', 'ticker.settings_cli'} & set(sys.modules), sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    for first, second in (("settings_files", "settings_cli"), ("settings_cli", "settings_files")):
        subprocess.run([sys.executable, "-c", f"import ticker.{first}, ticker.{second}"], check=True, cwd=ROOT)
    with pytest.raises(AttributeError):
        settings_module.load_settings  # noqa: B018 - no re-export: one home per name


# --- the shipped example file and the docs table ------------------------------------------------------------


def test_example_ticker_toml_documents_every_key(tmp_path):
    text = (ROOT / "resources" / "ticker.toml").read_text(encoding="utf-8")
    assert load(None, write(tmp_path / "as-is.toml", text)).settings == Settings()  # all commented out
    uncommented = "\n".join(line[2:] for line in text.splitlines() if re.match(r"# [a-z_]+ = ", line))
    example = tomllib.loads(uncommented)
    assert set(example) == set(SETTINGS_BY_NAME)
    result = load(write(tmp_path / "site.toml", uncommented))
    assert result.errors == []
    # Everything but the illustrative feeds/audience/locked lines shows the real default.
    for name, value in example.items():
        if name not in ("feeds", "audience", "locked"):
            assert check_value(SETTINGS_BY_NAME[name], value) == SETTINGS_BY_NAME[name].default, name


def test_gen_config_table_lists_every_setting():
    out = subprocess.run([sys.executable, "scripts/gen_config_table.py", "--lang", "en"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    rows = [line for line in out.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == [s.name for s in SETTINGS]
    assert "`--poll-interval`" in out and "≥ 10" in out and "`--feed URL` (repeatable)" in out


def test_saving_only_the_changed_values_keeps_the_rest_of_the_file(tmp_path):
    path = tmp_path / "ticker.toml"
    save_user_settings(path, {"speed": 120, "label": "완산구"})
    save_user_settings(path, {"font_size": 16})  # what the dialog does: only what changed
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"speed": 120, "label": "완산구", "font_size": 16}
    save_user_settings(path, {"speed": 80})  # back to the default: the key leaves the file
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"label": "완산구", "font_size": 16}


def test_saving_keeps_unknown_keys_and_drops_invalid_ones(tmp_path):
    path = write(tmp_path / "ticker.toml", 'future_key = "x"\nspeed = -5\nfont_size = 20\n')
    save_user_settings(path, {"label": "A"})
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"future_key": "x", "font_size": 20, "label": "A"}


def test_saving_against_the_site_layer_writes_a_default_that_overrides_it(tmp_path):
    site = write(tmp_path / "site.toml", "speed = 50\n")
    user = tmp_path / "user.toml"
    base = load(site).settings
    save_user_settings(user, {"speed": 80, "font_size": 12}, base=base)
    assert tomllib.loads(user.read_text(encoding="utf-8")) == {"speed": 80}
    assert load(site, user).settings.speed == 80


def test_saving_unknown_keys_is_a_programming_error(tmp_path):
    with pytest.raises(KeyError):
        save_user_settings(tmp_path / "t.toml", {"colour": "red"})
    assert not (tmp_path / "t.toml").exists()


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
