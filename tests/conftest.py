"""Shared test set-up: every test gets fresh XDG dirs (data, config, cache, state, site config),
and the Qt objects a test leaves in reference cycles are freed on the GUI thread after it."""

from __future__ import annotations

import gc
import sys

import pytest

pytest_plugins = ["tests.fixtures.server", "tests.fixtures.postgres", "tests.fixtures.chromium"]


@pytest.fixture(autouse=True)
def fresh_dirs(tmp_path_factory, monkeypatch):
    """Point platformdirs (XDG on Linux) at a fresh tree so no test sees another's files."""
    root = tmp_path_factory.mktemp("xdg")
    dirs = {}
    for var, name in [
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CONFIG_DIRS", "site-config"),
        ("XDG_DATA_DIRS", "site-data"),
    ]:
        path = root / name
        path.mkdir()
        monkeypatch.setenv(var, str(path))
        dirs[name] = path
    return dirs


def pytest_collection_finish(session):
    """Freeze what collection built (modules, test items), as the app's MainThreadGC does after
    start-up: the per-test collections below then look only at what each test made."""
    gc.collect()
    gc.freeze()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """After each test, free the Qt objects it left in reference cycles here, on the GUI thread.

    Left to an automatic pass, a cycle holding a live QTimer, QSocketNotifier or QPixmap can be
    freed on a server or poller thread of a later test: Qt cannot unregister it from there
    ("Timers cannot be stopped from another thread" fails that test), and the event loop later
    dispatches to the freed object (a segfault in pytest-qt's event processing, seen on 3.11).
    This runs after pytest has dropped the test's fixture values, so they are freed too.
    Unlike the app's MainThreadGC, automatic collection stays on: this protects later tests,
    not threads inside the test that made the garbage.
    """
    result = yield
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None and qtcore.QCoreApplication.instance() is not None:
        qtcore.QCoreApplication.sendPostedEvents(None, qtcore.QEvent.Type.DeferredDelete)
        gc.collect()
        # What is still referenced is frozen, so the next pass looks only at the next test's
        # objects. (TickerApp.shutdown unfreezes, and app_cleanup.dispose then collects here.)
        gc.freeze()
    return result
