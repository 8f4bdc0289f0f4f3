"""read_notices: parse then sanitize, the one step every feed body goes through."""

from __future__ import annotations

import json

import pytest

from ticker.feed.errors import FeedError, NoValidNotices
from ticker.feed.reading import read_notices

SRC = "http://notice.local/feed.json"


def jsonfeed(*items) -> bytes:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": list(items)},
                      ensure_ascii=False).encode()


def test_parses_and_sanitises():
    body = jsonfeed({"id": "a", "title": "<b>긴급</b> 공지", "url": "javascript:alert(1)"})
    [notice] = read_notices(body, "application/feed+json", SRC)
    assert notice.title == "긴급 공지" and notice.link is None
    assert notice.id == SRC + "#a" and notice.source == SRC


def test_items_that_all_sanitise_to_nothing_are_no_valid_notices():
    body = jsonfeed({"id": "a", "title": "\u200b \u200b"}, {"id": "b", "title": "<br>"})
    with pytest.raises(NoValidNotices) as raised:
        read_notices(body, None, SRC)
    assert raised.value.count == 2


def test_an_empty_feed_is_an_empty_list():
    assert read_notices(jsonfeed(), None, SRC) == []


def test_an_unreadable_document_is_a_feed_error():
    with pytest.raises(FeedError):
        read_notices(b'{"items": [', None, SRC)


def test_the_given_parse_is_the_one_used():
    seen = []

    def parse(data, content_type, source):
        seen.append((data, content_type, source))
        return []

    assert read_notices(b"anything", "text/plain", SRC, parse=parse) == []
    assert seen == [(b"anything", "text/plain", SRC)]
