"""FullscreenWatcher's lifetime: once closed, the application's signals no longer hold it."""

from __future__ import annotations

import gc
import socket
import weakref

from ticker.desktop.fullscreen import FullscreenWatcher


class QuietProbe:
    """A probe on a local socket that never sees a full-screen window."""

    def __init__(self) -> None:
        self.ours, self.theirs = socket.socketpair()
        self.closed = False

    def fileno(self) -> int:
        return self.ours.fileno()

    def fullscreen_rect(self, rects):
        return None

    def drain(self) -> bool:
        return False

    def close(self) -> None:
        self.closed = True
        self.ours.close()
        self.theirs.close()


def test_a_closed_watcher_is_not_kept_alive_by_the_application(qapp):
    probe = QuietProbe()
    watcher = FullscreenWatcher(qapp, probe)
    watcher.close()
    assert probe.closed
    gone = weakref.ref(watcher)
    del watcher
    gc.collect()
    assert gone() is None  # the application's screen signals held it before
