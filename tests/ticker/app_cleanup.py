"""Tearing down a TickerApp in tests that build the composition root."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent


def dispose(app) -> None:
    """Shut down and delete on this (GUI) thread, then collect: never leave widgets to a GC
    pass that might run on a worker thread."""
    app.shutdown()
    app.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
