"""GroupCommitWriter on a real database: every caller gets its own exact count."""

from __future__ import annotations

import threading
import uuid

from server_stub.receipts_writer import GroupCommitWriter
from server_stub.repository.receipts import ReceiptRepository
from tests.server_stub.receipts_data import NOW, event, pc


def test_group_commit_writer_answers_every_caller_exactly(engine):
    writer = GroupCommitWriter(ReceiptRepository(engine), max_group=8)
    results: dict[int, int] = {}
    duplicate = str(uuid.uuid4())

    def post(index: int) -> None:
        events = [event("n-2", event_id=duplicate)] if index % 10 == 0 else []
        events += [event("n-2", kind) for kind in ("shown", "opened")]
        results[index] = writer.store(pc(), events, NOW)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    writer.close()
    assert len(results) == 60
    # 120 distinct events plus the shared one stored exactly once, whoever came first.
    assert sum(results.values()) == 121
    assert all(results[i] == 2 for i in results if i % 10)
    assert sorted(results[i] for i in range(0, 60, 10)) == [2, 2, 2, 2, 2, 3]
