"""The rotating log in the platformdirs user log dir."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from ticker.logs import BACKUP_COUNT, MAX_BYTES, default_log_dir, setup_logging


def _ours():
    return [h for h in logging.getLogger().handlers if getattr(h, "_notice_ticker_handler", False)]


def test_log_goes_to_the_user_log_dir_and_rotates():
    path = setup_logging("INFO")
    try:
        assert path == default_log_dir() / "notice-ticker.log"
        assert str(path).startswith(os.environ["XDG_STATE_HOME"])
        handler = next(h for h in _ours() if isinstance(h, logging.handlers.RotatingFileHandler))
        assert (handler.maxBytes, handler.backupCount) == (MAX_BYTES, BACKUP_COUNT) == (1_000_000, 5)
        logging.getLogger("ticker.test").info("한글 로그 줄")
        handler.flush()
        assert "한글 로그 줄" in path.read_text(encoding="utf-8")
        handler.maxBytes = 200  # force rotation quickly
        for i in range(20):
            logging.getLogger("ticker.test").info("line %d %s", i, "x" * 50)
        assert (path.parent / "notice-ticker.log.1").exists()
        assert len(list(path.parent.glob("notice-ticker.log*"))) <= 1 + BACKUP_COUNT
    finally:
        for h in _ours():
            logging.getLogger().removeHandler(h)
            h.close()


def test_setup_twice_does_not_duplicate_handlers():
    setup_logging()
    setup_logging()
    try:
        assert len(_ours()) == 2  # one file, one stderr
    finally:
        for h in _ours():
            logging.getLogger().removeHandler(h)
            h.close()


def test_unwritable_log_dir_does_not_stop_the_app(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    try:
        assert setup_logging(log_dir=Path(blocker) / "logs") is None
    finally:
        for h in _ours():
            logging.getLogger().removeHandler(h)
            h.close()
