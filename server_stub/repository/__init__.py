"""All SQL lives here: one repository per table group, each built from an engine (and a clock).

Write methods take an open connection so the service can put a notice change and its audit row
in one transaction (``with writer(engine).begin() as conn``).
"""

from server_stub.repository.audit import AuditEntry, AuditRepository
from server_stub.repository.notices import NoticeRepository
from server_stub.repository.tokens import TokenRecord, TokenRepository
from server_stub.repository.users import DuplicateUserError, User, UserRepository

__all__ = [
    "AuditEntry",
    "AuditRepository",
    "DuplicateUserError",
    "NoticeRepository",
    "TokenRecord",
    "TokenRepository",
    "User",
    "UserRepository",
]
