"""Logging set-up: a rotating log file in the user log dir, plus stderr when there is one."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

import platformdirs

APP_NAME = "notice-ticker"
LOG_FILE = "notice-ticker.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_MARK = "_notice_ticker_handler"


def default_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def setup_logging(level: str | int = "INFO", log_dir: Path | None = None) -> Path | None:
    """Attach a 1 MB × 5 rotating file handler (and a stderr handler) to the root logger.

    Returns the log file path, or None when the log dir cannot be created (the app still
    runs; a ticker must not die because a profile directory is read-only). Calling it
    again replaces the handlers it added before, so tests can call it repeatedly.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level if isinstance(level, int) else level.upper())
    formatter = logging.Formatter(_FORMAT)

    # pythonw.exe / GUI scripts on Windows have no stderr.
    if sys.stderr is not None:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(formatter)
        stream.setLevel(logging.WARNING)
        setattr(stream, _MARK, True)
        root.addHandler(stream)

    directory = log_dir or default_log_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / LOG_FILE
        file_handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as exc:
        logging.getLogger(__name__).warning("cannot open log file in %s: %s", directory, exc)
        return None
    file_handler.setFormatter(formatter)
    setattr(file_handler, _MARK, True)
    root.addHandler(file_handler)
    return path
