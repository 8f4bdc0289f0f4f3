"""A real local HTTP(S) server on a random port with scripted, mostly hostile, behaviours.

Each path is bound to a behaviour (a callable taking the request handler). Tests swap
behaviours while a client is polling. Everything that blocks (drip, hang, long-poll hold)
wakes up when the server stops, so no thread outlives the fixture.
"""

from __future__ import annotations

import dataclasses
import email.utils
import hashlib
import http.server
import re
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable

Behaviour = Callable[["_Handler"], None]


@dataclasses.dataclass(frozen=True)
class Seen:
    """One request as the server saw it."""

    method: str
    path: str  # absolute URI when the client talked to us as a proxy
    headers: dict[str, str]
    at: float


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
    timeout = 10  # an idle keep-alive client must not pin a handler thread for long

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet tests
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        owner = self.server.owner
        owner.log(Seen("GET", self.path, {k.lower(): v for k, v in self.headers.items()},
                       time.monotonic()))
        path = self.path
        if "://" in path:  # proxy-style absolute URI
            path = "/" + path.split("://", 1)[1].split("/", 1)[-1]
        behaviour = owner.behaviour_for(path.split("?", 1)[0])
        if behaviour is None:
            self.send_plain(404, b"not found")
            return
        try:
            behaviour(self)
        except (TimeoutError, BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True

    @property
    def stopping(self) -> threading.Event:
        return self.server.owner.stopping

    def send_plain(self, status: int, body: bytes, content_type: str = "text/plain",
                   headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins the handler threads
    block_on_close = True
    owner: HostileServer

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # hostile behaviours break connections on purpose; no tracebacks on stderr


class HostileServer:
    def __init__(self, ssl_context: ssl.SSLContext | None = None, port: int = 0) -> None:
        self.stopping = threading.Event()
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self._routes: dict[str, Behaviour] = {}
        self._httpd = _Server(("127.0.0.1", port), _Handler)
        self._httpd.owner = self
        if ssl_context is not None:
            self._httpd.socket = ssl_context.wrap_socket(self._httpd.socket, server_side=True)
        self.scheme = "https" if ssl_context else "http"
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05}, name="hostile-server")
        self._thread.start()

    def url(self, path: str = "/feed") -> str:
        host = "localhost" if self.scheme == "https" else "127.0.0.1"
        return f"{self.scheme}://{host}:{self.port}{path}"

    def route(self, path: str, behaviour: Behaviour) -> str:
        with self._lock:
            self._routes[path] = behaviour
        return self.url(path)

    def behaviour_for(self, path: str) -> Behaviour | None:
        with self._lock:
            return self._routes.get(path)

    def log(self, seen: Seen) -> None:
        with self._lock:
            self.requests.append(seen)

    def seen(self, path: str | None = None) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if path is None or r.path.endswith(path)]

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)


# -- behaviours ---------------------------------------------------------------------------


class Feed:
    """A well-behaved feed: ETag/Last-Modified, 304s and optional long-poll (Prefer: wait=N)."""

    def __init__(self, body: bytes, content_type: str = "application/feed+json",
                 long_poll: bool = False) -> None:
        self.long_poll = long_poll
        self.content_type = content_type
        self._changed = threading.Condition()
        self._set(body)

    def _set(self, body: bytes) -> None:
        self.body = body
        self.etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        self.last_modified = email.utils.formatdate(usegmt=True)

    def update(self, body: bytes) -> None:
        with self._changed:
            self._set(body)
            self._changed.notify_all()

    def __call__(self, req: _Handler) -> None:
        inm = req.headers.get("If-None-Match")
        headers = {"ETag": self.etag, "Last-Modified": self.last_modified}
        wait = _prefer_wait(req.headers.get("Prefer", ""))
        if inm == self.etag and self.long_poll and wait:
            headers["Preference-Applied"] = f"wait={wait}"
            deadline = time.monotonic() + wait
            with self._changed:
                while self.etag == inm and not req.stopping.is_set():
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    self._changed.wait(min(remaining, 0.1))
            headers["ETag"], headers["Last-Modified"] = self.etag, self.last_modified
        if inm == self.etag:
            req.send_response(304)
            for name, value in headers.items():
                req.send_header(name, value)
            req.send_header("Content-Length", "0")
            req.end_headers()
            return
        req.send_plain(200, self.body, self.content_type, headers)


def _prefer_wait(value: str) -> int | None:
    match = re.search(r"wait=(\d+)", value)
    return min(int(match.group(1)), 60) if match else None


def static(body: bytes, content_type: str = "application/feed+json", status: int = 200,
           headers: dict[str, str] | None = None) -> Behaviour:
    def behaviour(req: _Handler) -> None:
        req.send_plain(status, body, content_type, headers)
    return behaviour


def error(status: int, retry_after: str | None = None) -> Behaviour:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return static(f"error {status}".encode(), "text/plain", status, headers)


def slow_drip(byte_interval: float = 1.0, length: int = 10_000) -> Behaviour:
    """Headers at once, then one body byte per ``byte_interval`` (each read is 'on time')."""
    def behaviour(req: _Handler) -> None:
        req.send_response(200)
        req.send_header("Content-Type", "application/feed+json")
        req.send_header("Content-Length", str(length))
        req.end_headers()
        req.wfile.flush()
        for _ in range(length):
            if req.stopping.wait(byte_interval):
                return
            req.wfile.write(b" ")
            req.wfile.flush()
    return behaviour


def slow_headers(byte_interval: float = 0.5) -> Behaviour:
    """The status line and headers themselves arrive one byte at a time."""
    def behaviour(req: _Handler) -> None:
        head = b"HTTP/1.1 200 OK\r\n" + b"X-Padding: " + b"a" * 500 + b"\r\n\r\n"
        for byte in head:
            if req.stopping.wait(byte_interval):
                return
            req.wfile.write(bytes([byte]))
            req.wfile.flush()
        req.close_connection = True
    return behaviour


def huge(size: int, declare_length: bool = True) -> Behaviour:
    """A body of ``size`` bytes, announced by Content-Length or sent chunked."""
    block = b"[" + b"0," * 4095 + b"0]"  # 8 KiB-ish of valid-looking JSON noise

    def behaviour(req: _Handler) -> None:
        req.send_response(200)
        req.send_header("Content-Type", "application/feed+json")
        if declare_length:
            req.send_header("Content-Length", str(size))
        else:
            req.send_header("Transfer-Encoding", "chunked")
        req.end_headers()
        sent = 0
        while sent < size and not req.stopping.is_set():
            piece = block[: size - sent]
            if declare_length:
                req.wfile.write(piece)
            else:
                req.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            sent += len(piece)
        if not declare_length:
            req.wfile.write(b"0\r\n\r\n")
        req.wfile.flush()
    return behaviour


def truncated(declared: int, actual: bytes) -> Behaviour:
    """Content-Length promises ``declared`` bytes; the server sends ``actual`` and hangs up."""
    def behaviour(req: _Handler) -> None:
        req.send_response(200)
        req.send_header("Content-Type", "application/feed+json")
        req.send_header("Content-Length", str(declared))
        req.end_headers()
        req.wfile.write(actual)
        req.close_connection = True
    return behaviour


def reset() -> Behaviour:
    """Close the connection with a TCP RST before answering."""
    def behaviour(req: _Handler) -> None:
        req.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        req.close_connection = True
        req.connection.close()
    return behaviour


def hang() -> Behaviour:
    """Accept the request and never answer (until the server stops)."""
    def behaviour(req: _Handler) -> None:
        req.stopping.wait()
        req.close_connection = True
    return behaviour
