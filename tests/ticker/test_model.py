"""NoticeModel: merging feeds, visibility by the clock, the change timer, unread marks."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QAbstractItemModelTester

from ticker.feed.notice import Notice
from ticker.model import (
    MAX_TIMER_MS,
    CategoryRole,
    IdRole,
    NoticeModel,
    NoticeRole,
    UnreadRole,
    UrgentRole,
)

T0 = dt.datetime(2026, 11, 23, 0, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


class FakeClock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def notice(nid, title=None, **kw):
    return Notice(id=nid, title=title or f"공지 {nid}", **kw)


@pytest.fixture
def clock():
    return FakeClock(T0)


@pytest.fixture
def model(qapp, clock):
    m = NoticeModel(clock=clock)
    tester = QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Fatal)
    yield m
    del tester


def ids(model):
    return [n.id for n in model.visible()]


def test_set_notices_merges_feeds_and_replaces_per_feed(model):
    model.set_notices("http://a/feed.json", [notice("a1"), notice("a2")])
    model.set_notices("http://b/rss", [notice("b1")])
    assert sorted(ids(model)) == ["a1", "a2", "b1"]
    model.set_notices("http://a/feed.json", [notice("a3")])
    assert sorted(ids(model)) == ["a3", "b1"]
    model.set_feeds(["http://a/feed.json"])  # b is no longer configured
    assert ids(model) == ["a3"]
    model.set_notices("http://c", [notice("c1")])
    model.set_feeds(["http://c"])
    assert ids(model) == ["c1"]


def test_duplicate_ids_across_feeds_show_once(model):
    model.set_notices("u1", [notice("same", "첫 번째")])
    model.set_notices("u2", [notice("same", "두 번째"), notice("other")])
    assert sorted(ids(model)) == ["other", "same"]
    assert model.notice("same").title == "첫 번째"
    assert len(model.visible()) == 2


def test_order_is_urgent_then_high_then_start(model):
    model.set_notices(
        "u",
        [
            notice("late", starts_at=T0 - HOUR),
            notice("early", starts_at=T0 - 5 * HOUR),
            notice("high", priority="high", starts_at=T0 - HOUR),
            notice("urgent", priority="urgent", starts_at=T0 - HOUR),
        ],
    )
    assert ids(model) == ["urgent", "high", "early", "late"]
    assert model.data(model.index(0), UrgentRole) is True


def test_visibility_follows_the_injected_clock(model, clock):
    model.set_notices(
        "u",
        [
            notice("now", starts_at=T0 - HOUR, ends_at=T0 + HOUR),
            notice("later", starts_at=T0 + 2 * HOUR, ends_at=T0 + 3 * HOUR),
        ],
    )
    assert ids(model) == ["now"]
    clock.now = T0 + 2 * HOUR
    model.refresh()
    assert ids(model) == ["later"]
    clock.now = T0 + 4 * HOUR
    model.refresh()
    assert ids(model) == []
    assert model.rowCount() == 0


def change_timer(model) -> QTimer:
    return model.findChild(QTimer, "changeTimer")


def test_change_timer_is_armed_for_the_next_start_or_end(model):
    model.set_notices("u", [notice("soon", starts_at=T0 + dt.timedelta(seconds=20))])
    assert change_timer(model).isActive()
    assert change_timer(model).isSingleShot()
    assert 20_000 <= change_timer(model).interval() <= 20_100
    # Far away changes are re-checked at least every MAX_TIMER_MS (sleep, clock changes).
    model.set_notices("u", [notice("far", starts_at=T0 + 48 * HOUR)])
    assert change_timer(model).interval() == MAX_TIMER_MS
    # Nothing ever changes: no timer at all.
    model.set_notices("u", [notice("forever")])
    assert not change_timer(model).isActive()
    model.set_notices("u", [])
    assert not change_timer(model).isActive()


def test_visible_set_updates_exactly_when_a_notice_starts_and_ends(model, clock, qtbot):
    # The injected clock stands still; the change timer is fired by hand at the instant it
    # was armed for, so the test asserts the boundaries without waiting on the wall clock.
    starts, ends = T0 + dt.timedelta(milliseconds=400), T0 + dt.timedelta(milliseconds=1900)
    model.set_notices("u", [notice("brief", starts_at=starts, ends_at=ends)])
    assert ids(model) == []
    timer = change_timer(model)

    def fire_when_due() -> dt.datetime:
        assert timer.isActive()
        clock.now += dt.timedelta(milliseconds=timer.interval())
        with qtbot.waitSignal(model.visibleChanged, timeout=100):
            timer.timeout.emit()
        return clock.now

    shown_at = fire_when_due()
    assert ids(model) == ["brief"]
    assert starts <= shown_at < starts + dt.timedelta(milliseconds=50)
    hidden_at = fire_when_due()
    assert ids(model) == []
    assert ends <= hidden_at < ends + dt.timedelta(milliseconds=50)
    assert not timer.isActive()  # nothing left to change


def test_visible_changed_only_on_real_changes(model, qtbot):
    model.set_notices("u", [notice("a")])
    with qtbot.assertNotEmitted(model.visibleChanged):
        model.set_notices("u", [notice("a")])
        model.refresh()
    with qtbot.waitSignal(model.visibleChanged, timeout=100):
        model.set_notices("u", [notice("a"), notice("b")])


def test_audience_and_category_filters(model):
    model.set_notices(
        "u",
        [
            notice("all", category="event"),
            notice("dept", category="issue", audience=("총무과",)),
            notice("other", category="project", audience=("세무과",)),
        ],
    )
    assert sorted(ids(model)) == ["all"]
    model.set_filter(audience=("총무과",))
    assert sorted(ids(model)) == ["all", "dept"]
    model.set_filter(audience=("총무과",), categories=["issue"])
    assert ids(model) == ["dept"]
    model.set_filter()
    assert ids(model) == ["all"]


def test_roles(model):
    model.set_notices("u", [notice("a", "김장 나눔", category="event")])
    index = model.index(0)
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "김장 나눔"
    assert model.data(index, IdRole) == "a"
    assert model.data(index, CategoryRole) == "event"
    assert model.data(index, NoticeRole).id == "a"
    assert model.data(model.index(5), IdRole) is None
    assert b"unread" in model.roleNames().values()


def unread(model) -> list[str]:
    return [model.data(model.index(row), IdRole) for row in range(model.rowCount())
            if model.data(model.index(row), UnreadRole)]


def test_unread_tracking(model, qtbot):
    model.set_notices("u", [notice("a"), notice("b")])
    assert len(unread(model)) == 2
    assert model.data(model.index(0), UnreadRole) is True
    with qtbot.waitSignals([model.readChanged, model.dataChanged], timeout=100), \
            qtbot.waitSignal(model.readChanged, timeout=100) as read:
        model.mark_read("a")
    assert read.args == ["a"]
    assert model.is_read("a") and not model.is_read("b")
    assert len(unread(model)) == 1
    with qtbot.assertNotEmitted(model.readChanged):
        model.mark_read("a")
    model.mark_read("b")
    assert unread(model) == []
    # A new notice arrives unread; read marks survive list updates.
    model.set_notices("u", [notice("a"), notice("b"), notice("c")])
    assert unread(model) == ["c"]


def test_read_state_lives_in_the_injected_store(qapp, tmp_path):
    from ticker.read_marks import ReadMarks

    path = tmp_path / "read.json"
    first = NoticeModel(read_marks=ReadMarks(path))
    first.set_notices("u", [notice("a"), notice("b"), notice("c")])
    first.mark_read("c")
    # The next start (a new model over the same file) knows what was read.
    again = NoticeModel(read_marks=ReadMarks(path))
    again.set_notices("u", [notice("a"), notice("b"), notice("c")])
    assert sorted(unread(again)) == ["a", "b"]
    assert again.is_read("c")


def test_two_json_feeds_using_the_same_id_keep_both_notices_and_own_read_marks(qapp):
    import json

    from ticker.feed.parse import parse_feed
    from ticker.feed.sanitize import sanitize_all

    def feed(title):
        return json.dumps({"version": "https://jsonfeed.org/version/1.1",
                           "items": [{"id": "1", "title": title}]}).encode()

    a_url, b_url = "http://a.example/feed.json", "http://b.example/feed.json"
    model = NoticeModel()
    model.set_notices(a_url, sanitize_all(parse_feed(feed("가 게시판 공지"), None, a_url)))
    model.set_notices(b_url, sanitize_all(parse_feed(feed("나 게시판 공지"), None, b_url)))
    shown = {n.title: n for n in model.visible()}
    assert set(shown) == {"가 게시판 공지", "나 게시판 공지"}  # neither hides the other
    model.mark_read(shown["가 게시판 공지"].id)
    assert not model.is_read(shown["나 게시판 공지"].id)  # read marks are not shared
    assert {n.source_id for n in shown.values()} == {"1"}  # the server's id is still there
