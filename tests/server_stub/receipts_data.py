"""Read-receipt test data shared by the receipts repository, reach and writer tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from server_stub.receipts_validation import ClientInfo, ReceiptEvent

NOW = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)


def pc(department: str = "총무과") -> ClientInfo:
    return ClientInfo(str(uuid.uuid4()), "kim", "PC-1", "1.4.0", "Windows-10", (department,))


def event(notice_id: str, kind: str = "shown", event_id: str | None = None) -> ReceiptEvent:
    return ReceiptEvent(event_id or str(uuid.uuid4()), notice_id, kind, NOW)
