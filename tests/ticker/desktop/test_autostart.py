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


class FakeRegistry:
    def __init__(self, values=None):
        self.values = dict(values or {})

    def get(self, hive, key, name):
        return self.values.get((hive, key, name))

    def set(self, hive, key, name, value):
        self.values[(hive, key, name)] = value

    def delete(self, hive, key, name):
        self.values.pop((hive, key, name), None)


HKLM_RUN = (autostart.HKLM, autostart.RUN_KEY, autostart.RUN_VALUE)
HKCU_RUN = (autostart.HKCU, autostart.RUN_KEY, autostart.RUN_VALUE)
APPROVED = (autostart.HKCU, autostart.APPROVED_KEY, autostart.RUN_VALUE)
EXE = r'"C:\Program Files\Notice Ticker\notice-ticker.exe"'


def test_windows_user_toggle_without_installer_entry_uses_hkcu_run():
    reg = FakeRegistry()
    assert not autostart.win_is_enabled(reg)
    autostart.win_apply(reg, True, EXE)
    assert reg.values == {HKCU_RUN: EXE}
    assert autostart.win_is_enabled(reg)
    autostart.win_apply(reg, False, EXE)
    assert reg.values == {}
    assert not autostart.win_is_enabled(reg)


def test_windows_toggle_of_the_all_users_entry_only_flips_this_users_approval():
    reg = FakeRegistry({HKLM_RUN: EXE})
    assert autostart.win_is_enabled(reg)
    autostart.win_apply(reg, False, EXE)
    assert reg.values[HKLM_RUN] == EXE, "the installer's entry is never touched"
    assert reg.values[APPROVED][0] == 3 and len(reg.values[APPROVED]) == 12
    assert HKCU_RUN not in reg.values
    assert not autostart.win_is_enabled(reg)
    autostart.win_apply(reg, True, EXE)
    # no HKCU Run value: it would start a second copy at log-in
    assert HKCU_RUN not in reg.values and reg.values[APPROVED][0] == 2
    assert autostart.win_is_enabled(reg)


def test_windows_enable_cleans_up_a_duplicate_user_entry():
    reg = FakeRegistry({HKLM_RUN: EXE, HKCU_RUN: EXE})
    autostart.win_apply(reg, True, EXE)
    assert HKCU_RUN not in reg.values and autostart.win_is_enabled(reg)


def test_windows_user_entry_disabled_in_task_manager_is_re_enabled():
    reg = FakeRegistry({HKCU_RUN: EXE, APPROVED: bytes([3]) + bytes(11)})
    assert not autostart.win_is_enabled(reg)
    autostart.win_apply(reg, True, EXE)
    assert reg.values[APPROVED][0] == 2 and autostart.win_is_enabled(reg)
    # Windows' own "enabled" variants are even first bytes (06 seen on Windows 11)
    reg.values[APPROVED] = bytes([6]) + bytes(11)
    assert autostart.win_is_enabled(reg)
