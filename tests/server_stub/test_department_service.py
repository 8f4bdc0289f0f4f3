"""DepartmentService on a real SQLite file and a real PostgreSQL: each change and its audit row
commit together; a taken name changes nothing; the demo seed adds only what is missing."""

from __future__ import annotations

import pytest

from server_stub.department_service import DepartmentService, DuplicateDepartmentError
from server_stub.repository.audit import AuditRepository
from server_stub.repository.departments import DepartmentRepository
from tests.server_stub.audit import audit_entries
from tests.server_stub.clock import Clock


@pytest.fixture
def departments(engine) -> DepartmentService:
    return DepartmentService(engine, DepartmentRepository(engine), AuditRepository(engine),
                             Clock())


def test_add_update_remove_each_write_their_audit_row(engine, departments):
    first = departments.add("kim", "총무과", None)
    second = departments.add("kim", "건설과", 5)
    assert [(d.name, d.sort_order) for d in departments.list()] == [("건설과", 5), ("총무과", 10)]
    departments.update("lee", departments.get(first), "총무행정과", None)
    assert departments.get(first).name == "총무행정과" and departments.get(first).sort_order == 10
    departments.remove("lee", departments.get(second))
    assert departments.names() == ["총무행정과"]
    rows = [(e.actor, e.action, e.target, e.changes) for e in reversed(audit_entries(engine))]
    assert rows == [
        ("kim", "department.add", f"department:{first}", {"name": [None, "총무과"]}),
        ("kim", "department.add", f"department:{second}", {"name": [None, "건설과"]}),
        ("lee", "department.update", f"department:{first}", {"name": ["총무과", "총무행정과"]}),
        ("lee", "department.delete", f"department:{second}", {"name": ["건설과", None]}),
    ]


def test_a_taken_name_writes_nothing(engine, departments):
    first = departments.add("kim", "총무과", None)
    other = departments.get(departments.add("kim", "건설과", None))
    before = (departments.list(), len(audit_entries(engine)))
    with pytest.raises(DuplicateDepartmentError):
        departments.add("kim", "총무과", 1)
    with pytest.raises(DuplicateDepartmentError):
        departments.update("kim", other, "총무과", None)
    assert (departments.list(), len(audit_entries(engine))) == before
    assert departments.get(first).name == "총무과"


def test_add_missing_keeps_existing_and_appends_in_order(engine, departments):
    departments.add("kim", "총무과", 50)
    assert departments.add_missing(["기획예산과", "총무과", "건설과"]) == 2
    assert departments.names() == ["총무과", "기획예산과", "건설과"]
    assert [d.sort_order for d in departments.list()] == [50, 60, 70]
    assert departments.add_missing(["총무과", "건설과"]) == 0
    assert [e.action for e in audit_entries(engine)] == ["department.add"]  # seeding: no rows
