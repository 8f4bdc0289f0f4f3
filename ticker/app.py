"""TickerApp: the composition root. The only place that builds and wires the client's objects.

settings → session/fetcher → poller (worker threads) ⇒ signals ⇒ model → bars (one per
screen, docked by the desktop backend) + tray + windows; reach (read receipts and 확인,
``ticker/app_reach.py``) beside them. Everything else receives its collaborators; nothing else
constructs them.

Start order: settings, model filled from the feed cache, bars shown (first frame), and only
then the network stack is imported and the poller started (AfterFirstPaint).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication

from ticker.app_reach import ReachMixin
from ticker.app_settings import LiveSettingsMixin
from ticker.app_support import (
    AfterFirstPaint,
    MainThreadGC,
    SizedDocks,
    local_now,
    points_to_pixels,
    snooze_until,
)
from ticker.desktop import DesktopIntegration, DockController, ScreenManager
from ticker.feed.notice import Notice
from ticker.feed.sanitize import sanitize_all
from ticker.i18n import Translations, bilingual, tr
from ticker.logs import default_log_dir
from ticker.model import NoticeModel
from ticker.net.cache import FeedCache
from ticker.settings_files import default_paths, load_settings
from ticker.ui.bar import TickerBar
from ticker.ui.notices_window import NoticesWindow, ReadMarks
from ticker.ui.tray import TrayIcon

if TYPE_CHECKING:
    from ticker.poller import Poller

__all__ = ["TickerApp", "points_to_pixels", "snooze_until"]

log = logging.getLogger(__name__)
_CTX = "TickerApp"

SNOOZE_RECHECK_MS = 10 * 60 * 1000  # re-read the wall clock at least this often (suspend)


class TickerApp(ReachMixin, LiveSettingsMixin, QObject):
    quitRequested = Signal()
    networkStarted = Signal()  # the poller exists and runs (just after the first frame)

    def __init__(self, qapp: QApplication, *, config_file: Path | None = None,
                 cli_values: Mapping[str, Any] | None = None, paths=None,
                 data_dir: Path | None = None,
                 clock: Callable[[], dt.datetime] = local_now,
                 poller_overrides: Mapping[str, Any] | None = None,
                 reach_overrides: Mapping[str, Any] | None = None,
                 desktop_backend: str | None = None, bench: bool = False,
                 demo: bool = False, parent: QObject | None = None) -> None:
        """``poller_overrides`` (tests, bench): Poller keyword arguments such as interval,
        backoff_base, backoff_cap or startup_jitter that bypass the settings' limits.
        ``reach_overrides`` (tests): ReceiptSender keyword arguments (batch_delay, ...)."""
        super().__init__(parent)
        self.qapp = qapp
        self.paths = paths or default_paths()
        self.config_file = config_file
        self.cli_values = dict(cli_values or {})
        self.clock = clock
        self.demo = demo
        self.poller_overrides = dict(poller_overrides or {})
        self.data_dir = Path(data_dir or platformdirs.user_data_dir("notice-ticker", appauthor=False))
        self.paused = False
        self.snoozed_until: dt.datetime | None = None
        self._reported: set[str] = set()  # problems already shown in the tray
        self._announced_urgent: set[str] = set()
        self._status_detail = ""
        self._offline_since: dt.datetime | None = None  # wall clock, said on an empty bar
        self._windows: dict[str, Any] = {}
        self._shut_down = False

        self.result = load_settings(self.paths.site_file, self.paths.user_file,
                                    config_file, self.cli_values)
        self.settings = self.result.settings
        self.translations = Translations(qapp)
        self.translations.install(self.settings.language)

        self.cache = FeedCache(Path(self.paths.cache_dir) / "feeds")
        self.model = NoticeModel(clock=clock, audience=self.settings.audience,
                                 categories=self.settings.categories, parent=self)
        self.read_marks = ReadMarks(self.data_dir / "read-notices.json")
        self.read_marks.scope_to_feeds(self.settings.feeds)  # marks saved before ids were scoped
        self.model.set_read_ids(self.read_marks.ids())
        self.model.readChanged.connect(self._persist_read)
        self.model.visibleChanged.connect(self._on_visible_changed)
        self._build_reach(dict(reach_overrides or {}))

        self.tray = TrayIcon(allow_quit=self.settings.allow_quit, parent=self)
        self._wire_tray()
        self.bench = None
        if bench:
            from ticker.bench_probe import BenchProbe
            self.bench = BenchProbe(parent=self)

        self.desktop = DesktopIntegration(qapp, desktop_backend)
        self.screens = ScreenManager(qapp, self.settings.screen, parent=self)
        self.docks = DockController(SizedDocks(self.desktop), self.screens, self._make_bar,
                                    position=self.settings.position, parent=self)
        self.gc = MainThreadGC(self)
        self._snooze_timer = QTimer(self)
        self._snooze_timer.setSingleShot(True)
        self._snooze_timer.timeout.connect(self._check_snooze)
        self.poller: Poller | None = None  # built after the first frame: see start()
        self._after_first_paint = AfterFirstPaint(self.start_network, parent=self)

    # -- construction ------------------------------------------------------------------------
    def _build_network(self) -> None:
        # Imported here, not at the top: requests and APScheduler cost ~0.4 s of start-up
        # and the cached notices must be on screen before that.
        from ticker.net.fetcher import Fetcher
        from ticker.net.tls import make_session
        from ticker.poller import Poller

        s = self.settings
        self.session = make_session(ca_bundle=s.ca_bundle or None)
        self.fetcher = Fetcher(self.session, total_deadline=float(s.timeout),
                               read_timeout=float(min(15, s.timeout)),
                               connect_timeout=float(min(5, s.timeout)))
        options: dict[str, Any] = {
            "interval": float(s.poll_interval),
            "long_poll_wait": int(s.long_poll_wait) if s.long_poll else 0,
            "startup_jitter": 0.0 if self.demo else float(s.startup_jitter),
        }
        options.update(self.poller_overrides)
        self.poller = Poller(list(s.feeds), fetcher=self.fetcher, cache=self.cache,
                             parse=self.parse_feed, sanitize=sanitize_all, parent=self, **options)
        self.poller.noticesReceived.connect(self._on_notices)
        self.poller.statusChanged.connect(self._on_status)
        self.poller.fetchFailed.connect(self._on_fetch_failed)
        self.model.set_feeds(s.feeds)
        self._build_sender()

    def _make_bar(self, screen: QScreen) -> TickerBar:
        s = self.settings
        bar = TickerBar(self.model, label=s.label, speed=float(s.speed),
                        font_size=points_to_pixels(s.font_size, screen.logicalDotsPerInchY()),
                        reduced_motion=s.reduced_motion, language=self.translations.language)
        bar.setScreen(screen)
        bar.contextMenuRequested.connect(self.tray.menu.popup)
        bar.allNoticesRequested.connect(self.show_all_notices)
        bar.noticeActivated.connect(self._on_notice_opened)
        bar.noticeAcknowledged.connect(self.acknowledge)
        bar.set_status(self.poller.status if self.poller and self.poller.status else "stale",
                       self._status_detail, self._offline_since)
        if self.paused:
            bar.pause("user")
        if self.bench is not None:
            self.bench.watch(bar)
        return bar

    def _wire_tray(self) -> None:
        t = self.tray
        t.pauseToggled.connect(self.set_paused)
        t.refreshRequested.connect(self.refresh_now)
        t.allNoticesRequested.connect(self.show_all_notices)
        t.snoozeRequested.connect(self.snooze)
        t.unsnoozeRequested.connect(self.unsnooze)
        t.settingsRequested.connect(self.show_settings)
        t.aboutRequested.connect(self.show_about)
        t.quitRequested.connect(self.quit)

    # -- life cycle ----------------------------------------------------------------------
    def start(self) -> None:
        """Cached notices on screen first; the network starts right after the first frame."""
        self.tray.show()
        self._show_cached()
        self.docks.start()
        self._report_problems(bilingual(self.result.errors))
        if not self.settings.feeds:
            self._report_problems([tr(_CTX, "공지 피드 주소가 설정되지 않았습니다. 설정에서 feeds를 "
                                           "입력하거나 --feed URL로 시작하세요.")])
        self._after_first_paint.watch(self.bars())

    def start_network(self) -> None:
        if self._shut_down or self.poller is not None:
            return
        self._build_network()
        self.poller.start()  # emits the cached notices again (unchanged), then polls
        self._report_problems(list(getattr(self.session, "tls_warnings", [])))
        self.gc.start()
        self.networkStarted.emit()

    def _show_cached(self) -> None:
        from ticker.net.cached_feed import read_cached_feed  # the poller's own cache step

        for url in self.settings.feeds:
            cached = read_cached_feed(self.cache, url, parse=self.parse_feed)
            if cached is not None:
                self.model.set_notices(url, cached.notices)

    def shutdown(self) -> None:
        """Stop threads and timers and delete every window on the GUI thread.

        Widgets must not be left to Python's garbage collector: it may run on a poller
        thread, and shiboken then defers the C++ deletion in ways that have crashed.
        Safe to call twice.
        """
        if self._shut_down:
            return
        self._shut_down = True
        if self.poller is not None:
            self.poller.stop()
        self._shutdown_reach()
        if getattr(self, "session", None) is not None:
            self.session.close()  # closes pooled keep-alive sockets now, not at GC time
        self._snooze_timer.stop()
        for key in list(self._windows):
            self.dispose_window(key)
        self.docks.stop()
        self.desktop.close()
        self.tray.dispose()
        self.translations.uninstall()
        self.gc.stop()

    def dispose_window(self, key: str) -> None:
        window = self._windows.pop(key, None)
        if window is not None:
            window.close()
            window.deleteLater()

    def bars(self) -> list[TickerBar]:
        return self.docks.bars()

    def handle_command(self, command: str) -> None:
        """From another process via single_instance: refresh, show, pause or resume."""
        log.info("command from another launch: %s", command)
        if command == "refresh":
            self.refresh_now()
        elif command == "show":
            self.show_all_notices()
        elif command in ("pause", "resume"):
            self.set_paused(command == "pause")

    def quit(self) -> None:
        if self.settings.allow_quit:
            self.quitRequested.emit()

    # -- poller → GUI ----------------------------------------------------------------------
    def _on_notices(self, url: str, notices: list[Notice]) -> None:
        self.model.set_notices(url, notices)

    def _on_status(self, status: str) -> None:
        if status == "connected":
            self._status_detail = ""
        if status != "offline":
            self._offline_since = None
        elif self._offline_since is None:
            self._offline_since = self.clock()
        for bar in self.bars():
            bar.set_status(status, self._status_detail, self._offline_since)
        self._update_tray_status()

    def _on_fetch_failed(self, url: str, message: str) -> None:
        log.debug("feed %s: %s", url, message)  # the poller logs each real change once
        self._status_detail = message
        status = self.poller.status if self.poller and self.poller.status else "stale"
        for bar in self.bars():
            bar.set_status(status, message, self._offline_since)
        self._update_tray_status()

    def _update_tray_status(self) -> None:
        status = self.poller.status if self.poller and self.poller.status else "stale"
        count = tr(_CTX, "현재 공지 %1건").replace("%1", str(len(self.model.visible())))
        detail = "\n".join(x for x in (count, self._status_detail) if x)
        self.tray.set_status(status, detail)

    def _on_visible_changed(self) -> None:
        visible = self.model.visible()
        window = self._windows.get("notices")
        if window is not None:
            window.set_notices(visible)
        self._update_tray_status()
        urgent = [n for n in visible if n.is_urgent and n.id not in self._announced_urgent]
        if self.snoozed_until is not None or self.docks.hidden_by_fullscreen():
            for notice in urgent:  # the bar is hidden: urgent ones still reach the user
                self.tray.show_message(tr(_CTX, "긴급 공지"), notice.title, urgent=True)
        self._announced_urgent.update(n.id for n in urgent)

    # -- user actions ----------------------------------------------------------------------
    def refresh_now(self) -> None:
        if self.poller is not None:
            self.poller.refresh_now()

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        for bar in self.bars():
            (bar.pause if paused else bar.resume)("user")
        self.tray.set_paused(paused)
        self._update_tray_status()

    def snooze(self, choice: str) -> None:
        now = self.clock()
        self.snoozed_until = snooze_until(choice, now)
        self._announced_urgent.update(n.id for n in self.model.visible() if n.is_urgent)
        self.docks.set_suppressed(True)
        self.tray.set_snoozed(self.snoozed_until)
        log.info("snoozed until %s", self.snoozed_until.isoformat())
        self._arm_snooze(now)

    def unsnooze(self) -> None:
        self._snooze_timer.stop()
        self.snoozed_until = None
        self.docks.set_suppressed(False)
        self.tray.set_snoozed(None)

    def _arm_snooze(self, now: dt.datetime) -> None:
        remaining = (self.snoozed_until - now) / dt.timedelta(milliseconds=1)
        self._snooze_timer.start(int(max(0, min(remaining, SNOOZE_RECHECK_MS))) + 1)

    def _check_snooze(self) -> None:
        if self.snoozed_until is None:
            return
        now = self.clock()
        if now >= self.snoozed_until:
            self.unsnooze()
        else:
            self._arm_snooze(now)

    def _on_notice_opened(self, notice_id: str) -> None:
        self.read_marks.mark_read(notice_id)
        self.model.mark_read(notice_id)
        self._report_opened(notice_id)

    def _persist_read(self) -> None:
        for notice_id in self.model.read_ids():
            self.read_marks.mark_read(notice_id)
        window = self._windows.get("notices")
        if window is not None:  # a notice opened from the bar is no longer unread there
            window.set_notices(self.model.visible())

    def show_all_notices(self) -> NoticesWindow:
        window = self._windows.get("notices")
        if window is None:
            window = NoticesWindow(self.read_marks, self.translations.language)
            window.noticeOpened.connect(self._on_notice_opened)
            window.acknowledgeRequested.connect(self.acknowledge)
            self._windows["notices"] = window
        window.set_notices(self.model.visible())
        self._raise(window)
        return window

    def show_settings(self):
        from ticker.ui.settings_dialog import SettingsDialog

        self.dispose_window("settings")
        current = {**self.settings, "autostart": self.autostart_enabled()}
        dialog = SettingsDialog(current, self.result.locked, self.paths.user_file,
                                screen_count=len(self.qapp.screens()),
                                from_command_line=frozenset(self.cli_values))
        dialog.saved.connect(self.on_settings_saved)
        self._windows["settings"] = dialog
        self._raise(dialog)
        return dialog

    def show_about(self):
        from ticker.ui.about import AboutDialog

        dialog = self._windows.get("about")
        if dialog is None:
            dialog = AboutDialog({
                tr(_CTX, "사용자 설정"): str(self.paths.user_file),
                tr(_CTX, "사이트 설정"): str(self.paths.site_file),
                tr(_CTX, "로그"): str(default_log_dir()),
                tr(_CTX, "피드"): ", ".join(self.settings.feeds) or "-",
            })
            self._windows["about"] = dialog
        self._raise(dialog)
        return dialog

    @staticmethod
    def _raise(widget) -> None:
        widget.show()
        widget.raise_()
        widget.activateWindow()
