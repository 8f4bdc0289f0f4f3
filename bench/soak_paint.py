"""Soak the bar's paint path: render many frames offscreen and watch RSS.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/soak_paint.py --frames 100000

Each frame advances the bar's clock by one refresh interval and renders the real
TickerBar (paintEvent -> QPainter.drawPixmap of the pre-rendered tiles) into a QImage.
Every few thousand frames the notice list changes (new tiles, pruned cache), the bar
is paused and resumed, and pending events are processed. RSS is printed at the start,
at 10 %, 50 % and at the end; the last line is JSON for scripts and tests.

PySide6 6.12.0 on Python 3.11 dropped a reference to None in every void QPainter call
(drawPixmap, fillRect, setPen, ...) and aborted after a few thousand frames; pyproject gives
3.11 6.11.3 instead, and this script is the guard against that class of bug. None's count is
taken around every frame's paint (``none_refcount_paint_delta``, on 3.11 only: from 3.12 on
None is immortal, its count never moves, and the field is null). On every version: the
reference counts of the tile pixmaps around every 8th frame's paint, which QPainter.drawPixmap
receives as arguments (``tile_refcount_paint_delta``: a per-call leak or drop moves it by the
number of blits), those of the image and the bar handed to Qt each frame, and the Python
object count from 10 % to the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psutil  # noqa: E402
from PySide6.QtCore import QRect  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ticker.feed.notice import Notice  # noqa: E402
from ticker.model import NoticeModel  # noqa: E402
from ticker.ui.bar import TickerBar  # noqa: E402
from ticker.ui.bar.clock import ManualClock  # noqa: E402

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
NONE_IS_IMMORTAL = sys.version_info >= (3, 12)  # PEP 683
DAY = dt.timedelta(days=1)
CATEGORIES = ("event", "project", "issue", "notice")
TITLES = (
    "덕진구 김장 나눔 행사 — 덕진공원 광장",
    "2027년 주민참여예산 신규사업 공모 접수",
    "겨울철 한파 대비 취약계층 안전 점검",
    "12월 정기 보안 점검 안내",
    "<b>markup</b> stays literal & <img src=x>",
)


def notices(generation: int, count: int) -> list[Notice]:
    """A list that changes with ``generation`` so tiles are re-rendered and pruned."""
    result = [
        Notice(
            id=f"g{generation % 7}-n{i}",
            title=f"{TITLES[i % len(TITLES)]} ({generation % 7}-{i})",
            category=CATEGORIES[i % len(CATEGORIES)],
            priority="urgent" if i == 0 else "normal",
            starts_at=NOW - DAY,
            ends_at=NOW + DAY,
        )
        for i in range(count)
    ]
    return result


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Paint the ticker bar many times; report RSS.")
    parser.add_argument("--frames", type=int, default=100_000)
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--notices", type=int, default=12)
    parser.add_argument("--speed", type=float, default=80.0, help="px/s")
    parser.add_argument("--fps", type=float, default=60.0, help="simulated refresh rate")
    parser.add_argument("--churn-every", type=int, default=5000, help="frames between list changes")
    parser.add_argument("--save-last", default="", help="write the last frame to this PNG")
    args = parser.parse_args(argv)

    app = QApplication(sys.argv[:1])
    model = NoticeModel(clock=lambda: NOW)
    model.set_notices("soak", notices(0, args.notices))
    clock = ManualClock()  # one refresh interval per frame, as fast as the paint goes
    bar = TickerBar(model, label="전주시 덕진구", speed=args.speed, clock=clock)
    bar.place_on(QRect(0, 0, args.width, 1080), "bottom")
    bar.show()
    app.processEvents()
    dpr = bar.devicePixelRatioF()
    image = QImage(
        round(bar.width() * dpr),
        round(bar.height() * dpr),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(dpr)
    frame_ms = 1000.0 / args.fps
    marks = {max(1, args.frames // 10): "10%", max(1, args.frames // 2): "50%"}
    samples = {"start": rss_mb()}
    draws = 0
    objects_at_10 = 0
    none_refs_start = sys.getrefcount(None)
    print(
        f"soak: frames={args.frames} width={bar.width()} height={bar.height()} dpr={dpr} "
        f"notices={args.notices} python={sys.version.split()[0]}",
        flush=True,
    )
    print(f"rss start: {samples['start']:.1f} MB", flush=True)
    began = time.perf_counter()
    # Mortal objects handed to Qt every frame: their counts must not move on any Python.
    arg_refs_start = sys.getrefcount(image) + sys.getrefcount(bar)
    paint_none_delta = 0
    tile_refs_delta = 0
    for frame in range(1, args.frames + 1):
        none_before = sys.getrefcount(None)
        clock.advance(frame_ms)
        if frame % 8:
            bar.render(image)  # paintEvent -> drawPixmap of each visible tile
        else:
            tiles = bar.tiles()  # the same pixmap objects the paint hands to drawPixmap
            tile_refs = sum(map(sys.getrefcount, tiles))
            bar.render(image)
            tile_refs_delta += sum(map(sys.getrefcount, tiles)) - tile_refs
            del tiles
        paint_none_delta += sys.getrefcount(None) - none_before
        draws += len(bar.visible_item_ids())
        if frame % args.churn_every == 0:
            model.set_notices("soak", notices(frame // args.churn_every, args.notices))
            bar.pause()
            bar.resume()
        if frame % 200 == 0:
            app.processEvents()
        if frame in marks:
            samples[marks[frame]] = rss_mb()
            if marks[frame] == "10%":
                gc.collect()
                objects_at_10 = len(gc.get_objects())
            print(
                f"rss {marks[frame]} ({frame} frames): {samples[marks[frame]]:.1f} MB", flush=True
            )
    elapsed = time.perf_counter() - began
    row = image.height() // 2
    colours = len({image.pixel(x, row) for x in range(0, image.width(), 3)})
    if colours < 3:  # a blank frame means the paint path was not exercised
        print(f"error: the last frame is blank ({colours} colours)", file=sys.stderr)
        return 2
    if args.save_last:
        image.save(args.save_last)
    samples["end"] = rss_mb()
    gc.collect()
    python_objects_growth = len(gc.get_objects()) - objects_at_10
    growth = samples["end"] - samples.get("10%", samples["start"])
    print(f"rss end: {samples['end']:.1f} MB; growth 10%->end: {growth:+.1f} MB", flush=True)
    print(
        f"{args.frames} frames in {elapsed:.1f} s ({args.frames / elapsed:.0f} frames/s), "
        f"~{draws} tile blits; tiles cached at end: {len(bar.tiles())}",
        flush=True,
    )
    result = {
        "frames": args.frames,
        "seconds": round(elapsed, 2),
        "frames_per_s": round(args.frames / elapsed, 1),
        "tile_draws": draws,
        "rss_mb": {k: round(v, 1) for k, v in samples.items()},
        "growth_mb": round(growth, 2),
        # None is immortal from Python 3.12 on (its count is a constant): reported only where
        # it can move, to catch the 3.11 drawPixmap leak.
        "none_refcount_delta": None if NONE_IS_IMMORTAL else sys.getrefcount(None) - none_refs_start,
        # The same, counted only across the frames' advance+render (no list changes).
        "none_refcount_paint_delta": None if NONE_IS_IMMORTAL else paint_none_delta,
        # Mortal arguments of the paint's QPainter calls, on every version.
        "tile_refcount_paint_delta": tile_refs_delta,
        "arg_refcount_delta": sys.getrefcount(image) + sys.getrefcount(bar) - arg_refs_start,
        "python_objects_growth": python_objects_growth,
    }
    print(json.dumps(result), flush=True)
    bar.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
