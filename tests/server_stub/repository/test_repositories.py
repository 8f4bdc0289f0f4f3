"""Repositories on a real SQLite file and a real PostgreSQL: users (argon2id), tokens (sha256 only), audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from server_stub import db
from server_stub.repository import (
    AuditRepository,
    DuplicateUserError,
    TokenRepository,
    UserRepository,
)
from server_stub.repository.tokens import hash_token
from tests.server_stub.clock import Clock


@pytest.fixture
def engine(server_data_dir, database_url):
    engine = db.open_database(server_data_dir / "notices.db", database_url)
    yield engine
    engine.dispose()


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


def test_tokens_store_only_hash_and_can_be_revoked(engine):
    clock = Clock()
    tokens = TokenRepository(engine, clock)
    token, record = tokens.create("홍보팀", "publisher")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT token_hash FROM api_tokens")).scalars().all()
    assert rows == [hash_token(token)] and token not in rows[0]
    assert tokens.authenticate(token).name == "홍보팀"
    assert tokens.authenticate(token + "x") is None and tokens.authenticate("") is None
    assert tokens.list()[0].last_used_at is not None
    assert tokens.revoke(record.id) and not tokens.revoke(record.id)
    assert tokens.authenticate(token) is None


def test_last_used_is_throttled(engine):
    clock = Clock()
    tokens = TokenRepository(engine, clock)
    token, _ = tokens.create("t")
    tokens.authenticate(token)
    first = tokens.list()[0].last_used_at
    clock.now += timedelta(minutes=1)
    tokens.authenticate(token)
    assert tokens.list()[0].last_used_at == first
    clock.now += timedelta(minutes=10)
    tokens.authenticate(token)
    assert tokens.list()[0].last_used_at != first


def test_audit_is_append_only(engine):
    audit = AuditRepository(engine)
    with db.writer(engine).begin() as conn:
        audit.append(conn, at=Clock()(), actor="kim", action="create", target="n-1",
                     changes={"title": [None, "제목"]})
    (entry,) = audit.recent()
    assert (entry.actor, entry.action, entry.target) == ("kim", "create", "n-1")
    assert entry.changes == {"title": [None, "제목"]}
    assert not hasattr(audit, "delete") and not hasattr(audit, "update")
