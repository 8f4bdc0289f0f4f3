"""Per-user autostart toggle (the settings dialog calls it unless ``autostart`` is locked).

API: ``set_autostart(enabled: bool) -> None``, ``is_enabled() -> bool``,
``system_entry() -> Path | None`` (Linux).

* Linux: XDG autostart. The .deb installs the system-wide entry
  ``/etc/xdg/autostart/notice-ticker.desktop``; a user turns it off with a same-named
  entry in ``~/.config/autostart`` that says ``Hidden=true`` (the XDG Autostart spec),
  and on again by removing that override. Without a system entry (pip/source installs)
  the user entry itself starts the bar.
* Windows: ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`` value
  ``NoticeTicker``. The installer's all-users entry is ``HKLM\\...\\Run``; turning that
  off for one user marks it disabled in ``HKCU\\...\\Explorer\\StartupApproved\\Run``,
  which is what Task Manager's Startup tab does (best effort, untested here).
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
def _win_set(enabled: bool) -> None:  # pragma: no cover - Windows only
    import winreg

    command = " ".join(f'"{part}"' for part in launch_command())
    with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
        if enabled:
            winreg.SetValueEx(key, RUN_VALUE, 0, winreg.REG_SZ, command)
        else:
            try:
                winreg.DeleteValue(key, RUN_VALUE)
            except FileNotFoundError:
                pass
    if _hklm_entry():
        # 12 bytes: first byte 2 = enabled, 3 = disabled (as Task Manager writes it)
        flag = bytes([2 if enabled else 3]) + bytes(11)
        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, APPROVED_KEY) as key:
            winreg.SetValueEx(key, RUN_VALUE, 0, winreg.REG_BINARY, flag)


def _hklm_entry() -> bool:  # pragma: no cover - Windows only
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, RUN_KEY) as key:
            winreg.QueryValueEx(key, RUN_VALUE)
            return True
    except OSError:
        return False


def _win_enabled() -> bool:  # pragma: no cover - Windows only
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            winreg.QueryValueEx(key, RUN_VALUE)
            return True
    except OSError:
        pass
    if not _hklm_entry():
        return False
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, APPROVED_KEY) as key:
            value, _ = winreg.QueryValueEx(key, RUN_VALUE)
            return not value or value[0] != 3
    except OSError:
        return True


# -- public ---------------------------------------------------------------------------------
def set_autostart(enabled: bool) -> None:
    """Turn autostart at log-in on or off for the current user."""
    if sys.platform == "win32":
        _win_set(enabled)
    elif sys.platform == "darwin":
        log.info("autostart is not supported on macOS; use Login Items")
        return
    else:
        _xdg_set(enabled)
    log.info("autostart %s for this user", "enabled" if enabled else "disabled")


set_enabled = set_autostart


def is_enabled() -> bool:
    if sys.platform == "win32":
        return _win_enabled()
    if sys.platform == "darwin":
        return False
    return _xdg_enabled()
