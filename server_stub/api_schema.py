"""Hand-written OpenAPI schemas for the publishing API (the service does the validating)."""

from __future__ import annotations

from server_stub.models import CATEGORIES, FREQUENCIES, PRIORITIES, STATUSES, VISIBILITIES, WEEKDAYS
from server_stub.validation import BODY_MAX, LINK_MAX, TITLE_MAX
from server_stub.zone import HOME_ZONE_NAME

_DATETIME = {"type": "string", "format": "date-time",
             "description": "RFC 3339 with an offset, e.g. 2026-11-23T09:00:00+09:00"}

RECURRENCE_SCHEMA = {
    "type": ["object", "null"],
    "description": "Weekdays plus a daily local time window (반복).",
    "properties": {
        "freq": {"type": "string", "enum": list(FREQUENCIES)},
        "weekdays": {"type": "array", "items": {"type": "string", "enum": list(WEEKDAYS)},
                     "uniqueItems": True},
        "start": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
                  "example": "08:30"},
        "end": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
                "example": "09:30"},
        "tz": {"type": "string", "default": HOME_ZONE_NAME},
    },
    "required": ["freq", "start", "end"],
    "additionalProperties": False,
}

_INPUT_PROPERTIES = {
    "title": {"type": "string", "minLength": 1, "maxLength": TITLE_MAX},
    "body": {"type": "string", "maxLength": BODY_MAX, "default": ""},
    "category": {"type": "string", "enum": list(CATEGORIES), "default": "notice"},
    "priority": {"type": "string", "enum": list(PRIORITIES), "default": "normal"},
    "link": {"type": ["string", "null"], "format": "uri", "maxLength": LINK_MAX,
             "description": "http or https only"},
    "starts_at": _DATETIME | {"description": "Default: now. " + _DATETIME["description"]},
    "ends_at": _DATETIME,
    "recurrence": RECURRENCE_SCHEMA,
    "audience": {"type": "array", "items": {"type": "string", "minLength": 1},
                 "description": "Department names; [] = everyone"},
    "visibility": {"type": "string", "enum": list(VISIBILITIES), "default": "internal"},
    "status": {"type": "string", "enum": list(STATUSES), "default": "published"},
    "ack_required": {"type": "boolean", "default": False,
                     "description": "Ask each PC to press 확인 (acknowledge); see /api/v1/receipts"},
}

NOTICE_CREATE_SCHEMA = {
    "type": "object",
    "properties": _INPUT_PROPERTIES,
    "required": ["title", "ends_at"],
    "additionalProperties": False,
    "example": {
        "title": "덕진구 김장 나눔 행사", "body": "구청 광장에서 김장 나눔 행사를 엽니다.",
        "category": "event", "priority": "normal",
        "starts_at": "2026-11-23T09:00:00+09:00", "ends_at": "2026-11-30T18:00:00+09:00",
    },
}
NOTICE_PATCH_SCHEMA = {
    "type": "object",
    "properties": _INPUT_PROPERTIES,
    "additionalProperties": False,
}
NOTICE_SCHEMA = {
    "type": "object",
    "properties": _INPUT_PROPERTIES | {
        "id": {"type": "string"},
        "author": {"type": "string"},
        "created_at": _DATETIME,
        "updated_at": _DATETIME,
    },
    "required": ["id", "title", "body", "category", "priority", "starts_at", "ends_at",
                 "audience", "visibility", "status", "ack_required", "author", "created_at",
                 "updated_at"],
}
NOTICE_LIST_SCHEMA = {
    "type": "object",
    "properties": {
        "items": {"type": "array", "items": NOTICE_SCHEMA},
        "total": {"type": "integer"},
        "limit": {"type": "integer"},
        "offset": {"type": "integer"},
    },
    "required": ["items", "total", "limit", "offset"],
}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string", "description": "Korean, for people"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "code": {"type": "string"},
                               "message": {"type": "string"}},
                "required": ["field", "code", "message"],
            },
        },
    },
    "required": ["code", "message"],
}
