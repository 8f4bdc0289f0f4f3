"""ReceiptSender against a real local HTTP server: 2xx removes, 5xx/429/dead retries, 4xx drops."""

from __future__ import annotations

import datetime as dt
import logging
import socket
import threading
import time

import pytest

from tests.ticker.manual_clock import ManualClock
from tests.ticker.reach.receipts_server import ReceiptsServer
from ticker.net.tls import make_session
from ticker.reach.events import make_event
from ticker.reach.identity import ClientIdentity
from ticker.reach.queue import ReachStore
from ticker.reach.sender import ReceiptSender

KST = dt.timezone(dt.timedelta(hours=9))
IDENTITY = ClientIdentity("6f1c2f9e-3a0e-4c55-9d59-8f8a1f9b2c10", "kim", "PC-0142", "0.1.0",
                          "Linux 6.1", ("총무과",))


@pytest.fixture
def server():
    srv = ReceiptsServer()
    yield srv
    srv.close()


@pytest.fixture
def store(tmp_path):
    s = ReachStore(tmp_path / "reach.sqlite3")
    yield s
    s.close()


@pytest.fixture
def make_sender(store):
    senders = []

    def make(targets=None, start=True, **options):
        """start=False: the test drives ``run_once`` itself (with a ManualClock)."""
        session = make_session()
        values = {"batch_delay": 0.05, "backoff_base": 0.05, "backoff_cap": 0.2,
                  "total_deadline": 5.0, "random": lambda: 1.0,
                  "first_heartbeat": 0.0, "spread_random": lambda: 1.0, **options}
        sender = ReceiptSender(store, session, IDENTITY.payload, lambda: dict(targets or {}),
                               **values)
        senders.append((sender, session))
        if start:
            sender.start()
        return sender

    yield make
    for sender, session in senders:
        sender.stop()
        session.close()


def queue(store, url, count, at=None, start=0):
    at = at or dt.datetime.now(KST)
    events = [make_event("shown", f"n-{start + i}", at) for i in range(count)]
    store.append([(url, True, e) for e in events])
    return [e["event_id"] for e in events]


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def test_a_batch_leaves_the_queue_only_after_a_2xx(server, store, make_sender):
    server.script = [500, 503, 202]
    ids = queue(store, server.url(), 3)
    sender = make_sender()
    assert wait_for(lambda: len(server.posts()) >= 1)
    assert store.count() == 3  # a 500 keeps everything queued
    assert wait_for(lambda: store.count() == 0)
    statuses = [status for _t, status, _b in server.posts()]
    assert statuses == [500, 503, 202]
    assert [e["event_id"] for e in server.delivered_events()] == ids
    # The retries carry the very same events (same ids): the server dedups on event_id.
    bodies = [body for _t, _s, body in server.posts()]
    assert bodies[0]["events"] == bodies[1]["events"] == bodies[2]["events"]
    assert bodies[2]["client"] == IDENTITY.payload(True)
    assert sender.sent_batches == 1


def test_retry_after_is_honoured(server, store, make_sender):
    server.script = [429]
    server.retry_after = 1
    queue(store, server.url(), 2)
    clock = ManualClock()
    sender = make_sender(backoff_cap=5.0, batch_delay=0.0, clock=clock, start=False)
    # Not the 0.05-0.1 s the backoff alone would wait.
    assert sender.run_once() == pytest.approx(1.0)
    clock.advance(0.99)
    sender.run_once()
    assert [status for _t, status, _b in server.posts()] == [429]
    clock.advance(0.01)
    sender.run_once()
    assert [status for _t, status, _b in server.posts()] == [429, 202]
    assert store.count() == 0


def test_at_most_500_events_per_batch_in_order_exactly_once(server, store, make_sender):
    ids = queue(store, server.url(), 1_201)
    make_sender()
    assert wait_for(lambda: store.count() == 0, timeout=30)
    sizes = [len(body["events"]) for _t, _s, body in server.posts()]
    assert sizes == [500, 500, 201]
    assert [e["event_id"] for e in server.delivered_events()] == ids


def test_a_refused_batch_is_dropped_with_a_log_line_and_does_not_wedge(server, store, make_sender,
                                                                        caplog):
    server.script = [422]
    bad = queue(store, server.url(), 2)
    with caplog.at_level(logging.ERROR, logger="ticker.reach.sender"):
        sender = make_sender()
        assert wait_for(lambda: store.count() == 0)
        good = queue(store, server.url(), 2, start=10)
        sender.wake()  # what Reach does after each durable write
        assert wait_for(lambda: len(server.delivered_events()) == 2)
    assert [e["event_id"] for e in server.delivered_events()] == good
    assert not set(bad) & {e["event_id"] for e in server.delivered_events()}
    assert any("refused a batch of 2 events" in r.getMessage() for r in caplog.records)


def test_a_day_offline_then_everything_arrives_exactly_once(store, make_sender):
    probe = ReceiptsServer()
    port, url = probe.port, probe.url()
    probe.close()  # nothing listens there now: connection refused, like a PC off the network
    yesterday = dt.datetime.now(KST) - dt.timedelta(days=1)
    ids = queue(store, url, 40, at=yesterday)
    sender = make_sender()
    time.sleep(1.5)  # many failed attempts (backoff capped at 0.2 s for the test)
    assert store.count() == 40 and sender.sent_batches == 0
    ids += queue(store, url, 30, start=100)  # more happen while offline
    sender.wake()
    back = ReceiptsServer(port=port)
    try:
        assert wait_for(lambda: store.count() == 0, timeout=15)
        time.sleep(0.5)  # nothing is sent a second time afterwards
        delivered = [e["event_id"] for e in back.delivered_events()]
        assert sorted(delivered) == sorted(ids) and len(delivered) == len(set(delivered))
        assert back.delivered_events()[0]["at"] == yesterday.isoformat(timespec="milliseconds")
    finally:
        back.close()


def test_heartbeat_at_start_and_again_later(server, store, make_sender):
    clock = ManualClock()
    sender = make_sender(targets={server.url(): True}, heartbeat_every=0.4, clock=clock,
                         start=False)
    sender.run_once()
    (_t, _s, first), = server.posts()
    assert first == {"client": IDENTITY.payload(True), "events": []}
    assert first["client"]["user"] == "kim" and first["client"]["host"] == "PC-0142"
    clock.advance(0.35)
    sender.run_once()
    assert len(server.posts()) == 1  # not again before the hour (0.4 s here) is up
    clock.advance(0.05)
    sender.run_once()
    assert len(server.posts()) == 2


def test_anonymous_feed_sends_no_user_or_host(server, store, make_sender):
    queue(store, server.url(), 1)
    make_sender(targets={server.url(): False}, heartbeat_every=3600)
    assert wait_for(lambda: len(server.delivered_events()) == 1)
    for _t, _s, body in server.posts():
        assert "user" not in body["client"] and "host" not in body["client"]
        assert body["client"]["id"] == IDENTITY.id and body["client"]["audiences"] == ["총무과"]


def test_events_wait_a_few_seconds_to_travel_together(server, store, make_sender):
    clock = ManualClock()
    sender = make_sender(batch_delay=0.6, clock=clock, start=False)
    queue(store, server.url(), 1)
    assert sender.run_once() == pytest.approx(0.6)
    clock.advance(0.2)
    queue(store, server.url(), 1, start=1)  # joins the first one's batch
    assert sender.run_once() == pytest.approx(0.4)
    assert server.posts() == []
    clock.advance(0.4)
    sender.run_once()
    (_at, _s, body), = server.posts()
    assert len(body["events"]) == 2 and store.count() == 0


def test_total_deadline_cuts_a_server_that_never_answers(store, make_sender):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # connections complete in the backlog; nothing ever answers
    try:
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/receipts"
        queue(store, url, 1)
        clock = ManualClock()
        sender = make_sender(total_deadline=0.5, backoff_cap=60, backoff_base=60, clock=clock,
                             batch_delay=0.0)
        # Twice the deadline in real time, but the sender's clock has not moved: still waiting.
        assert not wait_for(lambda: sender._failures.get(url, 0) >= 1, timeout=1.0)
        clock.advance(0.5)
        assert wait_for(lambda: sender._failures.get(url, 0) >= 1, timeout=5)
        assert store.count() == 1
    finally:
        silent.close()


def test_an_immediate_wake_skips_the_batch_delay(server, store, make_sender):
    sender = make_sender(batch_delay=30, clock=ManualClock(), start=False)
    queue(store, server.url(), 2)
    sender.wake(immediate=True)  # what Reach does after queuing an acknowledgement
    sender.run_once()  # the clock has not moved
    assert store.count() == 0 and len(server.posts()) == 1


def test_a_2xx_whose_body_is_cut_off_still_counts_as_delivered(store, make_sender):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/receipts"

    def answer_then_hang_up():
        conn, _ = listener.accept()
        with conn:
            data = b""
            while not (b"\r\n\r\n" in data and data.endswith(b"]}")):  # the whole request
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            conn.sendall(b"HTTP/1.1 202 Accepted\r\nContent-Length: 500\r\n\r\n{\"stor")

    worker = threading.Thread(target=answer_then_hang_up, daemon=True)
    worker.start()
    try:
        queue(store, url, 3)
        sender = make_sender(backoff_base=60, backoff_cap=60)
        assert wait_for(lambda: store.count() == 0, timeout=5)
        assert sender.sent_batches == 1 and not sender._failures
    finally:
        listener.close()
        worker.join(5)


def test_a_batch_waits_for_this_pcs_own_spread(server, store, make_sender):
    # spread_random 0.5 within (0.2, 1.0) s -> 0.6 s; nothing leaves before that.
    clock = ManualClock()
    sender = make_sender(batch_delay=(0.2, 1.0), spread_random=lambda: 0.5, clock=clock,
                         start=False)
    queue(store, server.url(), 3)
    assert sender.run_once() == pytest.approx(0.6)
    clock.advance(0.59)
    sender.run_once()
    assert server.posts() == [] and store.count() == 3
    clock.advance(0.01)
    sender.run_once()
    (_at, _s, body), = server.posts()
    assert len(body["events"]) == 3 and store.count() == 0


def test_a_later_batch_draws_its_own_spread_again(server, store, make_sender):
    # After a batch drains, the next first event must wait for a fresh delay, not go at once.
    clock = ManualClock()
    sender = make_sender(batch_delay=(0.2, 1.0), spread_random=lambda: 0.5, clock=clock,
                         start=False)
    queue(store, server.url(), 1)
    sender.run_once()
    clock.advance(0.6)
    sender.run_once()
    assert store.count() == 0 and len(server.posts()) == 1
    queue(store, server.url(), 1, start=1)
    assert sender.run_once() == pytest.approx(0.6)
    assert len(server.posts()) == 1 and store.count() == 1
    clock.advance(0.6)
    sender.run_once()
    assert len(server.posts()) == 2 and store.count() == 0


def test_pcs_with_different_draws_send_at_different_times(server, store, make_sender):
    clock = ManualClock()
    sender = make_sender(batch_delay=(0.1, 1.1), spread_random=lambda: 0.0, clock=clock,
                         start=False)
    queue(store, server.url(), 1)
    assert sender.run_once() == pytest.approx(0.1)  # the low end of the same range
    clock.advance(0.1)
    sender.run_once()
    assert store.count() == 0 and len(server.posts()) == 1


def test_an_acknowledgement_waits_only_for_the_short_ack_spread(server, store, make_sender):
    clock = ManualClock()
    sender = make_sender(batch_delay=30, ack_delay=(0.2, 0.6), spread_random=lambda: 1.0,
                         clock=clock, start=False)
    queue(store, server.url(), 2)
    sender.wake(immediate=True)
    assert sender.run_once() == pytest.approx(0.6)  # 0.6 s drawn, not at once, not 30 s
    assert server.posts() == []
    clock.advance(0.6)
    sender.run_once()
    assert store.count() == 0 and len(server.posts()) == 1


def test_first_heartbeat_waits_for_its_spread_then_follows_the_phase(server, store,
                                                                     make_sender):
    # draw 0.2: first heartbeat 0.2 x 2.5 = 0.5 s after start; the per-PC phase is 0.2 of the
    # (here 1 s) hour; after that one heartbeat per hour without contact.
    clock = ManualClock()
    sender = make_sender(targets={server.url(): True}, first_heartbeat=(0.0, 2.5),
                         heartbeat_every=1.0, spread_random=lambda: 0.2, clock=clock,
                         start=False)
    assert sender.run_once() == pytest.approx(0.5)
    assert server.posts() == []
    clock.advance(0.5)
    assert sender.run_once() == pytest.approx(0.2)  # the per-PC phase, not a whole hour
    (_t, _s, first), = server.posts()
    assert first["events"] == []
    clock.advance(0.2)
    assert sender.run_once() == pytest.approx(1.0)  # then hourly
    assert len(server.posts()) == 2
    clock.advance(1.0)
    sender.run_once()
    assert len(server.posts()) == 3
