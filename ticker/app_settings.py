"""LiveSettings: the settings in force, re-read from every layer on demand.

Each part of the client subscribes to the keys it cares about (``subscribe(keys, callback)``)
and is called with the new settings and the subset of its keys that changed; nothing here
knows which part needs what. Subscribers run in the order they subscribed (the composition
root, ticker/app.py, subscribes them in a sensible order: network before the bars).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ticker.settings import Settings
    from ticker.settings_files import LoadResult as SettingsResult

log = logging.getLogger(__name__)

SettingsCallback = Callable[["Settings", frozenset[str]], None]


class LiveSettings:
    def __init__(self, load: Callable[[], SettingsResult]) -> None:
        """``load`` reads every layer (site, user, config file, command line) afresh."""
        self._load = load
        self.result = load()
        self._subscribers: list[tuple[frozenset[str], SettingsCallback]] = []
        self._on_result: list[Callable[[SettingsResult], None]] = []

    @property
    def settings(self) -> Settings:
        return self.result.settings

    def subscribe(self, keys: Iterable[str], callback: SettingsCallback) -> None:
        """Call ``callback(settings, changed)`` whenever one of ``keys`` changes."""
        self._subscribers.append((frozenset(keys), callback))

    def on_result(self, callback: Callable[[SettingsResult], None]) -> None:
        """Call ``callback(result)`` after every load (e.g. to report the problems found)."""
        self._on_result.append(callback)

    def reload(self) -> frozenset[str]:
        """Re-read every layer and apply what changed, live. Returns the changed keys."""
        return self.apply(self._load())

    def apply(self, result: SettingsResult) -> frozenset[str]:
        old, new = self.result.settings, result.settings
        self.result = result
        changed = frozenset(k for k in new if new[k] != old[k])
        # A real event only when something changed (a save without changes is no news).
        log.log(logging.INFO if changed else logging.DEBUG, "settings changed: %s",
                ", ".join(sorted(changed)) or "(none)")
        for callback in self._on_result:
            callback(result)
        for keys, subscriber in self._subscribers:
            if changed & keys:
                subscriber(new, changed & keys)
        return changed
