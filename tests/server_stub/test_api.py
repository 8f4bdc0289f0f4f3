"""Publishing API against a real server: every endpoint, auth, 404, 413, 422, no side effects."""

from __future__ import annotations

import hashlib
import json

import pytest
import requests


def feed_etag(server) -> str:
    return requests.get(server.url("/feed.json"), timeout=5).headers["ETag"]


def test_healthz_and_openapi(live_server):
    health = requests.get(live_server.url("/healthz"), timeout=5)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    spec = requests.get(live_server.url("/openapi.json"), timeout=5).json()
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    assert set(paths["/api/v1/notices"]) >= {"get", "post"}
    assert set(paths["/api/v1/notices/{notice_id}"]) >= {"get", "patch", "delete"}
    assert {"/feed.json", "/feed.atom", "/public/feed.json", "/public/feed.atom",
            "/healthz"} <= set(paths)
    body = paths["/api/v1/notices"]["post"]["requestBody"]["content"]["application/json"]
    assert "title" in body["schema"]["properties"]


def test_create_get_list_patch_delete(live_server):
    created = live_server.publish(title="신규사업 설명회", category="project", priority="high",
                                  link="https://example.org/p", audience=["기획예산과"],
                                  visibility="public", body="설명회 안내")
    nid = created["id"]
    assert created["author"] == "token:fixture" and created["status"] == "published"
    assert created["starts_at"].endswith("+09:00") and created["created_at"]
    headers = live_server.headers

    got = requests.get(live_server.url(f"/api/v1/notices/{nid}"), headers=headers, timeout=5)
    assert got.status_code == 200 and got.json() == created

    live_server.publish(title="초안", status="draft")
    listing = requests.get(live_server.url("/api/v1/notices"), headers=headers, timeout=5).json()
    assert listing["total"] == 2 and len(listing["items"]) == 2
    drafts = requests.get(live_server.url("/api/v1/notices?status=draft"), headers=headers,
                          timeout=5).json()
    assert [n["title"] for n in drafts["items"]] == ["초안"]
    page = requests.get(live_server.url("/api/v1/notices?limit=1&offset=1"), headers=headers,
                        timeout=5).json()
    assert len(page["items"]) == 1 and page["total"] == 2

    patched = requests.patch(live_server.url(f"/api/v1/notices/{nid}"), headers=headers,
                             json={"priority": "urgent", "title": "신규사업 설명회 (변경)"},
                             timeout=5)
    assert patched.status_code == 200
    assert patched.json()["priority"] == "urgent" and patched.json()["body"] == "설명회 안내"
    assert patched.json()["created_at"] == created["created_at"]

    deleted = requests.delete(live_server.url(f"/api/v1/notices/{nid}"), headers=headers,
                              timeout=5)
    assert deleted.status_code == 204 and deleted.content == b""
    gone = requests.get(live_server.url(f"/api/v1/notices/{nid}"), headers=headers, timeout=5)
    assert gone.status_code == 404


def test_publish_shows_in_feed_and_delete_removes_it(live_server):
    nid = live_server.publish(title="피드에 보임")["id"]
    ids = [i["id"] for i in requests.get(live_server.url("/feed.json"), timeout=5).json()["items"]]
    assert nid in ids
    requests.delete(live_server.url(f"/api/v1/notices/{nid}"), headers=live_server.headers,
                    timeout=5)
    items = requests.get(live_server.url("/feed.json"), timeout=5).json()["items"]
    assert items == []


@pytest.mark.parametrize("method, path", [
    ("get", "/api/v1/notices"), ("post", "/api/v1/notices"),
    ("get", "/api/v1/notices/n-1"), ("patch", "/api/v1/notices/n-1"),
    ("delete", "/api/v1/notices/n-1"),
])
def test_every_api_endpoint_needs_a_token(live_server, method, path):
    before = feed_etag(live_server)
    valid = {"title": "토큰 없이", "ends_at": "2030-01-01T00:00:00+09:00"}
    for headers in ({}, {"Authorization": "Bearer nt_wrong"}, {"Authorization": "Basic eDp5"},
                    {"Authorization": f"Bearer {live_server.token}x"}):
        response = requests.request(method, live_server.url(path), headers=headers,
                                    json=valid, timeout=5)
        assert response.status_code == 401, headers
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["code"] == "unauthorized"
        assert any("\uac00" <= ch <= "\ud7a3" for ch in response.json()["message"])
    assert feed_etag(live_server) == before  # a rejected request changes nothing
    listing = requests.get(live_server.url("/api/v1/notices"), headers=live_server.headers,
                           timeout=5).json()
    assert listing["total"] == 0


def test_revoked_token_is_rejected(live_server):
    live_server.query("UPDATE api_tokens SET revoked_at = '2026-01-01T00:00:00+00:00'")
    response = requests.get(live_server.url("/api/v1/notices"), headers=live_server.headers,
                            timeout=5)
    assert response.status_code == 401


def test_token_is_stored_only_as_hash(live_server):
    stored = repr(live_server.query("SELECT * FROM api_tokens"))
    assert live_server.token[3:] not in stored and "token_hash" not in stored
    assert hashlib.sha256(live_server.token.encode()).hexdigest() in stored
    if live_server.database_url is None:  # the whole SQLite file, free pages included
        raw = (live_server.data_dir / "notices.db").read_bytes()
        assert live_server.token.encode() not in raw


@pytest.mark.parametrize("method, path", [
    ("get", "/api/v1/notices/n-doesnotexist"), ("patch", "/api/v1/notices/n-doesnotexist"),
    ("delete", "/api/v1/notices/n-doesnotexist"),
])
def test_unknown_id_is_404(live_server, method, path):
    response = requests.request(method, live_server.url(path), headers=live_server.headers,
                                json={"title": "x"}, timeout=5)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found" and response.json()["message"]


def test_body_over_64kb_is_413_and_changes_nothing(live_server):
    before = feed_etag(live_server)
    big = {"title": "크다", "ends_at": "2030-01-01T00:00:00+09:00", "body": "가" * 30_000}
    data = json.dumps(big, ensure_ascii=False).encode()
    assert len(data) > 64 * 1024
    response = requests.post(live_server.url("/api/v1/notices"), data=data,
                             headers=live_server.headers | {"Content-Type": "application/json"},
                             timeout=5)
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"

    def chunks():  # no Content-Length: the server must count while reading
        for i in range(0, len(data), 8192):
            yield data[i:i + 8192]

    chunked = requests.post(live_server.url("/api/v1/notices"), data=chunks(),
                            headers=live_server.headers, timeout=5)
    assert chunked.status_code == 413
    assert feed_etag(live_server) == before
    listing = requests.get(live_server.url("/api/v1/notices"), headers=live_server.headers,
                           timeout=5).json()
    assert listing["total"] == 0


def test_422_names_every_bad_field_and_changes_nothing(live_server):
    existing = live_server.publish(title="그대로")
    before = feed_etag(live_server)
    bad = {"title": "", "category": "party", "link": "javascript:x", "ends_at": "2020-01-01",
           "recurrence": {"freq": "weekly", "weekdays": [], "start": "9", "end": "08:00"},
           "extra": 1}
    response = requests.post(live_server.url("/api/v1/notices"), json=bad,
                             headers=live_server.headers, timeout=5)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed" and body["message"]
    fields = {e["field"]: e["code"] for e in body["errors"]}
    assert fields == {"title": "too_short", "category": "invalid_choice", "link": "invalid_url",
                      "ends_at": "naive_datetime", "recurrence.weekdays": "required",
                      "recurrence.start": "invalid_time", "extra": "unknown_field"}
    assert all(e["message"] for e in body["errors"])

    patch = requests.patch(live_server.url(f"/api/v1/notices/{existing['id']}"),
                           json={"ends_at": "2000-01-01T00:00:00+09:00", "priority": "max"},
                           headers=live_server.headers, timeout=5)
    assert patch.status_code == 422
    assert {e["field"] for e in patch.json()["errors"]} == {"ends_at", "priority"}
    for payload in (b"{not json", b"\xff\xfe", b"[1, 2]", b"[" * 5000):
        response = requests.post(live_server.url("/api/v1/notices"), data=payload,
                                 headers=live_server.headers, timeout=5)
        assert response.status_code == 422, payload[:10]
        assert response.json()["errors"][0]["field"] == "body"
    bad_query = requests.get(live_server.url("/api/v1/notices?limit=0"),
                             headers=live_server.headers, timeout=5)
    assert bad_query.status_code == 422 and bad_query.json()["errors"][0]["field"] == "limit"

    assert feed_etag(live_server) == before
    same = requests.get(live_server.url(f"/api/v1/notices/{existing['id']}"),
                        headers=live_server.headers, timeout=5).json()
    assert same == existing


def test_changes_are_audited(live_server):
    nid = live_server.publish(title="감사 기록", status="draft")["id"]
    url = live_server.url(f"/api/v1/notices/{nid}")
    requests.patch(url, json={"status": "published"}, headers=live_server.headers, timeout=5)
    requests.patch(url, json={"title": "감사 기록 2"}, headers=live_server.headers, timeout=5)
    requests.patch(url, json={"status": "archived"}, headers=live_server.headers, timeout=5)
    requests.delete(url, headers=live_server.headers, timeout=5)
    # The fixture's `notice-server token create` is audited too (token:N); these are the
    # notice's own rows.
    rows = live_server.query("SELECT actor, action, target, changes FROM audit_log "
                             "WHERE target NOT LIKE 'token:%' ORDER BY id")
    assert [r[1] for r in rows] == ["create", "publish", "update", "archive", "delete"]
    assert {r[0] for r in rows} == {"token:fixture"} and {r[2] for r in rows} == {nid}
    assert json.loads(rows[2][3]) == {"title": ["감사 기록", "감사 기록 2"]}


def test_unknown_path_is_json_404(live_server):
    response = requests.get(live_server.url("/nope"), timeout=5)
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_64_kb_exactly_is_accepted_one_byte_more_is_413(live_server):
    def body_of(size: int) -> bytes:
        base = json.dumps({"title": "경계", "ends_at": "2030-01-01T00:00:00+09:00",
                           "body": ""}).encode()
        data = base[:-1] + b" " * (size - len(base)) + base[-1:]  # whitespace before "}"
        assert len(data) == size
        return data

    headers = live_server.headers | {"Content-Type": "application/json"}
    at_limit = requests.post(live_server.url("/api/v1/notices"), data=body_of(64 * 1024),
                             headers=headers, timeout=5)
    assert at_limit.status_code == 201, at_limit.text
    over = requests.post(live_server.url("/api/v1/notices"), data=body_of(64 * 1024 + 1),
                         headers=headers, timeout=5)
    assert over.status_code == 413
