"""TickerApp, the composition root: settings problems, cache at start, snooze, pause, live settings."""

from __future__ import annotations

import datetime as dt
import gc
import json
from pathlib import Path

import platformdirs
import pytest
from PySide6.QtCore import QCoreApplication, QTimer

from tests.ticker.app_cleanup import dispose
from tests.ticker.ui.notices_window_driver import open_notice, shown_ids
from ticker.app import TickerApp
from ticker.net.cache import FeedCache
from ticker.settings_files import default_paths

KST = dt.timezone(dt.timedelta(hours=9))
DEAD_FEED = "http://127.0.0.1:9/feed.json"  # discard port: nothing listens, fails fast


def feed_body(*items) -> bytes:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "시정 알림",
                       "items": list(items)}, ensure_ascii=False).encode()


def item(notice_id, title, priority="normal", category="event"):
    return {"id": notice_id, "title": title, "content_text": "",
            "_ticker": {"category": category, "priority": priority}}


class FakeClock:
    def __init__(self):
        self.now = dt.datetime(2026, 11, 23, 10, 0, tzinfo=KST)

    def __call__(self):
        return self.now


@pytest.fixture
def make_app(qapp, qtbot):
    apps = []

    def make(cli_values=None, **kwargs):
        values = {"feeds": [DEAD_FEED], "startup_jitter": 0, **(cli_values or {})}
        app = TickerApp(qapp, cli_values=values, **kwargs)
        apps.append(app)
        app.start()
        qtbot.waitUntil(lambda: app.bars() and all(b.isVisible() for b in app.bars()), timeout=3000)
        qtbot.waitUntil(lambda: app.network.poller is not None, timeout=3000)  # just after the first frame
        return app

    yield make
    for app in apps:
        dispose(app)


def read_marks_file() -> Path:
    return Path(platformdirs.user_data_dir("notice-ticker", appauthor=False)) / "read-notices.json"


def write_user_file(text: str):
    path = default_paths().user_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_broken_config_file_is_reported_once_and_the_rest_applies(make_app, qtbot):
    write_user_file('speed = 150\nfont_size = "huge"\nlabel = "완산구"\nposition = [broken\n')
    app = make_app()
    assert app.settings.speed == 150 and app.settings.label == "완산구"
    assert app.settings.font_size == 12 and app.settings.position == "bottom"  # bad ones ignored
    assert len(app.tray.messages) == 1
    title, text = app.tray.messages[0]
    assert title == "설정 확인 필요"
    assert "[font_size]" in text and "ticker.toml" in text  # which file, which key
    assert len(app.result.errors) == 2  # the bad value and the broken line
    app.reload_settings()  # same problems again: not shown a second time
    assert len(app.tray.messages) == 1


def test_cached_notices_show_before_any_fetch(make_app, qtbot):
    FeedCache(default_paths().cache_dir / "feeds").store(
        DEAD_FEED, feed_body(item("c1", "캐시된 공지"), item("c2", "두 번째 공지")),
        etag='"x"', content_type="application/feed+json")
    app = make_app()
    bar = app.bars()[0]
    # start() returned and the bar is shown: the cache is already on it, no network needed.
    assert {n.source_id for n in app.model.visible()} == {"c1", "c2"}
    keys = {f"{DEAD_FEED}#c1", f"{DEAD_FEED}#c2"}  # ids are scoped by feed
    qtbot.waitUntil(lambda: set(bar.visible_item_ids()) == keys, timeout=1000)


def test_pause_stops_every_timer_and_resume_restarts(make_app, qtbot):
    FeedCache(default_paths().cache_dir / "feeds").store(
        DEAD_FEED, feed_body(item("c1", "움직이는 공지")), content_type="application/feed+json")
    app = make_app()
    bar = app.bars()[0]
    qtbot.waitUntil(bar.is_animating, timeout=1000)
    app.tray.pause_action.trigger()
    assert app.paused and bar.is_paused() and not bar.is_animating()
    assert app.tray.pause_action.text() == "재개"
    app.tray.pause_action.trigger()
    assert not app.paused and bar.is_animating()


def test_snooze_hides_bars_shows_urgent_in_tray_and_ends_on_time(make_app, qtbot):
    clock = FakeClock()
    app = make_app(clock=clock)
    app.tray.snooze_actions["1h"].trigger()
    assert app.snoozer.until == clock.now + dt.timedelta(hours=1)
    assert not any(bar.isVisible() for bar in app.bars())
    app.model.set_notices(DEAD_FEED, [])
    from ticker.feed.notice import Notice
    urgent = Notice(id="u1", title="정전 긴급 안내", priority="urgent", category="issue")
    app.model.set_notices(DEAD_FEED, [urgent])
    assert app.tray.messages[-1] == ("긴급 공지", "정전 긴급 안내")
    clock.now += dt.timedelta(minutes=61)
    app.snoozer.check()  # what the snooze timer calls
    assert app.snoozer.until is None
    qtbot.waitUntil(lambda: all(bar.isVisible() for bar in app.bars()), timeout=2000)


def test_urgent_notice_reaches_the_tray_while_a_full_screen_app_hides_the_bar(make_app, qtbot):
    from ticker.feed.notice import Notice
    app = make_app()
    watcher = app.fleet.docks.fullscreen_watcher
    if watcher is None:
        pytest.skip("no full-screen watcher on this platform backend")
    screen = app.bars()[0].screen()
    normal = Notice(id="n1", title="보통 공지", category="event")
    app.model.set_notices(DEAD_FEED, [normal])
    watcher.report(screen, True)  # what the X11 probe or the Windows AppBar reports
    qtbot.waitUntil(lambda: not any(bar.isVisible() for bar in app.bars()), timeout=2000)
    assert app.fleet.docks.hidden_by_fullscreen()
    before = len(app.tray.messages)
    urgent = Notice(id="u2", title="청사 정전 긴급 안내", priority="urgent", category="issue")
    app.model.set_notices(DEAD_FEED, [normal, urgent])
    assert app.tray.messages[before:] == [("긴급 공지", "청사 정전 긴급 안내")]
    watcher.report(screen, False)
    qtbot.waitUntil(lambda: all(bar.isVisible() for bar in app.bars()), timeout=2000)
    app.model.set_notices(DEAD_FEED, [normal, urgent])  # already announced: not repeated
    assert len(app.tray.messages) == before + 1


def test_quit_is_hidden_and_ignored_when_not_allowed(make_app, qtbot):
    app = make_app(cli_values={"allow_quit": False})
    assert not app.tray.quit_action.isVisible()
    with qtbot.assertNotEmitted(app.quitRequested):
        app.quit()
    allowed = make_app()
    with qtbot.waitSignal(allowed.quitRequested):
        allowed.tray.quit_action.trigger()


def test_settings_dialog_save_applies_live(make_app, qtbot):
    app = make_app()
    bar = app.bars()[0]
    screen = bar.screen().geometry()
    assert bar.geometry().bottom() == screen.bottom()
    dialog = app.show_settings()
    dialog.fields["position"].set_value("top")
    dialog.fields["allow_quit"].widget.setChecked(False)
    assert dialog.save()
    assert app.settings.position == "top"
    qtbot.waitUntil(lambda: bar.geometry().top() == screen.top(), timeout=2000)
    assert not app.tray.quit_action.isVisible()


def test_bar_right_click_opens_the_tray_menu(make_app, qtbot):
    app = make_app()
    bar = app.bars()[0]
    bar.contextMenuRequested.emit(bar.mapToGlobal(bar.rect().center()))
    qtbot.waitUntil(app.tray.menu.isVisible, timeout=2000)
    app.tray.menu.hide()


def test_all_notices_window_lists_visible_and_read_marks_persist(make_app, qtbot):
    FeedCache(default_paths().cache_dir / "feeds").store(
        DEAD_FEED, feed_body(item("a", "첫 공지"), item("b", "둘째 공지")),
        content_type="application/feed+json")
    app = make_app()
    window = app.show_all_notices()
    a, b = f"{DEAD_FEED}#a", f"{DEAD_FEED}#b"  # ids are scoped by feed
    assert sorted(shown_ids(window)) == [a, b]
    open_notice(qtbot, window, b)
    assert app.model.is_read(b)
    assert b in json.loads(read_marks_file().read_text(encoding="utf-8"))


def test_a_notice_opened_on_the_bar_is_read_in_the_open_notices_window(make_app, qtbot):
    FeedCache(default_paths().cache_dir / "feeds").store(
        DEAD_FEED, feed_body(item("a", "첫 공지"), item("b", "둘째 공지")),
        content_type="application/feed+json")
    from ticker.ui.notices_window import ID_ROLE

    def bold_ids(window):
        rows = [window.list.item(i) for i in range(window.list.count())]
        return sorted(r.data(ID_ROLE) for r in rows if r.font().bold())

    app = make_app()
    window = app.show_all_notices()
    a, b = f"{DEAD_FEED}#a", f"{DEAD_FEED}#b"  # ids are scoped by feed
    assert bold_ids(window) == [a, b]
    app.bars()[0].open_detail(a)
    assert bold_ids(window) == [b]  # the list shows it read at once, not at the next update


def test_switching_language_retranslates_the_tray_tooltip_at_once(make_app, qtbot):
    app = make_app()
    assert "현재 공지" in app.tray.tooltip()
    write_user_file('language = "en"\n')
    app.reload_settings()
    assert "Current notices" in app.tray.tooltip() and "현재 공지" not in app.tray.tooltip()
    app.shutdown()
    # The QApplication outlives the app: shutdown must not leave English installed.
    assert QCoreApplication.translate("Application", "시정 알림 티커") == "시정 알림 티커"


def test_second_launch_command_refreshes(make_app, qtbot, monkeypatch):
    app = make_app()
    calls = []
    monkeypatch.setattr(app.network.poller, "refresh_now", lambda: calls.append(1))
    app.handle_command("refresh")
    assert calls == [1]


def test_font_size_change_rebuilds_a_taller_bar_still_docked(make_app, qtbot):
    app = make_app()
    old_height = app.bars()[0].height()
    path = write_user_file("font_size = 20\n")
    assert path.exists()
    app.reload_settings()
    qtbot.waitUntil(lambda: app.bars() and app.bars()[0].isVisible(), timeout=3000)
    bar = app.bars()[0]
    assert bar.height() > old_height
    qtbot.waitUntil(lambda: bar.geometry().bottom() == bar.screen().geometry().bottom(), timeout=2000)


def test_autostart_follows_the_dialog_and_is_not_touched_at_start(make_app, fresh_dirs, qtbot):
    from ticker.desktop import autostart

    app = make_app()
    entry = autostart.user_entry()
    assert not entry.exists()  # starting never rewrites the OS autostart state
    dialog = app.show_settings()
    assert dialog.fields["autostart"].widget.isChecked() is autostart.is_enabled()
    dialog.fields["autostart"].widget.setChecked(True)
    assert dialog.save()
    assert entry.exists() and autostart.is_enabled()


def test_demo_feed_survives_a_settings_reload(make_app):
    app = make_app(cli_values={"feeds": ["http://127.0.0.1:9/demo.json"]}, demo=True)
    write_user_file('feeds = ["http://elsewhere.example/feed.json"]\nspeed = 90\n')
    app.reload_settings()
    assert app.settings.feeds == ("http://127.0.0.1:9/demo.json",)
    assert app.settings.speed == 90


def test_garbage_collection_runs_on_the_gui_thread_only(make_app):
    app = make_app()
    assert not gc.isenabled()  # no automatic pass on a poller thread
    assert app.gc.findChild(QTimer).isActive()
    app.shutdown()
    assert gc.isenabled()


def test_unreachable_feed_with_nothing_cached_says_so_and_since_when(make_app, qtbot):
    clock = FakeClock()
    clock.now = dt.datetime(2026, 11, 23, 9, 14, 30, tzinfo=KST)
    app = make_app(clock=clock)
    bar = app.bars()[0]
    qtbot.waitUntil(lambda: bar.status() == "offline", timeout=10000)
    assert bar.idle_text() == "서버에 연결할 수 없습니다 · 09:14부터"
    clock.now += dt.timedelta(minutes=5)
    app.refresh_now()  # failing again later does not move "since"
    qtbot.wait(300)
    assert bar.idle_text() == "서버에 연결할 수 없습니다 · 09:14부터"


def test_unreachable_feed_keeps_cached_notices_with_the_red_dot(make_app, qtbot):
    FeedCache(default_paths().cache_dir / "feeds").store(
        DEAD_FEED, feed_body(item("c1", "캐시된 공지")), content_type="application/feed+json")
    app = make_app()
    bar = app.bars()[0]
    qtbot.waitUntil(lambda: bar.status() == "offline", timeout=10000)
    assert set(bar.visible_item_ids()) == {f"{DEAD_FEED}#c1"}  # cached notices stay
    image = bar.grab().toImage()
    dot = image.pixelColor(bar.status_dot_rect().center().toPoint())
    assert (dot.red(), dot.green(), dot.blue()) == (229, 72, 77)
    assert "서버에 연결할 수 없습니다" in bar.status_tooltip()


def test_settings_changes_log_one_line_each_and_nothing_otherwise(make_app, caplog):
    import logging

    app = make_app()
    caplog.set_level(logging.INFO, logger="ticker")
    caplog.clear()
    app.reload_settings()  # nothing changed: no news
    write_user_file("speed = 150\n")
    app.reload_settings()
    lines = [r.getMessage() for r in caplog.records
             if r.levelno >= logging.INFO and r.name.startswith("ticker.app")]
    assert lines == ["settings changed: speed"]


def test_read_marks_saved_with_bare_feed_ids_still_count(make_app, qtbot):
    """Before ids were scoped by feed, read marks held the bare server id."""
    marks = read_marks_file()
    marks.parent.mkdir(parents=True, exist_ok=True)
    marks.write_text(json.dumps(["a"]), encoding="utf-8")
    FeedCache(default_paths().cache_dir / "feeds").store(
        DEAD_FEED, feed_body(item("a", "첫 공지"), item("b", "둘째 공지")),
        content_type="application/feed+json")
    app = make_app()
    assert app.model.is_read(f"{DEAD_FEED}#a") and not app.model.is_read(f"{DEAD_FEED}#b")
    window = app.show_all_notices()
    assert window.unread_ids() == [f"{DEAD_FEED}#b"]


def test_a_network_setting_rebuilds_the_poller_and_a_bar_setting_leaves_it(make_app, qtbot):
    app = make_app()
    first, bars = app.network.poller, app.bars()
    write_user_file('speed = 150\nlabel = "완산구"\n')
    app.reload_settings()
    assert app.network.poller is first  # the bars' setting: nothing to do with the network
    assert app.bars() == bars  # applied to the running bars, not by rebuilding them
    write_user_file("speed = 150\npoll_interval = 30\n")
    app.reload_settings()
    assert app.network.poller is not first and app.network.poller.interval == 30
    assert app.bars() and app.settings.speed == 150
