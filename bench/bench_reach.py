"""Benchmark read receipts (issue 8): ingest, the reach page, and the feed's 304 path.

Prints:
  1. Ingest burst: N clients (default 1,400) each POST 3 events to /api/v1/receipts right after
     one publish, from an asyncio swarm on loopback (one connection per PC). First as the bars
     really send: each simulated PC waits exactly the delay its own bar would draw
     (``ticker.reach.spread``: Spread().batch_delay seeded with the PC's client id, 2-20 s
     after the notice was first shown) -- this is the figure for the goal. Then, kept as a
     worst case no real fleet produces, all at the same instant, and uniformly over
     ``--spread`` seconds: p50 / p99 / max per POST (goal: p99 <= 200 ms) and POSTs/s.
  2. Sustained ingest: W workers post 500-event batches (a new client id each) for D seconds:
     events stored per second (goal: >= 10,000/s). Every 202's "stored" is summed, so only
     rows really committed count.
  3. The reach page of a notice with 100,000 receipts (seeded straight into the database by SQL,
     40,000 active PCs in 30 departments): median / p95 render time of GET
     /admin/notices/{id}/reach over 20 requests (goal: <= 300 ms), and the notice list.
  4. /feed.json 304 throughput (wrk, If-None-Match) for the same data with ``--receipts off``
     and ``--receipts identified``, and with ``--base-ref REF`` also for the code before this
     issue (``git archive REF`` into a temp dir), measured in the same run, alternating
     (goal: >= 90 % of before).

Usage: .venv/bin/python bench/bench_reach.py [--ingest-only] [--clients 1400] [--spread 0 5 10]
       [--workers 16] [--seconds 10] [--duration 5] [--base-ref 57fee4b]
       [--database-url postgresql+psycopg://USER@HOST/DB]  (parts 1-3 on that database)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))
from bench_server import NoticeServer, percentile, raise_fd_limit, wrk_rate  # noqa: E402

from ticker.reach.spread import Spread, client_random  # noqa: E402  the bar's own spread

REPO = Path(__file__).resolve().parents[1]
ADMIN, PASSWORD = "bench.admin", "bench-admin-password"
DEPARTMENTS = [f"부서{i:02d}" for i in range(30)]


def publish_urgent(server: NoticeServer, title: str = "한파 비상근무 안내", **fields) -> dict:
    """An urgent notice that asks for 확인 (what the reach page is about)."""
    return server.publish(title, priority="urgent", ack_required=True, **fields)


def batch(notice_id: str, events: int, department: str, client_id: str | None = None) -> dict:
    now = datetime.now(UTC).isoformat()
    kinds = ("shown", "opened", "acknowledged")
    return {"client": {"id": client_id or str(uuid.uuid4()), "user": "bench", "host": "BENCH-PC",
                       "version": "1.4.0", "platform": "Windows-10", "audiences": [department]},
            "events": [{"event_id": str(uuid.uuid4()), "notice_id": notice_id,
                        "type": kinds[i % 3], "at": now} for i in range(events)]}


# -- a small keep-alive HTTP/1.1 client (httpx itself costs more CPU than the server) ------
class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = (f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
        self.writer.write(head.encode() + body)
        raw = await self.reader.readuntil(b"\r\n\r\n")
        status = int(raw.split(b" ", 2)[1])
        length = int(re.search(rb"(?i)content-length:\s*(\d+)", raw).group(1))
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def _address(server: NoticeServer) -> tuple[str, int]:
    return "127.0.0.1", server.port


# -- 1. burst ----------------------------------------------------------------------------------
def bar_delay(client_id: str) -> float:
    """The delay this PC's bar waits before posting its first batch (the bar's own code)."""
    return Spread().batch_delay(client_random(client_id))


async def burst(server: NoticeServer, notice_id: str, clients: int, spread: float | None):
    """Each PC opens its own connection and posts once: after its bar's own delay
    (``spread`` None), or at a random moment within ``spread`` seconds after the publish
    (0 = all at the same instant)."""
    ids = [str(uuid.uuid4()) for _ in range(clients)]
    delays = [bar_delay(pc) if spread is None else random.uniform(0, spread) for pc in ids]
    bodies = [json.dumps(batch(notice_id, 3, random.choice(DEPARTMENTS), pc)).encode()
              for pc in ids]
    latencies: list[float] = []
    stored = 0
    host, port = _address(server)
    start = time.perf_counter()

    async def one(body: bytes, delay: float) -> None:
        nonlocal stored
        await asyncio.sleep(delay)
        connection = Connection(host, port)
        try:
            began = time.perf_counter()
            status, answer = await connection.post("/api/v1/receipts", body)
            latencies.append(time.perf_counter() - began)
        finally:
            connection.close()
        if status != 202:
            raise RuntimeError(f"{status}: {answer[:200]!r}")
        stored += json.loads(answer)["stored"]

    await asyncio.gather(*(one(b, d) for b, d in zip(bodies, delays, strict=True)))
    return latencies, stored, time.perf_counter() - start


# -- 2. sustained ------------------------------------------------------------------------------
async def sustained(server: NoticeServer, notice_id: str, workers: int, seconds: float):
    """Workers post pre-encoded 500-event batches back to back for ``seconds``."""
    per_worker = 60
    bodies = [[json.dumps(batch(notice_id, 500, random.choice(DEPARTMENTS))).encode()
               for _ in range(per_worker)] for _ in range(workers)]
    stored = posts = 0
    host, port = _address(server)
    deadline = time.perf_counter() + seconds

    async def worker(mine: list[bytes]) -> None:
        nonlocal stored, posts
        connection = Connection(host, port)
        try:
            for body in mine:
                if time.perf_counter() >= deadline:
                    return
                status, answer = await connection.post("/api/v1/receipts", body)
                if status != 202:
                    raise RuntimeError(f"{status}: {answer[:200]!r}")
                stored += json.loads(answer)["stored"]
                posts += 1
        finally:
            connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(b) for b in bodies))
    return stored, posts, time.perf_counter() - started


# -- 3. reach page -----------------------------------------------------------------------------
def seed_receipts(server: NoticeServer, notice_id: str, total: int = 100_000,
                  pcs: int = 40_000) -> None:
    """Insert PCs and receipts directly with SQL (the way a busy season leaves them)."""
    sys.path.insert(0, str(REPO))
    from server_stub import db

    engine = db.create_db_engine(server.data_dir / "notices.db", server.database_url)
    now = datetime.now(UTC)
    stamp = db.utc_stamp(now)
    ids = [str(uuid.uuid4()) for _ in range(pcs)]
    clients = [{"id": pc, "user_name": f"user{i}", "host_name": f"PC-{i:05d}",
                "version": random.choice(["1.3.2", "1.4.0", "1.4.0"]),
                "platform": random.choice(["Windows-10", "Windows-11"]),
                "audiences": json.dumps([DEPARTMENTS[i % 30]], ensure_ascii=False),
                "department": DEPARTMENTS[i % 30], "first_seen": stamp,
                "last_seen": db.utc_stamp(now - timedelta(minutes=random.randint(0, 600)))}
               for i, pc in enumerate(ids)]
    rows = []
    kinds = ["shown"] * pcs + ["acknowledged"] * (pcs // 2 + pcs // 4) + ["opened"] * pcs
    for i, kind in enumerate(kinds[:total]):
        rows.append({"event_id": str(uuid.uuid4()), "notice_id": notice_id,
                     "client_id": ids[i % pcs], "type": kind,
                     "department": DEPARTMENTS[(i % pcs) % 30], "client_at": stamp,
                     "received_at": stamp})
    with db.writer(engine).begin() as conn:
        conn.execute(db.clients.insert(), clients)
        conn.execute(db.receipts.insert(), rows)
    engine.dispose()


def admin_session(server: NoticeServer) -> requests.Session:
    server.cli("user", "add", ADMIN, "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")
    session = requests.Session()
    page = session.get(server.base + "/admin/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = session.post(server.base + "/admin/login", timeout=30, allow_redirects=False,
                            data={"username": ADMIN, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303, response.text
    return session


def page_times(session: requests.Session, url: str, rounds: int = 20) -> list[float]:
    session.get(url, timeout=60).raise_for_status()  # warm-up
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = session.get(url, timeout=60)
        times.append(time.perf_counter() - started)
        response.raise_for_status()
    return times


# -- 4. 304 path -------------------------------------------------------------------------------
def rate_304(server: NoticeServer, duration: int, connections: int) -> float:
    response = requests.get(server.base + "/feed.json", timeout=30)
    return wrk_rate(server.base + "/feed.json", {"If-None-Match": response.headers["etag"]},
                    duration, connections)


def export_ref(ref: str, target: Path) -> Path:
    data = subprocess.run(["git", "archive", ref, "server_stub"], cwd=REPO, check=True,
                          capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as archive:
        archive.extractall(target, filter="data")
    return target


def ms(value: float) -> str:
    return f"{value * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1400)
    parser.add_argument("--spread", type=float, nargs="+", default=[0, 5, 10],
                        help="seconds over which the PCs' POSTs arrive (0 = at once)")
    parser.add_argument("--ingest-only", action="store_true",
                        help="run only parts 1-2 (ingest burst and sustained ingest)")
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--duration", type=int, default=5, help="wrk seconds per 304 run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3, help="alternating 304 rounds")
    parser.add_argument("--database-url", default=None,
                        help="an empty database for parts 1-3, e.g. postgresql+psycopg://... "
                             "(default: SQLite in a temp dir; part 4 always uses SQLite)")
    parser.add_argument("--base-ref", default=None,
                        help="git ref of the code before this issue, e.g. 57fee4b")
    args = parser.parse_args()
    raise_fd_limit()
    if not args.ingest_only and not shutil.which("wrk"):
        raise SystemExit("wrk is needed for the 304 figures (apt-get install wrk)")
    with tempfile.TemporaryDirectory(prefix="bench-reach-") as tmp:
        root = Path(tmp)
        server = NoticeServer(root / "ingest", database_url=args.database_url).start()
        try:
            low, high = Spread().batch
            print(f"1. ingest burst: {args.clients} clients x 3 events after one publish, "
                  "one connection each (goal p99 <= 200 ms)")
            for spread in [None, *args.spread]:
                notice = publish_urgent(server)
                latencies, stored, wall = asyncio.run(
                    burst(server, notice["id"], args.clients, spread))
                latencies.sort()
                when = (f"as the bars send ({low:g}-{high:g} s per-PC spread; the goal)"
                        if spread is None else
                        "worst case, all at the same instant (no real fleet)" if spread == 0
                        else f"uniformly over {spread:g} s")
                print(f"   {when}:\n      p50 {ms(statistics.median(latencies))}, "
                      f"p99 {ms(percentile(latencies, 0.99))}, max {ms(latencies[-1])}; "
                      f"stored {stored} events, {args.clients / wall:,.0f} POST/s")
            stored, posts, wall = asyncio.run(
                sustained(server, notice["id"], args.workers, args.seconds))
            print(f"2. sustained ingest: {args.workers} workers x 500-event batches: "
                  f"{stored / wall:,.0f} events/s stored ({stored:,} events, {posts} POSTs, "
                  f"{wall:.1f} s; goal >= 10,000/s)")
        finally:
            server.stop()
        if args.ingest_only:
            return 0

        server = NoticeServer(root / "reach", database_url=args.database_url).start()
        try:
            notice = publish_urgent(server, title="10만 건 수신 확인")
            seed_receipts(server, notice["id"])
            session = admin_session(server)
            times = page_times(session, f"{server.base}/admin/notices/{notice['id']}/reach")
            print("3. reach page, 100,000 receipts, 40,000 active PCs: "
                  f"median {ms(statistics.median(times))}, p95 {ms(percentile(sorted(times), 0.95))} "
                  "(goal <= 300 ms)")
            times = page_times(session, f"{server.base}/admin/notices")
            print(f"   notice list with reach column: median {ms(statistics.median(times))}")
        finally:
            server.stop()

        variants: dict[str, NoticeServer] = {}
        if args.base_ref:
            code = export_ref(args.base_ref, root / "base-code")
            variants[f"before ({args.base_ref})"] = NoticeServer(root / "base", code)
        variants["--receipts off"] = NoticeServer(root / "off", extra=("--receipts", "off"))
        variants["--receipts identified"] = NoticeServer(root / "on")
        rates: dict[str, list[float]] = {name: [] for name in variants}
        try:
            for server in variants.values():
                server.start()
            names = list(variants)
            for round_index in range(args.rounds):  # rotate the order: load drifts over time
                for name in names[round_index % len(names):] + names[:round_index % len(names)]:
                    rates[name].append(rate_304(variants[name], args.duration,
                                                args.connections))
        finally:
            for server in variants.values():
                server.stop()
        print(f"4. /feed.json 304 throughput (wrk -t1 -c{args.connections}, "
              f"{args.duration} s x {args.rounds} alternating rounds, median):")
        reference = statistics.median(next(iter(rates.values())))
        for name, values in rates.items():
            value = statistics.median(values)
            print(f"   {name:24s} {value:10,.0f} req/s  ({value / reference:.0%} of "
                  f"{next(iter(rates))}; rounds: {', '.join(f'{v:,.0f}' for v in values)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
