"""Publishing API under /api/v1: notices CRUD with Bearer tokens.

Errors are JSON ``{"code", "message", "errors"?}`` with Korean messages: 401 (no or bad token),
404 (unknown id), 413 (body over 64 KB), 422 (every bad field: ``errors`` is a list of
``{field, code, message}``). Request bodies are read and checked here (size, JSON), then the
`NoticeService` validates; a rejected request writes nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from server_stub.api_schema import (
    ERROR_SCHEMA,
    NOTICE_CREATE_SCHEMA,
    NOTICE_LIST_SCHEMA,
    NOTICE_PATCH_SCHEMA,
    NOTICE_SCHEMA,
)
from server_stub.service import NoticeNotFoundError, NoticeValidationError

log = logging.getLogger("server_stub.api")
#: Stateless security scheme (module level so the annotation below resolves).
BEARER = HTTPBearer(auto_error=False, description="API token from `notice-server token create`")
#: Seconds a client should wait before retrying while the database is unreachable.
DATABASE_RETRY_AFTER = 5
_DATABASE_DOWN_HTML = (
    "<!doctype html><html lang=\"ko\"><meta charset=\"utf-8\"><title>잠시 후 다시 시도</title>"
    "<h1>데이터베이스에 잠시 연결할 수 없습니다</h1><p>입력한 내용은 저장되지 않았습니다. "
    "뒤로 가서 잠시 후 다시 저장해 주세요.</p><p lang=\"en\">The database is unreachable for "
    "the moment: nothing was saved. Go back and save again in a few seconds.</p></html>")


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, errors: list | None = None,
                 headers: dict | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.errors, self.headers = errors, headers


def _error_response(err: ApiError) -> JSONResponse:
    body = {"code": err.code, "message": err.message}
    if err.errors is not None:
        body["errors"] = err.errors
    return JSONResponse(body, status_code=err.status, headers=err.headers)


_STATUS_CODES = {
    400: ("bad_request", "잘못된 요청입니다."),
    401: ("unauthorized", "인증이 필요합니다."),
    404: ("not_found", "찾을 수 없습니다."),
    405: ("method_not_allowed", "허용되지 않는 요청 방식입니다."),
    413: ("payload_too_large", "요청 본문이 너무 큽니다."),
}


def install_error_handlers(app: FastAPI,
                           is_connection_error: Callable[[BaseException], bool]) -> None:
    """One JSON error shape for the whole app (API errors, unknown paths, bad query values).

    ``is_connection_error`` tells "the database is down right now" (503, retry) from a bug
    (500); the composition root passes `server_stub.db.is_connection_error`.
    """

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _request_validation(_request: Request, exc: RequestValidationError):
        errors = []
        for item in exc.errors():
            loc = [str(p) for p in item.get("loc", ()) if p not in ("query", "path", "body")]
            errors.append({"field": ".".join(loc) or "request", "code": "invalid_parameter",
                           "message": "값이 올바르지 않습니다."})
        return _error_response(ApiError(422, "validation_failed", "입력값을 확인해 주세요.",
                                        errors))

    @app.exception_handler(DBAPIError)
    async def _database_error(request: Request, exc: DBAPIError):
        if not is_connection_error(exc):
            return await _unexpected(request, exc)
        # The database is down (or restarting): nothing was written. Feeds keep being
        # served from memory; writes ask the client to come back (pool_pre_ping reconnects).
        log.warning("database unavailable: %s", str(exc.orig or exc).splitlines()[0][:200])
        headers = {"Retry-After": str(DATABASE_RETRY_AFTER)}
        if request.url.path.startswith("/admin"):
            return HTMLResponse(_DATABASE_DOWN_HTML, status_code=503, headers=headers)
        return _error_response(ApiError(
            503, "database_unavailable",
            "데이터베이스에 잠시 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.", headers=headers))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=exc)
        return _error_response(ApiError(500, "internal_error",
                                        "서버 오류가 발생했습니다. 잠시 후 다시 시도해 주세요."))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException):
        code, message = _STATUS_CODES.get(exc.status_code, ("error", str(exc.detail)))
        return _error_response(ApiError(exc.status_code, code, message,
                                        headers=getattr(exc, "headers", None)))


async def read_json_body(request: Request, max_body: int) -> object:
    """The request's JSON, refusing (413) a body over ``max_body`` bytes, whether it announces
    its size (Content-Length) or streams it (chunked): at most max_body bytes are ever read."""
    too_large = ApiError(413, "payload_too_large", f"요청 본문이 {max_body // 1024} KB를 넘습니다.")
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > max_body:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_body:
            raise too_large
        chunks.append(chunk)
    try:
        return json.loads(b"".join(chunks).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(422, "validation_failed", "요청 본문이 올바른 JSON이 아닙니다.",
                       [{"field": "body", "code": "invalid_json",
                         "message": "요청 본문은 UTF-8 JSON 객체여야 합니다."}]) from None


def _json_body(schema: dict, required: bool = True) -> dict:
    return {"requestBody": {"required": required,
                            "content": {"application/json": {"schema": schema}}}}


def _responses(ok_status: int, ok_schema: dict | None, *errors: int) -> dict:
    described = {
        401: "Missing or invalid Bearer token (토큰 없음 또는 잘못됨)",
        404: "Unknown notice id (없는 공지)",
        413: "Body over 64 KB (본문이 64 KB 초과)",
        422: "Invalid input; `errors` names every bad field (입력 오류)",
    }
    out: dict = {}
    if ok_schema is not None:
        out[ok_status] = {"description": "OK",
                          "content": {"application/json": {"schema": ok_schema}}}
    for status in errors:
        out[status] = {"description": described[status],
                       "content": {"application/json": {"schema": ERROR_SCHEMA}}}
    return out


def build_api_router(deps) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["notices"])
    service = deps.service
    max_body = deps.config.max_body_bytes

    def actor(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
    ) -> str:
        record = deps.accounts.authenticate(credentials.credentials) if credentials else None
        if record is None:
            message = ("API 토큰이 필요합니다. Authorization: Bearer <토큰>" if credentials is None
                       else "API 토큰이 올바르지 않거나 폐기되었습니다.")
            raise ApiError(401, "unauthorized", message,
                           headers={"WWW-Authenticate": 'Bearer realm="notice-ticker"'})
        return f"token:{record.name}"

    async def read_json(request: Request) -> object:
        return await read_json_body(request, max_body)

    def invalid(exc: NoticeValidationError) -> ApiError:
        return ApiError(422, "validation_failed", "입력값을 확인해 주세요.",
                        [e.as_dict() for e in exc.errors])

    def not_found(notice_id: str) -> ApiError:
        return ApiError(404, "not_found", "해당 공지를 찾을 수 없습니다.")

    id_path = Path(..., description="Notice id", max_length=100)

    @router.get("/notices", summary="List notices (newest start first)",
                responses=_responses(200, NOTICE_LIST_SCHEMA, 401, 422))
    async def list_notices(
        who: str = Depends(actor),
        status: Literal["draft", "published", "archived"] | None = Query(None),
        category: Literal["event", "project", "issue", "notice"] | None = Query(None),
        limit: int = Query(100, ge=1, le=500),
        offset: int = Query(0, ge=0, le=1_000_000),
    ):
        items, total = await run_in_threadpool(
            service.list, status=status, category=category, limit=limit, offset=offset)
        return {"items": [n.as_dict() for n in items], "total": total, "limit": limit,
                "offset": offset}

    @router.post("/notices", status_code=201, summary="Create (publish) a notice",
                 openapi_extra=_json_body(NOTICE_CREATE_SCHEMA),
                 responses=_responses(201, NOTICE_SCHEMA, 401, 413, 422))
    async def create_notice(request: Request, response: Response, who: str = Depends(actor)):
        data = await read_json(request)
        try:
            notice = await run_in_threadpool(service.create, data, actor=who)
        except NoticeValidationError as exc:
            raise invalid(exc) from None
        response.headers["Location"] = f"/api/v1/notices/{notice.id}"
        return notice.as_dict()

    @router.get("/notices/{notice_id}", summary="One notice",
                responses=_responses(200, NOTICE_SCHEMA, 401, 404))
    async def get_notice(notice_id: str = id_path, who: str = Depends(actor)):
        try:
            return (await run_in_threadpool(service.get, notice_id)).as_dict()
        except NoticeNotFoundError:
            raise not_found(notice_id) from None

    @router.patch("/notices/{notice_id}", summary="Change some fields of a notice",
                  openapi_extra=_json_body(NOTICE_PATCH_SCHEMA),
                  responses=_responses(200, NOTICE_SCHEMA, 401, 404, 413, 422))
    async def patch_notice(request: Request, notice_id: str = id_path,
                           who: str = Depends(actor)):
        data = await read_json(request)
        if not isinstance(data, dict):
            raise ApiError(422, "validation_failed", "입력값을 확인해 주세요.",
                           [{"field": "body", "code": "invalid_body",
                             "message": "요청 본문은 JSON 객체여야 합니다."}])
        try:
            return (await run_in_threadpool(service.update, notice_id, data,
                                            actor=who)).as_dict()
        except NoticeNotFoundError:
            raise not_found(notice_id) from None
        except NoticeValidationError as exc:
            raise invalid(exc) from None

    @router.delete("/notices/{notice_id}", status_code=204, summary="Delete a notice",
                   response_class=Response, responses=_responses(204, None, 401, 404))
    async def delete_notice(notice_id: str = id_path, who: str = Depends(actor)):
        try:
            await run_in_threadpool(service.delete, notice_id, actor=who)
        except NoticeNotFoundError:
            raise not_found(notice_id) from None
        return Response(status_code=204)

    return router
