"""The last good feed per URL, on disk, so the bar shows notices at once — offline too.

One file per feed URL, named by a hash of the URL. Layout: one JSON header line
(url, etag, last_modified, content_type, fetched_at, length, sha256) then the raw body.
Writes are atomic (temp file in the same directory, fsync, ``os.replace``, fsync of the
directory), so a crash or power cut leaves the old file or the new one, never half of one;
the next write removes a temp file a crashed writer left behind over an hour ago. A file
that fails any check (header, length, checksum, URL) is logged and ignored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

SUFFIX = ".feed"
TEMP_SUFFIX = ".tmp"
STALE_TEMP_AGE = 3600.0  # seconds; older temp files are leftovers of a crash
FORMAT_VERSION = 1
MAX_HEADER = 64 * 1024


@dataclasses.dataclass(frozen=True, slots=True)
class CachedFeed:
    url: str
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str | None
    fetched_at: dt.datetime  # UTC, timezone-aware


class FeedCache:
    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    def path_for(self, url: str) -> Path:
        digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:40]
        return self.directory / f"{digest}{SUFFIX}"

    def load(self, url: str) -> CachedFeed | None:
        """The cached feed for ``url``, or None when missing or unreadable."""
        path = self.path_for(url)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("Cannot read feed cache %s: %s", path, exc)
            return None
        feed = _decode(data, path)
        if feed is not None and feed.url != url:
            log.warning("Feed cache %s belongs to another URL; ignored", path)
            return None
        return feed

    def store(self, url: str, body: bytes, *, etag: str | None = None,
              last_modified: str | None = None, content_type: str | None = None,
              fetched_at: dt.datetime | None = None) -> bool:
        """Atomically replace the cached feed for ``url``. Returns False (logged) on I/O errors."""
        when = fetched_at or dt.datetime.now(dt.UTC)
        header = {
            "v": FORMAT_VERSION,
            "url": url,
            "etag": etag,
            "last_modified": last_modified,
            "content_type": content_type,
            "fetched_at": when.astimezone(dt.UTC).isoformat(),
            "length": len(body),
            "sha256": hashlib.sha256(body).hexdigest(),
        }
        payload = json.dumps(header, ensure_ascii=True).encode("ascii") + b"\n" + body
        target = self.path_for(url)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._remove_stale_temp_files()
            fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=TEMP_SUFFIX, dir=self.directory)
        except OSError as exc:
            log.error("Cannot write feed cache in %s: %s", self.directory, exc)
            return False
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            _replace(tmp_name, target)
        except OSError as exc:
            log.error("Cannot write feed cache %s: %s", target, exc)
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
            return False
        _fsync_directory(self.directory)
        return True

    def _remove_stale_temp_files(self) -> None:
        """Delete temp files a crashed writer left behind (never a live writer's file)."""
        now = time.time()
        try:
            for path in self.directory.glob(f".*{TEMP_SUFFIX}"):
                try:
                    if now - path.stat().st_mtime > STALE_TEMP_AGE:
                        path.unlink()
                except OSError:
                    continue
        except OSError:
            pass

def _decode(data: bytes, path: Path) -> CachedFeed | None:
    newline = data.find(b"\n", 0, MAX_HEADER)
    if newline < 0:
        log.warning("Corrupt feed cache %s (no header); ignored", path)
        return None
    try:
        header = json.loads(data[:newline].decode("ascii"))
        if not isinstance(header, dict) or header.get("v") != FORMAT_VERSION:
            raise ValueError("unknown format")
        body = data[newline + 1:]
        if len(body) != header["length"]:
            raise ValueError(f"length {len(body)} != {header['length']}")
        if hashlib.sha256(body).hexdigest() != header["sha256"]:
            raise ValueError("checksum mismatch")
        url = header["url"]
        fetched_at = dt.datetime.fromisoformat(header["fetched_at"])
        if not isinstance(url, str) or fetched_at.tzinfo is None:
            raise ValueError("bad url or timestamp")
        fields = [header.get(k) for k in ("etag", "last_modified", "content_type")]
        if any(v is not None and not isinstance(v, str) for v in fields):
            raise ValueError("bad metadata types")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        log.warning("Corrupt feed cache %s (%s); ignored", path, exc)
        return None
    return CachedFeed(url, body, fields[0], fields[1], fields[2], fetched_at)


def _replace(source: str, target: Path) -> None:
    """os.replace, retried briefly: on Windows a virus scanner may hold the target open."""
    for attempt in range(5):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open directories, and needs not."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
