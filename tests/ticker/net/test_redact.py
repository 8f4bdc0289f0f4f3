"""redact_url: feed URLs in logs without their credentials."""

from __future__ import annotations

import pytest

from ticker.net.redact import redact_url


@pytest.mark.parametrize(("url", "shown"), [
    ("https://kim:s3cret@intranet.example:8443/feed.json?x=1",
     "https://***@intranet.example:8443/feed.json?x=1"),
    ("https://intranet.example/feed.json", "https://intranet.example/feed.json"),
    ("http://[::1", "<invalid URL>"),
])
def test_redact_url_hides_credentials_in_logs(url, shown):
    assert redact_url(url) == shown
