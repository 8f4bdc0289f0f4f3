"""ticker.settings_files: layered loading, errors and locks, default paths, saving."""


from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from pathlib import Path

import pytest

from ticker.i18n import bilingual
from ticker.settings import SETTINGS_BY_NAME, Settings, SettingValueError, check_value
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


def load(site=None, user=None, config=None, cli=None) -> LoadResult:
    """load_settings with its messages as the log and the tray show them (Korean (English))."""
    result = load_settings(site, user, config, cli or {})
    return dataclasses.replace(result, errors=bilingual(result.errors), info=bilingual(result.info))


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
    assert load(None, path).settings == Settings({"speed": 120, "audience": ("총무과",)})
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


# --- the shipped example file ------------------------------------------------------------------


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
