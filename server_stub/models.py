"""Plain data types shared by the server's pure modules (validation, feeds) and the rest.

Pure: standard library only, so `server_stub.validation` and `server_stub.feeds` stay free of
the web framework and the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from server_stub.zone import HOME_ZONE_NAME

CATEGORIES = ("event", "project", "issue", "notice")
CATEGORY_LABELS_KO = {"event": "행사", "project": "신규사업", "issue": "주요현안", "notice": "일반"}
PRIORITIES = ("normal", "high", "urgent")
VISIBILITIES = ("internal", "public")
STATUSES = ("draft", "published", "archived")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FREQUENCIES = ("daily", "weekly")

#: Fields a client may send; the server sets id, author, created_at and updated_at.
INPUT_FIELDS = (
    "title",
    "body",
    "category",
    "priority",
    "link",
    "starts_at",
    "ends_at",
    "recurrence",
    "audience",
    "visibility",
    "status",
    "ack_required",
)
SERVER_FIELDS = ("id", "author", "created_at", "updated_at")


@dataclass(frozen=True)
class Recurrence:
    """Weekdays plus a daily local time window (see docs/architecture.md)."""

    freq: str
    weekdays: tuple[str, ...]
    start: str
    end: str
    tz: str = HOME_ZONE_NAME

    def as_dict(self) -> dict:
        return {
            "freq": self.freq,
            "weekdays": list(self.weekdays),
            "start": self.start,
            "end": self.end,
            "tz": self.tz,
        }


@dataclass(frozen=True)
class NoticeInput:
    """A validated notice as sent by a client (no server-set fields)."""

    title: str
    body: str
    category: str
    priority: str
    link: str | None
    starts_at: datetime
    ends_at: datetime
    recurrence: Recurrence | None
    audience: tuple[str, ...]
    visibility: str
    status: str
    #: The bar asks each person to press 확인 (acknowledge); existing notices read False.
    ack_required: bool = False

    def as_dict(self) -> dict:
        """JSON-ready values, datetimes as RFC 3339 strings."""
        return {
            "title": self.title,
            "body": self.body,
            "category": self.category,
            "priority": self.priority,
            "link": self.link,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "recurrence": self.recurrence.as_dict() if self.recurrence else None,
            "audience": list(self.audience),
            "visibility": self.visibility,
            "status": self.status,
            "ack_required": self.ack_required,
        }


@dataclass(frozen=True)
class Notice(NoticeInput):
    """A stored notice: the input plus the fields the server sets."""

    id: str = ""
    author: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def as_dict(self) -> dict:
        data = {"id": self.id}
        data.update(super().as_dict())
        data["author"] = self.author
        data["created_at"] = self.created_at.isoformat() if self.created_at else None
        data["updated_at"] = self.updated_at.isoformat() if self.updated_at else None
        return data


@dataclass(frozen=True)
class FieldError:
    """One bad field: a dotted field path, a machine code and a Korean message."""

    field: str
    code: str
    message: str

    def as_dict(self) -> dict:
        return {"field": self.field, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class FeedOptions:
    """What the feed renderer needs besides the notices."""

    title: str = "시정 알림"
    home_page_url: str = "http://127.0.0.1:8080/"
    feed_url: str = "http://127.0.0.1:8080/feed.json"
    timezone: str = HOME_ZONE_NAME
    #: Absolute URL of POST /api/v1/receipts, or None when reporting is off (no `receipts`).
    receipts_url: str | None = None
    #: Whether clients send user and host names (``--receipts identified``).
    receipts_identify: bool = True
