"""Command line: ``notice-ticker`` / ``python -m ticker``.

Parses the flags (the setting flags are generated from ticker.settings.SETTINGS), sets up
logging, creates the QApplication and hands over to ticker.app.TickerApp. --version is
answered before anything Qt is imported.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import socket
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

from ticker import __version__

log = logging.getLogger("ticker")

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_DEMO_UNAVAILABLE = 3


def _say(text: str, error: bool = False) -> None:
    """Print if there is a console (a Windows GUI script has no stdout/stderr)."""
    stream = sys.stderr if error else sys.stdout
    if stream is not None:
        print(text, file=stream, flush=True)
    log.info("%s", text)


def build_parser() -> argparse.ArgumentParser:
    from ticker import settings_cli

    parser = argparse.ArgumentParser(
        prog="notice-ticker",
        description="시정 알림 티커 — 화면 아래 공지 띠 / Notice Ticker — a desktop notice bar",
    )
    parser.add_argument("--version", action="store_true",
                        help="버전을 출력하고 끝냅니다 / print the version and exit")
    parser.add_argument("--demo", action="store_true",
                        help="데모 알림 서버를 함께 실행합니다 / run with an embedded demo notice "
                             "server (needs the [server] extra)")
    parser.add_argument("--reset", action="store_true",
                        help="--demo와 함께: 데모 데이터를 지우고 새 예시 공지로 시작합니다 / "
                             "with --demo: start from fresh sample notices")
    parser.add_argument("--from-autostart", action="store_true",
                        help="로그인 자동 시작 항목이 씁니다: 이 사용자가 자동 시작을 껐으면 바로 "
                             "끝냅니다 / used by the log-in autostart entries: exit at once when "
                             "this user turned autostart off")
    parser.add_argument("--config", metavar="FILE", type=Path,
                        help="추가 설정 파일 (ticker.toml 형식) / extra settings file")
    parser.add_argument("--log-level", default=os.environ.get("NOTICE_TICKER_LOG_LEVEL", "INFO"),
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"], type=str.upper,
                        help=argparse.SUPPRESS)
    settings_cli.add_cli_arguments(parser)
    if "--feed" not in parser._option_string_actions:
        parser.add_argument("--feed", dest="feed", action="append", metavar="URL",
                            help="공지 피드 주소, 여러 번 지정 가능 / feed URL, repeatable")
    return parser


def cli_values(ns: argparse.Namespace) -> dict:
    from ticker import settings_cli

    values = dict(settings_cli.cli_values_from_args(ns))
    feeds = getattr(ns, "feed", None)
    if feeds and "feeds" not in values:
        values["feeds"] = list(feeds)
    return values


def _install_sigint(app) -> None:
    """Ctrl+C in a terminal quits cleanly, without a polling timer (which would cost CPU)."""
    from PySide6.QtCore import QSocketNotifier, QTimer

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        try:
            reader.recv(64)
        except OSError:
            pass

    notifier.activated.connect(drain)
    # Queued, not direct: a signal that arrives before app.exec() starts would be lost by quit().
    signal.signal(signal.SIGINT, lambda *_: QTimer.singleShot(0, app.quit))
    signal.signal(signal.SIGTERM, lambda *_: QTimer.singleShot(0, app.quit))
    app._sigint_keepalive = (reader, writer, notifier)  # type: ignore[attr-defined]


def _skip_charset_detection() -> None:
    """Keep requests from importing charset_normalizer (~3 MB resident in the ticker).

    requests uses it only for ``Response.text`` / ``apparent_encoding`` when a response
    names no charset. The ticker never does that: the fetcher reads raw bytes and the feed
    parser finds the encoding itself (JSON is UTF-8, XML declares its own). Refused, the
    import makes requests fall back to UTF-8, as it documents. Only when requests is not
    loaded yet, so an embedding process keeps what it already has.
    """
    if "requests" in sys.modules:
        return
    for name in ("charset_normalizer", "chardet"):
        sys.modules.setdefault(name, None)  # type: ignore[assignment]  # import → ImportError
    warnings.filterwarnings("ignore", message="Unable to find acceptable character detection",
                            module="requests")


@contextlib.contextmanager
def plain_x11_transfers(environ: dict | None = None) -> Iterator[None]:
    """Turn off Qt's MIT-SHM image transfers on X11 while the QApplication is created
    (Qt reads QT_XCB_NO_MITSHM once, then), unless IT set the variable themselves.

    The glide strip scrolls with server-side copies and sends only the new sliver of
    pixels. With MIT-SHM, Qt waits for a round trip to the X server before it paints into
    a region it sent on the previous frame, which is every frame here; plain PutImage
    requests of a few kilobytes need no wait. Measured: bench/bench_ticker.py. The
    variable is removed again so a browser opened from the bar does not inherit it.
    """
    environ = os.environ if environ is None else environ
    ours = sys.platform.startswith("linux") and "QT_XCB_NO_MITSHM" not in environ
    if ours:
        environ["QT_XCB_NO_MITSHM"] = "1"
    try:
        yield
    finally:
        if ours:
            environ.pop("QT_XCB_NO_MITSHM", None)


def run(ns: argparse.Namespace, values: dict) -> int:
    _skip_charset_detection()
    from PySide6.QtWidgets import QApplication

    from ticker.app_support import stop_pyside_source_cache

    stop_pyside_source_cache()  # before the bulk of the imports: saves ~10 MB
    from ticker.app import TickerApp
    from ticker.single_instance import SingleInstance, default_server_name

    with plain_x11_transfers():
        app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("notice-ticker")
    app.setApplicationDisplayName("시정 알림 티커")
    app.setApplicationVersion(__version__)
    app.setQuitOnLastWindowClosed(False)  # closing dialogs must not end the ticker
    from PySide6.QtGui import QIcon

    from ticker.resources import resource_path
    icon_file = resource_path("icons", "notice-ticker.png")
    if icon_file.exists():
        app.setWindowIcon(QIcon(str(icon_file)))

    instance_name = os.environ.get("NOTICE_TICKER_INSTANCE") or default_server_name()
    if ns.demo:
        instance_name += "-demo"  # a demo beside a deployed ticker is fine
    guard = SingleInstance(instance_name)
    if not guard.acquire():
        _say("notice-ticker: 이미 실행 중입니다. 새로 고침을 요청했습니다. / "
             "already running; asked it to refresh.")
        return EXIT_OK

    demo = None
    if ns.demo:
        from ticker.demo import DemoUnavailable, default_demo_dir, start_demo
        _say(f"데모 데이터 폴더 / demo data dir: {default_demo_dir()}"
             + (" (새로 시작 / reset)" if ns.reset else ""))
        try:
            demo = start_demo(reset=ns.reset)
        except DemoUnavailable as exc:
            _say(f"notice-ticker: {exc}", error=True)
            guard.release()
            return EXIT_DEMO_UNAVAILABLE
        values = {**values, "feeds": [demo.feed_url]}

    ticker = TickerApp(app, config_file=ns.config, cli_values=values,
                       bench=os.environ.get("NOTICE_TICKER_BENCH") == "1",
                       demo=demo is not None)
    guard.commandReceived.connect(ticker.handle_command)
    _install_sigint(app)
    ticker.quitRequested.connect(app.quit)
    ticker.start()
    if demo is not None:
        _say(demo.banner())
    try:
        return app.exec()
    finally:
        ticker.shutdown()
        if demo is not None:
            demo.stop()
        guard.release()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    ns = parser.parse_args(argv)
    if ns.reset and not ns.demo:
        parser.error("--reset은 --demo와 함께 씁니다 / --reset goes with --demo")
    if ns.version:
        _say(f"notice-ticker {__version__}")
        return EXIT_OK
    values = cli_values(ns)
    from ticker.logs import setup_logging

    log_file = setup_logging(ns.log_level)
    if ns.from_autostart and not autostart_wanted(ns.config, values):
        log.info("autostart is off for this user; not starting")
        return EXIT_OK
    log.info("notice-ticker %s starting (log: %s)", __version__, log_file)
    return run(ns, values)


def autostart_wanted(config_file: Path | None, values: dict) -> bool:
    """The all-users autostart entries (HKLM Run, /etc/xdg/autostart) start everyone; the
    user's own ``autostart`` setting, saved by the settings dialog, decides. No Qt needed."""
    from ticker.settings_files import default_paths, load_settings

    paths = default_paths()
    return bool(load_settings(paths.site_file, paths.user_file, config_file,
                              values).settings.autostart)


if __name__ == "__main__":
    sys.exit(main())
