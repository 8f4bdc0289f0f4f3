"""Steady scrolling without Python on the frame path.

While the bar just scrolls (no hover, step, pulse or reduced motion), the tiles sit as
opaque QLabels on one wide strip that a QPropertyAnimation moves: Qt's animation timer,
the move and the label painting all run in C++. Because the strip is opaque and nothing
overlaps it, Qt scrolls it with a blit of the backing store (on X11 a server-side
CopyArea) and only paints the few pixels that come in at the right edge.

The strip holds one period of the tape plus one viewport width, so moving it from 0 to
-period and starting over is seamless. While it runs, what it shows is the offset: the bar
adopts it before handing over to its own painting for anything but plain scrolling.

At 125 % or 150 % a logical pixel is not a whole number of device pixels, and Qt only
blits a move whose device-pixel delta is whole; other moves repaint the whole strip. There
the strip moves in steps of the device grid (4 logical px = 5 device px at 125 %, 2 = 3 at
150 %; ``scroll_math.device_grid``), driven by a timer that fires once per step, and
tiles and the strip's origin sit on that grid, so text stays on whole device pixels. The
steps follow the bar's clock (``now_ms()``), so a test can drive them.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEasingCurve, QPoint, QPropertyAnimation, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPalette, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from ticker.ui import scroll_math as sm


class Glide(QWidget):
    """A child of the bar covering its scrolling area; hidden unless gliding."""

    def __init__(self, parent: QWidget, background: QColor, clock) -> None:
        super().__init__(parent)
        # The bar keeps every mouse event: hover pause, clicks, wheel and tooltips.
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        self._strip = QWidget(self)
        self._strip.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        palette = self._strip.palette()
        palette.setColor(QPalette.ColorRole.Window, background)
        self._strip.setPalette(palette)
        self._strip.setAutoFillBackground(True)  # opaque: moves become blits
        self._labels: list[QLabel] = []
        self._animation = QPropertyAnimation(self._strip, b"pos", self)
        self._animation.setEasingCurve(QEasingCurve.Type.Linear)
        self._animation.setLoopCount(-1)
        # Grid steps (fractional scales): a timer per step instead of the animation.
        self._stepper = QTimer(self)
        self._stepper.setTimerType(Qt.TimerType.PreciseTimer)
        self._stepper.timeout.connect(self._step)
        self._clock = clock  # now_ms(): times the grid steps
        self._started_ms = 0.0
        self._start_offset = 0.0
        self._grid = 1
        self._period = 0
        self._speed = 0.0
        self._y = 0
        self._placement: tuple[int, int, int, int, int] | None = None  # (area, tile_y) loaded

    def load(self, tiles: list[QPixmap], layout: sm.TapeLayout, area: QRect, tile_y: int,
             grid: int = 1) -> None:
        """Lay the tiles out on the strip, unless they already are for this place (new
        tiles come with ``unload`` first). ``area`` is this widget's rect in the bar and
        ``tile_y`` the tiles' top relative to it (the bar's edge line may sit above);
        ``grid`` the step in logical px that is a whole number of device px."""
        placement = (area.x(), area.y(), area.width(), area.height(), tile_y, grid)
        if placement == self._placement:
            return
        self.stop()
        self.setGeometry(area)
        self._period = round(layout.period)
        self._grid = max(1, grid)
        self._y = tile_y
        width = self._period + area.width()
        height = max((_logical(t.height(), t) for t in tiles), default=area.height())
        self._strip.setGeometry(0, tile_y, width, height)
        placed = sm.tiles_in_viewport(layout, 0.0, width)
        while len(self._labels) < len(placed):
            label = QLabel(self._strip)
            label.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # tiles are opaque
            self._labels.append(label)
        for label in self._labels[len(placed):]:
            label.hide()  # deleteLater alone leaves it on screen until the event loop runs
            label.deleteLater()
        del self._labels[len(placed):]
        for label, (index, x) in zip(self._labels, placed, strict=True):
            tile = tiles[index]
            label.setPixmap(tile)
            label.setGeometry(round(x), 0, _logical(tile.width(), tile), _logical(tile.height(), tile))
        self._placement = placement

    def unload(self) -> None:
        self.stop()
        self._placement = None

    def start(self, offset: float, speed: float) -> None:
        """Scroll on from ``offset`` (tape px) at ``speed`` px/s."""
        if self._period <= 0 or speed <= 0:
            return
        self._speed = float(speed)
        self._animation.stop()
        self._stepper.stop()
        if self._grid > 1:
            # From the grid step at or after the offset: a hand-over from the bar's own
            # painting moves on by less than one step, never back.
            self._start_offset = sm.snap_up(sm.wrap(offset, self._period), self._grid)
            self._started_ms = self._clock.now_ms()
            self._stepper.start(max(1, round(self._grid * 1000.0 / self._speed)))
            self._step()
            self.show()
            return
        self._animation.setStartValue(QPoint(0, self._y))
        self._animation.setEndValue(QPoint(-self._period, self._y))
        self._animation.setDuration(max(1, round(self._period * 1000.0 / self._speed)))
        self._animation.start()
        into = sm.wrap(offset, self._period) / self._speed * 1000.0
        self._animation.setCurrentTime(round(into))
        self.show()

    def _step(self) -> None:
        """Grid mode: put the strip where the clock says, on the grid (once per step)."""
        elapsed = self._clock.now_ms() - self._started_ms
        travelled = self._start_offset + elapsed * self._speed / 1000.0
        x = -(math.floor(travelled / self._grid) * self._grid % self._period)
        if x != self._strip.x():
            self._strip.move(x, self._y)

    def stop(self) -> None:
        self._animation.stop()
        self._stepper.stop()
        self.hide()

    def running(self) -> bool:
        return (self._animation.state() == QPropertyAnimation.State.Running
                or self._stepper.isActive())

    def speed(self) -> float:
        return self._speed

    def offset(self) -> float:
        """The tape offset on screen now."""
        return float(-self._strip.x())


def _logical(device_px: int, pixmap: QPixmap) -> int:
    return round(device_px / pixmap.devicePixelRatio())
