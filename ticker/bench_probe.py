"""NOTICE_TICKER_BENCH=1: print timestamps of the bar's first frame and of newly shown notices.

bench/bench_ticker.py reads these lines from stdout. Off by default; costs nothing then.
Lines (wall-clock seconds since the epoch, so another process can compare):

    NOTICE_TICKER_BENCH first_frame <t> items=<n>
    NOTICE_TICKER_BENCH on_bar <id> <t>      (the id is in the painted strip)
    NOTICE_TICKER_BENCH on_screen <id> <t>   (the id is inside the visible viewport)
<id> is the id the server gave the notice (Notice.source_id), not the feed-scoped key.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer

PREFIX = "NOTICE_TICKER_BENCH"


class BenchProbe(QObject):
    def __init__(self, out=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._out = out or sys.stdout
        self._first = True
        self._on_bar: set[str] = set()
        self._on_screen: set[str] = set()

    def watch(self, bar) -> None:
        bar.installEventFilter(self)

    def _say(self, text: str) -> None:
        if self._out is not None:
            print(f"{PREFIX} {text}", file=self._out, flush=True)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            # Report just after this paint has been handled (the frame exists then).
            QTimer.singleShot(0, lambda bar=obj: self._after_paint(bar))
        return False

    def _after_paint(self, bar) -> None:
        now = time.time()
        try:
            items = list(dict.fromkeys(bar.playlist_ids()))
            on_screen = bar.visible_item_ids()
        except RuntimeError:  # the bar was deleted meanwhile
            return
        if self._first:
            self._first = False
            self._say(f"first_frame {now:.6f} items={len(items)}")
        for notice_id in items:
            if notice_id not in self._on_bar:
                self._on_bar.add(notice_id)
                self._say(f"on_bar {self._server_id(bar, notice_id)} {now:.6f}")
        for notice_id in on_screen:
            if notice_id not in self._on_screen:
                self._on_screen.add(notice_id)
                self._say(f"on_screen {self._server_id(bar, notice_id)} {now:.6f}")

    @staticmethod
    def _server_id(bar, notice_id: str) -> str:
        notice = bar.notice_by_id(notice_id)
        return (notice.source_id if notice is not None else "") or notice_id
