"""Retry timing maths: exponential backoff with full jitter, Retry-After, start-up jitter.

Pure: no I/O, no clock, no global random state. Callers pass ``random``, a function
returning a float in [0, 1) (``random.Random().random`` in production, a constant in tests).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import math
from collections.abc import Callable

DEFAULT_BASE = 5.0  # seconds; the first retry waits up to 2 × this
DEFAULT_CAP = 15 * 60.0  # no feed waits longer than 15 minutes between attempts
DEFAULT_STARTUP_JITTER = 30.0  # spread 1,400 PCs that boot at 09:00 over half a minute

Random = Callable[[], float]


def backoff_delay(failures: int, *, base: float = DEFAULT_BASE, cap: float = DEFAULT_CAP,
                  random: Random) -> float:
    """Full-jitter exponential backoff: uniform in [0, min(cap, base * 2**failures)).

    ``failures`` counts consecutive failures so far (1 after the first failure).
    Full jitter spreads clients that failed together (server restart) across the window
    instead of letting them come back in lock-step.
    """
    if failures <= 0:
        return 0.0
    # 2**failures overflows float after ~1000; cap the exponent long before that.
    ceiling = min(cap, base * math.pow(2.0, min(failures, 60)))
    return _unit(random) * ceiling


def retry_delay(failures: int, *, base: float = DEFAULT_BASE, cap: float = DEFAULT_CAP,
                floor: float = 0.0, retry_after: float | None = None,
                random: Random) -> float:
    """How long to wait before the next attempt after ``failures`` consecutive failures.

    The jittered backoff is raised to ``floor`` (normally the poll interval, so a failing
    feed is never polled faster than a healthy one) and to the server's Retry-After.
    The result never exceeds ``cap`` — not even for a huge Retry-After: a notice bar must
    not go dark for a day because a misconfigured proxy said so.
    """
    delay = max(backoff_delay(failures, base=base, cap=cap, random=random), floor)
    if retry_after is not None and retry_after > 0:
        delay = max(delay, retry_after)
    return max(0.0, min(delay, max(cap, floor)))


def startup_delay(max_jitter: float = DEFAULT_STARTUP_JITTER, *, random: Random) -> float:
    """A random delay in [0, max_jitter) before the first fetch after start-up."""
    if max_jitter <= 0:
        return 0.0
    return _unit(random) * max_jitter


def parse_retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Seconds to wait from a Retry-After header value, or None when absent or unreadable.

    Accepts delta-seconds ("120") and an HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT").
    A date in the past means "now" (0). ``now`` must be timezone-aware (UTC).
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isdigit():
        return float(int(text))
    if text[0] in "+-" or text.replace(".", "", 1).isdigit():
        return None  # negative or fractional seconds are not valid delta-seconds
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:  # "-0000" means UTC per RFC 5322
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())


def _unit(random: Random) -> float:
    """Clamp a caller-supplied random number into [0, 1]."""
    value = float(random())
    if math.isnan(value):
        return 0.0
    return min(1.0, max(0.0, value))
