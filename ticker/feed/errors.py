"""The errors a feed reader raises. Pure: no Qt, no I/O."""

from __future__ import annotations


class FeedError(ValueError):
    """The document is not a readable feed. ``message`` is Korean with an English translation."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NoValidNotices(FeedError):
    """The feed is well formed and has items, but not one of them is a valid notice.

    Not an empty board: the caller keeps its last good notices (an empty ``items`` list
    is still a real "no notices")."""

    def __init__(self, count: int) -> None:
        super().__init__(
            f"피드의 항목 {count}개 중 올바른 공지가 하나도 없습니다 "
            f"(none of the feed's {count} items is a valid notice)"
        )
        self.count = count


__all__ = ["FeedError", "NoValidNotices"]
