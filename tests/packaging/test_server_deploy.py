"""Server deployment examples: the systemd unit parses cleanly, and the nginx example really
proxies the feed over TLS to a live notice server, long-poll friendly."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

from tests.packaging.conftest import ROOT

UNIT = ROOT / "packaging" / "systemd" / "notice-server.service"
NGINX = ROOT / "packaging" / "nginx" / "notice-server.conf"


def verify_unit(text: str, tmp_path: Path) -> str:
    unit = tmp_path / "notice-server.service"
    unit.write_text(text, encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                            text=True, timeout=60)
    return (result.stdout + result.stderr).strip()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_systemd_unit_verifies_without_warnings(tmp_path):
    text = UNIT.read_text(encoding="utf-8")
    assert re.search(r"^ExecStart=\S+ serve .*--data-dir /var/lib/notice-server", text, re.M)
    assert "DynamicUser=yes" in text and "StateDirectory=notice-server" in text
    # behind the nginx example: trust its forwarded headers, and only from loopback
    assert re.search(r"^ExecStart=.* --forwarded-allow-ips 127\.0\.0\.1 ", text, re.M)
    # the binary lives elsewhere on this machine; everything else is checked as written
    text = re.sub(r"^ExecStart=\S+", "ExecStart=/usr/bin/env", text, flags=re.M)
    assert verify_unit(text, tmp_path) == ""
    # and the check can fail
    assert "Unknown key" in verify_unit(text.replace("[Service]", "[Service]\nBogus=1"), tmp_path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_nginx_timeouts_exceed_the_long_poll():
    text = NGINX.read_text(encoding="utf-8")
    feed_block = text[text.index("location ~ ^/(public/)?feed"):]
    feed_block = feed_block[:feed_block.index("}")]
    assert "proxy_buffering off;" in feed_block
    seconds = int(re.search(r"proxy_read_timeout (\d+)s;", feed_block).group(1))
    assert seconds > 300  # long_poll_wait maximum is 300 s
    assert "X-Forwarded-Proto $scheme" in text


@pytest.mark.skipif(not (shutil.which("nginx") and shutil.which("openssl")),
                    reason="needs nginx and openssl")
def test_nginx_example_proxies_the_feed_over_tls(live_server, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    http_port, https_port = free_port(), free_port()
    site = NGINX.read_text(encoding="utf-8")
    site = site.replace("/etc/ssl/certs/notice.example.go.kr.pem", str(cert))
    site = site.replace("/etc/ssl/private/notice.example.go.kr.key", str(key))
    site = site.replace("127.0.0.1:8080", f"127.0.0.1:{live_server.port}")
    site = re.sub(r"listen (\[::\]:)?80;", lambda m: "" if m.group(1) else
                  f"listen 127.0.0.1:{http_port};", site)
    site = re.sub(r"listen (\[::\]:)?443 ssl http2;", lambda m: "" if m.group(1) else
                  f"listen 127.0.0.1:{https_port} ssl http2;", site)
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"{user}worker_processes 1;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{ access_log off; client_body_temp_path {tmp_path}/body; "
        f"proxy_temp_path {tmp_path}/proxy; fastcgi_temp_path {tmp_path}/fcgi; "
        f"uwsgi_temp_path {tmp_path}/uwsgi; scgi_temp_path {tmp_path}/scgi; "
        f"include {tmp_path}/site.conf; }}\n", encoding="utf-8")
    check = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(main)],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen(["nginx", "-p", str(tmp_path), "-c", str(main), "-g", "daemon off;"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        base = f"https://127.0.0.1:{https_port}"
        deadline = time.monotonic() + 15
        while True:
            try:
                r = requests.get(base + "/feed.json", verify=str(cert), timeout=5,
                                 headers={"Host": "localhost"})
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        assert r.status_code == 200
        assert r.json()["version"].startswith("https://jsonfeed.org/version/1")
        assert "max-age" in r.headers.get("Strict-Transport-Security", "")
        # the feed location forwards the client's Host too (its links name the public host)
        assert r.json()["feed_url"].split("/")[2] == "localhost"
        # conditional GET passes through the proxy
        if r.headers.get("ETag"):
            again = requests.get(base + "/feed.json", verify=str(cert), timeout=5,
                                 headers={"Host": "localhost",
                                          "If-None-Match": r.headers["ETag"]})
            assert again.status_code == 304
        # plain HTTP redirects to HTTPS
        plain = requests.get(f"http://127.0.0.1:{http_port}/feed.json", allow_redirects=False,
                             timeout=5)
        assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")
    finally:
        proc.terminate()
        proc.wait(10)
