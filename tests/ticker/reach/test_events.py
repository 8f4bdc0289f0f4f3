"""Pure receipt event helpers."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from ticker.reach.events import batch_body, make_event, outcome, reportable_id, rfc3339

KST = dt.timezone(dt.timedelta(hours=9))


def test_event_shape():
    at = dt.datetime(2026, 12, 6, 11, 41, 18, 123456, tzinfo=KST)
    first, second = make_event("acknowledged", "n-1", at), make_event("acknowledged", "n-1", at)
    assert set(first) == {"event_id", "notice_id", "type", "at"}
    assert uuid.UUID(first["event_id"]).version == 4 and first["event_id"] != second["event_id"]
    assert first["at"] == "2026-12-06T11:41:18.123+09:00"
    assert dt.datetime.fromisoformat(first["at"]).utcoffset() == dt.timedelta(hours=9)
    with pytest.raises(ValueError):
        make_event("clicked", "n-1", at)


def test_naive_times_are_utc_and_ids_are_bounded():
    assert rfc3339(dt.datetime(2026, 1, 1)).endswith("+00:00")
    assert reportable_id("n-1") and not reportable_id("") and not reportable_id("x" * 101)
    assert batch_body({"id": "c"}, []) == {"client": {"id": "c"}, "events": []}


@pytest.mark.parametrize("status, verdict", [
    (200, "sent"), (202, "sent"), (204, "sent"), (429, "retry"), (408, "retry"), (500, "retry"),
    (503, "retry"), (302, "retry"), (400, "drop"), (404, "drop"), (413, "drop"), (422, "drop"),
])
def test_outcome(status, verdict):
    assert outcome(status) == verdict
