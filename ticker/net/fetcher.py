"""One bounded HTTP GET of a feed: timeouts, a total deadline, a size cap, conditional GET, long-poll.

requests alone bounds neither the total time (a read timeout restarts with every byte, so a
server dripping one byte per second never times out) nor the size. Here:

- connect and read timeouts go on every request;
- a watchdog cuts the socket when the total deadline passes on the fetcher's clock (injected,
  ``time.monotonic`` by default) — while waiting for headers,
  while reading them and while streaming the body (the session must come from
  ``make_session``; on a foreign session only the per-chunk deadline check applies);
- the body is streamed in chunks and abandoned past ``max_bytes`` (Content-Length is
  checked first);
- ``If-None-Match`` / ``If-Modified-Since`` from the last good response give cheap 304s;
- long-poll: ``Prefer: wait=N`` with ``If-None-Match``. Timeouts and deadline grow by N only
  for a URL whose server answered ``Preference-Applied`` before. Until then we send a short
  probe wait that fits in the ordinary timeouts, so a server that does not long-poll costs
  nothing and one that does is discovered on the first conditional request.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import http.client
import logging
import re
import threading
import time
from collections.abc import Callable
from typing import Literal

import requests
import urllib3

from ticker.net.backoff import parse_retry_after
from ticker.net.deadline import RequestDeadline
from ticker.net.redact import redact_url
from ticker.net.tls import abort_requests, make_session

__all__ = ["FetchError", "FetchResult", "Fetcher", "make_session", "redact_url"]

log = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024
MAX_WAIT = 60  # the notice server honours at most 60 s
PROBE_WAIT = 5  # seconds; must fit well inside read_timeout
CHUNK = 64 * 1024
_PREFERENCE_WAIT = re.compile(r"(?:^|[,;\s])wait\s*=\s*(\d+)", re.IGNORECASE)

ErrorKind = Literal["timeout", "too_large", "http_status", "connection", "tls"]

_MESSAGES: dict[str, tuple[str, str]] = {
    "timeout": ("서버 응답이 너무 늦습니다", "the server took too long to answer"),
    "too_large": ("피드가 너무 큽니다", "the feed is too large"),
    "connection": ("서버에 연결할 수 없습니다", "cannot connect to the server"),
    "tls": ("보안 연결(TLS) 인증서를 확인할 수 없습니다", "the TLS certificate could not be verified"),
}


class FetchError(Exception):
    """A fetch that produced no usable response. ``str(error)`` is Korean (English)."""

    def __init__(self, kind: ErrorKind, detail: str = "", *, status: int | None = None,
                 retry_after: float | None = None, message: str | None = None) -> None:
        self.kind = kind
        self.status = status
        self.retry_after = retry_after
        self.detail = detail
        if kind == "http_status":
            ko, en = f"서버 오류 (HTTP {status})", f"server error (HTTP {status})"
        else:
            ko, en = _MESSAGES[kind]
        self.message = message or f"{ko} ({en})"
        super().__init__(self.message)


@dataclasses.dataclass(frozen=True, slots=True)
class FetchResult:
    status: Literal["ok", "not_modified"]
    body: bytes | None  # None for not_modified
    etag: str | None
    last_modified: str | None
    content_type: str | None


class Fetcher:
    """Bounded GETs over an injected ``requests.Session`` (see ``make_session``)."""

    def __init__(self, session: requests.Session, clock: Callable[[], float] = time.monotonic,
                 *, max_bytes: int = MAX_BYTES,
                 connect_timeout: float = 5.0, read_timeout: float = 15.0,
                 total_deadline: float = 30.0, probe_wait: int = PROBE_WAIT,
                 wall_clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)) -> None:
        self.session = session
        self.clock = clock
        self.max_bytes = max_bytes
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.total_deadline = total_deadline
        self.probe_wait = max(0, min(probe_wait, int(read_timeout // 3)))
        self.wall_clock = wall_clock
        self._lock = threading.Lock()
        self._long_poll_urls: set[str] = set()

    def supports_long_poll(self, url: str) -> bool:
        with self._lock:
            return url in self._long_poll_urls

    def abort(self, owner: int | None = None) -> int:
        """Cut off requests in flight: those of thread ``owner``, or all when None."""
        return abort_requests(self.session, owner)

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None,
              wait: float | None = None) -> FetchResult:
        """GET ``url``; ``wait`` asks for a long-poll of that many seconds (needs ``etag``)."""
        headers = {"Accept": ("application/feed+json, application/json;q=0.9, "
                              "application/atom+xml, application/rss+xml, "
                              "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1")}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        extra = 0
        requested = int(min(max(wait or 0, 0), MAX_WAIT))
        if requested and etag:
            if self.supports_long_poll(url):
                extra = requested
                headers["Prefer"] = f"wait={requested}"
            elif self.probe_wait:
                headers["Prefer"] = f"wait={min(requested, self.probe_wait)}"
        deadline = self.clock() + self.total_deadline + extra
        with RequestDeadline(self.session, deadline, self.clock) as watchdog:
            return self._get(url, headers, extra, deadline, watchdog.expired)

    # -- internals ---------------------------------------------------------------------

    def _get(self, url: str, headers: dict[str, str], extra: float, deadline: float,
             expired: threading.Event) -> FetchResult:
        try:
            response = self.session.get(
                url, headers=headers, stream=True, allow_redirects=True,
                timeout=(self.connect_timeout, self.read_timeout + extra))
        except requests.exceptions.SSLError as exc:
            raise FetchError("tls", str(exc)) from exc
        except (requests.exceptions.Timeout, requests.exceptions.ConnectionError,
                requests.exceptions.ChunkedEncodingError) as exc:
            raise self._transport_error(exc, expired) from exc
        except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                requests.exceptions.MissingSchema) as exc:
            raise FetchError("connection", str(exc), message=(
                "피드 주소가 올바르지 않습니다 (invalid feed URL)")) from exc
        except requests.exceptions.TooManyRedirects as exc:
            _close_response(exc)  # requests leaves the last hop open, pinning its socket
            raise FetchError("connection", str(exc), message=(
                "피드 주소의 리디렉션이 너무 많습니다 (too many redirects)")) from exc
        except requests.exceptions.RequestException as exc:
            _close_response(exc)
            raise FetchError("connection", str(exc)) from exc
        with response:
            self._note_long_poll(url, response, "Prefer" in headers)
            if response.status_code == 304:
                return FetchResult("not_modified", None,
                                   response.headers.get("ETag") or headers.get("If-None-Match"),
                                   response.headers.get("Last-Modified")
                                   or headers.get("If-Modified-Since"),
                                   response.headers.get("Content-Type"))
            if not 200 <= response.status_code < 300:
                retry_after = parse_retry_after(response.headers.get("Retry-After"),
                                                self.wall_clock())
                raise FetchError("http_status", response.reason or "",
                                 status=response.status_code, retry_after=retry_after)
            body = self._read_body(response, deadline, expired)
            return FetchResult("ok", body, response.headers.get("ETag"),
                               response.headers.get("Last-Modified"),
                               response.headers.get("Content-Type"))

    def _read_body(self, response: requests.Response, deadline: float,
                   expired: threading.Event) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared is not None:
            try:
                if int(declared) > self.max_bytes:
                    raise FetchError("too_large", f"Content-Length {declared}")
            except ValueError:
                pass  # a garbage Content-Length is the server's problem; the stream cap still holds
        parts: list[bytes] = []
        size = 0
        raw = response.raw
        try:
            while True:
                # read1 returns whatever one recv brought (decoded, at most CHUNK bytes), so
                # the deadline is checked after every trickle — read(n) would block for n bytes.
                chunk = raw.read1(CHUNK, decode_content=True)
                if expired.is_set() or self.clock() > deadline:
                    raise FetchError("timeout", "total deadline passed while reading the body")
                if not chunk:
                    break
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError("too_large", f"more than {self.max_bytes} bytes")
                parts.append(chunk)
        except FetchError:
            raise
        except (TimeoutError, urllib3.exceptions.ReadTimeoutError) as exc:
            raise FetchError("timeout", str(exc)) from exc
        except urllib3.exceptions.SSLError as exc:
            raise FetchError("tls", str(exc)) from exc
        except (urllib3.exceptions.HTTPError, http.client.HTTPException, OSError,
                ValueError) as exc:
            raise self._transport_error(exc, expired) from exc
        return b"".join(parts)

    @staticmethod
    def _transport_error(exc: BaseException, expired: threading.Event) -> FetchError:
        if expired.is_set():
            return FetchError("timeout", "total deadline passed")
        if isinstance(exc, requests.exceptions.Timeout):
            return FetchError("timeout", str(exc))
        text = str(exc)
        if "CERTIFICATE_VERIFY_FAILED" in text or "SSLError" in text:
            return FetchError("tls", text)
        return FetchError("connection", text)

    def _note_long_poll(self, url: str, response: requests.Response, asked: bool) -> None:
        applied = _PREFERENCE_WAIT.search(response.headers.get("Preference-Applied", ""))
        with self._lock:
            if applied:
                if url not in self._long_poll_urls:
                    log.info("Server honours long-poll for %s", redact_url(url))
                self._long_poll_urls.add(url)
            elif asked and response.status_code == 304 and url in self._long_poll_urls:
                # A 304 without Preference-Applied was not held: the server stopped long-polling.
                log.info("Server no longer honours long-poll for %s", redact_url(url))
                self._long_poll_urls.discard(url)


def _close_response(exc: requests.exceptions.RequestException) -> None:
    response = getattr(exc, "response", None)
    if response is not None:
        response.close()
