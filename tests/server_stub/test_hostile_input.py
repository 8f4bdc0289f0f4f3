"""Hostile requests against a real server: always a clean 4xx in Korean, never a 5xx, no change.

Each payload goes to POST /api/v1/notices and PATCH /api/v1/notices/{id}. Afterwards the feed's
ETag and the stored notice are exactly as before and the server log holds no traceback.
"""

from __future__ import annotations

import json
import re
import socket

import requests

HANGUL = re.compile("[\uac00-\ud7a3]")
GOOD_END = "2030-01-01T00:00:00+09:00"
DAILY = {"freq": "daily", "weekdays": [], "start": "08:00", "end": "09:00"}


def _notice(**fields) -> bytes:
    data = {"title": "제목", "ends_at": GOOD_END}
    data.update(fields)
    return json.dumps(data).encode()


HOSTILE_BODIES: dict[str, bytes] = {
    "deep arrays (valid JSON, deep)": b'{"title":' + b"[" * 900 + b"]" * 900 + b"}",
    "deep arrays (beyond the parser)": b'{"title":' + b"[" * 30000 + b"]" * 30000 + b"}",
    "deep objects": b'{"title":' + b'{"a":' * 8000 + b"1" + b"}" * 8000 + b"}",
    "deep weekdays": _notice(recurrence=DAILY | {"weekdays": [[[[[[["mon"]]]]]]]}),
    "not UTF-8": b'{"title":"\xff\xfe\xc3"}',
    "UTF-16": json.dumps({"title": "x", "ends_at": GOOD_END}).encode("utf-16"),
    "empty body": b"",
    "JSON null": b"null",
    "JSON string": b'"notice"',
    "JSON array": b"[{}]",
    "NaN and Infinity": b'{"title":NaN,"ends_at":Infinity}',
    "5000-digit number": b'{"title":' + b"9" * 5000 + b"}",
    "null byte in title": _notice(title="a\x00b"),
    "null byte in body": _notice(body="본문\x00"),
    "null byte in a key": json.dumps({"ti\x00tle": "x"}).encode(),
    "lone surrogate title": b'{"title":"\\ud800","ends_at":"' + GOOD_END.encode() + b'"}',
    "lone surrogate key": b'{"\\udc80":1}',
    "lone surrogate date": b'{"title":"x","ends_at":"2030-01-01T00:00:00\\ud800"}',
    "wrong types everywhere": json.dumps({
        "title": 1, "body": [], "category": 2, "priority": None, "link": 3, "starts_at": True,
        "ends_at": {}, "recurrence": 4, "audience": 5, "visibility": [], "status": {}}).encode(),
    "boolean title": _notice(title=True),
    "naive datetime": _notice(ends_at="2030-01-01T00:00:00"),
    "date only": _notice(ends_at="2030-01-01"),
    "epoch number": _notice(ends_at=1700000000),
    "ISO week date": _notice(ends_at="2030-W01-1T00:00:00+09:00"),
    "offset +99:00": _notice(ends_at="2030-01-01T00:00:00+99:00"),
    "year 9999": _notice(ends_at="9999-12-31T23:59:59-23:59"),
    "year 1": _notice(starts_at="0001-01-01T00:00:00+14:00"),
    "unknown zone": _notice(recurrence=DAILY | {"tz": "Mars/Olympus"}),
    "zone path traversal": _notice(recurrence=DAILY | {"tz": "../../etc/passwd"}),
    "zone with null byte": _notice(recurrence=DAILY | {"tz": "Asia/Seoul\x00"}),
    "zone as number": _notice(recurrence=DAILY | {"tz": 9}),
    "recurrence as list": _notice(recurrence=[1]),
    "recurrence as string": _notice(recurrence="weekly"),
    "empty recurrence": _notice(recurrence={}),
    "recurrence wrong types": _notice(recurrence={"freq": {"a": 1}, "weekdays": "mon",
                                                  "start": 8, "end": []}),
    "recurrence 24:00": _notice(recurrence=DAILY | {"end": "24:00"}),
    "recurrence trailing newline": _notice(recurrence=DAILY | {"start": "08:00\n"}),
    "recurrence fullwidth digits": _notice(recurrence=DAILY | {"start": "０８:００"}),
    "recurrence extra key": _notice(recurrence=DAILY | {"interval": 2}),
    "weekly without days": _notice(recurrence=DAILY | {"freq": "weekly"}),
    "weekdays null": _notice(recurrence=DAILY | {"freq": "weekly", "weekdays": None}),
    "javascript link": _notice(link="javascript:alert(1)"),
    "JaVaScRiPt link": _notice(link="JaVaScRiPt://x/%0aalert(1)"),
    "data link": _notice(link="data:text/html,<script>alert(1)</script>"),
    "file link": _notice(link="file:///etc/passwd"),
    "link without host": _notice(link="http://"),
    "link bad port": _notice(link="http://example.org:99999/"),
    "link as list": _notice(link=["https://example.org"]),
    "audience as string": _notice(audience="총무과"),
    "audience with non-strings": _notice(audience=[1, None, {}]),
    "audience blank": _notice(audience=["   "]),
    "audience zero-width": _notice(audience=["\u200b"]),
    "audience bidi override": _notice(audience=["\u202e과무총"]),
    "audience comma": _notice(audience=["총무과,기획과"]),
    "audience null byte": _notice(audience=["총무과\x00"]),
    "audience 500 names": _notice(audience=[f"부서{i}" for i in range(500)]),
    "audience long name": _notice(audience=["가" * 500]),
    "invisible title": _notice(title="\u200b\u200b"),
    "title 201 chars": _notice(title="가" * 201),
    "body 5001 chars": _notice(body="a" * 5001),
    "server-set fields": _notice(id="n-x", author="me", created_at=GOOD_END),
    "over 64 KB": _notice(body="가" * 30000),
}


def _is_clean_korean_4xx(response) -> str | None:
    """None if the response is a clean Korean 4xx error; otherwise what is wrong."""
    if not 400 <= response.status_code < 500:
        return f"status {response.status_code}: {response.text[:200]}"
    try:
        body = response.json()
    except ValueError:
        return f"not JSON: {response.text[:200]!r}"
    messages = [body.get("message", "")] + [e.get("message", "") for e in body.get("errors", [])]
    if not body.get("code") or not all(HANGUL.search(m) for m in messages):
        return f"no code or a non-Korean message: {body}"
    if response.status_code == 422 and not all(e.get("field") and e.get("code")
                                               for e in body.get("errors", [None])):
        return f"422 without field errors: {body}"
    return None


def test_hostile_bodies_get_clean_korean_4xx_and_change_nothing(live_server):
    existing = live_server.publish(title="그대로 있어야 할 공지")
    url = live_server.url(f"/api/v1/notices/{existing['id']}")
    etag = requests.get(live_server.url("/feed.json"), timeout=5).headers["ETag"]
    headers = live_server.headers | {"Content-Type": "application/json"}
    problems = []
    for name, payload in HOSTILE_BODIES.items():
        for method, target in (("POST", live_server.url("/api/v1/notices")), ("PATCH", url)):
            response = requests.request(method, target, data=payload, headers=headers,
                                        timeout=10)
            problem = _is_clean_korean_4xx(response)
            if problem:
                problems.append(f"{method} {name}: {problem}")
    assert not problems, "\n".join(problems)
    assert requests.get(live_server.url("/feed.json"), timeout=5).headers["ETag"] == etag
    assert requests.get(url, headers=live_server.headers, timeout=5).json() == existing
    listing = requests.get(live_server.url("/api/v1/notices"), headers=live_server.headers,
                           timeout=5).json()
    assert listing["total"] == 1
    assert "Traceback" not in live_server.log_text()


def _raw_request(server, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while data := sock.recv(65536):
            chunks.append(data)
    return b"".join(chunks)


def test_hostile_feed_requests_never_fail(live_server):
    live_server.publish(title="전체 공지")
    live_server.publish(title="총무과 공지", audience=["총무과"])
    for query in ("?audience=%FF%FE", "?audience=%00", "?audience=%E2%80%AE", "?%ff=1",
                  "?audience", "?audience=" + ",".join(["x"] * 2000), "?audience=" + "가" * 3000):
        response = requests.get(live_server.url("/feed.json" + query), timeout=10)
        assert response.status_code in (200, 422), (query[:30], response.status_code)
        if response.status_code == 422:
            assert _is_clean_korean_4xx(response) is None
    etag = requests.get(live_server.url("/feed.json"), timeout=5).headers["ETag"]
    for prefer in ("wait=abc", "wait=-1", "wait=0", "wait=1.5", "wait", 'wait=""', "handling=strict"):
        response = requests.get(live_server.url("/feed.json"), timeout=10,
                                headers={"If-None-Match": etag, "Prefer": prefer})
        assert response.status_code == 304 and "Preference-Applied" not in response.headers
    for raw in (
        b"GET /feed.json HTTP/1.1\r\nHost: \xff\xfe\r\nIf-None-Match: \xff\r\n"
        b"Prefer: wait=\xff\r\nConnection: close\r\n\r\n",
        b'GET /feed.json HTTP/1.1\r\nHost: a"b<c>\r\nConnection: close\r\n\r\n',
        b"GET /api/v1/notices HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer \xff\xfe\r\n"
        b"Connection: close\r\n\r\n",
        b"GET /api/v1/notices HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer " + b"a" * 10000
        + b"\r\nConnection: close\r\n\r\n",
    ):
        status = int(_raw_request(live_server, raw).split(b" ", 2)[1])
        assert status < 500, raw[:60]
    assert "Traceback" not in live_server.log_text()
