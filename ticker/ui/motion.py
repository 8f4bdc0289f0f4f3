"""The bar's clock-driven motion state: scroll position, manual steps and the attention pulse.

Plain Python over scroll_math, driven by the millisecond clock the bar's animator
(ticker/ui/bar/animator.py) passes in; no Qt, so it is tested without a display.
"""

from __future__ import annotations

from ticker.ui import scroll_math as sm

STEP_ANIMATION_MS = 280
PULSE_MS = 1600


class Motion:
    """Offset of the tape as a function of time, with pause, steps and a pulse."""

    def __init__(self, speed_px_s: float) -> None:
        self.speed = float(speed_px_s)
        self.layout = sm.layout_tiles([])
        self._anchor_offset = 0.0
        self._anchor_ms = 0.0
        self._scrolling = False
        # (from offset, to offset, start ms, duration ms) of a manual step animation
        self._transition: tuple[float, float, float, float] | None = None
        self._pulse_start: float | None = None
        self._pulse_static = False
        self._hold_until: float | None = None  # scrolling waits until then (a new urgent one)
        self.revision = 0  # counts deliberate moves (jumps, steps, new layouts)

    # -- scrolling -----------------------------------------------------------------------

    @property
    def scrolling(self) -> bool:
        return self._scrolling

    def set_scrolling(self, scrolling: bool, now_ms: float) -> None:
        """Start or freeze the time-based scroll without a jump in position."""
        if scrolling == self._scrolling:
            return
        current = self.offset(now_ms)
        self._scrolling = scrolling
        self._anchor_offset = current
        self._anchor_ms = now_ms

    def set_speed(self, speed_px_s: float, now_ms: float) -> None:
        self._anchor_offset = self.offset(now_ms)
        self._anchor_ms = now_ms
        self.speed = float(speed_px_s)

    def offset(self, now_ms: float) -> float:
        if self._transition is not None:
            start, target, began, duration = self._transition
            if now_ms - began < duration:
                return sm.transition_offset(start, target, now_ms - began, duration)
            self._transition = None
            self._anchor_offset = target
            self._anchor_ms = began + duration
        if self._scrolling:
            if self._hold_until is not None:
                if now_ms < self._hold_until:
                    return self._anchor_offset
                self._anchor_ms = max(self._anchor_ms, self._hold_until)
                self._hold_until = None
            return sm.scroll_offset(now_ms - self._anchor_ms, self.speed, self._anchor_offset)
        return self._anchor_offset

    def steady(self) -> bool:
        """Plain time-based scrolling: no step animation and no pulse that could end (and
        so change which timers run) on a coming frame."""
        return (self._scrolling and self._transition is None and self._pulse_start is None
                and self._hold_until is None)

    def hold(self, now_ms: float, duration_ms: float) -> None:
        """Stay where the tape is until ``duration_ms`` from now, then scroll on (a newly
        arrived urgent notice is read standing still first)."""
        self._anchor_offset = self.offset(now_ms)
        self._anchor_ms = now_ms
        self._hold_until = now_ms + duration_ms

    def holding(self, now_ms: float) -> bool:
        self.offset(now_ms)  # ends an elapsed hold
        return self._hold_until is not None

    def jump_to(self, offset: float, now_ms: float) -> None:
        self.revision += 1
        self.follow(offset, now_ms)

    def follow(self, offset: float, now_ms: float) -> None:
        """Take ``offset`` as the position now, e.g. what another animator showed; not
        counted as a deliberate move."""
        self._transition = None
        self._anchor_offset = offset
        self._anchor_ms = now_ms

    def set_layout(self, layout: sm.TapeLayout, offset: float, now_ms: float) -> None:
        """New tiles; ``offset`` is where the same content now sits on the new tape."""
        self.layout = layout
        self.jump_to(sm.wrap(offset, layout.period), now_ms)

    def step(self, direction: int, now_ms: float) -> float:
        """Bring the next/previous tile to the left edge (animated); returns the target."""
        current = self.offset(now_ms)
        if self._transition is not None:
            current = self._transition[1]  # a quick second step continues from the target
        target = sm.step_target(self.layout, current, direction)
        self.revision += 1
        self._hold_until = None  # the user moves on: no more waiting
        self._transition = (self.offset(now_ms), target, now_ms, STEP_ANIMATION_MS)
        return target

    def in_transition(self, now_ms: float) -> bool:
        self.offset(now_ms)  # finishes an elapsed transition
        return self._transition is not None

    # -- attention pulse -----------------------------------------------------------------

    def start_pulse(self, now_ms: float, static: bool = False) -> None:
        self._pulse_start = now_ms
        self._pulse_static = static

    def stop_pulse(self) -> None:
        self._pulse_start = None

    def pulse(self, now_ms: float) -> float:
        if self._pulse_start is None:
            return 0.0
        elapsed = now_ms - self._pulse_start
        if elapsed >= PULSE_MS or elapsed < 0:
            self._pulse_start = None
            return 0.0
        if self._pulse_static:  # reduced motion: a steady highlight instead of flashing
            return 0.5
        return sm.pulse_intensity(elapsed, PULSE_MS, pulses=2)

    def pulse_active(self, now_ms: float) -> bool:
        self.pulse(now_ms)
        return self._pulse_start is not None


class Stepper:
    """Reduced motion: one item at a time, each shown for a dwell time, no scrolling."""

    def __init__(self) -> None:
        self.index = 0
        self.deadline_ms: float | None = None

    def start(self, now_ms: float, dwell_ms: float) -> None:
        self.deadline_ms = now_ms + dwell_ms

    def stop(self) -> None:
        self.deadline_ms = None

    def move(self, direction: int, count: int) -> None:
        if count > 0:
            self.index = (self.index + direction) % count

    def catch_up(self, now_ms: float, count: int, dwell_for) -> bool:
        """Advance past every dwell that has elapsed; True if the item changed."""
        changed = False
        while self.deadline_ms is not None and count > 0 and now_ms >= self.deadline_ms:
            self.index = (self.index + 1) % count
            self.deadline_ms += max(1.0, dwell_for(self.index))
            changed = True
        return changed
