"""The bar's clock-driven motion state (pure Python, no display)."""

from __future__ import annotations

import pytest

from ticker.ui import scroll_math as sm
from ticker.ui.motion import PULSE_MS, STEP_ANIMATION_MS, Motion, Stepper


def make_motion(speed=100.0):
    motion = Motion(speed)
    motion.set_layout(sm.layout_tiles([200, 300, 100]), 0.0, now_ms=0)
    return motion


def test_offset_moves_only_while_scrolling():
    motion = make_motion()
    assert motion.offset(1000) == 0  # not started yet
    motion.set_scrolling(True, 1000)
    assert motion.offset(2000) == pytest.approx(100)
    motion.set_scrolling(False, 2500)  # pause freezes the position...
    assert motion.offset(9000) == pytest.approx(150)
    motion.set_scrolling(True, 9000)  # ...and resuming continues from it, no jump
    assert motion.offset(9500) == pytest.approx(200)


def test_speed_change_keeps_position():
    motion = make_motion(100)
    motion.set_scrolling(True, 0)
    motion.set_speed(50, 1000)
    assert motion.offset(1000) == pytest.approx(100)
    assert motion.offset(2000) == pytest.approx(150)


def test_step_animates_then_scroll_continues_from_target():
    motion = make_motion(100)
    target = motion.step(+1, now_ms=0)
    assert target == 200
    assert motion.in_transition(STEP_ANIMATION_MS / 2)
    assert 0 < motion.offset(STEP_ANIMATION_MS / 2) < 200
    assert motion.offset(STEP_ANIMATION_MS) == 200
    assert not motion.in_transition(STEP_ANIMATION_MS + 1)
    # A quick second step goes on from the first target, not from mid-animation.
    motion.step(+1, now_ms=1000)
    assert motion.step(+1, now_ms=1010) == 600  # 200 -> 500 -> 600 (next period start)
    motion.step(-1, now_ms=5000)
    assert motion.offset(5000 + STEP_ANIMATION_MS) == 500


def test_pulse_runs_once():
    motion = make_motion()
    assert motion.pulse(0) == 0
    motion.start_pulse(100)
    assert motion.pulse_active(200)
    assert motion.pulse(100 + PULSE_MS / 4) == pytest.approx(1.0)
    assert motion.pulse(100 + PULSE_MS) == 0
    assert not motion.pulse_active(100 + PULSE_MS / 4)  # over for good
    motion.start_pulse(0, static=True)
    assert motion.pulse(10) == 0.5
    motion.stop_pulse()
    assert not motion.pulse_active(20)


def test_stepper_catch_up_and_wrap():
    stepper = Stepper()
    stepper.start(0, 1000)
    assert not stepper.catch_up(999, 3, lambda i: 1000)
    assert stepper.catch_up(2500, 3, lambda i: 1000)
    assert stepper.index == 2
    assert stepper.catch_up(3000, 3, lambda i: 1000)
    assert stepper.index == 0
    stepper.move(-1, 3)
    assert stepper.index == 2
    stepper.stop()
    assert not stepper.catch_up(10**6, 3, lambda i: 1000)


def test_deliberate_moves_are_counted_and_following_is_not():
    motion = make_motion()
    motion.set_scrolling(True, 0)
    before = motion.revision
    motion.follow(42.0, 100)  # what the glide strip showed: adopted, not a move
    assert motion.offset(100) == 42.0 and motion.revision == before
    motion.set_speed(50, 200)
    motion.set_scrolling(False, 300)
    motion.set_scrolling(True, 400)
    assert motion.revision == before
    motion.jump_to(10.0, 500)
    motion.step(1, 600)
    motion.set_layout(sm.layout_tiles([100, 100]), 0.0, 700)
    assert motion.revision == before + 3


def test_hold_keeps_the_current_offset_then_scrolls_on_and_a_step_ends_it():
    motion = Motion(100.0)
    motion.set_layout(sm.layout_tiles([300.0, 200.0, 400.0]), 0.0, 0.0)
    motion.set_scrolling(True, 0.0)
    assert motion.offset(1000.0) == pytest.approx(100.0)
    motion.hold(1000.0, 4000.0)  # mid-scroll: holds where the tape is now
    assert motion.holding(3000.0) and not motion.steady()
    assert motion.offset(4999.0) == pytest.approx(100.0)
    assert motion.offset(6000.0) == pytest.approx(200.0)  # 1 s after the hold ended
    assert not motion.holding(6000.0) and motion.steady()
    # Paused during a hold and resumed after it: scrolls on from the held place.
    motion.hold(6000.0, 1000.0)
    motion.set_scrolling(False, 6500.0)
    motion.set_scrolling(True, 9000.0)
    assert motion.offset(10000.0) == pytest.approx(300.0)
    # A step by the user ends a hold at once.
    motion.hold(10000.0, 5000.0)
    motion.step(1, 10000.0)
    assert not motion.holding(10000.0)
    landed = 10000.0 + STEP_ANIMATION_MS  # then it scrolls on from the step's target
    assert motion.offset(landed + 1000.0) == pytest.approx(motion.offset(landed) + 100.0)
