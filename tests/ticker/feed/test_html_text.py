"""html_text: HTML block tags become line breaks before sanitize strips the rest."""

from __future__ import annotations

from ticker.feed.html_text import mark_html_breaks, unify_newlines
from ticker.feed.sanitize import clean_body


def test_mark_html_breaks_keeps_paragraphs():
    html = "<p>첫째\n줄</p><p>둘째<br/>셋째</p><ul><li>하나</li><li>둘</li></ul>"
    assert clean_body(mark_html_breaks(html)) == "첫째 줄\n\n둘째\n셋째\n\n하나\n둘"


def test_mark_html_breaks_leaves_inline_tags_and_entities_for_sanitize():
    assert mark_html_breaks("<b>굵게</b> &amp; 끝") == "<b>굵게</b> &amp; 끝"


def test_unify_newlines():
    assert unify_newlines("a\r\nb\rc\x0bd\x0ce\x85f\u2028g\u2029h") == "a\nb\nc\nd\ne\nf\ng\n\nh"
