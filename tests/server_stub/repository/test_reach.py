"""ReachRepository on a real database: who still owes a 확인, on every engine."""

from __future__ import annotations

import uuid

from server_stub.receipts_validation import ClientInfo
from server_stub.repository.reach import ReachRepository
from server_stub.repository.receipts import ReceiptRepository
from tests.server_stub.receipts_data import NOW, pc


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
