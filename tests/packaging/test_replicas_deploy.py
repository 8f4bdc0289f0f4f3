"""The several-replicas examples: the systemd template unit verifies, and the nginx example
really runs: micro-cache for plain feed GETs (per ?audience=, 304 from the cached ETag), held
long-polls and credentialed requests straight to a replica, a dead replica skipped."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
import time
from urllib.parse import quote

import pytest

from tests.fixtures.nginx import NginxReplicas
from tests.packaging.conftest import ROOT

TEMPLATE = ROOT / "packaging" / "systemd" / "notice-server@.service"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_template_unit_runs_one_replica_per_port(tmp_path):
    text = TEMPLATE.read_text(encoding="utf-8")
    assert re.search(r"^ExecStart=\S+ serve --host 127\.0\.0\.1 --port %i ", text, re.M)
    assert "EnvironmentFile=/etc/notice-server/database.env" in text
    assert "NOTICE_DATABASE_URL=postgresql+psycopg://" in text
    # verify an instance as written (the binary lives elsewhere on this machine)
    unit = tmp_path / "notice-server@8081.service"
    unit.write_text(re.sub(r"^ExecStart=\S+", "ExecStart=/usr/bin/env", text, flags=re.M),
                    encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                            text=True, timeout=60)
    assert (result.stdout + result.stderr).strip() == ""


def _dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again: connections are refused


@pytest.fixture
def proxy(live_server, tmp_path):
    if shutil.which("nginx") is None:
        pytest.skip("needs nginx")
    # one live replica and one that is down: nginx must skip the dead one
    nginx = NginxReplicas(tmp_path / "nginx", [_dead_port(), live_server.port]).start()
    yield nginx
    nginx.stop()


def test_plain_feed_gets_come_from_the_micro_cache(live_server, proxy):
    live_server.publish(title="캐시된 공지")
    status, first, body = proxy.get("/feed.json")
    assert status == 200 and "캐시된 공지" in body.decode()
    status, again, same = proxy.get("/feed.json")
    assert (status, again["X-Cache"], same) == (200, "HIT", body)
    assert again["ETag"] == first["ETag"]
    # the client's ETag is answered 304 by nginx from the cached copy
    status, headers, empty = proxy.get("/feed.json", {"If-None-Match": first["ETag"]})
    assert (status, empty) == (304, b"") and headers["X-Cache"] == "HIT"
    # ?audience= is part of the key: another variant is another entry
    status, other, _ = proxy.get("/feed.json?audience=" + quote("민원과"))
    assert status == 200 and other["X-Cache"] == "MISS"


def test_credentialed_requests_bypass_the_cache(live_server, proxy):
    proxy.get("/feed.json")
    for headers in ({"Authorization": f"Bearer {live_server.token}"},
                    {"Cookie": "notice_admin_session=x"}):
        status, answer, _ = proxy.get("/feed.json", headers)
        assert status == 200 and answer["X-Cache"] is None


def test_a_held_long_poll_is_not_answered_from_the_cache(live_server, proxy):
    live_server.publish(title="처음")
    _, headers, _ = proxy.get("/feed.json")
    proxy.get("/feed.json")  # cached now
    result: dict = {}

    def hold() -> None:
        result["answer"] = proxy.get("/feed.json", {"If-None-Match": headers["ETag"],
                                                    "Prefer": "wait=20"})
        result["at"] = time.monotonic()

    poller = threading.Thread(target=hold)
    poller.start()
    time.sleep(1.0)
    assert "answer" not in result  # held by the replica, not answered by nginx
    published = time.monotonic()
    live_server.publish(title="나중")
    poller.join(30)
    status, answer, body = result["answer"]
    assert status == 200 and "나중" in body.decode()
    assert answer["Preference-Applied"] == "wait=20"
    assert result["at"] - published < 1.5
