"""Departments: the list audience targeting draws from (table ``departments``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from server_stub.db import departments as table


class DuplicateDepartmentError(ValueError):
    pass


@dataclass(frozen=True)
class Department:
    id: int
    name: str
    sort_order: int


class DepartmentRepository:
    """Write methods take an open connection so the caller can audit in the same transaction."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def list(self) -> list[Department]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(table).order_by(table.c.sort_order, table.c.name)).all()
        return [Department(r.id, r.name, r.sort_order or 0) for r in rows]

    def names(self) -> list[str]:
        return [d.name for d in self.list()]

    def get(self, department_id: int) -> Department | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(table).where(table.c.id == department_id)).first()
        return Department(row.id, row.name, row.sort_order or 0) if row else None

    def next_order(self) -> int:
        with self._engine.connect() as conn:
            value = conn.execute(select(func.max(table.c.sort_order))).scalar()
        return int(value or 0) + 10

    def add(self, conn: Connection, name: str, sort_order: int) -> int:
        try:
            with conn.begin_nested():
                result = conn.execute(insert(table).values(name=name, sort_order=sort_order))
        except IntegrityError as exc:
            raise DuplicateDepartmentError(name) from exc
        return int(result.inserted_primary_key[0])

    def update(self, conn: Connection, department_id: int, name: str, sort_order: int) -> bool:
        try:
            with conn.begin_nested():
                result = conn.execute(update(table).where(table.c.id == department_id)
                                      .values(name=name, sort_order=sort_order))
        except IntegrityError as exc:
            raise DuplicateDepartmentError(name) from exc
        return bool(result.rowcount)

    def remove(self, conn: Connection, department_id: int) -> bool:
        result = conn.execute(delete(table).where(table.c.id == department_id))
        return bool(result.rowcount)
