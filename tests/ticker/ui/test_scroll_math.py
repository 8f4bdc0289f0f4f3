"""Pure scroll maths: no display needed."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticker.ui import scroll_math as sm


def test_pure_modules_import_no_qt():
    code = (
        "import sys, ticker.ui.scroll_math, ticker.ui.motion, ticker.ui.colors; "
        "print(any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_layout_places_tiles_with_gaps_and_pads_period():
    layout = sm.layout_tiles([100, 50, 30], gap=10)
    assert layout.starts == (0.0, 110.0, 170.0)
    assert layout.period == 210.0
    padded = sm.layout_tiles([100, 50], gap=0, min_period=500)
    assert padded.period == 500.0
    assert sm.layout_tiles([]).period == 0.0


def test_layout_rejects_negative_sizes():
    with pytest.raises(ValueError):
        sm.layout_tiles([10, -1])
    with pytest.raises(ValueError):
        sm.layout_tiles([10], gap=-2)


def test_scroll_offset_is_time_based():
    assert sm.scroll_offset(0, 60) == 0
    assert sm.scroll_offset(1000, 60) == pytest.approx(60)
    assert sm.scroll_offset(2500, 80, base=10) == pytest.approx(210)


def test_tiles_in_viewport_simple_and_wrapped():
    layout = sm.layout_tiles([100, 100, 100])  # period 300
    assert sm.tiles_in_viewport(layout, 0, 150) == [(0, 0.0), (1, 100.0)]
    # Near the end of the period the first tile comes round again on the right.
    assert sm.tiles_in_viewport(layout, 250, 100) == [(2, -50.0), (0, 50.0)]
    # Offsets beyond one period wrap.
    assert sm.tiles_in_viewport(layout, 250 + 3 * 300, 100) == [(2, -50.0), (0, 50.0)]


def test_tiles_in_viewport_viewport_wider_than_tape_repeats():
    layout = sm.layout_tiles([100])  # period 100 (unpadded)
    hits = sm.tiles_in_viewport(layout, 0, 250)
    assert [x for _i, x in hits] == [0.0, 100.0, 200.0]


def test_tiles_in_viewport_empty_cases():
    assert sm.tiles_in_viewport(sm.layout_tiles([]), 0, 100) == []
    assert sm.tiles_in_viewport(sm.layout_tiles([10]), 0, 0) == []


@given(
    widths=st.lists(st.integers(1, 400), min_size=1, max_size=12),
    gap=st.integers(0, 40),
    offset=st.floats(-1e6, 1e6, allow_nan=False),
    viewport=st.integers(1, 3000),
)
def test_tiles_in_viewport_covers_exactly_the_intersecting_tiles(widths, gap, offset, viewport):
    layout = sm.layout_tiles(widths, gap=gap)
    hits = sm.tiles_in_viewport(layout, offset, viewport)
    xs = [x for _i, x in hits]
    assert xs == sorted(xs)
    for index, x in hits:
        assert x < viewport and x + layout.widths[index] > 0
    # Every viewport pixel that is not in a gap is covered by some reported tile.
    for probe in range(0, viewport, max(1, viewport // 50)):
        hit = item_at(layout, offset, probe + 0.25)
        covered = any(x <= probe + 0.25 < x + layout.widths[i] for i, x in hits)
        assert (hit is not None) == covered


def item_at(layout, offset, x):
    """Test oracle: index of the tile under viewport x, by a plain scan of one period."""
    if not layout.widths or layout.period <= 0:
        return None
    position = sm.wrap(offset + x, layout.period)
    for index, (start, width) in enumerate(zip(layout.starts, layout.widths, strict=True)):
        if start <= position < start + width:
            return index
    return None


def test_the_oracle_handles_gaps_and_wrap():
    layout = sm.layout_tiles([100, 50], gap=20)  # period 190
    assert item_at(layout, 0, 10) == 0
    assert item_at(layout, 0, 110) is None  # in the gap
    assert item_at(layout, 0, 130) == 1
    assert item_at(layout, 180, 20) == 0  # 200 wraps to 10
    assert item_at(sm.layout_tiles([]), 0, 5) is None


def test_step_target_next_and_previous_are_continuous():
    layout = sm.layout_tiles([100, 50, 30])  # starts 0, 100, 150; period 180
    assert sm.step_target(layout, 0, +1) == 100
    assert sm.step_target(layout, 120, +1) == 150
    assert sm.step_target(layout, 160, +1) == 180  # next period's first tile, not 0
    assert sm.step_target(layout, 120, -1) == 100
    assert sm.step_target(layout, 100, -1) == 0
    assert sm.step_target(layout, 0, -1) == -30  # previous period's last tile
    assert sm.step_target(layout, 42, 0) == 42


def test_current_index():
    layout = sm.layout_tiles([100, 50, 30])
    assert sm.current_index(layout, 0) == 0
    assert sm.current_index(layout, 99) == 0
    assert sm.current_index(layout, 100) == 1
    assert sm.current_index(layout, 179) == 2
    assert sm.current_index(layout, 181) == 0
    assert sm.current_index(sm.layout_tiles([]), 0) is None


def test_transition_offset_eases_to_target():
    assert sm.transition_offset(0, 100, 0, 200) == 0
    middle = sm.transition_offset(0, 100, 100, 200)
    assert 50 < middle < 100  # ease-out: more than half-way at half time
    assert sm.transition_offset(0, 100, 200, 200) == 100
    assert sm.transition_offset(0, 100, 999, 200) == 100
    assert sm.transition_offset(0, 100, 5, 0) == 100


def test_frame_interval_follows_refresh_but_not_faster_than_pixels_move():
    assert sm.frame_interval_ms(120, 1.0, 60) == 17
    assert sm.frame_interval_ms(30, 1.0, 60) == 33  # 30 px/s needs only 30 frames/s
    assert sm.frame_interval_ms(30, 2.0, 60) == 17  # twice the device pixels
    assert sm.frame_interval_ms(0, 1.0, 60) == 17  # paused scroll, pulse still at refresh
    assert sm.frame_interval_ms(1000, 1.0, 10_000) == 4  # capped at 240 Hz
    assert sm.frame_interval_ms(60, 1.0, 0) >= 1


def test_build_playlist_urgent_first_and_repeated():
    flags = [True, False, False, False, False, False]
    assert sm.build_playlist(flags, 2) == [0, 1, 2, 0, 3, 4, 0, 5]
    # Urgent ones first even if the input is not ordered that way.
    assert sm.build_playlist([False, True, False], 5) == [1, 0, 2]
    # Few items: no repetition needed, the tape itself wraps.
    assert sm.build_playlist([True, False, False], 4) == [0, 1, 2]
    assert sm.build_playlist([False, False], 1) == [0, 1]
    assert sm.build_playlist([True, True], 1) == [0, 1]
    assert sm.build_playlist([], 3) == []


@given(st.lists(st.booleans(), max_size=30), st.integers(0, 8))
def test_build_playlist_shows_every_item_and_only_repeats_urgent(flags, every):
    playlist = sm.build_playlist(flags, every)
    assert set(playlist) == set(range(len(flags)))
    for index in set(playlist):
        if not flags[index]:
            assert playlist.count(index) == 1
    urgent_count = sum(flags)
    assert playlist[:urgent_count] == [i for i, f in enumerate(flags) if f]


def test_reduced_motion_dwell_grows_with_the_tile():
    assert sm.dwell_ms_for(0, 1000) == 5000
    assert sm.dwell_ms_for(500, 1000) > sm.dwell_ms_for(100, 1000)
    assert sm.dwell_ms_for(10**6, 1000) <= 12_000


def test_pulse_intensity_runs_once_and_ends():
    assert sm.pulse_intensity(-1) == 0
    assert sm.pulse_intensity(0) == pytest.approx(0)
    peak = sm.pulse_intensity(400, 1600, pulses=2)
    assert peak == pytest.approx(1.0)
    assert sm.pulse_intensity(1600, 1600) == 0
    assert sm.pulse_intensity(10_000, 1600) == 0
    assert all(0 <= sm.pulse_intensity(t) <= 1 for t in range(0, 1700, 37))


def test_wrap():
    assert sm.wrap(350, 300) == 50
    assert sm.wrap(-50, 300) == 250
    assert sm.wrap(5, 0) == 0
