"""Shared by the poller tests: a signal recorder, feed builders and a poller factory."""

from __future__ import annotations

import json
import threading

import pytest

from tests.ticker.net.hostile_server import HostileServer
from ticker.feed.parse import parse_feed
from ticker.feed.sanitize import sanitize_all
from ticker.net.cache import FeedCache
from ticker.net.fetcher import Fetcher
from ticker.net.tls import make_session
from ticker.poller import Poller

WAIT_MS = 10_000  # generous upper bound for a signal on a loaded box


def json_feed(*items: dict) -> bytes:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "시정 알림",
                       "items": list(items)}, ensure_ascii=False).encode()


def item(nid: str, title: str, **extra) -> dict:
    return {"id": nid, "title": title, "content_text": "본문", **extra}


GOOD = json_feed(item("n-1", "덕진구 김장 나눔 행사"), item("n-2", "신규 사업 안내"))


class Recorder:
    """Collects every signal emission (delivered on the GUI thread)."""

    def __init__(self, poller: Poller) -> None:
        self.notices: list[tuple[str, list]] = []
        self.statuses: list[str] = []
        self.failures: list[tuple[str, str]] = []
        self.threads: set[str] = set()
        poller.noticesReceived.connect(self._on_notices)
        poller.statusChanged.connect(self._on_status)
        poller.fetchFailed.connect(lambda url, msg: self.failures.append((url, msg)))

    def _on_notices(self, url, notices):
        self.threads.add(threading.current_thread().name)
        self.notices.append((url, notices))

    def _on_status(self, status):
        self.statuses.append(status)

    @property
    def status(self) -> str | None:
        """The last status delivered to the GUI thread (signals arrive in emission order)."""
        return self.statuses[-1] if self.statuses else None


@pytest.fixture(name="server")
def server_fixture():
    srv = HostileServer()
    yield srv
    srv.stop()


@pytest.fixture(name="make_poller")
def make_poller_fixture(tmp_path):
    made: list[tuple[Poller, object]] = []

    def factory(feeds, **kwargs):
        session = make_session()
        fetcher = kwargs.pop("fetcher", None) or Fetcher(
            session, connect_timeout=1, read_timeout=3, total_deadline=2)
        options = dict(interval=0.5, startup_jitter=0, backoff_base=0.2, backoff_cap=1.0,
                       long_poll_wait=0, random=lambda: 0.5)
        options.update(kwargs)
        cache = options.pop("cache", FeedCache(tmp_path / "cache"))
        poller = Poller(feeds, fetcher=fetcher, cache=cache, parse=parse_feed,
                        sanitize=sanitize_all, **options)
        made.append((poller, session))
        return poller

    yield factory
    for poller, session in made:
        poller.stop()
        session.close()


def titles(notices) -> list[str]:
    return [n.title for n in notices]


def wait_until(qtbot, predicate, timeout=WAIT_MS):
    qtbot.waitUntil(predicate, timeout=timeout)
