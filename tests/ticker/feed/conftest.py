"""Helpers for the feed tests: recorded sample feeds live in tests/data/feeds/."""

from __future__ import annotations

from pathlib import Path

import pytest

FEEDS_DIR = Path(__file__).resolve().parents[2] / "data" / "feeds"


@pytest.fixture
def feed_bytes():
    def read(name: str) -> bytes:
        return (FEEDS_DIR / name).read_bytes()

    return read
