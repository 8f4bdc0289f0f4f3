"""Notice pages: list with filters, create / edit / duplicate form, publish and archive.

Every change goes through the server's `NoticeService` (validation, audit row, feed
re-render and long-poll wake-up), exactly like the publishing API.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from server_stub.admin import forms, listing, reach_format
from server_stub.admin.auth import LOGIN_CSRF_COOKIE, SESSION_COOKIE, tokens_match
from server_stub.admin.i18n import translator
from server_stub.service import NoticeNotFoundError, NoticeQuery, NoticeValidationError

KNOWN_SLOTS = {
    "title", "body", "category", "priority", "link", "starts_at", "ends_at", "recurrence",
    "recurrence.weekdays", "recurrence.start", "recurrence.end", "audience", "visibility",
    "status", "ack_required",
}


# The server's validation speaks Korean; English pages show these by error code instead.
VALIDATION_EN = {
    "required": "This field is required.",
    "type": "This value has the wrong type.",
    "too_short": "Please enter at least one character.",
    "too_long": "This is too long.",
    "invalid_chars": "Control characters are not allowed here.",
    "invalid_choice": "Please pick one of the offered choices.",
    "invalid_url": "Enter an address starting with http:// or https://.",
    "invalid_datetime": "Enter a valid date and time.",
    "naive_datetime": "The date and time needs a time zone.",
    "out_of_range": "The date must be between 2000 and 2100.",
    "ends_before_start": "The end must be later than the start.",
    "invalid_time": "Enter a time as HH:MM (24 h).",
    "end_before_start_time": "The end time must be later than the start time.",
    "invalid_timezone": "Unknown time zone (use an IANA name such as Asia/Seoul).",
    "duplicate": "A weekday is listed twice.",
}


def _error_slots(field_errors, local_errors, lang: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Server errors keyed by form slot (first one per slot), plus any that fit no slot.

    Conversion errors found by the form itself (an unreadable date) win over the server's
    message for the same slot, because they say what the admin actually typed wrong.
    """
    t = translator(lang)
    english = lang == "en"
    slots: dict[str, str] = {}
    other: list[tuple[str, str]] = []
    for name, err in local_errors.items():
        slots[name] = t(err.message)
    for err in field_errors:
        message = VALIDATION_EN.get(err.code, err.message) if english else err.message
        slot = forms.error_field(err.field)
        if slot == "recurrence.tz":
            slot = "recurrence"
        if slot not in KNOWN_SLOTS:
            other.append((err.field, message))
        else:
            slots.setdefault(slot, message)
    return slots, other


def _version(notice) -> str:
    """What an edit form remembers to notice a concurrent change: the stored updated_at."""
    return notice.updated_at.isoformat() if notice.updated_at else ""


def add_routes(router: APIRouter, site) -> None:
    site_prefix = "/admin"

    def render_form(request, session, *, form, mode, action, errors=None, other=(), meta=None,
                    status=200, version="", conflict=False, gone=False) -> Response:
        departments = site.departments.names()
        choices = departments + [a for a in form.audience if a not in departments]
        t = translator(site.language(request))
        return site.render(
            request, "notice_form.html", session=session, status=status,
            nav="new" if mode != "edit" else "notices", form=form, mode=mode, action=action,
            errors=errors or {}, other_errors=list(other), meta=meta, version=version,
            conflict=conflict, gone=gone, audience_choices=choices, page_title=t(f"form.{mode}"),
        )

    async def submit(request, session, data, *, mode, action, notice=None) -> Response:
        form = forms.form_from_post(data, site.zone)
        meta = notice.as_dict() if notice else None
        version = str(data.get("base_version") or "")
        if data.get("action") == "preview":
            return render_form(request, session, form=form, mode=mode, action=action, meta=meta,
                               version=version)
        if notice is not None and version and version != _version(notice):
            # Someone saved this notice after the form was opened: show their version's stamp
            # and keep what this admin typed; saving again overwrites on purpose.
            return render_form(request, session, form=form, mode=mode, action=action, meta=meta,
                               version=_version(notice), conflict=True, status=409)
        payload, local = forms.form_to_payload(form, site.zone)
        try:
            if local:
                raise NoticeValidationError(
                    await run_in_threadpool(site.service.check, payload, notice)
                )
            if notice is None:
                saved = await run_in_threadpool(
                    lambda: site.service.create(payload, actor=session.user.name))
            else:
                saved = await run_in_threadpool(
                    lambda: site.service.update(notice.id, payload, actor=session.user.name))
        except NoticeNotFoundError:
            # Deleted (through the API) while this form was open: say so, keep the text.
            return render_gone(request, session, form=form, action=action)
        except NoticeValidationError as exc:
            errors, other = _error_slots(exc.errors, local, site.language(request))
            return render_form(request, session, form=form, mode=mode, action=action,
                               errors=errors, other=other, meta=meta, status=422, version=version)
        if saved.status == "published" and saved.starts_at > site.clock():
            # It starts later: the list page says when it will appear.
            return site.redirect("/notices", "scheduled", at=saved.starts_at.isoformat())
        return site.redirect("/notices", "created" if notice is None else "updated")

    def render_gone(request, session, *, form, action) -> Response:
        """The typed form again, as a new notice, with a note that the original is gone."""
        return render_form(request, session, form=form, mode="new",
                           action="/admin/notices/new", status=409, gone=True)

    def render_reauth(request, data, *, mode, action, message, status) -> Response:
        """The typed form again, for a POST without a live session, with a sign-in box.

        Nothing stored is shown (no department list, no notice metadata) because the
        sender is not signed in; only what they sent comes back.
        """
        form = forms.form_from_post(data)
        token = site.login_token(request)
        t = translator(site.language(request))
        response = site.render(
            request, "notice_form.html", status=status, csrf_token=token,
            nav="", form=form, mode=mode, action=action, errors={}, other_errors=[], meta=None,
            version=str(data.get("base_version") or "")[:64], conflict=False,
            audience_choices=list(dict.fromkeys(form.audience)), reauth=True,
            reauth_message=message,
            reauth_username=str(data.get("reauth_username") or "").strip()[:64],
            page_title=t(f"form.{mode}"),
        )
        site.set_login_cookie(request, response, token)
        if request.cookies.get(SESSION_COOKIE):
            response.delete_cookie(SESSION_COOKIE, path=site_prefix)
        return response

    async def notice_post(request: Request, *, mode: str, action: str,
                          notice_id: str | None = None) -> Response:
        """Save (or preview) a posted notice form.

        When the session has expired the form is not thrown away: it comes back filled in
        with a sign-in box; signing in there (login CSRF double-submit, the same throttle as
        the sign-in page) starts a new session and carries on with the save.
        """
        fresh_cookie = None
        if await site.current_session(request) is None:
            if (refused := site.foreign_origin(request)) is not None:
                return refused
            data = await request.form()
            t = translator(site.language(request))
            if "reauth_username" not in data:
                return render_reauth(request, data, mode=mode, action=action, status=401,
                                     message=t("login.expired_form"))
            if not tokens_match(request.cookies.get(LOGIN_CSRF_COOKIE),
                                str(data.get("csrf_token") or "")):
                return render_reauth(request, data, mode=mode, action=action, status=403,
                                     message=t("error.csrf"))
            result = await site.sign_in(request,
                                        str(data.get("reauth_username") or "").strip()[:64],
                                        str(data.get("reauth_password") or ""))
            if result.session is None:
                response = render_reauth(request, data, mode=mode, action=action,
                                         status=result.status, message=result.message)
                if result.retry_minutes:
                    response.headers["Retry-After"] = str(result.retry_minutes * 60)
                return response
            session, fresh_cookie = result.session, result.raw
        else:
            guarded = await site.guard(request, form=True)
            if isinstance(guarded, Response):
                return guarded
            session, data = guarded
        notice = None
        if notice_id is not None:
            notice = await load(notice_id)
            if notice is None:
                response = render_gone(request, session, form=forms.form_from_post(data, site.zone),
                                       action="/admin/notices/new")
            else:
                response = await submit(request, session, data, mode=mode, action=action,
                                        notice=notice)
        else:
            response = await submit(request, session, data, mode=mode, action=action)
        if fresh_cookie:
            site.set_session_cookie(request, response, fresh_cookie)
        return response

    async def load(notice_id: str):
        try:
            return await run_in_threadpool(site.service.get, notice_id)
        except NoticeNotFoundError:
            return None

    async def guarded_notice(request: Request, notice_id: str):
        """(session, notice) for a signed-in GET, or the response to send instead (sign-in, 404)."""
        guarded = await site.guard(request)
        if isinstance(guarded, Response):
            return guarded
        notice = await load(notice_id)
        if notice is None:
            return site.error_page(request, 404, "error.not_found", guarded[0])
        return guarded[0], notice

    @router.get("/notices", response_class=HTMLResponse)
    async def notice_list(request: Request) -> Response:
        guarded = await site.guard(request)
        if isinstance(guarded, Response):
            return guarded
        session, _ = guarded
        filters = listing.ListFilters.from_query(request.query_params)
        query = NoticeQuery(q=filters.q, status=filters.status, category=filters.category,
                            audience=filters.audience, time=filters.time)
        now = site.clock()

        def fetch():
            size = listing.PAGE_SIZE
            found, total = site.service.page(query, now, limit=size,
                                            offset=(filters.page - 1) * size)
            paging = listing.Paging.of(filters.page, total)
            if paging.page != filters.page:  # past the last page: show the last one
                found, total = site.service.page(query, now, limit=size,
                                                 offset=(paging.page - 1) * size)
            names = site.departments.names()
            # Audiences of stored notices stay filterable after a department is renamed.
            extra = [a for a in site.service.audiences() if a not in set(names)]
            return found, paging, names + extra, site.reach.for_list(found)

        notices, paging, departments, reach = await run_in_threadpool(fetch)
        t = translator(site.language(request))
        rows = listing.rows(notices, now, t, site.zone, site.language(request))
        for row, notice in zip(rows, notices, strict=True):
            r = reach[notice.id]
            row["reach"] = reach_format.list_summary(t, r.shown, r.opened, r.acknowledged,
                                                     r.eligible, notice.ack_required)
        return site.render(request, "notices.html", session=session, nav="notices",
                           rows=rows, filters=filters, paging=paging,
                           departments=departments, page_title=t("list.title"))

    @router.get("/notices/new", response_class=HTMLResponse)
    async def new_form(request: Request) -> Response:
        guarded = await site.guard(request)
        if isinstance(guarded, Response):
            return guarded
        return render_form(request, guarded[0], form=forms.blank_form(site.clock(), site.zone),
                           mode="new",
                           action="/admin/notices/new")

    @router.post("/notices/new", response_class=HTMLResponse)
    async def create(request: Request) -> Response:
        return await notice_post(request, mode="new", action="/admin/notices/new")

    @router.get("/notices/{notice_id}/edit", response_class=HTMLResponse)
    async def edit_form(request: Request, notice_id: str) -> Response:
        found = await guarded_notice(request, notice_id)
        if isinstance(found, Response):
            return found
        session, notice = found
        return render_form(request, session,
                           form=forms.form_from_notice(notice.as_dict(), site.zone), mode="edit", action=f"/admin/notices/{notice.id}/edit",
                           meta=notice.as_dict(), version=_version(notice))

    @router.post("/notices/{notice_id}/edit", response_class=HTMLResponse)
    async def update(request: Request, notice_id: str) -> Response:
        return await notice_post(request, mode="edit",
                                 action=f"/admin/notices/{quote(notice_id, safe='')}/edit",
                                 notice_id=notice_id)

    @router.get("/notices/{notice_id}/duplicate", response_class=HTMLResponse)
    async def duplicate(request: Request, notice_id: str) -> Response:
        found = await guarded_notice(request, notice_id)
        if isinstance(found, Response):
            return found
        session, notice = found
        t = translator(site.language(request))
        form = forms.duplicate_form(forms.form_from_notice(notice.as_dict(), site.zone),
                                    t("form.copy_prefix"))
        return render_form(request, session, form=form, mode="duplicate",
                           action="/admin/notices/new")

    async def change_status(request: Request, notice_id: str, op: str) -> Response:
        guarded = await site.guard(request, form=True)
        if isinstance(guarded, Response):
            return guarded
        session = guarded[0]
        method = site.service.archive if op == "archive" else site.service.publish
        try:
            await run_in_threadpool(lambda: method(notice_id, actor=session.user.name))
        except NoticeNotFoundError:
            return site.error_page(request, 404, "error.not_found", session)
        except NoticeValidationError as exc:
            # e.g. publishing a draft whose stored data no longer validates: open it to fix.
            notice = await load(notice_id)
            errors, other = _error_slots(exc.errors, {}, site.language(request))
            form = forms.form_from_notice(notice.as_dict(), site.zone)
            return render_form(request, session, form=form, mode="edit",
                               action=f"/admin/notices/{notice_id}/edit", errors=errors,
                               other=other, meta=notice.as_dict(), status=422)
        return site.redirect("/notices", "archived" if op == "archive" else "published")

    @router.post("/notices/{notice_id}/archive")
    async def archive(request: Request, notice_id: str) -> Response:
        return await change_status(request, notice_id, "archive")

    @router.post("/notices/{notice_id}/publish")
    async def publish(request: Request, notice_id: str) -> Response:
        return await change_status(request, notice_id, "publish")
