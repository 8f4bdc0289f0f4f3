"""Pointer and keyboard handling for TickerBar, kept out of the painting/timing code.

Hover pauses; a click opens the detail popup (or, on the label, the notices window);
the wheel and Left/Right step between items; Enter opens the current one; right-click
asks the tray code for its menu.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

WHEEL_STEP = 120  # one notch of a standard mouse wheel


class BarInputMixin:
    """Mixed into TickerBar (a QWidget); uses its public actions only."""

    _wheel_accum = 0

    def enterEvent(self, event) -> None:  # noqa: N802
        self.pause("hover")
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self.resume("hover")
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            if self.panel_rect().contains(event.position().toPoint()):
                self.allNoticesRequested.emit()
            else:
                notice_id = self.item_id_at(event.position().x())
                if notice_id is not None:
                    self.open_detail(notice_id)
        super().mouseReleaseEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802
        self._wheel_accum += event.angleDelta().y() or event.angleDelta().x()
        while abs(self._wheel_accum) >= WHEEL_STEP:
            direction = 1 if self._wheel_accum < 0 else -1  # wheel down = next item
            self._wheel_accum += WHEEL_STEP * direction
            self.step(direction)
        event.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        key = event.key()
        if key == Qt.Key.Key_Right:
            self.step(1)
        elif key == Qt.Key.Key_Left:
            self.step(-1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            current = self.current_item_id()
            if current is not None:
                self.open_detail(current)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        self.contextMenuRequested.emit(event.globalPos())
        event.accept()
