"""Translatable text for pure modules, which may not import Qt.

Korean is the source language. ``mark(context, text)`` returns ``text`` unchanged; it only
tells scripts/make_translations.py to put it in resources/i18n/ticker_en.ts, so the window
that shows it can translate it with ``ticker.i18n.tr(context, text)``. A ``Message`` is such a
text with ``%1``…``%n`` filled in when it is shown (``ticker.i18n.translate`` in the UI
language, ``ticker.i18n.bilingual`` for log lines); ``str()`` gives the Korean.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

Translate = Callable[[str, str], str]  # (context, Korean source text) -> text to show
_PLACEHOLDER = re.compile(r"%(\d+)")


def mark(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context``; returns it as it is (Korean)."""
    return text


def fill(text: str, *args: object) -> str:
    """Put ``args`` into ``%1``…``%n`` (as Qt's QString.arg does), in one pass: a "%2" inside
    an argument (a file name, a typed value) stays literal."""
    values = [str(arg) for arg in args]

    def one(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return values[index] if 0 <= index < len(values) else match.group(0)

    return _PLACEHOLDER.sub(one, text)


def korean(_context: str, text: str) -> str:
    """The source language: no translation."""
    return text


@dataclasses.dataclass(frozen=True, slots=True)
class Message:
    """Korean ``text`` (marked in ``context``) whose %1…%n are ``args``; an argument may be a
    Message itself, translated along with the text around it."""

    context: str
    text: str
    args: tuple[object, ...] = ()

    def render(self, translate: Translate) -> str:
        values = [arg.render(translate) if isinstance(arg, Message) else arg for arg in self.args]
        return fill(translate(self.context, self.text), *values)

    def __str__(self) -> str:
        return self.render(korean)
