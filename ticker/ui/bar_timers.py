"""Pause reasons, the bar's clock and its two timers, kept out of the widget and paint code.

The frame timer repaints while the tape scrolls, a manual step animates or the attention
pulse runs; the step timer advances reduced-motion stepping. ``_sync_timers`` is the one
place that decides which of them run: none while the bar is paused, hidden or empty.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer

from ticker.ui import scroll_math as sm


class BarTimersMixin:
    """Mixed into TickerBar (a QWidget) after its motion, stepper, tape and renderer exist."""

    def _init_timers(self, time_source) -> None:
        self._pause_reasons: set[str] = set()
        self._glide = None  # the bar sets its Glide strip once its colours are known
        self._glide_capable = False  # the tape can glide once nothing else is going on
        self._glide_revision = -1  # Motion.revision the running glide started from
        self._elapsed = QElapsedTimer()
        self._elapsed.start()
        self._time_source = time_source or (lambda: float(self._elapsed.elapsed()))
        self._skew_ms = 0.0
        self._painted_pixel: int | None = None  # device-pixel offset of the last frame asked
        self._glow_on_screen = False  # the last frame asked for showed the attention pulse
        self.frame_timer = QTimer(self)  # repaints while scrolling, stepping or flashing
        self.frame_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.frame_timer.timeout.connect(self._on_frame)
        self.step_timer = QTimer(self)  # reduced motion: show the next item
        self.step_timer.setSingleShot(True)
        self.step_timer.timeout.connect(self._on_step_timer)

    # -- pause -------------------------------------------------------------------------

    def pause(self, reason: str = "user") -> None:
        """Stop moving (reasons stack: "user" from the tray, "hover" from the pointer)."""
        self._pause_reasons.add(reason)
        self._sync_timers()

    def resume(self, reason: str = "user") -> None:
        self._pause_reasons.discard(reason)
        self._sync_timers()

    def is_paused(self) -> bool:
        return bool(self._pause_reasons)

    def is_animating(self) -> bool:
        return self.frame_timer.isActive() or self.step_timer.isActive() or self.is_gliding()

    def is_gliding(self) -> bool:
        """Steady scrolling is on the C++-driven glide strip (no Python per frame)."""
        return self._glide is not None and self._glide.running()

    # -- clock -------------------------------------------------------------------------

    def advance(self, ms: float) -> None:
        """Move the bar's clock forward (tests, soak); paints and timers follow as usual."""
        self._skew_ms += ms
        self._catch_up_steps()
        self._sync_timers()

    def _now_ms(self) -> float:
        return self._time_source() + self._skew_ms

    # -- timers ------------------------------------------------------------------------

    def _sync_timers(self) -> None:
        """The one place that decides which timers run."""
        now = self._now_ms()
        self._take_glide_offset(now)
        can_run = self.isVisible() and bool(self._tape) and not self._pause_reasons
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
        by_hand = self.isVisible() and bool(self._tape) and self._motion.in_transition(now)
        if (scrolling and not gliding) or by_hand or self._motion.pulse_active(now):
            interval = self._frame_interval()
            if not self.frame_timer.isActive():
                self.frame_timer.start(interval)
            elif self.frame_timer.interval() != interval:
                self.frame_timer.setInterval(interval)
        else:
            self.frame_timer.stop()

    # -- glide -------------------------------------------------------------------------

    def _take_glide_offset(self, now: float) -> None:
        """While gliding, the strip is the truth (it trails the bar's clock by up to a
        frame, more after a stall): adopt what it shows before anything changes, unless
        the bar has since moved on purpose (a jump, step or new layout)."""
        if (self.is_gliding() and self._motion.steady()
                and self._motion.revision == self._glide_revision):
            self._motion.follow(self._glide.offset(), now)

    def _sync_glide(self, now: float, scrolling: bool) -> bool:
        """Hand plain scrolling to the glide strip; True while it glides."""
        glide = self._glide
        if glide is None:
            return False
        layout = self._tape.layout
        grid = self._renderer.grid  # moves and tiles on whole device pixels (0: no such grid)
        self._glide_capable = (grid > 0 and layout.period >= 1
                               and all((w / grid).is_integer() for w in layout.widths))
        # pulse_active and in_transition first: they retire an effect that just ended.
        ok = (scrolling and self._glide_capable and not self._motion.pulse_active(now)
              and not self._motion.in_transition(now) and self._motion.steady())
        if not ok:
            if glide.isVisible() or glide.running():
                glide.stop()
                self._painted_pixel = None
                self.update(self._geometry()[1])
            return False
        content = self._geometry()[1]
        # Leave the 1 px edge line (painted by the bar) uncovered.
        if self._position == "bottom":
            area, tile_y = content.adjusted(0, 1, 0, 0), -1
        else:
            area, tile_y = content.adjusted(0, 0, 0, -1), 0
        glide.load(self._tape.tiles, layout, area, tile_y, grid=self._renderer.grid)
        if (not glide.running() or glide.speed() != self._motion.speed
                or self._motion.revision != self._glide_revision):
            glide.start(self._motion.offset(now), self._motion.speed)
            self._glide_revision = self._motion.revision
        return True

    def _frame_interval(self) -> int:
        screen = self.screen()
        refresh = (screen.refreshRate() if screen is not None else 0.0) or 60.0
        speed = self._motion.speed if self._motion.scrolling else 0.0
        return sm.frame_interval_ms(speed, self.devicePixelRatioF(), refresh)

    def _on_frame(self) -> None:
        motion = self._motion
        if motion.steady():
            if self._glide_capable:
                self._sync_timers()  # a step or pulse just ended (painting retired it): glide
                return
            # The hot path (~60 times a second): repaint only the scrolling area, and only
            # if the tape moved to another device pixel. Nothing here can change which
            # timers run; pause, hide, rebuild and speed changes call _sync_timers.
            offset = motion.offset(self._now_ms())
            pixel = round(offset * self._renderer.device_pixel_ratio)
            if pixel != self._painted_pixel:
                self._painted_pixel = pixel
                self.update(self._geometry()[1])
            return
        now = self._now_ms()
        pulse = motion.pulse_active(now)
        # A hold alone (a new urgent notice standing still) has nothing new to paint, once
        # the last frame of the pulse (a faint glow over the whole bar) is painted over.
        glow_left = self._glow_on_screen and not pulse
        if pulse or glow_left or motion.in_transition(now) or not motion.holding(now):
            self._painted_pixel = None
            self.update(self.rect() if pulse or glow_left else self.content_rect())
        self._glow_on_screen = pulse
        self._sync_timers()

    def _on_step_timer(self) -> None:
        self._catch_up_steps()
        self._sync_timers()

    def _catch_up_steps(self) -> None:
        count = len(self._tape.items)
        if self._reduced_motion and self._stepper.catch_up(self._now_ms(), count, self._dwell):
            self.update()

    def _dwell(self, index: int) -> float:
        if not self._tape:
            return 5000.0
        tile = self._renderer.tile(self._tape.items[index % len(self._tape.items)])
        return sm.dwell_ms_for(self._renderer.logical_width(tile), self.content_rect().width())
