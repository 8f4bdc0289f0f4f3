"""The bar's Korean font: family preference per platform."""

from __future__ import annotations

from ticker.ui.fonts import family_preference, korean_font


def test_font_preference_per_platform():
    assert family_preference("win32")[0] == "Malgun Gothic"
    assert family_preference("linux")[0] == "Noto Sans CJK KR"
    linux = family_preference("linux")
    for fallback in ("Apple SD Gothic Neo", "NanumGothic", "Noto Sans KR"):
        assert fallback in linux
    assert len(linux) == len(set(linux))


def test_korean_font_uses_families(qapp):
    font = korean_font(18, bold=True, platform="win32")
    assert font.families()[0] == "Malgun Gothic"
    assert font.pixelSize() == 18 and font.bold()
