"""Account changes (users and API tokens), each with its audit row in the same transaction.

Used by the admin page and by ``notice-server user|token``: the rules come from
`server_stub.account_rules`, so both check the same things, and a change and its audit row
are committed together or not at all. The admin page and the API read accounts through it
too (lists, sign-in, token checks), so neither reaches the repositories.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from server_stub import account_rules as rules
from server_stub.db import writer
from server_stub.repository.audit import AuditRepository
from server_stub.repository.tokens import TokenRecord, TokenRepository
from server_stub.repository.users import DuplicateUserError, User, UserRepository

__all__ = ["AccountRuleError", "AccountService", "DuplicateUserError", "TokenRecord", "User"]


class AccountRuleError(ValueError):
    """Input broke an account rule: ``field`` (name, role, password) and a rules ``code``."""

    def __init__(self, field: str, code: str) -> None:
        super().__init__(rules.both_languages(code))
        self.field = field
        self.code = code


class AccountService:
    def __init__(self, engine: Engine, users: UserRepository, tokens: TokenRepository,
                 audit: AuditRepository, clock: Callable[[], datetime]) -> None:
        self._engine = engine
        self._users = users
        self._tokens = tokens
        self._audit = audit
        self._clock = clock

    def _record(self, conn, actor: str, action: str, target: str, changes: dict) -> None:
        self._audit.append(conn, at=self._clock(), actor=actor, action=action, target=target,
                           changes=changes)

    # -- users --------------------------------------------------------------------------
    def users(self) -> list[User]:
        return self._users.list()

    def user(self, user_id: int) -> User | None:
        return self._users.get(user_id)

    def verify_password(self, name: str, password: str) -> User | None:
        """The enabled user with that name and password, else None (same cost either way)."""
        return self._users.verify(name, password)

    @staticmethod
    def check_new_user(name: str, role: str, password: str | None,
                       confirm: str | None = None) -> list[AccountRuleError]:
        """Every rule a new user breaks (empty when fine). ``password=None``: no password."""
        found = []
        if code := rules.user_name_problem(name):
            found.append(AccountRuleError("name", code))
        if code := rules.role_problem(role):
            found.append(AccountRuleError("role", code))
        if password is not None and (code := rules.password_problem(password, confirm)):
            found.append(AccountRuleError("password", code))
        return found

    def add_user(self, actor: str, name: str, role: str, password: str | None,
                 confirm: str | None = None) -> User:
        name = rules.normalise_name(name)
        problems = self.check_new_user(name, role, password, confirm)
        if problems:
            raise problems[0]
        hashed = self._users.hash_password(password) if password is not None else None
        try:
            with writer(self._engine).begin() as conn:
                self._users.insert(conn, name, role, hashed)
                self._record(conn, actor, "user.add", f"user:{name}",
                             {"role": [None, role], "disabled": [None, False]})
        except IntegrityError as exc:
            raise DuplicateUserError(name) from exc
        return self._users.get_by_name(name)

    def set_password(self, actor: str, name: str, password: str,
                     confirm: str | None = None) -> bool:
        if code := rules.password_problem(password, confirm):
            raise AccountRuleError("password", code)
        hashed = self._users.hash_password(password)
        with writer(self._engine).begin() as conn:
            if not self._users.update_password(conn, name, hashed):
                return False
            self._record(conn, actor, "user.password", f"user:{name}",
                         {"password": ["***", "***"]})
        return True

    def set_disabled(self, actor: str, user: User, disabled: bool) -> bool:
        with writer(self._engine).begin() as conn:
            if not self._users.update_disabled(conn, user.name, disabled):
                return False
            self._record(conn, actor, "user.disable" if disabled else "user.enable",
                         f"user:{user.name}", {"disabled": [user.disabled, disabled]})
        return True

    # -- API tokens ---------------------------------------------------------------------
    def tokens(self) -> list[TokenRecord]:
        return self._tokens.list()

    def active_tokens(self, name_or_id: str) -> list[TokenRecord]:
        """Active tokens named ``name_or_id``, or the one with that id (``12`` or ``#12``)."""
        return [r for r in self._tokens.find(name_or_id) if r.active]

    def authenticate(self, token: str) -> TokenRecord | None:
        """The active token record for a presented API token, or None."""
        return self._tokens.authenticate(token)

    @staticmethod
    def check_new_token(name: str, role: str) -> list[AccountRuleError]:
        found = []
        if code := rules.token_name_problem(name):
            found.append(AccountRuleError("name", code))
        if code := rules.role_problem(role, rules.TOKEN_ROLES):
            found.append(AccountRuleError("role", code))
        return found

    def create_token(self, actor: str, name: str, role: str = "publisher"
                     ) -> tuple[str, TokenRecord]:
        problems = self.check_new_token(name, role)
        if problems:
            raise problems[0]
        with writer(self._engine).begin() as conn:
            token, record = self._tokens.insert(conn, name, role)
            self._record(conn, actor, "token.create", f"token:{record.id}",
                         {"name": [None, name], "role": [None, role]})
        return token, record

    def revoke_token(self, actor: str, token_id: int) -> bool:
        """False when there is no such active token (nothing is written then)."""
        with writer(self._engine).begin() as conn:
            if not self._tokens.revoke_in(conn, token_id):
                return False
            self._record(conn, actor, "token.revoke", f"token:{token_id}",
                         {"revoked": [False, True]})
        return True
