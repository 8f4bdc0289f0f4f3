"""The bar's clocks: real monotonic time, and a manual one that says when it moved."""

from __future__ import annotations

import time

from ticker.ui.bar.clock import ManualClock, MonotonicClock


def test_manual_clock_moves_only_when_advanced_and_says_so(qapp):
    clock = ManualClock(1000.0)
    moved = []
    clock.moved.connect(lambda: moved.append(clock.now_ms()))
    assert clock.now_ms() == 1000.0 and not clock.glides
    clock.advance(16.5)
    clock.advance(0)
    assert moved == [1016.5, 1016.5] and clock.now_ms() == 1016.5
    assert ManualClock(glides=True).glides


def test_monotonic_clock_starts_at_zero_and_never_goes_back(qapp):
    clock = MonotonicClock()
    assert clock.glides
    readings = []
    for _ in range(5):
        readings.append(clock.now_ms())
        time.sleep(0.002)
    assert 0.0 <= readings[0] < 1000.0
    assert readings == sorted(readings) and readings[-1] > readings[0]
