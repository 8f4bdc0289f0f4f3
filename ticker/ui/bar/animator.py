"""What moves on the bar, and when: the clock, the motion, the timers and the glide strip.

The frame timer repaints while the tape scrolls, a manual step animates or the attention
pulse runs; the step timer advances reduced-motion stepping; the glide strip takes over
plain scrolling. ``sync`` is the one place that starts and stops them: none runs while the
bar is paused, hidden or empty. The bar (the host) tells the animator when its content,
size or visibility changed, and asks it what is on screen; the animator asks the host only
through its public QWidget API, ``content_rect()`` and ``edge()``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from ticker.ui import scroll_math as sm
from ticker.ui.bar.clock import MonotonicClock
from ticker.ui.bar.glide import Glide
from ticker.ui.bar.tape import Tape
from ticker.ui.bar.tiles import TileRenderer
from ticker.ui.motion import Motion, Stepper

# A newly arrived urgent notice stands still right of the label this long (the attention
# pulse runs meanwhile), so it is read from its first character before it scrolls on.
URGENT_HOLD_MS = 4000


class BarAnimator(QObject):
    def __init__(self, host: QWidget, tape: Tape, renderer: TileRenderer, speed: float,
                 reduced_motion: bool, background: QColor,
                 clock: MonotonicClock | None = None) -> None:
        super().__init__(host)
        self._host = host
        self._tape = tape
        self._renderer = renderer
        self.clock = clock if clock is not None else MonotonicClock(self)
        self.clock.moved.connect(self._on_clock_moved)
        self._motion = Motion(speed)
        self._stepper = Stepper()
        self._reduced_motion = bool(reduced_motion)
        self._pause_reasons: set[str] = set()
        self._attended: set[str] = set()  # urgent ids already brought forward and flashed
        self._pending_attention = False
        # Only a clock on real time may glide: the strip moves on Qt's animation time.
        self.glide = Glide(host, background, self.clock) if self.clock.glides else None
        self._glide_capable = False  # the tape can glide once nothing else is going on
        self._glide_revision = -1  # Motion.revision the running glide started from
        self._painted_pixel: int | None = None  # device-pixel offset of the last frame asked
        self._glow_on_screen = False  # the last frame asked for showed the attention pulse
        self.frame_timer = QTimer(self)  # repaints while scrolling, stepping or flashing
        self.frame_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.frame_timer.timeout.connect(self._on_frame)
        self.step_timer = QTimer(self)  # reduced motion: show the next item
        self.step_timer.setSingleShot(True)
        self.step_timer.timeout.connect(self._on_step_timer)

    def now_ms(self) -> float:
        return self.clock.now_ms()

    # -- state the bar sets --------------------------------------------------------------

    def pause(self, reason: str) -> None:
        self._pause_reasons.add(reason)
        self.sync()

    def resume(self, reason: str) -> None:
        self._pause_reasons.discard(reason)
        self.sync()

    def is_paused(self) -> bool:
        return bool(self._pause_reasons)

    def set_speed(self, px_per_s: float) -> None:
        self._motion.set_speed(px_per_s, self.now_ms())
        self.sync()

    @property
    def reduced_motion(self) -> bool:
        return self._reduced_motion

    def set_reduced_motion(self, enabled: bool) -> None:
        self._reduced_motion = bool(enabled)
        self._stepper.stop()
        self.sync()

    def relayout(self, retile: Callable[[], None]) -> None:
        """``retile`` re-renders the tape (new notices, size or scale); the notice at the
        left edge stays where it was, and new urgent notices get attention."""
        now = self.now_ms()
        self._take_glide_offset(now)
        if self.glide is not None:
            self.glide.unload()  # laid out again by _sync_glide
        anchor = self._tape.anchor(self._motion.offset(now))
        current = self.current_item_id()
        retile()
        self._motion.set_layout(self._tape.layout, self._tape.offset_for(anchor), now)
        ids = self._tape.ids()
        self._stepper.index = ids.index(current) if current in ids else 0
        if any(n.is_urgent and n.id not in self._attended for n in self._tape.items):
            self._pending_attention = True
        self.sync()

    # -- what is on screen ---------------------------------------------------------------

    def scroll_offset(self) -> float:
        return self._motion.offset(self.now_ms())

    def placed_tiles(self, width: float, now: float | None = None) -> list[tuple[int, float]]:
        """(playlist position, x in the content area) of what is on screen now."""
        if not self._tape:
            return []
        if now is None:
            now = self.now_ms()
        if self._reduced_motion:
            index = self._stepper.index % len(self._tape.items)
            return [(self._tape.playlist.index(index), 0.0)]
        return sm.tiles_in_viewport(self._tape.layout, self._motion.offset(now), width)

    def pulse(self, now: float) -> float:
        """Intensity of the attention pulse (0: none)."""
        return self._motion.pulse(now)

    def is_flashing(self) -> bool:
        return self._motion.pulse_active(self.now_ms())

    def current_item_id(self) -> str | None:
        if not self._tape:
            return None
        if self._reduced_motion:
            return self._tape.items[self._stepper.index % len(self._tape.items)].id
        anchor = self._tape.anchor(self._motion.offset(self.now_ms()))
        return anchor[0] if anchor else None

    def is_animating(self) -> bool:
        return self.frame_timer.isActive() or self.step_timer.isActive() or self.is_gliding()

    def is_gliding(self) -> bool:
        """Steady scrolling is on the C++-driven glide strip (no Python per frame)."""
        return self.glide is not None and self.glide.running()

    # -- moves -------------------------------------------------------------------------

    def show(self, notice_id: str) -> None:
        self._show(notice_id, self.now_ms())
        self.sync()

    def step(self, direction: int) -> None:
        """Next (+1) or previous (-1) item, animated unless in reduced motion."""
        if self._reduced_motion:
            self._stepper.move(direction, len(self._tape.items))
            self._stepper.stop()  # the chosen item gets a full dwell
            self._host.update()
        else:
            now = self.now_ms()
            self._take_glide_offset(now)  # step from what is on screen
            self._motion.step(direction, now)
        self.sync()

    def _show(self, notice_id: str, now: float) -> None:
        if self._reduced_motion:
            self._stepper.index = self._tape.ids().index(notice_id)
            self._stepper.stop()
        else:
            self._motion.jump_to(self._tape.start_of(notice_id) or 0.0, now)

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

    # -- timers ------------------------------------------------------------------------

    def sync(self) -> None:
        """The one place that decides which timers run (and whether the strip glides)."""
        now = self.now_ms()
        self._take_glide_offset(now)
        host = self._host
        can_run = host.isVisible() and bool(self._tape) and not self._pause_reasons
        if can_run and self._pending_attention:
            self._attend(now)
        if not can_run:
            self._motion.stop_pulse()  # a paused or hidden bar does not flash
        scrolling = can_run and not self._reduced_motion
        self._motion.set_scrolling(scrolling, now)
        stepping = can_run and self._reduced_motion and len(self._tape.items) > 1
        if not stepping:
            self._stepper.stop()
            self.step_timer.stop()
        else:
            if self._stepper.deadline_ms is None:
                self._stepper.start(now, self._dwell(self._stepper.index))
            self.step_timer.start(max(1, int(self._stepper.deadline_ms - now) + 1))
        gliding = self._sync_glide(now, scrolling)
        # A wheel/arrow step still animates while the pointer rests on the bar.
        by_hand = host.isVisible() and bool(self._tape) and self._motion.in_transition(now)
        if (scrolling and not gliding) or by_hand or self._motion.pulse_active(now):
            interval = self._frame_interval()
            if not self.frame_timer.isActive():
                self.frame_timer.start(interval)
            elif self.frame_timer.interval() != interval:
                self.frame_timer.setInterval(interval)
        else:
            self.frame_timer.stop()

    def _on_clock_moved(self) -> None:
        self._catch_up_steps()
        self.sync()

    def _on_step_timer(self) -> None:
        self._catch_up_steps()
        self.sync()

    def _catch_up_steps(self) -> None:
        count = len(self._tape.items)
        if self._reduced_motion and self._stepper.catch_up(self.now_ms(), count, self._dwell):
            self._host.update()

    def _dwell(self, index: int) -> float:
        if not self._tape:
            return 5000.0
        tile = self._renderer.tile(self._tape.items[index % len(self._tape.items)])
        return sm.dwell_ms_for(self._renderer.logical_width(tile), self._host.content_rect().width())

    def _frame_interval(self) -> int:
        screen = self._host.screen()
        refresh = (screen.refreshRate() if screen is not None else 0.0) or 60.0
        speed = self._motion.speed if self._motion.scrolling else 0.0
        return sm.frame_interval_ms(speed, self._host.devicePixelRatioF(), refresh)

    def _on_frame(self) -> None:
        motion = self._motion
        if motion.steady():
            if self._glide_capable:
                self.sync()  # a step or pulse just ended (painting retired it): glide
                return
            # The hot path (~60 times a second): repaint only the scrolling area, and only
            # if the tape moved to another device pixel. Nothing here can change which
            # timers run; pause, hide, relayout and speed changes call sync.
            pixel = round(motion.offset(self.now_ms()) * self._renderer.device_pixel_ratio)
            if pixel != self._painted_pixel:
                self._painted_pixel = pixel
                self._host.update(self._host.content_rect())
            return
        now = self.now_ms()
        pulse = motion.pulse_active(now)
        # A hold alone (a new urgent notice standing still) has nothing new to paint, once
        # the last frame of the pulse (a faint glow over the whole bar) is painted over.
        glow_left = self._glow_on_screen and not pulse
        if pulse or glow_left or motion.in_transition(now) or not motion.holding(now):
            self._painted_pixel = None
            self._host.update(self._host.rect() if pulse or glow_left
                              else self._host.content_rect())
        self._glow_on_screen = pulse
        self.sync()

    # -- glide -------------------------------------------------------------------------

    def _take_glide_offset(self, now: float) -> None:
        """While gliding, the strip is the truth (it trails the clock by up to a frame,
        more after a stall): adopt what it shows before anything changes, unless the bar
        has since moved on purpose (a jump, step or new layout)."""
        if (self.is_gliding() and self._motion.steady()
                and self._motion.revision == self._glide_revision):
            self._motion.follow(self.glide.offset(), now)

    def _sync_glide(self, now: float, scrolling: bool) -> bool:
        """Hand plain scrolling to the glide strip; True while it glides."""
        glide = self.glide
        if glide is None:
            return False
        layout = self._tape.layout
        grid = self._renderer.grid  # moves and tiles on whole device pixels (0: no such grid)
        self._glide_capable = (grid > 0 and layout.period >= 1
                               and all((w / grid).is_integer() for w in layout.widths))
        # These two calls also retire a pulse or step that has just ended, so they come
        # before the check of steady().
        ok = (scrolling and self._glide_capable and not self._motion.pulse_active(now)
              and not self._motion.in_transition(now) and self._motion.steady())
        if not ok:
            if glide.isVisible() or glide.running():
                glide.stop()
                self._painted_pixel = None
                self._host.update(self._host.content_rect())
            return False
        content = self._host.content_rect()
        # Leave the 1 px edge line (painted by the bar) uncovered.
        if self._host.edge() == "bottom":
            area, tile_y = content.adjusted(0, 1, 0, 0), -1
        else:
            area, tile_y = content.adjusted(0, 0, 0, -1), 0
        glide.load(self._tape.tiles, layout, area, tile_y, grid=grid)
        if (not glide.running() or glide.speed() != self._motion.speed
                or self._motion.revision != self._glide_revision):
            glide.start(self._motion.offset(now), self._motion.speed)
            self._glide_revision = self._motion.revision
        return True

