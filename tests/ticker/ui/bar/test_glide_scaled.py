"""The glide strip at 125 % and 150 % (QT_SCALE_FACTOR, as Windows display scaling).

Qt only blits a move whose device-pixel delta is whole, so at fractional scales the strip
steps on the device grid, and tiles sit on it: the text on screen is the tile pixmap pixel
for pixel, as sharp as at 100 %. Each scale runs in a fresh process on this X display
(the factor is read when the QApplication is created): scaled_bar_probe.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ticker.ui import scroll_math as sm

PROBE = Path(__file__).with_name("scaled_bar_probe.py")


def run_probe(scale: str) -> dict:
    env = dict(os.environ, QT_SCALE_FACTOR=scale, QT_QPA_PLATFORM="xcb")
    proc = subprocess.run([sys.executable, str(PROBE)], capture_output=True, text=True,
                          timeout=90, env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("scale", ["1", "1.25", "1.5"])
def test_scaled_bar_glides_on_whole_device_pixels_with_sharp_text(scale):
    report = run_probe(scale)
    dpr = float(scale)
    assert report["dpr"] == pytest.approx(dpr)
    # Plain scrolling is on the strip, not repainted by a Python timer.
    assert report["gliding"] and not report["frame_timer_while_gliding"]
    grid = sm.device_grid(dpr)
    if grid > 1:  # grid steps on the bar's (manual) clock: 100 px/s x 1.5 s, on the grid
        assert report["strip_moved_px"] == (150 // grid) * grid
    else:  # Qt's animation time is real time: it moves (its speed is for bench_ticker.py)
        assert report["strip_moved_px"] > 0
    # The scrolling area and every tile start on whole device pixels.
    grid_device = grid * dpr
    assert report["content_left_device"] % grid_device == 0
    assert all(width % grid_device == 0 for width in report["tile_widths_device"])
    assert report["screen_width"] == round(1000 * dpr)  # device pixels were grabbed
    # On screen, while it moves and after the bar paints itself: a full tile appears
    # pixel for pixel (a resampled, half-pixel or badly blitted tile does not).
    assert all(found >= 1 for found in report["found_gliding"]), report["found_gliding"]
    assert report["found_painted"] >= 1


def test_device_grid_of_common_scales():
    assert [sm.device_grid(s) for s in (1.0, 1.25, 1.5, 1.75, 2.0)] == [1, 4, 2, 4, 1]
    assert sm.device_grid(1.1) == 0  # no whole-pixel step up to 8 px: the bar paints
    assert sm.snap_up(133, 4) == 136 and sm.snap_up(136, 4) == 136 and sm.snap_up(7.5, 0) == 7.5
