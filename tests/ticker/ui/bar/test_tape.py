"""Tape: the notices in tape order with their tiles and layout, and the reading position."""

from __future__ import annotations

from tests.ticker.ui.bar.samples import SAMPLE, notice
from ticker.ui.bar.tape import URGENT_REPEAT_EVERY, Tape
from ticker.ui.bar.tiles import TileRenderer
from ticker.ui.fonts import korean_font


def make_tape(items, viewport=300.0, dpr=1.0):
    tape = Tape()
    tape.rebuild(items, TileRenderer(korean_font(16), 32, dpr), viewport)
    return tape


def test_urgent_first_and_repeated_with_one_tile_per_position(qapp):
    normals = [notice(f"n{i}") for i in range(URGENT_REPEAT_EVERY + 2)]
    tape = make_tape([*normals, notice("u", priority="urgent")])
    ids = tape.playlist_ids()
    assert ids[0] == "u" and ids.count("u") == 2 and ids[URGENT_REPEAT_EVERY + 1] == "u"
    assert len(tape.tiles) == len(ids) == len(tape.layout.widths)
    assert tape.ids() == [n.id for n in [*normals, notice("u")]]  # model order, once each
    assert tape.start_of("u") == 0.0 and tape.notice_at(0).id == "u"
    assert tape.notice("missing") is None and tape.start_of("missing") is None


def test_a_short_list_is_padded_to_the_viewport(qapp):
    tape = make_tape(SAMPLE[:1], viewport=3000.0)
    assert tape.layout.period >= 3000.0
    assert not make_tape([])  # an empty tape is false: the bar shows its idle text


def test_the_reading_position_survives_a_rebuild(qapp):
    tape = make_tape(SAMPLE)
    offset = tape.start_of("project") + 12.0
    anchor = tape.anchor(offset)
    assert anchor == ("project", 12.0)
    tape.rebuild([notice("new", "새 공지"), *SAMPLE], TileRenderer(korean_font(16), 32), 300.0)
    assert tape.offset_for(anchor) == tape.start_of("project") + 12.0
    assert tape.offset_for(("gone", 5.0)) == 0.0 and tape.offset_for(None) == 0.0


def test_tiles_sit_on_the_device_grid_at_125_percent(qapp):
    tape = make_tape(SAMPLE, viewport=301.0, dpr=1.25)
    assert all(width % 4 == 0 for width in tape.layout.widths)  # 4 logical px = 5 device px
    assert tape.layout.period % 4 == 0
