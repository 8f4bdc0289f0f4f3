"""Reach pages: /admin/notices/{id}/reach (+ .csv) for every signed-in user, and the fleet
page /admin/fleet (+ .csv, "PC 현황") for administrators only.

All numbers come from SQL aggregates (`server_stub.repository.reach`). The reach page
refreshes itself: a small script re-reads it every few seconds, and without JavaScript a
``<noscript>`` meta refresh reloads it.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from server_stub.admin import reach_format
from server_stub.admin.i18n import translator
from server_stub.service import NoticeNotFoundError

REFRESH_SECONDS = 30  # without JavaScript
LIVE_SECONDS = 2  # with JavaScript: a 확인 shows up within about 2 s
PENDING_SHOWN = 500
PENDING_CSV = 100_000


def _csv_response(data: bytes, filename: str) -> Response:
    return Response(data, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def add_routes(router: APIRouter, site) -> None:
    reach = site.reach

    async def load(request: Request, notice_id: str, admin: bool = False):
        guarded = await site.guard(request, admin=admin)
        if isinstance(guarded, Response):
            return guarded
        try:
            notice = await run_in_threadpool(site.service.get, notice_id)
        except NoticeNotFoundError:
            return site.error_page(request, 404, "error.not_found", guarded[0])
        return guarded[0], notice

    @router.get("/notices/{notice_id}/reach", response_class=HTMLResponse)
    async def reach_page(request: Request, notice_id: str) -> Response:
        found = await load(request, notice_id)
        if isinstance(found, Response):
            return found
        session, notice = found
        data = await run_in_threadpool(reach.for_notice, notice, PENDING_SHOWN)
        t = translator(site.language(request))
        return site.render(
            request, "reach.html", session=session, nav="notices", reach=data, fmt=reach_format,
            pending=data.pending, mode=site.deps.receipts.mode,
            refresh_seconds=REFRESH_SECONDS, live_seconds=LIVE_SECONDS,
            page_title=f"{t('reach.title')} · {notice.title}")

    @router.get("/notices/{notice_id}/reach.csv")
    async def reach_csv(request: Request, notice_id: str) -> Response:
        found = await load(request, notice_id)
        if isinstance(found, Response):
            return found
        data = await run_in_threadpool(reach.for_notice, found[1], PENDING_CSV)
        t = translator(site.language(request))
        body = reach_format.to_csv(reach_format.reach_rows(t, data))
        stamp = reach_format.local_time(site.clock()).replace(" ", "_").replace(":", "")
        return _csv_response(body, f"reach-{found[1].id}-{stamp}.csv")

    @router.get("/fleet", response_class=HTMLResponse)
    async def fleet_page(request: Request) -> Response:
        guarded = await site.guard(request, admin=True)
        if isinstance(guarded, Response):
            return guarded
        fleet = await run_in_threadpool(reach.fleet)
        t = translator(site.language(request))
        return site.render(request, "fleet.html", session=guarded[0], nav="fleet", fleet=fleet,
                           fmt=reach_format, mode=site.deps.receipts.mode,
                           retention_days=site.deps.receipts.retention_days,
                           page_title=t("fleet.title"))

    @router.get("/fleet.csv")
    async def fleet_csv(request: Request) -> Response:
        guarded = await site.guard(request, admin=True)
        if isinstance(guarded, Response):
            return guarded
        rows = await run_in_threadpool(reach.all_clients)
        t = translator(site.language(request))
        body = reach_format.to_csv(reach_format.fleet_rows(t, rows))
        stamp = reach_format.local_time(site.clock()).replace(" ", "_").replace(":", "")
        return _csv_response(body, f"fleet-{stamp}.csv")
