"""Reach of a notice and presence of the PCs, for the admin pages.

"Active" PCs are those seen (any receipt or heartbeat) in the last 24 hours; a notice "may be
seen" by a PC when the feed's audience rule lets it (`may_see`). Counts are distinct PCs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from server_stub.models import Notice
from server_stub.receipts_validation import EVENT_TYPES, may_see
from server_stub.repository.reach import AudienceGroup, ClientRow, ReachRepository
from server_stub.zone import HOME_ZONE_NAME

ACTIVE_WINDOW = timedelta(hours=24)
ONLINE_WINDOW = timedelta(minutes=10)
STALE_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class ListReach:
    """The notice list's one-line summary for one notice."""

    shown: int
    opened: int
    acknowledged: int
    eligible: int  # active PCs that may see the notice


@dataclass(frozen=True)
class DepartmentReach:
    department: str
    eligible: int
    counts: dict[str, int]


def percent(count: int, eligible: int) -> int | None:
    """Reporting PCs as a share of the active PCs that may see the notice, at most 100 %
    (a PC that reported and was then switched off for a day still counts as reached)."""
    if not eligible:
        return None
    return min(100, round(100 * count / eligible))


@dataclass(frozen=True)
class NoticeReach:
    notice: Notice
    counts: dict[str, int]  # distinct PCs that reported, by event type
    eligible: int  # active PCs that may see the notice
    departments: list[DepartmentReach]
    pending: list[ClientRow] = field(default_factory=list)  # ack_required: not yet 확인
    pending_total: int = 0

    def percent(self, kind: str) -> int | None:
        return percent(self.counts.get(kind, 0), self.eligible)


@dataclass(frozen=True)
class Fleet:
    online: int
    today: int
    active: int
    total: int
    versions: list[tuple[str, int]]
    platforms: list[tuple[str, int]]
    stale: list[ClientRow]
    stale_count: int


def _eligible(groups: Iterable[AudienceGroup], notice: Notice) -> int:
    return sum(g.count for g in groups if may_see(g.audiences, notice.audience))


class ReachService:
    def __init__(self, repository: ReachRepository, clock: Callable[[], datetime],
                 timezone: str = HOME_ZONE_NAME) -> None:
        self._repo = repository
        self._clock = clock
        self._zone = ZoneInfo(timezone)

    def for_list(self, notices: list[Notice]) -> dict[str, ListReach]:
        """Two grouped queries for a whole page of notices."""
        if not notices:
            return {}
        counts = self._repo.counts(n.id for n in notices)
        groups = self._repo.audience_groups(self._clock() - ACTIVE_WINDOW)
        out = {}
        for notice in notices:
            c = counts.get(notice.id, {})
            out[notice.id] = ListReach(c.get("shown", 0), c.get("opened", 0),
                                       c.get("acknowledged", 0), _eligible(groups, notice))
        return out

    def for_notice(self, notice: Notice, pending_limit: int | None = 500) -> NoticeReach:
        since = self._clock() - ACTIVE_WINDOW
        groups = [g for g in self._repo.audience_groups(since)
                  if may_see(g.audiences, notice.audience)]
        by_department = self._repo.department_counts(notice.id)
        eligible_by_department: dict[str, int] = {}
        for group in groups:
            eligible_by_department[group.department] = (
                eligible_by_department.get(group.department, 0) + group.count)
        names = sorted(set(eligible_by_department) | {d for d, _ in by_department})
        departments = [
            DepartmentReach(name, eligible_by_department.get(name, 0),
                            {k: by_department.get((name, k), 0) for k in EVENT_TYPES})
            for name in names
        ]
        pending, pending_total = [], 0
        if notice.ack_required:
            pending = self._repo.not_acknowledged(notice.id, notice.audience, since,
                                                  pending_limit)
            pending_total = self._repo.count_not_acknowledged(notice.id, notice.audience, since)
        counts = {k: sum(d.counts[k] for d in departments) for k in EVENT_TYPES}
        return NoticeReach(notice, counts,
                           sum(g.count for g in groups), departments, pending, pending_total)

    def fleet(self) -> Fleet:
        now = self._clock()
        midnight = now.astimezone(self._zone).replace(hour=0, minute=0, second=0,
                                                      microsecond=0)
        week = now - STALE_AFTER
        return Fleet(
            online=self._repo.count_seen_since(now - ONLINE_WINDOW),
            today=self._repo.count_seen_since(midnight),
            active=self._repo.count_seen_since(now - ACTIVE_WINDOW),
            total=self._repo.count_all(),
            versions=self._repo.breakdown("version", week),
            platforms=self._repo.breakdown("platform", week),
            stale=self._repo.not_seen_since(week),
            stale_count=self._repo.count_all() - self._repo.count_seen_since(week),
        )

    def all_clients(self) -> list[ClientRow]:
        return self._repo.all_clients()
