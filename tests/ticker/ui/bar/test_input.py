"""Pointer, keys and tooltips of the bar (BarInput), through real events on an X11 window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QEnterEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ticker.ui.bar.samples import HOSTILE, notice, x_of
from ticker.ui.motion import STEP_ANIMATION_MS


def test_hover_pauses_and_leave_resumes(make_bar, clock):
    bar = make_bar()
    QApplication.sendEvent(bar, QEnterEvent(QPointF(50, 5), QPointF(50, 5), QPointF(50, 5)))
    assert bar.is_paused() and not bar.is_animating()
    frozen = bar.scroll_offset()
    clock.advance(5000)
    assert bar.scroll_offset() == frozen
    QApplication.sendEvent(bar, QEvent(QEvent.Type.Leave))
    assert not bar.is_paused() and bar.animator.frame_timer.isActive()
    clock.advance(1000)
    assert bar.scroll_offset() == pytest.approx(frozen + 100)


def test_click_opens_the_detail_popup_with_that_notice(make_bar, qtbot, model):
    bar = make_bar()
    bar.pause()
    x = x_of(bar, "project")
    with qtbot.waitSignal(bar.noticeActivated, timeout=1000) as signal:
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=QPoint(x, bar.height() // 2))
    assert signal.args == ["project"]
    popup = bar.detail_popup
    qtbot.addWidget(popup)
    assert popup.isVisible() and popup.notice.id == "project"
    assert popup.title_label.text() == "주민참여예산 신규사업 공모"
    assert model.is_read("project") and not model.is_read("event")
    # Above a bottom bar, next to the click.
    assert popup.frameGeometry().bottom() <= bar.geometry().top()
    assert abs(popup.geometry().left() - bar.mapToGlobal(QPoint(x, 0)).x()) <= 20


def test_click_on_the_label_asks_for_all_notices(make_bar, qtbot):
    bar = make_bar()
    with qtbot.waitSignal(bar.allNoticesRequested, timeout=1000):
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=QPoint(5, bar.height() // 2))


def _wheel(bar, dy):
    pos = QPointF(400, 5)
    event = QWheelEvent(
        pos,
        bar.mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, dy),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(bar, event)


def test_wheel_and_arrow_keys_step_between_items(make_bar, qtbot, clock):
    bar = make_bar()
    bar.pause()
    assert bar.current_item_id() == "event"
    _wheel(bar, -120)  # wheel down: next
    assert bar.animator.frame_timer.isActive()  # the step animates even while paused
    clock.advance(STEP_ANIMATION_MS + 1)
    assert bar.current_item_id() == "project"
    assert not bar.is_animating()  # and stops again afterwards
    qtbot.keyClick(bar, Qt.Key.Key_Right)
    clock.advance(STEP_ANIMATION_MS + 1)
    assert bar.current_item_id() == "issue"
    qtbot.keyClick(bar, Qt.Key.Key_Left)
    _wheel(bar, 120)
    clock.advance(STEP_ANIMATION_MS + 1)
    assert bar.current_item_id() == "event"
    _wheel(bar, 60)  # half a notch does nothing yet
    clock.advance(STEP_ANIMATION_MS + 1)
    assert bar.current_item_id() == "event"


def test_enter_key_opens_the_current_item(make_bar, qtbot):
    bar = make_bar()
    bar.pause()
    qtbot.keyClick(bar, Qt.Key.Key_Return)
    qtbot.addWidget(bar.detail_popup)
    assert bar.detail_popup.notice.id == "event"


def test_right_click_requests_the_context_menu(make_bar, qtbot):
    bar = make_bar()
    with qtbot.waitSignal(bar.contextMenuRequested, timeout=1000) as signal:
        # Through the QWindow, so Qt synthesises the context-menu event as for a real click.
        QTest.mouseClick(bar.windowHandle(), Qt.MouseButton.RightButton, pos=QPoint(300, 10))
    assert signal.args[0] == bar.mapToGlobal(QPoint(300, 10))
    assert bar.detail_popup is None


def test_hostile_titles_are_literal_in_tiles_and_tooltips(make_bar):
    bar = make_bar([notice("h", HOSTILE)])
    bar.pause()
    x = x_of(bar, "h")
    tip = bar.tooltip_at(QPoint(x, 5))
    assert "&lt;b&gt;x&lt;/b&gt;&lt;img" in tip and "<img" not in tip
    assert bar.visible_item_ids()[0] == "h"


def test_tooltips_show_on_hover_without_focus(make_bar, qtbot):
    """The bar never takes focus: hovering alone shows the dot's reason and item titles."""
    from PySide6.QtWidgets import QToolTip

    bar = make_bar()
    bar.pause()  # the items stay where the scan found them
    bar.set_status("offline", "서버에 연결할 수 없습니다 (timeout)")
    assert not bar.isActiveWindow()
    window = bar.windowHandle()
    dot = bar.status_dot_rect().center().toPoint()
    QTest.mouseMove(window, dot)
    qtbot.waitUntil(lambda: QToolTip.isVisible() and "timeout" in QToolTip.text(), timeout=3000)
    assert "오프라인" in QToolTip.text()
    x = x_of(bar, "project")
    QTest.mouseMove(window, QPoint(x, bar.height() // 2))
    qtbot.waitUntil(lambda: QToolTip.isVisible() and "주민참여예산" in QToolTip.text(),
                    timeout=3000)
    assert not bar.isActiveWindow()  # hovering did not take focus either
    QApplication.sendEvent(bar, QEvent(QEvent.Type.Leave))
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=3000)
