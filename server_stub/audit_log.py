"""Reading the audit log for the admin page: filtered pages (newest first) and who appears.

Writes happen only inside the services' own transactions (`AuditRepository.append`); this is
the read side, so the admin views reach the log through a service like everything else.
"""

from __future__ import annotations

from server_stub.repository.audit import AuditEntry
from server_stub.repository.audit_pages import AuditFilter, AuditPage, AuditPages

__all__ = ["AuditEntry", "AuditFilter", "AuditLog", "AuditPage"]


class AuditLog:
    def __init__(self, pages: AuditPages) -> None:
        self._pages = pages

    def page(self, filters: AuditFilter, *, limit: int, before: int | None = None) -> AuditPage:
        """Up to ``limit`` entries, newest first, older than id ``before`` if given."""
        return self._pages.page(filters, limit=limit, before=before)

    def actors(self) -> list[str]:
        return self._pages.actors()
