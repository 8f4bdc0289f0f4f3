"""POST /api/v1/receipts: what the bars report (shown / opened / acknowledged, heartbeats).

No token (PCs have none): anyone who can reach the server may send one, so receipts are
statistics, not signatures. Answers: 202 ``{"stored", "ignored"}``, 413 over 256 KB,
422 for bad shapes (``{"code", "message", "errors"}`` like the notices API), 429 with
Retry-After when one client id sends too often, 404 when the site turned receipts off.
"""

from __future__ import annotations

import math

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from server_stub.api import ApiError, read_json_body
from server_stub.api_schema import ERROR_SCHEMA
from server_stub.receipts_service import (
    ReceiptRateLimited,
    ReceiptService,
    ReceiptValidationError,
)
from server_stub.receipts_validation import (
    EVENT_TYPES,
    MAX_AUDIENCES,
    MAX_EVENTS,
    NOTICE_ID_MAX,
    TEXT_MAX,
)

_UUID = {"type": "string", "format": "uuid", "minLength": 36, "maxLength": 36}
_TEXT = {"type": ["string", "null"], "maxLength": TEXT_MAX}
RECEIPTS_SCHEMA = {
    "type": "object",
    "properties": {
        "client": {
            "type": "object",
            "properties": {
                "id": _UUID | {"description": "Random UUID4 made on the PC's first start"},
                "user": _TEXT | {"description": "OS login name (left out when identify=false)"},
                "host": _TEXT | {"description": "Host name (left out when identify=false)"},
                "version": _TEXT, "platform": _TEXT,
                "audiences": {"type": "array", "maxItems": MAX_AUDIENCES,
                              "items": {"type": "string", "minLength": 1,
                                        "maxLength": TEXT_MAX}},
            },
            "required": ["id"],
            "additionalProperties": False,
        },
        "events": {
            "type": "array", "maxItems": MAX_EVENTS,
            "description": "[] is a heartbeat (sent at start and every hour)",
            "items": {
                "type": "object",
                "properties": {
                    "event_id": _UUID,
                    "notice_id": {"type": "string", "minLength": 1, "maxLength": NOTICE_ID_MAX},
                    "type": {"type": "string", "enum": list(EVENT_TYPES)},
                    "at": {"type": "string", "format": "date-time"},
                },
                "required": ["event_id", "notice_id", "type", "at"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["client", "events"],
    "additionalProperties": False,
    "example": {
        "client": {"id": "0b6f4a3e-8c1d-4f5e-9a2b-3c4d5e6f7a8b", "user": "kim",
                   "host": "PC-1234", "version": "1.4.0", "platform": "Windows-10",
                   "audiences": ["총무과"]},
        "events": [{"event_id": "5f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f",
                    "notice_id": "n-0123456789abcdef", "type": "shown",
                    "at": "2026-11-23T09:00:05+09:00"}],
    },
}
RECEIPTS_RESULT_SCHEMA = {
    "type": "object",
    "properties": {"stored": {"type": "integer"}, "ignored": {"type": "integer"}},
    "required": ["stored", "ignored"],
}


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": ERROR_SCHEMA}}}


def build_receipts_router(service: ReceiptService, max_body: int) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["receipts"])

    @router.post(
        "/receipts", status_code=202, summary="Report shown / opened / acknowledged events",
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/json": {"schema": RECEIPTS_SCHEMA}}}},
        responses={
            202: {"description": "Accepted: how many events were stored and ignored",
                  "content": {"application/json": {"schema": RECEIPTS_RESULT_SCHEMA}}},
            404: _error("Receipts are turned off on this server (--receipts off)"),
            413: _error(f"Body over {max_body // 1024} KB"),
            422: _error("Bad shape; `errors` names every bad field"),
            429: _error("Too many requests from this client id; see Retry-After"),
        },
    )
    async def post_receipts(request: Request) -> JSONResponse:
        if not service.enabled:
            raise ApiError(404, "receipts_off", "이 서버는 수신 확인을 받지 않습니다.")
        data = await read_json_body(request, max_body)
        try:
            result = await run_in_threadpool(service.record, data)
        except ReceiptValidationError as exc:
            raise ApiError(422, "validation_failed", "입력값을 확인해 주세요.",
                           [e.as_dict() for e in exc.errors]) from None
        except ReceiptRateLimited as exc:
            seconds = max(1, math.ceil(exc.retry_after))
            raise ApiError(429, "too_many_requests",
                           f"요청이 너무 잦습니다. {seconds}초 후에 다시 보내 주세요.",
                           headers={"Retry-After": str(seconds)}) from None
        return JSONResponse({"stored": result.stored, "ignored": result.ignored},
                            status_code=202)

    return router
