"""TickerApp: the composition root. It builds the client's parts and wires them together.

settings (LiveSettings) → network (session/fetcher/poller on worker threads) ⇒ signals ⇒
model (NoticeModel, which also owns read state) → bars (BarFleet: one per screen, docked
by the desktop backend) + tray + windows; reach (ReachCoordinator: read receipts and 확인)
beside them; FeedStatus, ProblemReporter and Snooze tell the user what is going on.

Construction happens here and in the parts it builds (the ``ticker/app_*.py`` modules): each
part builds the few objects it owns (FeedNetwork its session, fetcher and poller; BarFleet
the docks and bars; ReachCoordinator the reach store and sender) and rebuilds them when one
of its settings changes; it subscribes to those settings here. Everything below the parts
receives its collaborators as arguments.

Start order: settings, model filled from the feed cache, bars shown (first frame), and only
then the network stack is imported and the poller started (AfterFirstPaint).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from ticker.app_bars import BarFleet
from ticker.app_network import FeedNetwork
from ticker.app_reach import ReachCoordinator
from ticker.app_settings import LiveSettings
from ticker.app_snooze import Snooze
from ticker.app_status import FeedStatus, ProblemReporter
from ticker.app_support import AfterFirstPaint, MainThreadGC, local_now
from ticker.feed.sanitize import sanitize_all
from ticker.i18n import Translations, bilingual, tr
from ticker.logs import default_log_dir
from ticker.model import NoticeModel
from ticker.net.cache import FeedCache
from ticker.read_marks import ReadMarks
from ticker.settings_files import default_paths, load_settings
from ticker.ui.bar import TickerBar
from ticker.ui.notices_window import NoticesWindow
from ticker.ui.tray import TrayIcon

log = logging.getLogger(__name__)
_CTX = "TickerApp"


class TickerApp(QObject):
    quitRequested = Signal()

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
        self.cli_values = dict(cli_values or {})
        data_dir = Path(data_dir or platformdirs.user_data_dir("notice-ticker", appauthor=False))
        self.paused = False
        self._windows: dict[str, Any] = {}
        self._shut_down = False

        # --demo passes its feed as a CLI value, so the demo feed survives a reload too.
        self.live = LiveSettings(lambda: load_settings(self.paths.site_file, self.paths.user_file,
                                                       config_file, self.cli_values))
        s = self.live.settings
        self.translations = Translations(qapp)
        self.translations.install(s.language)

        self.cache = FeedCache(Path(self.paths.cache_dir) / "feeds")
        read_marks = ReadMarks(data_dir / "read-notices.json")
        read_marks.scope_to_feeds(s.feeds)  # marks saved before ids were scoped
        self.model = NoticeModel(clock=clock, audience=s.audience, categories=s.categories,
                                 read_marks=read_marks, parent=self)
        self.tray = TrayIcon(allow_quit=s.allow_quit, parent=self)
        self.problems = ProblemReporter(self.tray)
        probe = None
        if bench:
            from ticker.bench_probe import BenchProbe
            probe = BenchProbe(parent=self)
        self.fleet = BarFleet(qapp, self.live, self.model, desktop_backend=desktop_backend,
                              bench=probe, parent=self)
        self.reach = ReachCoordinator(self.live, self.model, data_dir, self.fleet.bars,
                                      clock=clock, sender_overrides=reach_overrides, parent=self)
        self.network = FeedNetwork(self.live, self.cache, self.reach.parse_feed, sanitize_all,
                                   self.problems.report, demo=demo,
                                   poller_overrides=poller_overrides, parent=self)
        self.feed_status = FeedStatus(self.tray, self.fleet.set_status,
                                      lambda: self.network.status,
                                      lambda: len(self.model.visible()), clock)
        self.snoozer = Snooze(self.tray, self.model.visible, self.fleet.set_suppressed,
                              self.fleet.hidden_by_fullscreen, clock, parent=self)
        self._subscribe_to_settings()
        self._wire()
        self.gc = MainThreadGC(self)
        self._after_first_paint = AfterFirstPaint(self.start_network, parent=self)

    # -- construction ------------------------------------------------------------------------
    def _subscribe_to_settings(self) -> None:
        """Each part to the keys it applies. In this order: the new language is installed
        before anything is rebuilt in it, and the bars come last."""
        live = self.live
        live.on_result(lambda result: self.problems.report(bilingual(result.errors)))
        live.subscribe({"language"}, self._on_language)
        live.subscribe(self.network.KEYS, self.network.apply_settings)
        live.subscribe(self.reach.KEYS, self.reach.apply_settings)
        live.subscribe({"feeds"}, lambda s, _: self.model.set_feeds(s.feeds))
        live.subscribe({"audience", "categories"},
                       lambda s, _: self.model.set_filter(s.audience, s.categories))
        live.subscribe({"allow_quit"}, lambda s, _: self.tray.set_allow_quit(s.allow_quit))
        live.subscribe(self.fleet.KEYS, self.fleet.apply_settings)

    def _wire(self) -> None:
        self.network.noticesReceived.connect(self.model.set_notices)
        self.network.statusChanged.connect(self.feed_status.on_status)
        self.network.fetchFailed.connect(self.feed_status.on_fetch_failed)
        self.model.visibleChanged.connect(self.feed_status.update_tray)
        self.model.visibleChanged.connect(self.snoozer.on_visible_changed)
        f = self.fleet
        f.contextMenuRequested.connect(self.tray.menu.popup)
        f.allNoticesRequested.connect(self.show_all_notices)
        f.noticeActivated.connect(self.reach.opened)  # the bar marked it read in the model
        f.noticeAcknowledged.connect(self.reach.acknowledge)
        t = self.tray
        t.pauseToggled.connect(self.set_paused)
        t.refreshRequested.connect(self.refresh_now)
        t.allNoticesRequested.connect(self.show_all_notices)
        t.snoozeRequested.connect(self.snoozer.snooze)
        t.unsnoozeRequested.connect(self.snoozer.unsnooze)
        t.settingsRequested.connect(self.show_settings)
        t.aboutRequested.connect(self.show_about)
        t.quitRequested.connect(self.quit)

    @property
    def settings(self):
        return self.live.settings

    @property
    def result(self):
        return self.live.result

    # -- life cycle ----------------------------------------------------------------------
    def start(self) -> None:
        """Cached notices on screen first; the network starts right after the first frame."""
        self.tray.show()
        self._show_cached()
        self.fleet.start()
        self.problems.report(bilingual(self.result.errors))
        if not self.settings.feeds:
            self.problems.report([tr(_CTX, "공지 피드 주소가 설정되지 않았습니다. 설정에서 feeds를 "
                                           "입력하거나 --feed URL로 시작하세요.")])
        self._after_first_paint.watch(self.bars())

    def start_network(self) -> None:
        if self._shut_down or self.network.poller is not None:
            return
        self.network.start()
        self.reach.start_sender()
        self.gc.start()

    def _show_cached(self) -> None:
        from ticker.net.cached_feed import read_cached_feed  # the poller's own cache step

        for url in self.settings.feeds:
            cached = read_cached_feed(self.cache, url, parse=self.reach.parse_feed,
                                      sanitize=sanitize_all)  # what the poller is given
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
        self.network.stop()
        self.reach.shutdown()
        self.snoozer.stop()
        for key in list(self._windows):
            self.dispose_window(key)
        self.fleet.stop()
        self.tray.dispose()
        self.translations.uninstall()
        self.gc.stop()

    def dispose_window(self, key: str) -> None:
        window = self._windows.pop(key, None)
        if window is not None:
            window.close()
            window.deleteLater()

    def bars(self) -> list[TickerBar]:
        return self.fleet.bars()

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

    # -- user actions ----------------------------------------------------------------------
    def refresh_now(self) -> None:
        self.network.refresh_now()

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        self.fleet.set_paused(paused)
        self.tray.set_paused(paused)
        self.feed_status.update_tray()

    def reload_settings(self) -> None:
        """Re-read every layer and apply what changed, live."""
        self.live.reload()

    def on_settings_saved(self, changed: dict) -> None:
        """The dialog wrote the user file: switch autostart if asked, then apply everything."""
        if "autostart" in changed and "autostart" not in self.result.locked:
            self.set_autostart(bool(changed["autostart"]))
        self.reload_settings()

    def _on_language(self, s, _changed) -> None:
        self.translations.install(s.language)
        self.tray.retranslate()
        self.feed_status.update_tray()  # the tooltip text is built by FeedStatus, not the tray
        for key in ("notices", "about"):
            self.dispose_window(key)  # rebuilt in the new language when next opened

    # Autostart is the OS's state (the .deb's /etc/xdg/autostart entry, a user override, the
    # Windows Run key), not a value applied at every start: that would undo IT's entry.
    def autostart_enabled(self) -> bool:
        try:
            from ticker.desktop import autostart
            return bool(autostart.is_enabled())
        except Exception as exc:  # noqa: BLE001 - unsupported platform or odd profile
            log.info("autostart state unknown: %s", exc)
            return bool(self.settings.autostart)

    def set_autostart(self, enabled: bool) -> None:
        try:
            from ticker.desktop import autostart
            autostart.set_autostart(enabled)
        except Exception as exc:  # noqa: BLE001 - a profile quirk must not stop the bar
            log.warning("autostart: %s", exc)
            self.problems.report([tr(_CTX, "자동 시작 설정을 바꾸지 못했습니다: %1").replace("%1", str(exc))])

    # -- windows -------------------------------------------------------------------------
    def show_all_notices(self) -> NoticesWindow:
        window = self._windows.get("notices")
        if window is None:
            window = NoticesWindow(self.model)  # it follows the model's notices and read marks
            window.noticeOpened.connect(self.reach.opened)
            window.acknowledgeRequested.connect(self.reach.acknowledge)
            self._windows["notices"] = window
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
