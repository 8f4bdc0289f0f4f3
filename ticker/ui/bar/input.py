"""Pointer, keyboard and tooltips of the bar, kept out of its painting and timing code.

Hover pauses; a click opens the detail popup (or, on the label, the notices window);
the wheel and Left/Right step between items; Enter opens the current one; right-click
asks the tray code for its menu. The bar forwards its Qt event handlers here; this
object acts through the bar's public API only.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QToolTip, QWidget

WHEEL_STEP = 120  # one notch of a standard mouse wheel


class BarInput(QObject):
    def __init__(self, bar: QWidget) -> None:
        super().__init__(bar)
        self._bar = bar
        self._wheel_accum = 0

    def tooltip_at(self, pos: QPoint) -> str:
        """Tooltip for a widget position, as escaped rich text: QToolTip would otherwise
        render a title such as "<b>x</b>" as markup."""
        bar = self._bar
        if bar.panel_rect().contains(pos):
            text = bar.status_tooltip()
        else:
            found = bar.notice_by_id(bar.item_id_at(pos.x()))
            text = found.title if found is not None else ""
        if not text:
            return ""
        return "<p style='white-space:pre-wrap'>" + html.escape(text).replace("\n", "<br>") + "</p>"

    # The bar has no event() override: every event of the bar, including the two per
    # scrolled frame (UpdateRequest, Paint), would then pass through Python. The tooltip is
    # shown from pointer moves instead: the bar never takes focus, and Qt's own tooltips only
    # wake up for the active window (WA_AlwaysShowToolTips lifts that for the delayed re-show).

    def _refresh_tooltip(self, pos: QPoint) -> None:
        bar = self._bar
        text = self.tooltip_at(pos)
        if text != bar.toolTip():
            bar.setToolTip(text)
        if not text:
            if QToolTip.isVisible():
                QToolTip.hideText()
        elif not QToolTip.isVisible() or QToolTip.text() != text:
            QToolTip.showText(bar.mapToGlobal(pos), text, bar)

    def mouse_moved(self, event) -> None:  # only while the pointer is on the bar
        self._refresh_tooltip(event.position().toPoint())

    def entered(self, event) -> None:
        self._bar.pause("hover")
        self._refresh_tooltip(event.position().toPoint())

    def left(self) -> None:
        self._bar.resume("hover")
        if QToolTip.isVisible():
            QToolTip.hideText()

    def pressed(self, event) -> None:
        # The bar shows without taking focus; a click hands it the keyboard for Left/Right.
        if event.button() == Qt.MouseButton.LeftButton:
            self._bar.activateWindow()
            self._bar.setFocus(Qt.FocusReason.MouseFocusReason)

    def released(self, event) -> None:
        bar = self._bar
        if event.button() == Qt.MouseButton.LeftButton:
            if bar.panel_rect().contains(event.position().toPoint()):
                bar.allNoticesRequested.emit()
            else:
                notice_id = bar.item_id_at(event.position().x())
                if notice_id is not None:
                    bar.open_detail(notice_id, event.position().x())

    def wheel(self, event) -> None:
        self._wheel_accum += event.angleDelta().y() or event.angleDelta().x()
        while abs(self._wheel_accum) >= WHEEL_STEP:
            direction = 1 if self._wheel_accum < 0 else -1  # wheel down = next item
            self._wheel_accum += WHEEL_STEP * direction
            self._bar.step(direction)
        event.accept()

    def key_pressed(self, event) -> bool:
        """True if the key was the bar's (the bar passes the others on to Qt)."""
        key = event.key()
        if key == Qt.Key.Key_Right:
            self._bar.step(1)
        elif key == Qt.Key.Key_Left:
            self._bar.step(-1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            current = self._bar.current_item_id()
            if current is not None:
                self._bar.open_detail(current)
        else:
            return False
        event.accept()
        return True

    def context_menu(self, event) -> None:
        self._bar.contextMenuRequested.emit(event.globalPos())
        event.accept()
