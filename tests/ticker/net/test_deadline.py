"""RequestDeadline: one wait on the real clock, regular looks at an injected one."""

from __future__ import annotations

import threading
import time

from tests.ticker.manual_clock import ManualClock
from ticker.net.deadline import WATCH_STEP, RequestDeadline, watch_step
from ticker.net.tls import make_session


def test_the_real_clock_is_waited_on_in_one_go():
    # A held long-poll lasts most of a minute: looking every WATCH_STEP would wake a thread
    # twice a second on every idle desktop.
    assert watch_step(time.monotonic) is None


def test_an_injected_clock_is_looked_at_regularly():
    assert watch_step(ManualClock()) == WATCH_STEP


def test_the_deadline_expires_on_the_real_clock():
    with make_session() as session, RequestDeadline(session, time.monotonic() + 0.2,
                                                    time.monotonic) as watchdog:
        assert watchdog.expired.wait(5)


def test_moving_an_injected_clock_past_the_deadline_expires_it():
    clock = ManualClock()
    with make_session() as session, RequestDeadline(session, clock() + 30, clock) as watchdog:
        assert not watchdog.expired.wait(WATCH_STEP * 2)
        clock.advance(31)
        assert watchdog.expired.wait(5)


def watchdogs() -> int:
    return sum(t.name == "request-deadline" for t in threading.enumerate())


def test_leaving_before_the_deadline_stops_the_watchdog():
    before = watchdogs()
    with make_session() as session:
        with RequestDeadline(session, time.monotonic() + 60, time.monotonic) as watchdog:
            assert watchdogs() == before + 1
        assert not watchdog.expired.is_set()
        assert watchdogs() == before
