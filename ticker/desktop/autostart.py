"""Per-user autostart toggle (the settings dialog calls it unless ``autostart`` is locked).

API: ``set_autostart(enabled: bool) -> None``, ``is_enabled() -> bool``,
``system_entry() -> Path | None`` (Linux).

* Linux: XDG autostart. The .deb installs the system-wide entry
  ``/etc/xdg/autostart/notice-ticker.desktop``; a user turns it off with a same-named
  entry in ``~/.config/autostart`` that says ``Hidden=true`` (the XDG Autostart spec),
  and on again by removing that override. Without a system entry (pip/source installs)
  the user entry itself starts the bar.
* Windows: the installer's all-users entry is the ``HKLM\\...\\Run`` value
  ``NoticeTicker``; a user turns it off/on with this user's flag in
  ``HKCU\\...\\Explorer\\StartupApproved\\Run`` (what Task Manager's Startup tab does).
  Without the HKLM entry the toggle writes/deletes ``HKCU\\...\\Run`` ``NoticeTicker``.
  The decisions (:func:`win_apply`) are tested against a fake registry; ``winreg`` itself
  only on Windows.
* macOS: not supported (logged).
"""

from __future__ import annotations

import logging
import os
import shlex
import sys
from pathlib import Path

log = logging.getLogger(__name__)

ENTRY = "notice-ticker.desktop"
RUN_VALUE = "NoticeTicker"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
APPROVED_KEY = r"Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"


def launch_command() -> list[str]:
    """How to start this very program again (frozen exe, or ``python -m ticker``)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "ticker"]


# -- Linux (XDG) --------------------------------------------------------------------------
def _config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def _config_dirs() -> list[Path]:
    dirs = os.environ.get("XDG_CONFIG_DIRS") or "/etc/xdg"
    return [Path(d) for d in dirs.split(":") if d]


def user_entry() -> Path:
    return _config_home() / "autostart" / ENTRY


def system_entry() -> Path | None:
    for directory in _config_dirs():
        path = directory / "autostart" / ENTRY
        if path.is_file():
            return path
    return None


def _entry_text(hidden: bool) -> str:
    exec_line = " ".join(shlex.quote(part) for part in launch_command())
    lines = ["[Desktop Entry]", "Type=Application", "Name=Notice Ticker",
             "Name[ko]=시정 알림 티커", f"Exec={exec_line}", "Icon=notice-ticker",
             "Terminal=false", "NoDisplay=true", "X-GNOME-Autostart-enabled=" +
             ("false" if hidden else "true")]
    if hidden:
        lines.append("Hidden=true")
    return "\n".join(lines) + "\n"


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _is_hidden(path: Path) -> bool:
    text = path.read_text(encoding="utf-8", errors="replace")
    keys = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            keys[key.strip()] = value.strip().lower()
    return keys.get("Hidden") == "true" or keys.get("X-GNOME-Autostart-enabled") == "false"


def _xdg_set(enabled: bool) -> None:
    user, system = user_entry(), system_entry()
    if enabled:
        if system is not None:
            if user.exists():  # drop the user's override; the system entry starts us
                user.unlink()
        elif not user.exists() or _is_hidden(user):
            _write_atomic(user, _entry_text(hidden=False))
    else:
        if system is not None:
            if not user.exists() or not _is_hidden(user):
                _write_atomic(user, _entry_text(hidden=True))
        elif user.exists():
            user.unlink()


def _xdg_enabled() -> bool:
    user = user_entry()
    if user.exists():
        return not _is_hidden(user)
    return system_entry() is not None


# -- Windows (registry) -------------------------------------------------------------------
HKCU, HKLM = "HKCU", "HKLM"


def approved_flag(enabled: bool) -> bytes:
    """A StartupApproved value as Task Manager writes it: 12 bytes, first byte 2 = enabled,
    3 = disabled (Windows treats even as enabled, odd as disabled)."""
    return bytes([2 if enabled else 3]) + bytes(11)


def win_apply(reg, enabled: bool, command: str) -> None:
    """Turn autostart on/off for this user. ``reg``: ``get(hive, key, name)``,
    ``set(hive, key, name, value)`` (str → REG_SZ, bytes → REG_BINARY), ``delete(...)``.

    With the installer's all-users ``HKLM`` Run value, only this user's StartupApproved
    flag changes (an extra ``HKCU`` Run value would start a second copy at log-in).
    Without it, the ``HKCU`` Run value is the entry itself.
    """
    machine = reg.get(HKLM, RUN_KEY, RUN_VALUE) is not None
    if enabled and not machine:
        reg.set(HKCU, RUN_KEY, RUN_VALUE, command)
    else:
        reg.delete(HKCU, RUN_KEY, RUN_VALUE)
    # the flag also covers a user entry the user once disabled in Task Manager
    if machine or reg.get(HKCU, APPROVED_KEY, RUN_VALUE) is not None:
        reg.set(HKCU, APPROVED_KEY, RUN_VALUE, approved_flag(enabled))


def win_is_enabled(reg) -> bool:
    if reg.get(HKLM, RUN_KEY, RUN_VALUE) is None and reg.get(HKCU, RUN_KEY, RUN_VALUE) is None:
        return False
    flag = reg.get(HKCU, APPROVED_KEY, RUN_VALUE)
    return not flag or flag[0] % 2 == 0


class WinRegistry:  # pragma: no cover - Windows only
    """``winreg`` behind the small interface :func:`win_apply` uses."""

    def __init__(self) -> None:
        import winreg
        self._w = winreg
        self._hives = {HKCU: winreg.HKEY_CURRENT_USER, HKLM: winreg.HKEY_LOCAL_MACHINE}

    def get(self, hive: str, key: str, name: str):
        try:
            with self._w.OpenKey(self._hives[hive], key) as k:
                return self._w.QueryValueEx(k, name)[0]
        except OSError:
            return None

    def set(self, hive: str, key: str, name: str, value) -> None:
        kind = self._w.REG_BINARY if isinstance(value, bytes) else self._w.REG_SZ
        with self._w.CreateKey(self._hives[hive], key) as k:
            self._w.SetValueEx(k, name, 0, kind, value)

    def delete(self, hive: str, key: str, name: str) -> None:
        try:
            with self._w.OpenKey(self._hives[hive], key, 0, self._w.KEY_SET_VALUE) as k:
                self._w.DeleteValue(k, name)
        except OSError:
            pass


def win_command() -> str:
    return " ".join(f'"{part}"' for part in launch_command())


# -- public ---------------------------------------------------------------------------------
def set_autostart(enabled: bool) -> None:
    """Turn autostart at log-in on or off for the current user."""
    if sys.platform == "win32":
        win_apply(WinRegistry(), enabled, win_command())
    elif sys.platform == "darwin":
        log.info("autostart is not supported on macOS; use Login Items")
        return
    else:
        _xdg_set(enabled)
    log.info("autostart %s for this user", "enabled" if enabled else "disabled")


set_enabled = set_autostart


def is_enabled() -> bool:
    if sys.platform == "win32":
        return win_is_enabled(WinRegistry())
    if sys.platform == "darwin":
        return False
    return _xdg_enabled()
