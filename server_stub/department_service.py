"""Department changes (the list audience targeting draws from), each audited in its transaction.

Used by the admin page's department list and by ``notice-server seed-demo``. Input checks
(length, reserved names) are the page's: this service takes names it can store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import Engine

from server_stub.db import writer
from server_stub.repository.audit import AuditRepository
from server_stub.repository.departments import (
    Department,
    DepartmentRepository,
    DuplicateDepartmentError,
)

__all__ = ["Department", "DepartmentService", "DuplicateDepartmentError"]


class DepartmentService:
    def __init__(self, engine: Engine, departments: DepartmentRepository,
                 audit: AuditRepository, clock: Callable[[], datetime]) -> None:
        self._engine = engine
        self._departments = departments
        self._audit = audit
        self._clock = clock

    def list(self) -> list[Department]:
        return self._departments.list()

    def names(self) -> list[str]:
        return self._departments.names()

    def get(self, department_id: int) -> Department | None:
        return self._departments.get(department_id)

    def add(self, actor: str, name: str, sort_order: int | None) -> int:
        """The new department's id; ``sort_order`` None puts it last.

        Raises `DuplicateDepartmentError` (nothing written) when the name is taken.
        """
        repo = self._departments
        with writer(self._engine).begin() as conn:
            new_id = repo.add(conn, name, sort_order if sort_order is not None
                              else repo.next_order())
            self._audit.append(conn, at=self._clock(), actor=actor, action="department.add",
                               target=f"department:{new_id}", changes={"name": [None, name]})
        return new_id

    def update(self, actor: str, old: Department, name: str, sort_order: int | None) -> None:
        """Rename and/or reorder ``old``; ``sort_order`` None keeps its place.

        Raises `DuplicateDepartmentError` (nothing written) when the new name is taken.
        """
        new_order = sort_order if sort_order is not None else old.sort_order
        with writer(self._engine).begin() as conn:
            self._departments.update(conn, old.id, name, new_order)
            changes = {k: v for k, v in {
                "name": [old.name, name], "sort_order": [old.sort_order, new_order],
            }.items() if v[0] != v[1]}
            self._audit.append(conn, at=self._clock(), actor=actor, action="department.update",
                               target=f"department:{old.id}", changes=changes)

    def remove(self, actor: str, old: Department) -> None:
        with writer(self._engine).begin() as conn:
            self._departments.remove(conn, old.id)
            self._audit.append(conn, at=self._clock(), actor=actor, action="department.delete",
                               target=f"department:{old.id}", changes={"name": [old.name, None]})

    def add_missing(self, names: Iterable[str]) -> int:
        """Add those of ``names`` not in the list yet, in order, after the others (the demo
        seed: no audit rows, as its notices are the point); returns how many were added."""
        existing = set(self.names())
        missing = [name for name in names if name not in existing]
        if missing:
            first = self._departments.next_order()
            with writer(self._engine).begin() as conn:
                for i, name in enumerate(missing):
                    self._departments.add(conn, name, first + 10 * i)
        return len(missing)
