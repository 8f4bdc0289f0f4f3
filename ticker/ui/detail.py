"""The detail popup a click on a bar item opens: everything about one notice.

All notice text goes into plain-text widgets (QLabel with Qt.PlainText, a read-only
QPlainTextEdit): feed content is never interpreted as HTML.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ticker.feed.notice import WEEKDAYS, Notice
from ticker.ui.colors import DEFAULT_PALETTE, category_color
from ticker.ui.labels import category_label, urgent_label

SEOUL = ZoneInfo("Asia/Seoul")
WEEKDAYS_KO = ("월", "화", "수", "목", "금", "토", "일")
# The primary action while 확인 is asked for; greyed once done.
ACK_BUTTON_STYLE = (
    "QPushButton { background: #1F5FAD; color: white; border: none;"
    " border-radius: 4px; padding: 5px 14px; }"
    " QPushButton:hover { background: #174C8C; }"
    " QPushButton:disabled { background: #E3E6EA; color: #4A5563; }"
)
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _tr(text: str) -> str:
    return QCoreApplication.translate("NoticeDetail", text)


def _format_instant(moment: dt.datetime, language: str, with_year: bool = True) -> str:
    local = moment.astimezone(SEOUL)
    if language == "en":
        day = WEEKDAYS_EN[local.weekday()]
        date = local.strftime("%Y-%m-%d") if with_year else local.strftime("%m-%d")
        return f"{date} ({day}) {local:%H:%M}"
    day = WEEKDAYS_KO[local.weekday()]
    date = (
        f"{local.year}년 {local.month}월 {local.day}일"
        if with_year
        else f"{local.month}월 {local.day}일"
    )
    return f"{date}({day}) {local:%H:%M}"


def format_period(notice: Notice, language: str = "ko") -> str:
    """Human period in Asia/Seoul, e.g. "2026년 11월 23일(월) 09:00 ~ 11월 30일(월) 18:00"."""
    start, end = notice.starts_at, notice.ends_at
    if start and end:
        same_year = start.astimezone(SEOUL).year == end.astimezone(SEOUL).year
        text = (
            f"{_format_instant(start, language)} ~ {_format_instant(end, language, not same_year)}"
        )
    elif start:
        text = f"{_format_instant(start, language)}" + (" onwards" if language == "en" else "부터")
    elif end:
        text = (
            ("until " if language == "en" else "")
            + _format_instant(end, language)
            + ("" if language == "en" else "까지")
        )
    else:
        text = "Always" if language == "en" else "상시"
    if notice.recurrence is not None:
        text += "\n" + format_recurrence(notice, language)
    return text


def format_recurrence(notice: Notice, language: str = "ko") -> str:
    rec = notice.recurrence
    if rec is None:
        return ""
    window = f"{rec.start:%H:%M}~{rec.end:%H:%M}"
    names = WEEKDAYS_EN if language == "en" else WEEKDAYS_KO
    zone = "" if rec.tz == "Asia/Seoul" else f" ({rec.tz})"
    if rec.freq == "daily":
        return (f"Daily {window}" if language == "en" else f"매일 {window}") + zone
    days = ", ".join(names[d] for d in sorted(rec.weekdays) if 0 <= d < len(WEEKDAYS))
    return (f"Every {days} {window}" if language == "en" else f"매주 {days} {window}") + zone


def format_audience(notice: Notice, language: str = "ko") -> str:
    if not notice.audience:
        return "Everyone" if language == "en" else "전체"
    return ", ".join(notice.audience)


def is_web_link(link: str | None) -> bool:
    if not link:
        return False
    url = QUrl(link, QUrl.ParsingMode.StrictMode)
    return url.isValid() and url.scheme().lower() in ("http", "https") and bool(url.host())


def _plain_label(text: str = "", object_name: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    return label


class DetailPopup(QDialog):
    """Non-modal, always-on-top dialog; Esc or 닫기 closes it."""

    linkOpened = Signal(str)
    acknowledgeRequested = Signal(str)  # notice id: the person pressed 확인했습니다

    def __init__(
        self, language: str = "ko", font: QFont | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.WindowStaysOnTopHint)
        self._language = language
        self._notice: Notice | None = None
        self.setWindowTitle(_tr("공지 상세") if language == "ko" else "Notice details")
        self.setModal(False)
        self.setMinimumWidth(440)
        self.resize(520, 360)
        if font is not None:
            base = QFont(font)
            base.setPixelSize(max(12, min(font.pixelSize(), 16)))
            self.setFont(base)

        self.urgent_badge = _plain_label(
            urgent_label(), "urgentBadge"
        )
        self.category_badge = _plain_label("", "categoryBadge")
        for badge in (self.urgent_badge, self.category_badge):
            badge.setWordWrap(False)
        self.urgent_badge.setStyleSheet(
            f"QLabel {{ background: {DEFAULT_PALETTE.urgent_tile}; color: white; border-radius: 4px;"
            " padding: 2px 8px; font-weight: bold; }"
        )
        self.title_label = _plain_label("", "title")
        title_font = QFont(self.font())
        title_font.setPixelSize(self.font().pixelSize() + 4 if self.font().pixelSize() > 0 else 18)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.period_label = _plain_label("", "period")
        self.audience_label = _plain_label("", "audience")
        self.body_view = QPlainTextEdit()
        self.body_view.setObjectName("body")
        self.body_view.setReadOnly(True)
        self.body_view.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.open_button = QPushButton(_tr("자세히 보기") if language == "ko" else "Open link")
        self.open_button.setObjectName("openLink")
        self.open_button.clicked.connect(self.open_link)
        self.close_button = QPushButton(_tr("닫기") if language == "ko" else "Close")
        self.close_button.clicked.connect(self.close)
        # Shown only for notices whose publisher asks for 확인 (ack_required).
        self.ack_button = QPushButton(self._ack_text(False))
        self.ack_button.setObjectName("acknowledge")
        self.ack_button.setStyleSheet(ACK_BUTTON_STYLE)
        ack_font = QFont(self.font())
        ack_font.setBold(True)
        self.ack_button.setFont(ack_font)
        self.ack_button.clicked.connect(self.acknowledge)

        badges = QHBoxLayout()
        badges.addWidget(self.urgent_badge)
        badges.addWidget(self.category_badge)
        badges.addStretch(1)
        facts = QFormLayout()
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        facts.setHorizontalSpacing(14)
        for caption_text, value in (
            ("기간" if language == "ko" else "Period", self.period_label),
            ("대상" if language == "ko" else "Audience", self.audience_label),
        ):
            caption = _plain_label(_tr(caption_text) if language == "ko" else caption_text)
            caption.setWordWrap(False)
            caption_font = QFont(self.font())
            caption_font.setBold(True)
            caption.setFont(caption_font)
            facts.addRow(caption, value)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ack_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(badges)
        layout.addWidget(self.title_label)
        layout.addLayout(facts)
        layout.addWidget(self.body_view, 1)
        layout.addLayout(buttons)

    @property
    def notice(self) -> Notice | None:
        return self._notice

    def show_notice(self, notice: Notice, anchor: QRect | None = None) -> None:
        """Fill in ``notice`` and show the popup next to ``anchor`` (global bar rect)."""
        self._notice = notice
        lang = self._language
        self.urgent_badge.setVisible(notice.is_urgent)
        self.category_badge.setText(category_label(notice.category))
        self.category_badge.setStyleSheet(
            f"QLabel {{ background: {category_color(notice.category)}; color: white;"
            " border-radius: 4px; padding: 2px 8px; font-weight: bold; }"
        )
        self.title_label.setText(notice.title)
        self.period_label.setText(format_period(notice, lang))
        self.audience_label.setText(format_audience(notice, lang))
        self.body_view.setPlainText(notice.body)
        self.body_view.setVisible(bool(notice.body))
        self.open_button.setVisible(is_web_link(notice.link))
        self.ack_button.setVisible(notice.ack_required)
        self._show_acknowledged(notice.acknowledged)
        if anchor is not None:
            self._place_near(anchor)
        self.show()
        self.raise_()
        self.activateWindow()

    def _show_acknowledged(self, done: bool) -> None:
        self.ack_button.setEnabled(not done)
        self.ack_button.setText(self._ack_text(done))
        self.ack_button.setDefault(not done)  # the primary action while 확인 is asked for
        self.ack_button.setAutoDefault(not done)
        self.close_button.setDefault(done)

    def _ack_text(self, done: bool) -> str:
        if self._language == "en":
            return "Acknowledged" if done else "I have read this"
        return _tr("확인함") if done else _tr("확인했습니다")

    def acknowledge(self) -> bool:
        """확인했습니다 pressed: emit once; the button turns into a disabled "확인함"."""
        notice = self._notice
        if notice is None or not notice.ack_required or not self.ack_button.isEnabled():
            return False
        self._show_acknowledged(True)
        self.acknowledgeRequested.emit(notice.id)
        return True

    def _place_near(self, anchor: QRect) -> None:
        """Above a bottom bar, below a top bar, horizontally near the click."""
        self.adjustSize()
        size = self.size().expandedTo(self.minimumSize())
        # The anchor's screen: until its first show the popup's own screen() is the primary
        # one, which would pull it off a bar on a second monitor.
        where = QGuiApplication.screenAt(anchor.center()) or self.screen()
        screen = where.availableGeometry() if where is not None else anchor
        x = min(
            max(anchor.left(), screen.left()), max(screen.left(), screen.right() - size.width())
        )
        if anchor.center().y() > screen.center().y():
            y = anchor.top() - size.height() - 8
        else:
            y = anchor.bottom() + 8
        y = min(max(y, screen.top()), max(screen.top(), screen.bottom() - size.height()))
        self.move(QPoint(x, y))

    def open_link(self) -> bool:
        """Open the link in the default browser; refuses anything but http/https."""
        link = self._notice.link if self._notice else None
        if not is_web_link(link):
            return False
        self.linkOpened.emit(link)
        return QDesktopServices.openUrl(QUrl(link))
