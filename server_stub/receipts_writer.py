"""Group commit for receipts: one writer thread stores the POSTs that arrive together in one
transaction, and each POST is answered only after that transaction has committed.

Why: SQLite has one writer at a time, and each commit waits for the disk (synchronous=FULL).
Under a burst (every PC reporting the same urgent notice within a second) committing each POST
on its own would queue them behind each other's fsync; grouping pays one fsync per group.
A 202 still means "on disk": nothing is acknowledged before its commit.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from server_stub.receipts_validation import ClientInfo, ReceiptEvent
from server_stub.repository.receipts import ReceiptRepository

log = logging.getLogger("server_stub.receipts")
MAX_GROUP = 256  # POSTs per transaction; at 500 events each that is a large but finite write


@dataclass
class _Job:
    client: ClientInfo
    events: Sequence[ReceiptEvent]
    now: datetime
    done: threading.Event = field(default_factory=threading.Event)
    stored: int = 0
    error: BaseException | None = None


class GroupCommitWriter:
    def __init__(self, repository: ReceiptRepository, max_group: int = MAX_GROUP) -> None:
        self._repo = repository
        self._max_group = max_group
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def store(self, client: ClientInfo, events: Sequence[ReceiptEvent], now: datetime) -> int:
        """Blocks until the batch is committed; returns how many of its events were new."""
        self._ensure_thread()
        job = _Job(client, events, now)
        self._jobs.put(job)
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.stored

    def close(self) -> None:
        with self._lock:
            if self._thread is not None:
                self._jobs.put(None)
                self._thread.join(10)
                self._thread = None

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="receipts-writer",
                                                daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            group = [job]
            while len(group) < self._max_group:
                try:
                    more = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._jobs.put(None)  # finish this group, then stop
                    break
                group.append(more)
            self._commit(group)

    def _commit(self, group: list[_Job]) -> None:
        try:
            results = self._repo.ingest_many([(j.client, j.events, j.now) for j in group])
        except Exception:  # noqa: BLE001 - retry alone so one bad batch fails only itself
            if len(group) == 1:
                group[0].error = RuntimeError("storing receipts failed")
                log.exception("storing receipts failed")
                group[0].done.set()
                return
            for job in group:
                self._commit([job])
            return
        for job, stored in zip(group, results, strict=True):
            job.stored = stored
            job.done.set()
