"""ticker.ui.labels: category and urgent labels, Korean source with English from the .qm."""

from __future__ import annotations

import pytest

from tests.ticker.english import english_installed
from ticker.ui.labels import category_label, urgent_label

KOREAN = {"event": "행사", "project": "신규사업", "issue": "주요현안", "notice": "일반"}
ENGLISH = {"event": "Event", "project": "New project", "issue": "Major issue", "notice": "Notice"}


@pytest.mark.parametrize("category", sorted(KOREAN))
def test_korean_by_default(qapp, category):
    assert category_label(category) == KOREAN[category]


def test_english_with_the_translator_installed(qapp):
    with english_installed(qapp):
        assert {c: category_label(c) for c in KOREAN} == ENGLISH
        assert urgent_label() == "Urgent"
        assert category_label("weather") == "Notice"
    assert urgent_label() == "긴급"  # back to Korean once the translator is removed


def test_unknown_categories_read_as_a_plain_notice(qapp):
    assert category_label("weather") == category_label("") == "일반"


def test_the_bar_shows_the_words_a_feed_writes(qapp):
    from ticker.feed.notice import CATEGORIES, CATEGORY_LABELS_KO

    assert {c: category_label(c) for c in CATEGORIES} == CATEGORY_LABELS_KO
