"""The suite's own guard: Qt garbage a test leaves is freed on the GUI thread, not on a worker.

Two inner pytest runs in subprocesses. The first test leaves live QTimers in a reference
cycle; the second runs a garbage collection on a worker thread (as a server or poller thread
of a later test may), then lets Qt process events. Without the guard, Qt warns "Timers cannot
be stopped from another thread" (which fails whichever test is running) and then crashes on
the freed timers: the CI failure of the Python 3.11 stage. With it, both tests pass.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

INNER_TESTS = '''
import gc
import threading
import weakref

from PySide6.QtCore import QObject, QTimer

left_behind = weakref.WeakSet()


class Cycle(QObject):
    def __init__(self):
        super().__init__()
        self.timer = QTimer()  # no Qt parent: the Python wrapper owns it
        self.timer.setInterval(1)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self.me = self

    def tick(self):
        pass


def test_leaves_timers_in_a_cycle(qapp):
    for _ in range(50):
        left_behind.add(Cycle())
    assert len(left_behind) == 50  # alive: only a collection can free a cycle


def test_a_worker_thread_collects_then_qt_runs(qapp):
    worker = threading.Thread(target=gc.collect)
    worker.start()
    worker.join()
    for _ in range(50):
        qapp.processEvents()
    assert not left_behind  # freed, not merely kept away from the collector
'''

GUARDED = "from tests.conftest import pytest_collection_finish, pytest_runtest_protocol  # noqa: F401\n"


def run_inner(tmp_path: Path, conftest: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_inner.py").write_text(INNER_TESTS)
    (tmp_path / "conftest.py").write_text("import gc\ngc.disable()  # only the test decides when\n" + conftest)
    (tmp_path / "pytest.ini").write_text("[pytest]\nqt_api = pyside6\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(sys.platform == "win32", reason="signals on POSIX")
def test_without_the_guard_the_inner_run_crashes(tmp_path):
    result = run_inner(tmp_path, "")
    assert result.returncode == -signal.SIGSEGV, result.stdout[-2000:] + result.stderr[-2000:]
    assert result.stdout.startswith(".")  # the first test passed; the crash is in the second
    assert "test_a_worker_thread_collects_then_qt_runs" in result.stderr  # faulthandler's stack


def test_with_the_guard_both_inner_tests_pass(tmp_path):
    result = run_inner(tmp_path, GUARDED)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout
