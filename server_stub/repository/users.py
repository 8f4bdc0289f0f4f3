"""Users of the admin page: names, roles and argon2id password hashes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from server_stub.db import users as table
from server_stub.db import utc_stamp, writer

ROLES = ("admin", "publisher")


class DuplicateUserError(ValueError):
    pass


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    disabled: bool
    has_password: bool
    created_at: str | None


def _user(row) -> User:
    return User(row.id, row.name, row.role, bool(row.disabled), row.password_hash is not None,
                row.created_at)


class UserRepository:
    def __init__(self, engine: Engine, clock: Callable[[], datetime],
                 hasher: PasswordHasher | None = None) -> None:
        self._engine = engine
        self._clock = clock
        self._hasher = hasher or PasswordHasher()  # argon2id with the library's defaults

    def hash_password(self, password: str) -> str:
        """Hash before a write transaction begins: argon2 takes a while, the lock should not."""
        return self._hasher.hash(password)

    def add(self, name: str, role: str, password: str | None = None) -> User:
        hashed = self.hash_password(password) if password is not None else None
        try:
            with writer(self._engine).begin() as conn:
                self.insert(conn, name, role, hashed)
        except IntegrityError as exc:
            raise DuplicateUserError(name) from exc
        return self.get_by_name(name)

    def insert(self, conn: Connection, name: str, role: str, password_hash: str | None) -> int:
        """Insert inside the caller's transaction (an IntegrityError means the name is taken)."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        result = conn.execute(insert(table).values(
            name=name, role=role, password_hash=password_hash, disabled=0,
            created_at=utc_stamp(self._clock()),
        ))
        return int(result.inserted_primary_key[0])

    def get_by_name(self, name: str) -> User | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(table).where(table.c.name == name)).first()
        return _user(row) if row else None

    def get(self, user_id: int) -> User | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(table).where(table.c.id == user_id)).first()
        return _user(row) if row else None

    def list(self) -> list[User]:
        with self._engine.connect() as conn:
            return [_user(r) for r in conn.execute(select(table).order_by(table.c.name))]

    def set_password(self, name: str, password: str) -> bool:
        hashed = self.hash_password(password)
        with writer(self._engine).begin() as conn:
            return self.update_password(conn, name, hashed)

    def update_password(self, conn: Connection, name: str, password_hash: str) -> bool:
        result = conn.execute(update(table).where(table.c.name == name)
                              .values(password_hash=password_hash))
        return bool(result.rowcount)

    def set_disabled(self, name: str, disabled: bool) -> bool:
        with writer(self._engine).begin() as conn:
            return self.update_disabled(conn, name, disabled)

    def update_disabled(self, conn: Connection, name: str, disabled: bool) -> bool:
        result = conn.execute(update(table).where(table.c.name == name)
                              .values(disabled=int(disabled)))
        return bool(result.rowcount)

    def verify(self, name: str, password: str) -> User | None:
        """The user if the password matches and the account is enabled, else None.

        Always spends one hash verification, so timing does not reveal unknown names.
        """
        with self._engine.connect() as conn:
            row = conn.execute(select(table).where(table.c.name == name)).first()
        stored = row.password_hash if row is not None and row.password_hash else None
        try:
            self._hasher.verify(stored or _DUMMY_HASH.get(self._hasher), password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if stored is None or row.disabled:
            return None
        if self._hasher.check_needs_rehash(stored):
            self.set_password(name, password)
        return _user(row)


class _DummyHash:
    """A hash of a random string, made lazily, to verify against for unknown users."""

    def __init__(self) -> None:
        self._value: str | None = None

    def get(self, hasher: PasswordHasher) -> str:
        if self._value is None:
            self._value = hasher.hash("not-a-real-password-" + str(id(self)))
        return self._value


_DUMMY_HASH = _DummyHash()
