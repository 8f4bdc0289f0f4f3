"""The Windows backend imports on Linux and its pure parts behave."""

from __future__ import annotations

import ctypes
import sys

import pytest

from ticker.desktop import detect_backend, win32
from ticker.desktop.geometry import Rect, WinRect


def test_module_imports_on_linux_and_defers_the_windows_dlls():
    if sys.platform != "win32":
        assert not hasattr(ctypes, "WinDLL")
        with pytest.raises(AttributeError):  # ctypes.WinDLL: only the real shell needs it
            win32.Win32Shell()


@pytest.mark.parametrize("wparam, lparam, expected", [
    (win32.ABN_POSCHANGED, 0, ("poschanged", None)),
    (win32.ABN_FULLSCREENAPP, 1, ("fullscreen", True)),
    (win32.ABN_FULLSCREENAPP, 0, ("fullscreen", False)),
    (win32.ABN_STATECHANGE, 0, ("state", None)),
    (0x77, 0, ("unknown", None)),
])
def test_decode_notification(wparam, lparam, expected):
    assert win32.decode_notification(wparam, lparam) == expected


def test_route_message():
    cb, tc = win32.APPBAR_CALLBACK, 0xC0FE
    assert win32.route_message(cb, cb, tc) == "appbar"
    assert win32.route_message(tc, cb, tc) == "taskbar_created"
    assert win32.route_message(0x0F, cb, tc) == "ignore"
    assert win32.route_message(0, cb, 0) == "ignore"  # RegisterWindowMessage failed


def test_plan_rect_is_physical_on_a_scaled_second_monitor():
    # 2560x1440 at 125 % to the right of a 1920x1080 monitor: Qt reports 2048x1152 logical
    assert win32.plan_rect(Rect(1920, 0, 2048, 1152), 1.25, "bottom", 32) == \
        WinRect(1920, 1440 - 40, 1920 + 2560, 1440)


@pytest.mark.parametrize("platform, os_name, expected", [
    ("xcb", "linux", "x11"), ("wayland", "linux", "fallback"), ("offscreen", "linux", "fallback"),
    ("windows", "win32", "win32"), ("cocoa", "darwin", "fallback"),
])
def test_detect_backend(platform, os_name, expected):
    assert detect_backend(platform, os_name) == expected
