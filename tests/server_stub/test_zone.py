"""The server's one home zone is the feed contract's default zone, the client's home zone."""

from __future__ import annotations

from server_stub import zone
from server_stub.config import ServerConfig
from server_stub.models import Recurrence
from ticker.feed.zone import HOME_ZONE_NAME


def test_server_home_zone_is_the_clients():
    assert zone.HOME_ZONE_NAME == HOME_ZONE_NAME
    assert zone.HOME_ZONE.key == HOME_ZONE_NAME


def test_defaults_use_the_home_zone(tmp_path):
    assert ServerConfig(data_dir=tmp_path).timezone == zone.HOME_ZONE_NAME
    assert Recurrence("daily", (), "08:30", "09:30").tz == zone.HOME_ZONE_NAME
