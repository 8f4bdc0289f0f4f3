"""``notice-server`` (also ``python -m server_stub``): run and manage the notice server.

Subcommands (each takes ``--data-dir DIR``, default: the platformdirs user data dir, and
``--database-url URL``, default: env ``NOTICE_DATABASE_URL``, else ``sqlite:///<data dir>/notices.db``):

- ``serve [--host 127.0.0.1] [--port 8080] [--public-url URL] [--forwarded-allow-ips IPS]
  [--timezone ZONE] [--bar-label TEXT] [--receipts identified|anonymous|off]
  [--receipt-retention-days 180]``
- ``migrate`` — bring the database schema up to date (``serve`` does it too)
- ``copy-db --to URL`` — copy everything into an empty database (e.g. SQLite -> PostgreSQL)
- ``user add NAME --role admin|publisher [--password-stdin]``
- ``token create NAME [--role publisher]`` — the token is the last line of stdout
- ``token revoke NAME|ID`` — revokes the active token(s) of that name, or the one with that id
- ``seed-demo`` — realistic Korean sample notices, dated around now
- ``backup FILE`` — consistent online copy of the database (SQLite)

Names and passwords follow the same rules as the admin page (`server_stub.account_rules`),
and every change writes its audit row (actor ``cli:<OS user>``) in the change's transaction.
Messages are Korean with an English translation. Exit status: 0 ok, 1 error, 2 usage.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import socket
import sys
from pathlib import Path

from server_stub import account_rules
from server_stub.config import DEFAULT_BAR_LABEL, ServerConfig, default_data_dir
from server_stub.zone import HOME_ZONE_NAME

DATABASE_URL_ENV = "NOTICE_DATABASE_URL"


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _actor() -> str:
    """Who the audit log names for a change made on the command line."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in the environment or passwd database
        return "cli"


def _rule_failure(subject: str, code: str) -> int:
    return _fail(f"{subject}: {account_rules.both_languages(code)}")


def _config(args, **extra) -> ServerConfig:
    return ServerConfig(data_dir=args.data_dir, database_url=args.database_url, **extra)


def _deps(args):
    from server_stub.app import build_deps

    return build_deps(_config(args))


def _zone(name: str) -> str:
    """argparse type: an IANA time zone name such as Asia/Seoul."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise argparse.ArgumentTypeError(
            f"알 수 없는 시간대입니다 / unknown time zone: {name} (예 / e.g. Asia/Seoul)") from exc
    return name


def _display_urls(host: str, port: int) -> list[str]:
    if host in ("0.0.0.0", "::", ""):
        names = [socket.gethostname(), "127.0.0.1"]
    else:
        names = [f"[{host}]" if ":" in host else host]
    return [f"http://{name}:{port}" for name in names]


def cmd_serve(args) -> int:
    import uvicorn

    from server_stub.app import create_app
    from server_stub.db import safe_url

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # we log the upgrade ourselves
    if args.receipt_retention_days < 1:
        return _fail("--receipt-retention-days 는 1 이상이어야 합니다 / "
                     "--receipt-retention-days must be at least 1")
    config = _config(args, host=args.host, port=args.port,
                     public_url=args.public_url.rstrip("/") if args.public_url else None,
                     timezone=args.timezone,
                     receipts=args.receipts,
                     receipt_retention_days=args.receipt_retention_days,
                     **({"bar_label": args.bar_label} if args.bar_label else {}))
    app = create_app(config)  # DatabaseError: a one-line message from main()
    log = logging.getLogger("server_stub")
    log.info("데이터 폴더 / data dir: %s", args.data_dir)
    log.info("데이터베이스 / database: %s", safe_url(app.state.deps.engine.url))
    for base in _display_urls(args.host, args.port):
        log.info("피드 / feed: %s/feed.json  (Atom: %s/feed.atom, 공개 / public: %s/public/feed.json)",
                 base, base, base)
        log.info("API: %s/api/v1/notices  (OpenAPI: %s/openapi.json)", base, base)
        log.info("관리 페이지 / admin page: %s/admin/", base)
    broadcaster = app.state.deps.broadcaster

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:
            broadcaster.close()  # held long-polls answer 304 now instead of delaying exit
            super().handle_exit(sig, frame)

    server = Server(uvicorn.Config(
        app, host=args.host, port=args.port, log_level=args.log_level, access_log=False,
        timeout_graceful_shutdown=3, server_header=False,
        # Only a named reverse proxy may set the client address (sign-in throttling uses it).
        proxy_headers=bool(args.forwarded_allow_ips),
        forwarded_allow_ips=args.forwarded_allow_ips or None,
    ))
    server.run()
    return 0 if server.started else 1


def _read_password(args) -> str | None:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if sys.stdin.isatty():
        first = getpass.getpass("비밀번호 / password: ")
        second = getpass.getpass("비밀번호 확인 / repeat password: ")
        if first != second:
            raise ValueError("비밀번호가 서로 다릅니다 / passwords do not match")
        return first
    raise ValueError("비밀번호를 --password-stdin 으로 넘겨 주세요 / "
                     "pass the password with --password-stdin")


def cmd_user_add(args) -> int:
    from server_stub.accounts import DuplicateUserError

    name = account_rules.normalise_name(args.name)
    if code := account_rules.user_name_problem(name):
        return _rule_failure("사용자 이름 / user name", code)
    try:
        password = _read_password(args)
    except ValueError as exc:
        return _fail(str(exc))
    if password is not None and (code := account_rules.password_problem(password)):
        return _rule_failure("비밀번호 / password", code)
    deps = _deps(args)
    try:
        user = deps.accounts.add_user(_actor(), name, args.role, password)
    except DuplicateUserError:
        return _fail(f"이미 있는 사용자입니다 / user already exists: {name}")
    print(f"사용자를 만들었습니다 / user created: {user.name} ({user.role})")
    return 0


def cmd_token_create(args) -> int:
    if code := account_rules.token_name_problem(args.name):
        return _rule_failure("토큰 이름 / token name", code)
    deps = _deps(args)
    token, record = deps.accounts.create_token(_actor(), args.name, args.role)
    print(f"API 토큰을 만들었습니다 / API token created: {record.name} ({record.role}, "
          f"id {record.id})")
    print("이 토큰은 다시 표시되지 않습니다 / this token is shown only once:")
    print(token)
    return 0


def cmd_token_revoke(args) -> int:
    """Revoke by name (every active token with that name) or by id (``12`` or ``#12``)."""
    if not args.token.strip() or account_rules.has_control_chars(args.token):
        return _fail("토큰 이름이나 번호를 주세요 / give a token name or id")
    from server_stub.db.engine import resolve_url

    config = _config(args)
    url = resolve_url(config.db_path, config.database_url)
    # Revoking in a database that does not exist yet would create an empty one.
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").exists():
        return _fail(f"데이터베이스가 없습니다 / no database in {args.data_dir}")
    deps = _deps(args)
    active = deps.accounts.active_tokens(args.token)
    if not active:
        return _fail(f"폐기할 토큰이 없습니다 / no active token named or numbered: {args.token}")
    for record in active:
        if deps.accounts.revoke_token(_actor(), record.id):
            print(f"API 토큰을 폐기했습니다 / API token revoked: {record.name} (id {record.id})")
    return 0


def cmd_seed_demo(args) -> int:
    from server_stub.seed import seed_demo

    deps = _deps(args)
    count = seed_demo(deps.service, deps.clock(), deps.departments)
    print(f"예시 공지 {count}건을 넣었습니다 / seeded {count} demo notices")
    return 0


def cmd_migrate(args) -> int:
    from server_stub.db import current_revision, head_revision, open_database, safe_url

    config = _config(args)
    engine = open_database(config.db_path, config.database_url)
    try:
        revision = current_revision(engine)
        print(f"데이터베이스 스키마가 최신입니다 / database schema is up to date: "
              f"{revision} (head {head_revision()}) — {safe_url(engine.url)}")
    finally:
        engine.dispose()
    return 0


def cmd_copy_db(args) -> int:
    from server_stub.db import check_connection, create_db_engine, open_database, safe_url
    from server_stub.db.copy import copy_database

    config = _config(args)
    source = open_database(config.db_path, config.database_url)
    target = create_db_engine(None, args.to)
    try:
        check_connection(target)
        print(f"복사합니다 / copying {safe_url(source.url)} -> {safe_url(target.url)}")
        copied = copy_database(source, target, progress=lambda name, n: print(f"  {name}: {n}"))
    finally:
        source.dispose()
        target.dispose()
    total = sum(copied.values())
    print(f"복사했습니다. 표 {len(copied)}개, 행 {total}개, 행 수 확인 완료 / copied {total} rows "
          f"in {len(copied)} tables, row counts match")
    return 0


def cmd_backup(args) -> int:
    from server_stub.db import backup_sqlite, parse_database_url

    config = _config(args)
    db_path = config.db_path
    if config.database_url is not None:
        url = parse_database_url(config.database_url)
        if url.get_backend_name() != "sqlite":
            return _fail("backup 은 SQLite 전용입니다. PostgreSQL 은 pg_dump 를 쓰세요 / "
                         "backup is for SQLite; use pg_dump for PostgreSQL")
        db_path = Path(url.database)
    try:
        out = backup_sqlite(db_path, args.file)
    except FileNotFoundError as exc:
        return _fail(str(exc))
    print(f"백업했습니다 / backup written: {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    data_dir_help = f"데이터 폴더 / data directory (default: {default_data_dir()})"
    database_url_help = (f"데이터베이스 / database: sqlite:///PATH 또는 / or "
                         f"postgresql+psycopg://user:pass@host/db (default: ${DATABASE_URL_ENV}, "
                         f"else sqlite:///<data dir>/notices.db)")
    data_dir = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand without --data-dir keeps one given before the subcommand.
    data_dir.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, metavar="DIR",
                          help=data_dir_help)
    data_dir.add_argument("--database-url", default=argparse.SUPPRESS, metavar="URL",
                          help=database_url_help)
    parser = argparse.ArgumentParser(prog="notice-server",
                                     description="시정 알림 서버 / Notice Ticker server")
    parser.add_argument("--data-dir", type=Path, default=None, metavar="DIR", help=data_dir_help)
    parser.add_argument("--database-url", default=None, metavar="URL", help=database_url_help)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", parents=[data_dir], help="서버 실행 / run the server")
    serve.add_argument("--host", default="127.0.0.1",
                       help="바인드할 주소 / address to bind (default: 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=int, default=8080, help="포트 / port (default: 8080)")
    serve.add_argument("--public-url", default=None,
                       help="피드에 쓸 외부 주소 / base URL written into feeds")
    serve.add_argument("--forwarded-allow-ips", default="", metavar="IPS",
                       help="X-Forwarded-For/-Proto 를 믿을 프록시 주소(쉼표 구분) / reverse proxy "
                            "addresses whose forwarded headers are trusted, e.g. 127.0.0.1 "
                            "(default: none)")
    serve.add_argument("--receipts", default="identified",
                       choices=["identified", "anonymous", "off"],
                       help="PC 수신 확인 / read receipts from the bars: identified (user and "
                            "host names), anonymous (no names) or off (default: identified)")
    serve.add_argument("--receipt-retention-days", type=int, default=180, metavar="DAYS",
                       help="수신 확인 보관 일수 / delete receipts older than DAYS, once a day "
                            "(default: 180)")
    serve.add_argument("--timezone", default=HOME_ZONE_NAME, type=_zone, metavar="ZONE",
                       help="서버 시간대(IANA 이름): 관리 페이지의 날짜 입력과 피드의 시각 / the "
                            f"server's time zone for the admin forms and feeds (default: "
                            f"{HOME_ZONE_NAME})")
    serve.add_argument("--bar-label", default=None, metavar="TEXT",
                       help="관리 페이지 미리보기에 보일 띠 이름 (티커의 label 설정과 같게) / the "
                            "bar label shown in the admin preview (as the bars' label setting; "
                            f"default: {DEFAULT_BAR_LABEL})")
    serve.add_argument("--log-level", default="info",
                       choices=["critical", "error", "warning", "info", "debug"])
    serve.set_defaults(func=cmd_serve)

    migrate = sub.add_parser("migrate", parents=[data_dir],
                             help="스키마를 최신으로 / apply database migrations")
    migrate.set_defaults(func=cmd_migrate)

    copy_db = sub.add_parser("copy-db", parents=[data_dir],
                             help="빈 데이터베이스로 전부 복사 / copy everything into an empty "
                                  "database")
    copy_db.add_argument("--to", required=True, metavar="URL",
                         help="대상 데이터베이스 / target database URL (must be empty)")
    copy_db.set_defaults(func=cmd_copy_db)

    user = sub.add_parser("user", parents=[data_dir], help="사용자 관리 / manage users")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", parents=[data_dir], help="사용자 추가 / add a user")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["admin", "publisher"])
    add.add_argument("--password-stdin", action="store_true",
                     help="표준 입력 첫 줄을 비밀번호로 / read the password from stdin")
    add.set_defaults(func=cmd_user_add)

    token = sub.add_parser("token", parents=[data_dir], help="API 토큰 / API tokens")
    token_sub = token.add_subparsers(dest="token_command", required=True)
    create = token_sub.add_parser("create", parents=[data_dir], help="토큰 발급 / new token")
    create.add_argument("name")
    create.add_argument("--role", default="publisher", choices=["publisher", "admin"])
    create.set_defaults(func=cmd_token_create)
    revoke = token_sub.add_parser("revoke", parents=[data_dir],
                                  help="토큰 폐기 / revoke a token (NAME or ID)")
    revoke.add_argument("token", metavar="NAME|ID",
                        help="토큰 이름(같은 이름의 사용 중인 토큰 모두) 또는 번호 / token name "
                             "(every active token of that name) or id")
    revoke.set_defaults(func=cmd_token_revoke)

    seed = sub.add_parser("seed-demo", parents=[data_dir],
                          help="예시 공지 넣기 / load demo notices")
    seed.set_defaults(func=cmd_seed_demo)

    backup = sub.add_parser("backup", parents=[data_dir], help="온라인 백업 / online backup")
    backup.add_argument("file", type=Path, metavar="FILE",
                        help="백업 파일 경로 / where to write the copy")
    backup.set_defaults(func=cmd_backup)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "data_dir", None) is None:
        args.data_dir = default_data_dir()
    args.data_dir = Path(args.data_dir).expanduser().resolve()
    if getattr(args, "database_url", None) is None:  # the flag wins over the environment
        args.database_url = os.environ.get(DATABASE_URL_ENV) or None
    return _run(args)


def _run(args) -> int:
    """Database trouble is one line on stderr and exit status 1, never a traceback."""
    from sqlalchemy.exc import DBAPIError

    from server_stub.db import DatabaseError, is_connection_error, parse_database_url, safe_url

    try:
        if args.database_url is not None:
            parse_database_url(args.database_url)  # a malformed URL fails before anything
        return args.func(args)
    except DatabaseError as exc:
        return _fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    except DBAPIError as exc:
        where = safe_url(args.database_url) if args.database_url else "sqlite"
        reason = (str(exc.orig or exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        if is_connection_error(exc):
            return _fail(f"데이터베이스에 연결할 수 없습니다 / cannot reach the database {where}: "
                         f"{reason}")
        return _fail(f"데이터베이스 오류 / database error ({where}): {reason}")


if __name__ == "__main__":
    sys.exit(main())
