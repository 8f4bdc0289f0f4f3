"""HTTP session construction: OS trust store, optional CA bundle, proxies, abortable sockets.

- Trust: ``truststore.SSLContext`` (the OS store: Windows cert store, macOS keychain, the
  distribution's CA files on Linux) is handed to urllib3 through an ``HTTPAdapter`` subclass.
  We never call ``truststore.inject_into_ssl()``: that would change TLS for the whole process.
- ``ca_bundle`` from settings adds a PEM bundle (e.g. the city's intranet root CA) to that
  context, on top of the OS store.
- ``REQUESTS_CA_BUNDLE`` / ``CURL_CA_BUNDLE``: requests silently replaces ``verify=True`` with
  these (``Session.merge_environment_settings``), which would swap the OS store for whatever an
  unrelated tool put in the environment. ``TickerSession`` deliberately ignores them (logged once);
  IT configures trust with the ``ca_bundle`` setting instead.
- Proxies come from the environment (``HTTP(S)_PROXY``, ``NO_PROXY``; the registry on Windows)
  because ``trust_env`` stays on.
- Every connection is tracked per thread, so a request can be cut off from another thread
  (``abort``): the fetcher's deadline watchdog and the poller's ``stop()`` use that to end
  a slow-drip or long-poll request at once instead of waiting for the server.
"""

from __future__ import annotations

import logging
import os
import socket
import ssl
import threading
import weakref
from typing import Any

import requests
import truststore
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from ticker import __version__

log = logging.getLogger(__name__)

USER_AGENT = f"NoticeTicker/{__version__}"
CA_BUNDLE_ENV_VARS = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


class ConnectionTracker:
    """Remembers which thread holds which pooled connection, so it can be shut down."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owners: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
        self._aborted: weakref.WeakSet[Any] = weakref.WeakSet()

    def claim(self, conn: Any) -> None:
        with self._lock:
            self._owners[conn] = threading.get_ident()
            self._aborted.discard(conn)

    def release(self, conn: Any) -> None:
        with self._lock:
            self._owners.pop(conn, None)
            self._aborted.discard(conn)

    def connected(self, conn: Any) -> None:
        """Called right after a connection opened its socket: honour an abort that came first."""
        with self._lock:
            aborted = conn in self._aborted
        if aborted:
            _shutdown(getattr(conn, "sock", None))

    def abort(self, owner: int | None = None) -> int:
        """Shut down the sockets held by thread ``owner`` (all threads when None).

        The blocked ``recv`` in the owning thread then fails at once. Returns how many
        connections were hit.
        """
        with self._lock:
            victims = [c for c, o in self._owners.items() if owner is None or o == owner]
            for conn in victims:
                self._aborted.add(conn)
        for conn in victims:
            _shutdown(getattr(conn, "sock", None))
        return len(victims)


def _shutdown(sock: Any) -> None:
    if sock is None:
        return
    raw = getattr(sock, "socket", sock)  # urllib3's SSLTransport wraps the real socket
    try:
        # The base-class call does an fd-level shutdown without tearing down the SSL object
        # under the feet of the thread that is reading from it.
        socket.socket.shutdown(raw, socket.SHUT_RDWR)
    except (OSError, TypeError, ValueError):
        pass


def _tracked_pool_classes(tracker: ConnectionTracker) -> dict[str, type]:
    def make(base: type) -> type:
        class TrackedConnection(base.ConnectionCls):  # type: ignore[name-defined, misc]
            def connect(self) -> None:
                super().connect()
                tracker.connected(self)

        class TrackedPool(base):  # type: ignore[misc, valid-type]
            ConnectionCls = TrackedConnection

            def _get_conn(self, timeout: float | None = None) -> Any:
                conn = super()._get_conn(timeout)
                tracker.claim(conn)
                return conn

            def _put_conn(self, conn: Any) -> None:
                if conn is not None:
                    tracker.release(conn)
                super()._put_conn(conn)

        TrackedPool.__name__ = "Tracked" + base.__name__
        return TrackedPool

    return {"http": make(HTTPConnectionPool), "https": make(HTTPSConnectionPool)}


class TrustStoreAdapter(HTTPAdapter):
    """HTTPAdapter with a fixed SSL context and per-thread abortable connections."""

    def __init__(self, ssl_context: ssl.SSLContext, **kwargs: Any) -> None:
        self.ssl_context = ssl_context
        self.tracker = ConnectionTracker()
        self._pool_classes = _tracked_pool_classes(self.tracker)
        super().__init__(**kwargs)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False,
                         **pool_kwargs: Any) -> None:
        pool_kwargs["ssl_context"] = self.ssl_context
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = self._pool_classes

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        fresh = proxy not in self.proxy_manager
        proxy_kwargs.setdefault("ssl_context", self.ssl_context)
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if fresh and not proxy.lower().startswith("socks"):
            manager.pool_classes_by_scheme = self._pool_classes
        return manager

    def abort(self, owner: int | None = None) -> int:
        return self.tracker.abort(owner)

    def close(self) -> None:
        """Close the pooled keep-alive sockets now.

        urllib3 2's ``PoolManager.clear()`` only forgets its pools and leaves closing them to
        garbage collection; a pool still referenced (e.g. from an exception traceback) would
        keep its idle sockets open, and the server's connection slots with them.
        """
        for manager in (self.poolmanager, *self.proxy_manager.values()):
            pools = manager.pools
            for key in list(pools.keys()):
                pool = pools.get(key)
                if pool is not None:
                    pool.close()
        super().close()


class TickerSession(requests.Session):
    """A Session whose TLS trust is decided by our settings, not by stray env variables."""

    def __init__(self) -> None:
        super().__init__()
        self.tls_warnings: list[str] = []

    def merge_environment_settings(self, url: Any, proxies: Any, stream: Any, verify: Any,
                                   cert: Any) -> dict[str, Any]:
        merged = super().merge_environment_settings(url, proxies, stream, verify, cert)
        # requests turns verify=True/None into $REQUESTS_CA_BUNDLE here; undo that. An explicit
        # per-request verify (False or a path) is still respected.
        if verify is None or verify is True:
            merged["verify"] = self.verify
        return merged

    def abort(self, owner: int | None = None) -> int:
        """Cut off in-flight requests of thread ``owner`` (all when None)."""
        hit = 0
        for adapter in self.adapters.values():
            if isinstance(adapter, TrustStoreAdapter):
                hit += adapter.abort(owner)
        return hit


def make_session(*, ca_bundle: str | os.PathLike[str] | None = None,
                 user_agent: str = USER_AGENT, trust_env: bool = True,
                 pool_maxsize: int = 10) -> TickerSession:
    """Build the one HTTP session the ticker uses.

    A ``ca_bundle`` that cannot be read is logged and recorded in ``session.tls_warnings``
    (Korean + English) and the OS trust store is used alone: the bar still starts.
    """
    session = TickerSession()
    session.trust_env = trust_env
    session.headers["User-Agent"] = user_agent
    session.verify = True
    session.max_redirects = 5  # a feed URL that bounces more than this is misconfigured
    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ca_bundle:
        path = os.fspath(ca_bundle)
        try:
            if os.path.isdir(path):
                context.load_verify_locations(capath=path)
            else:
                context.load_verify_locations(cafile=path)
        except (OSError, ssl.SSLError, ValueError) as exc:
            message = (f"CA 인증서 묶음을 읽을 수 없습니다: {path} "
                       f"(cannot read CA bundle {path}: {exc})")
            log.error("%s", message)
            session.tls_warnings.append(message)
    for name in CA_BUNDLE_ENV_VARS:
        if os.environ.get(name):
            log.info("Ignoring %s=%s: trust comes from the OS store and the ca_bundle setting",
                     name, os.environ[name])
    adapter = TrustStoreAdapter(context, pool_maxsize=pool_maxsize)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def abort_requests(session: requests.Session, owner: int | None = None) -> int:
    """Abort in-flight requests on any session (a no-op for sessions we did not build)."""
    abort = getattr(session, "abort", None)
    if callable(abort):
        return int(abort(owner))
    hit = 0
    for adapter in session.adapters.values():
        if isinstance(adapter, TrustStoreAdapter):
            hit += adapter.abort(owner)
    return hit
