"""NoticeService and FeedCache with an injected clock (real SQLite file or PostgreSQL, no HTTP)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from server_stub.app import build_deps
from server_stub.config import ServerConfig
from server_stub.service import NoticeNotFoundError, NoticeValidationError
from tests.server_stub.audit import audit_entries
from tests.server_stub.clock import Clock


@pytest.fixture
def deps(server_data_dir, database_url):
    clock = Clock()
    deps = build_deps(ServerConfig(data_dir=server_data_dir, clock=clock,
                                   database_url=database_url))
    deps.clock_control = clock
    yield deps
    deps.engine.dispose()


def feed(deps):
    deps.feed_cache.remember_base_url("http://x")
    return deps.feed_cache.variant("json", "http://x")


def test_create_uses_clock_for_default_start_and_stamps(deps):
    deps.service.refresh_feeds()
    notice = deps.service.create({"title": "t", "ends_at": "2026-11-24T09:00:00+09:00"},
                                 actor="kim")
    assert notice.starts_at == deps.clock_control.now
    assert notice.created_at == deps.clock_control.now and notice.author == "kim"


def test_feed_rendered_on_change_not_per_request(deps):
    deps.service.refresh_feeds()
    first = feed(deps)
    renders = deps.feed_cache.renders
    for _ in range(20):
        assert feed(deps) is first
    assert deps.feed_cache.renders == renders
    deps.service.create({"title": "t", "ends_at": "2026-11-24T09:00:00+09:00"}, actor="kim")
    second = feed(deps)
    assert second.etag != first.etag
    assert deps.service.refresh_feeds() is False  # nothing changed, no re-render
    assert feed(deps) is second


def test_rejected_update_writes_nothing(deps):
    deps.service.refresh_feeds()
    notice = deps.service.create({"title": "t", "ends_at": "2026-11-24T09:00:00+09:00"},
                                 actor="kim")
    before = feed(deps).etag
    with pytest.raises(NoticeValidationError) as info:
        deps.service.update(notice.id, {"title": "", "priority": "x"}, actor="kim")
    assert {e.field for e in info.value.errors} == {"title", "priority"}
    assert deps.service.get(notice.id) == notice
    assert feed(deps).etag == before
    assert [e.action for e in audit_entries(deps.engine)] == ["publish"]
    with pytest.raises(NoticeNotFoundError):
        deps.service.update("n-missing", {"title": "x"}, actor="kim")


def test_expired_notice_is_pruned_by_the_clock(deps):
    deps.service.create({"title": "짧음", "ends_at": "2026-11-23T10:00:00+09:00"}, actor="k")
    assert [i["title"] for i in json.loads(feed(deps).body)["items"]] == ["짧음"]
    assert deps.service.prune_expired() is False
    deps.clock_control.now += timedelta(hours=1)
    assert deps.service.prune_expired() is True
    assert json.loads(feed(deps).body)["items"] == []


def test_archive_and_publish_helpers_audit(deps):
    notice = deps.service.create({"title": "t", "ends_at": "2026-11-24T09:00:00+09:00",
                                  "status": "draft"}, actor="kim")
    deps.service.publish(notice.id, actor="lee")
    deps.service.archive(notice.id, actor="lee")
    actions = [(e.actor, e.action) for e in reversed(audit_entries(deps.engine))]
    assert actions == [("kim", "create"), ("lee", "publish"), ("lee", "archive")]


def test_no_op_update_changes_nothing(deps):
    deps.service.refresh_feeds()
    notice = deps.service.create({"title": "t", "ends_at": "2026-11-24T09:00:00+09:00"},
                                 actor="kim")
    before = feed(deps).etag
    deps.clock_control.now += timedelta(minutes=5)
    same = deps.service.update(notice.id, {"title": "t", "priority": "normal"}, actor="lee")
    assert same == notice and same.updated_at == notice.updated_at
    assert feed(deps).etag == before
    assert len(audit_entries(deps.engine)) == 1


def test_a_variant_keeps_last_modified_while_its_bytes_stay(deps):
    deps.service.refresh_feeds()
    cache = deps.feed_cache
    cache.remember_base_url("http://x")
    deps.service.create({"title": "공개", "visibility": "public",
                         "ends_at": "2026-11-24T09:00:00+09:00"}, actor="kim")
    public, internal = cache.variant("json", "http://x", public=True), feed(deps)
    deps.clock_control.now += timedelta(minutes=5)
    deps.service.create({"title": "내부 전용", "ends_at": "2026-11-24T09:00:00+09:00"}, actor="kim")
    public_after, internal_after = cache.variant("json", "http://x", public=True), feed(deps)
    assert public_after.etag == public.etag
    assert public_after.last_modified == public.last_modified  # still 304 for If-Modified-Since
    assert internal_after.etag != internal.etag
    assert internal_after.last_modified > internal.last_modified
