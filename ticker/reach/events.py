"""Receipt events and batches as data. Pure: no Qt, no network, no files.

An event is ``{"event_id", "notice_id", "type", "at"}``: its own UUID4 (the server dedups on
it, so a batch sent twice counts once), the notice id the server knows, the type and the
client's time in RFC 3339 with offset.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

EVENT_TYPES = ("shown", "opened", "acknowledged")
MAX_BATCH = 500  # events per POST (the server refuses more)
NOTICE_ID_MAX = 100  # longer ids cannot be the server's own: never queued

Outcome = Literal["sent", "retry", "drop"]


def rfc3339(moment: dt.datetime) -> str:
    """``2026-12-06T11:41:18.123+09:00``; a naive time is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.isoformat(timespec="milliseconds")


def make_event(kind: str, notice_id: str, at: dt.datetime, event_id: str | None = None) -> dict:
    if kind not in EVENT_TYPES:
        raise ValueError(f"unknown receipt type: {kind!r}")
    return {"event_id": event_id or str(uuid.uuid4()), "notice_id": notice_id, "type": kind,
            "at": rfc3339(at)}


def reportable_id(notice_id: str) -> bool:
    return 0 < len(notice_id) <= NOTICE_ID_MAX


def batch_body(client: dict, events: list[dict]) -> dict:
    """The POST body; ``events=[]`` is the heartbeat."""
    return {"client": client, "events": list(events)}


def outcome(status: int) -> Outcome:
    """What a batch's HTTP status means for the queue.

    2xx: delivered, remove it. 408/429 and 5xx: try again later (with backoff). Any other
    4xx: the server will never take this batch; drop it so it cannot wedge the queue.
    """
    if 200 <= status < 300:
        return "sent"
    if status in (408, 429) or status >= 500 or status < 200:
        return "retry"
    if 300 <= status < 400:  # a redirect we did not follow: a proxy or a moved server
        return "retry"
    return "drop"


__all__ = ["EVENT_TYPES", "MAX_BATCH", "NOTICE_ID_MAX", "batch_body", "make_event", "outcome",
           "reportable_id", "rfc3339"]
