"""Run a real bar on the current X display (QT_SCALE_FACTOR set by the caller) and print
what a person would see, as one JSON line. Used by test_glide_scaled.py in a fresh process,
because the scale factor is read once, when the QApplication is created.

Sharpness is checked on the screen itself (QScreen.grabWindow, device pixels, after Qt's
blits): a row of every tile pixmap, rendered at device resolution, must appear unchanged
in the grabbed row. A tile drawn at a fractional device position, or upscaled from 1x,
or smeared by a wrong blit, does not.

The bar runs on a manual clock that may glide: at 125 % and 150 % the strip steps on that
clock, so how far it moved is exact; at 100 % it moves on Qt's animation time (real time),
and only that it moves is reported.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QRect  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ticker.feed.notice import Notice  # noqa: E402
from ticker.model import NoticeModel  # noqa: E402
from ticker.ui.bar import TickerBar  # noqa: E402
from ticker.ui.bar.clock import ManualClock  # noqa: E402

NOW = dt.datetime.now(dt.UTC)
DAY = dt.timedelta(days=1)
TITLES = [("event", "덕진구 김장 나눔 행사 — 12월 5일 구청 광장"),
          ("project", "주민참여예산 신규사업 공모 — 19개 읍면동"),
          ("issue", "한파 대비 취약계층 안전 점검")]


def wait(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.002)


def text_row(image: QImage) -> int:
    """The row of a tile with the most distinct colours: it goes through the text."""
    best, best_row = -1, image.height() // 2
    for y in range(image.height()):
        colours = len({image.pixel(x, y) for x in range(0, image.width(), 2)})
        if colours > best:
            best, best_row = colours, y
    return best_row


def row_bytes(image: QImage, y: int) -> bytes:
    return bytes(image.constScanLine(y))[: image.width() * 4]


def tiles_found(screen_image: QImage, tiles: list[tuple[QImage, int]]) -> int:
    """How many tiles appear pixel for pixel (one row through their text) on screen."""
    found = 0
    for tile, y in tiles:
        haystack, needle = row_bytes(screen_image, y), row_bytes(tile, y)
        at = haystack.find(needle)
        while at != -1 and at % 4:
            at = haystack.find(needle, at + 1)
        found += at != -1
    return found


def main() -> int:
    app = QApplication(sys.argv)
    model = NoticeModel()
    model.set_notices("feed", [Notice(id=c, title=t, category=c, starts_at=NOW - DAY,
                                      ends_at=NOW + DAY) for c, t in TITLES])
    clock = ManualClock(glides=True)
    bar = TickerBar(model, label="전주시 덕진구", speed=100.0, clock=clock)
    screen = app.primaryScreen()
    geometry = screen.geometry()
    bar.place_on(QRect(geometry.left(), geometry.top(), 1000, geometry.height()), "bottom")
    bar.show()
    deadline = time.monotonic() + 10
    while not bar.is_gliding() and time.monotonic() < deadline:
        wait(app, 0.05)
    tiles = []
    for pixmap in bar.tiles():
        image = pixmap.toImage().convertToFormat(QImage.Format.Format_RGB32)
        tiles.append((image, text_row(image)))
    report = {
        "dpr": bar.devicePixelRatioF(),
        "gliding": bar.is_gliding(),
        "frame_timer": bar.animator.frame_timer.isActive(),
        "content_left_device": bar.content_rect().left() * bar.devicePixelRatioF(),
        "tile_widths_device": [t.width() for t, _y in tiles],
    }
    bar.show_item(bar.playlist_ids()[0])  # from the start of the tape: no wrap below
    glide = bar.animator.glide
    start = glide.offset()
    found_gliding = []
    for _ in range(6):  # 1.5 s on the bar's clock
        clock.advance(250)
        wait(app, 0.25)
        shot = screen.grabWindow(bar.winId()).toImage().convertToFormat(QImage.Format.Format_RGB32)
        found_gliding.append(tiles_found(shot, tiles))
    wait(app, 0.2)  # the grid step timer reads the clock once more
    report["clock_ms"] = 1500
    report["strip_moved_px"] = glide.offset() - start
    report["frame_timer_while_gliding"] = bar.animator.frame_timer.isActive()
    report["found_gliding"] = found_gliding
    bar.pause()  # the bar paints itself from here on
    wait(app, 0.3)
    shot = screen.grabWindow(bar.winId()).toImage().convertToFormat(QImage.Format.Format_RGB32)
    report["found_painted"] = tiles_found(shot, tiles)
    report["screen_width"] = shot.width()
    print(json.dumps(report))
    bar.close()
    bar.deleteLater()
    wait(app, 0.1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
