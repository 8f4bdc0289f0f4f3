"""ReadMarks: the ids of the notices this user has opened, kept in a small JSON file.

The store behind NoticeModel's read state (the model is the one owner; this only keeps the
ids across restarts). Pure Python: no Qt. Written atomically; bounded to MAX_READ_IDS, the
oldest marks going first.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)
MAX_READ_IDS = 5000


class ReadMarks:
    """Read notice ids; persisted as JSON when given a path, in memory only without one."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._ids: list[str] = []
        if path is not None:
            self._ids = _load(path)
        self._lookup = set(self._ids)

    def ids(self) -> list[str]:
        return list(self._ids)

    def is_read(self, notice_id: str) -> bool:
        return notice_id in self._lookup

    def mark_read(self, notice_id: str) -> bool:
        """Remember ``notice_id``; False if it was already read."""
        if notice_id in self._lookup:
            return False
        self._add([notice_id])
        return True

    def scope_to_feeds(self, feeds: Iterable[str]) -> None:
        """Carry read marks saved with bare feed ids ("n-1", from before ids were scoped by
        feed) over to the scoped form "<feed url>#n-1" for each configured feed."""
        new = [f"{feed}#{mark}" for mark in self._ids if "#" not in mark and ":" not in mark
               for feed in feeds if f"{feed}#{mark}" not in self._lookup]
        if new:
            self._add(new)

    def _add(self, ids: list[str]) -> None:
        self._ids.extend(ids)
        del self._ids[:-MAX_READ_IDS]
        self._lookup = set(self._ids)
        self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".read-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self._ids, fh)
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("cannot save read marks to %s: %s", self.path, exc)


def _load(path: Path) -> list[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        log.warning("read marks file %s unreadable, starting empty: %s", path, exc)
        return []
    return [str(x) for x in data][-MAX_READ_IDS:] if isinstance(data, list) else []
