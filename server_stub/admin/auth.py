"""Admin sign-in: web sessions, CSRF tokens and the sign-in throttle.

Sessions live in the ``web_sessions`` table. The cookie holds a random id; the table holds
only its SHA-256, so a copy of the database does not hand out live sessions. Each session
has its own CSRF token (synchroniser pattern); the sign-in form, which has no session yet,
uses a double-submit cookie. Times come from an injected clock so tests can expire things.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

SESSION_COOKIE = "nt_admin_session"
LOGIN_CSRF_COOKIE = "nt_admin_login_csrf"
SESSION_LIFETIME = timedelta(hours=8)
IDLE_TIMEOUT = timedelta(hours=1)
MAX_FAILURES = 5
THROTTLE_WINDOW = timedelta(minutes=15)

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class WebUser:
    id: int
    name: str
    role: str  # "admin" | "publisher"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class WebSession:
    key: str  # SHA-256 of the cookie value
    user: WebUser
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True)
class ThrottleState:
    blocked: bool
    retry_minutes: int = 0


def hash_session_id(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_match(expected: str | None, submitted: str | None) -> bool:
    """Constant-time comparison; an empty or missing token never matches."""
    if not expected or not submitted:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), submitted.encode("utf-8"))


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` in lower case, default ports dropped; None if not a web URL."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    default = 443 if parts.scheme == "https" else 80
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def origin_allowed(origin: str | None, referer: str | None, expected: set[str],
                   any_port: set[str] | None = None) -> bool:
    """Defence in depth beside the CSRF token: a form POST that names where it comes from
    (``Origin``, else ``Referer``) must come from this site. Neither header: allowed (some
    browsers and privacy tools send none); ``Origin: null`` (sandboxed or opaque): refused.

    ``any_port`` holds ``scheme://host`` prefixes accepted on any port: a reverse proxy that
    forwards ``Host: $host`` drops the port the browser used.
    """
    for header in (origin, referer):
        if header:
            found = origin_of(header)
            if found is None:
                return False
            without_port = found.rsplit(":", 1)[0] if found.count(":") > 1 else found
            return found in expected or without_port in (any_port or set())
    return True


def is_secure_request(scheme: str, forwarded_proto: str | None) -> bool:
    """HTTPS directly, or behind a proxy that says so (X-Forwarded-Proto: https)."""
    if scheme == "https":
        return True
    first = (forwarded_proto or "").split(",", 1)[0].strip().lower()
    return first == "https"


class SessionManager:
    """Creates, resolves and ends web sessions.

    ``store`` is a `server_stub.repository.web_sessions.WebSessionStore`; ``load_user``
    maps a user id to a `WebUser`, or None when the user is gone or disabled (which ends
    the session at once).
    """

    def __init__(
        self,
        store,
        load_user: Callable[[int], WebUser | None],
        clock: Clock,
        lifetime: timedelta = SESSION_LIFETIME,
        idle_timeout: timedelta = IDLE_TIMEOUT,
    ) -> None:
        self._store = store
        self._load_user = load_user
        self._clock = clock
        self._lifetime = lifetime
        self._idle = idle_timeout

    def start(self, user: WebUser) -> tuple[str, WebSession]:
        """Begin a session; returns (cookie value, session)."""
        now = self._clock()
        self._store.purge_expired(now)
        raw = new_token()
        session = WebSession(hash_session_id(raw), user, new_token(), self._expiry(now, now))
        self._store.create(session.key, user.id, session.csrf_token, now, session.expires_at)
        return raw, session

    def resolve(self, raw: str | None) -> WebSession | None:
        """The live session for a cookie value, sliding its idle expiry; None if expired."""
        if not raw:
            return None
        key = hash_session_id(raw)
        row = self._store.get(key)
        if row is None:
            return None
        now = self._clock()
        if now >= row.expires_at:
            self._store.delete(key)
            return None
        user = self._load_user(row.user_id)
        if user is None:
            self._store.delete(key)
            return None
        expires = self._expiry(row.created_at, now)
        if expires > row.expires_at:
            self._store.touch(key, expires)
        return WebSession(key, user, row.csrf_token, max(expires, row.expires_at))

    def end(self, raw: str | None) -> None:
        if raw:
            self._store.delete(hash_session_id(raw))

    def end_all_for(self, user_id: int, keep: WebSession | None = None) -> None:
        """End the user's sessions; ``keep`` (the current one) stays signed in."""
        self._store.delete_for_user(user_id, except_key=keep.key if keep else None)

    @property
    def max_age_seconds(self) -> int:
        return int(self._lifetime.total_seconds())

    def _expiry(self, created: datetime, now: datetime) -> datetime:
        """Idle timeout, but never past the absolute lifetime."""
        return min(now + self._idle, created + self._lifetime)


class LoginThrottle:
    """Blocks sign-in after ``max_failures`` failures for a user name or an address.

    Failures count inside a sliding window. A successful sign-in clears the user's count
    (not the address's, so one valid account cannot be used to reset guessing from a PC).
    Blocked attempts are not recorded, so the block lifts when the window passes.
    """

    def __init__(
        self,
        store,
        clock: Clock,
        max_failures: int = MAX_FAILURES,
        window: timedelta = THROTTLE_WINDOW,
    ) -> None:
        self._store = store
        self._clock = clock
        self._max = max_failures
        self._window = window

    def check(self, username: str, address: str) -> ThrottleState:
        now = self._clock()
        since = now - self._window
        worst: datetime | None = None
        for failures in (
            self._store.recent_failures(since, username=username.lower()),
            self._store.recent_failures(since, address=address),
        ):
            if len(failures) >= self._max:
                # The block lifts when the oldest of the last `max` failures leaves the window.
                release = sorted(failures)[-self._max] + self._window
                worst = release if worst is None or release > worst else worst
        if worst is None:
            return ThrottleState(False)
        minutes = max(1, -(-int((worst - now).total_seconds()) // 60))
        return ThrottleState(True, minutes)

    def record(self, username: str, address: str, success: bool) -> None:
        self._store.record_attempt(username.lower(), address, self._clock(), success)
