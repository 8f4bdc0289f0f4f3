"""UserRepository on a real SQLite file and a real PostgreSQL: argon2id hashes, sign-in checks."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from server_stub.repository.users import DuplicateUserError, UserRepository
from tests.server_stub.clock import Clock


def test_users_hash_with_argon2id_and_verify(engine):
    users = UserRepository(engine, Clock())
    user = users.add("kim", "admin", "s3cret-password")
    assert user.role == "admin" and user.has_password and not user.disabled
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users")).scalar()
    assert stored.startswith("$argon2id$")
    assert users.verify("kim", "s3cret-password").name == "kim"
    assert users.verify("kim", "wrong") is None
    assert users.verify("nobody", "s3cret-password") is None
    users.set_disabled("kim", True)
    assert users.verify("kim", "s3cret-password") is None
    with pytest.raises(DuplicateUserError):
        users.add("kim", "publisher", "another-password")
    with pytest.raises(ValueError):
        users.add("lee", "root", "password123")


def test_user_without_password_cannot_log_in(engine):
    users = UserRepository(engine, Clock())
    users.add("api-only", "publisher")
    assert users.verify("api-only", "") is None
