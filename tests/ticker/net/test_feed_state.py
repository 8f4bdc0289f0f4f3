"""FeedState bookkeeping and the status rule behind the bar's dot (pure)."""

from __future__ import annotations

from ticker.net.feed_state import CONNECTED, OFFLINE, STALE, FeedState, compute_status

NOW = 1000.0


def state(last_ok, age=0.0):
    return FeedState("u", last_ok=last_ok, last_success=None if age is None else NOW - age)


def test_no_feeds_is_offline():
    assert compute_status([], NOW, 180) == OFFLINE


def test_not_tried_yet_is_stale():
    assert compute_status([FeedState("u")], NOW, 180) == STALE


def test_all_recent_successes_are_connected():
    assert compute_status([state(True, 10), state(True, 179)], NOW, 180) == CONNECTED


def test_some_failing_is_stale():
    assert compute_status([state(True, 10), state(False, 10)], NOW, 180) == STALE


def test_all_failing_is_offline_even_with_old_data():
    assert compute_status([state(False, 10), state(False, None)], NOW, 180) == OFFLINE


def test_an_old_success_is_stale():
    assert compute_status([state(True, 10), state(True, 181)], NOW, 180) == STALE


def test_one_untried_feed_among_successes_is_stale():
    assert compute_status([state(True, 1), FeedState("new")], NOW, 180) == STALE


def test_a_problem_is_news_once_per_reason():
    feed = FeedState("u")
    assert feed.note_problem("timeout") is True
    assert feed.note_problem("timeout") is False  # the same reason on a retry
    assert feed.note_problem("HTTP 500") is True


def test_failures_count_up_and_a_success_ends_them():
    feed = FeedState("u")
    assert feed.record_failure() == 1
    assert feed.record_failure(answered=True) == 2
    assert (feed.last_ok, feed.answered) == (False, True)
    assert feed.record_success(NOW) is None  # nothing had been reported: no recovery line
    assert (feed.failures, feed.last_ok, feed.answered, feed.last_success) == (0, True, False, NOW)


def test_a_success_after_a_reported_problem_says_how_many_attempts_failed():
    feed = FeedState("u")
    feed.record_failure()
    feed.note_problem("timeout")
    feed.record_failure()
    assert feed.record_success(NOW) == 2
    assert feed.logged_problem is None
    assert feed.note_problem("timeout") is True  # news again after the recovery
