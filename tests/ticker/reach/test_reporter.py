"""Reach (the GUI-side reporter): once per notice per PC, persisted, report switch."""

from __future__ import annotations

import datetime as dt

from ticker.feed.notice import Notice
from ticker.feed.receipts import Receipts
from ticker.reach.queue import ReachStore
from ticker.reach.reporter import Reach, ReceiptsDirectory

KST = dt.timezone(dt.timedelta(hours=9))
FEED = "http://notice.city/feed.json"
URL = "http://notice.city/api/v1/receipts"
NOW = dt.datetime(2026, 12, 6, 10, 0, tzinfo=KST)
NAMED = Receipts(URL, True)


def notice(ident, **kw):
    kw.setdefault("source_id", ident)  # the feed's own id, as parse_feed keeps it
    return Notice(id=ident, title="공지", source=FEED, **kw)


def make(tmp_path, report=True, receipts=NAMED):
    directory = ReceiptsDirectory()
    directory.set(FEED, receipts)
    woken = []
    reach = Reach(ReachStore(tmp_path / "reach.sqlite3"), directory, report=report,
                  clock=lambda: NOW, wake_sender=woken.append)
    return reach, woken


def test_shown_is_queued_once_per_notice_per_pc_across_restarts(tmp_path):
    reach, woken = make(tmp_path)
    reach.shown([notice("n-1"), notice("n-2")])
    reach.shown([notice("n-1")])
    reach.flush()
    assert reach.store.count() == 2 and woken == [False, False]
    reach.close()
    again, _ = make(tmp_path)
    again.shown([notice("n-1"), notice("n-3")])
    again.flush()
    events = [q.event for q in again.store.pending(URL, 10)]
    assert [(e["notice_id"], e["type"]) for e in events] == [
        ("n-1", "shown"), ("n-2", "shown"), ("n-3", "shown")]
    assert events[0]["at"] == "2026-12-06T10:00:00.000+09:00"
    again.close()


def test_events_name_the_feed_item_id_the_server_knows(tmp_path):
    reach, woken = make(tmp_path)
    namespaced = notice(f"{FEED}#n-7", source_id="n-7", ack_required=True)
    assert reach.acknowledge(namespaced) and not reach.acknowledge(namespaced)
    reach.opened(namespaced)
    reach.flush()
    assert woken == [True, False, False]  # an acknowledgement is sent at once
    events = [q.event for q in reach.store.pending(URL, 10)]
    # Opened means it was on screen: "shown" comes with it if the bar had not reported it yet.
    assert [(e["notice_id"], e["type"]) for e in events] == [
        ("n-7", "acknowledged"), ("n-7", "shown"), ("n-7", "opened")]
    assert f"{FEED}#n-7" in reach.acknowledged_ids()
    reach.close()


def test_report_off_or_no_receipts_queue_nothing_but_keep_the_acknowledgement(tmp_path):
    for report, receipts in ((False, Receipts(URL, True)), (True, None)):
        reach, woken = make(tmp_path / str(report), report=report, receipts=receipts)
        reach.shown([notice("n-1")])
        reach.opened(notice("n-1"))
        assert reach.acknowledge(notice("n-1", ack_required=True))
        reach.close()
        again, _ = make(tmp_path / str(report), report=report, receipts=receipts)
        assert again.store.count() == 0 and woken == []
        assert "n-1" in again.acknowledged_ids()
        again.close()


def test_directory_targets_anonymous_wins_for_a_shared_server():
    directory = ReceiptsDirectory()
    directory.set("http://a/feed.json", Receipts(URL, True))
    directory.set("http://b/feed.json", Receipts(URL, False))
    directory.set("http://c/feed.json", None)
    assert directory.targets() == {URL: False}
    directory.keep_only(["http://a/feed.json"])
    assert directory.targets() == {URL: True}
