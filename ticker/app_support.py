"""Small helpers of the composition root (ticker/app.py): PySide's import hook, the local
clock, GUI-thread garbage collection and the after-first-paint hook."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget


def stop_pyside_source_cache() -> bool:
    """Keep PySide's import hook from caching the source text of every module imported.

    PySide6's ``__feature__`` support checks each newly imported module for "PySide6" with
    ``inspect.getsource``, which leaves the module's whole source in ``linecache`` for the
    life of the process: ~10 MB for the ~300 modules the ticker imports, and clearing the
    cache later does not give the memory back (the freed objects are scattered over
    pymalloc arenas). This does the same check by reading the source once, uncached.
    Private PySide API: if it is not there, nothing changes. Returns True if applied.
    """
    import sys

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False

    def uses_pyside(module) -> bool:
        spec = getattr(module, "__spec__", None)
        loader = getattr(spec, "loader", None)
        try:
            source = loader.get_source(spec.name)  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001 - no source (frozen, built-in): not a PySide user
            return False
        return bool(source) and "PySide6" in source

    feature._mod_uses_pyside = uses_pyside
    return True


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class MainThreadGC(QObject):
    """Runs Python's cyclic garbage collector on the GUI thread only.

    Left automatic, a collection can run on a poller thread and free the last reference to
    a widget there; shiboken then defers the C++ delete, which has crashed (seen in tests).
    After start-up the long-lived objects are frozen, so each periodic pass is cheap.
    """

    INTERVAL_MS = 60_000

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._timer.timeout.connect(self.collect)
        self._was_enabled = gc.isenabled()

    def start(self) -> None:
        gc.collect()
        gc.freeze()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.unfreeze()
        if self._was_enabled:
            gc.enable()

    @staticmethod
    def collect() -> None:
        gc.collect()


class AfterFirstPaint(QObject):
    """Calls ``callback`` once, right after the first watched widget has painted.

    Start-up shows the cached notices first and only then imports and starts the network
    stack (requests, APScheduler), which would otherwise delay the first frame. If nothing
    paints (every bar hidden: snoozed, full screen), ``fallback_ms`` fires it anyway.
    """

    def __init__(self, callback: Callable[[], None], fallback_ms: int = 1500,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._callback = callback
        self._done = False
        self._watched: list[QWidget] = []
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.setInterval(fallback_ms)
        self._fallback.timeout.connect(self.fire)

    def watch(self, widgets: Iterable[QWidget]) -> None:
        for widget in widgets:
            widget.installEventFilter(self)
            self._watched.append(widget)
        self._fallback.start()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint and not self._done:
            QTimer.singleShot(0, self.fire)  # after this paint has reached the screen
        return False

    def fire(self) -> None:
        if self._done:
            return
        self._done = True
        self._fallback.stop()
        for widget in self._watched:
            try:
                widget.removeEventFilter(self)
            except RuntimeError:  # already deleted
                pass
        self._watched.clear()
        self._callback()
