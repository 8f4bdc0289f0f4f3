"""Receipts payload rules (pure): shapes -> 422 errors, and which valid events are stored."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from server_stub.rate_limit import RateLimiter
from server_stub.receipts_validation import (
    MAX_EVENTS,
    NoticeFacts,
    ReceiptBatch,
    accept_events,
    may_see,
    validate_batch,
)

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Seoul"))
CLIENT_ID = "0b6f4a3e-8c1d-4f5e-9a2b-3c4d5e6f7a8b"


def event(notice_id="n-1", kind="shown", at=NOW, event_id=None) -> dict:
    return {"event_id": event_id or str(uuid.uuid4()), "notice_id": notice_id, "type": kind,
            "at": at.isoformat() if isinstance(at, datetime) else at}


def batch(events=(), **client) -> dict:
    base = {"id": CLIENT_ID, "user": "kim", "host": "PC-1", "version": "1.4.0",
            "platform": "Windows-10", "audiences": ["총무과"]}
    base.update(client)
    return {"client": base, "events": list(events)}


def codes(result) -> set[tuple[str, str]]:
    assert isinstance(result, list), result
    return {(e.field, e.code) for e in result}


def test_valid_batch_and_heartbeat():
    good = validate_batch(batch([event(), event(kind="acknowledged")]))
    assert isinstance(good, ReceiptBatch)
    assert good.client.id == CLIENT_ID and good.client.audiences == ("총무과",)
    assert good.client.department == "총무과"
    assert [e.type for e in good.events] == ["shown", "acknowledged"]
    heartbeat = validate_batch(batch([]))
    assert isinstance(heartbeat, ReceiptBatch) and heartbeat.events == ()


def test_client_id_is_normalised_and_names_are_optional():
    result = validate_batch(batch([], id=CLIENT_ID.upper(), user=None, host=None))
    assert result.client.id == CLIENT_ID and result.client.user is None
    anonymous = validate_batch({"client": {"id": CLIENT_ID}, "events": []})
    assert anonymous.client.audiences == () and anonymous.client.department == ""


@pytest.mark.parametrize("payload, expected", [
    (None, ("body", "invalid_body")),
    ([], ("body", "invalid_body")),
    ({"events": []}, ("client", "required")),
    ({"client": "x", "events": []}, ("client", "type")),
    (batch([], id="not-a-uuid"), ("client.id", "invalid_uuid")),
    (batch([], id=12345), ("client.id", "invalid_uuid")),
    (batch([], user=5), ("client.user", "type")),
    (batch([], host="a" * 201), ("client.host", "too_long")),
    (batch([], host="PC\x00"), ("client.host", "invalid_chars")),
    (batch([], user="\ud800"), ("client.user", "invalid_chars")),
    (batch([], audiences="총무과"), ("client.audiences", "type")),
    (batch([], audiences=[1]), ("client.audiences[0]", "type")),
    (batch([], audiences=["x"] * 51), ("client.audiences", "too_long")),
    (batch([], audiences=[f"{i:02d}" + "과" * 198 for i in range(4)]),
     ("client.audiences", "too_long")),
    # Under 600 characters but over 1,200 UTF-8 bytes (4-byte characters): the index limit.
    (batch([], audiences=[f"{i}" + "\U0001F600" * 100 for i in range(4)]),
     ("client.audiences", "too_long")),
    (batch([], extra=1), ("client.extra", "unknown_field")),
    ({"client": {"id": CLIENT_ID}}, ("events", "required")),
    ({"client": {"id": CLIENT_ID}, "events": {}}, ("events", "type")),
    ({"client": {"id": CLIENT_ID}, "events": [], "x": 1}, ("x", "unknown_field")),
    (batch([event() for _ in range(MAX_EVENTS + 1)]), ("events", "too_long")),
    (batch(["shown"]), ("events[0]", "type")),
    (batch([event(event_id="1")]), ("events[0].event_id", "invalid_uuid")),
    (batch([event(kind="read")]), ("events[0].type", "invalid_choice")),
    (batch([event(notice_id=7)]), ("events[0].notice_id", "type")),
    (batch([event(notice_id="n" * 101)]), ("events[0].notice_id", "too_long")),
    (batch([event(at="2026-11-23T09:00:00")]), ("events[0].at", "invalid_datetime")),
    (batch([event(at="yesterday")]), ("events[0].at", "invalid_datetime")),
    (batch([event(at=1700000000)]), ("events[0].at", "invalid_datetime")),
    (batch([event() | {"extra": 1}]), ("events[0]", "unknown_field")),
])
def test_bad_shapes_are_errors(payload, expected):
    assert expected in codes(validate_batch(payload))


def test_every_bad_event_is_listed_but_capped():
    result = validate_batch(batch([event(kind="x") for _ in range(200)]))
    assert len(result) == 50


def test_may_see_follows_the_feed_rule():
    assert may_see(["총무과"], [])  # for everyone
    assert may_see([], ["건설과"])  # a PC without audiences reads the whole feed
    assert may_see(["총무과", "건설과"], ["건설과"])
    assert not may_see(["총무과"], ["건설과"])


def test_accept_events_ignores_unknown_foreign_implausible_and_repeated():
    facts = {"n-all": NoticeFacts((), NOW - timedelta(hours=1)),
             "n-dept": NoticeFacts(("건설과",), NOW - timedelta(hours=1))}
    same = str(uuid.uuid4())
    parsed = validate_batch(batch([
        event("n-all", event_id=same),
        event("n-all", event_id=same),  # repeated inside the batch
        event("n-missing"),
        event("n-dept"),  # outside the client's audiences
        event("n-all", at=NOW + timedelta(days=400)),  # clock years ahead
        event("n-all", at=NOW - timedelta(days=3)),  # long before the notice existed
        event("n-all", kind="opened", at=NOW - timedelta(hours=20)),  # within tolerance
        event("n-all", kind="acknowledged", at=NOW + timedelta(hours=23)),
    ]))
    kept = accept_events(parsed.events, facts, parsed.client.audiences, NOW)
    assert [(e.notice_id, e.type) for e in kept] == [
        ("n-all", "shown"), ("n-all", "opened"), ("n-all", "acknowledged")]


def test_rate_limiter_refills_per_key():
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=3, monotonic=lambda: now[0])
    assert [limiter.take("a") for _ in range(3)] == [0, 0, 0]
    wait = limiter.take("a")
    assert 0 < wait <= 1.0
    assert limiter.take("b") == 0  # another client is not affected
    now[0] += 1.0
    assert limiter.take("a") == 0


def test_rate_limiter_forgets_the_oldest_keys():
    limiter = RateLimiter(per_minute=1, burst=1, max_keys=2, monotonic=lambda: 0.0)
    assert limiter.take("a") == 0 and limiter.take("b") == 0 and limiter.take("c") == 0
    assert limiter.take("a") == 0  # "a" was dropped, so it starts with a full bucket
