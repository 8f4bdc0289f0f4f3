"""전체 공지 (all notices): every current notice in a searchable list, with unread marks.

Unread items are bold with a dot; selecting one shows its details and marks it read. The
read state belongs to the model (NoticeModel, which keeps it across restarts): the window
asks it to mark a notice read and redraws when it says one was read, wherever that was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ticker.feed.notice import Notice
from ticker.model import NoticeModel
from ticker.ui.detail import ACK_BUTTON_STYLE, format_audience, format_period, is_web_link
from ticker.ui.labels import category_label

_CTX = "NoticesWindow"
UNREAD_DOT = "● "
ID_ROLE = Qt.ItemDataRole.UserRole


def _t(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


class NoticesWindow(QWidget):
    """List + search on the left, details of the selected notice on the right."""

    noticeOpened = Signal(str)
    acknowledgeRequested = Signal(str)  # 확인했습니다 pressed for an ack_required notice

    def __init__(self, model: NoticeModel,
                 open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._open_url = open_url
        self._notices: dict[str, Notice] = {}
        self._order: list[str] = []
        self._current: Notice | None = None  # the one in the detail pane
        self.resize(820, 480)

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._refill)
        self.list = QListWidget(self)
        # Long titles wrap instead of hiding behind a horizontal scrollbar (the tooltip has
        # the whole title; a single unbroken word is elided).
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.currentItemChanged.connect(self._on_current)
        self.count_label = QLabel(self)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.list)
        left_layout.addWidget(self.count_label)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        self.title_label = QLabel(right)
        self.meta_label = QLabel(right)
        # Bodies run to 5,000 characters: a read-only plain-text view scrolls (a label would
        # clip them) and, being plain text, never renders markup from the feed.
        self.body_view = QPlainTextEdit(right)
        self.body_view.setReadOnly(True)
        self.body_view.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.body_view.viewport().setAutoFillBackground(False)
        for label in (self.title_label, self.meta_label):
            label.setTextFormat(Qt.TextFormat.PlainText)  # feed text is never rendered
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        title_font = QFont(self.title_label.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.meta_label.setStyleSheet("color: #555;")
        self.link_button = QPushButton(right)
        self.link_button.clicked.connect(self._open_link)
        self.ack_button = QPushButton(right)
        self.ack_button.setObjectName("acknowledge")
        self.ack_button.setStyleSheet(ACK_BUTTON_STYLE)
        self.ack_button.clicked.connect(self.acknowledge)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ack_button)
        buttons.addWidget(self.link_button)
        right_layout.addWidget(self.title_label)
        right_layout.addWidget(self.meta_label)
        right_layout.addWidget(self.body_view, 1)
        right_layout.addLayout(buttons)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([320, 500])
        outer = QVBoxLayout(self)
        outer.addWidget(splitter)
        self.retranslate()
        self._show_detail(None)
        model.readChanged.connect(self._on_read)
        model.visibleChanged.connect(self._on_visible_changed)
        self.set_notices(model.visible())

    def retranslate(self) -> None:
        self.setWindowTitle(_t("전체 공지"))
        self.search.setPlaceholderText(_t("검색 (제목, 내용, 분류)"))
        self.link_button.setText(_t("자세히 보기"))
        self._show_ack(self._current)
        self._refill()

    # -- data ---------------------------------------------------------------------------
    def set_notices(self, notices: Iterable[Notice]) -> None:
        notices = list(notices)
        self._notices = {n.id: n for n in notices}
        self._order = [n.id for n in notices]
        current = self._current
        if current is not None and current.id in self._notices:
            self._current = self._notices[current.id]  # e.g. acknowledged meanwhile
            self._show_ack(self._current)
        self._refill()

    def _on_visible_changed(self) -> None:
        self.set_notices(self._model.visible())

    @staticmethod
    def _matches(notice: Notice, query: str) -> bool:
        query = query.strip().casefold()
        if not query:
            return True
        haystack = " ".join((notice.title, notice.body, category_label(notice.category),
                             " ".join(notice.audience))).casefold()
        return all(word in haystack for word in query.split())

    def unread_ids(self) -> list[str]:
        return [i for i in self._order if not self._model.is_read(i)]

    def _refill(self) -> None:
        current = self.list.currentItem()
        keep = current.data(ID_ROLE) if current is not None else None
        self.list.blockSignals(True)
        self.list.clear()
        query = self.search.text()
        for notice_id in self._order:
            notice = self._notices[notice_id]
            if not self._matches(notice, query):
                continue
            item = QListWidgetItem(self.list)
            item.setData(ID_ROLE, notice_id)
            self._decorate(item, notice)
            if notice_id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._show_count()
        if self.list.currentItem() is None:
            self._show_detail(None)  # "pick one on the left", or "nothing to show"

    def _show_count(self) -> None:
        self.count_label.setText(
            _t("%1건 (읽지 않음 %2건)").replace("%1", str(len(self._order)))
            .replace("%2", str(len(self.unread_ids()))))

    def _on_read(self, notice_id: str) -> None:
        """The model says a notice was read (here, on a bar or in a detail popup)."""
        notice = self._notices.get(notice_id)
        if notice is None:
            return
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(ID_ROLE) == notice_id:
                self._decorate(item, notice)
        self._show_count()

    def _decorate(self, item: QListWidgetItem, notice: Notice) -> None:
        unread = not self._model.is_read(notice.id)
        prefix = UNREAD_DOT if unread else "    "
        urgent = "⚠ " if notice.is_urgent else ""
        item.setText(f"{prefix}{urgent}[{category_label(notice.category)}] {notice.title}")
        font = QFont(self.list.font())
        font.setBold(unread)
        item.setFont(font)
        item.setToolTip(notice.title)

    # -- detail ---------------------------------------------------------------------------
    def _on_current(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            self._show_detail(None)
            return
        notice = self._notices.get(item.data(ID_ROLE))
        self._show_detail(notice)
        if notice is not None:
            self._model.mark_read(notice.id)  # redrawn by _on_read
            self.noticeOpened.emit(notice.id)

    def _show_detail(self, notice: Notice | None) -> None:
        self._current = notice
        if notice is None:
            self.title_label.setText(_t("왼쪽 목록에서 공지를 고르세요.") if self._order
                                     else _t("지금 표시할 공지가 없습니다."))
            self.meta_label.clear()
            self.body_view.clear()
            self.link_button.setVisible(False)
            self._show_ack(None)
            return
        self.title_label.setText(notice.title)
        meta = [f"{_t('분류')}: {category_label(notice.category)}",
                f"{_t('기간')}: {format_period(notice)}",
                f"{_t('대상')}: {format_audience(notice)}"]
        self.meta_label.setText("\n".join(meta))
        self.body_view.setPlainText(notice.body)
        self.link_button.setVisible(is_web_link(notice.link))
        self._show_ack(notice)

    def _show_ack(self, notice: Notice | None, done: bool = False) -> None:
        asks = notice is not None and notice.ack_required
        done = done or (asks and notice.acknowledged)
        self.ack_button.setVisible(asks)
        self.ack_button.setEnabled(asks and not done)
        self.ack_button.setText(_t("확인함") if done else _t("확인했습니다"))

    def acknowledge(self) -> bool:
        """확인했습니다 pressed: emit once; the button turns into a disabled "확인함"."""
        notice = self._current
        if notice is None or not notice.ack_required or not self.ack_button.isEnabled():
            return False
        self._show_ack(notice, done=True)
        self.acknowledgeRequested.emit(notice.id)
        return True

    def _open_link(self) -> None:
        notice = self._current
        if notice is not None and is_web_link(notice.link):
            self._open_url(QUrl(notice.link))
