"""The glide strip: plain scrolling on the real clock without Python per frame.

Every handover is checked by pixels: what the strip shows must equal what the bar paints
itself at the same offset, so switching between the two never jumps or flickers. Timing is
asserted on a manual clock only; on the real clock these tests only check that it moves
(how fast it scrolls is measured by bench/bench_ticker.py).
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtCore import QEvent, QPointF, QRect
from PySide6.QtGui import QEnterEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from tests.ticker.ui.bar.samples import tile_x_in
from ticker.feed.notice import Notice
from ticker.model import NoticeModel
from ticker.ui.bar import URGENT_HOLD_MS, TickerBar
from ticker.ui.bar.clock import ManualClock
from ticker.ui.motion import PULSE_MS, STEP_ANIMATION_MS

NOW = dt.datetime.now(dt.UTC)
DAY = dt.timedelta(days=1)


def notice(nid, title, **kw):
    return Notice(id=nid, title=title, starts_at=NOW - DAY, ends_at=NOW + DAY, **kw)


SAMPLE = [
    notice("event", "덕진구 김장 나눔 행사 — 12월 5일 구청 광장", category="event"),
    notice("project", "주민참여예산 신규사업 공모 — 19개 읍면동", category="project"),
    notice("issue", "한파 대비 취약계층 안전 점검", category="issue"),
]


@pytest.fixture
def model(qapp):
    m = NoticeModel()
    m.set_notices("feed", list(SAMPLE))
    return m


def gliding_bar(qtbot, model, clock=None):
    """A bar at the bottom of the screen, once it glides (by default on the real clock)."""
    bar = TickerBar(model, label="전주시 덕진구", speed=100.0, clock=clock)
    qtbot.addWidget(bar)
    screen = QGuiApplication.primaryScreen().geometry()
    bar.place_on(QRect(screen.left(), screen.top(), 1000, screen.height()), "bottom")
    bar.show()
    qtbot.waitExposed(bar)
    qtbot.waitUntil(bar.is_gliding, timeout=3000)
    return bar


@pytest.fixture
def bar(qtbot, model):
    return gliding_bar(qtbot, model)


def frames_match_after_pause(bar) -> None:
    """Grab what the strip shows, stop it, grab what the bar paints: the same pixels."""
    gliding = bar.grab().toImage()
    shown = bar.scroll_offset()
    bar.pause()
    assert not bar.is_gliding() and not bar.is_animating()
    painted = bar.grab().toImage()
    assert painted == gliding, f"handover at offset {shown} changed the picture"


def test_plain_scrolling_glides_without_the_frame_timer(bar, qtbot):
    assert not bar.animator.frame_timer.isActive()  # no Python on the frame path
    start = bar.animator.glide.offset()
    qtbot.wait(500)
    assert bar.animator.glide.offset() != start  # it moves (real time: no speed asserted)
    assert not bar.animator.frame_timer.isActive()


@pytest.mark.parametrize("speed", [600.0, 100.0])
def test_handover_after_a_stall_is_pixel_exact(bar, qtbot, speed):
    # The strip trails the bar's clock by a frame, more after the GUI thread was busy:
    # what it shows is what the bar must continue from.
    bar.set_speed(speed)
    qtbot.wait(150)
    time.sleep(0.08)  # a busy GUI thread: no animation tick for 80 ms
    frames_match_after_pause(bar)


def test_fewer_notices_leave_no_stale_tiles(bar, model, qtbot):
    qtbot.wait(100)
    model.set_notices("feed", SAMPLE[:1])
    assert bar.is_gliding() and bar.playlist_ids() == ["event"]
    frames_match_after_pause(bar)  # before any deferred delete has run


def test_handover_to_painting_is_pixel_exact(bar, qtbot):
    qtbot.wait(200)
    frames_match_after_pause(bar)


def test_the_wrap_to_the_first_notice_is_seamless(bar):
    last = bar.playlist_ids()[-1]
    assert bar.show_item(last)  # the viewport now shows the end of the tape and its start
    assert bar.is_gliding()
    frames_match_after_pause(bar)


def test_resume_goes_on_from_where_it_stopped(bar, qtbot):
    bar.pause()
    paused_at = bar.scroll_offset()
    qtbot.wait(300)
    assert bar.scroll_offset() == paused_at
    bar.resume()
    assert bar.is_gliding()
    assert bar.animator.glide.offset() == pytest.approx(paused_at, abs=2)


def test_hover_hands_back_and_leave_glides_again(bar):
    QApplication.sendEvent(bar, QEnterEvent(QPointF(50, 5), QPointF(50, 5), QPointF(50, 5)))
    assert bar.is_paused() and not bar.is_gliding() and not bar.animator.glide.isVisible()
    QApplication.sendEvent(bar, QEvent(QEvent.Type.Leave))
    assert not bar.is_paused() and bar.is_gliding()


def test_a_step_is_painted_then_gliding_resumes(bar, qtbot):
    bar.step(1)
    assert not bar.is_gliding() and bar.animator.frame_timer.isActive()  # the animated step
    qtbot.waitUntil(bar.is_gliding, timeout=STEP_ANIMATION_MS + 2000)
    assert not bar.animator.frame_timer.isActive()


def test_the_urgent_pulse_is_painted_then_gliding_resumes(bar, model, qtbot):
    model.set_notices("feed", [*SAMPLE, notice("u", "긴급: 단수 안내", priority="urgent")])
    assert bar.is_flashing() and not bar.is_gliding()
    # The pulse runs while the new notice holds still right of the label; then it glides.
    qtbot.waitUntil(bar.is_gliding, timeout=max(PULSE_MS, URGENT_HOLD_MS) + 2000)
    assert bar.current_item_id() is not None
    frames_match_after_pause(bar)


def test_new_notices_reload_the_strip(bar, model, qtbot):
    model.set_notices("feed", [*SAMPLE, notice("new", "신규사업: 시정모니터 132명 위촉", category="project")])
    assert "new" in bar.playlist_ids()
    assert bar.is_gliding()
    qtbot.wait(100)
    frames_match_after_pause(bar)


def test_top_edge_leaves_the_edge_line_uncovered(bar):
    screen = QGuiApplication.primaryScreen().geometry()
    bar.place_on(QRect(screen.left(), screen.top(), 1000, screen.height()), "top")
    assert bar.is_gliding()
    assert bar.animator.glide.geometry().bottom() == bar.height() - 2
    frames_match_after_pause(bar)


def test_speed_change_restarts_at_the_same_place(bar):
    before = bar.animator.glide.offset()
    bar.set_speed(40.0)
    assert bar.is_gliding() and bar.animator.glide.speed() == 40.0
    assert bar.animator.glide.offset() == pytest.approx(before, abs=2)


def test_hidden_or_empty_bar_does_not_glide(bar, model):
    model.set_notices("feed", [])
    assert not bar.is_gliding() and not bar.is_animating()
    model.set_notices("feed", list(SAMPLE))
    assert bar.is_gliding()
    bar.hide()
    assert not bar.is_gliding() and not bar.is_animating()


def test_a_manual_clock_never_glides_by_default(qtbot, model):
    other = TickerBar(model, speed=100.0, clock=ManualClock())
    qtbot.addWidget(other)
    other.show()
    qtbot.waitExposed(other)
    assert not other.is_gliding() and other.animator.frame_timer.isActive()


@pytest.mark.parametrize("before_end", [1, 5, 150, 400, 700])
def test_the_strip_matches_the_painted_tape_up_to_the_wrap(bar, model, qtbot, before_end):
    clock = ManualClock()
    painted = TickerBar(model, label="전주시 덕진구", speed=100.0, clock=clock)
    qtbot.addWidget(painted)
    painted.place_on(bar.geometry(), "bottom")
    painted.show()
    qtbot.waitExposed(painted)
    period = bar._tape.layout.period
    assert painted._tape.layout.period == period and painted.scroll_offset() == 0
    offset = period - before_end
    clock.ms = offset * 10.0  # 100 px/s from offset 0
    painted.pause()
    assert painted.scroll_offset() == pytest.approx(offset)
    bar.animator.glide.start(offset, 1.0)  # no event is processed before the grab: it stays put
    assert bar.animator.glide.offset() == offset
    area = bar.animator.glide.geometry()
    rgb = QImage.Format.Format_RGB32
    strip = bar.animator.glide.grab().toImage().convertToFormat(rgb)
    assert strip == painted.grab(area).toImage().convertToFormat(rgb)


def _screen_x_of_tile(bar, notice_id):
    """Where the tile is in a grab of the real window (what the X server shows)."""
    return tile_x_in(bar.screen().grabWindow(bar.winId()).toImage(), bar, notice_id)


def test_a_new_urgent_notice_holds_right_of_the_label_on_screen(model, qtbot):
    # The hold and the pulse run on a manual clock; the strip glides on Qt's real time.
    clock = ManualClock(glides=True)
    bar = gliding_bar(qtbot, model, clock)
    qtbot.wait(700)  # gliding somewhere along the tape
    model.set_notices("feed", [*SAMPLE, notice("u", "긴급: 단수 안내", priority="urgent")])
    assert not bar.is_gliding()
    clock.advance(PULSE_MS + 300)  # the pulse is over (its glow would tint the grab) ...
    qtbot.wait(200)  # ... once a frame has painted it away
    first = _screen_x_of_tile(bar, "u")
    assert first == bar.content_rect().left()  # whole, readable, right of the label
    clock.advance(URGENT_HOLD_MS - PULSE_MS - 400)
    qtbot.wait(200)
    assert _screen_x_of_tile(bar, "u") == first  # still holding, still readable
    assert not bar.is_gliding()
    clock.advance(200)  # the hold is over
    assert bar.is_gliding()
    qtbot.wait(300)
    assert _screen_x_of_tile(bar, "u") != first  # then it scrolls on


def test_grid_steps_start_at_or_after_the_offset_and_stay_on_the_grid(qtbot):
    from PySide6.QtGui import QColor, QPixmap
    from PySide6.QtWidgets import QWidget

    from ticker.ui import scroll_math as sm
    from ticker.ui.bar.glide import Glide

    host = QWidget()
    qtbot.addWidget(host)
    host.resize(400, 30)
    host.show()
    qtbot.waitExposed(host)
    clock = ManualClock()
    glide = Glide(host, QColor("white"), clock)
    tiles = []
    for colour in ("red", "green", "blue"):
        tile = QPixmap(100, 30)
        tile.fill(QColor(colour))
        tiles.append(tile)
    layout = sm.layout_tiles([100.0, 100.0, 100.0], min_period=sm.snap_up(398, 4))
    glide.load(tiles, layout, QRect(0, 0, 400, 30), 0, grid=4)  # as at 125 %
    glide.start(10.5, 50.0)  # handed over from painting at a fractional offset
    assert glide.running() and glide.offset() == 12.0  # on, never back
    seen = set()
    for _ in range(25):  # 500 ms on the glide's clock, read by its step timer
        clock.advance(20)
        qtbot.wait(20)
        seen.add(glide.offset())
    assert all(offset % 4 == 0 for offset in seen)  # whole grid steps only
    # 50 px/s from the grid step 12: 37 px after 500 ms, shown as the step at or below it.
    qtbot.waitUntil(lambda: glide.offset() == 36.0, timeout=1000)
    assert max(seen) <= 36.0
    clock.advance(100)  # 42 px
    qtbot.waitUntil(lambda: glide.offset() == 40.0, timeout=1000)
    glide.stop()
    assert not glide.running()
