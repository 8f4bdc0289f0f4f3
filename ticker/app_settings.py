"""Live settings for TickerApp: reload every layer, apply what changed, report problems once.

A mixin of the composition root (ticker/app.py), split out only to keep modules small; it
uses the objects TickerApp built and builds nothing itself except through TickerApp.
"""

from __future__ import annotations

import logging

from ticker.i18n import bilingual, tr
from ticker.settings_files import load_settings

log = logging.getLogger(__name__)
_CTX = "TickerApp"

# Settings whose change needs a new session/fetcher/poller (cached notices stay on screen).
NETWORK_KEYS = frozenset({"feeds", "poll_interval", "long_poll", "long_poll_wait",
                          "startup_jitter", "timeout", "ca_bundle"})
# Bars take their language and dock height at construction: these rebuild them.
REBUILD_BAR_KEYS = frozenset({"language", "font_size"})


class LiveSettingsMixin:
    def reload_settings(self) -> None:
        """Re-read every layer and apply what changed, live."""
        result = load_settings(self.paths.site_file, self.paths.user_file,
                               self.config_file, self.cli_values)
        # --demo passes its feed as a CLI value, so the demo feed survives this too.
        self.apply_settings(result)

    def apply_settings(self, result) -> None:
        old, new = self.settings, result.settings
        self.result, self.settings = result, new
        changed = {k for k in new if new[k] != old[k]}
        # A real event only when something changed (a save without changes is no news).
        log.log(logging.INFO if changed else logging.DEBUG, "settings changed: %s",
                ", ".join(sorted(changed)) or "(none)")
        self._report_problems(bilingual(result.errors))
        if "language" in changed:
            self.translations.install(new.language)
            self.tray.retranslate()
            self._update_tray_status()  # the tooltip text is built by the app, not the tray
            for key in ("notices", "about"):
                self.dispose_window(key)  # rebuilt in the new language when next opened
        if changed & NETWORK_KEYS and self.poller is not None:  # else it starts with these
            self.poller.stop()
            self.poller.deleteLater()
            self.session.close()
            self._stop_sender()  # rebuilt with the new timeout/CA bundle by _build_network
            self._build_network()
            self.poller.start()
            self._report_problems(list(getattr(self.session, "tls_warnings", [])))
        self._apply_reach_settings(changed)
        if changed & {"audience", "categories"}:
            self.model.set_filter(new.audience, new.categories)
        if "allow_quit" in changed:
            self.tray.set_allow_quit(new.allow_quit)
        if changed & REBUILD_BAR_KEYS:
            self.docks.stop()  # bars take their language at construction
            self.docks.start()
        for bar in self.bars():
            if "label" in changed:
                bar.set_label(new.label)
            if "speed" in changed:
                bar.set_speed(float(new.speed))
            if "reduced_motion" in changed:
                bar.set_reduced_motion(new.reduced_motion)
        if "screen" in changed:
            self.screens.set_setting(new.screen)
        if "position" in changed:
            self.docks.set_position(new.position)

    def on_settings_saved(self, changed: dict) -> None:
        """The dialog wrote the user file: switch autostart if asked, then apply everything."""
        if "autostart" in changed and "autostart" not in self.result.locked:
            self.set_autostart(bool(changed["autostart"]))
        self.reload_settings()

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
            self._report_problems([tr(_CTX, "자동 시작 설정을 바꾸지 못했습니다: %1").replace("%1", str(exc))])

    def _report_problems(self, problems: list[str]) -> None:
        """Log every problem; show the new ones once, together, as a tray message."""
        fresh = [p for p in problems if p not in self._reported]
        if not fresh:
            return
        self._reported.update(fresh)
        for problem in fresh:
            log.warning("%s", problem)
        text = "\n".join(fresh[:3])
        if len(fresh) > 3:
            text += "\n" + tr(_CTX, "외 %1건 (로그 참고)").replace("%1", str(len(fresh) - 3))
        self.tray.show_message(tr(_CTX, "설정 확인 필요"), text)
