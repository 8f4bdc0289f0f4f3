"""Receipts storage on a real database: group commit keeps per-POST counts exact."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime

import pytest

from server_stub import db
from server_stub.receipts_validation import ClientInfo, ReceiptEvent
from server_stub.receipts_writer import GroupCommitWriter
from server_stub.repository.reach import ReachRepository
from server_stub.repository.receipts import ReceiptRepository

NOW = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)


@pytest.fixture
def engine(server_data_dir, database_url):
    """The same set-up as test_repositories.py: the migrated database of a data dir."""
    engine = db.open_database(server_data_dir / "notices.db", database_url)
    yield engine
    engine.dispose()


def pc(department: str = "총무과") -> ClientInfo:
    return ClientInfo(str(uuid.uuid4()), "kim", "PC-1", "1.4.0", "Windows-10", (department,))


def event(notice_id: str, kind: str = "shown", event_id: str | None = None) -> ReceiptEvent:
    return ReceiptEvent(event_id or str(uuid.uuid4()), notice_id, kind, NOW)


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


def test_not_acknowledged_matches_audience_names_exactly_on_every_engine(engine):
    # The feed's audience check is case-sensitive: a PC in "it" never gets a notice for "IT",
    # so it must not be listed as owing a 확인 for it (SQLite's LIKE would ignore the case).
    repo = ReceiptRepository(engine)
    upper, lower, everyone = pc("IT"), pc("it"), ClientInfo(str(uuid.uuid4()), "lee", "PC-2",
                                                             "1.4.0", "Linux", ())
    repo.ingest_many([(upper, [], NOW), (lower, [], NOW), (everyone, [], NOW)])
    reach = ReachRepository(engine)
    pending = {row.id for row in reach.not_acknowledged("n-3", ["IT"], NOW.replace(year=2025))}
    assert pending == {upper.id, everyone.id}
    assert reach.count_not_acknowledged("n-3", ["IT"], NOW.replace(year=2025)) == 2
