"""TickerBar in a real X11 window under Xvfb: layout, status, content and its public API."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QImage

from tests.ticker.ui.bar.samples import SAMPLE, notice
from ticker.model import NoticeModel
from ticker.ui.bar import TickerBar

ROOT = Path(__file__).resolve().parents[4]


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
    assert small.height() == small.preferred_height()


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


def test_show_item_and_english_status_text(make_bar, english):
    bar = make_bar()
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


def test_offline_is_said_in_words_and_since_when(make_bar, qtbot, english):
    english.install("ko")
    bar = make_bar([])
    assert bar.idle_text() == "현재 공지가 없습니다"
    quiet = bar.grab().toImage()
    since = dt.datetime(2026, 12, 7, 9, 14, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    bar.set_status("offline", "서버에 연결할 수 없습니다 (cannot connect)", since)
    assert bar.idle_text() == "서버에 연결할 수 없습니다 · 09:14부터"
    assert bar.grab().toImage() != quiet  # painted, not only reported
    bar.set_status("connected")
    assert bar.idle_text() == "현재 공지가 없습니다"
    english.install("en")
    in_english = make_bar([])  # bars are rebuilt when the language changes
    in_english.set_status("offline", "", since)
    assert in_english.idle_text() == "Cannot reach the server · since 09:14"
    # With cached notices the bar keeps showing them; the red dot says the rest.
    cached = make_bar()
    cached.set_status("offline", "", since)
    assert cached.visible_item_ids() and cached.status() == "offline"
