"""API tokens: shown once at creation; only their SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, insert, select, update

from server_stub.db import api_tokens as table
from server_stub.db import utc_stamp, writer

TOKEN_PREFIX = "nt_"
TOKEN_ROLES = ("publisher", "admin")
#: last_used_at is refreshed at most this often, so reads do not turn into writes.
LAST_USED_RESOLUTION = timedelta(minutes=5)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class TokenRecord:
    id: int
    name: str
    role: str
    created_at: str | None
    revoked_at: str | None
    last_used_at: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _record(row) -> TokenRecord:
    return TokenRecord(row.id, row.name, row.role, row.created_at, row.revoked_at,
                       row.last_used_at)


class TokenRepository:
    def __init__(self, engine: Engine, clock: Callable[[], datetime]) -> None:
        self._engine = engine
        self._clock = clock

    def insert(self, conn: Connection, name: str, role: str) -> tuple[str, TokenRecord]:
        """A new token in the caller's transaction: (plaintext shown once, stored record)."""
        if role not in TOKEN_ROLES:
            raise ValueError(f"role must be one of {TOKEN_ROLES}")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        result = conn.execute(insert(table).values(
            name=name, role=role, token_hash=hash_token(token),
            created_at=utc_stamp(self._clock()),
        ))
        row = conn.execute(
            select(table).where(table.c.id == result.inserted_primary_key[0])
        ).one()
        return token, _record(row)

    def authenticate(self, token: str) -> TokenRecord | None:
        """The active token record for a presented token, or None."""
        if not token or len(token) > 200:
            return None
        with self._engine.connect() as conn:
            row = conn.execute(
                select(table).where(table.c.token_hash == hash_token(token))
            ).first()
        if row is None or row.revoked_at is not None:
            return None
        now = self._clock()
        last = datetime.fromisoformat(row.last_used_at) if row.last_used_at else None
        if last is None or now - last >= LAST_USED_RESOLUTION:
            with writer(self._engine).begin() as conn:
                conn.execute(update(table).where(table.c.id == row.id)
                             .values(last_used_at=utc_stamp(now)))
        return _record(row)

    def revoke_in(self, conn: Connection, token_id: int) -> bool:
        """Revoke inside the caller's transaction; False if unknown or already revoked."""
        result = conn.execute(
            update(table).where(table.c.id == token_id, table.c.revoked_at.is_(None))
            .values(revoked_at=utc_stamp(self._clock()))
        )
        return bool(result.rowcount)

    def find(self, name_or_id: str) -> list[TokenRecord]:
        """Tokens whose name is ``name_or_id``, or the one with that id (``12`` or ``#12``)."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(table).where(table.c.name == name_or_id)
                                .order_by(table.c.id)).all()
            digits = name_or_id.removeprefix("#")
            if not rows and digits.isascii() and digits.isdigit() and len(digits) <= 18:
                rows = conn.execute(select(table).where(table.c.id == int(digits))).all()
        return [_record(r) for r in rows]

    def list(self) -> list[TokenRecord]:
        with self._engine.connect() as conn:
            return [_record(r) for r in conn.execute(select(table).order_by(table.c.id))]
