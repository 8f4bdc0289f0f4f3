"""--database-url parsing (pure: no connection is made)."""

from __future__ import annotations

import pytest

from server_stub.db import DatabaseUrlError, parse_database_url, safe_url
from server_stub.db.engine import PG_DRIVER


@pytest.mark.parametrize("raw, driver, database", [
    ("sqlite:///notices.db", "sqlite", "notices.db"),
    ("sqlite:////var/lib/notice-server/notices.db", "sqlite", "/var/lib/notice-server/notices.db"),
    ("sqlite+pysqlite:///x.db", "sqlite", "x.db"),
    ("postgresql+psycopg://u:p@db.example:5433/notice", PG_DRIVER, "notice"),
    ("postgresql://u@db.example/notice", PG_DRIVER, "notice"),
    ("postgres://u@db.example/notice", PG_DRIVER, "notice"),
    ("  postgresql+psycopg://u@h/notice\n", PG_DRIVER, "notice"),
])
def test_accepted_urls(raw, driver, database):
    url = parse_database_url(raw)
    assert (url.drivername, url.database) == (driver, database)


@pytest.mark.parametrize("raw, reason", [
    ("", "empty"),
    ("notices.db", "not a URL"),
    ("postgresql+psycopg//u:pw@h/db", "not a URL"),
    ("sqlite://", "file path"),
    ("sqlite:///:memory:", "file path"),
    ("postgresql+psycopg://u:pw@h/", "missing database name"),
    ("postgresql+psycopg2://u:pw@h/db", "unsupported engine 'postgresql+psycopg2'"),
    ("mysql+pymysql://u:pw@h/db", "unsupported engine 'mysql+pymysql'"),
    ("postgresql+psycopg://u:pw@h:99999/db", "port"),
])
def test_refused_urls_say_why_in_one_line_without_the_password(raw, reason):
    with pytest.raises(DatabaseUrlError) as refused:
        parse_database_url(raw)
    message = str(refused.value)
    assert reason in message and "\n" not in message and ":pw@" not in message


def test_safe_url_hides_the_password():
    assert safe_url("postgresql+psycopg://notice:s3cret@db/notice") == \
        "postgresql+psycopg://notice:***@db/notice"
