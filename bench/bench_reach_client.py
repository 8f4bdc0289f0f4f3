"""Benchmark the bar's side of read receipts (issue 8). Prints figures; asserts nothing.

  1. GUI thread, once a second: what the "shown" check costs (bar.visible_item_ids() plus
     Reach.shown() for what is on screen), over 30 notices: mean / p99 / max in µs.
  2. GUI thread, per click: Reach.opened()/acknowledge() (they only hand the write over).
  3. Writer thread: one durable record (mark + queued event, fsync) p50 / p99 in ms.
  4. Sender: N queued events delivered to a local HTTP server (batches of 500): events/s.

Usage (needs a display, e.g. under xvfb-run):
    .venv/bin/python bench/bench_reach_client.py [--events 20000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.server
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from ticker.feed.notice import Notice  # noqa: E402
from ticker.feed.receipts import Receipts  # noqa: E402
from ticker.model import NoticeModel  # noqa: E402
from ticker.net.tls import make_session  # noqa: E402
from ticker.reach.events import make_event  # noqa: E402
from ticker.reach.identity import ClientIdentity  # noqa: E402
from ticker.reach.queue import ReachStore  # noqa: E402
from ticker.reach.reporter import Reach, ReceiptsDirectory  # noqa: E402
from ticker.reach.sender import ReceiptSender  # noqa: E402
from ticker.ui.bar import TickerBar  # noqa: E402

FEED = "http://127.0.0.1/feed.json"
KST = dt.timezone(dt.timedelta(hours=9))


def micros(samples: list[float]) -> str:
    us = sorted(s * 1e6 for s in samples)
    return (f"mean {statistics.mean(us):.0f} µs, p99 {us[int(len(us) * 0.99) - 1]:.0f} µs, "
            f"max {us[-1]:.0f} µs")


class _Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    received = 0

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received += len(body["events"])
        self.send_response(202)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20_000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="bench-reach-"))
    directory = ReceiptsDirectory()
    directory.set(FEED, Receipts("http://127.0.0.1:9/receipts", True))
    reach = Reach(ReachStore(tmp / "reach.sqlite3"), directory, report=True,
                  clock=lambda: dt.datetime.now(KST))

    model = NoticeModel()
    notices = [Notice(id=f"n-{i}", title=f"공지 {i} — 덕진구 행사 안내", source=FEED,
                      ack_required=i % 3 == 0) for i in range(30)]
    model.set_notices(FEED, notices)
    bar = TickerBar(model, label="전주시 덕진구", speed=80)
    bar.setGeometry(0, 1040, 1920, 40)
    bar.show()
    app.processEvents()
    ticks = []
    for _ in range(2_000):
        began = time.perf_counter()
        shown = [bar.notice_by_id(i) for i in bar.visible_item_ids()]
        reach.shown(n for n in shown if n is not None)
        ticks.append(time.perf_counter() - began)
    print(f"1. shown check on the GUI thread (per 1 s tick): {micros(ticks[1:])}; "
          f"first call {ticks[0] * 1e3:.1f} ms")

    clicks = []
    for notice in notices:
        began = time.perf_counter()
        reach.opened(notice)
        if notice.ack_required:
            reach.acknowledge(notice)
        clicks.append(time.perf_counter() - began)
    reach.flush(60)
    print(f"2. open/acknowledge on the GUI thread (per click): {micros(clicks)}")

    store = reach.store
    writes = []
    for i in range(300):
        event = make_event("shown", f"w-{i}", dt.datetime.now(KST))
        began = time.perf_counter()
        store.record(f"w-{i}", "shown", event["at"], once=True, event=event, url="http://x/r")
        writes.append(time.perf_counter() - began)
    ms = sorted(w * 1e3 for w in writes)
    print(f"3. durable record (writer thread, fsync): p50 {statistics.median(ms):.2f} ms, "
          f"p99 {ms[int(len(ms) * 0.99) - 1]:.2f} ms")

    sink = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Sink)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{sink.server_address[1]}/receipts"
    store.clear_events()
    now = dt.datetime.now(KST)
    for start in range(0, args.events, 1_000):
        store.append([(url, True, make_event("shown", f"s-{i}", now))
                      for i in range(start, min(args.events, start + 1_000))])
    identity = ClientIdentity("6f1c2f9e-3a0e-4c55-9d59-8f8a1f9b2c10", "kim", "PC", "0", "Linux")
    session = make_session()
    sender = ReceiptSender(store, session, identity.payload, lambda: {}, batch_delay=0)
    began = time.perf_counter()
    sender.start()
    while store.count():
        time.sleep(0.01)
    took = time.perf_counter() - began
    sender.stop()
    session.close()
    sink.shutdown()
    print(f"4. sender: {args.events:,} events in {sender.sent_batches} batches, {took:.2f} s "
          f"= {args.events / took:,.0f} events/s (server received {_Sink.received:,})")
    bar.close()
    reach.close()


if __name__ == "__main__":
    main()
