"""``notice-server copy-db --to URL``: copy every table into an empty database.

How a site that outgrows SQLite moves to PostgreSQL (any direction works). The target is
migrated to the newest schema, then filled in ONE transaction: rows in batches, table by
table (parents first), row counts compared per table, PostgreSQL id sequences moved past the
copied ids. A mismatch or any error rolls the whole copy back, so the target stays empty.
A target that already holds rows is refused before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, Integer, func, insert, inspect, select, table, text

from server_stub.db.engine import DatabaseError, safe_url, writer
from server_stub.db.schema import migrate
from server_stub.db.tables import metadata

BATCH = 1000


class TargetNotEmptyError(DatabaseError):
    """The copy target already holds data."""


class CopyMismatchError(DatabaseError):
    """A table's row count differs after copying (the copy was rolled back)."""


def non_empty_tables(engine: Engine) -> list[str]:
    """Tables (other than Alembic's own) that hold at least one row."""
    with engine.connect() as conn:
        names = [n for n in inspect(conn).get_table_names() if n != "alembic_version"]
        preparer = engine.dialect.identifier_preparer
        return [name for name in names
                if conn.execute(text(f"SELECT 1 FROM {preparer.quote(name)} LIMIT 1")).first()]


def _count(conn, name: str) -> int:
    return int(conn.execute(select(func.count()).select_from(table(name))).scalar_one())


def _fix_sequences(conn) -> None:
    """After explicit ids, PostgreSQL's serial sequences must continue above the largest."""
    for tbl in metadata.sorted_tables:
        pk = list(tbl.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence(:t, :c), "
            f"COALESCE((SELECT MAX({pk[0].name}) FROM {tbl.name}), 0) + 1, false)"
        ), {"t": tbl.name, "c": pk[0].name})


def copy_database(source: Engine, target: Engine,
                  progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Copy every table of `metadata` from ``source`` into the empty ``target``.

    Both must be reachable; ``source`` already migrated. Returns {table: rows copied}.
    """
    if source.url == target.url:
        raise TargetNotEmptyError("원본과 대상이 같은 데이터베이스입니다 / source and target are "
                                  "the same database")
    filled = non_empty_tables(target)
    if filled:
        raise TargetNotEmptyError(
            f"대상 데이터베이스가 비어 있지 않습니다 / target database is not empty: "
            f"{safe_url(target.url)} ({', '.join(sorted(filled)[:5])} hold rows)")
    migrate(target)
    copied: dict[str, int] = {}
    read = source.execution_options(isolation_level="REPEATABLE READ") \
        if source.dialect.name == "postgresql" else source
    with read.connect() as src, writer(target).begin() as dst:
        for tbl in metadata.sorted_tables:
            order = list(tbl.primary_key.columns) or list(tbl.columns)
            rows = src.execution_options(yield_per=BATCH).execute(select(tbl).order_by(*order))
            total = 0
            for batch in rows.mappings().partitions(BATCH):
                dst.execute(insert(tbl), [dict(r) for r in batch])
                total += len(batch)
            expected, found = _count(src, tbl.name), _count(dst, tbl.name)
            if not expected == found == total:
                raise CopyMismatchError(
                    f"행 수가 다릅니다 / row count mismatch in {tbl.name}: source {expected}, "
                    f"copied {total}, target {found}; 대상은 그대로 비어 있습니다 / target left empty")
            copied[tbl.name] = total
            if progress is not None:
                progress(tbl.name, total)
        if target.dialect.name == "postgresql":
            _fix_sequences(dst)
    return copied
