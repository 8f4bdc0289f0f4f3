"""Tray icon: shows the feed status (icon dot + tooltip) and carries the ticker's menu.

The same QMenu is shown for the bar's right-click, so both places always offer the same
actions. The icon is drawn with QPainter at runtime: no image files to lose in a build.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

STATUS_COLORS = {
    "connected": "#2e9d4f",
    "stale": "#e0a100",
    "offline": "#d03b3b",
    "starting": "#8a8f98",
}
SNOOZE_CHOICES = ("30m", "1h", "tomorrow")
_CTX = "TrayIcon"


def _t(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def status_label(status: str) -> str:
    labels = {
        "connected": QCoreApplication.translate(_CTX, "연결됨"),
        "stale": QCoreApplication.translate(_CTX, "지연됨"),  # the bar's word for it too
        "offline": QCoreApplication.translate(_CTX, "오프라인"),
        "starting": QCoreApplication.translate(_CTX, "시작 중"),
    }
    return labels.get(status, status)


def draw_status_pixmap(status: str, size: int = 64) -> QPixmap:
    """The app glyph (a dark bar with a scrolling line) with a status dot in the corner."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    body = QPainterPath()
    body.addRoundedRect(QRectF(s * 0.04, s * 0.22, s * 0.92, s * 0.50), s * 0.12, s * 0.12)
    painter.fillPath(body, QColor("#1f3a5f"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#ffffff"))
    painter.drawRoundedRect(QRectF(s * 0.16, s * 0.41, s * 0.40, s * 0.12), s * 0.05, s * 0.05)
    painter.setBrush(QColor("#9fc3ee"))
    painter.drawRoundedRect(QRectF(s * 0.60, s * 0.41, s * 0.18, s * 0.12), s * 0.05, s * 0.05)
    # Status dot: bottom right, with a white ring so it reads on dark and light panels.
    painter.setBrush(QColor("#ffffff"))
    painter.drawEllipse(QRectF(s * 0.54, s * 0.54, s * 0.44, s * 0.44))
    painter.setBrush(QColor(STATUS_COLORS.get(status, STATUS_COLORS["starting"])))
    painter.drawEllipse(QRectF(s * 0.59, s * 0.59, s * 0.34, s * 0.34))
    painter.end()
    return pixmap


def status_icon(status: str) -> QIcon:
    icon = QIcon()
    for size in (16, 22, 24, 32, 48, 64):
        icon.addPixmap(draw_status_pixmap(status, size))
    return icon


class TrayIcon(QObject):
    """Owns the QSystemTrayIcon and the shared menu; emits what the user asked for."""

    pauseToggled = Signal(bool)  # True = pause
    refreshRequested = Signal()
    allNoticesRequested = Signal()
    snoozeRequested = Signal(str)  # one of SNOOZE_CHOICES
    unsnoozeRequested = Signal()
    settingsRequested = Signal()
    aboutRequested = Signal()
    quitRequested = Signal()

    def __init__(self, allow_quit: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.status = "starting"
        self.detail = ""
        self.paused = False
        self.snoozed_until: dt.datetime | None = None
        self.messages: list[tuple[str, str]] = []  # every message shown, newest last
        self._tray = QSystemTrayIcon(self)
        self._tray.activated.connect(self._on_activated)
        self.menu = QMenu()
        self._build_menu()
        self.set_allow_quit(allow_quit)
        self.unsnooze_action.setVisible(False)
        self._tray.setContextMenu(self.menu)
        self._refresh_icon()

    # -- menu -------------------------------------------------------------------------
    def _build_menu(self) -> None:
        m = self.menu
        self.pause_action = QAction(m)
        self.pause_action.triggered.connect(lambda: self.pauseToggled.emit(not self.paused))
        self.refresh_action = QAction(m)
        self.refresh_action.triggered.connect(self.refreshRequested)
        self.all_action = QAction(m)
        self.all_action.triggered.connect(self.allNoticesRequested)
        self.snooze_menu = QMenu(m)
        self.snooze_actions: dict[str, QAction] = {}
        for choice in SNOOZE_CHOICES:
            action = QAction(self.snooze_menu)
            action.triggered.connect(lambda _=False, c=choice: self.snoozeRequested.emit(c))
            self.snooze_menu.addAction(action)
            self.snooze_actions[choice] = action
        self.snooze_menu.addSeparator()
        self.unsnooze_action = QAction(self.snooze_menu)
        self.unsnooze_action.triggered.connect(self.unsnoozeRequested)
        self.snooze_menu.addAction(self.unsnooze_action)
        self.settings_action = QAction(m)
        self.settings_action.triggered.connect(self.settingsRequested)
        self.about_action = QAction(m)
        self.about_action.triggered.connect(self.aboutRequested)
        self.quit_action = QAction(m)
        self.quit_action.triggered.connect(self.quitRequested)

        m.addAction(self.pause_action)
        m.addAction(self.refresh_action)
        m.addAction(self.all_action)
        m.addMenu(self.snooze_menu)
        m.addSeparator()
        m.addAction(self.settings_action)
        m.addAction(self.about_action)
        self._quit_separator = m.addSeparator()
        m.addAction(self.quit_action)
        self.retranslate()

    def retranslate(self) -> None:
        """Re-read every text (after the UI language changed)."""
        self.pause_action.setText(_t("재개") if self.paused else _t("일시 정지"))
        self.refresh_action.setText(_t("지금 새로 고침"))
        self.all_action.setText(_t("전체 공지"))
        self.snooze_menu.setTitle(_t("알림 끄기"))
        self.snooze_actions["30m"].setText(_t("30분"))
        self.snooze_actions["1h"].setText(_t("1시간"))
        self.snooze_actions["tomorrow"].setText(_t("내일까지"))
        self.unsnooze_action.setText(_t("알림 다시 켜기"))
        self.settings_action.setText(_t("설정"))
        self.about_action.setText(_t("정보"))
        self.quit_action.setText(_t("끝내기"))
        self._refresh_icon()

    def set_allow_quit(self, allowed: bool) -> None:
        self.quit_action.setVisible(allowed)
        self._quit_separator.setVisible(allowed)

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        self.retranslate()

    def set_snoozed(self, until: dt.datetime | None) -> None:
        self.snoozed_until = until
        self.unsnooze_action.setVisible(until is not None)
        self._refresh_icon()

    # -- status -----------------------------------------------------------------------
    def set_status(self, status: str, detail: str = "") -> None:
        self.status = status
        self.detail = detail
        self._refresh_icon()

    def tooltip(self) -> str:
        lines = [f"{_t('시정 알림 티커')} — {status_label(self.status)}"]
        if self.detail:
            lines.append(self.detail)
        if self.paused:
            lines.append(_t("일시 정지됨"))
        if self.snoozed_until is not None:
            lines.append(_t("알림 꺼짐: %1까지").replace("%1", self.snoozed_until.strftime("%m-%d %H:%M")))
        return "\n".join(lines)

    def _refresh_icon(self) -> None:
        self._tray.setIcon(status_icon(self.status))
        self._tray.setToolTip(self.tooltip())

    # -- visibility and messages --------------------------------------------------------
    def show(self) -> None:
        """Always ask Qt to show it: a panel that starts after the ticker (autostart at log-in)
        gets the icon as soon as it appears, which it would not if we skipped this call."""
        self._tray.show()

    @property
    def available(self) -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable() and self._tray.isVisible()

    def show_message(self, title: str, text: str, urgent: bool = False) -> None:
        """A balloon message; recorded even without a tray host so nothing is lost silently."""
        self.messages.append((title, text))
        if self.available:
            icon = (QSystemTrayIcon.MessageIcon.Critical if urgent
                    else QSystemTrayIcon.MessageIcon.Information)
            self._tray.showMessage(title, text, icon, 15000 if urgent else 8000)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.allNoticesRequested.emit()

    def dispose(self) -> None:
        """Hide and delete the tray icon and the menu on the GUI thread (not via GC)."""
        self._tray.hide()
        self.menu.hide()
        self.menu.deleteLater()
        self._tray.deleteLater()
