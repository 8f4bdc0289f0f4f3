"""When is a notice on screen, in which order, and when does that next change? Pure: no Qt.

Everything runs on the PC's own clock (the caller passes ``now``), so it works offline.
A naive ``now`` is read as the PC's local time. Visibility at instant t (docs/architecture.md):
``starts_at <= t < ends_at`` (a missing bound is open), and for a recurrence, the local weekday
in the recurrence's zone matches (weekly) and ``start <= local time < end``.

Order: urgent, high, normal; then by start, with notices that have no start (they are "always
on") first; then title, then id, so the order is total and stable between refreshes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from zoneinfo import ZoneInfo

from ticker.feed.notice import PRIORITIES, Notice, Recurrence
from ticker.feed.zone import HOME_ZONE

_PRIORITY_RANK = {name: rank for rank, name in enumerate(reversed(PRIORITIES))}  # urgent = 0
_EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)
# Recurrence windows are searched this far ahead; a weekly window recurs within 7 days.
_SEARCH_DAYS = 8


def _aware(now: dt.datetime) -> dt.datetime:
    return now.astimezone() if now.tzinfo is None else now


@functools.lru_cache(maxsize=64)
def _zone(key: str) -> ZoneInfo | dt.tzinfo:
    try:
        return ZoneInfo(key)
    except Exception:  # parse validates zones; a hand-built Notice falls back to the home zone
        return HOME_ZONE


def in_recurrence(recurrence: Recurrence, now: dt.datetime) -> bool:
    """True if now falls inside one of the recurrence's local-time windows."""
    local = _aware(now).astimezone(_zone(recurrence.tz))
    if recurrence.freq == "weekly" and local.weekday() not in recurrence.weekdays:
        return False
    wall = local.time().replace(tzinfo=None)
    return recurrence.start <= wall < recurrence.end


def _bound(value: dt.datetime) -> dt.datetime:
    # sanitize makes bounds aware; a hand-built naive one is read as office time, not a crash.
    return value if value.tzinfo is not None else value.replace(tzinfo=HOME_ZONE)


def is_visible(notice: Notice, now: dt.datetime) -> bool:
    """True if notice should be on screen at instant now."""
    now = _aware(now)
    if notice.starts_at is not None and now < _bound(notice.starts_at):
        return False
    if notice.ends_at is not None and now >= _bound(notice.ends_at):
        return False
    return notice.recurrence is None or in_recurrence(notice.recurrence, now)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def matches_audience(notice: Notice, audience: Iterable[str]) -> bool:
    """Notices without an audience are for everyone; otherwise one department must match."""
    if not notice.audience:
        return True
    wanted = {_fold(name) for name in audience}
    return any(_fold(name) in wanted for name in notice.audience)


def sort_key(notice: Notice) -> tuple:
    start = _bound(notice.starts_at) if notice.starts_at is not None else _EARLIEST
    return (_PRIORITY_RANK.get(notice.priority, len(PRIORITIES)), start, notice.title, notice.id)


def visible_notices(
    notices: Iterable[Notice],
    now: dt.datetime,
    audience: Iterable[str] = (),
    categories: Collection[str] | None = None,
) -> list[Notice]:
    """The notices on screen at now for this user's departments and chosen categories, in order."""
    audience = tuple(audience)
    shown = [
        notice
        for notice in notices
        if (categories is None or notice.category in categories)
        and matches_audience(notice, audience)
        and is_visible(notice, now)
    ]
    return sorted(shown, key=sort_key)


def _offset_changes(zone: dt.tzinfo, start: dt.datetime, end: dt.datetime) -> Iterator[dt.datetime]:
    """UTC instants in (start, end] at which the zone's UTC offset changes (DST), to the second."""
    step = dt.timedelta(hours=3)
    before = start
    while before < end:
        after = min(before + step, end)
        if before.astimezone(zone).utcoffset() != after.astimezone(zone).utcoffset():
            low, high = before, after  # offset(low) != offset(high); bisect to one second
            while high - low > dt.timedelta(seconds=1):
                mid = low + (high - low) / 2
                mid = mid.replace(microsecond=0)
                if mid <= low:
                    break
                if mid.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset():
                    low = mid
                else:
                    high = mid
            yield high
        before = after


@functools.lru_cache(maxsize=1024)
def _recurrence_edges(recurrence: Recurrence, first_day: dt.date) -> tuple[dt.datetime, ...]:
    """Sorted UTC instants, from local first_day on, at which the recurrence may flip.

    Window starts/ends and local midnights in both readings of an ambiguous or skipped wall
    time, plus the zone's offset changes (a skipped window opens when the clock jumps).
    Cached: many notices share a recurrence, and the model asks again at every change.
    """
    zone = _zone(recurrence.tz)
    edges: set[dt.datetime] = set()
    for offset in range(_SEARCH_DAYS + 2):
        day = first_day + dt.timedelta(days=offset)
        for wall in (dt.time(0, 0), recurrence.start, recurrence.end):
            for fold in (0, 1):
                local = dt.datetime.combine(day, wall, tzinfo=zone).replace(fold=fold)
                edges.add(local.astimezone(dt.UTC))
    begin = dt.datetime.combine(first_day, dt.time(0), tzinfo=zone).astimezone(dt.UTC)
    edges.update(_offset_changes(zone, begin, begin + dt.timedelta(days=_SEARCH_DAYS + 2)))
    return tuple(sorted(edges))


def _next_flip(notice: Notice, now: dt.datetime) -> dt.datetime | None:
    """The first instant after now at which is_visible(notice, ·) differs from its value at now."""
    starts_at = _bound(notice.starts_at) if notice.starts_at is not None else None
    ends_at = _bound(notice.ends_at) if notice.ends_at is not None else None
    if ends_at is not None and ends_at <= now:
        return None  # over for good
    candidates = {edge.astimezone(dt.UTC) for edge in (starts_at, ends_at) if edge is not None}
    if notice.recurrence is not None:
        origin = max(now, starts_at) if starts_at is not None else now
        first_day = origin.astimezone(_zone(notice.recurrence.tz)).date() - dt.timedelta(days=1)
        edges = _recurrence_edges(notice.recurrence, first_day)
        candidates.update(edges[bisect.bisect_right(edges, now) :])
    current = is_visible(notice, now)
    # In UTC: same-zone comparisons of aware datetimes ignore fold, which DST edges need.
    for edge in sorted(edge for edge in candidates if edge > now):
        if is_visible(notice, edge) != current:
            return edge
    return None


def next_change(notices: Iterable[Notice], now: dt.datetime) -> dt.datetime | None:
    """The next instant after now at which the visible set changes, or None if it never does.

    The result is an aware datetime (in UTC); the caller sets one timer for exactly then.
    """
    now = _aware(now)
    flips = [flip for notice in notices if (flip := _next_flip(notice, now)) is not None]
    return min(flips).astimezone(dt.UTC) if flips else None


__all__ = [
    "in_recurrence",
    "is_visible",
    "matches_audience",
    "next_change",
    "sort_key",
    "visible_notices",
]
