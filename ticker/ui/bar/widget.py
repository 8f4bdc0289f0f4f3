"""TickerBar: the frameless, always-on-top bar docked at a screen edge.

Left: a short label and the connection status dot. Middle: pre-rendered notice tiles
(``TileRenderer``, laid out on a ``Tape``) that scroll by time. What moves and when is the
``BarAnimator``'s (clock, timers, glide strip); pointer and keys are ``BarInput``'s; this
widget owns the layout, the public API and the signals, and paints.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from ticker.feed.notice import Notice
from ticker.model import NoticeModel
from ticker.ui import scroll_math as sm
from ticker.ui.bar import paint, text
from ticker.ui.bar.animator import BarAnimator
from ticker.ui.bar.clock import ManualClock, MonotonicClock
from ticker.ui.bar.input import BarInput
from ticker.ui.bar.tape import Tape
from ticker.ui.bar.tiles import TileRenderer
from ticker.ui.colors import DEFAULT_PALETTE
from ticker.ui.detail import DetailPopup
from ticker.ui.fonts import korean_font


class TickerBar(QWidget):
    contextMenuRequested = Signal(QPoint)  # global position; the tray code shows its menu
    noticeActivated = Signal(str)  # id of the notice opened in the detail popup
    noticeAcknowledged = Signal(str)  # id of a notice whose 확인했습니다 was pressed
    allNoticesRequested = Signal()  # click on the label: open the "전체 공지" window

    def __init__(
        self,
        model: NoticeModel,
        label: str = "",
        speed: float = 60.0,
        font_size: int = 16,
        reduced_motion: bool = False,
        clock: MonotonicClock | ManualClock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``clock``: the real one unless given (a ManualClock: tests, the paint soak)."""
        flags = Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        super().__init__(parent, flags | Qt.WindowType.Tool)  # Tool: no taskbar entry
        self.setWindowTitle("시정 알림 티커")
        self.setAccessibleName(text.accessible_name())
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setMouseTracking(True)  # the tooltip follows the item under the pointer
        self.setAttribute(Qt.WidgetAttribute.WA_AlwaysShowToolTips)  # never the active window
        self._model = model
        self._label = label
        self._status, self._status_detail = "stale", ""
        self._offline_since: dt.datetime | None = None
        self._placed: tuple[QRect, str] | None = None
        self._edge = "bottom"
        self._tape = Tape()
        self._font = korean_font(font_size)
        self.setFont(self._font)
        self._renderer = TileRenderer(self._font, self.preferred_height(), self.devicePixelRatioF())
        self._detail: DetailPopup | None = None
        # Per-frame constants, recomputed only when their inputs change (see _geometry).
        self._geometry_key: tuple | None = None
        self._panel = self._content = QRect()
        self._background = QColor(DEFAULT_PALETTE.background)
        self.animator = BarAnimator(self, self._tape, self._renderer, speed, reduced_motion,
                                    self._background, clock)
        self._input = BarInput(self)
        self.setFixedHeight(self.preferred_height())
        model.visibleChanged.connect(self._rebuild)
        self._rebuild()

    # -- geometry ------------------------------------------------------------------------

    def preferred_height(self) -> int:
        """Follows the font; the docks reserve this much of the screen edge."""
        return paint.bar_height(self._font)

    def place_on(self, screen_geometry: QRect, position: str = "bottom") -> QRect:
        """Full width of ``screen_geometry`` at its bottom (or top) edge; returns the rect."""
        self._placed = (QRect(screen_geometry), position)
        self._edge = "top" if position == "top" else "bottom"
        height = self.preferred_height()
        if self._edge == "top":
            top = screen_geometry.top()
        else:
            top = screen_geometry.bottom() + 1 - height
        rect = QRect(screen_geometry.left(), top, screen_geometry.width(), height)
        self.setFixedHeight(height)
        self.setGeometry(rect)
        self.animator.sync()  # the edge may have changed side without a resize
        return rect

    def edge(self) -> str:
        """The screen edge the bar sits on: "top" or "bottom"."""
        return self._edge

    def panel_rect(self) -> QRect:
        """The left part: status dot and label."""
        return QRect(self._geometry()[0])

    def content_rect(self) -> QRect:
        """The scrolling part, right of the panel."""
        return QRect(self._geometry()[1])

    def _geometry(self) -> tuple[QRect, QRect]:
        """(panel, content) rects. Measuring the label shapes text, far too slow to do on
        every frame, so they are cached for the current label, font and size."""
        size = self.size()
        key = (self._label, size.width(), size.height(), self._renderer.grid)
        if key != self._geometry_key:
            self._geometry_key = key
            self._panel = paint.panel_rect(self._font, self._label, size.height())
            # The scrolling area starts on a whole device pixel (125 %, 150 %: see the tiles' grid).
            self._panel.setWidth(int(sm.snap_up(self._panel.width(), self._renderer.grid)))
            left = self._panel.width()
            self._content = QRect(left, 0, max(0, size.width() - left), size.height())
        return self._panel, self._content

    def status_dot_rect(self):
        return paint.dot_rect(self._font, self.height())

    # -- configuration -------------------------------------------------------------------

    def set_label(self, label: str) -> None:
        self._label = label
        self._rebuild()

    def set_speed(self, px_per_s: float) -> None:
        self.animator.set_speed(px_per_s)

    def set_reduced_motion(self, enabled: bool) -> None:
        self.animator.set_reduced_motion(enabled)
        self.update()

    def set_status(self, status: str, detail: str = "",
                   since: dt.datetime | None = None) -> None:
        """Status "connected" | "stale" | "offline" (slot for Poller.statusChanged);
        ``since``: when the server became unreachable (said on an empty bar)."""
        changed = (status, since) != (self._status, self._offline_since)
        self._status, self._status_detail = status, detail
        self._offline_since = since if status == "offline" else None
        if changed:  # the detail text only shows in the tooltip: no repaint for it
            self.update(self.panel_rect() if self._tape else self.rect())

    def status(self) -> str:
        return self._status

    def idle_text(self) -> str:
        """What an empty bar says: no notices, or that the server cannot be reached."""
        if self._status == "offline":
            return text.offline_text(self._offline_since)
        return text.idle_text()

    def status_tooltip(self) -> str:
        said = text.status_text(self._status)
        return f"{said}\n{self._status_detail}" if self._status_detail else said

    # -- pause (reasons stack: "user" from the tray, "hover" from the pointer) ------------

    def pause(self, reason: str = "user") -> None:
        self.animator.pause(reason)

    def resume(self, reason: str = "user") -> None:
        self.animator.resume(reason)

    def is_paused(self) -> bool:
        return self.animator.is_paused()

    def is_animating(self) -> bool:
        return self.animator.is_animating()

    def is_gliding(self) -> bool:
        return self.animator.is_gliding()

    # -- content -------------------------------------------------------------------------

    def _rebuild(self) -> None:
        """Re-read the model and re-tile, keeping the notice at the left edge in place."""
        self.animator.relayout(self._retile)
        # Screen readers get the whole list at once instead of a moving target.
        self.setAccessibleDescription(" · ".join(n.title for n in self._tape.items))
        self.update()

    def _retile(self) -> None:
        self._renderer.configure(self._font, self.preferred_height(), self.devicePixelRatioF())
        self._tape.rebuild(self._model.visible(), self._renderer, self.content_rect().width())

    # -- queries (tray, notices window, tests) -------------------------------------------

    def scroll_offset(self) -> float:
        """Tape position of the left edge of the scrolling area (logical px)."""
        return self.animator.scroll_offset()

    def playlist_ids(self) -> list[str]:
        """Notice ids in tape order, urgent ones repeated (one scroll cycle)."""
        return self._tape.playlist_ids()

    def tiles(self) -> list:
        """The pre-rendered tile pixmaps, in tape order."""
        return list(self._tape.tiles)

    def is_flashing(self) -> bool:
        """True while the one-time attention effect for a new urgent notice runs."""
        return self.animator.is_flashing()

    def notice_by_id(self, notice_id: str | None) -> Notice | None:
        """A notice currently on the bar's tape."""
        return self._tape.notice(notice_id)

    def visible_item_ids(self) -> list[str]:
        """Ids of the notices currently (even partly) on screen, left to right."""
        placed = self.animator.placed_tiles(self._geometry()[1].width())
        return [self._tape.notice_at(pos).id for pos, _x in placed]

    def current_item_id(self) -> str | None:
        """The notice at the left edge (or the one shown, in reduced motion)."""
        return self.animator.current_item_id()

    def item_id_at(self, x: float) -> str | None:
        """Id of the notice under widget x, or None (panel, gap or padding)."""
        content = self.content_rect()
        local = x - content.left()
        if local < 0:
            return None
        for pos, left in self.animator.placed_tiles(content.width()):
            if left <= local < left + self._tape.tile_width(pos):
                return self._tape.notice_at(pos).id
        return None

    def tooltip_at(self, pos: QPoint) -> str:
        return self._input.tooltip_at(pos)

    # -- actions -------------------------------------------------------------------------

    def show_item(self, notice_id: str) -> bool:
        """Put a notice at the left edge (or show it, in reduced motion); False if absent."""
        if self._tape.notice(notice_id) is None:
            return False
        self.animator.show(notice_id)
        self.update()
        return True

    def step(self, direction: int) -> None:
        """Next (+1) or previous (-1) item: wheel and arrow keys."""
        if not self._tape or direction == 0:
            return
        self.animator.step(1 if direction > 0 else -1)

    @property
    def detail_popup(self) -> DetailPopup | None:
        return self._detail

    def open_detail(self, notice_id: str, x: float | None = None) -> DetailPopup | None:
        """Show the detail popup of a notice on the tape, next to widget ``x`` (a click)."""
        notice = self._tape.notice(notice_id)
        if notice is None:
            return None
        if self._detail is None:
            self._detail = DetailPopup(self._font, parent=self)
            self._detail.acknowledgeRequested.connect(self.noticeAcknowledged)
        left = int(x) if x is not None else self.content_rect().left()
        anchor = QRect(self.mapToGlobal(QPoint(left, 0)), QSize(1, self.height()))
        self._detail.show_notice(notice, anchor)
        self._model.mark_read(notice_id)
        self.noticeActivated.emit(notice_id)
        return self._detail

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        # The per-frame path while scrolling: kept to a handful of Qt calls (profiled).
        if self.devicePixelRatioF() != self._renderer.device_pixel_ratio:
            # Moved to a screen with another scale: re-render the tiles. Checked here rather
            # than in event(), which would put every event of the bar through Python.
            self._rebuild()
        now = self.animator.now_ms()
        panel, area = self._geometry()
        painter = QPainter(self)
        try:
            if event.rect().intersects(panel):
                paint.paint_panel(painter, self._font, self._label, self._status, panel.height(),
                                  panel.width())
            painter.setClipRect(area)
            painter.fillRect(area, self._background)
            if not self._tape:
                paint.paint_idle(painter, area, self._font, self.idle_text())
            else:
                tiles = self._tape.tiles
                placed = [(tiles[pos], x) for pos, x in self.animator.placed_tiles(area.width(), now)]
                paint.paint_tiles(painter, area, placed, self._renderer.device_pixel_ratio)
            painter.setClipping(False)
            pulse = self.animator.pulse(now)
            if pulse > 0:
                paint.paint_attention(painter, self.rect(), pulse)
            paint.paint_edge(painter, self.width(), 0 if self._edge == "bottom" else self.height() - 1)
        finally:
            painter.end()

    # -- events --------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._rebuild()  # the screen (and its devicePixelRatio) is known now

    def hideEvent(self, event) -> None:  # noqa: N802
        super().hideEvent(event)
        self.animator.sync()

    def moveEvent(self, event) -> None:  # noqa: N802
        super().moveEvent(event)
        # Docked by the desktop code rather than place_on: infer the edge for the border line.
        screen = self.screen()
        if screen is not None and self._placed is None:
            at_top = self.geometry().top() <= screen.geometry().top()
            edge = "top" if at_top else "bottom"
            if edge != self._edge:
                self._edge = edge
                self.animator.sync()  # the glide strip leaves the edge line free on that side

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._rebuild()

    # Pointer and keys: BarInput's (the handlers stay here because Qt calls them).

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        self._input.mouse_moved(event)
        super().mouseMoveEvent(event)

    def enterEvent(self, event) -> None:  # noqa: N802
        self._input.entered(event)
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self._input.left()
        super().leaveEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self._input.pressed(event)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        self._input.released(event)
        super().mouseReleaseEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802
        self._input.wheel(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if not self._input.key_pressed(event):
            super().keyPressEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        self._input.context_menu(event)
