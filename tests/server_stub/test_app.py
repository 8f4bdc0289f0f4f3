"""App factory: the admin router gets the app's deps; the embedded (demo) server."""

from __future__ import annotations

import requests
from fastapi import APIRouter
from fastapi.testclient import TestClient

import server_stub.app
from server_stub.app import AppDeps, create_app
from server_stub.config import ServerConfig
from server_stub.embedded import start_embedded


def test_admin_router_receives_the_apps_deps(server_data_dir, database_url, monkeypatch):
    seen = {}

    def build_router(deps):
        seen["deps"] = deps
        router = APIRouter()

        @router.get("/admin/ping")
        def ping():
            return {"pong": True}

        return router

    monkeypatch.setattr(server_stub.app, "build_router", build_router)
    app = create_app(ServerConfig(data_dir=server_data_dir, database_url=database_url))
    assert isinstance(seen["deps"], AppDeps) and app.state.deps is seen["deps"]
    with TestClient(app) as client:
        assert client.get("/admin/ping").json() == {"pong": True}
    seen["deps"].engine.dispose()


def test_feeds_and_api_do_not_need_the_admin_routes(server_data_dir, database_url, monkeypatch):
    monkeypatch.setattr(server_stub.app, "build_router", lambda deps: APIRouter())
    app = create_app(ServerConfig(data_dir=server_data_dir, database_url=database_url))
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/admin/ping").status_code == 404
        assert client.get("/admin/").status_code == 404
    app.state.deps.engine.dispose()


def test_embedded_server_serves_seeded_demo(server_data_dir):
    server = start_embedded(server_data_dir, seed=True)
    try:
        assert server.base_url.startswith("http://127.0.0.1:")
        assert server.admin_url == server.base_url + "/admin/"
        feed = requests.get(server.base_url + "/feed.json", timeout=5)
        assert feed.status_code == 200 and len(feed.json()["items"]) >= 8
        name, password = server.demo_credentials
        assert name and len(password) >= 12
    finally:
        server.stop()
    again = start_embedded(server_data_dir, seed=True)  # same dir: reseeds, new password
    try:
        assert again.demo_credentials[1] != password
    finally:
        again.stop()
