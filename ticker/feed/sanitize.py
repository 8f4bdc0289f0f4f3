"""Turn parsed notices into safe, plain, bounded text. Pure: no Qt, no I/O.

Policy (what we chose, and why):

- Plain text only. Markup in titles and bodies is *stripped*: real tags (``<b>``, ``<a ...>``),
  comments, CDATA markers and processing instructions are removed, and the contents of
  ``<script>``/``<style>`` elements are dropped entirely. After stripping, HTML entities are
  decoded exactly once, so ``&lt;b&gt;`` reaches the screen as the literal text ``<b>``.
  The view renders with ``Qt.PlainText``, where such literal text is harmless; it is never fed
  to a rich-text renderer. (Consequence: sanitize is not idempotent for entity-encoded markup —
  the poller sanitises each parse exactly once.)
- Control characters are removed: C0/C1 (except tab and newline, which become whitespace),
  DEL, lone surrogates, noncharacters and every Unicode *format* character (category Cf), which
  covers bidi embeddings/overrides/isolates U+202A–U+202E and U+2066–U+2069, LRM/RLM, zero-width
  space/joiners, word joiner and BOM. They could reorder or hide text on a shared screen.
- Text is NFC-normalised. Titles become one line; bodies keep line and paragraph breaks (at most
  one blank line in a row). Runs of spaces collapse to one.
- Lengths are capped (title 200, body 5,000 characters, with "…" marking the cut; id 200;
  audience 50 entries of at most 50 characters). Before any processing, text is cut to 20x its
  cap, which bounds the work for a hostile multi-megabyte field.
- Links survive only as absolute http/https URLs with a host, no credentials, no whitespace or
  control characters and at most 2,048 characters; anything else (javascript:, data:, file:,
  relative, ...) becomes ``None``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable

from ticker.feed.html_text import unify_newlines
from ticker.feed.notice import CATEGORIES, PRIORITIES, Notice
from ticker.feed.zone import HOME_ZONE

TITLE_MAX = 200
BODY_MAX = 5_000
ID_MAX = 200
AUDIENCE_ENTRY_MAX = 50
AUDIENCE_MAX = 50
URL_MAX = 2_048
ELLIPSIS = "…"
# Text is cut to this many times its cap before markup stripping, so a multi-megabyte title
# costs no more than a long one. Markup rarely outweighs text 20 to 1.
PRE_TRIM_FACTOR = 20

_DROP_ELEMENTS = re.compile(
    r"<(script|style|head|title|template|noscript)\b[^>]*>.*?(</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL
)
_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.DOTALL)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)(\]\]>|\Z)", re.DOTALL)
_DECLARATION = re.compile(r"<[!?][^>]*>?")
# A tag starts with a letter (or "/" + letter), so "a < b" or "1<2" in plain text survive.
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_HSPACE = re.compile(r"[^\S\n]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def _is_unwanted(ch: str) -> bool:
    """The definition: C0/C1 controls (but tab/newline), format chars, surrogates, noncharacters."""
    if ch in "\n\t":
        return False
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs"):
        return True
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


# The same set as one regex class, precomputed from _is_unwanted for Unicode 15.0 (Python 3.12);
# a unit test re-derives it from unicodedata so it cannot drift. A per-character Python loop
# was ~10x slower on 5,000-character bodies.
_UNWANTED = re.compile(
    "["
    "\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f"
    "\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ud800-\udfff\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe-\uffff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
    + "".join(f"\\U{plane:04x}fffe-\\U{plane:04x}ffff" for plane in range(0x1, 0x11))
    + "]"
)


def remove_control_chars(text: str) -> str:
    """Drop control, format (incl. bidi and zero-width) and surrogate characters; keep \\n and \\t."""
    if text.isascii() and text.isprintable():
        return text
    return _UNWANTED.sub("", text)


def strip_markup(text: str) -> str:
    """Remove tags, comments and script/style contents, then decode entities exactly once."""
    if "<" in text:
        text = _DROP_ELEMENTS.sub(" ", text)
        text = _COMMENT.sub(" ", text)
        text = _CDATA.sub(r"\1", text)
        text = _DECLARATION.sub(" ", text)
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def _cap(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def clean_line(text: str, limit: int, *, markup: bool = True) -> str:
    """One line of plain text: markup stripped, controls removed, spaces collapsed, capped.

    markup=False keeps "<" and "&" as they are (for identifiers and URLs, not display text).
    """
    text = text[: limit * PRE_TRIM_FACTOR]
    text = " ".join((strip_markup(text) if markup else text).split())  # \r, \v, NBSP... → space
    text = unicodedata.normalize("NFC", remove_control_chars(text))
    return _cap(" ".join(text.split()), limit)


def clean_body(text: str, limit: int = BODY_MAX) -> str:
    """Multi-line plain text: like clean_line, but line breaks and paragraph breaks are kept."""
    text = unify_newlines(strip_markup(text[: limit * PRE_TRIM_FACTOR]))
    text = remove_control_chars(text)
    text = unicodedata.normalize("NFC", text)
    lines = [_HSPACE.sub(" ", line).strip() for line in text.split("\n")]
    text = _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()
    return _cap(text, limit)


def safe_link(url: object) -> str | None:
    """Return url if it is an absolute http(s) URL without credentials, else None."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or len(url) > URL_MAX:
        return None
    if any(ch.isspace() or _is_unwanted(ch) for ch in url) or "\\" in url:
        return None
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port  # raises ValueError for a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    if not parts.hostname or "@" in parts.netloc or parts.username or parts.password:
        return None
    if port == 0:
        return None
    return parts._replace(scheme=parts.scheme.lower()).geturl()


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or not isinstance(value, dt.datetime):
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=HOME_ZONE)  # naive: office time
    return value


def _clean_id(raw: str, title: str, link: str | None) -> str:
    longest = ID_MAX * PRE_TRIM_FACTOR
    ident = clean_line(raw[:longest], longest, markup=False) if isinstance(raw, str) else ""
    if not ident:
        ident = "t-" + hashlib.sha256(f"{title}\n{link or ''}".encode()).hexdigest()[:32]
    if len(ident) > ID_MAX:
        # Keep long ids distinct: a prefix plus a digest of the whole id.
        digest = hashlib.sha256(ident.encode()).hexdigest()[:40]
        ident = ident[: ID_MAX - 41] + "~" + digest
    return ident


def _clean_audience(audience: Iterable[object]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for entry in audience if isinstance(audience, (tuple, list)) else ():
        if not isinstance(entry, str):
            continue
        name = clean_line(entry, AUDIENCE_ENTRY_MAX)
        if name and name not in seen:
            seen[name] = None
            if len(seen) >= AUDIENCE_MAX:
                break
    return tuple(seen)


def sanitize(notice: Notice) -> Notice | None:
    """Return a safe copy of notice, or None if nothing displayable is left (e.g. empty title)."""
    title = clean_line(notice.title, TITLE_MAX) if isinstance(notice.title, str) else ""
    if not title:
        return None
    body = clean_body(notice.body) if isinstance(notice.body, str) else ""
    link = safe_link(notice.link)
    source = clean_line(notice.source, URL_MAX, markup=False) if isinstance(notice.source, str) else ""
    return dataclasses.replace(
        notice,
        id=_clean_id(notice.id, title, link),
        title=title,
        body=body,
        category=notice.category if notice.category in CATEGORIES else "notice",
        priority=notice.priority if notice.priority in PRIORITIES else "normal",
        link=link,
        starts_at=_aware(notice.starts_at),
        ends_at=_aware(notice.ends_at),
        published=_aware(notice.published),
        audience=_clean_audience(notice.audience),
        source=source,
        ack_required=notice.ack_required is True,
        acknowledged=False,  # a feed never decides that this PC has acknowledged
        source_id=_clean_source_id(notice.source_id),
    )


def _clean_source_id(raw: object) -> str:
    """The feed's own id, kept as written for the server (read receipts); never shown."""
    if not isinstance(raw, str):
        return ""
    return clean_line(raw[:ID_MAX], ID_MAX, markup=False)


def sanitize_all(notices: Iterable[Notice]) -> list[Notice]:
    """Sanitise every notice, drop empty ones, and keep only the first notice of each id."""
    result: list[Notice] = []
    seen: set[str] = set()
    for notice in notices:
        clean = sanitize(notice)
        if clean is not None and clean.id not in seen:
            seen.add(clean.id)
            result.append(clean)
    return result
