"""A notice server in a background thread, for the ticker's ``--demo``.

``start_embedded(data_dir, seed=True)`` binds a free loopback port, seeds the demo notices,
creates (or resets) a demo admin user and returns an `EmbeddedServer` with ``base_url``,
``admin_url``, ``demo_credentials`` (name, password) and ``stop()``.
"""

from __future__ import annotations

import secrets
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from server_stub.app import build_deps, create_app
from server_stub.broadcast import Broadcaster
from server_stub.config import ServerConfig
from server_stub.seed import seed_demo

DEMO_ADMIN = "demo-admin"


@dataclass
class EmbeddedServer:
    base_url: str
    admin_url: str
    demo_credentials: tuple[str, str]
    data_dir: Path
    _server: uvicorn.Server
    _thread: threading.Thread
    _socket: socket.socket
    _broadcaster: Broadcaster

    @property
    def feed_url(self) -> str:
        return self.base_url + "/feed.json"

    def stop(self, timeout: float = 10.0) -> None:
        self._broadcaster.close()  # release held long-polls first
        self._server.should_exit = True
        self._thread.join(timeout)
        self._socket.close()


def start_embedded(data_dir: Path | str, seed: bool = True, timeout: float = 20.0) -> EmbeddedServer:
    data_dir = Path(data_dir)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = ServerConfig(data_dir=data_dir, port=port)
    deps = build_deps(config)
    if seed:
        seed_demo(deps.service, deps.clock(), deps.departments)
    password = secrets.token_urlsafe(12)
    if deps.users.get_by_name(DEMO_ADMIN) is None:
        deps.users.add(DEMO_ADMIN, "admin", password)
    else:
        deps.users.set_password(DEMO_ADMIN, password)
        deps.users.set_disabled(DEMO_ADMIN, False)
    app = create_app(config, deps)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                           timeout_graceful_shutdown=2, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                              name="notice-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("내장 알림 서버를 시작하지 못했습니다 / embedded server failed to start")
        time.sleep(0.02)
    base_url = f"http://127.0.0.1:{port}"
    return EmbeddedServer(base_url, base_url + "/admin/", (DEMO_ADMIN, password), data_dir,
                          server, thread, sock, deps.broadcaster)
