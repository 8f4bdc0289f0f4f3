"""Benchmark several replicas: PostgreSQL + two notice-server replicas behind the nginx example.

Everything runs on loopback in one run (a throw-away PostgreSQL cluster from
tests/fixtures/postgres.py, two `notice-server serve --database-url` replicas, nginx with
packaging/nginx/notice-server-replicas.conf via tests/fixtures/nginx.py) and prints:

  1. N held long-poll clients (an asyncio swarm through nginx, If-None-Match +
     Prefer: wait=60, re-polling on 304 like the bar does), one publish: delivery p50 / p99 /
     max (goal: p99 <= 2 s), and the memory per held connection on each replica
     (RSS growth / requests it holds, KB).
  2. kill -9 of one replica while all N are held, then a publish: how many of the N end with
     the new notice (goal: all of them; nginx retries the dead replica's held requests on the
     other one), how long the last one took, and how many client connections broke.
  3. /feed.json 304 through the nginx micro-cache vs nginx serving the same bytes as a static
     file (wrk, same connections and duration; goal: >= 0.8 x).
  4. One replica on SQLite vs one on PostgreSQL: /feed.json 200 and 304 throughput (wrk).

Not a test: figures vary with the machine and its load. Bounded: --clients (default 10,000),
every wait has a timeout, wrk runs --duration seconds.

Usage: .venv/bin/python bench/bench_scale.py [--clients 10000] [--duration 5]
       [--connections 64] [--rounds 3] [--notices 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fixtures.nginx import NginxReplicas  # noqa: E402
from tests.fixtures.postgres import PostgresCluster  # noqa: E402

HOST = "notice.bench"  # one Host for every swarm request: one feed variant
SOURCE_ADDRESSES = [f"127.0.0.{n}" for n in range(2, 18)]  # spread ephemeral ports


def raise_fd_limit(wanted: int) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, max(wanted, hard)))
    except (ValueError, PermissionError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(url: str, headers: dict | None = None, data: bytes | None = None,
         method: str = "GET", timeout: float = 30) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# -- the replicas -------------------------------------------------------------------------------
class Replica:
    def __init__(self, workdir: Path, name: str, database_url: str | None) -> None:
        self.data_dir = workdir / name
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def _db_args(self) -> list[str]:
        args = ["--data-dir", str(self.data_dir)]
        return args + (["--database-url", self.database_url] if self.database_url else [])

    def cli(self, *args: str) -> str:
        return subprocess.run([sys.executable, "-m", "server_stub", *args, *self._db_args()],
                              capture_output=True, text=True, check=True, cwd=REPO).stdout

    def start(self) -> Replica:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "server_stub", "serve", "--host", "127.0.0.1", "--port",
             str(self.port), "--log-level", "warning", *self._db_args()],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=open(self.data_dir / "server.log", "ab"))  # noqa: SIM115
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if http(self.base + "/healthz", timeout=2)[0] == 200:
                    return self
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError((self.data_dir / "server.log").read_text(errors="replace"))
            time.sleep(0.1)
        raise RuntimeError(f"replica on {self.port} did not start")

    def waiting(self) -> int:
        try:
            return json.loads(http(self.base + "/healthz", timeout=5)[2])["waiting"]
        except (OSError, ValueError):
            return 0

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        if self.alive:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.alive:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def publish(base: str, token: str, title: str) -> None:
    body = json.dumps({"title": title, "body": "벤치마크 " + title,
                       "ends_at": "2099-01-01T00:00:00+09:00"}).encode()
    status, _, text = http(base + "/api/v1/notices", {"Authorization": f"Bearer {token}",
                                                      "Content-Type": "application/json",
                                                      "Host": HOST}, body, "POST")
    if status != 201:
        raise RuntimeError(f"publish answered {status}: {text[:200]!r}")


# -- the long-poll swarm ------------------------------------------------------------------------
class _Poller(asyncio.Protocol):
    """One bar: long-poll with its last ETag, again at once after each answer (the bar waits
    only when an answer came sooner than 1 s after its request, which a held one does not).
    A protocol, not streams: the swarm's own CPU cost must stay small next to the servers'."""

    def __init__(self, swarm: Swarm, index: int) -> None:
        self.swarm = swarm
        self.index = index
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport) -> None:
        self.transport = transport
        self._ask()

    def _ask(self) -> None:
        self.transport.write(b"GET /feed.json HTTP/1.1\r\nHost: " + HOST.encode()
                             + b"\r\nIf-None-Match: " + self.swarm.etags[self.index]
                             + b"\r\nPrefer: wait=60\r\n\r\n")

    def data_received(self, data: bytes) -> None:
        arrived = time.perf_counter()
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head = self.buffer[:end].decode("latin-1").lower()
            length = re.search(r"\ncontent-length:\s*(\d+)", head)
            size = int(length.group(1)) if length else 0
            if len(self.buffer) < end + 4 + size:
                return
            body = self.buffer[end + 4:end + 4 + size]
            self.buffer = self.buffer[end + 4 + size:]
            status = int(head.split(None, 2)[1])
            if status == 200:
                etag = re.search(r"\netag:\s*(\S+)", head)
                if etag:
                    self.swarm.etags[self.index] = etag.group(1).encode()
                self.swarm.answered(self.index, body, arrived)
            elif status != 304:
                self.transport.close()
                return
            self._ask()

    def connection_lost(self, exc) -> None:
        self.swarm.reconnect(self.index)


class Swarm:
    """N bar-like clients held on nginx; reconnect (after a short random pause) when cut off."""

    def __init__(self, port: int, clients: int, etag: str) -> None:
        self.port = port
        self.clients = clients
        self.etags = [etag.encode()] * clients
        self.marker = b""
        self.received: dict[int, float] = {}
        self.broken = 0  # connections that were cut and re-opened
        self.stopping = False
        self.pollers: list[_Poller | None] = [None] * clients
        self._connects: asyncio.Semaphore | None = None

    def expect(self, title: str) -> None:
        self.marker = title.encode()
        self.received = {}

    def answered(self, index: int, body: bytes, arrived: float) -> None:
        if self.marker and index not in self.received and self.marker in body:
            self.received[index] = arrived

    def start(self) -> None:
        self._connects = asyncio.Semaphore(256)
        for index in range(self.clients):
            asyncio.get_running_loop().create_task(self._connect(index))

    async def _connect(self, index: int, pause: float = 0.0) -> None:
        await asyncio.sleep(pause)
        source = (SOURCE_ADDRESSES[index % len(SOURCE_ADDRESSES)], 0)
        while not self.stopping:
            try:
                async with self._connects:
                    _, poller = await asyncio.get_running_loop().create_connection(
                        lambda: _Poller(self, index), "127.0.0.1", self.port,
                        local_addr=source)
                self.pollers[index] = poller
                return
            except OSError:
                self.broken += 1
                await asyncio.sleep(random.uniform(0.05, 0.5))

    def reconnect(self, index: int) -> None:
        if not self.stopping:
            self.broken += 1
            asyncio.get_running_loop().create_task(
                self._connect(index, random.uniform(0.05, 0.5)))

    async def stop(self) -> None:
        self.stopping = True
        for poller in self.pollers:
            if poller is not None and poller.transport is not None:
                poller.transport.close()
        await asyncio.sleep(0.5)


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


async def wait_until(predicate, timeout: float, what: str, step: float = 0.25) -> float:
    started = time.monotonic()
    while not await asyncio.to_thread(predicate):
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(step)
    return time.monotonic() - started


async def swarm_phases(replicas: list[Replica], nginx: NginxReplicas, token: str,
                       clients: int) -> dict:
    # the replicas render the same bytes for nginx's Host header as for this one
    _, headers, _ = await asyncio.to_thread(http, replicas[0].base + "/feed.json",
                                            {"Host": HOST})
    baseline = {r.port: rss_kb(r.proc.pid) for r in replicas}
    swarm = Swarm(nginx.port, clients, headers["ETag"])
    swarm.start()
    figures: dict = {}

    def all_held() -> bool:
        return sum(r.waiting() for r in replicas if r.alive) >= clients

    figures["ramp_s"] = await wait_until(all_held, 180, f"{clients} held long-polls")
    await asyncio.sleep(1.0)
    held = {r.port: r.waiting() for r in replicas}
    figures["held"] = held
    figures["kb_per_conn"] = {port: (rss_kb(r.proc.pid) - baseline[port]) / max(1, held[port])
                              for port, r in ((r.port, r) for r in replicas)}

    # 1. one publish, all held
    swarm.expect("첫 번째 벤치 공지")
    published = time.perf_counter()
    await asyncio.to_thread(publish, nginx.base, token, "첫 번째 벤치 공지")
    await wait_until(lambda: len(swarm.received) >= clients, 120, "every client to get it",
                     step=0.05)
    delays = [t - published for t in swarm.received.values()]
    figures["delivery"] = (percentile(delays, 0.5), percentile(delays, 0.99), max(delays))

    # 2. kill -9 one replica while everything is held again, then publish
    await wait_until(all_held, 120, "the swarm to be held again")
    broken_before = swarm.broken
    victim = replicas[1]
    figures["victim_held"] = victim.waiting()
    swarm.expect("두 번째 벤치 공지 (복제본 하나 종료 후)")
    victim.kill()
    await asyncio.sleep(0.5)
    published = time.perf_counter()
    await asyncio.to_thread(publish, nginx.base, token, "두 번째 벤치 공지 (복제본 하나 종료 후)")
    try:
        await wait_until(lambda: len(swarm.received) >= clients, 120,
                         "every client to get the notice after the kill", step=0.05)
    except RuntimeError as error:
        figures["kill_error"] = str(error)
    delays = [t - published for t in swarm.received.values()]
    figures["after_kill"] = (len(swarm.received), percentile(delays, 0.99),
                             max(delays) if delays else float("nan"),
                             swarm.broken - broken_before)
    await swarm.stop()
    return figures


# -- throughput ---------------------------------------------------------------------------------
def wrk(url: str, headers: dict, duration: int, connections: int) -> float:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True,
                         timeout=duration + 60).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"wrk saw {errors.group(1)} error responses:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def alternate(targets: dict[str, tuple[str, dict]], args) -> dict[str, float]:
    """Median requests/s per target over ``args.rounds`` runs taken in turn (the machine's
    other load then weighs on every target alike)."""
    runs: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(args.rounds):
        for name, (url, headers) in targets.items():
            runs[name].append(wrk(url, headers, args.duration, args.connections))
    return {name: sorted(values)[len(values) // 2] for name, values in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=64, help="wrk connections")
    parser.add_argument("--notices", type=int, default=10, help="notices in the feed")
    parser.add_argument("--rounds", type=int, default=3, help="alternating wrk runs per figure")
    args = parser.parse_args()
    if shutil.which("wrk") is None or shutil.which("nginx") is None:
        print("needs wrk and nginx (scripts/system-deps.sh)")
        return 2
    fds = raise_fd_limit(max(65536, 3 * args.clients + 1024))
    try:
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    except ImportError:
        pass
    work = Path(tempfile.mkdtemp(prefix="notice-bench-scale-"))
    work.chmod(0o755)
    cluster = PostgresCluster(work / "pg")
    (work / "pg").mkdir()
    started: list = []
    try:
        cluster.init()
        cluster.sql("CREATE DATABASE bench")
        url = cluster.url("bench")
        replicas = [Replica(work, "a", url), Replica(work, "b", url)]
        token = replicas[0].cli("token", "create", "bench").strip().splitlines()[-1]
        for replica in replicas:
            started.append(replica.start())
        for n in range(args.notices):
            publish(replicas[0].base, token, f"기존 공지 {n + 1}")
        static = work / "static"
        static.mkdir()
        static.chmod(0o755)
        _, _, body = http(replicas[0].base + "/feed.json")
        (static / "feed.json").write_bytes(body)
        (static / "feed.json").chmod(0o644)
        static_port = free_port()
        nginx = NginxReplicas(
            work / "nginx", [r.port for r in replicas],
            # two workers: each holds about half of the client and upstream sockets
            worker_processes=2, worker_connections=max(4096, args.clients + 1024),
            extra_http=(f"server {{ listen 127.0.0.1:{static_port}; root {static}; etag on; "
                        "location / { add_header Cache-Control no-cache; } }"))
        started.append(nginx.start())
        print(f"fd limit {fds}; {os.cpu_count()} CPUs shared with whatever else runs; "
              f"PostgreSQL {cluster.bin.parent.name} (fsync off), {args.notices} notices, "
              f"feed {len(body)} bytes")

        figures = asyncio.run(swarm_phases(replicas, nginx, token, args.clients))
        d50, d99, dmax = figures["delivery"]
        print(f"\n1. {args.clients} held long-polls through nginx (ramp {figures['ramp_s']:.1f} s, "
              f"held per replica {list(figures['held'].values())}), one publish:")
        print(f"   delivery p50 {d50:.3f} s, p99 {d99:.3f} s, max {dmax:.3f} s "
              f"(goal p99 <= 2 s: {'met' if d99 <= 2 else 'NOT met'})")
        for port, kb in figures["kb_per_conn"].items():
            print(f"   replica :{port} memory per held connection: {kb:.1f} KB")
        got, k99, kmax, broken = figures["after_kill"]
        print(f"\n2. kill -9 of the replica holding {figures['victim_held']}, then a publish:")
        print(f"   {got} of {args.clients} clients ended with the new notice "
              f"({args.clients - got} lost); p99 {k99:.3f} s, last {kmax:.3f} s; "
              f"{broken} client connections broke and were re-opened")
        if "kill_error" in figures:
            print("   " + figures["kill_error"])

        replicas[1] = Replica(work, "b2", url).start()  # back to two replicas
        started.append(replicas[1])
        nginx.stop()
        nginx.upstream_ports = [r.port for r in replicas]
        nginx.start()
        time.sleep(1)
        _, headers, _ = nginx.get("/feed.json")
        rates = alternate({
            "cached": (nginx.base + "/feed.json", {"If-None-Match": headers["ETag"]}),
            "static": (f"http://127.0.0.1:{static_port}/feed.json", {}),
        }, args)
        cached, static_rate = rates["cached"], rates["static"]
        print(f"\n3. nginx ({args.connections} connections, {args.duration} s per run, wrk -t2, "
              f"median of {args.rounds} alternating runs):")
        print(f"   /feed.json 304 from the micro-cache: {cached:,.0f}/s; static file 200: "
              f"{static_rate:,.0f}/s; ratio {cached / static_rate:.2f} (goal >= 0.8: "
              f"{'met' if cached >= 0.8 * static_rate else 'NOT met'})")

        nginx.stop()
        replicas[1].stop()
        sqlite = Replica(work, "sqlite", None)
        sqlite_token = sqlite.cli("token", "create", "bench").strip().splitlines()[-1]
        started.append(sqlite.start())
        for n in range(args.notices + 2):  # as many as the PostgreSQL one has by now
            publish(sqlite.base, sqlite_token, f"기존 공지 {n + 1}")
        targets = {}
        for name, server in (("pg", replicas[0]), ("sqlite", sqlite)):
            _, headers, _ = http(server.base + "/feed.json")
            targets[name + " 200"] = (server.base + "/feed.json", {})
            targets[name + " 304"] = (server.base + "/feed.json",
                                      {"If-None-Match": headers["ETag"]})
        rates = alternate(targets, args)
        sq_200, sq_304, pg_200, pg_304 = (rates[k] for k in ("sqlite 200", "sqlite 304",
                                                             "pg 200", "pg 304"))
        print("\n4. one replica, direct, /feed.json requests/s:")
        print(f"   {'':12}{'200':>10}{'304':>10}")
        print(f"   {'SQLite':12}{sq_200:>10,.0f}{sq_304:>10,.0f}")
        print(f"   {'PostgreSQL':12}{pg_200:>10,.0f}{pg_304:>10,.0f}")
        print("   (the feed is served from memory on both: the database is read on changes only)")
        return 0
    finally:
        for thing in reversed(started):
            thing.stop()
        cluster.discard()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
