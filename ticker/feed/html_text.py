"""HTML markup to text with its line breaks: shared by the readers (parse) and sanitize. Pure.

The feed readers turn an HTML body's block tags into breaks while the markup is still
there; sanitize later strips the remaining tags and decodes entities exactly once.
"""

from __future__ import annotations

import re

_BLOCK_BREAK = re.compile(
    r"<\s*(br|/p|p|/div|div|li|/h[1-6]|h[1-6]|/tr|tr|/blockquote|blockquote|hr|/ul|/ol)\b[^>]*>",
    re.IGNORECASE,
)
_PARAGRAPH_END = re.compile(r"<\s*/(p|div|h[1-6]|blockquote|ul|ol|table)\s*>", re.IGNORECASE)
_NEWLINES = (("\r\n", "\n"), ("\r", "\n"), ("\x0b", "\n"), ("\x0c", "\n"), ("\x85", "\n"),
             ("\u2028", "\n"), ("\u2029", "\n\n"))


def unify_newlines(text: str) -> str:
    """CRLF, CR, VT, FF, NEL and the Unicode line/paragraph separators become \\n (str.translate
    with a dict is several times slower on long non-ASCII text)."""
    for old, new in _NEWLINES:
        if old in text:
            text = text.replace(old, new)
    return text


def mark_html_breaks(markup: str) -> str:
    """Prepare an HTML body for sanitize's clean_body: block tags become line/paragraph breaks.

    Source newlines in HTML are only spaces, so they are flattened first. The remaining tags
    and entities are left for sanitize, which strips and decodes them exactly once.
    """
    markup = unify_newlines(markup).replace("\n", " ")
    markup = _PARAGRAPH_END.sub("\n\n", markup)
    return _BLOCK_BREAK.sub("\n", markup)


__all__ = ["mark_html_breaks", "unify_newlines"]
