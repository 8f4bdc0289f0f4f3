"""Shared test set-up: every test gets fresh XDG dirs (data, config, cache, state, site config)."""

from __future__ import annotations

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
