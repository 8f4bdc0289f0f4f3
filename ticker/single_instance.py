"""One ticker per user session: a QLocalServer guards the session, a second launch hands over.

The first instance listens on a per-user-session local socket. A second launch connects,
sends a command ("refresh"), and exits 0. A socket left behind by a crashed instance
(nobody answers) is removed and taken over.

Qt's listen() with UserAccessOption renames its socket over an existing one, so it never
refuses a name in use: two launches at once (autostart plus a double-click) could both
"win". A QLockFile next to the socket decides; Qt reclaims it when its owner has died.

On POSIX systems the socket is served by :mod:`ticker.unix_commands` (same file, same
renaming, same line protocol) rather than QtNetwork, which would cost ~2.5 MB resident
for this one socket; Windows uses QLocalServer (named pipes).
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal

from ticker.unix_commands import UnixCommandServer, send_line

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 500
HANDOVER_SECONDS = 10.0  # how long a loser waits for the winner of a race to listen
KNOWN_COMMANDS = frozenset({"refresh", "show", "pause", "resume"})
USE_QLOCALSERVER = sys.platform == "win32"  # named pipes; elsewhere a plain Unix socket


def default_server_name() -> str:
    """A name unique to this user's login session.

    On Linux the session's XDG_RUNTIME_DIR is private to the user and removed at logout,
    so a socket inside it is per session by construction. Elsewhere we derive a name from
    the user and the session/display so two users on one terminal server don't collide.
    """
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if sys.platform.startswith("linux") and runtime and Path(runtime).is_dir():
        return str(Path(runtime) / "notice-ticker.sock")
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    session = os.environ.get("SESSIONNAME", "") + os.environ.get("DISPLAY", "")
    digest = hashlib.sha256(f"{user}|{session}".encode()).hexdigest()[:16]
    return f"notice-ticker-{digest}"


class SingleInstance(QObject):
    """Call acquire(): True = we are the first instance and now listen for commands."""

    commandReceived = Signal(str)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or default_server_name()
        self._server: QLocalServer | None = None
        self._unix: UnixCommandServer | None = None
        self._clients: set[QLocalSocket] = set()
        self._lock: QLockFile | None = None

    def lock_path(self) -> str:
        if os.path.isabs(self.name):
            return self.name + ".lock"
        return str(Path(tempfile.gettempdir()) / f"{self.name}.lock")

    def send(self, command: str) -> bool:
        """Deliver a command to a running instance. False if none answers."""
        if not USE_QLOCALSERVER:
            return send_line(self.name, command.encode("utf-8") + b"\n",
                             CONNECT_TIMEOUT_MS / 1000)
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(command.encode("utf-8") + b"\n")
        ok = socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(CONNECT_TIMEOUT_MS)
        return ok

    def acquire(self) -> bool:
        if self.send("refresh"):
            log.info("another instance is running; asked it to refresh")
            return False
        lock = QLockFile(self.lock_path())
        lock.setStaleLockTime(0)  # never stale by age (a ticker runs for days), only if dead
        if not lock.tryLock(0) and lock.error() == QLockFile.LockError.LockFailedError \
                and not self._lock_after_handover(lock):
            return False
        if lock.isLocked():
            self._lock = lock
        else:  # an unusable lock directory must not keep the ticker from starting
            log.warning("single-instance lock %s unusable (%s)", self.lock_path(), lock.error())
        if not USE_QLOCALSERVER:
            self._unix = UnixCommandServer(self._command, self)
            if not self._unix.listen(self.name):
                log.warning("single-instance guard unavailable: %s", self._unix.error)
            return True  # better two tickers than none
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # We hold the lock, so whatever holds the name is stale: remove and retry once.
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                log.warning("single-instance guard unavailable: %s", server.errorString())
                self._server = server
                return True  # better two tickers than none
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def _lock_after_handover(self, lock: QLockFile) -> bool:
        """Another live launch holds the lock: hand it "refresh" once it listens.

        Returns True if we may go on (its holder died meanwhile, or the lock broke)."""
        deadline = time.monotonic() + HANDOVER_SECONDS
        while time.monotonic() < deadline:
            if self.send("refresh"):
                log.info("another instance started meanwhile; asked it to refresh")
                return False
            if lock.tryLock(100) or lock.error() != QLockFile.LockError.LockFailedError:
                return True
        log.info("another instance holds %s but does not answer", self.lock_path())
        return False

    def release(self) -> None:
        for socket in list(self._clients):
            self._drop(socket)
        if self._unix is not None:
            # closed, not deleteLater(): it goes with this object (a deferred delete of
            # this Python-subclassed child crashed PySide once its parent was gone first)
            self._unix.close()
            self._unix = None
        if self._server is not None:
            self._server.newConnection.disconnect(self._on_connection)
            self._server.close()
            self._server.deleteLater()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.setParent(self)  # owned here, not by the server, so release() is simple
            self._clients.add(socket)
            socket.readyRead.connect(self._on_ready_read)
            socket.disconnected.connect(self._on_disconnected)
            if socket.bytesAvailable():
                self._read(socket)

    def _on_ready_read(self) -> None:
        socket = self.sender()
        if socket in self._clients:
            self._read(socket)

    def _on_disconnected(self) -> None:
        socket = self.sender()
        if socket in self._clients:
            self._read(socket)  # a short command can arrive together with the hang-up
            self._drop(socket)

    def _drop(self, socket: QLocalSocket) -> None:
        if socket in self._clients:
            self._clients.discard(socket)
            socket.readyRead.disconnect(self._on_ready_read)
            socket.disconnected.disconnect(self._on_disconnected)
            socket.abort()
            socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            self._command(bytes(socket.readLine().data()).decode("utf-8", "replace"))

    def _command(self, line: str) -> None:
        command = line.strip()
        if command in KNOWN_COMMANDS:
            self.commandReceived.emit(command)
        else:
            log.warning("ignored unknown single-instance command %r", command[:40])
