"""Who this PC is, for read receipts: a random client id kept in the user data dir, plus names.

The client id is a UUID4 made on first start and written atomically (temp file, fsync,
rename). A file that is unreadable or does not hold a UUID is replaced by a new id and
logged: a broken file must never stop the bar. The OS login and host names are read only
when the server asked for identified receipts (``identify: true``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import getpass
import json
import logging
import os
import platform
import socket
import sys
import unicodedata
import uuid
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

CLIENT_ID_FILE = "client-id"
NAME_MAX = 200
# What POST /api/v1/receipts accepts for client.audiences (a bigger list fails the whole batch).
AUDIENCES_MAX = 50
AUDIENCES_JSON_MAX = 1200  # UTF-8 bytes of the JSON list


def _valid_uuid(text: str) -> str | None:
    try:
        return str(uuid.UUID(text.strip()))
    except (ValueError, AttributeError):
        return None


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
        fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def load_client_id(data_dir: Path) -> str:
    """This PC's client id: read it, or make and keep a new one (first start, broken file)."""
    path = Path(data_dir) / CLIENT_ID_FILE
    try:
        existing = _valid_uuid(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        existing = None
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("client id file %s is unreadable (%s); making a new one", path, exc)
        existing = None
    else:
        if existing is None:
            log.warning("client id file %s is corrupted; making a new one", path)
    if existing is not None:
        return existing
    client_id = str(uuid.uuid4())
    try:
        write_atomically(path, (client_id + "\n").encode("ascii"))
    except OSError as exc:  # a read-only profile still reports, with an id for this run
        log.warning("cannot keep the client id in %s: %s", path, exc)
    return client_id


def _short(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable())[:NAME_MAX]


def login_name() -> str:
    try:
        return _short(getpass.getuser())
    except Exception:  # noqa: BLE001 - no login name (service account, odd environment)
        return ""


def host_name() -> str:
    try:
        return _short(socket.gethostname())
    except OSError:
        return ""


def platform_name() -> str:
    """E.g. "Windows 10" or "Linux 6.1"; never raises."""
    try:
        return _short(f"{platform.system()} {platform.release()}".strip()) or sys.platform
    except Exception:  # noqa: BLE001
        return sys.platform


@dataclasses.dataclass(frozen=True, slots=True)
class ClientIdentity:
    id: str
    user: str
    host: str
    version: str
    platform: str
    audiences: tuple[str, ...] = ()

    def payload(self, identify: bool) -> dict:
        """The ``client`` object of a receipts POST; without ``identify`` no user or host."""
        body: dict = {"id": self.id, "version": self.version, "platform": self.platform,
                      "audiences": list(self.audiences)}
        if identify:
            body["user"] = self.user
            body["host"] = self.host
        return body


def reportable_audiences(audiences: Iterable[str]) -> tuple[str, ...]:
    """The ``audience`` setting as the server takes it: names it would refuse (too long,
    invisible characters) are left out, and the list stops before it gets too long."""
    kept: list[str] = []
    for name in audiences:
        if not name or len(name) > NAME_MAX or any(
                unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Cn") for ch in name):
            log.warning("audience %r is not reported (too long or invisible characters)", name)
            continue
        if len(kept) >= AUDIENCES_MAX or len(json.dumps(
                [*kept, name], ensure_ascii=False).encode("utf-8")) > AUDIENCES_JSON_MAX:
            log.warning("audience list too long to report; reporting the first %d", len(kept))
            break
        kept.append(name)
    return tuple(kept)


def make_identity(data_dir: Path, version: str, audiences: Iterable[str]) -> ClientIdentity:
    return ClientIdentity(id=load_client_id(data_dir), user=login_name(), host=host_name(),
                          version=version[:NAME_MAX], platform=platform_name(),
                          audiences=reportable_audiences(audiences))


__all__ = ["ClientIdentity", "load_client_id", "make_identity", "write_atomically"]
