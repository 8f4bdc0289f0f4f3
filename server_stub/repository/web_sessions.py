"""Admin web sessions and sign-in attempts (tables ``web_sessions`` and ``login_attempts``).

Times are stored as UTC RFC 3339 text (`server_stub.db.utc_stamp`), so comparing the text
compares the instants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, insert, select, update

from server_stub.db import login_attempts, utc_stamp, web_sessions, writer


@dataclass(frozen=True)
class SessionRow:
    key: str
    user_id: int
    csrf_token: str
    created_at: datetime
    expires_at: datetime


class WebSessionStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    # sessions
    def create(self, key: str, user_id: int, csrf_token: str, created_at: datetime,
               expires_at: datetime) -> None:
        with writer(self._engine).begin() as conn:
            conn.execute(insert(web_sessions).values(
                id=key, user_id=user_id, csrf_token=csrf_token,
                created_at=utc_stamp(created_at), expires_at=utc_stamp(expires_at),
            ))

    def get(self, key: str) -> SessionRow | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(web_sessions).where(web_sessions.c.id == key)).first()
        if row is None:
            return None
        return SessionRow(row.id, row.user_id, row.csrf_token,
                          datetime.fromisoformat(row.created_at),
                          datetime.fromisoformat(row.expires_at))

    def touch(self, key: str, expires_at: datetime) -> None:
        with writer(self._engine).begin() as conn:
            conn.execute(update(web_sessions).where(web_sessions.c.id == key)
                         .values(expires_at=utc_stamp(expires_at)))

    def delete(self, key: str) -> None:
        with writer(self._engine).begin() as conn:
            conn.execute(delete(web_sessions).where(web_sessions.c.id == key))

    def delete_for_user(self, user_id: int, except_key: str | None = None) -> None:
        """Every session of the user, except ``except_key`` (the one making the change)."""
        query = delete(web_sessions).where(web_sessions.c.user_id == user_id)
        if except_key is not None:
            query = query.where(web_sessions.c.id != except_key)
        with writer(self._engine).begin() as conn:
            conn.execute(query)

    def purge_expired(self, now: datetime) -> None:
        with writer(self._engine).begin() as conn:
            conn.execute(delete(web_sessions).where(web_sessions.c.expires_at <= utc_stamp(now)))

    # sign-in attempts
    def record_attempt(self, username: str, address: str, at: datetime, success: bool) -> None:
        with writer(self._engine).begin() as conn:
            conn.execute(insert(login_attempts).values(
                username=username, address=address, at=utc_stamp(at), success=int(success),
            ))

    def recent_failures(self, since: datetime, *, username: str | None = None,
                        address: str | None = None) -> list[datetime]:
        """Failure times after ``since``; for a user name, only those after its last success."""
        table = login_attempts
        cutoff = utc_stamp(since)
        with self._engine.connect() as conn:
            if username is not None:
                last_ok = conn.execute(
                    select(table.c.at).where(table.c.username == username, table.c.success == 1)
                    .order_by(table.c.at.desc()).limit(1)
                ).scalar()
                if last_ok and last_ok > cutoff:
                    cutoff = last_ok
                where = table.c.username == username
            else:
                where = table.c.address == address
            rows = conn.execute(
                select(table.c.at).where(where, table.c.success == 0, table.c.at > cutoff)
            ).scalars().all()
        return [datetime.fromisoformat(r) for r in rows]
