"""What moves on the bar and when (BarAnimator): scrolling on the bar's clock, steps,
urgent notices, reduced motion and the timers, on a real X11 window."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.ticker.ui.bar.samples import DAY, NOW, SAMPLE, notice, tile_x_in
from ticker.ui.bar import URGENT_HOLD_MS, URGENT_REPEAT_EVERY
from ticker.ui.motion import PULSE_MS, STEP_ANIMATION_MS


def test_scrolling_advances_with_time(make_bar, qtbot, clock):
    bar = make_bar()
    assert bar.is_animating() and bar.animator.frame_timer.isActive()
    start = bar.scroll_offset()
    first = bar.grab().toImage()
    clock.advance(1000)  # 100 px/s
    assert bar.scroll_offset() == pytest.approx(start + 100)
    assert bar.grab().toImage() != first  # the paint follows the offset


def test_scrolling_runs_on_the_real_clock(make_bar, qtbot):
    bar = make_bar(clock=None)
    start = bar.scroll_offset()
    qtbot.wait(300)
    assert bar.scroll_offset() > start  # it moves; how fast is for bench/


def test_urgent_first_repeated_and_flashed_once(make_bar, model, clock):
    normals = [
        notice(f"n{i}", category="event", starts_at=NOW - DAY + i * dt.timedelta(minutes=1))
        for i in range(6)
    ]
    urgent = notice("u", "긴급: 청사 정전 점검", priority="urgent")
    bar = make_bar([*normals, urgent])
    playlist = bar.playlist_ids()
    assert playlist[0] == "u"
    assert playlist.count("u") == 2  # repeated after URGENT_REPEAT_EVERY others
    assert playlist[URGENT_REPEAT_EVERY + 1] == "u"
    assert [i for i in playlist if i != "u"] == [f"n{i}" for i in range(6)]
    assert bar.visible_item_ids()[0] == "u"
    assert bar.is_flashing() and bar.animator.frame_timer.isActive()
    clock.advance(PULSE_MS + 1)
    assert not bar.is_flashing()
    # The same urgent notice again (a feed refresh) does not flash again...
    model.set_notices("feed", [*normals, urgent, notice("n9")])
    assert not bar.is_flashing()
    # ...a new one does, and it is brought to the left edge.
    clock.advance(3000)
    model.set_notices("feed", [*normals, urgent, notice("u2", "긴급 2", priority="urgent")])
    assert bar.is_flashing()
    assert bar.current_item_id() in ("u", "u2")


def test_urgent_notice_waits_for_resume_to_flash(make_bar, model):
    bar = make_bar()
    bar.pause()
    model.set_notices("feed", [*SAMPLE, notice("u", priority="urgent")])
    assert not bar.is_flashing() and not bar.is_animating()
    bar.resume()
    assert bar.is_flashing()


def test_all_timers_stop_when_paused_hidden_or_empty(make_bar, model, qtbot):
    bar = make_bar()
    assert bar.animator.frame_timer.isActive()
    bar.pause()
    assert not bar.animator.frame_timer.isActive() and not bar.animator.step_timer.isActive()
    bar.resume()
    assert bar.animator.frame_timer.isActive()
    bar.hide()
    assert not bar.is_animating()
    bar.show()
    qtbot.waitExposed(bar)
    assert bar.is_animating()
    model.set_notices("feed", [])
    assert not bar.animator.frame_timer.isActive() and not bar.animator.step_timer.isActive()
    assert bar.visible_item_ids() == []
    model.set_notices("feed", SAMPLE)
    assert bar.is_animating()


def test_reduced_motion_steps_one_item_at_a_time(make_bar, clock):
    bar = make_bar(reduced_motion=True)
    assert bar.animator.step_timer.isActive() and not bar.animator.frame_timer.isActive()
    assert bar.visible_item_ids() == ["event"]
    offset = bar.scroll_offset()
    clock.advance(4000)
    assert bar.visible_item_ids() == ["event"]  # dwell is at least 5 s
    clock.advance(3500)  # first dwell: 5 s plus a little for its width
    assert bar.visible_item_ids() == ["project"]
    assert bar.scroll_offset() == offset  # no scrolling at all
    bar.pause()
    assert not bar.is_animating()
    bar.resume()
    bar.step(+1)
    assert bar.visible_item_ids() == ["issue"]
    bar.set_reduced_motion(False)
    assert bar.animator.frame_timer.isActive() and not bar.animator.step_timer.isActive()


def test_reading_position_survives_a_list_update(make_bar, model, clock):
    bar = make_bar()
    bar.pause()
    bar.step(+1)
    clock.advance(STEP_ANIMATION_MS + 1)
    bar.resume()
    clock.advance(500)  # 50 px into "project"
    before = bar.scroll_offset()
    assert bar.current_item_id() == "project"
    model.set_notices("feed", [notice("new", "새 공지", starts_at=NOW - 2 * DAY), *SAMPLE])
    assert bar.playlist_ids()[0] == "new"
    assert bar.current_item_id() == "project"
    assert bar.scroll_offset() != before  # the tape moved under it, the reader did not


def _tile_x_in_grab(bar, notice_id):
    return tile_x_in(bar.grab().toImage(), bar, notice_id)


def test_a_new_urgent_notice_is_readable_from_its_first_character(make_bar, model, clock):
    bar = make_bar()
    clock.advance(2345)  # scrolled somewhere in the middle of the tape
    urgent = notice("u", "긴급: 오늘 14시 청사 정전 점검", priority="urgent")
    model.set_notices("feed", [*SAMPLE, urgent])
    # Just after it arrives: the whole tile is on screen, right of the label, not under it.
    x = _tile_x_in_grab(bar, "u")
    assert x is not None, "the urgent notice is not fully visible when it arrives"
    assert x >= bar.content_rect().left()
    assert bar.visible_item_ids()[0] == "u"
    # A moment later (the attention pulse is over) it is still there, still fully readable.
    clock.advance(PULSE_MS + 200)
    assert not bar.is_flashing()
    assert _tile_x_in_grab(bar, "u") == x
    clock.advance(URGENT_HOLD_MS - PULSE_MS - 400)
    assert _tile_x_in_grab(bar, "u") == x
    # Then the tape moves on, and the notice keeps its urgent repeat.
    clock.advance(1000)
    assert bar.scroll_offset() > 0 and _tile_x_in_grab(bar, "u") != x
    assert bar.playlist_ids()[0] == "u"
    # A wheel step during the hold is the user's choice: no waiting for the hold.
    model.set_notices("feed", [*SAMPLE, urgent, notice("u2", "긴급 2", priority="urgent")])
    held = bar.scroll_offset()
    clock.advance(500)
    assert bar.scroll_offset() == held
    bar.step(1)
    clock.advance(STEP_ANIMATION_MS + 1000)
    assert bar.scroll_offset() > held + 50
