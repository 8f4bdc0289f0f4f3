"""Benchmark the notice server's feed against nginx serving the same bytes, and long-poll fan-out.

Prints:
  1. /feed.json throughput (requests/s) on the 200 and 304 paths for our server (uvicorn,
     httptools + uvloop, one process, log level warning) and for nginx (Debian nginx-light,
     one worker, `etag on`, same bytes) measured in the same run, with the ratio
     (goal: >= 0.2 x nginx on the 304 path).
  2. How long >= 1,000 concurrent long-polling clients (If-None-Match + Prefer: wait=60) take
     to receive one publish: p50 / p99 / max (goal: p99 <= 2 s).

Load generator: `wrk` when on PATH (apt-get install wrk), otherwise a built-in asyncio
keep-alive client (which then bounds both servers, so the ratio is a lower bound on the gap).

Usage: .venv/bin/python bench/bench_server.py [--duration 5] [--connections 32]
       [--pollers 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def raise_fd_limit(wanted: int = 65536) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = min(wanted, hard) if hard != resource.RLIM_INFINITY else wanted
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def wait_http(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def fetch(url: str, headers: dict | None = None, data: bytes | None = None,
          method: str = "GET") -> tuple[int, Any, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers, response.read()


# -- servers under test ------------------------------------------------------------------------
class NoticeServer:
    """``notice-server serve`` on a free loopback port with its own data dir.

    ``code_dir``: run another checkout (a "before" figure); ``extra``: more ``serve`` flags.
    """

    def __init__(self, workdir: Path, code_dir: Path = REPO, extra: tuple[str, ...] = (),
                 database_url: str | None = None) -> None:
        self.data_dir = workdir / "data"
        self.database_url = database_url
        self.code_dir = code_dir
        self.extra = extra
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.token = ""

    def _env(self) -> dict:
        return dict(os.environ, PYTHONPATH=str(self.code_dir))

    def _database_args(self) -> list[str]:
        return ["--database-url", self.database_url] if self.database_url else []

    def cli(self, *args: str, stdin: str | None = None) -> str:
        return subprocess.run([sys.executable, "-m", "server_stub", *args, "--data-dir",
                               str(self.data_dir), *self._database_args()], capture_output=True,
                              text=True, check=True, cwd=self.code_dir, env=self._env(),
                              input=stdin).stdout

    def start(self, seed: bool = True) -> NoticeServer:
        if seed:
            self.cli("seed-demo")
            self.token = self.cli("token", "create", "bench").strip().splitlines()[-1]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "server_stub", "serve", "--host", "127.0.0.1", "--port",
             str(self.port), "--data-dir", str(self.data_dir), "--log-level", "warning",
             *self._database_args(), *self.extra],
            cwd=self.code_dir, env=self._env(), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        wait_http(self.base + "/healthz")
        return self

    def publish(self, title: str, **fields) -> dict:
        """Publish a notice over the API (ends in 2099 unless ``fields`` say otherwise)."""
        body = json.dumps({"title": title, "ends_at": "2099-01-01T00:00:00+09:00"} | fields)
        return json.loads(fetch(self.base + "/api/v1/notices",
                                {"Authorization": f"Bearer {self.token}",
                                 "Content-Type": "application/json"}, body.encode(), "POST")[2])

    def waiting(self) -> int:
        return json.loads(fetch(self.base + "/healthz")[2])["waiting"]

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Nginx:
    def __init__(self, workdir: Path, body: bytes) -> None:
        self.dir = workdir / "nginx"
        (self.dir / "www").mkdir(parents=True)
        (self.dir / "www" / "feed.json").write_bytes(body)
        # Workers run as an unprivileged user when started as root: let them read the docroot.
        for path in (workdir, self.dir, self.dir / "www"):
            path.chmod(0o755)
        (self.dir / "www" / "feed.json").chmod(0o644)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        d = self.dir
        conf = f"""
worker_processes 1;
daemon off;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    client_body_temp_path {d}/tmp-body; proxy_temp_path {d}/tmp-proxy;
    fastcgi_temp_path {d}/tmp-fcgi; uwsgi_temp_path {d}/tmp-uwsgi; scgi_temp_path {d}/tmp-scgi;
    types {{ application/feed+json json; }}
    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{self.port};
        root {d}/www;
        etag on;
        location / {{ add_header Cache-Control no-cache; }}
    }}
}}
"""
        (d / "nginx.conf").write_text(conf)
        self.proc = subprocess.Popen([NGINX, "-p", str(d), "-c", str(d / "nginx.conf"),
                                      "-e", str(d / "error.log")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(self.base + "/feed.json")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


# -- throughput --------------------------------------------------------------------------------
def wrk_rate(url: str, headers: dict, duration: int, connections: int) -> float:
    args = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"wrk saw {errors.group(1)} error responses:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


async def _asyncio_rate(host: str, port: int, path: str, headers: dict, duration: float,
                        connections: int) -> float:
    head = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    request = head.encode()
    done = 0
    deadline = time.monotonic() + duration

    async def worker():
        nonlocal done
        reader, writer = await asyncio.open_connection(host, port)
        while time.monotonic() < deadline:
            writer.write(request)
            raw = await reader.readuntil(b"\r\n\r\n")
            match = re.search(rb"(?i)content-length:\s*(\d+)", raw)
            if match:
                await reader.readexactly(int(match.group(1)))
            done += 1
        writer.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    return done / duration


def rate(base: str, headers: dict, duration: int, connections: int) -> float:
    url = base + "/feed.json"
    if shutil.which("wrk"):
        return wrk_rate(url, headers, duration, connections)
    host, port = base.removeprefix("http://").split(":")
    return asyncio.run(_asyncio_rate(host, int(port), "/feed.json", headers, duration,
                                     connections))


# -- long-poll fan-out -------------------------------------------------------------------------
async def _long_poll(server: NoticeServer, clients: int) -> list[float]:
    _, headers, _ = fetch(server.base + "/feed.json")
    etag = headers["ETag"]
    request = (f"GET /feed.json HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
               f"If-None-Match: {etag}\r\nPrefer: wait=60\r\n\r\n").encode()
    received: list[float] = []
    ready = 0
    sem = asyncio.Semaphore(200)  # open connections in bounded bursts

    async def client():
        nonlocal ready
        async with sem:
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
            writer.write(request)
            await writer.drain()
            ready += 1
        status_line = await reader.readline()
        received.append(time.perf_counter())
        if b" 200 " not in status_line:
            raise RuntimeError(f"long-poll answered {status_line!r}")
        writer.close()

    tasks = [asyncio.create_task(client()) for _ in range(clients)]
    deadline = time.monotonic() + 60
    loop = asyncio.get_running_loop()
    while await loop.run_in_executor(None, server.waiting) < clients:
        if time.monotonic() > deadline:
            raise RuntimeError("not every client got held by the server")
        await asyncio.sleep(0.2)
    published = time.perf_counter()
    await loop.run_in_executor(None, server.publish, "벤치마크 공지")
    await asyncio.gather(*tasks)
    return sorted(t - published for t in received)


def percentile(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--pollers", type=int, default=1000)
    args = parser.parse_args()
    fds = raise_fd_limit()
    try:
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    except ImportError:
        pass
    tool = "wrk (1 thread)" if shutil.which("wrk") else "built-in asyncio client"
    print(f"Notice server benchmark — load generator: {tool}; {os.cpu_count()} CPUs; "
          f"fd limit {fds}; load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="nt-bench-") as tmp:
        ours = NoticeServer(Path(tmp))
        nginx = None
        try:
            ours.start()
            _, headers, body = fetch(ours.base + "/feed.json")
            nginx = Nginx(Path(tmp), body)
            nginx.start()
            nginx_etag = fetch(nginx.base + "/feed.json")[1]["ETag"]
            print(f"feed: {len(body):,} bytes, {len(json.loads(body)['items'])} items; "
                  f"{args.connections} connections, {args.duration} s per run")
            results = {}
            for name, base, etag in (("notice-server", ours.base, headers["ETag"]),
                                     ("nginx", nginx.base, nginx_etag)):
                results[(name, 200)] = rate(base, {}, args.duration, args.connections)
                results[(name, 304)] = rate(base, {"If-None-Match": etag}, args.duration,
                                            args.connections)
            print(f"{'':16}{'200 req/s':>12}{'304 req/s':>12}")
            for name in ("notice-server", "nginx"):
                print(f"{name:16}{results[(name, 200)]:12,.0f}{results[(name, 304)]:12,.0f}")
            for status in (200, 304):
                ratio = results[("notice-server", status)] / results[("nginx", status)]
                goal = "  (goal >= 0.20)" if status == 304 else ""
                print(f"ratio {status}: {ratio:.2f} x nginx{goal}")
            nginx.stop()
            latencies = asyncio.run(_long_poll(ours, args.pollers))
            print(f"long-poll fan-out: {len(latencies)} clients received one publish: "
                  f"p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
                  f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
                  f"max {latencies[-1] * 1000:.0f} ms, mean "
                  f"{statistics.fmean(latencies) * 1000:.0f} ms (goal p99 <= 2000 ms)")
        finally:
            if nginx:
                nginx.stop()
            ours.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
