"""End to end: the real notice server (subprocess, random port) and the real bar under Xvfb.

Poll interval and backoff are shortened through TickerApp's poller_overrides (the settings
declaration keeps poll_interval ≥ 10 s for real deployments); long-poll is on as deployed.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QSystemTrayIcon

from tests.ticker.app_cleanup import dispose
from ticker.app import TickerApp
from ticker.ui.tray import STATUS_COLORS

FAST = {"interval": 2.0, "backoff_base": 0.2, "backoff_cap": 1.0, "startup_jitter": 0.0}


@pytest.fixture
def start_ticker(qapp, qtbot):
    apps: list[TickerApp] = []

    def start(feed_url: str, long_poll_wait: int = 20, interval: float = FAST["interval"]) -> TickerApp:
        app = TickerApp(qapp, cli_values={"feeds": [feed_url], "long_poll": True,
                                          "long_poll_wait": long_poll_wait, "startup_jitter": 0},
                        poller_overrides={**FAST, "interval": interval})
        apps.append(app)
        app.start()
        qtbot.waitUntil(lambda: app.bars() and app.bars()[0].isVisible(), timeout=15000)
        qtbot.waitExposed(app.bars()[0])
        qtbot.waitUntil(lambda: app.network.poller is not None, timeout=15000)
        return app

    yield start
    for app in apps:
        dispose(app)


def key(url: str, created: dict) -> str:
    """The bar's id of a notice the server created: scoped by the feed it came from."""
    return f"{url}#{created['id']}"


def on_bar(app: TickerApp, notice_id: str) -> bool:
    bar = app.bars()[0]
    return notice_id in bar.playlist_ids() and notice_id in bar.visible_item_ids()


def wait_long_polling(app: TickerApp, url: str, qtbot) -> None:
    """The second request discovers long-poll support; from then on a publish is pushed."""
    qtbot.waitUntil(lambda: app.network.poller.status == "connected", timeout=10000)
    qtbot.waitUntil(lambda: app.network.fetcher.supports_long_poll(url), timeout=15000)


def test_publish_is_pushed_to_the_bar_by_the_held_long_poll(live_server, start_ticker, qtbot):
    """No timed poll can bring it (an hour's interval) and the held request would only end on
    its own after 20 s: seeing the notice within 10 s means the server pushed it. How fast
    that is goes in bench/bench_ticker.py --only publish, not in a test."""
    url = live_server.url("/feed.json")
    app = start_ticker(url, long_poll_wait=20, interval=3600)
    qtbot.waitUntil(lambda: app.network.poller.status == "connected", timeout=10000)
    app.refresh_now()  # the second request (with the ETag) is the one that asks to wait
    wait_long_polling(app, url, qtbot)
    created = live_server.publish(title="덕진구 김장 나눔 행사 — 11월 28일", category="event")
    qtbot.waitUntil(lambda: on_bar(app, key(url, created)), timeout=10000)
    assert app.bars()[0].status() == "connected"


def test_server_down_keeps_notices_and_turns_red_then_recovers(live_server, start_ticker, qtbot):
    url = live_server.url("/feed.json")
    # After a restart the first request that succeeds is a long-poll, which only answers
    # when something changes or its wait ends; a short wait keeps "recovered" prompt.
    app = start_ticker(url, long_poll_wait=5)
    first = live_server.publish(title="한파 대비 비상근무 안내", category="issue")
    qtbot.waitUntil(lambda: on_bar(app, key(url, first)), timeout=15000)
    bar = app.bars()[0]

    live_server.kill()
    qtbot.waitUntil(lambda: bar.status() == "offline", timeout=15000)
    assert app.tray.status == "offline"
    image = app.tray.findChild(QSystemTrayIcon).icon().pixmap(64).toImage()
    assert image.pixelColor(48, 48).name() == STATUS_COLORS["offline"]
    assert key(url, first) in bar.playlist_ids()  # the last good notices stay
    assert [n.source_id for n in app.model.visible()] == [first["id"]]

    live_server.start()  # same port, same database
    qtbot.waitUntil(lambda: bar.status() == "connected", timeout=20000)
    second = live_server.publish(title="신규사업 공모 안내", category="project")
    qtbot.waitUntil(lambda: on_bar(app, key(url, second)), timeout=15000)
    assert key(url, first) in bar.playlist_ids()


def test_start_shows_cached_notices_before_any_fetch(live_server, start_ticker, qtbot):
    url = live_server.url("/feed.json")
    app = start_ticker(url)
    created = live_server.publish(title="캐시에 남을 공지", category="notice")
    qtbot.waitUntil(lambda: on_bar(app, key(url, created)), timeout=15000)
    app.shutdown()  # the fixture disposes of it later
    live_server.kill()  # the next start cannot fetch anything

    again = TickerApp(app.qapp, cli_values={"feeds": [url], "startup_jitter": 0},
                      poller_overrides={**FAST, "startup_jitter": 5.0})
    try:
        again.start()
        bar = again.bars()[0]
        # Straight after start(): the network is not even started, the cache is on the bar.
        assert again.network.poller is None
        assert key(url, created) in bar.playlist_ids()
        qtbot.waitExposed(bar)
        assert key(url, created) in bar.visible_item_ids()
    finally:
        dispose(again)
