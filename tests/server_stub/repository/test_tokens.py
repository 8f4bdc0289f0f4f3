"""TokenRepository on a real SQLite file and a real PostgreSQL: only a sha256 is stored."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from server_stub import db
from server_stub.repository.tokens import TokenRepository, hash_token
from tests.server_stub.clock import Clock


def create(engine, tokens: TokenRepository, name: str, role: str = "publisher"):
    with db.writer(engine).begin() as conn:
        return tokens.insert(conn, name, role)


def revoke(engine, tokens: TokenRepository, token_id: int) -> bool:
    with db.writer(engine).begin() as conn:
        return tokens.revoke_in(conn, token_id)


def test_tokens_store_only_hash_and_can_be_revoked(engine):
    clock = Clock()
    tokens = TokenRepository(engine, clock)
    token, record = create(engine, tokens, "홍보팀", "publisher")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT token_hash FROM api_tokens")).scalars().all()
    assert rows == [hash_token(token)] and token not in rows[0]
    assert tokens.authenticate(token).name == "홍보팀"
    assert tokens.authenticate(token + "x") is None and tokens.authenticate("") is None
    assert tokens.list()[0].last_used_at is not None
    assert revoke(engine, tokens, record.id) and not revoke(engine, tokens, record.id)
    assert tokens.authenticate(token) is None


def test_last_used_is_throttled(engine):
    clock = Clock()
    tokens = TokenRepository(engine, clock)
    token, _ = create(engine, tokens, "t")
    tokens.authenticate(token)
    first = tokens.list()[0].last_used_at
    clock.now += timedelta(minutes=1)
    tokens.authenticate(token)
    assert tokens.list()[0].last_used_at == first
    clock.now += timedelta(minutes=10)
    tokens.authenticate(token)
    assert tokens.list()[0].last_used_at != first
