"""ReceiptRepository on a real database: one transaction for several POSTs counts exactly."""

from __future__ import annotations

from server_stub.repository.reach import ReachRepository
from server_stub.repository.receipts import ReceiptRepository
from tests.server_stub.receipts_data import NOW, event, pc


def test_one_transaction_for_several_posts_counts_each_event_once(engine):
    repo = ReceiptRepository(engine)
    shared = event("n-1")
    first, second = pc(), pc("건설과")
    batches = [(first, [event("n-1"), shared], NOW), (second, [shared, event("n-1")], NOW),
               (first, [], NOW)]  # a heartbeat of the same PC in the same group
    assert repo.ingest_many(batches) == [2, 1, 0]
    assert repo.ingest_many(batches) == [0, 0, 0]
    counts = ReachRepository(engine).department_counts("n-1")
    assert counts == {("총무과", "shown"): 1, ("건설과", "shown"): 1}
