"""A hand-moved clock for server tests that build repositories or services directly."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


class Clock:
    """Starts at 2026-11-23 09:00 Asia/Seoul; tests move it by assigning or adding to `now`."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Seoul"))

    def __call__(self) -> datetime:
        return self.now
