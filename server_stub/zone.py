"""The server's one home time zone. Pure (standard library only).

The default of ``notice-server serve --timezone``, of a recurrence's ``tz`` and of the admin
forms when no zone is passed in. It equals the client's `ticker.feed.zone.HOME_ZONE_NAME` (the
feed contract's default zone; tests/server_stub/test_zone.py checks), but the server does not
import the client.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

HOME_ZONE_NAME = "Asia/Seoul"
HOME_ZONE = ZoneInfo(HOME_ZONE_NAME)
