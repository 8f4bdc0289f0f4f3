"""The admin page at /admin: site plumbing (templates, sessions, CSRF, language) and sign-in.

`build_router(deps)` is called by `server_stub.app.create_app`; ``STATIC_DIR`` is mounted by
the app at /admin/static. The notice pages live in `notice_views`, the admin-only pages in
`admin_views`. Every page works without JavaScript: forms post and the server redirects.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from server_stub import account_rules
from server_stub.admin import admin_views, bar_look, forms, notice_views, reach_views
from server_stub.admin.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    LoginThrottle,
    SessionManager,
    WebSession,
    WebUser,
    is_secure_request,
    new_token,
    origin_allowed,
    origin_of,
    tokens_match,
)
from server_stub.admin.i18n import LANG_COOKIE, normalise_language, translate, translator
from server_stub.zone import HOME_ZONE_NAME

PREFIX = "/admin"
PASSWORD_MAX = account_rules.PASSWORD_MAX
STATIC_DIR = Path(__file__).parent / "static"
TEMPLATE_DIR = Path(__file__).parent / "templates"
# Messages a redirect may ask the next page to show (?msg=key); anything else is ignored.
FLASH_KEYS = {
    "created": "flash.created", "updated": "flash.updated", "archived": "flash.archived",
    "published": "flash.published", "signed_out": "login.signed_out", "expired": "login.expired",
    "user_created": "users.created", "user_disabled": "users.disabled_done",
    "user_enabled": "users.enabled_done", "password_reset": "users.password_done",
    "token_revoked": "tokens.revoked_done", "dept_created": "departments.created",
    "dept_updated": "departments.renamed", "dept_deleted": "departments.deleted",
}
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
}


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: a session, or an HTTP status and a message."""

    status: int
    message: str = ""
    retry_minutes: int = 0
    raw: str = ""
    session: WebSession | None = None


class AdminSite:
    """Everything the admin views share. Built once per app from the server's deps."""

    def __init__(self, deps) -> None:
        self.deps = deps
        self.clock = deps.clock
        #: The server's configured zone: form dates are read and shown in it.
        self.zone = ZoneInfo(deps.config.timezone)
        self.service = deps.service
        self.accounts = deps.accounts
        self.departments = deps.departments
        self.audit_log = deps.audit_log
        self.reach = deps.reach
        self.sessions = SessionManager(deps.web_sessions, self._load_user, deps.clock)
        self.throttle = LoginThrottle(deps.web_sessions, deps.clock)
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATE_DIR),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def _load_user(self, user_id: int) -> WebUser | None:
        user = self.accounts.user(user_id)
        if user is None or user.disabled:
            return None
        return WebUser(user.id, user.name, user.role)

    # -- language -------------------------------------------------------------------------
    @staticmethod
    def language(request: Request) -> str:
        return normalise_language(
            request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
        )

    def t(self, request: Request, key: str, **params: object) -> str:
        return translate(key, self.language(request), **params)

    # -- responses ------------------------------------------------------------------------
    def render(self, request: Request, template: str, *, session: WebSession | None = None,
               status: int = 200, csrf_token: str | None = None, nav: str = "",
               **context) -> HTMLResponse:
        lang = self.language(request)
        t = translator(lang)
        params = dict(request.query_params)
        params.pop("msg", None)
        params["lang"] = "en" if lang == "ko" else "ko"
        msg = request.query_params.get("msg")
        context.setdefault("flash", t(FLASH_KEYS[msg]) if msg in FLASH_KEYS else None)
        if msg == "scheduled":
            context["flash"] = self._scheduled_flash(request.query_params.get("at"), lang, t)
        context.setdefault("zone_hint", t("hint.period") if self.zone.key == HOME_ZONE_NAME
                           else t("hint.period_zone", zone=self.zone.key))
        context.setdefault("error", None)
        context.setdefault("page_title", t("app.title"))
        html = self.env.get_template(template).render(
            request=request, t=t, lang=lang, prefix=PREFIX, nav=nav,
            user=session.user if session else None,
            csrf_token=csrf_token or (session.csrf_token if session else ""),
            lang_url=f"{request.url.path}?{urlencode(params)}",
            labels_json=_labels_json(lang), bar_label=self.deps.config.bar_label,
            bar_category=lambda c: bar_look.category_label(c, lang),
            bar_urgent=bar_look.urgent_label(lang),
            **context,
        )
        response = HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)
        if "lang" in request.query_params:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, path=PREFIX,
                                samesite="lax", secure=self.secure(request))
        return response

    def _scheduled_flash(self, at: str | None, lang: str, t) -> str | None:
        """"Saved; appears on 12월 7일 09:00" after saving a notice that starts later."""
        try:
            moment = datetime.fromisoformat(at or "")
        except ValueError:
            return t("flash.created")
        if moment.tzinfo is None:
            return t("flash.created")
        when = forms.scheduled_text(moment, self.clock(), self.zone, lang)
        return t("flash.scheduled", when=when) if when else t("flash.created")

    def error_page(self, request: Request, status: int, key: str,
                   session: WebSession | None = None) -> HTMLResponse:
        return self.render(request, "error.html", session=session, status=status,
                           message=self.t(request, key), page_title=self.t(request, "error.title"))

    @staticmethod
    def redirect(path: str, msg: str | None = None, **params: str) -> RedirectResponse:
        if msg:
            params["msg"] = msg
        query = f"?{urlencode(params)}" if params else ""
        return RedirectResponse(PREFIX + path + query, status_code=303,
                                headers={"Cache-Control": "no-store"})

    @staticmethod
    def secure(request: Request) -> bool:
        return is_secure_request(request.url.scheme, request.headers.get("x-forwarded-proto"))

    # -- signing in ---------------------------------------------------------------------------
    async def sign_in(self, request: Request, username: str, password: str) -> SignIn:
        """Check the throttle and the password, and start a session if both pass.

        Used by the sign-in page and by the re-sign-in inside an expired notice form.
        """
        address = _client_address(request)
        state = await run_in_threadpool(self.throttle.check, username, address)
        if state.blocked:
            return SignIn(status=429, retry_minutes=state.retry_minutes, message=self.t(
                request, "login.throttled", minutes=state.retry_minutes))
        # An over-long password is simply wrong (and never fed to the hasher: that costs CPU).
        plausible = username and len(password) <= PASSWORD_MAX
        user = await run_in_threadpool(self.accounts.verify_password, username, password) if plausible else None
        await run_in_threadpool(self.throttle.record, username, address, user is not None)
        if user is None:
            return SignIn(status=401, message=self.t(request, "login.failed"))
        raw, session = await run_in_threadpool(
            self.sessions.start, WebUser(user.id, user.name, user.role))
        return SignIn(status=200, raw=raw, session=session)

    def set_session_cookie(self, request: Request, response: Response, raw: str) -> None:
        response.set_cookie(SESSION_COOKIE, raw, httponly=True, samesite="lax", path=PREFIX,
                            secure=self.secure(request), max_age=self.sessions.max_age_seconds)
        response.delete_cookie(LOGIN_CSRF_COOKIE, path=PREFIX)

    @staticmethod
    def login_token(request: Request) -> str:
        """The sign-in form's double-submit token (reused from its cookie when present)."""
        return request.cookies.get(LOGIN_CSRF_COOKIE) or new_token()

    def set_login_cookie(self, request: Request, response: Response, token: str) -> None:
        response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                            path=PREFIX, secure=self.secure(request))

    # -- guards ---------------------------------------------------------------------------
    def foreign_origin(self, request: Request, session: WebSession | None = None):
        """A 403 page for a POST whose Origin/Referer names another site, else None."""
        scheme = "https" if self.secure(request) else request.url.scheme
        host = request.headers.get("host", "")
        expected = {origin_of(f"{scheme}://{host}")}
        if self.deps.config.public_url:
            expected.add(origin_of(self.deps.config.public_url))
        # A Host without a port (a proxy's `Host $host`) says nothing about the browser's port.
        any_port = {e for e in expected if e} if ":" not in host.rsplit("]", 1)[-1] else set()
        if origin_allowed(request.headers.get("origin"), request.headers.get("referer"),
                          {e for e in expected if e}, any_port):
            return None
        return self.error_page(request, 403, "error.origin", session)

    async def current_session(self, request: Request) -> WebSession | None:
        return await run_in_threadpool(self.sessions.resolve, request.cookies.get(SESSION_COOKIE))

    async def guard(self, request: Request, *, admin: bool = False, form: bool = False):
        """(session, form data) for a signed-in user with the right role, else a Response.

        POSTs must carry the session's CSRF token; a missing or wrong one is refused with 403
        and nothing changes.
        """
        session = await self.current_session(request)
        if session is None:
            had_cookie = bool(request.cookies.get(SESSION_COOKIE))
            query = f"?{request.url.query}" if request.url.query else ""
            params = {"next": request.url.path + query} if request.method == "GET" else {}
            response = self.redirect("/login", "expired" if had_cookie else None, **params)
            if had_cookie:
                response.delete_cookie(SESSION_COOKIE, path=PREFIX)
            return response
        if form and (refused := self.foreign_origin(request, session)) is not None:
            return refused
        data = await request.form() if form else None
        if form and not tokens_match(session.csrf_token, data.get("csrf_token")):
            return self.error_page(request, 403, "error.csrf", session)
        if admin and not session.user.is_admin:
            return self.error_page(request, 403, "error.forbidden", session)
        return session, data


def _labels_json(lang: str) -> str:
    """Labels the live-preview script needs (the bar's own), safe to embed inside <script>."""
    data = {
        "urgent": bar_look.urgent_label(lang),
        "categories": {c: bar_look.category_label(c, lang)
                       for c in ("event", "project", "issue", "notice")},
    }
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _safe_next(value: str | None) -> str:
    """Only local admin paths: never an open redirect."""
    if value and value.startswith(PREFIX + "/") and not value.startswith("//") and "\\" not in value:
        return value
    return PREFIX + "/notices"


def _add_auth_routes(router: APIRouter, site: AdminSite) -> None:
    @router.get("/", include_in_schema=False)
    async def admin_home(request: Request) -> Response:
        return site.redirect("/notices")

    @router.get("/login", response_class=HTMLResponse)
    async def login_form(request: Request) -> Response:
        if await site.current_session(request) is not None:
            return site.redirect("/notices")
        token = site.login_token(request)
        response = site.render(request, "login.html", csrf_token=token, username="",
                               next_url=_safe_next(request.query_params.get("next")),
                               page_title=site.t(request, "login.title"))
        site.set_login_cookie(request, response, token)
        return response

    @router.post("/login", response_class=HTMLResponse)
    async def login_submit(request: Request) -> Response:
        data = await request.form()
        username = str(data.get("username") or "").strip()[:64]
        password = str(data.get("password") or "")
        next_url = _safe_next(str(data.get("next") or ""))
        cookie_token = request.cookies.get(LOGIN_CSRF_COOKIE)

        def again(status: int, message: str) -> Response:
            token = cookie_token or new_token()
            response = site.render(request, "login.html", status=status, csrf_token=token,
                                   username=username, next_url=next_url, error=message,
                                   page_title=site.t(request, "login.title"))
            site.set_login_cookie(request, response, token)
            return response

        if (refused := site.foreign_origin(request)) is not None:
            return refused
        if not tokens_match(cookie_token, str(data.get("csrf_token") or "")):
            return again(403, site.t(request, "error.csrf"))
        result = await site.sign_in(request, username, password)
        if result.session is None:
            response = again(result.status, result.message)
            if result.retry_minutes:
                response.headers["Retry-After"] = str(result.retry_minutes * 60)
            return response
        response = RedirectResponse(next_url, status_code=303, headers={"Cache-Control": "no-store"})
        site.set_session_cookie(request, response, result.raw)
        return response

    @router.get("/account", response_class=HTMLResponse)
    async def account_page(request: Request) -> Response:
        guarded = await site.guard(request)
        if isinstance(guarded, Response):
            return guarded
        return site.render(request, "account.html", session=guarded[0], errors={},
                           page_title=site.t(request, "account.title"))

    @router.post("/account", response_class=HTMLResponse)
    async def account_password(request: Request) -> Response:
        """Any signed-in user changes their own password (the current one is required)."""
        guarded = await site.guard(request, form=True)
        if isinstance(guarded, Response):
            return guarded
        session, data = guarded
        name, address = session.user.name, _client_address(request)
        password = str(data.get("password") or "")
        errors = {}
        state = await run_in_threadpool(site.throttle.check, name, address)
        if state.blocked:
            errors["current_password"] = site.t(request, "login.throttled",
                                                minutes=state.retry_minutes)
        elif await run_in_threadpool(site.accounts.verify_password, name,
                                     str(data.get("current_password") or "")) is None:
            await run_in_threadpool(site.throttle.record, name, address, False)
            errors["current_password"] = site.t(request, "account.err_current")
        elif code := account_rules.password_problem(
                password, str(data.get("password_confirm") or "")):
            errors["password"] = account_rules.message(code, site.language(request))
        if errors:
            return site.render(request, "account.html", session=session, status=422,
                               errors=errors, page_title=site.t(request, "account.title"))

        def change() -> None:
            site.accounts.set_password(name, name, password)
            # Whoever knew the old password is signed out everywhere else; this browser stays.
            site.sessions.end_all_for(session.user.id, keep=session)

        await run_in_threadpool(change)
        return site.redirect("/account", "password_reset")

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        guarded = await site.guard(request, form=True)
        if isinstance(guarded, Response):
            return guarded
        await run_in_threadpool(site.sessions.end, request.cookies.get(SESSION_COOKIE))
        response = site.redirect("/login", "signed_out")
        response.delete_cookie(SESSION_COOKIE, path=PREFIX)
        return response


def build_router(deps) -> APIRouter:
    """The /admin router, wired to the server's deps (`server_stub.app.AppDeps`)."""
    site = AdminSite(deps)
    router = APIRouter(prefix=PREFIX, include_in_schema=False)
    _add_auth_routes(router, site)
    notice_views.add_routes(router, site)
    admin_views.add_routes(router, site)
    reach_views.add_routes(router, site)
    return router
