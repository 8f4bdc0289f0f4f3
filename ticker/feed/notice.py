"""The one immutable notice type every feed format is parsed into. Pure: no Qt, no I/O."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Literal

from ticker.feed.zone import HOME_ZONE_NAME

Category = Literal["event", "project", "issue", "notice"]
Priority = Literal["normal", "high", "urgent"]

CATEGORIES: tuple[Category, ...] = ("event", "project", "issue", "notice")
PRIORITIES: tuple[Priority, ...] = ("normal", "high", "urgent")

# The Korean words for each category: what the bar shows (ticker/ui/labels.py, tested equal)
# and what an RSS/Atom feed may write as a category.
CATEGORY_LABELS_KO = {"event": "행사", "project": "신규사업", "issue": "주요현안", "notice": "일반"}

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclasses.dataclass(frozen=True, slots=True)
class Recurrence:
    """A repeating daily time window, optionally limited to some weekdays.

    freq "daily": every day; freq "weekly": only on ``weekdays`` (0 = Monday).
    The window [start, end) is local time in ``tz``; end is after start.
    """

    freq: Literal["daily", "weekly"]
    weekdays: frozenset[int]
    start: dt.time
    end: dt.time
    tz: str = HOME_ZONE_NAME


@dataclasses.dataclass(frozen=True, slots=True)
class Notice:
    id: str
    title: str
    body: str = ""
    category: Category = "notice"
    priority: Priority = "normal"
    link: str | None = None
    starts_at: dt.datetime | None = None  # timezone-aware, or None = since ever
    ends_at: dt.datetime | None = None  # timezone-aware, or None = open-ended
    recurrence: Recurrence | None = None
    audience: tuple[str, ...] = ()  # empty = everyone
    published: dt.datetime | None = None
    source: str = ""  # the feed URL it came from
    ack_required: bool = False  # _ticker.ack_required: the publisher asks for 확인
    acknowledged: bool = False  # set by the model once this PC pressed 확인 (never by a feed)
    # The id as the feed wrote it. ``id`` is namespaced by feed ("<feed url>#<id>") unless
    # it is a URL/URN already, so two boards numbering from 1 do not hide each other's
    # notices; the server knows a notice by this one (e.g. for read receipts).
    source_id: str = ""

    @property
    def is_urgent(self) -> bool:
        return self.priority == "urgent"
