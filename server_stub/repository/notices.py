"""SQL for the notices table: rows <-> `Notice` values."""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from server_stub.db import audit_log, utc_stamp
from server_stub.db import notices as table
from server_stub.models import Notice, NoticeInput, Recurrence
from server_stub.zone import HOME_ZONE_NAME


def new_notice_id() -> str:
    return "n-" + secrets.token_hex(8)


def _to_row(notice: NoticeInput) -> dict:
    return {
        "title": notice.title,
        "body": notice.body,
        "category": notice.category,
        "priority": notice.priority,
        "link": notice.link,
        "starts_at": utc_stamp(notice.starts_at),
        "ends_at": utc_stamp(notice.ends_at),
        "recurrence": json.dumps(notice.recurrence.as_dict()) if notice.recurrence else None,
        "audience": json.dumps(list(notice.audience), ensure_ascii=False),
        "visibility": notice.visibility,
        "status": notice.status,
        "ack_required": 1 if notice.ack_required else 0,
    }


def _from_row(row, zone: ZoneInfo) -> Notice:
    rec = json.loads(row.recurrence) if row.recurrence else None

    def stamp(value: str | None) -> datetime | None:
        return datetime.fromisoformat(value).astimezone(zone) if value else None

    return Notice(
        id=row.id,
        title=row.title,
        body=row.body,
        category=row.category,
        priority=row.priority,
        link=row.link,
        starts_at=stamp(row.starts_at),
        ends_at=stamp(row.ends_at),
        recurrence=Recurrence(
            rec["freq"], tuple(rec.get("weekdays", ())), rec["start"], rec["end"],
            rec.get("tz") or HOME_ZONE_NAME,
        ) if rec else None,
        audience=tuple(json.loads(row.audience or "[]")),
        visibility=row.visibility,
        status=row.status,
        ack_required=bool(row.ack_required),
        author=row.author or "",
        created_at=stamp(row.created_at),
        updated_at=stamp(row.updated_at),
    )


class NoticeRepository:
    """Notices are returned with their times in ``timezone`` (stored as UTC)."""

    def __init__(self, engine: Engine, timezone: str = HOME_ZONE_NAME) -> None:
        self._engine = engine
        self._zone = ZoneInfo(timezone)

    # -- reads (own connection unless one is given) --------------------------------------
    def get(self, notice_id: str, conn: Connection | None = None) -> Notice | None:
        query = select(table).where(table.c.id == notice_id)
        if conn is not None:
            row = conn.execute(query).first()
        else:
            with self._engine.connect() as own:
                row = own.execute(query).first()
        return _from_row(row, self._zone) if row else None

    def list(
        self,
        *,
        status: str | None = None,
        category: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> tuple[list[Notice], int]:
        """A page of notices, newest start first, and the total count for the filter."""
        where = []
        if status:
            where.append(table.c.status == status)
        if category:
            where.append(table.c.category == category)
        query = (
            select(table).where(*where)
            .order_by(table.c.starts_at.desc(), table.c.id).limit(limit).offset(offset)
        )
        count = select(func.count()).select_from(table).where(*where)
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
            total = conn.execute(count).scalar_one()
        return [_from_row(r, self._zone) for r in rows], int(total)

    def feed_state(self, now: datetime) -> tuple[list[Notice], datetime | None]:
        """The live published notices and the latest moment a notice left the feed.

        Both come from the database only, so every replica computes the same feed (and the
        same Last-Modified) from them. A notice leaves when it ends (its ``ends_at``), is
        unpublished or archived (its ``updated_at``) or is deleted (the audit row's time).
        """
        stamp = utc_stamp(now)
        live = select(table).where(table.c.status == "published", table.c.ends_at > stamp)
        ended = select(func.max(table.c.ends_at)).where(
            table.c.status == "published", table.c.ends_at <= stamp)
        unpublished = select(func.max(table.c.updated_at)).where(table.c.status != "published")
        deleted = select(func.max(audit_log.c.at)).where(
            audit_log.c.action == "delete", audit_log.c.at <= stamp)
        with self._engine.connect() as conn:
            notices = [_from_row(r, self._zone) for r in conn.execute(live)]
            stamps = [conn.execute(q).scalar() for q in (ended, unpublished, deleted)]
        times = [datetime.fromisoformat(s).astimezone(self._zone) for s in stamps if s]
        return notices, max(times, default=None)

    # -- writes (caller's transaction) -----------------------------------------------------
    def insert(self, conn: Connection, notice: NoticeInput, *, author: str, now: datetime,
               notice_id: str | None = None) -> Notice:
        row = _to_row(notice)
        stamp = utc_stamp(now)
        row.update(id=notice_id or new_notice_id(), author=author, created_at=stamp,
                   updated_at=stamp)
        conn.execute(insert(table).values(**row))
        return self.get(row["id"], conn)

    def replace(self, conn: Connection, notice_id: str, notice: NoticeInput, *,
                now: datetime) -> Notice | None:
        row = _to_row(notice)
        row["updated_at"] = utc_stamp(now)
        result = conn.execute(update(table).where(table.c.id == notice_id).values(**row))
        return self.get(notice_id, conn) if result.rowcount else None

    def delete(self, conn: Connection, notice_id: str) -> bool:
        result = conn.execute(delete(table).where(table.c.id == notice_id))
        return bool(result.rowcount)
