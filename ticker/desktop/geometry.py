"""Pure geometry for docking the bar: no Qt, no X11, no Windows imports.

All rectangles are ``Rect(x, y, width, height)`` with an exclusive right/bottom
(``x + width`` is the first column *outside* the rectangle), like ``QRect`` sizes.

Coordinate spaces
-----------------
* *Logical* pixels: what Qt reports (``QScreen.geometry()``). Qt 6 keeps a screen's
  top-left at its native position and scales only the size, so a logical point
  ``p`` on a screen with origin ``o`` and scale ``s`` is at ``o + (p - o) * s``
  in physical pixels (:func:`logical_to_physical`).
* *Physical* pixels: what X11 root coordinates and Windows AppBar ``RECT`` use.

X11 struts (``_NET_WM_STRUT_PARTIAL``) are measured from the edge of the whole
root window, not from the monitor, and their start/end fields are *inclusive*.
Windows ``RECT`` has exclusive right/bottom, in physical pixels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

POSITIONS = ("bottom", "top")


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        """First column right of the rectangle (exclusive)."""
        return self.x + self.width

    @property
    def bottom(self) -> int:
        """First row below the rectangle (exclusive)."""
        return self.y + self.height

    def contains(self, other: Rect) -> bool:
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )

    def intersection_area(self, other: Rect) -> int:
        w = min(self.right, other.right) - max(self.x, other.x)
        h = min(self.bottom, other.bottom) - max(self.y, other.y)
        return w * h if w > 0 and h > 0 else 0


def _check_position(position: str) -> None:
    if position not in POSITIONS:
        raise ValueError(f"position must be one of {POSITIONS}, not {position!r}")


def bar_rect(screen: Rect, position: str, height: int) -> Rect:
    """The bar's rectangle: full width of ``screen``, ``height`` tall, at its bottom or top."""
    _check_position(position)
    height = max(1, min(int(height), screen.height))
    y = screen.bottom - height if position == "bottom" else screen.y
    return Rect(screen.x, y, screen.width, height)


def logical_to_physical(rect: Rect, screen_origin: tuple[int, int], scale: float) -> Rect:
    """Map a logical rect on a screen (origin in both spaces, ``scale`` = devicePixelRatio).

    Edges are rounded separately so adjacent rects stay adjacent after scaling.
    """
    ox, oy = screen_origin
    left = ox + round((rect.x - ox) * scale)
    top = oy + round((rect.y - oy) * scale)
    right = ox + round((rect.right - ox) * scale)
    bottom = oy + round((rect.bottom - oy) * scale)
    return Rect(left, top, right - left, bottom - top)


class StrutPartial(NamedTuple):
    """``_NET_WM_STRUT_PARTIAL`` in EWMH field order (CARDINAL[12])."""

    left: int
    right: int
    top: int
    bottom: int
    left_start_y: int
    left_end_y: int
    right_start_y: int
    right_end_y: int
    top_start_x: int
    top_end_x: int
    bottom_start_x: int
    bottom_end_x: int

    @property
    def legacy(self) -> tuple[int, int, int, int]:
        """``_NET_WM_STRUT`` (left, right, top, bottom) for window managers without PARTIAL."""
        return (self.left, self.right, self.top, self.bottom)


def strut_partial(bar: Rect, position: str, root_width: int, root_height: int) -> StrutPartial:
    """Strut reserving ``bar`` (physical root coordinates) at the root window's bottom or top.

    A bottom strut is the distance from the bar's top edge to the bottom of the *root*
    window, so a bar on a monitor that does not reach the root's bottom (a shorter
    monitor beside a taller one, or the upper of two stacked monitors) reserves the
    rows below its monitor too; the start/end x range limits that to the bar's columns.
    """
    _check_position(position)
    if bar.width <= 0 or bar.height <= 0:
        raise ValueError("bar rectangle is empty")
    if bar.x < 0 or bar.y < 0 or bar.right > root_width or bar.bottom > root_height:
        raise ValueError(f"bar {bar} lies outside the root window {root_width}x{root_height}")
    start_x, end_x = bar.x, bar.right - 1  # inclusive ends
    if position == "bottom":
        return StrutPartial(0, 0, 0, root_height - bar.y, 0, 0, 0, 0, 0, 0, start_x, end_x)
    return StrutPartial(0, 0, bar.bottom, 0, 0, 0, 0, 0, start_x, end_x, 0, 0)


def strut_shadowed(bar: Rect, position: str, monitors: list[Rect]) -> list[Rect]:
    """Monitors (other than the bar's own) that lose area to the bar's strut.

    EWMH struts extend to the root edge, so a bottom bar on the upper of two stacked
    monitors also reserves the lower monitor's columns. Callers log this once.
    """
    _check_position(position)
    if position == "bottom":
        band = Rect(bar.x, bar.y, bar.width, 1 << 30)
    else:
        band = Rect(bar.x, 0, bar.width, bar.bottom)
    own = max(monitors, key=lambda m: m.intersection_area(bar), default=None)
    return [m for m in monitors if m is not own and m.intersection_area(band) > 0]


class WinRect(NamedTuple):
    """A Windows ``RECT``: physical pixels, right/bottom exclusive."""

    left: int
    top: int
    right: int
    bottom: int


ABE_TOP = 1
ABE_BOTTOM = 3


def appbar_edge(position: str) -> int:
    _check_position(position)
    return ABE_BOTTOM if position == "bottom" else ABE_TOP


def appbar_proposal(monitor: WinRect, position: str, height_px: int) -> WinRect:
    """The rect to send with ABM_QUERYPOS: the whole monitor width, ``height_px`` at the edge."""
    _check_position(position)
    if position == "bottom":
        return WinRect(monitor.left, monitor.bottom - height_px, monitor.right, monitor.bottom)
    return WinRect(monitor.left, monitor.top, monitor.right, monitor.top + height_px)


def appbar_after_query(queried: WinRect, position: str, height_px: int) -> WinRect:
    """Re-impose the height after ABM_QUERYPOS moved the edge away from other AppBars."""
    _check_position(position)
    if position == "bottom":
        return WinRect(queried.left, queried.bottom - height_px, queried.right, queried.bottom)
    return WinRect(queried.left, queried.top, queried.right, queried.top + height_px)


def appbar_rect_for_screen(
    screen_logical: Rect, scale: float, position: str, height_logical: int
) -> WinRect:
    """Physical AppBar proposal for a screen given in Qt logical pixels and its scale."""
    monitor = logical_to_physical(screen_logical, (screen_logical.x, screen_logical.y), scale)
    height_px = max(1, round(height_logical * scale))
    return appbar_proposal(
        WinRect(monitor.x, monitor.y, monitor.right, monitor.bottom), position, height_px
    )


def physical_to_logical(rect: WinRect, screen_origin: tuple[int, int], scale: float) -> Rect:
    """Inverse of :func:`logical_to_physical` for a Windows RECT (to place the Qt widget)."""
    ox, oy = screen_origin
    left = ox + round((rect.left - ox) / scale)
    top = oy + round((rect.top - oy) / scale)
    right = ox + round((rect.right - ox) / scale)
    bottom = oy + round((rect.bottom - oy) / scale)
    return Rect(left, top, right - left, bottom - top)


def covers_screen(window: Rect, screen: Rect) -> bool:
    """True when a window covers the whole screen (the full-screen test)."""
    return window.contains(screen)


def screen_of(window: Rect, screens: list[Rect]) -> int | None:
    """Index of the screen holding most of ``window``, or None if it is on none."""
    best, best_area = None, 0
    for index, screen in enumerate(screens):
        area = screen.intersection_area(window)
        if area > best_area:
            best, best_area = index, area
    return best


def select_screens(setting: str | int, count: int, primary: int) -> list[int]:
    """Indices of the screens that get a bar for the ``screen`` setting.

    ``"primary"`` → the primary screen; ``"all"`` → every screen; an index (int or
    digit string) → that screen, or the primary if it does not exist (unplugged).
    """
    if count <= 0:
        return []
    primary = primary if 0 <= primary < count else 0
    if setting == "all":
        return list(range(count))
    if setting == "primary" or setting is None:
        return [primary]
    try:
        index = int(setting)
    except (TypeError, ValueError):
        return [primary]
    return [index] if 0 <= index < count else [primary]
