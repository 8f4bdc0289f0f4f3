"""Admin-only pages: users, API tokens, the audit log and the department list.

Each change writes its audit row in the change's own transaction. Users and tokens go through
`server_stub.accounts.AccountService` (the same rules as ``notice-server user|token``),
departments through `server_stub.department_service.DepartmentService` and the log through
`server_stub.audit_log.AuditLog`.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from server_stub import account_rules
from server_stub.accounts import AccountRuleError, DuplicateUserError
from server_stub.admin import audit_view
from server_stub.admin.i18n import translator
from server_stub.department_service import DuplicateDepartmentError

DEPARTMENT_MAX = 60
ID_MAX = 2**62  # ids in a path beyond SQLite's integer range are simply not found


def _row_id(raw: str) -> int | None:
    """A path id as an int, or None for anything that is not a plain decimal in range."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19 or int(raw) > ID_MAX:
        return None
    return int(raw)


_has_control = account_rules.has_control_chars


def add_routes(router: APIRouter, site) -> None:
    audit_log = site.audit_log
    accounts = site.accounts
    departments = site.departments

    def rule_errors(problems: list[AccountRuleError], lang: str) -> dict[str, str]:
        errors: dict[str, str] = {}
        for problem in problems:
            errors.setdefault(problem.field, account_rules.message(problem.code, lang))
        return errors

    async def admin_guard(request: Request, form: bool = False):
        return await site.guard(request, admin=True, form=form)

    async def admin_page(request: Request, render) -> Response:
        """GET of a list page: the admin check, then `render(request, session)` off the loop."""
        guarded = await admin_guard(request)
        if isinstance(guarded, Response):
            return guarded
        return await run_in_threadpool(render, request, guarded[0])

    # -- users ----------------------------------------------------------------------------
    def render_users(request, session, *, status=200, errors=None, values=None) -> Response:
        t = translator(site.language(request))
        return site.render(request, "users.html", session=session, status=status, nav="users",
                           users=accounts.users(), roles=account_rules.USER_ROLES, errors=errors or {},
                           values=values or {"name": "", "role": "publisher"},
                           page_title=t("users.title"))

    @router.get("/users", response_class=HTMLResponse)
    async def users_page(request: Request) -> Response:
        return await admin_page(request, render_users)

    @router.post("/users", response_class=HTMLResponse)
    async def user_add(request: Request) -> Response:
        guarded = await admin_guard(request, form=True)
        if isinstance(guarded, Response):
            return guarded
        session, data = guarded
        lang = site.language(request)
        t = translator(lang)
        name = account_rules.normalise_name(str(data.get("name") or "").strip())
        role = str(data.get("role") or "")
        password = str(data.get("password") or "")
        confirm = str(data.get("password_confirm") or "")
        errors = rule_errors(accounts.check_new_user(name, role, password, confirm), lang)
        if not errors:
            try:
                await run_in_threadpool(accounts.add_user, session.user.name, name, role,
                                        password, confirm)
            except DuplicateUserError:
                errors["name"] = t("users.err_exists")
            else:
                return site.redirect("/users", "user_created")
        return await run_in_threadpool(lambda: render_users(
            request, session, status=422, errors=errors, values={"name": name, "role": role}))

    async def user_action(request: Request, raw_id: str, op: str) -> Response:
        guarded = await admin_guard(request, form=True)
        if isinstance(guarded, Response):
            return guarded
        session, data = guarded
        t = translator(site.language(request))
        user_id = _row_id(raw_id)
        user = None if user_id is None else await run_in_threadpool(accounts.user, user_id)
        if user is None:
            return site.error_page(request, 404, "error.not_found", session)
        if op in ("disable", "enable"):
            if user.id == session.user.id:
                return await run_in_threadpool(lambda: render_users(
                    request, session, status=422, errors={f"row-{user.id}": t("users.err_self")}))
            disabled = op == "disable"
            await run_in_threadpool(accounts.set_disabled, session.user.name, user, disabled)
            if disabled:
                await run_in_threadpool(site.sessions.end_all_for, user.id)
            return site.redirect("/users", "user_disabled" if disabled else "user_enabled")
        try:
            await run_in_threadpool(accounts.set_password, session.user.name, user.name,
                                    str(data.get("password") or ""),
                                    str(data.get("password_confirm") or ""))
        except AccountRuleError as bad:
            row_error = {f"row-{user.id}": account_rules.message(bad.code, site.language(request))}
            return await run_in_threadpool(lambda: render_users(
                request, session, status=422, errors=row_error))
        if user.id != session.user.id:
            await run_in_threadpool(site.sessions.end_all_for, user.id)
        return site.redirect("/users", "password_reset")

    @router.post("/users/{user_id}/disable")
    async def user_disable(request: Request, user_id: str) -> Response:
        return await user_action(request, user_id, "disable")

    @router.post("/users/{user_id}/enable")
    async def user_enable(request: Request, user_id: str) -> Response:
        return await user_action(request, user_id, "enable")

    @router.post("/users/{user_id}/password")
    async def user_password(request: Request, user_id: str) -> Response:
        return await user_action(request, user_id, "password")

    # -- API tokens -----------------------------------------------------------------------
    def render_tokens(request, session, *, status=200, new_token=None, errors=None,
                      values=None) -> Response:
        t = translator(site.language(request))
        return site.render(request, "tokens.html", session=session, status=status, nav="tokens",
                           tokens=accounts.tokens(), new_token=new_token, errors=errors or {},
                           values=values or {"name": "", "role": "publisher"},
                           local_time=lambda v: audit_view.local_time(v, site.zone), page_title=t("tokens.title"))

    @router.get("/tokens", response_class=HTMLResponse)
    async def tokens_page(request: Request) -> Response:
        return await admin_page(request, render_tokens)

    @router.post("/tokens", response_class=HTMLResponse)
    async def token_create(request: Request) -> Response:
        guarded = await admin_guard(request, form=True)
        if isinstance(guarded, Response):
            return guarded
        session, data = guarded
        lang = site.language(request)
        name = str(data.get("name") or "").strip()
        role = str(data.get("role") or "publisher")
        errors = rule_errors(accounts.check_new_token(name, role), lang)
        if errors:
            return await run_in_threadpool(lambda: render_tokens(
                request, session, status=422, errors=errors, values={"name": name, "role": role}))
        token, _record = await run_in_threadpool(accounts.create_token, session.user.name, name,
                                                 role)
        # Shown in this response only (no redirect): it is never stored in plain text.
        return await run_in_threadpool(lambda: render_tokens(
            request, session, status=201, new_token={"value": token, "name": name}))

    @router.post("/tokens/{token_id}/revoke")
    async def token_revoke(request: Request, token_id: str) -> Response:
        guarded = await admin_guard(request, form=True)
        if isinstance(guarded, Response):
            return guarded
        session = guarded[0]
        row_id = _row_id(token_id)
        if row_id is None or not await run_in_threadpool(accounts.revoke_token,
                                                         session.user.name, row_id):
            return site.error_page(request, 404, "error.not_found", session)
        return site.redirect("/tokens", "token_revoked")

    # -- audit log ------------------------------------------------------------------------
    @router.get("/audit", response_class=HTMLResponse)
    async def audit_page(request: Request) -> Response:
        guarded = await admin_guard(request)
        if isinstance(guarded, Response):
            return guarded
        lang = site.language(request)
        t = translator(lang)
        filters, before = audit_view.filters_from_query(request.query_params)

        def fetch():
            return (audit_log.page(filters, limit=audit_view.PAGE_SIZE, before=before),
                    audit_log.actors())

        page, actors = await run_in_threadpool(fetch)
        return site.render(request, "audit.html", session=guarded[0], nav="audit",
                           entries=[audit_view.entry_row(e, t, lang, site.zone) for e in page.entries],
                           filters=filters, before=before, actors=actors,
                           action_choices=audit_view.action_choices(lang),
                           older_url=audit_view.page_url(filters, page.older_than)
                           if page.older_than else None,
                           newest_url=audit_view.page_url(filters, None) if before else None,
                           target=filters.target, page_title=t("audit.title"))

    # -- departments ----------------------------------------------------------------------
    def render_departments(request, session, *, status=200, errors=None, values=None):
        t = translator(site.language(request))
        return site.render(request, "departments.html", session=session, status=status,
                           nav="departments", departments=departments.list(),
                           errors=errors or {}, values=values or {"name": "", "sort_order": ""},
                           page_title=t("departments.title"))

    def department_input(data, t, slot: str) -> tuple[str, int | None, dict]:
        name = " ".join(str(data.get("name") or "").split())
        raw_order = str(data.get("sort_order") or "").strip()
        errors = {}
        if not 1 <= len(name) <= DEPARTMENT_MAX or "," in name:
            errors[f"{slot}name"] = t("departments.err_name")
        elif _has_control(name):
            errors[f"{slot}name"] = t("error.control_chars")
        elif name.startswith("__"):  # reserved for list filters such as __everyone__
            errors[f"{slot}name"] = t("departments.err_reserved")
        order = None
        if raw_order:
            if raw_order.isascii() and raw_order.isdigit() and int(raw_order) <= 9999:
                order = int(raw_order)
            else:
                errors[f"{slot}sort_order"] = t("departments.err_order")
        return name, order, errors

    @router.get("/departments", response_class=HTMLResponse)
    async def departments_page(request: Request) -> Response:
        return await admin_page(request, render_departments)

    @router.post("/departments", response_class=HTMLResponse)
    async def department_add(request: Request) -> Response:
        guarded = await admin_guard(request, form=True)
        if isinstance(guarded, Response):
            return guarded
        session, data = guarded
        t = translator(site.language(request))
        name, order, errors = department_input(data, t, "")

        def save() -> dict:
            try:
                departments.add(session.user.name, name, order)
            except DuplicateDepartmentError:
                return {"name": t("departments.err_exists")}
            return {}

        if not errors:
            errors = await run_in_threadpool(save)
            if not errors:
                return site.redirect("/departments", "dept_created")
        values = {"name": name, "sort_order": str(data.get("sort_order") or "")}
        return await run_in_threadpool(lambda: render_departments(
            request, session, status=422, errors=errors, values=values))

    @router.post("/departments/{raw_id}", response_class=HTMLResponse)
    async def department_update(request: Request, raw_id: str) -> Response:
        guarded = await admin_guard(request, form=True)
        if isinstance(guarded, Response):
            return guarded
        session, data = guarded
        t = translator(site.language(request))
        department_id = _row_id(raw_id)
        old = None if department_id is None else await run_in_threadpool(
            departments.get, department_id)
        if old is None:
            return site.error_page(request, 404, "error.not_found", session)
        delete = data.get("action") == "delete"
        name, order, errors = department_input(data, t, f"row-{department_id}-")
        if delete:
            errors = {}

        def save() -> dict:
            try:
                if delete:
                    departments.remove(session.user.name, old)
                else:
                    departments.update(session.user.name, old, name, order)
            except DuplicateDepartmentError:
                return {f"row-{department_id}-name": t("departments.err_exists")}
            return {}

        if not errors:
            errors = await run_in_threadpool(save)
            if not errors:
                return site.redirect("/departments", "dept_deleted" if delete else "dept_updated")
        return await run_in_threadpool(lambda: render_departments(
            request, session, status=422, errors=errors))
