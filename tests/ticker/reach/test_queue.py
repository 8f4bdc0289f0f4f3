"""ReachStore: the durable receipts queue and the reach marks in one SQLite file."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading

from ticker.reach import queue as queue_module
from ticker.reach.events import make_event
from ticker.reach.queue import ReachStore

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
KST = dt.timezone(dt.timedelta(hours=9))
URL = "http://notice.city/api/v1/receipts"
NOW = dt.datetime(2026, 12, 6, 9, 0, tzinfo=KST)


def event(n: int) -> dict:
    return make_event("shown", f"n-{n}", NOW)


def test_events_survive_reopening_in_order(tmp_path):
    store = ReachStore(tmp_path / "reach.sqlite3")
    sent = [event(i) for i in range(5)]
    store.append([(URL, True, e) for e in sent])
    store.close()
    again = ReachStore(tmp_path / "reach.sqlite3")
    batch = again.pending(URL, 10)
    assert [q.event for q in batch] == sent and all(q.identify for q in batch)
    again.remove([q.seq for q in batch[:2]])
    assert [q.event for q in again.pending(URL, 10)] == sent[2:]
    again.close()


def test_a_mark_and_its_event_are_recorded_once(tmp_path):
    store = ReachStore(tmp_path / "reach.sqlite3")
    assert store.record("n-1", "shown", NOW.isoformat(), once=True, event=event(1), url=URL)
    assert not store.record("n-1", "shown", NOW.isoformat(), once=True, event=event(2), url=URL)
    assert store.count() == 1 and store.marks("shown") == {"n-1"}
    # A mark without an event (reporting off) still counts for the bar.
    assert store.record("n-2", "acknowledged", NOW.isoformat(), once=True, event=None, url="")
    assert store.marks("acknowledged") == {"n-2"} and store.count() == 1
    store.close()


def test_pending_groups_by_url_and_limits(tmp_path):
    store = ReachStore(tmp_path / "reach.sqlite3")
    other = "https://other.city/api/v1/receipts"
    store.append([(URL, True, event(1)), (other, False, event(2)), (URL, True, event(3))])
    assert store.urls() == [URL, other]
    assert [q.event["notice_id"] for q in store.pending(URL, 1)] == ["n-1"]
    assert [q.identify for q in store.pending(other, 5)] == [False]
    assert store.clear_events() == 3 and store.count() == 0
    store.close()


def test_a_corrupted_file_is_moved_aside_and_replaced(tmp_path, caplog):
    path = tmp_path / "reach.sqlite3"
    path.write_bytes(b"this is not a database" * 200)
    store = ReachStore(path)
    store.append([(URL, True, event(1))])
    assert store.count() == 1
    store.close()
    assert list(tmp_path.glob("reach.sqlite3.corrupt-*"))
    assert any("corrupted" in r.getMessage() for r in caplog.records)


def test_the_queue_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(queue_module, "MAX_QUEUED", 10)
    store = ReachStore(tmp_path / "reach.sqlite3")
    store.append([(URL, True, event(i)) for i in range(15)])
    assert [q.event["notice_id"] for q in store.pending(URL, 100)][0] == "n-5"
    store.close()


def test_writers_on_several_threads(tmp_path):
    store = ReachStore(tmp_path / "reach.sqlite3")

    def write(base):
        for i in range(50):
            store.record(f"n-{base}-{i}", "opened", NOW.isoformat(), once=True,
                         event=event(base * 100 + i), url=URL)

    threads = [threading.Thread(target=write, args=(b,)) for b in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.count() == 200 and len(store.marks("opened")) == 200
    store.close()


WRITER = textwrap.dedent("""
    import datetime as dt, sys
    from ticker.reach.events import make_event
    from ticker.reach.queue import ReachStore
    store = ReachStore(sys.argv[1])
    at = dt.datetime.now(dt.UTC)
    n = 0
    while True:
        e = make_event("shown", f"n-{n}", at)
        store.record(f"n-{n}", "shown", at.isoformat(), once=True, event=e, url=sys.argv[2])
        print(e["event_id"], flush=True)  # printed only after the commit returned
        n += 1
""")


def test_kill_9_while_writing_loses_no_queued_event_and_corrupts_nothing(tmp_path):
    path = tmp_path / "reach.sqlite3"
    env = dict(os.environ, PYTHONPATH=ROOT)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), URL],
                            stdout=subprocess.PIPE, text=True, env=env)
    confirmed = []
    try:
        for line in proc.stdout:
            confirmed.append(line.strip())
            if len(confirmed) >= 150:
                break
    finally:
        proc.send_signal(signal.SIGKILL)  # mid-way: the writer is in its next transaction
        proc.wait(10)
    confirmed += [line.strip() for line in proc.stdout.read().splitlines() if line.strip()]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store = ReachStore(path)
    queued = [q.event["event_id"] for q in store.pending(URL, 100_000)]
    assert set(confirmed) <= set(queued)  # everything confirmed is there
    assert len(queued) == len(set(queued)) and len(queued) - len(confirmed) <= 1
    assert len(store.marks("shown")) == len(queued)  # marks and events stayed together
    store.close()


def test_an_unusable_data_dir_falls_back_to_memory(tmp_path, caplog):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data dir should be")
    store = ReachStore(blocker / "reach.sqlite3")  # the bar must start anyway
    assert store.record("n-1", "acknowledged", NOW.isoformat(), once=True)
    assert store.marks("acknowledged") == {"n-1"}
    store.close()
    assert any("keeping receipts in memory" in r.getMessage() for r in caplog.records)


def test_old_marks_are_forgotten_newest_kept(tmp_path):
    store = ReachStore(tmp_path / "reach.sqlite3")
    for i in range(10):
        store.record(f"n-{i}", "shown", NOW.isoformat(), once=True)
    store.record("n-ack", "acknowledged", NOW.isoformat(), once=True)
    store.forget_marks("shown", 3)
    assert store.marks("shown") == {"n-7", "n-8", "n-9"}
    assert store.marks("acknowledged") == {"n-ack"}  # other kinds untouched
    store.close()
