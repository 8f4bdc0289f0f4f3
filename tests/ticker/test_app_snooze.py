"""Snooze: when a snooze ends."""

from __future__ import annotations

import datetime as dt

import pytest

from ticker.app_snooze import snooze_until

KST = dt.timezone(dt.timedelta(hours=9))


def test_snooze_until_tomorrow_is_next_midnight():
    now = dt.datetime(2026, 11, 23, 16, 30, tzinfo=KST)
    assert snooze_until("tomorrow", now) == dt.datetime(2026, 11, 24, 0, 0, tzinfo=KST)
    assert snooze_until("30m", now) == now + dt.timedelta(minutes=30)
    with pytest.raises(ValueError):
        snooze_until("forever", now)
