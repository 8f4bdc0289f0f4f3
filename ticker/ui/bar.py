"""TickerBar: the frameless, always-on-top bar docked at a screen edge.

Left: a short label and the connection status dot. Middle: pre-rendered notice tiles
that scroll by time (offset = speed x elapsed). Plain scrolling is handed to the C++-driven
``Glide`` strip; everything else (steps, the attention pulse, a different screen scale, an
injected clock) is painted here on a QTimer at the display refresh rate. Every timer stops
while the bar is paused, hidden or has nothing to show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from ticker.feed.notice import Notice
from ticker.model import NoticeModel
from ticker.ui import bar_paint as paint
from ticker.ui import scroll_math as sm
from ticker.ui.bar_input import BarInputMixin
from ticker.ui.bar_text import IDLE_TEXT, STATUS_TEXT, offline_text, tr
from ticker.ui.bar_timers import BarTimersMixin
from ticker.ui.colors import DEFAULT_PALETTE
from ticker.ui.detail import DetailPopup
from ticker.ui.fonts import korean_font
from ticker.ui.glide import Glide
from ticker.ui.motion import Motion, Stepper
from ticker.ui.strip import TileRenderer
from ticker.ui.tape import URGENT_REPEAT_EVERY, Tape

__all__ = ["TickerBar", "URGENT_HOLD_MS", "URGENT_REPEAT_EVERY"]

# A newly arrived urgent notice stands still right of the label this long (the attention
# pulse runs meanwhile), so it is read from its first character before it scrolls on.
URGENT_HOLD_MS = 4000


class TickerBar(BarInputMixin, BarTimersMixin, QWidget):
    contextMenuRequested = Signal(QPoint)  # global position; the tray code shows its menu
    noticeActivated = Signal(str)  # id of the notice opened in the detail popup
    noticeAcknowledged = Signal(str)  # id of a notice whose 확인했습니다 was pressed
    allNoticesRequested = Signal()  # click on the label: open the "전체 공지" window
    preferredHeightChanged = Signal(int)  # font size changed: re-reserve the screen edge

    def __init__(
        self,
        model: NoticeModel,
        label: str = "",
        speed: float = 60.0,
        font_size: int = 16,
        reduced_motion: bool = False,
        language: str = "ko",
        time_source: Callable[[], float] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        flags = Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        super().__init__(parent, flags | Qt.WindowType.Tool)  # Tool: no taskbar entry
        self.setWindowTitle("시정 알림 티커")
        self.setAccessibleName(tr("시정 알림 티커"))
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setMouseTracking(True)  # the tooltip follows the item under the pointer
        self.setAttribute(Qt.WidgetAttribute.WA_AlwaysShowToolTips)  # never the active window
        self._model = model
        self._label = label
        self._language = "en" if language == "en" else "ko"
        self._reduced_motion = bool(reduced_motion)
        self._status, self._status_detail = "stale", ""
        self._offline_since: dt.datetime | None = None
        self._init_timers(time_source)
        self._placed: tuple[QRect, str] | None = None
        self._position = "bottom"
        self._attended: set[str] = set()
        self._pending_attention = False
        self._tape = Tape()
        self._motion = Motion(speed)
        self._stepper = Stepper()
        self._font = korean_font(font_size)
        self.setFont(self._font)
        self._renderer = TileRenderer(
            self._font, self.preferred_height(), self.devicePixelRatioF(), self._language
        )
        self._detail: DetailPopup | None = None
        # Per-frame constants, recomputed only when their inputs change (see _geometry).
        self._geometry_key: tuple | None = None
        self._panel = self._content = QRect()
        self._background = QColor(DEFAULT_PALETTE.background)
        # An injected clock (tests, soak) must drive what is shown: only the real one glides.
        self._glide = Glide(self, self._background) if time_source is None else None
        self.setFixedHeight(self.preferred_height())
        model.visibleChanged.connect(self._rebuild)
        self._rebuild()

    # -- geometry ------------------------------------------------------------------------

    def preferred_height(self) -> int:
        return paint.bar_height(self._font)

    def place_on(self, screen_geometry: QRect, position: str = "bottom") -> QRect:
        """Full width of ``screen_geometry`` at its bottom (or top) edge; returns the rect."""
        self._placed = (QRect(screen_geometry), position)
        self._position = "top" if position == "top" else "bottom"
        height = self.preferred_height()
        if self._position == "top":
            top = screen_geometry.top()
        else:
            top = screen_geometry.bottom() + 1 - height
        rect = QRect(screen_geometry.left(), top, screen_geometry.width(), height)
        self.setFixedHeight(height)
        self.setGeometry(rect)
        self._sync_timers()  # the edge may have changed side without a resize
        return rect

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
        # set_font_size resets the key; _rebuild does when the scale changes
        key = (self._label, size.width(), size.height(), self._renderer.grid)
        if key != self._geometry_key:
            self._geometry_key = key
            self._panel = paint.panel_rect(self._font, self._label, size.height())
            # The scrolling area starts on a whole device pixel (125 %, 150 %: see strip grid).
            self._panel.setWidth(int(sm.snap_up(self._panel.width(), self._renderer.grid)))
            left = self._panel.width()
            self._content = QRect(left, 0, max(0, size.width() - left), size.height())
        return self._panel, self._content

    def status_dot_rect(self):
        return paint.dot_rect(self._font, self.height())

    # -- configuration -------------------------------------------------------------------

    def set_label(self, text: str) -> None:
        self._label = text
        self._rebuild()

    def set_speed(self, px_per_s: float) -> None:
        self._motion.set_speed(px_per_s, self._now_ms())
        self._sync_timers()

    def set_font_size(self, pixel_size: int) -> None:
        self._font = korean_font(pixel_size)
        self._geometry_key = None
        self.setFont(self._font)
        self.setFixedHeight(self.preferred_height())
        if self._placed is not None:
            self.place_on(*self._placed)
        self._rebuild()
        self.preferredHeightChanged.emit(self.preferred_height())

    def set_reduced_motion(self, enabled: bool) -> None:
        self._reduced_motion = bool(enabled)
        self._stepper.stop()
        self._sync_timers()
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
            return offline_text(self._language, self._offline_since)
        return tr(IDLE_TEXT[self._language])

    def status_tooltip(self) -> str:
        text = tr(STATUS_TEXT[self._language].get(self._status, self._status))
        return f"{text}\n{self._status_detail}" if self._status_detail else text

    # -- content -------------------------------------------------------------------------

    def _rebuild(self) -> None:
        """Re-read the model and re-tile, keeping the notice at the left edge in place."""
        now = self._now_ms()
        self._take_glide_offset(now)
        if self._glide is not None:
            self._glide.unload()  # new tiles, size or scale: laid out again by _sync_glide
        anchor = self._tape.anchor(self._motion.offset(now))
        current = self.current_item_id()
        self._renderer.configure(
            self._font, self.preferred_height(), self.devicePixelRatioF(), self._language
        )
        self._tape.rebuild(self._model.visible(), self._renderer, self.content_rect().width())
        self._motion.set_layout(self._tape.layout, self._tape.offset_for(anchor), now)
        ids = self._tape.ids()
        self._stepper.index = ids.index(current) if current in ids else 0
        # Screen readers get the whole list at once instead of a moving target.
        self.setAccessibleDescription(" · ".join(n.title for n in self._tape.items))
        if any(n.is_urgent and n.id not in self._attended for n in self._tape.items):
            self._pending_attention = True
        self._sync_timers()
        self.update()

    def _attend(self, now: float) -> None:
        """New urgent notices: bring the first to the left edge and flash once per id."""
        self._pending_attention = False
        fresh = [n for n in self._tape.items if n.is_urgent and n.id not in self._attended]
        if not fresh:
            return
        self._attended.update(n.id for n in fresh)
        self._show(fresh[0].id, now)
        if not self._reduced_motion:  # reduced motion shows it for a whole dwell anyway
            self._motion.hold(now, URGENT_HOLD_MS)
        self._motion.start_pulse(now, static=self._reduced_motion)

    def _show(self, notice_id: str, now: float) -> None:
        if self._reduced_motion:
            self._stepper.index = self._tape.ids().index(notice_id)
            self._stepper.stop()
        else:
            self._motion.jump_to(self._tape.start_of(notice_id) or 0.0, now)

    def _placed_tiles(self, now: float, width: int | None = None) -> list[tuple[int, float]]:
        """(playlist position, x in the content area) of what is on screen now."""
        if not self._tape:
            return []
        if self._reduced_motion:
            index = self._stepper.index % len(self._tape.items)
            return [(self._tape.playlist.index(index), 0.0)]
        if width is None:
            width = self._geometry()[1].width()
        return sm.tiles_in_viewport(self._tape.layout, self._motion.offset(now), width)

    # -- queries (tray, notices window, tests) -------------------------------------------

    def scroll_offset(self) -> float:
        """Tape position of the left edge of the scrolling area (logical px)."""
        return self._motion.offset(self._now_ms())

    def playlist_ids(self) -> list[str]:
        """Notice ids in tape order, urgent ones repeated (one scroll cycle)."""
        return self._tape.playlist_ids()

    def tiles(self) -> list:
        """The pre-rendered tile pixmaps, in tape order."""
        return list(self._tape.tiles)

    def is_flashing(self) -> bool:
        """True while the one-time attention effect for a new urgent notice runs."""
        return self._motion.pulse_active(self._now_ms())

    def notice_by_id(self, notice_id: str | None) -> Notice | None:
        """A notice currently on the bar's tape."""
        return self._tape.notice(notice_id)

    def visible_item_ids(self) -> list[str]:
        """Ids of the notices currently (even partly) on screen, left to right."""
        return [self._tape.notice_at(pos).id for pos, _x in self._placed_tiles(self._now_ms())]

    def current_item_id(self) -> str | None:
        """The notice at the left edge (or the one shown, in reduced motion)."""
        if not self._tape:
            return None
        if self._reduced_motion:
            return self._tape.items[self._stepper.index % len(self._tape.items)].id
        anchor = self._tape.anchor(self._motion.offset(self._now_ms()))
        return anchor[0] if anchor else None

    def item_id_at(self, x: float) -> str | None:
        """Id of the notice under widget x, or None (panel, gap or padding)."""
        local = x - self.content_rect().left()
        if local < 0:
            return None
        for pos, left in self._placed_tiles(self._now_ms()):
            if left <= local < left + self._tape.tile_width(pos):
                return self._tape.notice_at(pos).id
        return None

    # -- actions -------------------------------------------------------------------------

    def show_item(self, notice_id: str) -> bool:
        """Put a notice at the left edge (or show it, in reduced motion); False if absent."""
        if self._tape.notice(notice_id) is None:
            return False
        self._show(notice_id, self._now_ms())
        self._sync_timers()
        self.update()
        return True

    def step(self, direction: int) -> None:
        """Next (+1) or previous (-1) item: wheel and arrow keys."""
        if not self._tape or direction == 0:
            return
        direction = 1 if direction > 0 else -1
        if self._reduced_motion:
            self._stepper.move(direction, len(self._tape.items))
            self._stepper.stop()  # the chosen item gets a full dwell
            self.update()
        else:
            now = self._now_ms()
            self._take_glide_offset(now)  # step from what is on screen
            self._motion.step(direction, now, animate=True)
        self._sync_timers()

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
        now = self._now_ms()
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
                dpr = self._renderer.device_pixel_ratio
                tiles = self._tape.tiles
                placed = [(tiles[pos], x) for pos, x in self._placed_tiles(now, area.width())]
                paint.paint_tiles(painter, area, placed, dpr)
            painter.setClipping(False)
            pulse = self._motion.pulse(now)
            if pulse > 0:
                paint.paint_attention(painter, self.rect(), pulse)
            paint.paint_edge(
                painter, self.width(), 0 if self._position == "bottom" else self.height() - 1
            )
        finally:
            painter.end()

    # -- events --------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._rebuild()  # the screen (and its devicePixelRatio) is known now

    def hideEvent(self, event) -> None:  # noqa: N802
        super().hideEvent(event)
        self._sync_timers()

    def moveEvent(self, event) -> None:  # noqa: N802
        super().moveEvent(event)
        # Docked by the desktop code rather than place_on: infer the edge for the border line.
        screen = self.screen()
        if screen is not None and self._placed is None:
            at_top = self.geometry().top() <= screen.geometry().top()
            position = "top" if at_top else "bottom"
            if position != self._position:
                self._position = position
                self._sync_timers()  # the glide strip leaves the edge line free on that side

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._rebuild()
