"""Server configuration: one frozen value built by the CLI (or a test) and passed to create_app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import platformdirs

from server_stub.zone import HOME_ZONE_NAME

APP_NAME = "notice-ticker"
DB_FILENAME = "notices.db"
#: The bars' default label (``label`` in ticker.toml, copied: the server does not import the
#: client); ``notice-server serve --bar-label`` sets the one the site's bars are configured with.
DEFAULT_BAR_LABEL = "전주시 덕진구"


def default_data_dir() -> Path:
    """The platformdirs user data dir for the app (XDG_DATA_HOME/notice-ticker on Linux)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def system_clock(zone: str = HOME_ZONE_NAME) -> Callable[[], datetime]:
    """A clock returning the aware current time in ``zone``."""
    tz = ZoneInfo(zone)
    return lambda: datetime.now(tz)


@dataclass(frozen=True)
class ServerConfig:
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8080
    #: Base URL written into feeds (home_page_url, feed_url); default: taken from the request.
    public_url: str | None = None
    timezone: str = HOME_ZONE_NAME
    feed_title: str = "시정 알림"
    #: The label the site's bars show (their ``label`` setting): the admin preview uses it.
    bar_label: str = DEFAULT_BAR_LABEL
    max_body_bytes: int = 64 * 1024
    max_wait_seconds: int = 60
    #: How often the server looks for commits made by other processes (the CLI), seconds.
    db_watch_interval: float = 1.0
    #: PostgreSQL: how often each replica re-reads the feed even without a notification
    #: (a lost one delays a change by at most this long), seconds.
    feed_check_interval: float = 10.0
    #: SQLAlchemy URL; default: the SQLite file notices.db in data_dir.
    database_url: str | None = None
    #: Read receipts (issue 8): identified | anonymous | off (``--receipts``).
    receipts: str = "identified"
    #: Receipts (and PCs not seen) older than this many days are deleted once a day.
    receipt_retention_days: int = 180
    receipts_max_body_bytes: int = 256 * 1024
    #: Per client id and per server process: a steady rate plus a burst (token bucket).
    receipts_per_minute: float = 30.0
    receipts_burst: int = 20
    clock: Callable[[], datetime] | None = field(default=None, compare=False)

    @property
    def db_path(self) -> Path:
        return Path(self.data_dir) / DB_FILENAME

    def now(self) -> datetime:
        return (self.clock or system_clock(self.timezone))()
