"""Receipts payload rules: the JSON of POST /api/v1/receipts in, a `ReceiptBatch` or errors out.

Pure (standard library only). Two stages:

- `validate_batch` checks the shape. Any bad shape makes the whole batch a 422 (a correct
  client never sends one), with every problem as a `FieldError` like the notices API.
- `accept_events` decides per event which valid events are stored: the notice must exist,
  the client's audiences must be allowed to see it, and the client's time must be plausible.
  Everything else is ignored and counted, never an error (an offline PC may report a notice
  that was deleted meanwhile).
"""

from __future__ import annotations

import json
import unicodedata
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from server_stub.models import FieldError

EVENT_TYPES = ("shown", "opened", "acknowledged")
MAX_EVENTS = 500
MAX_AUDIENCES = 50
#: UTF-8 bytes of the stored JSON list. It and the department (its first name) share one
#: PostgreSQL index entry, which must stay under about 2.7 KB: 2 x 1,200 leaves room.
AUDIENCES_JSON_MAX = 1200
TEXT_MAX = 200
NOTICE_ID_MAX = 100
#: How far a client's clock may be off before its event is ignored (see docs/feed.md).
CLOCK_TOLERANCE = timedelta(days=1)


def audiences_json_size(audiences: list[str]) -> int:
    """Bytes the audiences take as stored (JSON, UTF-8): what the index limit counts."""
    return len(json.dumps(audiences, ensure_ascii=False).encode("utf-8"))
CLIENT_TEXT_FIELDS = ("user", "host", "version", "platform")


@dataclass(frozen=True)
class ClientInfo:
    id: str
    user: str | None
    host: str | None
    version: str | None
    platform: str | None
    audiences: tuple[str, ...]

    @property
    def department(self) -> str:
        """The department a PC is counted under on the reach page: its first audience."""
        return self.audiences[0] if self.audiences else ""

    def anonymised(self) -> ClientInfo:
        return ClientInfo(self.id, None, None, self.version, self.platform, self.audiences)


@dataclass(frozen=True)
class ReceiptEvent:
    event_id: str
    notice_id: str
    type: str
    at: datetime


@dataclass(frozen=True)
class ReceiptBatch:
    client: ClientInfo
    events: tuple[ReceiptEvent, ...]


@dataclass(frozen=True)
class NoticeFacts:
    """What `accept_events` needs to know about a stored notice."""

    audience: tuple[str, ...]
    created_at: datetime


def _bad_text(text: str) -> bool:
    """Control, surrogate, format or unassigned characters: never stored."""
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Cn") for ch in text)


def _uuid(value: object) -> str | None:
    """The canonical lower-case form of a UUID string, or None."""
    if not isinstance(value, str) or len(value) != 36:
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def _text(value: object, field: str, errors: list[FieldError], maximum: int = TEXT_MAX,
          optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        errors.append(FieldError(field, "type", "문자열이어야 합니다."))
        return None
    if len(value) > maximum:
        errors.append(FieldError(field, "too_long", f"{maximum}자 이하여야 합니다."))
        return None
    if _bad_text(value):
        errors.append(FieldError(field, "invalid_chars", "사용할 수 없는 제어 문자가 들어 있습니다."))
        return None
    return value.strip() or None


def _client(value: object, errors: list[FieldError]) -> ClientInfo | None:
    if not isinstance(value, Mapping):
        errors.append(FieldError("client", "type" if value is not None else "required",
                                 "client 객체가 필요합니다."))
        return None
    start = len(errors)
    client_id = _uuid(value.get("id"))
    if client_id is None:
        errors.append(FieldError("client.id", "invalid_uuid", "클라이언트 ID는 UUID여야 합니다."))
    texts = {name: _text(value.get(name), f"client.{name}", errors)
             for name in CLIENT_TEXT_FIELDS}
    raw_audiences = value.get("audiences", [])
    audiences: list[str] = []
    if raw_audiences is None:
        raw_audiences = []
    if not isinstance(raw_audiences, list):
        errors.append(FieldError("client.audiences", "type", "목록(배열)이어야 합니다."))
    elif len(raw_audiences) > MAX_AUDIENCES:
        errors.append(FieldError("client.audiences", "too_long",
                                 f"대상 부서는 {MAX_AUDIENCES}개 이하여야 합니다."))
    else:
        for index, name in enumerate(raw_audiences):
            text = _text(name, f"client.audiences[{index}]", errors, optional=False)
            if text and text not in audiences:
                audiences.append(text)
        if audiences_json_size(audiences) > AUDIENCES_JSON_MAX:
            errors.append(FieldError("client.audiences", "too_long",
                                     f"대상 부서 목록이 너무 깁니다(UTF-8 {AUDIENCES_JSON_MAX}바이트 이하)."))
    unknown = [k for k in value if k not in ("id", "audiences", *CLIENT_TEXT_FIELDS)]
    for key in unknown[:5]:
        errors.append(FieldError(f"client.{str(key)[:40]}", "unknown_field", "알 수 없는 항목입니다."))
    if len(errors) > start:
        return None
    return ClientInfo(client_id, texts["user"], texts["host"], texts["version"],
                      texts["platform"], tuple(audiences))


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str) or not 10 <= len(value) <= 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _event(value: object, index: int, errors: list[FieldError]) -> ReceiptEvent | None:
    where = f"events[{index}]"
    if not isinstance(value, Mapping):
        errors.append(FieldError(where, "type", "이벤트는 객체여야 합니다."))
        return None
    start = len(errors)
    event_id = _uuid(value.get("event_id"))
    if event_id is None:
        errors.append(FieldError(f"{where}.event_id", "invalid_uuid", "event_id는 UUID여야 합니다."))
    notice_id = _text(value.get("notice_id"), f"{where}.notice_id", errors, NOTICE_ID_MAX,
                      optional=False)
    if notice_id is None and len(errors) == start:
        errors.append(FieldError(f"{where}.notice_id", "required", "필수 항목입니다."))
    kind = value.get("type")
    if kind not in EVENT_TYPES:
        errors.append(FieldError(f"{where}.type", "invalid_choice",
                                 "shown, opened, acknowledged 중 하나여야 합니다."))
    at = _moment(value.get("at"))
    if at is None:
        errors.append(FieldError(f"{where}.at", "invalid_datetime",
                                 "시간대가 있는 RFC 3339 일시여야 합니다."))
    if any(k not in ("event_id", "notice_id", "type", "at") for k in value):
        errors.append(FieldError(where, "unknown_field", "알 수 없는 항목이 있습니다."))
    if len(errors) > start:
        return None
    return ReceiptEvent(event_id, notice_id, kind, at)


def validate_batch(data: object) -> ReceiptBatch | list[FieldError]:
    """The batch, or every shape problem (at most a few dozen are listed)."""
    if not isinstance(data, Mapping):
        return [FieldError("body", "invalid_body", "요청 본문은 JSON 객체여야 합니다.")]
    errors: list[FieldError] = []
    for key in data:
        if key not in ("client", "events"):
            errors.append(FieldError(str(key)[:40], "unknown_field", "알 수 없는 항목입니다."))
    client = _client(data.get("client"), errors)
    raw_events = data.get("events")
    events: list[ReceiptEvent] = []
    if not isinstance(raw_events, list):
        errors.append(FieldError("events", "type" if raw_events is not None else "required",
                                 "events 목록(배열)이 필요합니다. 빈 목록은 접속 신호입니다."))
    elif len(raw_events) > MAX_EVENTS:
        errors.append(FieldError("events", "too_long",
                                 f"한 번에 이벤트를 {MAX_EVENTS}개까지 보낼 수 있습니다."))
    else:
        for index, raw in enumerate(raw_events):
            event = _event(raw, index, errors)
            if event is not None:
                events.append(event)
            if len(errors) >= 50:
                break
    if errors:
        return errors[:50]
    return ReceiptBatch(client, tuple(events))


def may_see(client_audiences: Sequence[str], notice_audience: Sequence[str]) -> bool:
    """The feed's rule: [] on the notice = everyone; a client without audiences reads the
    whole feed (like /feed.json without ?audience=); otherwise the lists must share a name."""
    if not notice_audience or not client_audiences:
        return True
    return not set(client_audiences).isdisjoint(notice_audience)


def accept_events(events: Iterable[ReceiptEvent], notices: Mapping[str, NoticeFacts],
                  client_audiences: Sequence[str], now: datetime) -> list[ReceiptEvent]:
    """The events to store; the rest (unknown notice, wrong audience, implausible time,
    repeated event_id in the batch) are ignored."""
    accepted: list[ReceiptEvent] = []
    seen: set[str] = set()
    for event in events:
        facts = notices.get(event.notice_id)
        if facts is None or event.event_id in seen:
            continue
        if not may_see(client_audiences, facts.audience):
            continue
        if event.at > now + CLOCK_TOLERANCE or event.at < facts.created_at - CLOCK_TOLERANCE:
            continue
        seen.add(event.event_id)
        accepted.append(event)
    return accepted
