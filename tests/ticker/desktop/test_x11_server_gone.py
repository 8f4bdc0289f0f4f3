"""When the X server goes away (logout, a killed Xvfb), our own Xlib connection ends quietly.

The test's Xvfb stays up: each test cuts only the probe's or dock's private connection,
which is what python-xlib sees when the server dies.
"""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from ticker.desktop.fullscreen import FullscreenWatcher


@pytest.fixture
def x11(qapp):
    if QGuiApplication.platformName() != "xcb":
        pytest.skip("needs the xcb platform (run under Xvfb)")
    from ticker.desktop import x11
    return x11


def cut(xdpy) -> None:
    """The server end of the connection goes away."""
    xdpy.display.socket.shutdown(socket.SHUT_RDWR)


class CountingProbe:
    """Wraps the real probe to count how often the watcher reads the socket."""

    def __init__(self, probe) -> None:
        self.probe, self.drains = probe, 0

    def __getattr__(self, name):
        return getattr(self.probe, name)

    def drain(self) -> bool:
        self.drains += 1
        return self.probe.drain()


def test_the_probe_goes_quiet_when_its_connection_drops(x11):
    xdpy = x11.open_display()
    probe = x11.X11ActiveWindowProbe(xdpy)
    assert probe.fullscreen_rect([]) is None and not probe.closed
    cut(xdpy)
    assert probe.drain() is False
    assert probe.closed
    assert probe.fullscreen_rect([]) is None
    probe.close()  # nothing left to close; no exception


def test_the_watcher_stops_reading_a_dead_socket(x11, qapp, qtbot):
    xdpy = x11.open_display()
    probe = CountingProbe(x11.X11ActiveWindowProbe(xdpy))
    watcher = FullscreenWatcher(qapp, probe)
    try:
        cut(xdpy)
        qtbot.waitUntil(lambda: probe.closed, timeout=3000)
        settled = probe.drains
        qtbot.wait(300)  # a dead socket stays readable: an enabled notifier would spin
        assert probe.drains - settled <= 1
    finally:
        watcher.close()


def test_releasing_the_struts_after_the_server_went_away_is_quiet(x11, qapp, qtbot):
    widget = QWidget(None, Qt.WindowType.FramelessWindowHint | Qt.WindowType.Tool)
    qtbot.addWidget(widget)
    xdpy = x11.open_display()
    dock = x11.X11Dock(xdpy, widget, qapp.primaryScreen(), height=30)
    dock.apply()
    widget.show()
    assert dock.strut is not None
    cut(xdpy)
    dock.release()  # would raise ConnectionClosedError
    assert dock.strut is None
    dock.apply()  # so would a late re-dock
    x11.close_display(xdpy)
