"""POST /api/v1/receipts against a real server: stored and ignored counts, dedup, heartbeats,
hostile input (never a 5xx, nothing stored wrong), the 429 guard, the feed's `_ticker.receipts`
and the `--receipts` modes."""

from __future__ import annotations

import json
import threading
import time
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

SEOUL = ZoneInfo("Asia/Seoul")


def new_client(audiences=("총무과",), **fields) -> dict:
    client = {"id": str(uuid.uuid4()), "user": "kim.minsu", "host": "JJ-PC-0412",
              "version": "1.4.0", "platform": "Windows-10", "audiences": list(audiences)}
    client.update(fields)
    return client


def events_for(notice_id: str, kinds=("shown", "opened", "acknowledged"), at=None) -> list:
    moment = (at or datetime.now(SEOUL)).isoformat()
    return [{"event_id": str(uuid.uuid4()), "notice_id": notice_id, "type": kind, "at": moment}
            for kind in kinds]


def post(server, body, **kwargs) -> requests.Response:
    if not isinstance(body, bytes | str):
        kwargs["json"] = body
    else:
        kwargs["data"] = body
        kwargs.setdefault("headers", {"Content-Type": "application/json"})
    return requests.post(server.url("/api/v1/receipts"), timeout=30, **kwargs)


def stored_again(server, client, events) -> int:
    """How many of ``events`` were NOT stored before: re-sending counts only new rows."""
    response = post(server, {"client": client, "events": events})
    assert response.status_code == 202, response.text
    return response.json()["stored"]


def assert_clean_log(server) -> None:
    log = server.log_text()
    assert "Traceback" not in log and "Exception in ASGI" not in log, log[-3000:]


def test_feed_tells_clients_where_to_report(live_server):
    notice = live_server.publish(title="확인 요청 공지", ack_required=True)
    feed = requests.get(live_server.url("/feed.json"), timeout=5).json()
    assert feed["_ticker"] == {"receipts": {"url": live_server.url("/api/v1/receipts"),
                                            "identify": True}}
    (item,) = feed["items"]
    assert item["id"] == notice["id"] and item["_ticker"]["ack_required"] is True
    public = requests.get(live_server.url("/public/feed.json"), timeout=5).json()
    assert "_ticker" not in public  # public readers never report


def test_ack_required_in_the_api_defaults_false_and_validates(live_server):
    plain = live_server.publish(title="보통 공지")
    assert plain["ack_required"] is False
    url = live_server.url(f"/api/v1/notices/{plain['id']}")
    patched = requests.patch(url, json={"ack_required": True}, headers=live_server.headers,
                             timeout=5)
    assert patched.status_code == 200 and patched.json()["ack_required"] is True
    assert requests.get(url, headers=live_server.headers, timeout=5).json()["ack_required"]
    bad = requests.patch(url, json={"ack_required": "yes"}, headers=live_server.headers,
                         timeout=5)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "ack_required"
    schema = requests.get(live_server.url("/openapi.json"), timeout=5).json()
    notice_schema = schema["paths"]["/api/v1/notices"]["post"]["requestBody"]["content"]
    assert "ack_required" in notice_schema["application/json"]["schema"]["properties"]
    assert "/api/v1/receipts" in schema["paths"]


def test_stores_counts_and_dedups_a_repeated_batch(live_server):
    notice = live_server.publish(title="전 직원 회의")
    body = {"client": new_client(), "events": events_for(notice["id"])}
    first = post(live_server, body)
    assert first.status_code == 202 and first.json() == {"stored": 3, "ignored": 0}
    again = post(live_server, body)
    assert again.status_code == 202 and again.json() == {"stored": 0, "ignored": 3}
    heartbeat = post(live_server, {"client": body["client"], "events": []})
    assert heartbeat.status_code == 202 and heartbeat.json() == {"stored": 0, "ignored": 0}


def test_ignores_unknown_foreign_and_implausible_events(live_server):
    everyone = live_server.publish(title="전체 공지")
    building = live_server.publish(title="건설과 공지", audience=["건설과"])
    now = datetime.now(SEOUL)
    client = new_client(audiences=["총무과"])
    events = (events_for(everyone["id"], ("shown",))
              + events_for("n-does-not-exist", ("shown",))
              + events_for(building["id"], ("shown",))  # outside the client's audiences
              + events_for(everyone["id"], ("opened",), at=now + timedelta(days=3 * 365))
              + events_for(everyone["id"], ("acknowledged",), at=now - timedelta(days=3 * 365)))
    response = post(live_server, {"client": client, "events": events})
    assert response.status_code == 202 and response.json() == {"stored": 1, "ignored": 4}
    # Nothing of the ignored ones was stored: sent again alone, each is still "new" -> ignored
    # again, while a client of the right department may report the 건설과 notice.
    assert stored_again(live_server, client, events) == 0
    builder = new_client(audiences=["건설과"])
    assert stored_again(live_server, builder, events_for(building["id"], ("shown",))) == 1


HOSTILE = {
    "broken JSON": b'{"client": {"id": ',
    "not UTF-8": b'{"client":"\xff\xfe"}',
    "JSON array": b"[]",
    "JSON null": b"null",
    "deep nesting": b'{"client":' + b"[" * 30000 + b"]" * 30000 + b"}",
    "huge number": b'{"client":' + b"9" * 5000 + b"}",
    "NaN": b'{"client":NaN,"events":[]}',
    "wrong types": json.dumps({"client": {"id": 5, "audiences": "all"}, "events": "x"}).encode(),
    "event wrong types": json.dumps({"client": {"id": str(uuid.uuid4())},
                                     "events": [{"event_id": 1, "notice_id": [],
                                                 "type": None, "at": {}}]}).encode(),
    "lone surrogate": b'{"client":{"id":"' + str(uuid.uuid4()).encode()
                      + b'","user":"\\ud800"},"events":[]}',
    "NUL in host": json.dumps({"client": {"id": str(uuid.uuid4()), "host": "a\x00b"},
                               "events": []}).encode(),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_bodies_get_a_clean_422(live_server, name):
    response = post(live_server, HOSTILE[name])
    assert response.status_code == 422, (name, response.status_code, response.text)
    body = response.json()
    assert body["code"] == "validation_failed" and body["errors"]
    assert_clean_log(live_server)


def test_size_limits_and_batch_cap(live_server):
    notice = live_server.publish(title="대량")
    client = new_client()
    ten_mb = b'{"client":{},"events":[' + b" " * (10 * 1024 * 1024) + b"]}"
    assert post(live_server, ten_mb).status_code == 413

    def chunks():  # no Content-Length: the server must stop reading on its own
        for _ in range(10 * 1024):
            yield b" " * 1024

    streamed = requests.post(live_server.url("/api/v1/receipts"), data=chunks(), timeout=30,
                             headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413
    hundred_k = {"client": client, "events": events_for(notice["id"], ("shown",)) * 100_000}
    assert post(live_server, hundred_k).status_code == 413
    over_cap = {"client": client, "events": [
        {"event_id": str(uuid.uuid4()), "notice_id": notice["id"], "type": "shown",
         "at": datetime.now(SEOUL).isoformat()} for _ in range(501)]}
    capped = post(live_server, over_cap)
    assert capped.status_code == 422
    assert capped.json()["errors"][0] == {"field": "events", "code": "too_long",
                                          "message": capped.json()["errors"][0]["message"]}
    # None of the refused batches stored anything: the 501 events are all still new.
    assert stored_again(live_server, client, over_cap["events"][:500]) == 500
    assert_clean_log(live_server)


def test_flood_from_one_client_id_gets_429_with_retry_after(live_server):
    client = new_client()
    statuses = []
    for _ in range(40):
        response = post(live_server, {"client": client, "events": []})
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert int(response.headers["Retry-After"]) >= 1
            assert response.json()["code"] == "too_many_requests"
            break
    assert statuses[0] == 202 and statuses[-1] == 429
    other = post(live_server, {"client": new_client(), "events": []})
    assert other.status_code == 202  # only that client id is slowed down


def test_kill_9_during_ingest_loses_no_acknowledged_event(live_server):
    notice = live_server.publish(title="정전 안내")
    accepted: list[tuple[dict, list]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def swarm() -> None:
        with requests.Session() as session:
            while not stop.is_set():
                client, events = new_client(), events_for(notice["id"])
                try:
                    response = session.post(live_server.url("/api/v1/receipts"), timeout=10,
                                            json={"client": client, "events": events})
                except requests.RequestException:
                    return  # the server is gone: this batch's fate is unknown, that is fine
                if response.status_code == 202:
                    assert response.json()["stored"] == 3
                    with lock:
                        accepted.append((client, events))

    threads = [threading.Thread(target=swarm) for _ in range(6)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while len(accepted) < 100 and time.monotonic() < deadline:
        time.sleep(0.01)
    live_server.kill()  # SIGKILL while requests are in flight
    stop.set()
    for thread in threads:
        thread.join(15)
    assert len(accepted) >= 100
    live_server.start()
    # Every event that got a 202 survived: sending them again stores nothing new.
    with lock:
        batches = list(accepted)
    assert sum(stored_again(live_server, c, e) for c, e in batches) == 0


def test_the_largest_accepted_audiences_are_stored_on_every_engine(live_server):
    # The biggest list the rules accept, in 4-byte characters, with a long first name (the
    # department): it must fit the clients index on PostgreSQL, so a 202, never a 500.
    from server_stub.receipts_validation import AUDIENCES_JSON_MAX, audiences_json_size

    names = ["\U00020000" * 200]
    while audiences_json_size([*names, f"{len(names)}" + "\U00020000" * 10]) <= AUDIENCES_JSON_MAX:
        names.append(f"{len(names)}" + "\U00020000" * 10)
    response = post(live_server, {"client": new_client(audiences=names), "events": []})
    assert response.status_code == 202, response.text
    assert live_server.query("SELECT COUNT(*) FROM clients") == [(1,)]
    assert_clean_log(live_server)
