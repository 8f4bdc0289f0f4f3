"""Settings files: layered loading of ``ticker.toml`` and atomic saving of the user file.

Builds on the declaration in ``ticker.settings``, which knows nothing of files. Pure apart
from reading and writing the given files: no Qt, no network.

Loading never raises. Each problem becomes one ``Message`` in ``LoadResult.errors`` (with the
file and the key; shown as one line in Korean and English by ``ticker.i18n.bilingual``), the bad
value is ignored and everything else applies. A file with a TOML syntax error is salvaged
statement by statement, so one typo costs one key only.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

import platformdirs
import tomli_w

from ticker.i18n_text import Message, mark
from ticker.settings import (
    APP_NAME,
    FILE_NAME,
    SETTINGS,
    SETTINGS_BY_NAME,
    Settings,
    check_value,
    check_value_lenient,
)

MAX_FILE_BYTES = 256 * 1024
CONTEXT = "SettingsFiles"  # translation context of the messages below
CLI_SOURCE = "명령줄 (command line)"
DEFAULT_SOURCE = "기본값 (default)"
_STATEMENT_START = re.compile(r"""\s*(\[|[A-Za-z0-9_-]+\s*=|"[^"\n]*"\s*=|'[^'\n]*'\s*=)""")
_USER_FILE_HEADER = (
    "# 시정 알림 티커 사용자 설정 — 설정 창이 저장한 파일입니다.\n"
    "# Notice Ticker user settings, written by the settings dialog.\n\n"
)


@dataclasses.dataclass(frozen=True, slots=True)
class LoadResult:
    settings: Settings
    errors: list[Message]  # one per problem; the bad values were ignored
    locked: frozenset[str]  # keys IT locked in the site file
    info: list[Message] = dataclasses.field(default_factory=list)  # e.g. a locked key was overridden
    sources: dict[str, str] = dataclasses.field(default_factory=dict)  # key -> file/CLI it came from


class ConfigPaths(NamedTuple):
    site_file: Path  # e.g. /etc/xdg/notice-ticker/ticker.toml, C:\ProgramData\notice-ticker\ticker.toml
    user_file: Path  # e.g. ~/.config/notice-ticker/ticker.toml, %LOCALAPPDATA%\notice-ticker\ticker.toml
    cache_dir: Path  # last good feeds (ticker.net.cache)


def default_paths() -> ConfigPaths:
    """The platformdirs locations: site config file, user config file, user cache dir."""
    return ConfigPaths(
        Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / FILE_NAME,
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / FILE_NAME,
        Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _k(text: str) -> str:
    return mark(CONTEXT, text)


def _error(where: str, key: str | None, problem: Message) -> Message:
    """One line: a typed value or a path may hold line breaks, the log and the tray may not."""
    place = _one_line(f"{where} [{key}]" if key else where)
    problem = dataclasses.replace(problem, args=tuple(
        arg if isinstance(arg, Message) else _one_line(arg) for arg in problem.args))
    return Message(CONTEXT, _k("설정 오류: %1: %2 — 무시합니다."), (place, problem))


def _problem(text: str, *args: object) -> Message:
    return Message(CONTEXT, text, tuple(_one_line(arg) for arg in args))


def _salvage(text: str, where: str, errors: list[str]) -> dict[str, Any]:
    """Parse a broken TOML file one top-level statement at a time, keeping the good ones."""
    chunks: list[tuple[int, list[str]]] = []
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if not chunks or _STATEMENT_START.match(line):
            chunks.append((number, []))
        chunks[-1][1].append(line)
    result: dict[str, Any] = {}
    for number, lines in chunks:
        chunk = "".join(lines)
        try:
            parsed = tomllib.loads(chunk)
        except tomllib.TOMLDecodeError as exc:
            snippet = _one_line(chunk)[:60]
            errors.append(_error(f"{where}:{number}", None,
                                 _problem(_k("TOML 문법 오류 (%1): %2"), exc, snippet)))
            continue
        for key, value in parsed.items():
            if key in result:
                errors.append(_error(f"{where}:{number}", key, _problem(_k("같은 키가 두 번 있습니다"))))
            result[key] = value
    return result


def read_toml(path: str | os.PathLike[str], errors: list[str], *, required: bool = False) -> dict[str, Any]:
    """Read one settings file. Problems go to errors; returns whatever could be read."""
    where = str(path)
    file = Path(path)
    try:
        if not file.exists():
            if required:
                errors.append(_error(where, None, _problem(_k("파일이 없습니다"))))
            return {}
        if file.stat().st_size > MAX_FILE_BYTES:
            errors.append(_error(where, None, _problem(_k("파일이 너무 큽니다 (최대 %1 바이트)"),
                                                       f"{MAX_FILE_BYTES:,}")))
            return {}
        raw = file.read_bytes()
    except OSError as exc:
        errors.append(_error(where, None, _problem(_k("파일을 읽을 수 없습니다: %1"), exc.strerror or exc)))
        return {}
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        errors.append(_error(where, None, _problem(_k("UTF-8 텍스트가 아닙니다"))))
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return _salvage(text, where, errors)


class _Layers:
    """Applies the layers in order, remembering values, sources, locks and messages."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.sources: dict[str, str] = {s.name: DEFAULT_SOURCE for s in SETTINGS}
        self.errors: list[Message] = []
        self.info: list[Message] = []
        self.locked: frozenset[str] = frozenset()

    def apply(self, raw: Mapping[str, Any], where: str, *, site: bool) -> None:
        for key, value in raw.items():
            setting = SETTINGS_BY_NAME.get(key)
            if setting is None:
                self.errors.append(_error(where, key, _problem(_k("알 수 없는 설정 이름입니다"))))
                continue
            if key == "locked" and not site:
                self.info.append(_problem(
                    _k("알림: %1 [locked]: 잠금 목록은 사이트 설정 파일에서만 쓸 수 있어 무시합니다."), where))
                continue
            if key in self.locked:
                self.info.append(_problem(
                    _k("알림: %1 [%2]: 관리자가 잠근 설정이라 바꿀 수 없습니다."), where, key))
                continue
            checked, problems = check_value_lenient(setting, value)
            self.errors.extend(_error(where, key, exc.message) for exc in problems)
            if checked is not None:
                self.values[key] = checked
                self.sources[key] = where
        if site:
            self.locked = frozenset(self.values.get("locked", ()))


def load_settings(
    site_file: str | os.PathLike[str] | None,
    user_file: str | os.PathLike[str] | None,
    config_file: str | os.PathLike[str] | None,
    cli_values: Mapping[str, Any] | None,
) -> LoadResult:
    """Merge defaults, site file, user file, --config file and CLI values. Never raises.

    Missing site/user files are normal and silent; a missing --config file is an error.
    """
    layers = _Layers()
    for path, site, required in ((site_file, True, False), (user_file, False, False), (config_file, False, True)):
        if path is not None:
            layers.apply(read_toml(path, layers.errors, required=required), str(path), site=site)
    layers.apply(dict(cli_values or {}), CLI_SOURCE, site=False)
    return LoadResult(
        settings=Settings(layers.values),
        errors=layers.errors,
        locked=layers.locked,
        info=layers.info,
        sources=layers.sources,
    )


def user_file_text(
    values: Mapping[str, Any],
    locked: frozenset[str] = frozenset(),
    base: Mapping[str, Any] | None = None,
    existing: Mapping[str, Any] | None = None,
) -> str:
    """The TOML text save_user_settings writes.

    ``existing`` (the current user file) is updated with ``values``; a key is written only if
    it is not locked and differs from ``base`` (the layers below the user file; by default the
    declared defaults). Unknown keys already in the file are kept for newer versions; invalid
    known ones are dropped (they were reported at load).
    """
    unknown = [name for name in values if name not in SETTINGS_BY_NAME]
    if unknown:
        raise KeyError(f"unknown settings: {', '.join(unknown)}")
    data: dict[str, Any] = {}
    for setting in SETTINGS:
        name = setting.name
        if name == "locked" or name in locked:
            continue
        if name in values:
            value = check_value(setting, values[name])  # raises SettingValueError
        elif existing is not None and name in existing:
            value, problems = check_value_lenient(setting, existing[name])
            if value is None:
                continue
        else:
            continue
        below = base[name] if base is not None and name in base else setting.default
        if value != below:
            data[name] = list(value) if isinstance(value, tuple) else value
    for name, value in (existing or {}).items():
        if name not in SETTINGS_BY_NAME:
            data[name] = value
    return _USER_FILE_HEADER + tomli_w.dumps(data)


def save_user_settings(
    path: str | os.PathLike[str],
    values: Mapping[str, Any],
    locked: frozenset[str] = frozenset(),
    *,
    base: Mapping[str, Any] | None = None,
) -> None:
    """Write values into the user file atomically (temp file + fsync + rename).

    ``values`` may hold every setting or only the changed ones: other keys already in the file
    are kept. Values equal to ``base`` (default: the declared defaults; pass the site layer's
    settings to compare against IT's values instead) and locked keys are left out.
    Raises SettingValueError for an invalid value and KeyError for an unknown key (nothing is
    written), OSError if the file cannot be written (the old file stays intact).
    """
    target = Path(path)
    existing = read_toml(target, []) if target.is_file() else {}
    text = user_file_text(values, locked, base, existing)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


__all__ = [
    "CLI_SOURCE", "ConfigPaths", "LoadResult", "default_paths", "load_settings", "read_toml",
    "save_user_settings", "user_file_text",
]
