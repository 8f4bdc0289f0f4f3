"""`serve --forwarded-allow-ips`: the sign-in throttle counts per real client behind a proxy."""

from __future__ import annotations

import re

import pytest
import requests


def failed_sign_in(base_url: str, username: str, forwarded_for: str) -> int:
    with requests.Session() as http:
        page = http.get(f"{base_url}/admin/login", timeout=10)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        reply = http.post(f"{base_url}/admin/login", timeout=10,
                          headers={"X-Forwarded-For": forwarded_for},
                          data={"csrf_token": token, "next": "/admin/",
                                "username": username, "password": "wrong password 123"})
    return reply.status_code


def throttle_after_five_from(base_url: str) -> tuple[int, int]:
    """Five failures from 10.0.0.1 (distinct users), then one more from each of two clients."""
    for n in range(5):
        failed_sign_in(base_url, f"user{n}", "10.0.0.1")
    return failed_sign_in(base_url, "user8", "10.0.0.1"), failed_sign_in(base_url, "user9", "10.0.0.2")


@pytest.mark.parametrize("trusted", [True, False])
def test_forwarded_for_is_trusted_only_from_named_proxies(server_factory, trusted):
    extra = ("--forwarded-allow-ips", "127.0.0.1") if trusted else ()
    server = server_factory(token=False, extra_args=extra)
    same_client, other_client = throttle_after_five_from(server.base_url)
    assert same_client == 429
    # Trusted proxy: 10.0.0.2 is another person. Untrusted: the header is ignored, and every
    # request comes from the one address 127.0.0.1, which is now throttled.
    assert other_client == (401 if trusted else 429)  # 401: a plain wrong password
