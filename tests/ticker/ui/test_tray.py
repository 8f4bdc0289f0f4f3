"""TrayIcon: status icon/tooltip, menu actions and their signals, quit visibility."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSystemTrayIcon

from ticker.ui.tray import STATUS_COLORS, TrayIcon, draw_status_pixmap


@pytest.fixture
def tray(qtbot):
    icon = TrayIcon(allow_quit=True)
    yield icon
    icon.dispose()


def system_icon(tray: TrayIcon) -> QSystemTrayIcon:
    """The Qt tray icon the desktop shows (a child of TrayIcon)."""
    return tray.findChild(QSystemTrayIcon)


def _dot_colour(status: str) -> QColor:
    image = draw_status_pixmap(status, 64).toImage()
    return image.pixelColor(int(64 * 0.76), int(64 * 0.76))  # centre of the status dot


@pytest.mark.parametrize("status", ["connected", "stale", "offline"])
def test_icon_dot_has_the_status_colour(qapp, status):
    assert _dot_colour(status).name() == QColor(STATUS_COLORS[status]).name()


def test_status_changes_icon_and_tooltip(tray):
    tray.set_status("connected", "공지 3건")
    assert "연결됨" in tray.tooltip() and "공지 3건" in tray.tooltip()
    connected = system_icon(tray).icon().pixmap(32).toImage()
    tray.set_status("offline", "서버에 연결할 수 없습니다")
    assert "오프라인" in system_icon(tray).toolTip()
    assert system_icon(tray).icon().pixmap(32).toImage() != connected


def test_menu_has_every_action_in_korean(tray):
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert texts == ["일시 정지", "지금 새로 고침", "전체 공지", "알림 끄기", "설정", "정보", "끝내기"]
    assert [a.text() for a in tray.snooze_menu.actions() if a.isVisible() and not a.isSeparator()] \
        == ["30분", "1시간", "내일까지"]


def test_pause_action_toggles_and_relabels(tray, qtbot):
    with qtbot.waitSignal(tray.pauseToggled) as blocker:
        tray.pause_action.trigger()
    assert blocker.args == [True]
    tray.set_paused(True)
    assert tray.pause_action.text() == "재개"
    assert "일시 정지됨" in tray.tooltip()
    with qtbot.waitSignal(tray.pauseToggled) as blocker:
        tray.pause_action.trigger()
    assert blocker.args == [False]


@pytest.mark.parametrize("choice", ["30m", "1h", "tomorrow"])
def test_snooze_choices_emit_their_key(tray, qtbot, choice):
    with qtbot.waitSignal(tray.snoozeRequested) as blocker:
        tray.snooze_actions[choice].trigger()
    assert blocker.args == [choice]


def test_snoozed_state_shows_resume_entry_and_tooltip(tray):
    assert not tray.unsnooze_action.isVisible()
    tray.set_snoozed(dt.datetime(2026, 11, 24, 0, 0))
    assert tray.unsnooze_action.isVisible()
    assert "11-24 00:00" in tray.tooltip()
    tray.set_snoozed(None)
    assert not tray.unsnooze_action.isVisible()


@pytest.mark.parametrize("action,signal", [
    ("refresh_action", "refreshRequested"), ("all_action", "allNoticesRequested"),
    ("settings_action", "settingsRequested"), ("about_action", "aboutRequested"),
    ("quit_action", "quitRequested"), ("unsnooze_action", "unsnoozeRequested"),
])
def test_actions_emit_signals(tray, qtbot, action, signal):
    with qtbot.waitSignal(getattr(tray, signal)):
        getattr(tray, action).trigger()


def test_quit_hidden_when_not_allowed(qtbot):
    tray = TrayIcon(allow_quit=False)
    try:
        assert not tray.quit_action.isVisible()
        visible = [a.text() for a in tray.menu.actions() if a.isVisible() and not a.isSeparator()]
        assert "끝내기" not in visible
        tray.set_allow_quit(True)
        assert tray.quit_action.isVisible()
    finally:
        tray.dispose()


def test_messages_are_recorded_without_a_tray_host(tray):
    tray.show_message("설정 오류", "speed 값이 잘못되었습니다", urgent=False)
    assert tray.messages[-1] == ("설정 오류", "speed 값이 잘못되었습니다")


def test_stale_is_worded_like_the_bar(tray):
    from ticker.ui.bar.text import status_text

    tray.set_status("stale")
    assert "지연됨" in tray.tooltip()
    assert status_text("stale").startswith("지연됨")  # one word for one state


def test_show_asks_qt_even_before_a_tray_host_exists(qtbot):
    # At log-in the ticker can start before the panel; Qt adds the icon once a tray
    # appears, but only for an icon that was asked to be visible.
    tray = TrayIcon(allow_quit=True)
    tray.show()
    assert system_icon(tray).isVisible()
    tray.show_message("제목", "내용")
    assert tray.messages == [("제목", "내용")]
    tray.dispose()  # at quit: hidden at once, deleted later on the GUI thread
    assert not system_icon(tray).isVisible()
