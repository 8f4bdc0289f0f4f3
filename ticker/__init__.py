"""Notice Ticker (시정 알림 티커): the desktop bar."""

__version__ = "0.1.0"
