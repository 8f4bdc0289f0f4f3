"""Feed URLs for logs, without their credentials. No network imports: start-up uses it too."""

from __future__ import annotations

import urllib.parse


def redact_url(url: str) -> str:
    """The URL without user:password, for logs (a feed URL may carry basic-auth credentials)."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "<invalid URL>"
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit(parts._replace(netloc=f"***@{host}"))


__all__ = ["redact_url"]
