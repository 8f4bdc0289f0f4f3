"""Notice form fields <-> the API's JSON names.

HTML field names are the API names (title, body, category, priority, link, starts_at,
ends_at, recurrence, audience, visibility, status, ack_required: a checkbox sending "1"); the recurrence object's parts use
dotted names (``recurrence.weekdays``, ``recurrence.start``, ``recurrence.end``).
``datetime-local`` values carry no zone: they are read and written in the server's configured
time zone (``ServerConfig.timezone``, `server_stub.zone.HOME_ZONE_NAME` by default), passed in as ``tz``.
This module is pure (no web framework) so the conversion is unit-tested directly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from server_stub.zone import HOME_ZONE, HOME_ZONE_NAME

CATEGORIES = ("event", "project", "issue", "notice")
PRIORITIES = ("normal", "high", "urgent")
VISIBILITIES = ("internal", "public")
STATUSES = ("draft", "published", "archived")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass
class NoticeForm:
    """Exactly what the admin typed, as strings, so an invalid form re-renders unchanged."""

    title: str = ""
    body: str = ""
    category: str = "notice"
    priority: str = "normal"
    link: str = ""
    starts_at: str = ""  # "YYYY-MM-DDTHH:MM", in the server's zone
    ends_at: str = ""
    recurrence: str = "none"
    weekdays: list[str] = field(default_factory=list)
    rec_start: str = ""
    rec_end: str = ""
    rec_tz: str = HOME_ZONE_NAME
    audience: list[str] = field(default_factory=list)
    visibility: str = "internal"
    status: str = "published"
    ack_required: bool = False  # checkbox "확인 요청"


@dataclass(frozen=True)
class FieldError:
    code: str
    message: str


def _get_list(data: Any, name: str) -> list[str]:
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(name)]
    value = data.get(name)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def _get(data: Any, name: str, default: str = "") -> str:
    values = _get_list(data, name)
    return values[-1] if values else default


def form_from_post(data: Mapping[str, Any], tz: ZoneInfo = HOME_ZONE) -> NoticeForm:
    """Read a posted form (Starlette FormData or a plain dict) without judging it."""
    zone = str(tz.key)
    return NoticeForm(
        title=_get(data, "title"),
        body=_get(data, "body").replace("\r\n", "\n"),
        category=_get(data, "category", "notice"),
        priority=_get(data, "priority", "normal"),
        link=_get(data, "link").strip(),
        starts_at=_get(data, "starts_at").strip(),
        ends_at=_get(data, "ends_at").strip(),
        recurrence=_get(data, "recurrence", "none"),
        weekdays=[d for d in _get_list(data, "recurrence.weekdays") if d in WEEKDAYS],
        rec_start=_get(data, "recurrence.start").strip(),
        rec_end=_get(data, "recurrence.end").strip(),
        rec_tz=_get(data, "recurrence.tz", zone).strip() or zone,
        audience=[a for a in _get_list(data, "audience") if a.strip()],
        visibility=_get(data, "visibility", "internal"),
        status=_get(data, "status", "published"),
        ack_required=_get(data, "ack_required") in ("1", "on", "true"),
    )


def parse_local_datetime(value: str, tz: ZoneInfo = HOME_ZONE) -> datetime | None:
    """``2026-11-23T09:00`` (as sent by datetime-local) in ``tz``; None if unreadable."""
    text = value.strip().replace(" ", "T")
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(tz)


def format_local_datetime(value: str | datetime | None, tz: ZoneInfo = HOME_ZONE) -> str:
    """An RFC 3339 string or aware datetime -> the ``datetime-local`` value in ``tz``."""
    if value is None or value == "":
        return ""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(tz).strftime("%Y-%m-%dT%H:%M")


def form_to_payload(form: NoticeForm, tz: ZoneInfo = HOME_ZONE) -> tuple[dict[str, Any], dict[str, FieldError]]:
    """Build the API JSON object. Returns (payload, errors found while converting).

    Only conversion problems are reported here (an unreadable date, a malformed time);
    every rule of the notice model is left to the server's validation so the admin page
    and the API can never disagree.
    """
    errors: dict[str, FieldError] = {}
    payload: dict[str, Any] = {
        "title": form.title,
        "body": form.body,
        "category": form.category,
        "priority": form.priority,
        "link": form.link or None,
        "audience": list(form.audience),
        "visibility": form.visibility,
        "status": form.status,
        "ack_required": bool(form.ack_required),
    }
    for name in ("starts_at", "ends_at"):
        raw = getattr(form, name)
        moment = parse_local_datetime(raw, tz)
        if raw and moment is None:
            errors[name] = FieldError("invalid_datetime", "form.bad_datetime")
        payload[name] = moment.isoformat() if moment else None
    if form.recurrence in ("daily", "weekly"):
        for name, raw in (("recurrence.start", form.rec_start), ("recurrence.end", form.rec_end)):
            if raw and not _TIME.match(raw[:5]):
                errors[name] = FieldError("invalid_time", "form.bad_time")
        payload["recurrence"] = {
            "freq": form.recurrence,
            "weekdays": list(form.weekdays) if form.recurrence == "weekly" else [],
            "start": form.rec_start[:5],
            "end": form.rec_end[:5],
            "tz": form.rec_tz,
        }
    else:
        payload["recurrence"] = None
    return payload, errors


def form_from_notice(notice: Mapping[str, Any], tz: ZoneInfo = HOME_ZONE) -> NoticeForm:
    """Fill the form from a stored notice (API JSON shape) for editing or duplicating."""
    rec = notice.get("recurrence") or None
    return NoticeForm(
        title=notice.get("title") or "",
        body=notice.get("body") or "",
        category=notice.get("category") or "notice",
        priority=notice.get("priority") or "normal",
        link=notice.get("link") or "",
        starts_at=format_local_datetime(notice.get("starts_at"), tz),
        ends_at=format_local_datetime(notice.get("ends_at"), tz),
        recurrence=rec["freq"] if rec else "none",
        weekdays=list(rec.get("weekdays") or []) if rec else [],
        rec_start=rec.get("start", "") if rec else "",
        rec_end=rec.get("end", "") if rec else "",
        rec_tz=rec.get("tz", str(tz.key)) if rec else str(tz.key),
        audience=list(notice.get("audience") or []),
        visibility=notice.get("visibility") or "internal",
        status=notice.get("status") or "draft",
        ack_required=bool(notice.get("ack_required")),
    )


def duplicate_form(form: NoticeForm, copy_prefix: str) -> NoticeForm:
    """A copy to edit: marked in the title and saved as a draft until the admin publishes it."""
    title = form.title if form.title.startswith(copy_prefix) else copy_prefix + form.title
    return replace(form, title=title[:200], status="draft")


def blank_form(now: datetime, tz: ZoneInfo = HOME_ZONE) -> NoticeForm:
    """A new notice that is published now (this minute) and runs for a week.

    "Publish now" means now: an urgent notice saved with the defaults is on the bars within
    seconds. A later start is the admin's explicit choice in the start field.
    """
    local = now.astimezone(tz).replace(second=0, microsecond=0)
    return NoticeForm(
        starts_at=local.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(local + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        rec_tz=str(tz.key),
    )


def scheduled_text(starts_at: datetime, now: datetime, tz: ZoneInfo, lang: str) -> str | None:
    """When a notice saved now will appear, if later: ``12월 7일 09:00에 게시됩니다``."""
    if starts_at <= now:
        return None
    local = starts_at.astimezone(tz)
    year = "" if local.year == now.astimezone(tz).year else (
        f"{local.year}년 " if lang != "en" else f", {local.year}")
    if lang == "en":
        return f"Appears on {local:%b} {local.day}{year} at {local:%H:%M}."
    return f"{year}{local.month}월 {local.day}일 {local:%H:%M}에 게시됩니다"


def error_field(path: str) -> str:
    """Map an error's field path (e.g. ``recurrence.weekdays`` or ``audience[2]``) to a form slot."""
    base = path.split("[", 1)[0]
    if base.startswith("recurrence."):
        return base if base in ("recurrence.weekdays", "recurrence.start", "recurrence.end") else "recurrence"
    return base.split(".", 1)[0]
