"""A real local HTTP server on a random port for receipts tests.

``GET /feed.json`` answers ``feed`` (bytes); ``POST /receipts`` records every JSON body and
answers with the next scripted status (``script``: a list consumed front to back, then
``status``). ``retry_after`` adds a Retry-After header to 429/503 answers.
"""

from __future__ import annotations

import http.server
import json
import threading
import time


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        body = self.server.owner.feed
        self.send_response(200)
        self.send_header("Content-Type", "application/feed+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        status = owner.next_status()
        with owner.lock:
            owner.requests.append((time.monotonic(), status, json.loads(raw)))
        payload = json.dumps({"stored": 0, "ignored": 0}).encode()
        self.send_response(status)
        if status in (429, 503) and owner.retry_after is not None:
            self.send_header("Retry-After", str(owner.retry_after))
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    owner: ReceiptsServer


class ReceiptsServer:
    def __init__(self, status: int = 202, port: int = 0) -> None:
        self.status = status
        self.script: list[int] = []
        self.retry_after: int | None = None
        self.feed = b"{}"
        self.lock = threading.Lock()
        self.requests: list[tuple[float, int, dict]] = []
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str = "/receipts") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def next_status(self) -> int:
        with self.lock:
            return self.script.pop(0) if self.script else self.status

    def posts(self) -> list[tuple[float, int, dict]]:
        with self.lock:
            return list(self.requests)

    def delivered_events(self) -> list[dict]:
        """Events of batches answered 2xx, in arrival order."""
        return [e for _t, status, body in self.posts() if 200 <= status < 300
                for e in body["events"]]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
