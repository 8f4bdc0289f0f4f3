"""ReceiptService: validate a receipts batch, rate-limit its client, store what is allowed.

The mode comes from ``notice-server serve --receipts identified|anonymous|off``: with
``anonymous`` user and host names are dropped here, before anything is written, even when a
client sends them. Methods are blocking; the API runs them with ``run_in_threadpool``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from server_stub.models import FieldError
from server_stub.rate_limit import RateLimiter
from server_stub.receipts_validation import NoticeFacts, accept_events, validate_batch
from server_stub.receipts_writer import GroupCommitWriter
from server_stub.repository.receipts import ReceiptRepository

RECEIPT_MODES = ("identified", "anonymous", "off")
#: How long a notice's audience and creation time are reused for new receipts. A burst (every
#: PC reporting the same urgent notice) then reads the notice once, not once per POST.
FACTS_TTL_SECONDS = 5.0
FACTS_MAX = 10_000
log = logging.getLogger("server_stub.receipts")


class ReceiptValidationError(ValueError):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.code}" for e in errors))
        self.errors = errors


class ReceiptRateLimited(RuntimeError):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"retry after {retry_after:.0f} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class IngestResult:
    stored: int
    ignored: int


class ReceiptService:
    def __init__(self, repository: ReceiptRepository, clock: Callable[[], datetime], *,
                 mode: str, limiter: RateLimiter, retention_days: int,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        if mode not in RECEIPT_MODES:
            raise ValueError(f"unknown receipts mode {mode!r}")
        self._repo = repository
        self._writer = GroupCommitWriter(repository)
        self._clock = clock
        self.mode = mode
        self._limiter = limiter
        self.retention_days = retention_days
        self._facts: dict[str, tuple[float, NoticeFacts]] = {}
        self._monotonic = monotonic

    @property
    def enabled(self) -> bool:
        return self.mode != "off"

    @property
    def identify(self) -> bool:
        return self.mode == "identified"

    def record(self, data: object) -> IngestResult:
        """Store a batch; raises ReceiptValidationError (422) or ReceiptRateLimited (429)."""
        batch = validate_batch(data)
        if isinstance(batch, list):
            raise ReceiptValidationError(batch)
        wait = self._limiter.take(batch.client.id)
        if wait > 0:
            raise ReceiptRateLimited(wait)
        client = batch.client if self.identify else batch.client.anonymised()
        now = self._clock()
        facts = self._notice_facts({e.notice_id for e in batch.events})
        accepted = accept_events(batch.events, facts, client.audiences, now)
        stored = self._writer.store(client, accepted, now)
        return IngestResult(stored, len(batch.events) - stored)

    def _notice_facts(self, ids: set[str]) -> dict[str, NoticeFacts]:
        """Facts of existing notices, cached briefly; unknown ids are always asked again."""
        now = self._monotonic()
        found: dict[str, NoticeFacts] = {}
        missing = []
        for notice_id in ids:
            hit = self._facts.get(notice_id)
            if hit is not None and hit[0] > now:
                found[notice_id] = hit[1]
            else:
                missing.append(notice_id)
        if missing:
            fresh = self._repo.notice_facts(missing)
            if len(self._facts) > FACTS_MAX:
                self._facts.clear()
            for notice_id, facts in fresh.items():
                self._facts[notice_id] = (now + FACTS_TTL_SECONDS, facts)
            found.update(fresh)
        return found

    def prune(self, now: datetime | None = None) -> tuple[int, int]:
        """Delete receipts (and PCs) older than the retention period; run once a day."""
        cutoff = (now or self._clock()) - timedelta(days=self.retention_days)
        removed = self._repo.delete_older_than(cutoff)
        if any(removed):
            log.info("receipts retention: deleted %d receipts and %d PCs older than %s",
                     removed[0], removed[1], cutoff.isoformat())
        return removed

    def close(self) -> None:
        self._writer.close()

    def on_start(self) -> None:
        """Anonymous mode also forgets names stored while the site was identified."""
        if self.mode == "anonymous":
            self._repo.forget_names()
