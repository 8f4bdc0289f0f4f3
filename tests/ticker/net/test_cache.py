"""FeedCache: round trip, atomic replacement, corruption tolerance."""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
import textwrap

import pytest

from ticker.net.cache import FeedCache

URL = "https://intranet.example/feed.json"
BODY = '{"items": [{"id": "1", "title": "김장 나눔"}]}'.encode()


@pytest.fixture
def cache(tmp_path):
    return FeedCache(tmp_path / "feeds")


def test_round_trip(cache):
    when = dt.datetime(2026, 11, 23, 0, 0, tzinfo=dt.UTC)
    assert cache.store(URL, BODY, etag='"abc"', last_modified="Mon, 23 Nov 2026 00:00:00 GMT",
                       content_type="application/feed+json", fetched_at=when)
    got = cache.load(URL)
    assert got.url == URL and got.body == BODY
    assert got.etag == '"abc"' and got.last_modified == "Mon, 23 Nov 2026 00:00:00 GMT"
    assert got.content_type == "application/feed+json"
    assert got.fetched_at == when


def test_missing_is_none(cache):
    assert cache.load(URL) is None


def test_file_name_is_a_hash_of_the_url(cache):
    path = cache.path_for(URL)
    assert path.parent == cache.directory
    assert "intranet" not in path.name and path.suffix == ".feed"
    assert cache.path_for(URL + "?x") != path


def test_store_replaces_and_leaves_no_temp_files(cache):
    cache.store(URL, b"old")
    cache.store(URL, BODY)
    assert cache.load(URL).body == BODY
    assert [p.name for p in cache.directory.iterdir()] == [cache.path_for(URL).name]


def test_every_feed_has_its_own_entry(cache):
    cache.store(URL, BODY)
    cache.store("http://b.example/rss", b"<rss/>", content_type="application/rss+xml")
    assert cache.load(URL).body == BODY
    other = cache.load("http://b.example/rss")
    assert other.body == b"<rss/>" and other.content_type == "application/rss+xml"


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated body
        lambda data: data[:-3] + b"XYZ",  # flipped bytes: checksum mismatch
        lambda data: b"",  # empty file
        lambda data: b"\x00" * 100,  # zero-filled after a crash
        lambda data: b"not json\n" + data,  # garbage header
        lambda data: data.replace(b'"v": 1', b'"v": 99'),  # unknown format version
        lambda data: os.urandom(4096),  # noise
    ],
    ids=["truncated", "bitflip", "empty", "zeros", "garbage-header", "version", "noise"],
)
def test_corrupted_file_is_ignored_and_logged(cache, caplog, damage):
    cache.store(URL, BODY)
    other = "http://ok.example/feed"
    cache.store(other, b"fine")
    path = cache.path_for(URL)
    path.write_bytes(damage(path.read_bytes()))
    with caplog.at_level(logging.WARNING, logger="ticker.net.cache"):
        assert cache.load(URL) is None
        assert cache.load(other).body == b"fine"  # one bad file does not hide the others
    assert any("feed cache" in r.getMessage().lower() for r in caplog.records)
    # And the next good store repairs it.
    assert cache.store(URL, BODY)
    assert cache.load(URL).body == BODY


def test_file_of_another_url_is_not_served(cache):
    cache.store("http://a.example/", b"A")
    # Simulate a misplaced file (e.g. copied by hand): the header names a different URL.
    os.replace(cache.path_for("http://a.example/"), cache.path_for(URL))
    assert cache.load(URL) is None


def test_unwritable_directory_returns_false(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("I am a file, not a directory")
    with caplog.at_level(logging.ERROR, logger="ticker.net.cache"):
        assert FeedCache(blocker / "feeds").store(URL, BODY) is False
    assert caplog.records


def test_crash_during_write_keeps_the_old_file(cache, tmp_path):
    """A writer killed between writing the temp file and the rename leaves the old cache intact."""
    cache.store(URL, b"old but good")
    script = textwrap.dedent(f"""
        import os, sys
        from ticker.net.cache import FeedCache
        real_replace = os.replace
        def die(src, dst):
            os._exit(9)  # power cut right before the rename
        os.replace = die
        FeedCache({str(cache.directory)!r}).store({URL!r}, b"new" * 100000)
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=os.getcwd(), timeout=60,
                            env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert result.returncode == 9
    assert cache.load(URL).body == b"old but good"  # the stray temp file is not read
    leftovers = list(cache.directory.glob(".*.tmp"))
    assert len(leftovers) == 1
    cache.store("http://b.example/", b"b")
    assert leftovers[0].exists()  # a recent temp file may be another writer's, still writing
    old = leftovers[0].stat().st_mtime - 2 * 3600
    os.utime(leftovers[0], (old, old))
    cache.store("http://b.example/", b"b2")
    assert not leftovers[0].exists()  # cleaned up by the next write once clearly abandoned
