"""The bar's clocks: where the animator reads "now" (milliseconds, monotonic).

Every position the bar shows is a function of this clock. The real one runs on its own;
the manual one only moves when told (tests, the paint soak), and says so, so the animator
can catch up at once instead of on its next timer tick.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QObject, Signal


class MonotonicClock(QObject):
    """Real time. Qt's animations run on real time too, so a bar on this clock may hand
    plain scrolling to the glide strip."""

    moved = Signal()  # never emitted: real time has no jumps
    glides = True

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._elapsed = QElapsedTimer()
        self._elapsed.start()

    def now_ms(self) -> float:
        return float(self._elapsed.elapsed())


class ManualClock(QObject):
    """Time that only moves by ``advance``. ``glides``: whether the bar may still hand plain
    scrolling to the glide strip, which then moves on Qt's real animation time; off by
    default, so the bar paints every frame from this clock alone."""

    moved = Signal()  # advanced: what is shown and which timers run may have changed

    def __init__(self, ms: float = 0.0, glides: bool = False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ms = float(ms)
        self.glides = glides

    def now_ms(self) -> float:
        return self.ms

    def advance(self, ms: float) -> None:
        self.ms += ms
        self.moved.emit()
