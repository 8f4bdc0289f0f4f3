"""The QtNetwork-free command socket behind the single-instance guard on POSIX."""

from __future__ import annotations

import os
import socket
import stat
import sys

import pytest

from ticker.unix_commands import MAX_PENDING_BYTES, UnixCommandServer, send_line, socket_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix domain sockets")


@pytest.fixture
def server(qapp, tmp_path):
    lines: list[str] = []
    srv = UnixCommandServer(lines.append)
    path = str(tmp_path / "cmd.sock")
    assert srv.listen(path)
    srv.lines, srv.path = lines, path
    yield srv
    srv.close()


def connect(path: str) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    return sock


def test_socket_is_private_to_the_user(server):
    assert stat.S_IMODE(os.stat(server.path).st_mode) == 0o600
    assert os.listdir(os.path.dirname(server.path)) == ["cmd.sock"]  # no staging dir left


def test_lines_split_over_writes_and_several_per_write(qtbot, server):
    with connect(server.path) as sock:
        sock.sendall(b"pau")
        qtbot.wait(50)
        assert server.lines == []  # an incomplete line is not a command yet
        sock.sendall(b"se\nresume\nref")
        qtbot.waitUntil(lambda: server.lines == ["pause", "resume"], timeout=3000)
        sock.sendall(b"resh\n")
        qtbot.waitUntil(lambda: server.lines == ["pause", "resume", "refresh"], timeout=3000)


def test_unterminated_last_line_is_dropped_at_hang_up(qtbot, server):
    with connect(server.path) as sock:
        sock.sendall(b"show\nhalf")
    qtbot.waitUntil(lambda: server.lines == ["show"], timeout=3000)
    qtbot.wait(50)
    assert server.lines == ["show"]


def test_overlong_line_disconnects_the_client(qtbot, server):
    with connect(server.path) as sock:
        sock.sendall(b"x" * (MAX_PENDING_BYTES + 10))
        sock.setblocking(False)

        def hung_up() -> bool:
            try:
                return sock.recv(1) == b""
            except BlockingIOError:
                return False

        qtbot.waitUntil(hung_up, timeout=3000)
    assert send_line(server.path, b"refresh\n", 1.0)  # others are still served
    qtbot.waitUntil(lambda: server.lines == ["refresh"], timeout=3000)


def test_listen_replaces_a_stale_socket_and_close_removes_only_its_own(qapp, tmp_path):
    path = str(tmp_path / "cmd.sock")
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(path)
    stale.close()  # the file stays, nobody listens
    assert not send_line(path, b"refresh\n", 0.5)
    first = UnixCommandServer(lambda line: None)
    assert first.listen(path)
    assert send_line(path, b"refresh\n", 0.5)
    second = UnixCommandServer(lambda line: None)
    assert second.listen(path)  # renamed over the first one's
    first.close()
    assert os.path.exists(path)  # the successor's socket is left alone
    second.close()
    assert not os.path.exists(path)


def test_relative_names_live_in_the_temp_dir(monkeypatch, tmp_path):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    assert socket_path("notice-ticker-abc") == str(tmp_path / "notice-ticker-abc")
    assert socket_path("/run/user/1/x.sock") == "/run/user/1/x.sock"


def test_listen_failure_is_reported(qapp, tmp_path):
    srv = UnixCommandServer(lambda line: None)
    assert not srv.listen(str(tmp_path / "missing-dir" / "cmd.sock"))
    assert srv.error
