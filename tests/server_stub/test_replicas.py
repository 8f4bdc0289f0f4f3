"""Two real server processes on one PostgreSQL database: the replicas of docs/deploy.md.

Publish on A wakes a long-poll held on B; both answer the same bytes and ETag for the same
state; a sign-in made on A works on B; a notification lost while B's listener was gone is
recovered by B on its own.
"""

from __future__ import annotations

import re
import threading
import time

import pytest
import requests
from sqlalchemy import create_engine, text

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "replica-pass-1234"


@pytest.fixture
def database() -> str:
    """Replicas exist only on PostgreSQL (one SQLite file has one server process)."""
    return "postgresql"


@pytest.fixture
def replicas(postgres_cluster, server_factory, monkeypatch):
    url = postgres_cluster.new_database()
    # The contract's environment variable: both servers and their CLI calls use it.
    monkeypatch.setenv("NOTICE_DATABASE_URL", url)
    first = server_factory()
    second = server_factory(token=False)
    assert first.database_url is None and second.database_url is None  # no flag: the env
    second.token = first.token  # tokens live in the shared database
    return url, first, second


def feed(server, path="/feed.json", **headers) -> requests.Response:
    return requests.get(server.url(path), headers=headers, timeout=70)


def wait_for_text(server, wanted: str, timeout: float = 5.0) -> requests.Response:
    deadline = time.monotonic() + timeout
    while True:
        response = feed(server)
        if wanted in response.text or time.monotonic() > deadline:
            assert wanted in response.text
            return response
        time.sleep(0.05)


def test_publish_on_a_wakes_a_long_poll_held_on_b(replicas):
    _url, a, b = replicas
    a.publish(title="첫 공지")
    current = wait_for_text(b, "첫 공지")  # B hears of it within moments, not at once
    answer: dict = {}

    def hold() -> None:
        started = time.monotonic()
        answer["response"] = feed(b, **{"If-None-Match": current.headers["ETag"],
                                        "Prefer": "wait=30"})
        answer["returned"] = time.monotonic()
        answer["held"] = answer["returned"] - started

    poller = threading.Thread(target=hold)
    poller.start()
    time.sleep(1.0)  # the request is held on B now
    assert "response" not in answer
    published = time.monotonic()
    a.publish(title="새 공지 A")
    poller.join(35)
    response = answer["response"]
    assert response.status_code == 200
    assert "새 공지 A" in response.text
    assert answer["returned"] - published < 1.0
    assert response.headers["Preference-Applied"] == "wait=30"


@pytest.mark.parametrize("path", ["/feed.json", "/feed.atom", "/public/feed.json",
                                  "/feed.json?audience=민원과"])
def test_both_replicas_answer_the_same_bytes_etag_and_last_modified(replicas, path):
    _url, a, b = replicas
    a.publish(title="공개", visibility="public")
    time.sleep(1.1)  # different whole seconds between the writes and the reads
    b.publish(title="민원과 전용", audience=["민원과"])
    deadline = time.monotonic() + 5
    while True:
        first, second = feed(a, path, Host="notice.example"), feed(b, path, Host="notice.example")
        if first.content == second.content or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first.headers["ETag"] == second.headers["ETag"]
    assert first.headers["Last-Modified"] == second.headers["Last-Modified"]
    if path.startswith("/feed.json"):  # where to report receipts is part of the same bytes
        assert first.json()["_ticker"]["receipts"] == {
            "url": "http://notice.example/api/v1/receipts", "identify": True}
    # a client moving from A to B is told it is current
    moved = feed(b, path, Host="notice.example", **{"If-None-Match": first.headers["ETag"]})
    assert moved.status_code == 304


def test_a_replica_started_later_agrees_after_a_notice_ended(replicas, server_factory):
    _url, a, b = replicas
    a.publish(title="곧 끝남", ends_at=_in_seconds(2))
    a.publish(title="계속")
    time.sleep(3.5)  # the first one has ended; each replica drops it by its own clock
    late = server_factory(token=False)
    answers = [feed(s, Host="notice.example") for s in (a, b, late)]
    assert {r.headers["ETag"] for r in answers} == {answers[0].headers["ETag"]}
    assert {r.headers["Last-Modified"] for r in answers} == {answers[0].headers["Last-Modified"]}
    assert "곧 끝남" not in answers[0].text and "계속" in answers[0].text


def test_a_sign_in_made_on_a_works_on_b(replicas):
    _url, a, b = replicas
    added = a.cli("user", "add", "kim", "--role", "admin", "--password-stdin",
                  stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    browser = requests.Session()  # cookies are per host, not per port: B gets A's cookie
    page = browser.get(a.url("/admin/login"), timeout=10)
    signed = browser.post(a.url("/admin/login"), allow_redirects=False, timeout=10, data={
        "username": "kim", "password": PASSWORD,
        "csrf_token": CSRF_RE.search(page.text).group(1)})
    assert signed.status_code == 303
    on_b = browser.get(b.url("/admin/notices"), allow_redirects=False, timeout=10)
    assert on_b.status_code == 200 and "kim" in on_b.text
    anonymous = requests.get(b.url("/admin/notices"), allow_redirects=False, timeout=10)
    assert anonymous.status_code in (302, 303)


def test_a_notification_lost_while_b_was_not_listening_is_recovered(replicas):
    url, a, b = replicas
    engine = create_engine(url)
    try:
        before = feed(b).headers["ETag"]
        with engine.begin() as conn:
            killed = conn.execute(text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = :name"),
                {"name": f"notice-server feed listener :{b.port}"}).scalar()
        assert killed == 1
        a.publish(title="리스너가 없을 때")  # B is not listening: its NOTIFY is lost
        deadline = time.monotonic() + 15  # reconnect backoff, or at worst the periodic check
        while feed(b).headers["ETag"] == before and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "리스너가 없을 때" in feed(b).text
        with engine.connect() as conn:  # and B listens again
            listening = conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = :name"),
                {"name": f"notice-server feed listener :{b.port}"}).scalar()
        assert listening == 1
    finally:
        engine.dispose()


def _in_seconds(seconds: int) -> str:
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    end = datetime.now(ZoneInfo("Asia/Seoul")).replace(microsecond=0) + timedelta(
        seconds=seconds + 1)
    return end.isoformat()


def test_fan_out_recovers_by_itself_after_postgresql_was_down(replicas, postgres_cluster):
    url, a, b = replicas
    a.publish(title="정지 전")
    wait_for_text(b, "정지 전")
    postgres_cluster.stop()
    try:
        time.sleep(10)
        assert feed(b).status_code == 200  # readers keep the last feed meanwhile
    finally:
        postgres_cluster.start()
    engine = create_engine(url)
    try:
        deadline = time.monotonic() + 20  # the listener's reconnect backoff is at most 10 s
        listening = 0
        while listening == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
            with engine.connect() as conn:
                listening = conn.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = :name"),
                    {"name": f"notice-server feed listener :{b.port}"}).scalar()
        assert listening == 1
    finally:
        engine.dispose()
    etag = feed(b).headers["ETag"]
    answer: dict = {}
    poller = threading.Thread(target=lambda: answer.update(r=feed(
        b, **{"If-None-Match": etag, "Prefer": "wait=20"})))
    poller.start()
    time.sleep(0.5)
    a.publish(title="복구 후 A에서")
    # B's own check of the database runs every 10 s and the poll would hold for 20 s:
    # an answer within 5 s is the re-established NOTIFY at work.
    poller.join(5)
    assert not poller.is_alive(), "B's held poll was not woken by A's publish"
    assert answer["r"].status_code == 200 and "복구 후 A에서" in answer["r"].text
