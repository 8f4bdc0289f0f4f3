"""NoticeModel: the single owner of the current notices on the GUI thread.

Feeds report whole lists (``set_notices(url, notices)``); the model merges them, asks the
pure schedule module which are visible *now*, and arms one single-shot timer for the
next instant the visible set changes (a notice starts or ends). Rows are the visible
notices in display order (urgent, high, then by start).

It is also the one owner of read state: the bar and the notices window ask it
(``mark_read``, ``is_read``; the window listens to ``readChanged``); it keeps the ids in the injected
store (``ReadMarks``, a JSON file in the app, memory only by default).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from ticker.feed import schedule
from ticker.feed.notice import Notice
from ticker.read_marks import ReadMarks

Clock = Callable[[], dt.datetime]

# Re-check at least this often even when nothing is due: a suspended PC or a system
# clock change would otherwise leave a stale visible set until the next feed update.
MAX_TIMER_MS = 60_000
# Fire just after the boundary, never just before it (coarse timers can be early).
TIMER_SLACK_MS = 5

NoticeRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
CategoryRole = Qt.ItemDataRole.UserRole + 3
UrgentRole = Qt.ItemDataRole.UserRole + 4
UnreadRole = Qt.ItemDataRole.UserRole + 5


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class NoticeModel(QAbstractListModel):
    """Visible notices as a Qt list model, plus the read state of every notice."""

    visibleChanged = Signal()
    readChanged = Signal(str)  # the id of a notice that has just been read

    def __init__(
        self,
        clock: Clock = system_clock,
        audience: Iterable[str] = (),
        categories: Iterable[str] | None = None,
        read_marks: ReadMarks | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._audience = tuple(audience)
        self._categories = frozenset(categories) if categories is not None else None
        self._feeds: dict[str, list[Notice]] = {}
        self._visible: list[Notice] = []
        self._read = read_marks if read_marks is not None else ReadMarks()
        self._acknowledged: frozenset[str] = frozenset()
        self._timer = QTimer(self)
        self._timer.setObjectName("changeTimer")
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.refresh)

    # -- input ---------------------------------------------------------------------------

    def set_notices(self, url: str, notices: list[Notice]) -> None:
        """Replace the list that came from ``url`` (slot for Poller.noticesReceived)."""
        self._feeds[url] = list(notices)
        self.refresh()

    def set_feeds(self, urls: Iterable[str]) -> None:
        """Drop the notices of feeds that are no longer configured."""
        wanted = set(urls)
        stale = [url for url in self._feeds if url not in wanted]
        for url in stale:
            del self._feeds[url]
        if stale:
            self.refresh()

    def set_filter(
        self, audience: Iterable[str] = (), categories: Iterable[str] | None = None
    ) -> None:
        """Settings audience / categories changed."""
        self._audience = tuple(audience)
        self._categories = frozenset(categories) if categories is not None else None
        self.refresh()

    def set_acknowledged(self, ids: Iterable[str]) -> None:
        """Notices this PC acknowledged (확인): an urgent one stops looking and repeating
        as urgent, and every one carries ``acknowledged=True`` for the detail popup."""
        ids = frozenset(ids)
        if ids != self._acknowledged:
            self._acknowledged = ids
            self.refresh()

    def _present(self, notice: Notice) -> Notice:
        if not notice.ack_required or notice.id not in self._acknowledged:
            return notice
        priority = "normal" if notice.priority == "urgent" else notice.priority
        return dataclasses.replace(notice, acknowledged=True, priority=priority)

    # -- output --------------------------------------------------------------------------

    def _all_notices(self) -> list[Notice]:
        """Every known notice, visible or not, de-duplicated by id (first feed wins)."""
        seen: set[str] = set()
        merged: list[Notice] = []
        for notices in self._feeds.values():
            for notice in notices:
                if notice.id not in seen:
                    seen.add(notice.id)
                    merged.append(notice)
        return merged

    def visible(self) -> list[Notice]:
        return list(self._visible)

    def notice(self, notice_id: str) -> Notice | None:
        """A known notice by id, visible or not, as its feed sent it (first feed wins)."""
        for notice in self._all_notices():
            if notice.id == notice_id:
                return notice
        return None

    # -- evaluation ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-evaluate visibility now and re-arm the change timer."""
        now = self._clock()
        notices = [self._present(n) for n in self._all_notices()]
        categories = set(self._categories) if self._categories is not None else None
        visible = schedule.visible_notices(
            notices, now, audience=self._audience, categories=categories
        )
        if visible != self._visible:
            self.beginResetModel()
            self._visible = list(visible)
            self.endResetModel()
            self.visibleChanged.emit()
        self._arm_timer(notices, now)

    def _arm_timer(self, notices: list[Notice], now: dt.datetime) -> None:
        self._timer.stop()
        if not notices:
            return
        upcoming = schedule.next_change(notices, now)
        if upcoming is None:
            return
        delay_ms = (upcoming - now) / dt.timedelta(milliseconds=1)
        self._timer.start(int(min(max(delay_ms, 0) + TIMER_SLACK_MS, MAX_TIMER_MS)))

    # -- read state ----------------------------------------------------------------------

    def mark_read(self, notice_id: str) -> None:
        """The user opened ``notice_id`` (bar, detail or list): remember it for good."""
        if not self._read.mark_read(notice_id):
            return
        for row, notice in enumerate(self._visible):
            if notice.id == notice_id:
                self.dataChanged.emit(self.index(row), self.index(row), [UnreadRole])
        self.readChanged.emit(notice_id)

    def is_read(self, notice_id: str) -> bool:
        return self._read.is_read(notice_id)

    # -- QAbstractListModel --------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        notice = self._visible[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return notice.title
        if role == NoticeRole:
            return notice
        if role == IdRole:
            return notice.id
        if role == CategoryRole:
            return notice.category
        if role == UrgentRole:
            return notice.is_urgent
        if role == UnreadRole:
            return not self._read.is_read(notice.id)
        return None

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names.update(
            {
                NoticeRole: b"notice",
                IdRole: b"noticeId",
                CategoryRole: b"category",
                UrgentRole: b"urgent",
                UnreadRole: b"unread",
            }
        )
        return names
