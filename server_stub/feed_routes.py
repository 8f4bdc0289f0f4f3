"""Feed endpoints: /feed.json, /feed.atom, /public/feed.json, /public/feed.atom, /healthz.

Async and database-free: they serve bytes pre-rendered by `FeedCache`. Conditional requests
(If-None-Match, If-Modified-Since) get 304 with an empty body. Long-poll: with a matching
If-None-Match and ``Prefer: wait=N`` (RFC 7240, N capped at 60) the request is held until the
feed changes (200 at once) or N seconds pass (304); both carry ``Preference-Applied: wait=N``.
"""

from __future__ import annotations

import asyncio
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import APIRouter, Query, Request, Response

from server_stub.feed_cache import RenderedFeed

MAX_AUDIENCE_NAMES = 50
_FEED_RESPONSES = {
    200: {"description": "The feed (JSON Feed 1.1 or Atom 1.0)."},
    304: {"description": "Not modified: If-None-Match matched (or the long-poll timed out)."},
}


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


def _not_modified_since(request: Request, feed: RenderedFeed) -> bool:
    header = request.headers.get("if-modified-since")
    if not header or "if-none-match" in request.headers:
        return False
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since is None or since.tzinfo is None:
        return False
    return feed.last_modified <= since


def build_feed_router(deps) -> APIRouter:
    router = APIRouter(tags=["feed"])
    cache = deps.feed_cache
    config = deps.config

    def headers_for(feed: RenderedFeed, public: bool) -> dict[str, str]:
        headers = {
            "ETag": feed.etag,
            "Last-Modified": format_datetime(feed.last_modified, usegmt=True),
            "Cache-Control": "no-cache",
        }
        if public:
            headers["Access-Control-Allow-Origin"] = "*"
            headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Preference-Applied"
        return headers

    async def serve(request: Request, kind: str, public: bool, audience: str | None) -> Response:
        base_url = config.public_url or str(request.base_url).rstrip("/")
        if config.public_url is None:
            cache.remember_base_url(base_url)
        names = parse_audience(audience)

        def current() -> RenderedFeed:
            return cache.variant(kind, base_url, public=public, audience=names)

        feed = current()
        if_none_match = request.headers.get("if-none-match")
        if if_none_match is None:
            if _not_modified_since(request, feed):
                return Response(status_code=304, headers=headers_for(feed, public))
            return Response(feed.body, media_type=feed.content_type,
                            headers=headers_for(feed, public))
        if not etag_matches(if_none_match, feed.etag):
            return Response(feed.body, media_type=feed.content_type,
                            headers=headers_for(feed, public))
        wait = parse_prefer_wait(request.headers.getlist("prefer"), config.max_wait_seconds)
        if wait is None:
            return Response(status_code=304, headers=headers_for(feed, public))
        applied = {"Preference-Applied": f"wait={wait}"}
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while (remaining := deadline - loop.time()) > 0:
            changed = await deps.broadcaster.wait(remaining)
            feed = current()
            if not etag_matches(if_none_match, feed.etag):
                return Response(feed.body, media_type=feed.content_type,
                                headers=headers_for(feed, public) | applied)
            if not changed:
                break
        return Response(status_code=304, headers=headers_for(feed, public) | applied)

    audience_query = Query(
        None,
        description="Comma-separated department names: notices for everyone plus those "
        "aimed at any of them. 부서 이름(쉼표로 구분).",
        max_length=4000,
    )

    @router.get("/feed.json", responses=_FEED_RESPONSES, response_class=Response,
                summary="All live published notices as JSON Feed 1.1 (application/feed+json)")
    async def feed_json(request: Request, audience: str | None = audience_query) -> Response:
        return await serve(request, "json", False, audience)

    @router.get("/feed.atom", responses=_FEED_RESPONSES, response_class=Response,
                summary="The same notices as Atom 1.0")
    async def feed_atom(request: Request, audience: str | None = audience_query) -> Response:
        return await serve(request, "atom", False, audience)

    @router.get("/public/feed.json", responses=_FEED_RESPONSES, response_class=Response,
                summary="Public notices only, JSON Feed 1.1")
    async def public_feed_json(request: Request,
                               audience: str | None = audience_query) -> Response:
        return await serve(request, "json", True, audience)

    @router.get("/public/feed.atom", responses=_FEED_RESPONSES, response_class=Response,
                summary="Public notices only, Atom 1.0")
    async def public_feed_atom(request: Request,
                               audience: str | None = audience_query) -> Response:
        return await serve(request, "atom", True, audience)

    @router.get("/healthz", summary="Liveness: 200 with {\"status\": \"ok\"}")
    async def healthz() -> dict:
        return {"status": "ok", "feed_version": deps.broadcaster.version,
                "waiting": deps.broadcaster.waiting}

    return router
