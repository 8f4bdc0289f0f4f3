"""One ticker per user session: a QLocalServer guards the session, a second launch hands over.

The first instance listens on a per-user-session local socket. A second launch connects,
sends a command ("refresh"), and exits 0. A socket left behind by a crashed instance
(nobody answers) is removed and taken over.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 500
KNOWN_COMMANDS = frozenset({"refresh", "show", "pause", "resume"})


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
        self._clients: set[QLocalSocket] = set()

    def send(self, command: str) -> bool:
        """Deliver a command to a running instance. False if none answers."""
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
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # Nobody answered, so whatever holds the name is stale: remove and retry once.
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                log.warning("single-instance guard unavailable: %s", server.errorString())
                self._server = server
                return True  # better two tickers than none
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def release(self) -> None:
        for socket in list(self._clients):
            self._drop(socket)
        if self._server is not None:
            self._server.newConnection.disconnect(self._on_connection)
            self._server.close()
            self._server.deleteLater()
            self._server = None

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
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _on_disconnected(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
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
            command = bytes(socket.readLine().data()).decode("utf-8", "replace").strip()
            if command in KNOWN_COMMANDS:
                self.commandReceived.emit(command)
            else:
                log.warning("ignored unknown single-instance command %r", command[:40])
