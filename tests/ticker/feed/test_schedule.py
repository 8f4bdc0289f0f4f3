"""schedule: visibility windows, recurrence (with DST), audience/category filters, order, next_change."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from ticker.feed.notice import Notice, Recurrence
from ticker.feed.parse import parse_feed
from ticker.feed.sanitize import sanitize_all
from ticker.feed.schedule import (
    in_recurrence,
    is_visible,
    matches_audience,
    next_change,
    visible_notices,
)

SEOUL = ZoneInfo("Asia/Seoul")
NEW_YORK = ZoneInfo("America/New_York")


def at(*args, tz=SEOUL) -> dt.datetime:
    return dt.datetime(*args, tzinfo=tz)


def notice(id="n", **fields) -> Notice:
    return Notice(id=id, title=fields.pop("title", id), **fields)


MONDAY_0830 = Recurrence("weekly", frozenset({0}), dt.time(8, 30), dt.time(9, 30))  # 2026-11-23 is a Monday
DAILY_0830 = Recurrence("daily", frozenset(), dt.time(8, 30), dt.time(9, 0))


# --- is_visible ----------------------------------------------------------------------------


def test_window_is_half_open():
    n = notice(starts_at=at(2026, 11, 23, 9), ends_at=at(2026, 11, 30, 18))
    assert not is_visible(n, at(2026, 11, 23, 8, 59, 59))
    assert is_visible(n, at(2026, 11, 23, 9))
    assert is_visible(n, at(2026, 11, 30, 17, 59, 59))
    assert not is_visible(n, at(2026, 11, 30, 18))


def test_open_bounds():
    assert is_visible(notice(), at(1990, 1, 1))
    assert is_visible(notice(starts_at=at(2026, 1, 1)), at(2099, 1, 1))
    assert not is_visible(notice(ends_at=at(2026, 1, 1)), at(2026, 1, 1))


def test_bounds_compare_instants_across_zones():
    n = notice(starts_at=dt.datetime(2026, 11, 23, 0, tzinfo=dt.UTC))  # = 09:00 in Seoul
    assert not is_visible(n, at(2026, 11, 23, 8, 59))
    assert is_visible(n, at(2026, 11, 23, 9, 0))


def test_naive_now_is_the_pcs_local_time(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Seoul")
    import time

    time.tzset()
    try:
        n = notice(starts_at=at(2026, 11, 23, 9))
        assert not is_visible(n, dt.datetime(2026, 11, 23, 8, 59))
        assert is_visible(n, dt.datetime(2026, 11, 23, 9, 0))
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_weekly_recurrence():
    n = notice(recurrence=MONDAY_0830)
    assert not is_visible(n, at(2026, 11, 23, 8, 29))
    assert is_visible(n, at(2026, 11, 23, 8, 30))
    assert is_visible(n, at(2026, 11, 23, 9, 29, 59))
    assert not is_visible(n, at(2026, 11, 23, 9, 30))
    assert not is_visible(n, at(2026, 11, 24, 8, 45))  # Tuesday
    assert is_visible(n, at(2026, 11, 30, 8, 45))


def test_recurrence_uses_its_own_zone_not_the_callers():
    n = notice(recurrence=MONDAY_0830)
    # Monday 08:45 in Seoul is Sunday 23:45 UTC.
    assert is_visible(n, dt.datetime(2026, 11, 22, 23, 45, tzinfo=dt.UTC))
    assert not is_visible(n, dt.datetime(2026, 11, 23, 8, 45, tzinfo=dt.UTC))


def test_recurrence_inside_the_start_end_window_only():
    n = notice(recurrence=DAILY_0830, starts_at=at(2026, 11, 24), ends_at=at(2026, 11, 26))
    assert not is_visible(n, at(2026, 11, 23, 8, 45))
    assert is_visible(n, at(2026, 11, 24, 8, 45))
    assert is_visible(n, at(2026, 11, 25, 8, 45))
    assert not is_visible(n, at(2026, 11, 26, 8, 45))


def test_recurrence_in_a_zone_with_dst():
    rec = Recurrence("daily", frozenset(), dt.time(9), dt.time(17), "America/New_York")
    assert in_recurrence(rec, at(2026, 3, 7, 9, tz=NEW_YORK))  # EST
    assert in_recurrence(rec, at(2026, 3, 9, 9, tz=NEW_YORK))  # EDT
    # The same UTC time of day falls on different sides of 09:00 before and after the change.
    assert not in_recurrence(rec, dt.datetime(2026, 3, 7, 13, 30, tzinfo=dt.UTC))  # 08:30 EST
    assert in_recurrence(rec, dt.datetime(2026, 3, 9, 13, 30, tzinfo=dt.UTC))  # 09:30 EDT


def test_unknown_zone_on_a_hand_built_notice_falls_back_to_seoul():
    rec = Recurrence("daily", frozenset(), dt.time(8, 30), dt.time(9), "No/Such_Zone")
    assert in_recurrence(rec, at(2026, 11, 23, 8, 45))
    assert not in_recurrence(rec, at(2026, 11, 23, 9, 15))


# --- audience, categories, order -------------------------------------------------------------


def test_audience_rules():
    everyone = notice(audience=())
    targeted = notice(audience=("총무과", "민원봉사과"))
    assert matches_audience(everyone, ())
    assert matches_audience(everyone, ("기획예산과",))
    assert not matches_audience(targeted, ())
    assert not matches_audience(targeted, ("기획예산과",))
    assert matches_audience(targeted, ("기획예산과", "총무과"))
    assert matches_audience(targeted, (" 총무과 ",))  # whitespace-insensitive
    assert matches_audience(notice(audience=("IT Team",)), ("it team",))  # case-insensitive


def test_visible_notices_filters_and_orders():
    now = at(2026, 11, 23, 10)
    items = [
        notice("normal-late", starts_at=at(2026, 11, 23, 9), title="가"),
        notice("normal-early", starts_at=at(2026, 11, 20), title="나"),
        notice("normal-always-b", title="나"),
        notice("normal-always-a", title="가"),
        notice("high", priority="high", starts_at=at(2026, 11, 23, 9, 30)),
        notice("urgent", priority="urgent", starts_at=at(2026, 11, 23, 9, 45)),
        notice("urgent-older", priority="urgent", starts_at=at(2026, 11, 22)),
        notice("future", starts_at=at(2026, 11, 24)),
        notice("past", ends_at=at(2026, 11, 23, 9)),
        notice("other-dept", audience=("총무과",)),
        notice("mine", audience=("민원봉사과",), category="event"),
    ]
    shown = visible_notices(items, now, audience=("민원봉사과",))
    assert [n.id for n in shown] == [
        "urgent-older", "urgent", "high",
        "mine", "normal-always-a", "normal-always-b",  # no start = first, then by title ("mine" < "가" < "나")
        "normal-early", "normal-late",
    ]


def test_ties_break_by_title_then_id():
    items = [notice("b", title="같음"), notice("a", title="같음"), notice("c", title="가")]
    assert [n.id for n in visible_notices(items, at(2026, 1, 1))] == ["c", "a", "b"]


def test_category_filter():
    items = [notice("e", category="event"), notice("i", category="issue"), notice("n")]
    now = at(2026, 1, 1)
    assert {n.id for n in visible_notices(items, now, categories=None)} == {"e", "i", "n"}
    assert {n.id for n in visible_notices(items, now, categories=("event", "notice"))} == {"e", "n"}
    assert visible_notices(items, now, categories=()) == []


def test_recorded_feed_on_a_monday_morning(feed_bytes):
    notices = sanitize_all(parse_feed(feed_bytes("ticker_feed.json"), "application/feed+json", "http://x/feed.json"))
    monday_0845 = at(2026, 11, 23, 8, 45)
    assert [n.source_id for n in visible_notices(notices, monday_0845, audience=("총무과",))] == [
        "n-snow-alert", "n-monday-petition", "n-morning-meeting", "n-general",  # 전 < 청
    ]
    assert [n.source_id for n in visible_notices(notices, monday_0845)] == ["n-snow-alert", "n-morning-meeting", "n-general"]
    assert next_change(notices, monday_0845) == at(2026, 11, 23, 9, 0)  # the daily meeting ends


# --- next_change ------------------------------------------------------------------------------


def test_next_change_simple_bounds():
    n = notice(starts_at=at(2026, 11, 23, 9), ends_at=at(2026, 11, 30, 18))
    assert next_change([n], at(2026, 11, 22)) == at(2026, 11, 23, 9)
    assert next_change([n], at(2026, 11, 23, 9)) == at(2026, 11, 30, 18)
    assert next_change([n], at(2026, 11, 30, 18)) is None
    assert next_change([notice()], at(2026, 11, 30)) is None
    assert next_change([], at(2026, 11, 30)) is None


def test_next_change_is_the_earliest_over_all_notices_and_in_utc():
    items = [notice("a", ends_at=at(2026, 11, 23, 12)), notice("b", starts_at=at(2026, 11, 23, 11))]
    result = next_change(items, at(2026, 11, 23, 10))
    assert result == at(2026, 11, 23, 11) and result.tzinfo is dt.UTC


def test_next_change_weekly_recurrence_edges():
    n = notice(recurrence=MONDAY_0830)
    assert next_change([n], at(2026, 11, 23, 8)) == at(2026, 11, 23, 8, 30)
    assert next_change([n], at(2026, 11, 23, 8, 30)) == at(2026, 11, 23, 9, 30)
    assert next_change([n], at(2026, 11, 23, 9, 30)) == at(2026, 11, 30, 8, 30)
    assert next_change([n], at(2026, 11, 25, 12)) == at(2026, 11, 30, 8, 30)


def test_next_change_skips_edges_that_change_nothing():
    # Window opens at 08:30 but the notice only starts at 08:45, and ends before the next window.
    n = notice(recurrence=DAILY_0830, starts_at=at(2026, 11, 23, 8, 45), ends_at=at(2026, 11, 23, 12))
    assert next_change([n], at(2026, 11, 23, 8)) == at(2026, 11, 23, 8, 45)
    assert next_change([n], at(2026, 11, 23, 8, 50)) == at(2026, 11, 23, 9)
    assert next_change([n], at(2026, 11, 23, 9, 10)) is None


def test_next_change_recurrence_far_in_the_future():
    n = notice(recurrence=MONDAY_0830, starts_at=at(2027, 3, 3))  # a Wednesday, months ahead
    assert next_change([n], at(2026, 11, 23, 10)) == at(2027, 3, 8, 8, 30)


def test_next_change_never_visible_is_none():
    # Only Mondays, but the start/end window holds no Monday.
    n = notice(recurrence=MONDAY_0830, starts_at=at(2026, 11, 24), ends_at=at(2026, 11, 28))
    assert next_change([n], at(2026, 11, 20)) is None


def test_next_change_across_spring_forward_gap():
    # New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT. A 02:30-04:00 window opens at 03:00 EDT.
    rec = Recurrence("daily", frozenset(), dt.time(2, 30), dt.time(4), "America/New_York")
    n = notice(recurrence=rec)
    start = next_change([n], at(2026, 3, 8, 1, tz=NEW_YORK))
    assert start == at(2026, 3, 8, 3, tz=NEW_YORK) == dt.datetime(2026, 3, 8, 7, tzinfo=dt.UTC)
    assert is_visible(n, start) and not is_visible(n, start - dt.timedelta(seconds=1))
    assert next_change([n], start) == at(2026, 3, 8, 4, tz=NEW_YORK)


def test_next_change_across_fall_back_repeats_the_window():
    # 2026-11-01: 01:00-02:00 happens twice in New York; a 01:30-01:45 window opens twice.
    n = notice(recurrence=Recurrence("daily", frozenset(), dt.time(1, 30), dt.time(1, 45), "America/New_York"))
    t = at(2026, 11, 1, 0, tz=NEW_YORK)
    edges = []
    for _ in range(4):
        t = next_change([n], t)
        edges.append(t)
    assert edges == [dt.datetime(2026, 11, 1, h, m, tzinfo=dt.UTC) for h, m in ((5, 30), (5, 45), (6, 30), (6, 45))]


@pytest.mark.parametrize("zone, day", [
    ("Asia/Seoul", dt.date(2026, 11, 22)),
    ("Europe/London", dt.date(2026, 10, 24)),  # BST ends 10-25 01:00 UTC
    ("America/New_York", dt.date(2026, 10, 31)),  # EDT ends 11-01 02:00 local
    ("America/New_York", dt.date(2026, 3, 7)),  # EST ends 03-08 02:00 local
    ("Australia/Lord_Howe", dt.date(2026, 10, 3)),  # a 30-minute DST shift on 10-04
])
def test_next_change_agrees_with_a_minute_by_minute_scan(zone, day):
    tz = ZoneInfo(zone)
    sunday = day + dt.timedelta(days=(6 - day.weekday()) % 7)
    items = [
        notice("w", recurrence=Recurrence("weekly", frozenset({0, 6}), dt.time(1, 30), dt.time(2, 30), zone)),
        notice("d", recurrence=Recurrence("daily", frozenset(), dt.time(2, 10), dt.time(3, 5), zone)),
        notice("s", recurrence=Recurrence("daily", frozenset(), dt.time(23, 0), dt.time(23, 59), "Asia/Seoul")),
        notice("b", starts_at=dt.datetime.combine(sunday, dt.time(2, 20), tz),
               ends_at=dt.datetime.combine(sunday, dt.time(17), tz)),
    ]
    t = dt.datetime.combine(day, dt.time(0), tz).astimezone(dt.UTC)
    end = t + dt.timedelta(days=3)
    state = {n.id for n in visible_notices(items, t)}
    predicted = next_change(items, t)
    changes = 0
    while t < end:
        t += dt.timedelta(minutes=1)
        now_state = {n.id for n in visible_notices(items, t)}
        if now_state != state:
            assert predicted == t, (zone, predicted, t)
            state = now_state
            predicted = next_change(items, t)
            changes += 1
        else:
            assert predicted is None or predicted > t, (zone, predicted, t)
    assert changes >= 10  # the scan really crossed windows


def test_naive_bounds_on_hand_built_notices_are_office_time():
    n = notice(starts_at=dt.datetime(2026, 11, 23, 9), ends_at=dt.datetime(2026, 11, 23, 10))
    assert not is_visible(n, at(2026, 11, 23, 8, 59))
    assert is_visible(n, at(2026, 11, 23, 9, 30))
    assert next_change([n], at(2026, 11, 23, 8)) == at(2026, 11, 23, 9)
    assert [x.id for x in visible_notices([n, notice("m", starts_at=at(2026, 11, 23, 8))], at(2026, 11, 23, 9, 30))] == ["m", "n"]
