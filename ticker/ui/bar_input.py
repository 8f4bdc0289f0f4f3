"""Pointer, keyboard and tooltip handling for TickerBar, kept out of the painting/timing code.

Hover pauses; a click opens the detail popup (or, on the label, the notices window);
the wheel and Left/Right step between items; Enter opens the current one; right-click
asks the tray code for its menu.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QToolTip

WHEEL_STEP = 120  # one notch of a standard mouse wheel


class BarInputMixin:
    """Mixed into TickerBar (a QWidget); uses its public actions only."""

    _wheel_accum = 0

    def tooltip_at(self, pos: QPoint) -> str:
        """Tooltip for a widget position, as escaped rich text: QToolTip would otherwise
        render a title such as "<b>x</b>" as markup."""
        if self.panel_rect().contains(pos):
            text = self.status_tooltip()
        else:
            found = self.notice_by_id(self.item_id_at(pos.x()))
            text = found.title if found is not None else ""
        if not text:
            return ""
        return "<p style='white-space:pre-wrap'>" + html.escape(text).replace("\n", "<br>") + "</p>"

    # No event() override: every event of the bar, including the two per scrolled frame
    # (UpdateRequest, Paint), would then pass through Python. The tooltip is shown from
    # pointer moves instead: the bar never takes focus, and Qt's own tooltips only wake up
    # for the active window (WA_AlwaysShowToolTips lifts that for the delayed re-show).

    def _refresh_tooltip(self, pos: QPoint) -> None:
        text = self.tooltip_at(pos)
        if text != self.toolTip():
            self.setToolTip(text)
        if not text:
            if QToolTip.isVisible():
                QToolTip.hideText()
        elif not QToolTip.isVisible() or QToolTip.text() != text:
            QToolTip.showText(self.mapToGlobal(pos), text, self)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (only while the pointer is on the bar)
        self._refresh_tooltip(event.position().toPoint())
        super().mouseMoveEvent(event)

    def enterEvent(self, event) -> None:  # noqa: N802
        self.pause("hover")
        self._refresh_tooltip(event.position().toPoint())
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self.resume("hover")
        if QToolTip.isVisible():
            QToolTip.hideText()
        super().leaveEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        # The bar shows without taking focus; a click hands it the keyboard for Left/Right.
        if event.button() == Qt.MouseButton.LeftButton:
            self.activateWindow()
            self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            if self.panel_rect().contains(event.position().toPoint()):
                self.allNoticesRequested.emit()
            else:
                notice_id = self.item_id_at(event.position().x())
                if notice_id is not None:
                    self.open_detail(notice_id, event.position().x())
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
