"""The notice list: filtering and the text of each row. Pure (no web framework, no SQL)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from server_stub.admin.forms import WEEKDAYS, scheduled_text
from server_stub.models import Notice
from server_stub.zone import HOME_ZONE

TIME_STATES = ("current", "upcoming", "ended")
PAGE_SIZE = 50
MAX_PAGE = 100_000


@dataclass(frozen=True)
class ListFilters:
    q: str = ""
    status: str = ""
    category: str = ""
    audience: str = ""
    time: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> ListFilters:
        def pick(name: str, allowed: Iterable[str] | None = None) -> str:
            value = (params.get(name) or "").strip()[:200]
            return value if allowed is None or value in allowed else ""

        return cls(
            q=pick("q"),
            status=pick("status", ("draft", "published", "archived")),
            category=pick("category", ("event", "project", "issue", "notice")),
            audience=pick("audience"),
            time=pick("time", TIME_STATES),
            page=_page_number(params.get("page")),
        )

    def query_string(self, page: int | None = None) -> str:
        """The filters as a query string (empty ones left out), for paging links."""
        params = {k: v for k, v in asdict(self).items() if k != "page" and v}
        if (page or self.page) > 1:
            params["page"] = str(page or self.page)
        return urlencode(params)

    @property
    def active(self) -> bool:
        return any(v for k, v in asdict(self).items() if k != "page")


def _page_number(raw: str | None) -> int:
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        return 1
    return min(max(1, int(text)), MAX_PAGE)


@dataclass(frozen=True)
class Paging:
    page: int
    pages: int
    total: int
    first: int  # 1-based number of the first row shown (0 when empty)
    last: int

    @classmethod
    def of(cls, page: int, total: int, size: int = PAGE_SIZE) -> Paging:
        pages = max(1, -(-total // size))
        page = min(page, pages)
        first = (page - 1) * size + 1 if total else 0
        return cls(page, pages, total, first, min(total, page * size))


def time_state(notice: Notice, now: datetime) -> str:
    if now < notice.starts_at:
        return "upcoming"
    if notice.ends_at <= now:
        return "ended"
    return "current"


def local_text(moment: datetime, tz: ZoneInfo = HOME_ZONE) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def recurrence_text(notice: Notice, t: Callable[..., str], tz: ZoneInfo = HOME_ZONE) -> str:
    rec = notice.recurrence
    if rec is None:
        return ""
    window = f"{rec.start}–{rec.end}"
    if rec.tz != tz.key:
        window += f" ({rec.tz})"
    if rec.freq == "daily":
        return f"{t('recurrence.daily')} {window}"
    days = "·".join(t(f"weekday.{d}") for d in WEEKDAYS if d in rec.weekdays)
    return f"{days} {window}"


def rows(notices: Iterable[Notice], now: datetime, t: Callable[..., str],
         tz: ZoneInfo = HOME_ZONE, lang: str = "ko") -> list[dict]:
    """The rows of one page (already filtered in SQL), ready for the template.

    Times are shown in ``tz`` (the server's zone); a published notice that starts later
    says when it will appear (``scheduled``).
    """
    out = []
    for notice in notices:
        out.append({
            "id": notice.id,
            "title": notice.title,
            "category": notice.category,
            "priority": notice.priority,
            "status": notice.status,
            "audience": list(notice.audience),
            "author": notice.author,
            "period_start": local_text(notice.starts_at, tz),
            "period_end": local_text(notice.ends_at, tz),
            "time_state": time_state(notice, now),
            "recurrence_text": recurrence_text(notice, t, tz),
            "scheduled": scheduled_text(notice.starts_at, now, tz, lang)
            if notice.status == "published" else None,
        })
    return out
