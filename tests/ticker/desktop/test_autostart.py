"""XDG autostart toggle, on real files in the per-test XDG dirs."""

from __future__ import annotations

import configparser

from ticker.desktop import autostart


def read_entry(path):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def install_system_entry(fresh_dirs):
    path = fresh_dirs["site-config"] / "autostart" / autostart.ENTRY
    path.parent.mkdir(parents=True)
    path.write_text("[Desktop Entry]\nType=Application\nName=Notice Ticker\n"
                    "Exec=/usr/bin/notice-ticker\n", encoding="utf-8")
    return path


def test_without_system_entry_toggle_writes_and_removes_user_entry(fresh_dirs):
    user = fresh_dirs["config"] / "autostart" / autostart.ENTRY
    assert not autostart.is_enabled()
    autostart.set_autostart(True)
    entry = read_entry(user)
    assert entry["Type"] == "Application"
    assert "-m ticker" in entry["Exec"] or entry["Exec"].endswith("notice-ticker")
    assert "Hidden" not in entry
    assert autostart.is_enabled()
    autostart.set_autostart(False)
    assert not user.exists()
    assert not autostart.is_enabled()


def test_system_entry_is_hidden_per_user_and_restored(fresh_dirs):
    system = install_system_entry(fresh_dirs)
    user = fresh_dirs["config"] / "autostart" / autostart.ENTRY
    assert autostart.system_entry() == system
    assert autostart.is_enabled()
    autostart.set_autostart(True)  # nothing to do: the package's entry starts the bar
    assert not user.exists()
    autostart.set_autostart(False)
    assert read_entry(user)["Hidden"] == "true"
    assert not autostart.is_enabled()
    assert system.is_file(), "the package's entry is never touched"
    autostart.set_autostart(True)
    assert not user.exists()
    assert autostart.is_enabled()


def test_disable_is_idempotent(fresh_dirs):
    install_system_entry(fresh_dirs)
    autostart.set_autostart(False)
    user = fresh_dirs["config"] / "autostart" / autostart.ENTRY
    first = user.read_text(encoding="utf-8")
    autostart.set_autostart(False)
    assert user.read_text(encoding="utf-8") == first
