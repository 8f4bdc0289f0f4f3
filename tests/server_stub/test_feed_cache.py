"""FeedCache: the same feed state gives the same bytes, ETag and Last-Modified in every process.

Pure logic (no database, no HTTP): two caches stand for two replicas that saw the database at
different moments.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from server_stub.feed_cache import EPOCH, FeedCache
from server_stub.models import Notice

SEOUL = ZoneInfo("Asia/Seoul")
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=SEOUL)


def notice(nid: str, *, created: datetime = T0, updated: datetime | None = None,
           ends: timedelta = timedelta(days=1), visibility: str = "internal") -> Notice:
    return Notice(title=f"공지 {nid}", body="본문", category="notice", priority="normal",
                  link=None, starts_at=T0, ends_at=T0 + ends, recurrence=None, audience=(),
                  visibility=visibility, status="published", id=nid, author="kim",
                  created_at=created, updated_at=updated or created)


def replica() -> FeedCache:
    return FeedCache(title="시정 알림", timezone="Asia/Seoul")


def test_two_replicas_loading_at_different_times_answer_identically():
    notices = [notice("a", visibility="public"), notice("b", created=T0 + timedelta(minutes=3))]
    first, second = replica(), replica()
    first.update(notices, T0 + timedelta(minutes=5))
    second.update(list(reversed(notices)), T0 + timedelta(hours=2, seconds=17))
    for public in (False, True):
        a = first.variant("json", "http://feed", public=public)
        b = second.variant("json", "http://feed", public=public)
        assert (a.body, a.etag, a.last_modified) == (b.body, b.etag, b.last_modified)
    assert first.variant("json", "http://feed").last_modified == T0 + timedelta(minutes=3)
    # the public feed does not contain the newer internal notice: its time is the public one's
    assert first.variant("json", "http://feed", public=True).last_modified == T0


def test_an_ended_notice_moves_last_modified_to_its_end_not_to_the_clock():
    short = notice("short", ends=timedelta(hours=1))
    long_ = notice("long")
    watching, late = replica(), replica()
    watching.update([short, long_], T0 + timedelta(minutes=1))
    assert watching.prune(T0 + timedelta(hours=1, minutes=7, seconds=3)) is True
    # a replica started after the end reads the removal time from the database
    late.update([long_], T0 + timedelta(hours=5), removed_at=short.ends_at)
    a, b = watching.variant("atom", "http://feed"), late.variant("atom", "http://feed")
    assert a.etag == b.etag
    assert a.last_modified == b.last_modified == short.ends_at


def test_an_edit_that_moves_a_notice_out_of_a_variant_still_advances_it():
    shown = notice("x", visibility="public")
    cache = replica()
    cache.update([shown], T0)
    before = cache.variant("json", "http://feed", public=True)
    moved = notice("x", updated=T0 + timedelta(minutes=9), visibility="internal")
    assert cache.update([moved], T0 + timedelta(minutes=9)) is True
    after = cache.variant("json", "http://feed", public=True)
    assert after.etag != before.etag
    assert after.last_modified == T0 + timedelta(minutes=9) > before.last_modified


def test_a_new_removal_time_alone_changes_last_modified_but_wakes_nobody():
    cache = replica()
    cache.update([notice("a")], T0)
    before = cache.variant("json", "http://feed")
    later = T0 + timedelta(hours=1)
    assert cache.update([notice("a")], later, removed_at=later) is False
    after = cache.variant("json", "http://feed")
    assert after.etag == before.etag and after.last_modified == later
    assert cache.update([notice("a")], later, removed_at=later) is False


def test_an_empty_feed_has_a_fixed_last_modified():
    cache = replica()
    cache.update([], T0)
    assert cache.variant("json", "http://feed").last_modified == EPOCH
