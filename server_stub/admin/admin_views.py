"""Admin-only pages: users, API tokens, the audit log and the department list.

Each change writes an audit row. Users and tokens use the server's repositories; departments
use `server_stub.repository.departments`, and their audit row shares the change's transaction.
"""

from __future__ import annotations

import re
import unicodedata

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from server_stub.admin import audit_view
from server_stub.admin.i18n import translator
from server_stub.db import writer
from server_stub.repository.audit_pages import AuditPages
from server_stub.repository.departments import DuplicateDepartmentError
from server_stub.repository.users import ROLES, DuplicateUserError

USER_NAME = re.compile(r"^[\w.@-]{2,64}$", re.ASCII)
PASSWORD_MIN = 10
DEPARTMENT_MAX = 60
ID_MAX = 2**62  # ids in a path beyond SQLite's integer range are simply not found


def _row_id(raw: str) -> int | None:
    """A path id as an int, or None for anything that is not a plain decimal in range."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19 or int(raw) > ID_MAX:
        return None
    return int(raw)


def _has_control(text: str) -> bool:
    """Control, surrogate, format and private-use characters (NUL, bidi overrides, ...)."""
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in text)


def add_routes(router: APIRouter, site) -> None:
    audit_pages = AuditPages(site.deps.engine)

    def audit(actor: str, action: str, target: str, changes: dict) -> None:
        with writer(site.deps.engine).begin() as conn:
            site.audit.append(conn, at=site.clock(), actor=actor, action=action, target=target,
                              changes=changes)

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
                           users=site.users.list(), roles=ROLES, errors=errors or {},
                           values=values or {"name": "", "role": "publisher"},
                           page_title=t("users.title"))

    def password_error(password: str, confirm: str) -> str | None:
        if not PASSWORD_MIN <= len(password) <= 1024:
            return "users.err_password"
        if password != confirm:
            return "users.err_confirm"
        return None

    @router.get("/users", response_class=HTMLResponse)
    async def users_page(request: Request) -> Response:
        return await admin_page(request, render_users)

    @router.post("/users", response_class=HTMLResponse)
    async def user_add(request: Request) -> Response:
        guarded = await admin_guard(request, form=True)
        if isinstance(guarded, Response):
            return guarded
        session, data = guarded
        t = translator(site.language(request))
        name = str(data.get("name") or "").strip()
        role = str(data.get("role") or "")
        password = str(data.get("password") or "")
        errors = {}
        if not USER_NAME.match(name):
            errors["name"] = t("users.err_name")
        if role not in ROLES:
            errors["role"] = t("users.err_role")
        bad_password = password_error(password, str(data.get("password_confirm") or ""))
        if bad_password:
            errors["password"] = t(bad_password)
        if not errors:
            try:
                user = await run_in_threadpool(site.users.add, name, role, password)
            except DuplicateUserError:
                errors["name"] = t("users.err_exists")
            else:
                await run_in_threadpool(audit, session.user.name, "user.add", f"user:{user.name}",
                                        {"role": [None, role], "disabled": [None, False]})
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
        user = None if user_id is None else await run_in_threadpool(site.users.get, user_id)
        if user is None:
            return site.error_page(request, 404, "error.not_found", session)
        if op in ("disable", "enable"):
            if user.id == session.user.id:
                return await run_in_threadpool(lambda: render_users(
                    request, session, status=422, errors={f"row-{user.id}": t("users.err_self")}))
            disabled = op == "disable"
            await run_in_threadpool(site.users.set_disabled, user.name, disabled)
            if disabled:
                await run_in_threadpool(site.sessions.end_all_for, user.id)
            await run_in_threadpool(audit, session.user.name, f"user.{op}", f"user:{user.name}",
                                    {"disabled": [user.disabled, disabled]})
            return site.redirect("/users", "user_disabled" if disabled else "user_enabled")
        password = str(data.get("password") or "")
        bad = password_error(password, str(data.get("password_confirm") or ""))
        if bad:
            return await run_in_threadpool(lambda: render_users(
                request, session, status=422, errors={f"row-{user.id}": t(bad)}))
        await run_in_threadpool(site.users.set_password, user.name, password)
        if user.id != session.user.id:
            await run_in_threadpool(site.sessions.end_all_for, user.id)
        await run_in_threadpool(audit, session.user.name, "user.password", f"user:{user.name}",
                                {"password": ["***", "***"]})
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
                           tokens=site.tokens.list(), new_token=new_token, errors=errors or {},
                           values=values or {"name": "", "role": "publisher"},
                           local_time=audit_view.local_time, page_title=t("tokens.title"))

    @router.get("/tokens", response_class=HTMLResponse)
    async def tokens_page(request: Request) -> Response:
        return await admin_page(request, render_tokens)

    @router.post("/tokens", response_class=HTMLResponse)
    async def token_create(request: Request) -> Response:
        guarded = await admin_guard(request, form=True)
        if isinstance(guarded, Response):
            return guarded
        session, data = guarded
        t = translator(site.language(request))
        name = str(data.get("name") or "").strip()
        role = str(data.get("role") or "publisher")
        errors = {}
        if not 1 <= len(name) <= 100:
            errors["name"] = t("tokens.err_name")
        elif _has_control(name):
            errors["name"] = t("error.control_chars")
        if role not in ("publisher", "admin"):
            errors["role"] = t("users.err_role")
        if errors:
            return await run_in_threadpool(lambda: render_tokens(
                request, session, status=422, errors=errors, values={"name": name, "role": role}))
        token, record = await run_in_threadpool(site.tokens.create, name, role)
        await run_in_threadpool(audit, session.user.name, "token.create", f"token:{record.id}",
                                {"name": [None, name], "role": [None, role]})
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
        if row_id is None or not await run_in_threadpool(site.tokens.revoke, row_id):
            return site.error_page(request, 404, "error.not_found", session)
        await run_in_threadpool(audit, session.user.name, "token.revoke", f"token:{row_id}",
                                {"revoked": [False, True]})
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
            return (audit_pages.page(filters, limit=audit_view.PAGE_SIZE, before=before),
                    audit_pages.actors())

        page, actors = await run_in_threadpool(fetch)
        return site.render(request, "audit.html", session=guarded[0], nav="audit",
                           entries=[audit_view.entry_row(e, t, lang) for e in page.entries],
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
                           nav="departments", departments=site.departments.list(),
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
            repo = site.departments
            try:
                with repo.writer().begin() as conn:
                    new_id = repo.add(conn, name, order if order is not None else repo.next_order())
                    site.audit.append(conn, at=site.clock(), actor=session.user.name,
                                      action="department.add", target=f"department:{new_id}",
                                      changes={"name": [None, name]})
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
            site.departments.get, department_id)
        if old is None:
            return site.error_page(request, 404, "error.not_found", session)
        delete = data.get("action") == "delete"
        name, order, errors = department_input(data, t, f"row-{department_id}-")
        if delete:
            errors = {}

        def save() -> dict:
            repo = site.departments
            try:
                with repo.writer().begin() as conn:
                    if delete:
                        repo.remove(conn, department_id)
                        changes = {"name": [old.name, None]}
                    else:
                        new_order = order if order is not None else old.sort_order
                        repo.update(conn, department_id, name, new_order)
                        changes = {k: v for k, v in {
                            "name": [old.name, name], "sort_order": [old.sort_order, new_order],
                        }.items() if v[0] != v[1]}
                    site.audit.append(conn, at=site.clock(), actor=session.user.name,
                                      action="department.delete" if delete else "department.update",
                                      target=f"department:{department_id}", changes=changes)
            except DuplicateDepartmentError:
                return {f"row-{department_id}-name": t("departments.err_exists")}
            return {}

        if not errors:
            errors = await run_in_threadpool(save)
            if not errors:
                return site.redirect("/departments", "dept_deleted" if delete else "dept_updated")
        return await run_in_threadpool(lambda: render_departments(
            request, session, status=422, errors=errors))
