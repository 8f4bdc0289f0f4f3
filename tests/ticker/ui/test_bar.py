"""TickerBar in a real X11 window under Xvfb: motion, input, urgent handling, timers."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QEnterEvent, QGuiApplication, QImage, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ticker.feed.notice import Notice
from ticker.model import NoticeModel
from ticker.ui.bar import URGENT_REPEAT_EVERY, TickerBar
from ticker.ui.motion import PULSE_MS, STEP_ANIMATION_MS

NOW = dt.datetime.now(dt.UTC)
DAY = dt.timedelta(days=1)
ROOT = Path(__file__).resolve().parents[3]
HOSTILE = "<b>x</b><img src=http://evil.example/a.png>"


def notice(nid, title=None, **kw):
    kw.setdefault("starts_at", NOW - DAY)
    kw.setdefault("ends_at", NOW + DAY)
    return Notice(id=nid, title=title or f"공지 {nid} 안내", **kw)


SAMPLE = [
    notice("event", "덕진구 김장 나눔 행사", category="event"),
    notice("project", "주민참여예산 신규사업 공모", category="project"),
    notice("issue", "한파 대비 안전 점검", category="issue"),
]


class FakeTime:
    def __init__(self):
        self.ms = 0.0

    def __call__(self):
        return self.ms


@pytest.fixture
def model(qapp):
    return NoticeModel()


@pytest.fixture
def make_bar(qtbot, model):
    def make(notices=SAMPLE, show=True, width=1200, **kw):
        model.set_notices("feed", list(notices))
        kw.setdefault("time_source", FakeTime())
        bar = TickerBar(model, label="전주시 덕진구", speed=100.0, **kw)
        qtbot.addWidget(bar)
        screen = QGuiApplication.primaryScreen().geometry()
        bar.place_on(QRect(screen.left(), screen.top(), width, screen.height()), "bottom")
        if show:
            bar.show()
            qtbot.waitExposed(bar)
        return bar

    return make


def x_of(bar, notice_id):
    """A widget x inside the tile of ``notice_id`` (scan the bar)."""
    for x in range(0, bar.width(), 5):
        if bar.item_id_at(x) == notice_id:
            return x + 3
    raise AssertionError(f"{notice_id} not on screen")


def test_window_is_a_frameless_on_top_tool_docked_full_width(make_bar):
    bar = make_bar()
    flags = bar.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert (flags & Qt.WindowType.Tool) == Qt.WindowType.Tool  # no taskbar entry
    screen = QGuiApplication.primaryScreen().geometry()
    assert bar.geometry() == QRect(0, screen.bottom() + 1 - bar.height(), 1200, bar.height())
    top = bar.place_on(screen, "top")
    assert top == QRect(screen.left(), screen.top(), screen.width(), bar.height())


def test_height_follows_the_font(make_bar):
    small = make_bar(font_size=12)
    large = make_bar(font_size=28)
    assert large.preferred_height() > small.preferred_height() + 10
    assert large.height() == large.preferred_height()
    grown = []
    small.preferredHeightChanged.connect(grown.append)
    small.set_font_size(20)
    assert grown == [small.height()] and small.height() > small.preferred_height() - 1


def test_scrolling_advances_with_time(make_bar, qtbot):
    bar = make_bar()
    assert bar.is_animating() and bar.frame_timer.isActive()
    start = bar.scroll_offset()
    first = bar.grab().toImage()
    bar.advance(1000)  # 100 px/s
    assert bar.scroll_offset() == pytest.approx(start + 100)
    assert bar.grab().toImage() != first  # the paint follows the offset


def test_scrolling_runs_on_the_real_clock(make_bar, qtbot):
    bar = make_bar(time_source=None)
    start = bar.scroll_offset()
    qtbot.wait(300)
    assert bar.scroll_offset() > start + 5


def test_hover_pauses_and_leave_resumes(make_bar):
    bar = make_bar()
    QApplication.sendEvent(bar, QEnterEvent(QPointF(50, 5), QPointF(50, 5), QPointF(50, 5)))
    assert bar.is_paused() and not bar.is_animating()
    frozen = bar.scroll_offset()
    bar.advance(5000)
    assert bar.scroll_offset() == frozen
    QApplication.sendEvent(bar, QEvent(QEvent.Type.Leave))
    assert not bar.is_paused() and bar.frame_timer.isActive()
    bar.advance(1000)
    assert bar.scroll_offset() == pytest.approx(frozen + 100)


def test_click_opens_the_detail_popup_with_that_notice(make_bar, qtbot, model):
    bar = make_bar()
    bar.pause()
    x = x_of(bar, "project")
    with qtbot.waitSignal(bar.noticeActivated, timeout=1000) as signal:
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=QPoint(x, bar.height() // 2))
    assert signal.args == ["project"]
    popup = bar.detail_popup
    qtbot.addWidget(popup)
    assert popup.isVisible() and popup.notice.id == "project"
    assert popup.title_label.text() == "주민참여예산 신규사업 공모"
    assert model.is_read("project") and not model.is_read("event")
    # Above a bottom bar, next to the click.
    assert popup.frameGeometry().bottom() <= bar.geometry().top()
    assert abs(popup.geometry().left() - bar.mapToGlobal(QPoint(x, 0)).x()) <= 20


def test_click_on_the_label_asks_for_all_notices(make_bar, qtbot):
    bar = make_bar()
    with qtbot.waitSignal(bar.allNoticesRequested, timeout=1000):
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=QPoint(5, bar.height() // 2))


def _wheel(bar, dy):
    pos = QPointF(400, 5)
    event = QWheelEvent(
        pos,
        bar.mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, dy),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(bar, event)


def test_wheel_and_arrow_keys_step_between_items(make_bar, qtbot):
    bar = make_bar()
    bar.pause()
    assert bar.current_item_id() == "event"
    _wheel(bar, -120)  # wheel down: next
    assert bar.frame_timer.isActive()  # the step animates even while paused
    bar.advance(STEP_ANIMATION_MS + 1)
    assert bar.current_item_id() == "project"
    assert not bar.is_animating()  # and stops again afterwards
    qtbot.keyClick(bar, Qt.Key.Key_Right)
    bar.advance(STEP_ANIMATION_MS + 1)
    assert bar.current_item_id() == "issue"
    qtbot.keyClick(bar, Qt.Key.Key_Left)
    _wheel(bar, 120)
    bar.advance(STEP_ANIMATION_MS + 1)
    assert bar.current_item_id() == "event"
    _wheel(bar, 60)  # half a notch does nothing yet
    bar.advance(STEP_ANIMATION_MS + 1)
    assert bar.current_item_id() == "event"


def test_enter_key_opens_the_current_item(make_bar, qtbot):
    bar = make_bar()
    bar.pause()
    qtbot.keyClick(bar, Qt.Key.Key_Return)
    qtbot.addWidget(bar.detail_popup)
    assert bar.detail_popup.notice.id == "event"


def test_right_click_requests_the_context_menu(make_bar, qtbot):
    bar = make_bar()
    with qtbot.waitSignal(bar.contextMenuRequested, timeout=1000) as signal:
        # Through the QWindow, so Qt synthesises the context-menu event as for a real click.
        QTest.mouseClick(bar.windowHandle(), Qt.MouseButton.RightButton, pos=QPoint(300, 10))
    assert signal.args[0] == bar.mapToGlobal(QPoint(300, 10))
    assert bar.detail_popup is None


def test_urgent_first_repeated_and_flashed_once(make_bar, model):
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
    assert bar.is_flashing() and bar.frame_timer.isActive()
    bar.advance(PULSE_MS + 1)
    assert not bar.is_flashing()
    # The same urgent notice again (a feed refresh) does not flash again...
    model.set_notices("feed", [*normals, urgent, notice("n9")])
    assert not bar.is_flashing()
    # ...a new one does, and it is brought to the left edge.
    bar.advance(3000)
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
    assert bar.frame_timer.isActive()
    bar.pause()
    assert not bar.frame_timer.isActive() and not bar.step_timer.isActive()
    bar.resume()
    assert bar.frame_timer.isActive()
    bar.hide()
    assert not bar.is_animating()
    bar.show()
    qtbot.waitExposed(bar)
    assert bar.is_animating()
    model.set_notices("feed", [])
    assert not bar.frame_timer.isActive() and not bar.step_timer.isActive()
    assert bar.visible_item_ids() == []
    model.set_notices("feed", SAMPLE)
    assert bar.is_animating()


def test_idle_message_when_nothing_to_show(make_bar, qtbot):
    bar = make_bar([])
    assert not bar.is_animating()
    image = bar.grab().toImage()
    assert image.width() > 0
    # The idle text is painted in the content area: it is not one flat colour.
    area = bar.content_rect()
    y = area.center().y()
    colours = {image.pixel(x, y) for x in range(area.left(), area.left() + 300)}
    assert len(colours) > 2
    assert bar.tooltip_at(area.center()) == ""


def test_reduced_motion_steps_one_item_at_a_time(make_bar):
    bar = make_bar(reduced_motion=True)
    assert bar.step_timer.isActive() and not bar.frame_timer.isActive()
    assert bar.visible_item_ids() == ["event"]
    offset = bar.scroll_offset()
    bar.advance(4000)
    assert bar.visible_item_ids() == ["event"]  # dwell is at least 5 s
    bar.advance(3500)  # first dwell: 5 s plus a little for its width
    assert bar.visible_item_ids() == ["project"]
    assert bar.scroll_offset() == offset  # no scrolling at all
    bar.pause()
    assert not bar.is_animating()
    bar.resume()
    bar.step(+1)
    assert bar.visible_item_ids() == ["issue"]
    bar.set_reduced_motion(False)
    assert bar.frame_timer.isActive() and not bar.step_timer.isActive()


def test_status_dot_and_tooltip(make_bar):
    bar = make_bar()
    for status, colour in (
        ("connected", (63, 191, 106)),
        ("stale", (240, 180, 41)),
        ("offline", (229, 72, 77)),
    ):
        bar.set_status(status, "마지막 갱신 09:00")
        assert bar.status() == status
        image = bar.grab().toImage()
        centre = bar.status_dot_rect().center().toPoint()
        pixel = image.pixelColor(centre)
        assert (pixel.red(), pixel.green(), pixel.blue()) == colour
    tip = bar.tooltip_at(QPoint(3, 3))
    assert "오프라인" in tip and "마지막 갱신 09:00" in tip


def test_hostile_titles_are_literal_in_tiles_and_tooltips(make_bar):
    bar = make_bar([notice("h", HOSTILE)])
    bar.pause()
    x = x_of(bar, "h")
    tip = bar.tooltip_at(QPoint(x, 5))
    assert "&lt;b&gt;x&lt;/b&gt;&lt;img" in tip and "<img" not in tip
    assert bar.visible_item_ids()[0] == "h"


def test_tiles_follow_the_widget_device_pixel_ratio(make_bar):
    bar = make_bar()
    dpr = bar.devicePixelRatioF()
    for tile in bar.tiles():
        assert tile.devicePixelRatio() == dpr
        assert tile.height() == round(bar.height() * dpr)


def test_bar_follows_the_model_when_a_notice_ends(make_bar, model, qtbot):
    ending = notice("ending", ends_at=dt.datetime.now(dt.UTC) + dt.timedelta(milliseconds=400))
    bar = make_bar([*SAMPLE, ending])
    assert "ending" in bar.playlist_ids()
    with qtbot.waitSignal(model.visibleChanged, timeout=3000):
        pass
    assert "ending" not in bar.playlist_ids()
    assert bar.is_animating()


def test_reading_position_survives_a_list_update(make_bar, model):
    bar = make_bar()
    bar.pause()
    bar.step(+1)
    bar.advance(STEP_ANIMATION_MS + 1)
    bar.resume()
    bar.advance(500)  # 50 px into "project"
    before = bar.scroll_offset()
    assert bar.current_item_id() == "project"
    model.set_notices("feed", [notice("new", "새 공지", starts_at=NOW - 2 * DAY), *SAMPLE])
    assert bar.playlist_ids()[0] == "new"
    assert bar.current_item_id() == "project"
    assert bar.scroll_offset() != before  # the tape moved under it, the reader did not


def test_show_item_and_english_idle_text(make_bar):
    bar = make_bar(language="en")
    bar.pause()
    assert bar.show_item("issue")
    assert bar.current_item_id() == "issue"
    assert not bar.show_item("missing")
    assert "Connected" not in bar.status_tooltip()
    bar.set_status("connected")
    assert bar.status_tooltip().startswith("Connected")


def test_detail_popup_is_owned_by_the_bar(make_bar, qtbot):
    bar = make_bar()
    popup = bar.open_detail("issue")
    assert popup.parent() is bar
    assert popup.notice.id == "issue"
    assert bar.open_detail("missing") is None


def test_accessible_description_lists_the_titles(make_bar):
    bar = make_bar()
    assert bar.accessibleName() == "시정 알림 티커"
    assert "덕진구 김장 나눔 행사" in bar.accessibleDescription()


@pytest.mark.parametrize("scale", ["1", "2"])
def test_real_window_at_device_pixel_ratio(scale, tmp_path, qtbot):
    """The screenshot script in a fresh process on this X display with QT_SCALE_FACTOR:
    the grabbed bar has scale x the logical pixels, so tiles were drawn at that DPR."""
    out = tmp_path / f"bar{scale}.png"
    env = dict(os.environ, QT_SCALE_FACTOR=scale, QT_QPA_PLATFORM="xcb")
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bar_screenshot.py"),
            "--out",
            str(out),
            "--width",
            "800",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    reference = TickerBar(NoticeModel(), font_size=16)
    qtbot.addWidget(reference)
    logical_height = reference.preferred_height()
    assert image.width() == 800 * int(scale)
    assert image.height() == logical_height * int(scale)
    # The grab alone would look the same size with blurry, upscaled 1x tiles.
    assert f"rendered at devicePixelRatio [{float(scale)}]" in proc.stdout, proc.stdout


def test_tooltips_show_on_hover_without_focus(make_bar, qtbot):
    """The bar never takes focus: hovering alone shows the dot's reason and item titles."""
    from PySide6.QtWidgets import QToolTip

    bar = make_bar()
    bar.pause()  # the items stay where the scan found them
    bar.set_status("offline", "서버에 연결할 수 없습니다 (timeout)")
    assert not bar.isActiveWindow()
    window = bar.windowHandle()
    dot = bar.status_dot_rect().center().toPoint()
    QTest.mouseMove(window, dot)
    qtbot.waitUntil(lambda: QToolTip.isVisible() and "timeout" in QToolTip.text(), timeout=3000)
    assert "오프라인" in QToolTip.text()
    x = x_of(bar, "project")
    QTest.mouseMove(window, QPoint(x, bar.height() // 2))
    qtbot.waitUntil(lambda: QToolTip.isVisible() and "주민참여예산" in QToolTip.text(),
                    timeout=3000)
    assert not bar.isActiveWindow()  # hovering did not take focus either
    QApplication.sendEvent(bar, QEvent(QEvent.Type.Leave))
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=3000)


def _tile_x_in_grab(bar, notice_id):
    """Device x at which the tile of ``notice_id`` appears, pixel for pixel, in a grab of
    the bar (a row through its text), or None if it is not fully on screen."""
    position = bar.playlist_ids().index(notice_id)
    tile = bar.tiles()[position].toImage().convertToFormat(QImage.Format.Format_RGB32)
    shot = bar.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    best = max(range(tile.height()),
               key=lambda y: len({tile.pixel(x, y) for x in range(0, tile.width(), 2)}))
    needle = bytes(tile.constScanLine(best))[: tile.width() * 4]
    haystack = bytes(shot.constScanLine(best))[: shot.width() * 4]
    at = haystack.find(needle)
    while at != -1 and at % 4:
        at = haystack.find(needle, at + 1)
    return None if at == -1 else at // 4


def test_a_new_urgent_notice_is_readable_from_its_first_character(make_bar, model):
    from ticker.ui.bar import URGENT_HOLD_MS

    bar = make_bar()
    bar.advance(2345)  # scrolled somewhere in the middle of the tape
    urgent = notice("u", "긴급: 오늘 14시 청사 정전 점검", priority="urgent")
    model.set_notices("feed", [*SAMPLE, urgent])
    # Just after it arrives: the whole tile is on screen, right of the label, not under it.
    x = _tile_x_in_grab(bar, "u")
    assert x is not None, "the urgent notice is not fully visible when it arrives"
    assert x >= bar.content_rect().left()
    assert bar.visible_item_ids()[0] == "u"
    # A moment later (the attention pulse is over) it is still there, still fully readable.
    bar.advance(PULSE_MS + 200)
    assert not bar.is_flashing()
    assert _tile_x_in_grab(bar, "u") == x
    bar.advance(URGENT_HOLD_MS - PULSE_MS - 400)
    assert _tile_x_in_grab(bar, "u") == x
    # Then the tape moves on, and the notice keeps its urgent repeat.
    bar.advance(1000)
    assert bar.scroll_offset() > 0 and _tile_x_in_grab(bar, "u") != x
    assert bar.playlist_ids()[0] == "u"
    # A wheel step during the hold is the user's choice: no waiting for the hold.
    model.set_notices("feed", [*SAMPLE, urgent, notice("u2", "긴급 2", priority="urgent")])
    held = bar.scroll_offset()
    bar.advance(500)
    assert bar.scroll_offset() == held
    bar.step(1)
    bar.advance(STEP_ANIMATION_MS + 1000)
    assert bar.scroll_offset() > held + 50


def test_offline_is_said_in_words_and_since_when(make_bar, qtbot):
    bar = make_bar([])
    assert bar.idle_text() == "현재 공지가 없습니다"
    quiet = bar.grab().toImage()
    since = dt.datetime(2026, 12, 7, 9, 14, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    bar.set_status("offline", "서버에 연결할 수 없습니다 (cannot connect)", since)
    assert bar.idle_text() == "서버에 연결할 수 없습니다 · 09:14부터"
    assert bar.grab().toImage() != quiet  # painted, not only reported
    bar.set_status("connected")
    assert bar.idle_text() == "현재 공지가 없습니다"
    english = make_bar([], language="en")
    english.set_status("offline", "", since)
    assert english.idle_text() == "Cannot reach the server · since 09:14"
    # With cached notices the bar keeps showing them; the red dot says the rest.
    cached = make_bar()
    cached.set_status("offline", "", since)
    assert cached.visible_item_ids() and cached.status() == "offline"
