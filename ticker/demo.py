"""--demo: run the embedded notice server (seeded with demo notices) next to the bar.

This is the only client module that imports the server package, and only when --demo is
given, so the plain client install needs none of the [server] extra.
"""

from __future__ import annotations

import dataclasses
import logging
import shutil
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger(__name__)

MISSING_EXTRA = (
    "--demo에는 알림 서버 구성 요소가 필요합니다: pip install 'notice-ticker[server]'\n"
    "--demo needs the notice server components: pip install 'notice-ticker[server]'"
)


class DemoUnavailable(RuntimeError):
    """The [server] extra is not installed, or the server could not start."""


@dataclasses.dataclass
class DemoServer:
    feed_url: str
    admin_url: str
    credentials: Any
    data_dir: Path
    _server: Any

    def stop(self) -> None:
        self._server.stop()

    def banner(self) -> str:
        user, password = _credential_pair(self.credentials)
        return "\n".join([
            "시정 알림 티커 데모 / Notice Ticker demo",
            f"  관리 페이지 / admin page : {self.admin_url}",
            f"  데모 로그인 / demo sign-in: {user} / {password}",
            f"  공지 피드 / feed          : {self.feed_url}",
            f"  데이터 / data dir         : {self.data_dir}",
            "  끝내려면 Ctrl+C 또는 트레이 메뉴의 '끝내기' / Ctrl+C or tray menu 'Quit' to stop",
        ])


def _credential_pair(credentials: Any) -> tuple[str, str]:
    if isinstance(credentials, dict):
        return (str(credentials.get("username") or credentials.get("user") or ""),
                str(credentials.get("password") or ""))
    if isinstance(credentials, (tuple, list)) and len(credentials) >= 2:
        return str(credentials[0]), str(credentials[1])
    user = getattr(credentials, "username", None) or getattr(credentials, "user", "")
    return str(user), str(getattr(credentials, "password", ""))


def default_demo_dir() -> Path:
    """Persistent, so what an admin publishes in the demo is still there next time."""
    return Path(platformdirs.user_data_dir("notice-ticker", appauthor=False)) / "demo-server"


def reset_demo_dir(directory: Path) -> None:
    """Forget everything the demo stored (notices, users, audit), for ``--demo --reset``.

    Only the demo's own folder is removed, and only when it looks like one: a folder that
    holds something other than the server's database files is left alone.
    """
    if not directory.exists():
        return
    ours = all(entry.name.startswith("notices.db") or entry.name.startswith(".")
               for entry in directory.iterdir())
    if not ours:
        raise DemoUnavailable(
            f"데모 데이터 폴더가 아닌 것 같아 지우지 않았습니다 / not a demo data dir, "
            f"not removed: {directory}")
    shutil.rmtree(directory)
    log.info("demo data reset: %s", directory)


def start_demo(data_dir: Path | None = None, *, reset: bool = False) -> DemoServer:
    try:
        from server_stub.embedded import start_embedded
    except ImportError as exc:
        log.error("demo unavailable: %s", exc)
        raise DemoUnavailable(MISSING_EXTRA) from exc
    directory = data_dir or default_demo_dir()
    if reset:
        reset_demo_dir(directory)
    directory.mkdir(parents=True, exist_ok=True)
    try:
        server = start_embedded(directory, seed=True)
    except ImportError as exc:  # a lazily imported server dependency is missing
        raise DemoUnavailable(MISSING_EXTRA) from exc
    except Exception as exc:  # noqa: BLE001 - anything here means "no demo", said clearly
        log.exception("embedded server failed to start")
        raise DemoUnavailable(f"데모 서버를 시작하지 못했습니다 / demo server failed: {exc}") from exc
    base = server.base_url.rstrip("/")
    return DemoServer(feed_url=f"{base}/feed.json", admin_url=server.admin_url,
                      credentials=server.demo_credentials, data_dir=directory, _server=server)
