"""The durable receipts queue and this PC's reach marks, in one small SQLite file.

``reach.sqlite3`` in the user data dir holds two tables:

- ``events``: receipt events waiting to be sent, oldest first, each with the receipts URL it
  goes to. A row is written (and fsynced: ``synchronous=FULL``) before ``record`` returns, and
  deleted only after the server answered 2xx for its batch, so kill -9 at any moment loses
  nothing that was recorded and a batch is never half removed.
- ``marks``: (notice, type) pairs this PC has done, e.g. "shown" (once per notice per PC) and
  "acknowledged" (the 확인 state the bar shows, also kept when reporting is off).

A mark and its event are written in one transaction, so a crash can never leave a notice
marked "shown" without its event queued, nor queue the event twice.

One ``ReachStore`` owns the file; it is safe to call from several threads. A file that
SQLite cannot read is moved aside (``.corrupt-<time>``), logged, and replaced by an empty one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import sqlite3
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

FILE_NAME = "reach.sqlite3"
MEMORY = ":memory:"
MAX_QUEUED = 100_000  # a PC offline for weeks keeps the newest this many events

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS events (
           seq INTEGER PRIMARY KEY AUTOINCREMENT,
           url TEXT NOT NULL,
           identify INTEGER NOT NULL,
           event TEXT NOT NULL,
           queued_at REAL NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS ix_events_url ON events (url, seq)",
    """CREATE TABLE IF NOT EXISTS marks (
           notice_id TEXT NOT NULL,
           type TEXT NOT NULL,
           at TEXT NOT NULL,
           PRIMARY KEY (notice_id, type))""",
)


@dataclasses.dataclass(frozen=True, slots=True)
class Queued:
    seq: int
    url: str
    identify: bool
    event: dict


class ReachStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db = self._open()

    # -- opening -------------------------------------------------------------------------

    def _connect(self, target: Path | str) -> sqlite3.Connection:
        if target != MEMORY:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(target, timeout=10, check_same_thread=False,
                             isolation_level=None)  # explicit BEGIN/COMMIT below
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")  # fsync at every commit: queued means on disk
        for statement in _SCHEMA:
            db.execute(statement)
        return db

    def _open(self) -> sqlite3.Connection:
        try:
            db = self._connect(self.path)
            if db.execute("PRAGMA quick_check").fetchone()[0] == "ok":
                return db
            db.close()
            problem = "integrity check failed"
        except (sqlite3.DatabaseError, OSError) as exc:
            problem = str(exc)
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(str(self.path) + suffix).replace(Path(str(aside) + suffix))
        try:
            db = self._connect(self.path)
        except (sqlite3.DatabaseError, OSError) as exc:
            # A read-only or broken profile must not stop the bar: it runs, reporting from
            # memory for this session only.
            log.error("reach queue %s cannot be opened (%s; %s); keeping receipts in memory",
                      self.path, problem, exc)
            return self._connect(MEMORY)
        log.error("reach queue %s is corrupted (%s); moved to %s and started empty",
                  self.path, problem, aside.name)
        return db

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- writing -------------------------------------------------------------------------

    def record(self, notice_id: str, kind: str, at: str, *, once: bool,
               event: dict | None = None, url: str = "", identify: bool = False) -> bool:
        """Mark (notice_id, kind) and queue ``event`` for ``url`` in one transaction.

        With ``once`` nothing happens when the mark exists already (returns False).
        ``event=None`` keeps only the mark (reporting off, or a feed without receipts).
        """
        with self._lock, self._transaction() as db:
            if once:
                cursor = db.execute(
                    "INSERT OR IGNORE INTO marks (notice_id, type, at) VALUES (?, ?, ?)",
                    (notice_id, kind, at))
                if cursor.rowcount == 0:
                    return False
            else:
                db.execute("INSERT OR REPLACE INTO marks (notice_id, type, at) VALUES (?, ?, ?)",
                           (notice_id, kind, at))
            if event is not None and url:
                self._append(db, [(url, identify, event)])
            return True

    def append(self, items: list[tuple[str, bool, dict]]) -> None:
        """Queue ``(url, identify, event)`` items without marks (tests, imports)."""
        with self._lock, self._transaction() as db:
            self._append(db, items)

    def _append(self, db: sqlite3.Connection, items: list[tuple[str, bool, dict]]) -> None:
        now = time.time()
        db.executemany(
            "INSERT INTO events (url, identify, event, queued_at) VALUES (?, ?, ?, ?)",
            [(url, int(bool(identify)), json.dumps(event, ensure_ascii=False), now)
             for url, identify, event in items])
        excess = db.execute("SELECT COUNT(*) FROM events").fetchone()[0] - MAX_QUEUED
        if excess > 0:
            log.warning("reach queue full: dropping the %d oldest events", excess)
            db.execute("DELETE FROM events WHERE seq IN "
                       "(SELECT seq FROM events ORDER BY seq LIMIT ?)", (excess,))

    def remove(self, seqs: list[int]) -> None:
        """Delete sent events (after their batch got a 2xx)."""
        if not seqs:
            return
        with self._lock, self._transaction() as db:
            db.executemany("DELETE FROM events WHERE seq = ?", [(seq,) for seq in seqs])

    def clear_events(self) -> int:
        """Drop every queued event (reporting was turned off on this PC); returns how many."""
        with self._lock, self._transaction() as db:
            return db.execute("DELETE FROM events").rowcount

    def forget_marks(self, kind: str, keep: int) -> None:
        """Keep only the newest ``keep`` marks of ``kind`` (the file must not grow for ever)."""
        with self._lock, self._transaction() as db:
            db.execute("DELETE FROM marks WHERE type = ? AND rowid NOT IN (SELECT rowid FROM "
                       "marks WHERE type = ? ORDER BY rowid DESC LIMIT ?)", (kind, kind, keep))

    @contextlib.contextmanager
    def _transaction(self):
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # -- reading -------------------------------------------------------------------------

    def marks(self, kind: str) -> set[str]:
        with self._lock:
            rows = self._db.execute("SELECT notice_id FROM marks WHERE type = ?", (kind,))
            return {row[0] for row in rows}

    def urls(self) -> list[str]:
        """Receipts URLs with queued events, the one with the oldest event first."""
        with self._lock:
            rows = self._db.execute("SELECT url, MIN(seq) AS first FROM events GROUP BY url "
                                    "ORDER BY first")
            return [row[0] for row in rows]

    def pending(self, url: str, limit: int) -> list[Queued]:
        """The oldest ``limit`` events for ``url``; unreadable rows are dropped and logged."""
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, url, identify, event FROM events WHERE url = ? ORDER BY seq LIMIT ?",
                (url, limit)).fetchall()
        batch, broken = [], []
        for seq, row_url, identify, text in rows:
            try:
                event = json.loads(text)
                if not isinstance(event, dict):
                    raise ValueError("not an object")
            except ValueError:
                broken.append(seq)
                continue
            batch.append(Queued(seq, row_url, bool(identify), event))
        if broken:
            log.error("dropping %d unreadable queued receipts", len(broken))
            self.remove(broken)
        return batch

    def count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM events").fetchone()[0]


__all__ = ["FILE_NAME", "Queued", "ReachStore"]
