"""AuditRepository on a real SQLite file and a real PostgreSQL: append-only."""

from __future__ import annotations

from server_stub import db
from server_stub.repository.audit import AuditRepository
from tests.server_stub.audit import audit_entries
from tests.server_stub.clock import Clock


def test_audit_is_append_only(engine):
    audit = AuditRepository(engine)
    with db.writer(engine).begin() as conn:
        audit.append(conn, at=Clock()(), actor="kim", action="create", target="n-1",
                     changes={"title": [None, "제목"]})
    (entry,) = audit_entries(engine)
    assert (entry.actor, entry.action, entry.target) == ("kim", "create", "n-1")
    assert entry.changes == {"title": [None, "제목"]}
    assert not hasattr(audit, "delete") and not hasattr(audit, "update")
