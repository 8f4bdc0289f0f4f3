"""Single instance: the first launch listens, a second one hands over "refresh" and stops."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from PySide6.QtNetwork import QLocalServer

from ticker.single_instance import SingleInstance, default_server_name


@pytest.fixture
def name(tmp_path):
    return str(tmp_path / "ticker.sock")


def test_second_instance_sends_refresh(qtbot, name):
    first = SingleInstance(name)
    assert first.acquire()
    try:
        second = SingleInstance(name)
        with qtbot.waitSignal(first.commandReceived, timeout=3000) as blocker:
            assert not second.acquire()
        assert blocker.args == ["refresh"]
    finally:
        first.release()


def test_second_launch_in_another_process_exits_and_first_refreshes(qtbot, name):
    first = SingleInstance(name)
    assert first.acquire()
    code = ("import sys; from PySide6.QtCore import QCoreApplication; "
            "from ticker.single_instance import SingleInstance; app = QCoreApplication([]); "
            f"sys.exit(0 if not SingleInstance({name!r}).acquire() else 5)")
    proc = None
    try:
        # Generous: importing PySide6 on a loaded 2-core CI machine can take seconds.
        with qtbot.waitSignal(first.commandReceived, timeout=60000) as blocker:
            proc = subprocess.Popen([sys.executable, "-c", code])
            qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60000)
        assert proc.returncode == 0
        assert blocker.args == ["refresh"]
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(10)
        first.release()


def test_stale_socket_is_taken_over(qtbot, name):
    # A crashed instance leaves its socket file behind: nothing listens on it.
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(name)
    stale.close()
    assert os.path.exists(name)
    guard = SingleInstance(name)
    try:
        assert guard.acquire()
        assert not SingleInstance(name).acquire()  # and now it really answers
    finally:
        guard.release()


def test_unknown_commands_are_ignored(qtbot, name):
    guard = SingleInstance(name)
    assert guard.acquire()
    received = []
    guard.commandReceived.connect(received.append)
    try:
        assert SingleInstance(name).send("rm -rf /")
        assert SingleInstance(name).send("show")
        qtbot.waitUntil(lambda: received == ["show"], timeout=3000)
    finally:
        guard.release()


def test_release_frees_the_name(qtbot, name):
    guard = SingleInstance(name)
    assert guard.acquire()
    guard.release()
    again = SingleInstance(name)
    assert again.acquire()
    again.release()


def test_default_name_is_per_session(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    if sys.platform.startswith("linux"):
        assert default_server_name() == str(tmp_path / "notice-ticker.sock")
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    other = default_server_name()
    assert other.startswith("notice-ticker-") and QLocalServer  # plain name, per user/display


def test_a_launch_racing_the_first_does_not_take_its_name(qtbot, name, monkeypatch):
    first = SingleInstance(name)
    assert first.acquire()
    received = []
    first.commandReceived.connect(received.append)
    racer = SingleInstance(name)
    calls = []
    real_send = SingleInstance.send

    def send(cmd):  # its first ask came before the first one listened
        calls.append(cmd)
        return len(calls) > 1 and real_send(racer, cmd)

    monkeypatch.setattr(racer, "send", send)
    try:
        assert not racer.acquire()
        assert len(calls) == 2  # it asked again instead of replacing the first one's socket
        qtbot.waitUntil(lambda: received == ["refresh"], timeout=5000)
        assert not SingleInstance(name).acquire()  # the first still owns the name
        qtbot.waitUntil(lambda: received == ["refresh", "refresh"], timeout=5000)
    finally:
        racer.release()
        first.release()


def test_a_lock_left_by_a_dead_process_is_reclaimed(qtbot, name, tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait(30)
    # QLockFile's format: pid, application name, host name.
    lock = SingleInstance(name).lock_path()
    with open(lock, "w", encoding="utf-8") as fh:
        fh.write(f"{dead.pid}\npython\n{socket.gethostname()}\n")
    guard = SingleInstance(name)
    try:
        assert guard.acquire()
    finally:
        guard.release()
    assert not os.path.exists(lock)  # released: the next launch starts cleanly


def test_release_unlocks_for_the_next_launch(qtbot, name):
    guard = SingleInstance(name)
    assert guard.acquire()
    assert os.path.exists(guard.lock_path())
    guard.release()
    assert not os.path.exists(guard.lock_path())


@pytest.mark.parametrize("qlocalserver", [False, True], ids=["unix-socket", "qlocalserver"])
def test_both_transports_hand_over_and_release(qtbot, name, monkeypatch, qlocalserver):
    # Windows uses QLocalServer; it works on Unix too, so that path is exercised here.
    monkeypatch.setattr("ticker.single_instance.USE_QLOCALSERVER", qlocalserver)
    first = SingleInstance(name)
    assert first.acquire()
    try:
        received = []
        first.commandReceived.connect(received.append)
        assert SingleInstance(name).send("pause")
        assert not SingleInstance(name).acquire()
        qtbot.waitUntil(lambda: sorted(received) == ["pause", "refresh"], timeout=5000)
    finally:
        first.release()
    assert not SingleInstance(name).send("refresh")
    assert not os.path.exists(name)
