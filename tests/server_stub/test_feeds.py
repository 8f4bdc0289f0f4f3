"""Feed rendering (pure): JSON Feed 1.1 + `_ticker`, Atom 1.0, ETags, selection and order."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from server_stub import feeds
from server_stub.models import FeedOptions, Notice, Recurrence

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=SEOUL)
OPTIONS = FeedOptions(home_page_url="http://h:1/", feed_url="http://h:1/feed.json")


def notice(nid="n-1", **kw) -> Notice:
    fields = dict(
        id=nid, title="제목", body="본문", category="event", priority="normal", link=None,
        starts_at=NOW - timedelta(hours=1), ends_at=NOW + timedelta(days=1), recurrence=None,
        audience=(), visibility="internal", status="published", author="token:t",
        created_at=NOW - timedelta(hours=2), updated_at=NOW - timedelta(hours=2),
    )
    fields.update(kw)
    return Notice(**fields)


def test_json_feed_matches_the_contract():
    rec = Recurrence("weekly", ("mon",), "08:30", "09:30", "Asia/Seoul")
    item_in = notice(link="https://example.org/a", priority="urgent", recurrence=rec,
                     audience=("총무과",), starts_at=datetime(2026, 11, 23, 0, 0, tzinfo=UTC))
    doc = json.loads(feeds.render_json_feed([item_in], OPTIONS))
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["title"] == "시정 알림" and doc["language"] == "ko"
    assert doc["home_page_url"] == "http://h:1/" and doc["feed_url"] == "http://h:1/feed.json"
    (item,) = doc["items"]
    assert item["id"] == "n-1" and item["title"] == "제목" and item["content_text"] == "본문"
    assert item["url"] == "https://example.org/a"
    assert item["date_published"] == "2026-11-23T09:00:00+09:00"
    assert item["tags"] == ["event", "urgent"]
    assert item["_ticker"] == {
        "category": "event", "priority": "urgent",
        "starts_at": "2026-11-23T09:00:00+09:00", "ends_at": "2026-11-24T09:00:00+09:00",
        "recurrence": {"freq": "weekly", "weekdays": ["mon"], "start": "08:30",
                       "end": "09:30", "tz": "Asia/Seoul"},
        "audience": ["총무과"],
        "ack_required": False,
    }


def test_url_only_when_link_set():
    (item,) = json.loads(feeds.render_json_feed([notice()], OPTIONS))["items"]
    assert "url" not in item and item["_ticker"]["recurrence"] is None


def test_select_drops_ended_drafts_and_archived_keeps_future():
    items = [
        notice("ended", ends_at=NOW), notice("draft", status="draft"),
        notice("archived", status="archived"),
        notice("future", starts_at=NOW + timedelta(days=3), ends_at=NOW + timedelta(days=4)),
        notice("live"),
    ]
    assert [n.id for n in feeds.select(items, NOW)] == ["live", "future"]


def test_select_public_and_audience():
    items = [notice("all"), notice("hr", audience=("총무과",)),
             notice("plan", audience=("기획과",)), notice("pub", visibility="public")]
    assert {n.id for n in feeds.select(items, NOW, audience=["총무과", "민원과"])} == {
        "all", "hr", "pub"}
    assert {n.id for n in feeds.select(items, NOW)} == {"all", "hr", "plan", "pub"}
    assert [n.id for n in feeds.select(items, NOW, public_only=True)] == ["pub"]


def test_order_urgent_then_high_then_start():
    items = [notice("a", starts_at=NOW - timedelta(hours=3)), notice("u", priority="urgent"),
             notice("h", priority="high"), notice("b", starts_at=NOW - timedelta(hours=5))]
    assert [n.id for n in feeds.feed_order(items)] == ["u", "h", "b", "a"]


def test_etag_is_strong_and_content_based():
    one = feeds.render_json_feed([notice()], OPTIONS)
    same = feeds.render_json_feed([notice()], OPTIONS)
    other = feeds.render_json_feed([notice(title="바뀜")], OPTIONS)
    assert feeds.strong_etag(one) == feeds.strong_etag(same)
    assert feeds.strong_etag(one) != feeds.strong_etag(other)
    tag = feeds.strong_etag(one)
    assert tag.startswith('"') and tag.endswith('"') and not tag.startswith("W/")


def test_atom_feed_is_valid_atom_with_same_items():
    body = feeds.render_atom([notice(link="https://example.org/a"), notice("n-2")], OPTIONS)
    root = ET.fromstring(body)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"a:{required}", ns) is not None
    entries = root.findall("a:entry", ns)
    assert len(entries) == 2
    first = entries[0]
    assert first.find("a:title", ns).text == "제목"
    assert first.find("a:content", ns).text == "본문"
    assert first.find("a:link", ns).get("href") == "https://example.org/a"
    assert first.find("a:category", ns).get("term") == "event"
    assert first.find("a:updated", ns).text == "2026-11-23T07:00:00+09:00"


def test_hostile_text_stays_text():
    body = feeds.render_atom([notice(title="<script>alert(1)</script> & co")], OPTIONS)
    assert b"<script>" not in body
    entry = ET.fromstring(body).find("{http://www.w3.org/2005/Atom}entry")
    assert entry.find("{http://www.w3.org/2005/Atom}title").text.startswith("<script>")
