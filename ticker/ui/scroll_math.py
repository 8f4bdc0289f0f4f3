"""Pure arithmetic behind the scrolling bar. No Qt: tested without a display.

Coordinates: the bar shows an endless "tape" made of tiles laid out left to right with a
gap after each one; the tape repeats every ``period`` pixels. ``offset`` is the tape
position (logical px) of the viewport's left edge. Offsets may grow without bound; every
function reduces them modulo the period itself.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

# Never repaint faster than this, whatever the screen claims.
MAX_FRAME_RATE_HZ = 240.0


@dataclasses.dataclass(frozen=True, slots=True)
class TapeLayout:
    """Tile start positions on one period of the tape."""

    starts: tuple[float, ...]
    widths: tuple[float, ...]
    gap: float
    period: float

    def __len__(self) -> int:
        return len(self.widths)


def layout_tiles(widths: Sequence[float], gap: float = 0.0, min_period: float = 0.0) -> TapeLayout:
    """Place tiles one after another; pad the period to ``min_period``.

    Padding to the viewport width means a short list scrolls fully out before it comes
    back, instead of showing two copies of the same item side by side.
    """
    if gap < 0:
        raise ValueError("gap must be >= 0")
    starts: list[float] = []
    x = 0.0
    for w in widths:
        if w < 0:
            raise ValueError("tile widths must be >= 0")
        starts.append(x)
        x += w + gap
    return TapeLayout(
        tuple(starts), tuple(float(w) for w in widths), float(gap), max(x, float(min_period))
    )


MAX_DEVICE_GRID = 8  # logical px; beyond this a scale has no usable whole-pixel grid


def device_grid(device_pixel_ratio: float) -> int:
    """The smallest whole number of logical px that is also a whole number of device px
    (1 at 100 % and 200 %, 4 at 125 %, 2 at 150 %), or 0 if there is none up to
    MAX_DEVICE_GRID. Tiles, the label panel and glide moves keep to this grid so text lands
    on whole device pixels (sharp) and moves are blits (Qt only blits a scroll whose
    device-pixel delta is whole)."""
    if device_pixel_ratio <= 0:
        return 0
    for grid in range(1, MAX_DEVICE_GRID + 1):
        device = grid * device_pixel_ratio
        if abs(device - round(device)) < 1e-6:
            return grid
    return 0


def snap_up(value: float, grid: int) -> float:
    """``value`` rounded up to a multiple of ``grid`` (unchanged when grid < 1)."""
    if grid < 1:
        return value
    return math.ceil(value / grid - 1e-9) * grid


def scroll_offset(elapsed_ms: float, speed_px_s: float, base: float = 0.0) -> float:
    """Time-based position: the offset depends on elapsed time, not on frames painted."""
    return base + speed_px_s * elapsed_ms / 1000.0


def wrap(offset: float, period: float) -> float:
    """Offset reduced into [0, period)."""
    if period <= 0:
        return 0.0
    return offset % period


def tiles_in_viewport(
    layout: TapeLayout, offset: float, viewport_width: float
) -> list[tuple[int, float]]:
    """(tile index, x inside the viewport) for every tile that intersects it, left to right.

    Handles wrap-around: the end of one period is followed by the start of the next.
    """
    if not layout.widths or layout.period <= 0 or viewport_width <= 0:
        return []
    origin = wrap(offset, layout.period)
    result: list[tuple[int, float]] = []
    # Tape copies that can intersect [origin, origin + viewport_width).
    first_copy = -1
    last_copy = int(math.floor((origin + viewport_width) / layout.period)) + 1
    for copy in range(first_copy, last_copy + 1):
        base = copy * layout.period
        for index, (start, width) in enumerate(zip(layout.starts, layout.widths, strict=True)):
            x = base + start - origin
            if x < viewport_width and x + width > 0 and width > 0:
                result.append((index, x))
    result.sort(key=lambda item: item[1])
    return result


def step_target(layout: TapeLayout, offset: float, direction: int, tolerance: float = 0.5) -> float:
    """Offset that puts the next (direction > 0) or previous (< 0) tile at the left edge.

    The result is continuous with ``offset`` (it may lie outside [0, period)) so an
    animation between the two never runs the long way round.
    """
    if not layout.widths or layout.period <= 0 or direction == 0:
        return offset
    period = layout.period
    copy = math.floor(offset / period)
    candidates = [(copy + k) * period + start for k in (-1, 0, 1, 2) for start in layout.starts]
    if direction > 0:
        ahead = [c for c in candidates if c > offset + tolerance]
        return min(ahead)
    behind = [c for c in candidates if c < offset - tolerance]
    return max(behind)


def current_index(layout: TapeLayout, offset: float) -> int | None:
    """The tile whose start is at or left of the viewport's left edge (the 'current' one)."""
    if not layout.widths or layout.period <= 0:
        return None
    position = wrap(offset, layout.period)
    best = len(layout.starts) - 1
    for index, start in enumerate(layout.starts):
        if start <= position + 0.5:
            best = index
    return best


def ease_out_cubic(t: float) -> float:
    t = min(1.0, max(0.0, t))
    return 1.0 - (1.0 - t) ** 3


def transition_offset(start: float, target: float, elapsed_ms: float, duration_ms: float) -> float:
    """Eased position of a manual step (wheel/arrow) animation."""
    if duration_ms <= 0 or elapsed_ms >= duration_ms:
        return target
    return start + (target - start) * ease_out_cubic(elapsed_ms / duration_ms)


def frame_interval_ms(speed_px_s: float, device_pixel_ratio: float, refresh_hz: float) -> int:
    """Repaint interval: the display refresh, but never more often than the tape moves
    one device pixel (a slow bar at 30 px/s needs only 30 repaints a second)."""
    refresh = min(max(refresh_hz, 1.0), MAX_FRAME_RATE_HZ)
    interval = 1000.0 / refresh
    device_px_per_s = abs(speed_px_s) * max(device_pixel_ratio, 1.0)
    if device_px_per_s > 0:
        interval = max(interval, 1000.0 / device_px_per_s)
    return max(1, int(round(interval)))


def build_playlist(urgent: Sequence[bool], repeat_every: int) -> list[int]:
    """Order of item indices on the tape: urgent items first, and the urgent block again
    after every ``repeat_every`` other items so urgent news comes round more often.

    ``urgent`` flags follow the model's order (urgent ones come first already, but this
    does not rely on it).
    """
    urgent_ids = [i for i, flag in enumerate(urgent) if flag]
    others = [i for i, flag in enumerate(urgent) if not flag]
    if not urgent_ids or repeat_every <= 0 or len(others) <= repeat_every:
        return urgent_ids + others
    playlist = list(urgent_ids)
    for chunk_start in range(0, len(others), repeat_every):
        chunk = others[chunk_start : chunk_start + repeat_every]
        playlist.extend(chunk)
        # Repeat the urgent block between chunks, not right before the tape wraps to it.
        if chunk_start + repeat_every < len(others):
            playlist.extend(urgent_ids)
    return playlist


def dwell_ms_for(
    tile_width: float, viewport_width: float, base_ms: int = 5000, per_px_ms: float = 4.0
) -> int:
    """Reduced motion: a wider item stays longer, so it can be read before it changes."""
    extra = max(0.0, min(tile_width, viewport_width)) * per_px_ms
    return int(base_ms + min(extra, 7000))


def pulse_intensity(elapsed_ms: float, duration_ms: float = 1600.0, pulses: int = 2) -> float:
    """Attention effect strength in [0, 1]: ``pulses`` soft sine pulses, then 0 for good."""
    if elapsed_ms < 0 or elapsed_ms >= duration_ms or duration_ms <= 0 or pulses <= 0:
        return 0.0
    phase = elapsed_ms / duration_ms * pulses * math.pi
    return math.sin(phase) ** 2
