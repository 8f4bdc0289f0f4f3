"""Pure retry maths: full-jitter backoff, Retry-After parsing, start-up jitter."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from ticker.net.backoff import (
    backoff_delay,
    parse_retry_after,
    retry_delay,
    startup_delay,
)

NOW = dt.datetime(2026, 11, 23, 9, 0, 0, tzinfo=dt.UTC)


def const(value: float):
    return lambda: value


@pytest.mark.parametrize(("failures", "ceiling"), [(1, 10.0), (2, 20.0), (3, 40.0), (6, 320.0)])
def test_backoff_ceiling_doubles_per_failure(failures, ceiling):
    assert backoff_delay(failures, base=5, cap=900, random=const(1.0)) == pytest.approx(ceiling)
    assert backoff_delay(failures, base=5, cap=900, random=const(0.5)) == pytest.approx(ceiling / 2)
    assert backoff_delay(failures, base=5, cap=900, random=const(0.0)) == 0.0


def test_backoff_is_capped_even_after_thousands_of_failures():
    assert backoff_delay(10, base=5, cap=900, random=const(1.0)) == 900
    assert backoff_delay(5000, base=5, cap=900, random=const(0.999)) == pytest.approx(899.1)


def test_no_failures_means_no_delay():
    assert backoff_delay(0, random=const(1.0)) == 0.0


def test_full_jitter_spreads_over_the_whole_window():
    rng = random.Random(42)
    samples = [backoff_delay(4, base=5, cap=900, random=rng.random) for _ in range(2000)]
    assert min(samples) >= 0 and max(samples) < 80
    # Full jitter: the lower and upper quarters of [0, 80) are both used.
    assert any(s < 20 for s in samples) and any(s > 60 for s in samples)


def test_out_of_range_random_values_are_clamped():
    assert backoff_delay(2, base=5, cap=900, random=const(7.0)) == 20
    assert backoff_delay(2, base=5, cap=900, random=const(-1.0)) == 0
    assert backoff_delay(2, base=5, cap=900, random=const(float("nan"))) == 0


def test_retry_delay_floor_is_the_poll_interval():
    assert retry_delay(1, base=5, cap=900, floor=60, random=const(0.0)) == 60
    assert retry_delay(8, base=5, cap=900, floor=60, random=const(1.0)) == 900


def test_retry_after_is_honoured_when_longer_than_backoff():
    assert retry_delay(1, base=5, cap=900, floor=60, retry_after=120, random=const(0.1)) == 120
    # A shorter Retry-After never makes us retry faster than backoff and floor allow.
    assert retry_delay(5, base=5, cap=900, floor=60, retry_after=1, random=const(1.0)) == 160


def test_retry_after_is_capped():
    assert retry_delay(1, base=5, cap=900, floor=60, retry_after=86_400, random=const(0)) == 900


def test_floor_above_cap_wins():
    # A poll interval longer than the cap: never poll a failing feed faster than a healthy one.
    assert retry_delay(1, base=5, cap=60, floor=600, random=const(1.0)) == 600


def test_startup_delay():
    assert startup_delay(30, random=const(0.5)) == 15
    assert startup_delay(0, random=const(0.9)) == 0
    rng = random.Random(1)
    samples = [startup_delay(30, random=rng.random) for _ in range(1000)]
    assert all(0 <= s <= 30 for s in samples)
    assert max(samples) - min(samples) > 25  # spread, not lock-step


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("Mon, 23 Nov 2026 09:02:00 GMT", 120.0),
        ("Monday, 23-Nov-26 09:01:00 GMT", 60.0),  # RFC 850 form
        ("Mon Nov 23 09:00:30 2026", 30.0),  # asctime form
        ("Sun, 22 Nov 2026 09:00:00 GMT", 0.0),  # in the past: retry now
        (None, None),
        ("", None),
        ("soon", None),
        ("-5", None),
        ("1.5", None),
        ("Mon, 99 Nov 2026 09:02:00 GMT", None),
    ],
)
def test_parse_retry_after(header, expected):
    assert parse_retry_after(header, NOW) == expected
