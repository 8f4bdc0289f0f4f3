"""Reach in the real bar (Xvfb): 확인했습니다, shown/opened/acknowledged receipts, restarts."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ticker.app_cleanup import dispose
from tests.ticker.reach.receipts_server import ReceiptsServer
from tests.ticker.ui.notices_window_driver import open_notice
from ticker.app import TickerApp
from ticker.ui.bar import URGENT_REPEAT_EVERY

REPO = Path(__file__).resolve().parents[2]
OTHERS = URGENT_REPEAT_EVERY + 2  # enough normal notices for the urgent one to be repeated


def feed(receipts_url: str | None, identify: bool = True) -> bytes:
    items = [{"id": "n-ack", "title": "한파 대비 비상근무 지시", "content_text": "오늘 18시까지",
              "_ticker": {"category": "notice", "priority": "urgent", "ack_required": True}}]
    items += [{"id": f"n-{i}", "title": f"일반 공지 {i}", "_ticker": {"category": "event"}}
              for i in range(OTHERS)]
    body = {"version": "https://jsonfeed.org/version/1.1", "title": "시정 알림", "items": items}
    if receipts_url:
        body["_ticker"] = {"receipts": {"url": receipts_url, "identify": identify}}
    return json.dumps(body, ensure_ascii=False).encode()


@pytest.fixture
def server():
    srv = ReceiptsServer()
    srv.feed = feed(srv.url("/receipts"))
    yield srv
    srv.close()


@pytest.fixture
def make_app(qapp, qtbot, server):
    apps = []

    def make(**cli):
        values = {"feeds": [server.url("/feed.json")], "startup_jitter": 0, "long_poll": False,
                  **cli}
        app = TickerApp(qapp, cli_values=values, reach_overrides={"batch_delay": 0.1, "first_heartbeat": 0.0})
        apps.append(app)
        app.start()
        qtbot.waitUntil(lambda: app.bars() and all(b.isVisible() for b in app.bars()), timeout=5000)
        qtbot.waitUntil(lambda: app.model.notice(key(app, "n-ack")) is not None, timeout=10000)
        return app

    def close(app):
        apps.remove(app)
        dispose(app)

    make.close = close
    yield make
    for app in apps:
        dispose(app)


def key(app, ident: str) -> str:
    """The bar's id of a feed item: JSON Feed ids are scoped by the feed they came from."""
    return f"{app.settings.feeds[0]}#{ident}"


def press_acknowledge(qtbot, app):
    bar = app.bars()[0]
    popup = bar.open_detail(key(app, "n-ack"))
    assert popup.ack_button.isVisible() and popup.ack_button.isEnabled()
    assert popup.ack_button.text() == "확인했습니다"
    qtbot.mouseClick(popup.ack_button, Qt.MouseButton.LeftButton)
    return popup


def delivered(server, kind):
    return [e for e in server.delivered_events() if e["type"] == kind]


def test_ack_button_records_acknowledged_and_the_urgent_notice_stops_repeating(make_app, qtbot,
                                                                             server):
    app = make_app()
    bar = app.bars()[0]
    assert bar.playlist_ids().count(key(app, "n-ack")) == 2  # urgent: comes round again
    assert bar.notice_by_id(key(app, "n-ack")).is_urgent
    normal = bar.open_detail(key(app, "n-1"))
    assert not normal.ack_button.isVisible()  # only notices that ask for 확인
    popup = press_acknowledge(qtbot, app)
    assert not popup.ack_button.isEnabled() and popup.ack_button.text() == "확인함"
    assert key(app, "n-ack") in app.reach.reporter.acknowledged_ids()
    qtbot.waitUntil(lambda: bar.playlist_ids().count(key(app, "n-ack")) == 1, timeout=3000)
    acked = bar.notice_by_id(key(app, "n-ack"))
    assert not acked.is_urgent and acked.acknowledged  # normal look from now on
    qtbot.waitUntil(lambda: bool(delivered(server, "acknowledged")), timeout=10000)
    (event,) = delivered(server, "acknowledged")
    assert event["notice_id"] == "n-ack"
    assert [e["notice_id"] for e in delivered(server, "opened")] == ["n-1", "n-ack"]
    qtbot.waitUntil(lambda: bool(delivered(server, "shown")), timeout=5000)
    client = server.posts()[-1][2]["client"]
    assert client["id"] and "user" in client and "host" in client


def test_acknowledged_survives_a_restart_of_the_app_object(make_app, qtbot, server):
    first = make_app()
    press_acknowledge(qtbot, first)
    qtbot.waitUntil(lambda: bool(delivered(server, "acknowledged")), timeout=10000)
    make_app.close(first)
    again = make_app()
    bar = again.bars()[0]
    assert bar.notice_by_id(key(again, "n-ack")).acknowledged and not bar.notice_by_id(key(again, "n-ack")).is_urgent
    assert bar.playlist_ids().count(key(again, "n-ack")) == 1
    popup = bar.open_detail(key(again, "n-ack"))
    assert popup.ack_button.isVisible() and not popup.ack_button.isEnabled()
    assert popup.ack_button.text() == "확인함"
    qtbot.wait(500)
    # Not acknowledged again: one event id (a batch cut off mid-answer may be resent as is).
    assert len({e["event_id"] for e in delivered(server, "acknowledged")}) == 1


def test_report_off_queues_and_sends_nothing_but_keeps_the_acknowledgement(make_app, qtbot,
                                                                          server):
    app = make_app(report=False)
    press_acknowledge(qtbot, app)
    app.reach.reporter.flush()
    qtbot.wait(1500)  # shown checks, batch delay and heartbeat would all have happened
    assert server.posts() == []
    assert app.reach.reporter.store.count() == 0
    assert key(app, "n-ack") in app.reach.reporter.acknowledged_ids()


def test_a_feed_without_receipts_gets_no_posts(make_app, qtbot, server):
    server.feed = feed(None)
    app = make_app()
    press_acknowledge(qtbot, app)
    app.reach.reporter.flush()
    qtbot.wait(1500)
    assert server.posts() == [] and app.reach.reporter.store.count() == 0
    assert key(app, "n-ack") in app.reach.reporter.acknowledged_ids()


def test_identify_false_sends_no_user_or_host(make_app, qtbot, server):
    server.feed = feed(server.url("/receipts"), identify=False)
    make_app()
    qtbot.waitUntil(lambda: len(server.posts()) >= 1, timeout=10000)
    for _t, _s, body in server.posts():
        assert "user" not in body["client"] and "host" not in body["client"]


def test_a_dead_receipts_url_does_not_change_the_status_dot(make_app, qtbot, server):
    server.feed = feed("http://127.0.0.1:9/receipts")  # nothing listens there
    app = make_app()
    qtbot.waitUntil(lambda: app.network.poller.status == "connected", timeout=10000)
    press_acknowledge(qtbot, app)
    qtbot.wait(1500)
    assert app.network.poller.status == "connected"
    assert app.bars()[0].status() == "connected"
    assert app.reach.reporter.store.count() >= 1  # still queued for later


# -- kill -9 of the real bar process ---------------------------------------------------------


def _queued_ids(data_home: Path) -> set[str]:
    path = data_home / "notice-ticker" / "reach.sqlite3"
    if not path.exists():
        return set()
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            return {json.loads(row[0])["event_id"] for row in db.execute("SELECT event FROM events")}
    except sqlite3.Error:
        return set()


def _spawn(env, server):
    return subprocess.Popen([sys.executable, "-m", "ticker", "--feed", server.url("/feed.json"),
                             "--startup-jitter", "0", "--no-long-poll"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_kill_9_with_events_queued_they_arrive_after_the_restart(server, tmp_path, fresh_dirs):
    env = {**os.environ, "NOTICE_TICKER_INSTANCE": str(tmp_path / "ticker.sock"),
           "PYTHONPATH": str(REPO)}
    server.status = 500  # the receipts server is down: everything stays queued
    proc = _spawn(env, server)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _queued_ids(fresh_dirs["data"]):
            time.sleep(0.2)
        queued = _queued_ids(fresh_dirs["data"])
        assert queued, "the bar queued no shown event"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    queued = _queued_ids(fresh_dirs["data"])  # what was on disk at the kill
    server.status = 202
    again = _spawn(env, server)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if queued <= {e["event_id"] for e in server.delivered_events()}:
                break
            time.sleep(0.2)
        arrived = [e["event_id"] for e in server.delivered_events()]
        assert queued <= set(arrived)
        assert len(arrived) == len(set(arrived))  # each once
    finally:
        again.terminate()
        again.wait(15)


def test_report_is_an_ordinary_setting_flag_dialog_and_lock(make_app, qtbot, server):
    from ticker.__main__ import build_parser, cli_values
    from ticker.settings_files import default_paths

    assert cli_values(build_parser().parse_args(["--no-report"]))["report"] is False
    assert cli_values(build_parser().parse_args(["--report"]))["report"] is True
    site = default_paths().site_file
    site.parent.mkdir(parents=True, exist_ok=True)
    site.write_text('report = false\nlocked = ["report"]\n', encoding="utf-8")
    app = make_app(report=True)  # IT locked it: the command line cannot turn it back on
    assert app.settings.report is False and "report" in app.result.locked
    dialog = app.show_settings()
    assert not dialog.fields["report"].widget.isEnabled()
    press_acknowledge(qtbot, app)
    app.reach.reporter.flush()
    qtbot.wait(800)
    assert server.posts() == [] and app.reach.reporter.store.count() == 0


def test_the_all_notices_window_can_acknowledge_too(make_app, qtbot, server):
    app = make_app()
    window = app.show_all_notices()
    open_notice(qtbot, window, key(app, "n-1"))
    assert not window.ack_button.isVisible()
    open_notice(qtbot, window, key(app, "n-ack"))
    assert window.ack_button.isVisible() and window.ack_button.text() == "확인했습니다"
    qtbot.mouseClick(window.ack_button, Qt.MouseButton.LeftButton)
    assert key(app, "n-ack") in app.reach.reporter.acknowledged_ids()
    assert not window.ack_button.isEnabled() and window.ack_button.text() == "확인함"
    qtbot.waitUntil(lambda: app.bars()[0].playlist_ids().count(key(app, "n-ack")) == 1, timeout=3000)
    assert window.ack_button.text() == "확인함"  # still, after the list was refreshed
    qtbot.waitUntil(lambda: bool(delivered(server, "acknowledged")), timeout=10000)
    kinds = {(e["notice_id"], e["type"]) for e in server.delivered_events()}
    assert {("n-ack", "shown"), ("n-ack", "opened"), ("n-ack", "acknowledged")} <= kinds


def test_turning_report_off_live_stops_sending_and_drops_the_queue(make_app, qtbot, server):
    from ticker.settings_files import default_paths

    server.status = 503  # keep events queued
    app = make_app()
    qtbot.waitUntil(lambda: app.reach.sender is not None and app.reach.sender.running, timeout=5000)
    app.bars()[0].open_detail(key(app, "n-1"))
    app.reach.reporter.flush()
    qtbot.waitUntil(lambda: app.reach.reporter.store.count() >= 1, timeout=5000)
    user = default_paths().user_file
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text("report = false\n", encoding="utf-8")
    app.reload_settings()
    assert not app.reach.sender.running and app.reach.reporter.store.count() == 0
    posts = len(server.posts())
    app.bars()[0].open_detail(key(app, "n-2"))
    qtbot.wait(800)
    assert app.reach.reporter.store.count() == 0 and len(server.posts()) == posts
    user.write_text("report = true\n", encoding="utf-8")
    server.status = 202
    app.reload_settings()
    assert app.reach.sender.running
    app.bars()[0].open_detail(key(app, "n-3"))
    qtbot.waitUntil(lambda: any(e["notice_id"] == "n-3" for e in server.delivered_events()),
                    timeout=10000)
