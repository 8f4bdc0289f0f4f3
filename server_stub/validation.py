"""Notice validation: a JSON-like dict in, a `NoticeInput` or every field error out.

Pure (standard library only). Each error names the field, a machine code and a Korean message,
so the API's 422 body and the admin form can show all problems at once.

Codes: required, type, too_short, too_long, invalid_chars, invalid_choice, invalid_url,
invalid_datetime, naive_datetime, out_of_range, ends_before_start, invalid_time,
end_before_start_time, invalid_timezone, duplicate, unknown_field, read_only, invalid_body.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from server_stub.models import (
    CATEGORIES,
    FREQUENCIES,
    INPUT_FIELDS,
    PRIORITIES,
    SERVER_FIELDS,
    STATUSES,
    VISIBILITIES,
    WEEKDAYS,
    FieldError,
    NoticeInput,
    Recurrence,
)
from server_stub.zone import HOME_ZONE_NAME

TITLE_MAX = 200
BODY_MAX = 5000
LINK_MAX = 2000
AUDIENCE_MAX_ITEMS = 50
AUDIENCE_NAME_MAX = 100
YEAR_MIN, YEAR_MAX = 2000, 2100
DEFAULTS = {
    "body": "",
    "category": "notice",
    "priority": "normal",
    "link": None,
    "recurrence": None,
    "audience": [],
    "visibility": "internal",
    "status": "published",
    "ack_required": False,
}
_HHMM = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")  # use fullmatch: "08:30\n" must fail
#: RFC 3339 shape (seconds optional; a missing offset is reported as naive_datetime).
#: fromisoformat alone would also take ISO 8601 forms such as week dates ("2030-W01-1").
_RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[Tt ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})?)?"
)
#: Bidirectional embedding/override/isolate controls: they reorder what people read.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_RECURRENCE_KEYS = ("freq", "weekdays", "start", "end", "tz")
_MSG = {
    "required": "필수 항목입니다.",
    "type_str": "문자열이어야 합니다.",
    "type_list": "목록(배열)이어야 합니다.",
    "type_obj": "객체이거나 null이어야 합니다.",
    "invalid_chars": "사용할 수 없는 제어 문자가 들어 있습니다.",
}


def _safe(key: object) -> str:
    """A field name that can always be encoded in a JSON response (no lone surrogates)."""
    return str(key).encode("utf-8", "replace").decode("utf-8")[:100]


class _Collector:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, code: str, message: str) -> None:
        self.errors.append(FieldError(field, code, message))


def _has_control(text: str, allow_newlines: bool) -> bool:
    allowed = {"\n", "\t"} if allow_newlines else set()
    return any(
        (unicodedata.category(ch) in ("Cc", "Cs") or ch in _BIDI_CONTROLS) and ch not in allowed
        for ch in text
    )


def _invisible(text: str) -> bool:
    """True when nothing would show: only spaces and format characters (e.g. U+200B)."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)


def _choice(data: Mapping, name: str, choices: tuple[str, ...], out: _Collector, label: str):
    value = data.get(name, DEFAULTS.get(name))
    if value is None:
        out.add(name, "required", _MSG["required"])
    elif not isinstance(value, str) or value not in choices:
        out.add(name, "invalid_choice", f"{label}은(는) {', '.join(choices)} 중 하나여야 합니다.")
    else:
        return value
    return None


def _title(data: Mapping, out: _Collector) -> str | None:
    value = data.get("title")
    if value is None:
        out.add("title", "required", "제목은 필수 항목입니다.")
        return None
    if not isinstance(value, str):
        out.add("title", "type", "제목은 " + _MSG["type_str"])
        return None
    value = value.strip()
    if _invisible(value):
        out.add("title", "too_short", "제목을 1자 이상 입력하세요.")
    elif len(value) > TITLE_MAX:
        out.add("title", "too_long", f"제목은 {TITLE_MAX}자 이하여야 합니다. (현재 {len(value)}자)")
    elif _has_control(value, allow_newlines=False):
        out.add("title", "invalid_chars", "제목에 줄바꿈이나 " + _MSG["invalid_chars"])
    else:
        return value
    return None


def _body(data: Mapping, out: _Collector) -> str | None:
    value = data.get("body", DEFAULTS["body"])
    if value is None:
        value = ""
    if not isinstance(value, str):
        out.add("body", "type", "본문은 " + _MSG["type_str"])
        return None
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(value) > BODY_MAX:
        out.add("body", "too_long", f"본문은 {BODY_MAX:,}자 이하여야 합니다. (현재 {len(value):,}자)")
    elif _has_control(value, allow_newlines=True):
        out.add("body", "invalid_chars", "본문에 " + _MSG["invalid_chars"])
    else:
        return value
    return None


def _link(data: Mapping, out: _Collector) -> tuple[bool, str | None]:
    value = data.get("link")
    if value is None or value == "":
        return True, None
    if not isinstance(value, str):
        out.add("link", "type", "링크는 " + _MSG["type_str"])
        return False, None
    value = value.strip()
    if len(value) > LINK_MAX:
        out.add("link", "too_long", f"링크는 {LINK_MAX}자 이하여야 합니다.")
        return False, None
    try:
        parts = urlsplit(value)
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises ValueError for a port outside 0-65535
    except ValueError:
        ok = False
    if not ok or any(ch.isspace() for ch in value) or _has_control(value, False):
        out.add("link", "invalid_url", "링크는 http:// 또는 https:// 로 시작하는 올바른 주소여야 합니다.")
        return False, None
    return True, value


def _datetime(data: Mapping, name: str, label: str, out: _Collector) -> datetime | None:
    value = data.get(name)
    if value is None:
        out.add(name, "required", f"{label}은(는) 필수 항목입니다.")
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            if not _RFC3339.fullmatch(value.strip()):
                raise ValueError(value)
            parsed = datetime.fromisoformat(value.strip().upper())
        except ValueError:
            out.add(name, "invalid_datetime",
                    f"{label}은(는) RFC 3339 형식이어야 합니다. 예: 2026-11-23T09:00:00+09:00")
            return None
    else:
        out.add(name, "type", f"{label}은(는) 문자열(RFC 3339 날짜·시간)이어야 합니다.")
        return None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        out.add(name, "naive_datetime", f"{label}에 시간대(예: +09:00)를 포함해야 합니다.")
        return None
    if not YEAR_MIN <= parsed.year <= YEAR_MAX:
        out.add(name, "out_of_range", f"{label}은(는) {YEAR_MIN}년부터 {YEAR_MAX}년 사이여야 합니다.")
        return None
    return parsed


def _zone(name: str) -> tzinfo | None:
    if not name or len(name) > 64 or "\x00" in name or name.startswith(("/", ".")):
        return None
    try:
        return ZoneInfo(name)
    except Exception:  # noqa: BLE001 - ZoneInfo raises several unrelated types for bad keys
        return None


def _recurrence(data: Mapping, out: _Collector) -> tuple[bool, Recurrence | None]:
    value = data.get("recurrence")
    if value is None:
        return True, None
    if not isinstance(value, Mapping):
        out.add("recurrence", "type", "반복 설정은 " + _MSG["type_obj"])
        return False, None
    before = len(out.errors)
    for key in value:
        if key not in _RECURRENCE_KEYS:
            out.add(f"recurrence.{_safe(key)}", "unknown_field", "알 수 없는 반복 설정 항목입니다.")
    freq = value.get("freq")
    if freq not in FREQUENCIES:
        out.add("recurrence.freq", "invalid_choice", "반복 주기는 daily(매일) 또는 weekly(매주)여야 합니다.")
    weekdays = value.get("weekdays", [])
    if not isinstance(weekdays, list) or not all(isinstance(d, str) for d in weekdays):
        out.add("recurrence.weekdays", "type", "요일은 문자열 목록이어야 합니다. 예: [\"mon\"]")
        weekdays = []
    else:
        weekdays = [d.strip().lower() for d in weekdays]
        bad = [d for d in weekdays if d not in WEEKDAYS]
        if bad:
            out.add("recurrence.weekdays", "invalid_choice",
                    f"요일은 {' '.join(WEEKDAYS)} 중에서 골라야 합니다.")
        elif len(set(weekdays)) != len(weekdays):
            out.add("recurrence.weekdays", "duplicate", "같은 요일이 두 번 들어 있습니다.")
        elif freq == "weekly" and not weekdays:
            out.add("recurrence.weekdays", "required", "매주 반복에는 요일을 하나 이상 골라야 합니다.")
        elif freq == "daily" and weekdays:
            out.add("recurrence.weekdays", "invalid_choice", "매일 반복에는 요일을 지정하지 않습니다.")
    times = {}
    for key, label in (("start", "시작 시각"), ("end", "종료 시각")):
        text = value.get(key)
        if not isinstance(text, str) or not _HHMM.fullmatch(text):
            code = "required" if text is None else "invalid_time"
            out.add(f"recurrence.{key}", code, f"{label}은(는) HH:MM (24시간) 형식이어야 합니다. 예: 08:30")
        else:
            times[key] = text
    if len(times) == 2 and times["end"] <= times["start"]:
        out.add("recurrence.end", "end_before_start_time", "종료 시각은 시작 시각보다 늦어야 합니다.")
    tz = value.get("tz", HOME_ZONE_NAME)
    if tz is None:
        tz = HOME_ZONE_NAME
    if not isinstance(tz, str) or _zone(tz) is None:
        out.add("recurrence.tz", "invalid_timezone", "시간대는 IANA 이름이어야 합니다. 예: Asia/Seoul")
    if len(out.errors) > before:
        return False, None
    order = {d: i for i, d in enumerate(WEEKDAYS)}
    days = tuple(sorted(weekdays, key=order.__getitem__))
    return True, Recurrence(freq, days, times["start"], times["end"], tz)


def _audience(data: Mapping, out: _Collector) -> tuple[str, ...] | None:
    value = data.get("audience", DEFAULTS["audience"])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        out.add("audience", "type", "대상 부서는 부서 이름(문자열) " + _MSG["type_list"])
        return None
    names: list[str] = []
    for raw in value:
        name = raw.strip()
        if _invisible(name):
            out.add("audience", "too_short", "빈 부서 이름은 쓸 수 없습니다.")
            return None
        if len(name) > AUDIENCE_NAME_MAX:
            out.add("audience", "too_long", f"부서 이름은 {AUDIENCE_NAME_MAX}자 이하여야 합니다.")
            return None
        if "," in name or _has_control(name, False):
            out.add("audience", "invalid_chars", "부서 이름에 쉼표(,)나 제어 문자를 쓸 수 없습니다.")
            return None
        if name not in names:
            names.append(name)
    if len(names) > AUDIENCE_MAX_ITEMS:
        out.add("audience", "too_long", f"대상 부서는 {AUDIENCE_MAX_ITEMS}개 이하여야 합니다.")
        return None
    return tuple(names)


def validate_notice(
    data: object,
    *,
    now: datetime | None = None,
    base: Mapping | None = None,
) -> NoticeInput | list[FieldError]:
    """Validate a create (``base=None``) or a partial update merged over ``base``.

    ``base`` is the stored notice as a dict (``Notice.as_dict()``); fields missing from
    ``data`` keep their stored values. ``now`` fills a missing ``starts_at`` on create.
    Returns the `NoticeInput`, or the list of every `FieldError` found.
    """
    out = _Collector()
    if not isinstance(data, Mapping):
        return [FieldError("body", "invalid_body", "요청 본문은 JSON 객체여야 합니다.")]
    for key in data:
        if key in SERVER_FIELDS:
            out.add(_safe(key), "read_only", "서버가 정하는 항목이라 바꿀 수 없습니다.")
        elif key not in INPUT_FIELDS:
            out.add(_safe(key), "unknown_field", "알 수 없는 항목입니다.")
    merged = dict(base or {})
    merged.update({k: v for k, v in data.items() if k in INPUT_FIELDS})
    if base is None and merged.get("starts_at") is None and now is not None:
        merged["starts_at"] = now
    title = _title(merged, out)
    body = _body(merged, out)
    category = _choice(merged, "category", CATEGORIES, out, "분류")
    priority = _choice(merged, "priority", PRIORITIES, out, "중요도")
    visibility = _choice(merged, "visibility", VISIBILITIES, out, "공개 범위")
    status = _choice(merged, "status", STATUSES, out, "상태")
    link_ok, link = _link(merged, out)
    starts_at = _datetime(merged, "starts_at", "시작 일시", out)
    ends_at = _datetime(merged, "ends_at", "종료 일시", out)
    if starts_at and ends_at and ends_at - starts_at <= timedelta(0):
        out.add("ends_at", "ends_before_start", "종료 일시는 시작 일시보다 늦어야 합니다.")
    rec_ok, recurrence = _recurrence(merged, out)
    audience = _audience(merged, out)
    ack_required = merged.get("ack_required", DEFAULTS["ack_required"])
    if not isinstance(ack_required, bool):
        out.add("ack_required", "type", "확인 요청은 true 또는 false여야 합니다.")
    if out.errors:
        return out.errors
    assert link_ok and rec_ok and audience is not None  # guaranteed when no errors
    return NoticeInput(
        title=title,
        body=body,
        category=category,
        priority=priority,
        link=link,
        starts_at=starts_at,
        ends_at=ends_at,
        recurrence=recurrence,
        audience=audience,
        visibility=visibility,
        status=status,
        ack_required=ack_required,
    )
