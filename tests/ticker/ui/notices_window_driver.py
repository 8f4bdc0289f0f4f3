"""Driving the 전체 공지 window as a user does: what the list shows, clicking a row."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ticker.ui.notices_window import ID_ROLE, NoticesWindow


def shown_ids(window: NoticesWindow) -> list[str]:
    return [window.list.item(i).data(ID_ROLE) for i in range(window.list.count())]


def open_notice(qtbot, window: NoticesWindow, notice_id: str) -> None:
    """A real left click on the notice's row (scrolled into view first)."""
    row = shown_ids(window).index(notice_id)
    item = window.list.item(row)
    window.list.scrollToItem(item)
    rect = window.list.visualItemRect(item)
    qtbot.mouseClick(window.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.list.currentItem() is item
