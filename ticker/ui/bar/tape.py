"""The bar's content: notices in tape order (urgent repeated), their tiles and layout.

Rebuilt whenever the visible set, the size or the look changes; the bar keeps the
reading position across rebuilds with ``anchor`` / ``offset_for``.
"""

from __future__ import annotations

from PySide6.QtGui import QPixmap

from ticker.feed.notice import Notice
from ticker.ui import scroll_math as sm
from ticker.ui.bar.tiles import TileRenderer

URGENT_REPEAT_EVERY = 4  # the urgent block comes round again after this many other items


class Tape:
    def __init__(self) -> None:
        self.items: list[Notice] = []  # model order, each notice once
        self.playlist: list[int] = []  # indices into items, in tape order
        self.tiles: list[QPixmap] = []  # one per playlist position
        self.layout = sm.layout_tiles([])

    def __bool__(self) -> bool:
        return bool(self.items)

    def rebuild(self, items: list[Notice], renderer: TileRenderer, viewport_width: float) -> None:
        self.items = list(items)
        renderer.prune(self.items)
        self.playlist = sm.build_playlist([n.is_urgent for n in self.items], URGENT_REPEAT_EVERY)
        self.tiles = [renderer.tile(self.items[i]) for i in self.playlist]
        widths = [renderer.logical_width(tile) for tile in self.tiles]
        # Padding the period to the viewport: a short list leaves before it comes back.
        # ... and kept on the device grid, so the glide strip's loop stays on whole pixels.
        self.layout = sm.layout_tiles(widths, 0.0,
                                      min_period=sm.snap_up(viewport_width, renderer.grid))

    # -- lookups -------------------------------------------------------------------------

    def ids(self) -> list[str]:
        return [n.id for n in self.items]

    def playlist_ids(self) -> list[str]:
        return [self.items[i].id for i in self.playlist]

    def notice(self, notice_id: str | None) -> Notice | None:
        return next((n for n in self.items if n.id == notice_id), None)

    def notice_at(self, position: int) -> Notice:
        """The notice at a playlist position."""
        return self.items[self.playlist[position]]

    def first_position(self, notice_id: str) -> int | None:
        for position, index in enumerate(self.playlist):
            if self.items[index].id == notice_id:
                return position
        return None

    def start_of(self, notice_id: str) -> float | None:
        position = self.first_position(notice_id)
        return None if position is None else self.layout.starts[position]

    def tile_width(self, position: int) -> float:
        return self.layout.widths[position]

    # -- keeping the reading position --------------------------------------------------

    def anchor(self, offset: float) -> tuple[str, float] | None:
        """(id of the notice at the left edge, how far into it) for ``offset``."""
        position = sm.current_index(self.layout, offset)
        if position is None or position >= len(self.playlist):
            return None
        into = sm.wrap(offset, self.layout.period) - self.layout.starts[position]
        return self.notice_at(position).id, max(0.0, into)

    def offset_for(self, anchor: tuple[str, float] | None) -> float:
        """Offset that shows the anchored notice where it was, or 0 if it is gone."""
        if anchor is None:
            return 0.0
        start = self.start_of(anchor[0])
        return 0.0 if start is None else start + anchor[1]
