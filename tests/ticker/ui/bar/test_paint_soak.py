"""Soak: paint the real bar >= 100,000 frames offscreen; no crash, no RSS growth.

Runs bench/soak_paint.py in a subprocess (offscreen platform, accelerated clock) so a
native crash shows up as an exit code instead of killing the test run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
SCRIPT = ROOT / "bench" / "soak_paint.py"
FRAMES = 120_000
MAX_GROWTH_MB = 20.0


@pytest.mark.slow
@pytest.mark.timeout(290)
def test_bar_paints_120k_frames_without_crash_or_rss_growth(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--frames", str(FRAMES), "--churn-every", "5000"],
        capture_output=True,
        text=True,
        timeout=280,
        env=env,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(proc.stdout)  # the figures, visible with -s
    assert result["frames"] >= 100_000
    # drawPixmap ran for every visible tile of every frame (several per frame).
    assert result["tile_draws"] >= 2 * result["frames"]
    assert result["growth_mb"] < MAX_GROWTH_MB, result
    # The Python 3.11 signature of PySide6 6.12.0's bug: every void QPainter call (several
    # per frame) dropped a reference to None, so the count fell by ~tile_draws and Python
    # aborted. A per-call leak in either direction moves it by >= 100,000 here; what remains
    # is a handful from tiles rendered after a list change. From 3.12 on None is immortal:
    # its count cannot move, the script reports null, and there is nothing to assert.
    if sys.version_info < (3, 12):
        assert abs(result["none_refcount_paint_delta"]) < 1_000, result
        assert result["none_refcount_delta"] > -1_000, result  # never falls towards 0
    else:
        assert result["none_refcount_paint_delta"] is None, result
    # On every version: the tile pixmaps QPainter.drawPixmap receives keep their reference
    # counts across the paint (a per-call leak or drop would move this by ~tile_draws / 8),
    # and so do the image and the bar handed to Qt every frame ...
    assert result["tile_refcount_paint_delta"] == 0, result
    assert result["arg_refcount_delta"] == 0, result
    # ... and a leak of even one Python object per frame would add ~100,000 between 10 %
    # and the end.
    assert result["python_objects_growth"] < 2_000, result
