"""Line commands over a Unix domain socket, on Qt's event loop, without QtNetwork.

The single-instance guard (:mod:`ticker.single_instance`) uses this on Linux and other
POSIX systems instead of QLocalServer/QLocalSocket: loading QtNetwork (and the Kerberos
libraries it links) costs ~2.5 MB resident for one socket. Windows keeps QLocalServer
(named pipes).

It behaves like QLocalServer with ``UserAccessOption``: a relative name lives in the
temporary directory, the socket is bound in a private directory with mode 0600 and then
renamed over the name (so a stale socket left by a crash is simply replaced), and
``close()`` removes it. Commands are UTF-8 lines; only complete lines count.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import tempfile
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

log = logging.getLogger(__name__)

MAX_PENDING_BYTES = 4096  # a client that sends more without a newline is cut off


def socket_path(name: str) -> str:
    """Where QLocalServer would put ``name`` on Unix (relative names: the temp dir)."""
    return name if os.path.isabs(name) else os.path.join(tempfile.gettempdir(), name)


def send_line(name: str, line: bytes, timeout: float) -> bool:
    """Connect to the server at ``name`` and write ``line``. False if nobody listens."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(socket_path(name))
            sock.sendall(line)
    except OSError:
        return False
    return True


class _Client:
    def __init__(self, sock: socket.socket, notifier: QSocketNotifier) -> None:
        self.sock = sock
        self.notifier = notifier
        self.pending = b""


class UnixCommandServer(QObject):
    """Listens on ``name``; calls ``on_line(text)`` for each complete line received."""

    def __init__(self, on_line: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_line = on_line
        self._sock: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._path: str | None = None
        self._inode: tuple[int, int] | None = None
        self._clients: dict[int, _Client] = {}
        self.error = ""

    def listen(self, name: str) -> bool:
        path = socket_path(name)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with tempfile.TemporaryDirectory(dir=os.path.dirname(path) or None,
                                             prefix=".notice-ticker-") as private:
                staged = os.path.join(private, "s")
                sock.bind(staged)  # the private directory (0700) hides it until renamed
                os.chmod(staged, 0o600)
                sock.listen(8)
                os.replace(staged, path)
            st = os.stat(path)
        except OSError as exc:
            sock.close()
            self.error = str(exc)
            return False
        sock.setblocking(False)
        self._sock, self._path, self._inode = sock, path, (st.st_dev, st.st_ino)
        self._notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._accept)
        return True

    def close(self) -> None:
        for fd in list(self._clients):
            self._drop(fd)
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.activated.disconnect(self._accept)
            self._notifier.deleteLater()
            self._notifier = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        if self._path is not None:
            with contextlib.suppress(OSError):  # only our own socket, not a successor's
                st = os.stat(self._path)
                if (st.st_dev, st.st_ino) == self._inode:
                    os.unlink(self._path)
            self._path = None

    def _accept(self) -> None:
        while self._sock is not None:
            try:
                conn, _ = self._sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                log.warning("single-instance socket: %s", exc)
                return
            conn.setblocking(False)
            notifier = QSocketNotifier(conn.fileno(), QSocketNotifier.Type.Read, self)
            fd = conn.fileno()
            self._clients[fd] = _Client(conn, notifier)
            notifier.activated.connect(self._on_client_ready)
            self._read(fd)

    def _on_client_ready(self, *_args: object) -> None:
        notifier = self.sender()
        if isinstance(notifier, QSocketNotifier):
            self._read(int(notifier.socket()))

    def _read(self, fd: int) -> None:
        client = self._clients.get(fd)
        if client is None:
            return
        while True:
            try:
                data = client.sock.recv(4096)
            except (BlockingIOError, InterruptedError):
                break
            except OSError:
                data = b""
            if not data:  # hang-up: complete lines that came with it still count
                self._lines(client)
                self._drop(fd)
                return
            client.pending += data
            self._lines(client)
            if self._clients.get(fd) is not client:  # a command handler closed us
                return
            if len(client.pending) > MAX_PENDING_BYTES:
                log.warning("single-instance client sent an overlong line; disconnected")
                self._drop(fd)
                return

    def _lines(self, client: _Client) -> None:
        *lines, client.pending = client.pending.split(b"\n")
        for line in lines:
            self._on_line(line.decode("utf-8", "replace"))

    def _drop(self, fd: int) -> None:
        client = self._clients.pop(fd, None)
        if client is not None:
            client.notifier.setEnabled(False)
            client.notifier.activated.disconnect(self._on_client_ready)
            client.notifier.deleteLater()
            client.sock.close()
