"""TileRenderer: one tile per notice, rendered once; devicePixelRatio, urgent style,
labels from the installed translation, literal text."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFontMetricsF

from ticker.feed.notice import Notice
from ticker.ui.bar.tiles import MAX_PIXMAP_SIDE, TileRenderer
from ticker.ui.colors import CATEGORY_COLORS, DEFAULT_PALETTE
from ticker.ui.fonts import korean_font

HOSTILE = "<b>x</b><img src=http://evil.example/a.png>"


def make_renderer(dpr=1.0, size=16):
    return TileRenderer(korean_font(size), height=32, device_pixel_ratio=dpr)


def test_each_notice_is_rendered_once_and_cached(qapp):
    renderer = make_renderer()
    a = Notice(id="a", title="덕진구 김장 나눔 행사", category="event")
    first = renderer.tile(a)
    again = renderer.tile(a)
    assert first.cacheKey() == again.cacheKey()  # the same pixmap: not rendered again
    # A changed title is a different tile.
    changed = renderer.tile(Notice(id="a", title="덕진구 김장 나눔 행사 (장소 변경)", category="event"))
    assert changed.cacheKey() != first.cacheKey()


def test_prune_forgets_notices_that_are_gone(qapp):
    renderer = make_renderer()
    a, b = Notice(id="a", title="가"), Notice(id="b", title="나")
    tile_a = renderer.tile(a)
    tile_b = renderer.tile(b)
    renderer.prune([b])
    assert renderer.tile(b).cacheKey() == tile_b.cacheKey()  # kept
    assert renderer.tile(a).cacheKey() != tile_a.cacheKey()  # forgotten: rendered anew


def test_configure_only_invalidates_on_change(qapp):
    renderer = make_renderer()
    notice = Notice(id="a", title="공지")
    tile = renderer.tile(notice)
    assert not renderer.configure(height=32, device_pixel_ratio=1.0)
    assert renderer.tile(notice).cacheKey() == tile.cacheKey()
    assert renderer.configure(device_pixel_ratio=2.0)
    assert renderer.tile(notice).cacheKey() != tile.cacheKey()


def test_device_pixel_ratio_two_doubles_device_pixels(qapp):
    notice = Notice(id="a", title="신규사업 설명회 안내", category="project")
    one = make_renderer(1.0).tile(notice)
    two = make_renderer(2.0).tile(notice)
    assert two.devicePixelRatio() == 2.0
    assert one.devicePixelRatio() == 1.0
    assert two.height() == 64 and one.height() == 32
    # Same logical size, twice the device pixels (within rounding).
    assert abs(two.width() / 2 - one.width()) <= 1
    assert abs(make_renderer(2.0).logical_width(two) - one.width()) <= 1


def test_long_titles_stay_inside_the_pixmap_limit(qapp):
    notice = Notice(id="long", title="가나다라마바사" * 800)
    for dpr in (1.0, 2.0, 3.0):
        pixmap = make_renderer(dpr, size=40).tile(notice)
        assert 0 < pixmap.width() <= MAX_PIXMAP_SIDE


def _pixel(pixmap, x, y):
    return QColor(
        pixmap.toImage().pixel(
            int(x * pixmap.devicePixelRatio()), int(y * pixmap.devicePixelRatio())
        )
    )


def test_urgent_tile_has_a_distinct_red_style(qapp):
    renderer = make_renderer()
    normal = renderer.tile(Notice(id="n", title="정기 보안 점검", category="notice"))
    urgent = renderer.tile(
        Notice(id="u", title="정기 보안 점검", category="notice", priority="urgent")
    )
    assert urgent.width() > normal.width()  # the extra 긴급 badge
    # Just inside the left edge, middle height: the red tile background vs the bar colour.
    red = _pixel(urgent, 3, 16)
    plain = _pixel(normal, 3, 16)
    assert red.red() > 140 and red.green() < 80 and red.blue() < 80
    assert plain == QColor(DEFAULT_PALETTE.background)


def test_category_badges_use_category_colours(qapp):
    renderer = make_renderer()
    for category, colour in CATEGORY_COLORS.items():
        pixmap = renderer.tile(Notice(id=category, title="공지", category=category))
        # A pixel inside the badge, left of its text.
        assert _pixel(pixmap, 12, 16) == QColor(colour), category


def test_badges_follow_the_installed_language(qapp):
    """The same notice in English is a different (wider) tile: "Urgent"+"New project" vs
    "긴급"+"신규사업"; the renderer reads the labels when it renders."""
    from ticker.i18n import Translations

    urgent = Notice(id="u", title="공지", category="project", priority="urgent")
    korean = make_renderer().tile(urgent)
    translations = Translations(qapp)
    try:
        assert translations.install("en")
        english = make_renderer().tile(urgent)
    finally:
        translations.uninstall()
    assert english.width() > korean.width()
    assert make_renderer().tile(urgent).width() == korean.width()


def test_markup_in_titles_is_drawn_literally(qapp):
    renderer = make_renderer()
    plain = renderer.tile(Notice(id="p", title="x"))
    hostile = renderer.tile(Notice(id="h", title=HOSTILE))
    metrics = QFontMetricsF(korean_font(16))
    # Rich text would render "x" plus an image; literal text is as wide as every character.
    extra = metrics.horizontalAdvance(HOSTILE) - metrics.horizontalAdvance("x")
    assert abs((hostile.width() - plain.width()) - extra) <= 2
