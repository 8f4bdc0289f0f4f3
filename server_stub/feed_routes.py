"""Feed endpoints: /feed.json, /feed.atom, /public/feed.json, /public/feed.atom, /healthz.

Async and database-free: they serve bytes pre-rendered by `FeedCache`. Conditional requests
(If-None-Match, If-Modified-Since) get 304 with an empty body. Long-poll: with a matching
If-None-Match and ``Prefer: wait=N`` (RFC 7240, N capped at 60) the request is held until the
feed changes (200 at once) or N seconds pass (304); both carry ``Preference-Applied: wait=N``.

`FeedEndpoint.respond` works on the raw ASGI scope. `FeedFastPath` (an ASGI middleware)
answers the feed paths with it before the framework's routing, which keeps the poll path
cheap; the FastAPI routes below call the same code and describe the endpoints in OpenAPI.
"""

from __future__ import annotations

import asyncio
import json
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import parse_qsl

from fastapi import APIRouter, Query, Request, Response

from server_stub.feed_cache import RenderedFeed

MAX_AUDIENCE_NAMES = 50
MAX_QUERY_LENGTH = 4000
FEED_PATHS = {
    "/feed.json": ("json", False),
    "/feed.atom": ("atom", False),
    "/public/feed.json": ("json", True),
    "/public/feed.atom": ("atom", True),
}
_FEED_RESPONSES = {
    200: {"description": "The feed (JSON Feed 1.1 or Atom 1.0)."},
    304: {"description": "Not modified: If-None-Match matched (or the long-poll timed out)."},
}
Reply = tuple[int, list[tuple[bytes, bytes]], bytes]


def parse_prefer_wait(values: list[str], maximum: int) -> int | None:
    """The ``wait`` preference in seconds from Prefer header values, capped at ``maximum``."""
    for value in values:
        for pref in value.split(","):
            token, _, rest = pref.split(";", 1)[0].strip().partition("=")
            if token.strip().lower() != "wait":
                continue
            try:
                seconds = int(rest.strip().strip('"'))
            except ValueError:
                return None
            return min(seconds, maximum) if seconds > 0 else None
    return None


def etag_matches(header: str, etag: str) -> bool:
    """If-None-Match comparison (weak, per RFC 9110 13.1.2): any listed tag or '*'."""
    if header.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == bare for tag in header.split(","))


def parse_audience(raw: str | None) -> tuple[str, ...] | None:
    if raw is None:
        return None
    names = {n.strip() for n in raw.split(",") if n.strip()}
    return tuple(sorted(names)[:MAX_AUDIENCE_NAMES])


def _modified_since(header: str | None, feed: RenderedFeed) -> bool | None:
    """False when If-Modified-Since shows the client is current; None if absent or bad."""
    if not header:
        return None
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return None
    if since is None or since.tzinfo is None:
        return None
    return feed.last_modified > since


class FeedEndpoint:
    """Conditional GET and long-poll for the four feed variants."""

    def __init__(self, deps) -> None:
        self._cache = deps.feed_cache
        self._broadcaster = deps.broadcaster
        self._public_url = deps.config.public_url
        self._max_wait = deps.config.max_wait_seconds
        self._header_cache: dict[tuple[int, bool], list[tuple[bytes, bytes]]] = {}

    def _headers(self, feed: RenderedFeed, public: bool, with_type: bool) -> list:
        key = (id(feed), public, with_type)
        found = self._header_cache.get(key)
        if found is not None and found[0] is feed:
            return found[1]
        headers = [
            (b"etag", feed.etag.encode()),
            (b"last-modified", format_datetime(feed.last_modified, usegmt=True).encode()),
            (b"cache-control", b"no-cache"),
        ]
        if with_type:
            headers.append((b"content-type", feed.content_type.encode()))
            headers.append((b"content-length", str(len(feed.body)).encode()))
        if public:
            headers.append((b"access-control-allow-origin", b"*"))
            headers.append((b"access-control-expose-headers",
                            b"ETag, Last-Modified, Preference-Applied"))
        if len(self._header_cache) > 64:
            self._header_cache.clear()
        self._header_cache[key] = (feed, headers)
        return headers

    def _full(self, feed: RenderedFeed, public: bool, extra: list | None = None) -> Reply:
        return 200, self._headers(feed, public, True) + (extra or []), feed.body

    def _not_modified(self, feed: RenderedFeed, public: bool, extra: list | None = None) -> Reply:
        return 304, self._headers(feed, public, False) + (extra or []), b""

    async def respond(self, scope: dict) -> Reply:
        kind, public = FEED_PATHS[scope["path"]]
        if_none_match = if_modified_since = host = None
        prefer: list[str] = []
        for name, value in scope["headers"]:
            if name == b"if-none-match":
                if_none_match = value.decode("latin-1")
            elif name == b"if-modified-since":
                if_modified_since = value.decode("latin-1")
            elif name == b"prefer":
                prefer.append(value.decode("latin-1"))
            elif name == b"host":
                host = value.decode("latin-1")
        query = scope.get("query_string", b"")
        audience = None
        if query:
            if len(query) > MAX_QUERY_LENGTH:
                return _bad_query()
            # Repeated parameters add up: ?audience=A&audience=B is ?audience=A,B.
            values = [value for key, value in parse_qsl(query.decode("latin-1"),
                                                        keep_blank_values=True)
                      if key == "audience"]
            if values:
                audience = ",".join(values)
        base_url = self._public_url or _base_url(scope, host)
        if self._public_url is None:
            self._cache.remember_base_url(base_url)
        names = parse_audience(audience)

        def current() -> RenderedFeed:
            return self._cache.variant(kind, base_url, public=public, audience=names)

        feed = current()
        if if_none_match is None:
            if _modified_since(if_modified_since, feed) is False:
                return self._not_modified(feed, public)
            return self._full(feed, public)
        if not etag_matches(if_none_match, feed.etag):
            return self._full(feed, public)
        wait = parse_prefer_wait(prefer, self._max_wait)
        if wait is None:
            return self._not_modified(feed, public)
        applied = [(b"preference-applied", f"wait={wait}".encode())]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while (remaining := deadline - loop.time()) > 0:
            changed = await self._broadcaster.wait(remaining)
            feed = current()
            if not etag_matches(if_none_match, feed.etag):
                return self._full(feed, public, applied)
            if not changed:
                break
        return self._not_modified(feed, public, applied)


def _base_url(scope: dict, host: str | None) -> str:
    scheme = scope.get("scheme", "http")
    if not host:
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scheme}://{host}{scope.get('root_path', '')}".rstrip("/")


def _bad_query() -> Reply:
    body = json.dumps({"code": "validation_failed", "message": "입력값을 확인해 주세요.",
                       "errors": [{"field": "audience", "code": "invalid_parameter",
                                   "message": "값이 올바르지 않습니다."}]},
                      ensure_ascii=False).encode()
    return 422, [(b"content-type", b"application/json"),
                 (b"content-length", str(len(body)).encode())], body


class FeedFastPath:
    """ASGI middleware: GET/HEAD on a feed path is answered here, everything else passes."""

    def __init__(self, app, endpoint: FeedEndpoint) -> None:
        self.app = app
        self.endpoint = endpoint

    async def __call__(self, scope, receive, send) -> None:
        if (scope["type"] != "http" or scope["path"] not in FEED_PATHS
                or scope["method"] not in ("GET", "HEAD")):
            await self.app(scope, receive, send)
            return
        status, headers, body = await self.endpoint.respond(scope)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body",
                    "body": b"" if scope["method"] == "HEAD" else body})


def build_feed_router(deps, endpoint: FeedEndpoint) -> APIRouter:
    """Routes for OpenAPI (and for an app mounted without `FeedFastPath`)."""
    router = APIRouter(tags=["feed"])

    async def serve(request: Request) -> Response:
        status, headers, body = await endpoint.respond(request.scope)
        response = Response(body, status_code=status)
        response.raw_headers = list(headers)
        return response

    audience_query = Query(
        None,
        description="Comma-separated department names: notices for everyone plus those "
        "aimed at any of them. 부서 이름(쉼표로 구분).",
        max_length=MAX_QUERY_LENGTH,
    )
    summaries = {
        "/feed.json": "All live published notices as JSON Feed 1.1 (application/feed+json)",
        "/feed.atom": "The same notices as Atom 1.0",
        "/public/feed.json": "Public notices only, JSON Feed 1.1",
        "/public/feed.atom": "Public notices only, Atom 1.0",
    }
    for path, summary in summaries.items():
        async def handler(request: Request, audience: str | None = audience_query) -> Response:
            return await serve(request)

        router.add_api_route(path, handler, methods=["GET"], summary=summary,
                             responses=_FEED_RESPONSES, response_class=Response,
                             name=path.strip("/").replace("/", "_").replace(".", "_"))

    @router.get("/healthz", summary="Liveness: 200 with {\"status\": \"ok\"}")
    async def healthz() -> dict:
        return {"status": "ok", "feed_version": deps.broadcaster.version,
                "waiting": deps.broadcaster.waiting}

    return router
