"""FeedNetwork: the HTTP session, the fetcher and the poller, built and rebuilt together.

Built after the first frame (requests and APScheduler cost ~0.4 s of start-up and the cached
notices must be on screen before that) and rebuilt, cached notices staying on screen, when
one of its own settings (``KEYS``) changes. Whoever listens connects once to this object's
signals: they are relayed from whichever poller is current.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from ticker.app_settings import LiveSettings
    from ticker.net.cache import FeedCache
    from ticker.net.fetcher import Fetcher
    from ticker.poller import ParseFn, Poller, SanitizeFn
    from ticker.settings import Settings



class FeedNetwork(QObject):
    # Settings whose change needs a new session/fetcher/poller (see apply_settings).
    KEYS = frozenset({"feeds", "poll_interval", "long_poll", "long_poll_wait",
                      "startup_jitter", "timeout", "ca_bundle"})
    noticesReceived = Signal(str, list)  # (url, notices), from the poller
    statusChanged = Signal(str)
    fetchFailed = Signal(str, str)

    def __init__(self, live: LiveSettings, cache: FeedCache, parse: ParseFn,
                 sanitize: SanitizeFn, report_problems: Callable[[list[str]], None], *,
                 demo: bool = False, poller_overrides: Mapping[str, Any] | None = None,
                 parent: QObject | None = None) -> None:
        """``poller_overrides`` (tests, bench): Poller keyword arguments such as interval,
        backoff_base, backoff_cap or startup_jitter that bypass the settings' limits."""
        super().__init__(parent)
        self._live = live
        self._cache = cache
        self._parse = parse
        self._sanitize = sanitize
        self._report_problems = report_problems
        self._demo = demo
        self._overrides = dict(poller_overrides or {})
        self.session = None
        self.fetcher: Fetcher | None = None
        self.poller: Poller | None = None

    @property
    def status(self) -> str:
        """The poller's feed status; "stale" until it has one."""
        return (self.poller.status if self.poller is not None else None) or "stale"

    def start(self) -> None:
        self._build(self._live.settings)
        self.poller.start()  # emits the cached notices again (unchanged), then polls
        self._report_problems(list(getattr(self.session, "tls_warnings", [])))

    def refresh_now(self) -> None:
        if self.poller is not None:
            self.poller.refresh_now()

    def stop(self) -> None:
        if self.poller is not None:
            self.poller.stop()
        if self.session is not None:
            self.session.close()  # closes pooled keep-alive sockets now, not at GC time

    def apply_settings(self, _settings: Settings, _changed: frozenset[str]) -> None:
        """One of KEYS changed: rebuild everything with the new settings."""
        if self.poller is None:
            return  # not started yet: it starts with these
        self.stop()
        self.poller.deleteLater()
        self.start()

    def _build(self, s: Settings) -> None:
        from ticker.net.fetcher import Fetcher
        from ticker.net.tls import make_session
        from ticker.poller import Poller

        self.session = make_session(ca_bundle=s.ca_bundle or None)
        self.fetcher = Fetcher(self.session, total_deadline=float(s.timeout),
                               read_timeout=float(min(15, s.timeout)),
                               connect_timeout=float(min(5, s.timeout)))
        options: dict[str, Any] = {
            "interval": float(s.poll_interval),
            "long_poll_wait": int(s.long_poll_wait) if s.long_poll else 0,
            "startup_jitter": 0.0 if self._demo else float(s.startup_jitter),
        }
        options.update(self._overrides)
        self.poller = Poller(list(s.feeds), fetcher=self.fetcher, cache=self._cache,
                             parse=self._parse, sanitize=self._sanitize, parent=self, **options)
        self.poller.noticesReceived.connect(self.noticesReceived)
        self.poller.statusChanged.connect(self.statusChanged)
        self.poller.fetchFailed.connect(self.fetchFailed)
