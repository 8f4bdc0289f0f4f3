"""The client's one home time zone: a feed time without a zone is read in it. Pure."""

from __future__ import annotations

from zoneinfo import ZoneInfo

HOME_ZONE_NAME = "Asia/Seoul"
HOME_ZONE = ZoneInfo(HOME_ZONE_NAME)
