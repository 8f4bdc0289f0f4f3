"""The per-PC delays that keep a fleet from posting in step (pure)."""

from __future__ import annotations

import random

import pytest

from ticker.reach.spread import (
    ACK_SPREAD,
    BATCH_SPREAD,
    FIRST_HEARTBEAT_SPREAD,
    HEARTBEAT_EVERY,
    Spread,
    as_range,
    client_random,
    uniform,
)


def test_defaults_are_the_documented_ones():
    assert BATCH_SPREAD == (2.0, 20.0) and ACK_SPREAD == (0.0, 0.0)
    assert FIRST_HEARTBEAT_SPREAD == (0.0, 30.0) and HEARTBEAT_EVERY == 3600.0


@pytest.mark.parametrize("value, expected", [(0.0, 2.0), (0.5, 11.0), (0.999999, 19.999982)])
def test_batch_delay_maps_the_draw_onto_the_range(value, expected):
    assert Spread().batch_delay(lambda: value) == pytest.approx(expected)


def test_every_delay_stays_within_its_bounds_for_many_draws():
    spread, draws = Spread(), random.Random(7).random
    for _ in range(5000):
        assert 2.0 <= spread.batch_delay(draws) <= 20.0
        assert spread.ack_delay(draws) == 0.0
        assert 0.0 <= spread.first_heartbeat_delay(draws) <= 30.0
        assert 0.0 <= spread.heartbeat_phase(draws) <= 3600.0


def test_a_broken_random_source_is_clamped_not_trusted():
    assert uniform(lambda: -3.0, (2.0, 20.0)) == 2.0
    assert uniform(lambda: 7.0, (2.0, 20.0)) == 20.0


def test_seeded_random_gives_the_same_delays_every_time():
    draws_a, draws_b = client_random("pc-1"), client_random("pc-1")
    a = [Spread().batch_delay(draws_a) for _ in range(20)]
    b = [Spread().batch_delay(draws_b) for _ in range(20)]
    assert a == b
    assert a != [Spread().batch_delay(client_random("pc-2")) for _ in range(20)]
    assert len(set(a)) > 1  # a fresh draw per batch, not one constant


def test_different_pcs_spread_over_the_whole_range():
    delays = [Spread().batch_delay(client_random(f"pc-{i}")) for i in range(1400)]
    assert len(set(delays)) == 1400
    assert min(delays) < 3.0 and max(delays) > 19.0
    # no second holds more than a small share of the fleet (uniform: ~78 per second)
    per_second = [sum(1 for d in delays if s <= d < s + 1) for s in range(2, 20)]
    assert max(per_second) < 140


def test_ranges_from_numbers_and_pairs():
    assert as_range(3) == (3.0, 3.0)
    assert as_range((0.5, 2)) == (0.5, 2.0)
    for bad in (-1, (5, 1), (-1, 2)):
        with pytest.raises(ValueError):
            as_range(bad)
    assert Spread(batch=as_range(0)).batch_delay(lambda: 0.9) == 0.0
