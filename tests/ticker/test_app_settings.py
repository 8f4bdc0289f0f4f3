"""LiveSettings: each part hears about the keys it subscribed to, and only those."""

from __future__ import annotations

from ticker.app_settings import LiveSettings
from ticker.settings_files import load_settings


class Layers:
    """What the files and the command line say now (a test stand-in for the real layers)."""

    def __init__(self, tmp_path) -> None:
        self.user_file = tmp_path / "ticker.toml"
        self.cli: dict = {}

    def load(self):
        return load_settings(None, self.user_file, None, self.cli)


def test_subscribers_get_only_their_changed_keys_in_subscription_order(tmp_path):
    layers = Layers(tmp_path)
    live = LiveSettings(layers.load)
    calls = []
    live.subscribe({"label", "speed"}, lambda s, changed: calls.append(("bars", changed, s.speed)))
    live.subscribe({"feeds"}, lambda s, changed: calls.append(("network", changed, s.feeds)))
    live.subscribe({"speed"}, lambda s, changed: calls.append(("second", changed, s.speed)))
    layers.user_file.write_text("speed = 150\n", encoding="utf-8")
    assert live.reload() == {"speed"}
    assert calls == [("bars", {"speed"}, 150), ("second", {"speed"}, 150)]
    assert live.settings.speed == 150


def test_nothing_changed_calls_no_subscriber_but_results_are_still_seen(tmp_path):
    layers = Layers(tmp_path)
    live = LiveSettings(layers.load)
    calls, results = [], []
    live.subscribe({"speed"}, lambda s, changed: calls.append(changed))
    live.on_result(results.append)
    assert live.reload() == frozenset()
    assert calls == [] and len(results) == 1
    layers.user_file.write_text('speed = "fast"\n', encoding="utf-8")  # a bad value
    live.reload()
    assert calls == [] and results[-1].errors  # the problem is reported, nothing applied


def test_command_line_values_survive_a_reload(tmp_path):
    layers = Layers(tmp_path)
    layers.cli = {"feeds": ["http://127.0.0.1:9/demo.json"]}
    live = LiveSettings(layers.load)
    layers.user_file.write_text('feeds = ["http://elsewhere.example/feed.json"]\n',
                                encoding="utf-8")
    assert "feeds" not in live.reload()
    assert live.settings.feeds == ("http://127.0.0.1:9/demo.json",)
