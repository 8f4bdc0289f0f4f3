"""The audit log as tests read it: newest first, through the admin page's own query."""

from __future__ import annotations

from sqlalchemy import Engine

from server_stub.audit_log import AuditEntry, AuditFilter
from server_stub.repository.audit_pages import AuditPages


def audit_entries(engine: Engine, target: str | None = None, limit: int = 1000
                  ) -> list[AuditEntry]:
    """The newest ``limit`` entries (about ``target`` only, when given), newest first."""
    return AuditPages(engine).page(AuditFilter(target=target or ""), limit=limit).entries
