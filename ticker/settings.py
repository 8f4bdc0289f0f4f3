"""Every client setting, declared once as data. Pure: no Qt, no network.

The TOML file loader (``ticker.settings_files``), the command line (``ticker.settings_cli``),
the settings dialog and ``scripts/gen_config_table.py`` all read ``SETTINGS``; this module imports
none of them. Layers, lowest first: defaults → site ``ticker.toml`` (written by IT) → user
``ticker.toml`` → ``--config FILE`` → CLI flags; keys in the site file's ``locked`` list cannot be
overridden by later layers.

Types: ``bool``, ``int``, ``float``, ``str`` and ``list`` (a list of strings, held as a tuple).
``minimum``/``maximum`` bound numbers; for ``str`` ``maximum`` is the longest text, for
``list`` they bound the number of entries. ``choices`` restricts a ``str`` value or every entry of a ``list``.
``kind`` refines checks: ``"url"`` (http/https URLs), ``"screen"``, ``"path"`` (an existing file
or empty), ``"keys"`` (names of lockable settings).
"""

from __future__ import annotations

import dataclasses
import math
import os
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ticker.feed.notice import CATEGORIES

APP_NAME = "notice-ticker"
FILE_NAME = "ticker.toml"
MAX_TEXT = 500
MAX_SCREEN_INDEX = 15


@dataclasses.dataclass(frozen=True, slots=True)
class Setting:
    name: str
    type: type
    default: Any
    help_ko: str
    help_en: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    lockable: bool = True
    kind: str | None = None
    cli: bool = True  # False: no command-line flag (e.g. "locked", site file only)
    group: str = "advanced"  # a SettingGroup key: where the settings dialog shows it
    label_ko: str = ""  # a short, plain name for staff (help_ko explains it below)
    label_en: str = ""

    @property
    def flag(self) -> str:
        return "--feed" if self.name == "feeds" else "--" + self.name.replace("_", "-")


@dataclasses.dataclass(frozen=True, slots=True)
class SettingGroup:
    """A section of the settings dialog, in the order of GROUPS."""

    key: str
    title_ko: str
    title_en: str
    note_ko: str = ""  # said at the top of the section
    note_en: str = ""


GROUPS: tuple[SettingGroup, ...] = (
    SettingGroup("display", "표시", "Display"),
    SettingGroup("alerts", "알림", "Notices"),
    SettingGroup("network", "네트워크", "Network"),
    SettingGroup("advanced", "고급", "Advanced",
                 "보통은 바꿀 필요가 없습니다. 서버와 네트워크 사정에 맞춰 전산 담당자가 조정하는 "
                 "값입니다. 예를 들어 '새 공지를 기다렸다가 곧바로 받기'는 HTTP 롱 폴링"
                 "(Prefer: wait=)을 쓰며, 서버가 지원할 때만 동작합니다.",
                 "Usually left alone: IT adjusts these to the server and the network. For "
                 "example, receiving new notices the moment they are posted uses HTTP long "
                 "polling (Prefer: wait=) and works only where the server supports it."),
)


def _s(*args: Any, **kwargs: Any) -> Setting:
    return Setting(*args, **kwargs)


SETTINGS: tuple[Setting, ...] = (
    _s("feeds", list, (), "공지 피드 주소 목록 (http/https). 여러 개를 쓸 수 있습니다.",
       "Notice feed URLs (http/https); several are allowed.", maximum=20, kind="url",
       group="network", label_ko="공지 피드 주소", label_en="Notice feed addresses"),
    _s("poll_interval", int, 60, "피드를 확인하는 간격(초).",
       "Seconds between feed checks.", minimum=10, maximum=86_400,
       group="network", label_ko="새 공지 확인 간격(초)", label_en="Check for new notices every (seconds)"),
    _s("long_poll", bool, True, "서버가 지원하면 롱 폴링(Prefer: wait=)으로 새 공지를 즉시 받습니다.",
       "Use long polling (Prefer: wait=) where the server supports it.",
       group="advanced", label_ko="새 공지를 기다렸다가 곧바로 받기", label_en="Receive new notices the moment they are posted"),
    _s("long_poll_wait", int, 50, "롱 폴링 한 번에 서버가 기다리는 최대 시간(초).",
       "Longest time the server may hold one long-poll request (seconds).", minimum=5, maximum=300,
       group="advanced", label_ko="한 번에 기다리는 최대 시간(초)", label_en="Longest single wait (seconds)"),
    _s("startup_jitter", int, 30, "시작 후 첫 요청 전 임의 지연의 최댓값(초). 동시 접속을 분산합니다.",
       "Maximum random delay before the first request, to spread PCs booting together (seconds).",
       minimum=0, maximum=3_600,
       group="advanced", label_ko="켠 뒤 첫 확인까지 최대 지연(초)", label_en="Longest delay before the first check (seconds)"),
    _s("timeout", int, 15, "요청 하나의 최대 시간(초).",
       "Total deadline for one request (seconds).", minimum=2, maximum=120,
       group="network", label_ko="서버 응답을 기다리는 최대 시간(초)", label_en="Longest wait for the server (seconds)"),
    _s("speed", int, 80, "글자가 흐르는 속도(픽셀/초).",
       "Scrolling speed (pixels per second).", minimum=10, maximum=600,
       group="display", label_ko="흐르는 속도", label_en="Scrolling speed"),
    _s("font_size", int, 12, "글자 크기(포인트). 띠의 높이가 이에 맞춰집니다.",
       "Font size in points; the bar's height follows it.", minimum=8, maximum=48,
       group="display", label_ko="글자 크기", label_en="Text size"),
    _s("screen", str, "primary", "표시할 화면: primary(주 화면), all(모든 화면) 또는 화면 번호(0부터).",
       "Screen to use: primary, all, or a screen index (from 0).", kind="screen",
       group="display", label_ko="표시할 화면", label_en="Screen"),
    _s("position", str, "bottom", "띠의 위치: bottom(아래) 또는 top(위).",
       "Where the bar docks: bottom or top.", choices=("bottom", "top"),
       group="display", label_ko="띠 위치", label_en="Bar position"),
    _s("label", str, "전주시 덕진구", "띠 왼쪽에 보이는 짧은 이름.",
       "The short label at the left of the bar.", maximum=40,
       group="display", label_ko="띠 왼쪽에 보이는 이름", label_en="Name at the left of the bar"),
    _s("audience", list, (), "내 부서 이름 목록. 대상이 지정된 공지는 이 부서에만 보입니다.",
       "Your department names; targeted notices show only to these.", maximum=50,
       group="alerts", label_ko="내 부서", label_en="My departments"),
    _s("categories", list, CATEGORIES, "표시할 분류: event(행사), project(신규사업), issue(주요현안), notice(일반).",
       "Categories shown: event, project, issue, notice.", minimum=1, choices=CATEGORIES,
       group="alerts", label_ko="받을 공지 종류", label_en="Kinds of notices to show"),
    _s("language", str, "ko", "화면 언어: ko(한국어) 또는 en(영어).",
       "User interface language: ko (Korean) or en (English).", choices=("ko", "en"),
       group="display", label_ko="화면 언어", label_en="Language"),
    _s("reduced_motion", bool, False, "움직임 줄이기: 흐르지 않고 항목을 하나씩 넘깁니다.",
       "Reduced motion: step through items instead of scrolling.",
       group="display", label_ko="움직임 줄이기", label_en="Reduce motion"),
    _s("ca_bundle", str, "", "추가로 신뢰할 CA 인증서 묶음(PEM) 파일 경로. 비우면 OS 인증서 저장소만 씁니다.",
       "Extra CA bundle (PEM) to trust; empty uses the OS trust store only.", kind="path",
       group="advanced", label_ko="추가로 신뢰할 인증서 파일", label_en="Extra certificate file to trust"),
    _s("allow_quit", bool, True, "트레이 메뉴에서 끝내기를 허용합니다.",
       "Allow quitting from the tray menu.",
       group="advanced", label_ko="트레이 메뉴에서 끝내기 허용", label_en="Allow quitting from the tray menu"),
    _s("autostart", bool, False, "로그인할 때 자동으로 시작합니다.",
       "Start automatically at log-in.",
       group="alerts", label_ko="로그인하면 자동으로 시작", label_en="Start when I log in"),
    _s("report", bool, True, "공지를 받고 열고 확인했는지 공지 서버에 알립니다(서버가 요청할 때만).",
       "Tell the notice server that notices were shown, opened and acknowledged (only when it asks).",
       group="alerts", label_ko="공지를 봤는지 서버에 알리기",
       label_en="Let the notice server know I saw a notice"),
    _s("locked", list, (), "잠글 설정 이름 목록. 사이트 설정 파일에서만 의미가 있습니다.",
       "Names of settings users cannot change; meaningful only in the site file.",
       lockable=False, kind="keys", cli=False,
       group="advanced", label_ko="잠글 설정", label_en="Locked settings"),
)

SETTINGS_BY_NAME: Mapping[str, Setting] = {s.name: s for s in SETTINGS}
GROUPS_BY_KEY: Mapping[str, SettingGroup] = {g.key: g for g in GROUPS}


def settings_in_group(key: str) -> tuple[Setting, ...]:
    """The settings of one dialog section, in declaration order."""
    return tuple(s for s in SETTINGS if s.group == key)
LOCKABLE: frozenset[str] = frozenset(s.name for s in SETTINGS if s.lockable)


class SettingValueError(ValueError):
    """A value that does not fit its declaration. ``ko`` and ``en`` describe the problem."""

    def __init__(self, ko: str, en: str) -> None:
        super().__init__(f"{ko} ({en})")
        self.ko = ko
        self.en = en


def _fmt(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_name(setting: Setting) -> tuple[str, str]:
    return {
        bool: ("참/거짓(true/false)", "a boolean"),
        int: ("정수", "an integer"),
        float: ("숫자", "a number"),
        str: ("문자열", "a string"),
        list: ("문자열 목록", "a list of strings"),
    }[setting.type]


def _check_number(setting: Setting, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float) if setting.type is float else int):
        ko, en = _type_name(setting)
        raise SettingValueError(f"{ko}이어야 합니다: {_fmt(value)}", f"must be {en}: {_fmt(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise SettingValueError(f"유한한 숫자여야 합니다: {value}", f"must be finite: {value}")
    if setting.minimum is not None and value < setting.minimum:
        raise SettingValueError(f"너무 작습니다: {value} (최소 {setting.minimum})",
                                f"too small: {value} (minimum {setting.minimum})")
    if setting.maximum is not None and value > setting.maximum:
        raise SettingValueError(f"너무 큽니다: {value} (최대 {setting.maximum})",
                                f"too large: {value} (maximum {setting.maximum})")
    return setting.type(value)


def _check_text(setting: Setting, value: str) -> str:
    value = value.strip()
    limit = int(setting.maximum) if setting.maximum is not None else MAX_TEXT
    if len(value) > limit:
        raise SettingValueError(f"너무 깁니다: {len(value)}자 (최대 {limit}자)",
                                f"too long: {len(value)} characters (maximum {limit})")
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in value):
        raise SettingValueError("제어 문자가 들어 있습니다", "contains control characters")
    if setting.choices is not None and value not in setting.choices:
        allowed = ", ".join(setting.choices)
        raise SettingValueError(f"허용되지 않는 값입니다: {_fmt(value)} (가능: {allowed})",
                                f"not one of {allowed}: {_fmt(value)}")
    if setting.kind == "screen" and value not in ("primary", "all"):
        if not (value.isascii() and value.isdigit() and int(value) <= MAX_SCREEN_INDEX):
            raise SettingValueError(f"primary, all 또는 0~{MAX_SCREEN_INDEX} 화면 번호여야 합니다: {_fmt(value)}",
                                    f"must be primary, all or a screen index 0-{MAX_SCREEN_INDEX}: {_fmt(value)}")
        value = str(int(value))
    if setting.kind == "url" and not is_feed_url(value):
        raise SettingValueError(f"http/https 주소가 아닙니다: {_fmt(value)}",
                                f"not an http/https URL: {_fmt(value)}")
    if setting.kind == "keys" and value not in LOCKABLE:
        raise SettingValueError(f"잠글 수 있는 설정 이름이 아닙니다: {_fmt(value)}",
                                f"not a lockable setting name: {_fmt(value)}")
    if setting.kind == "path" and value and not os.path.isfile(os.path.expanduser(value)):
        raise SettingValueError(f"파일이 없습니다: {_fmt(value)}", f"no such file: {_fmt(value)}")
    return value


def is_feed_url(value: str) -> bool:
    try:
        parts = urllib.parse.urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in value)


def check_value(setting: Setting, value: Any) -> Any:
    """Return value normalised for setting (lists become tuples), or raise SettingValueError."""
    if setting.type is bool:
        if not isinstance(value, bool):
            raise SettingValueError(f"참/거짓(true/false)이어야 합니다: {_fmt(value)}",
                                    f"must be true or false: {_fmt(value)}")
        return value
    if setting.type in (int, float):
        return _check_number(setting, value)
    if setting.type is str:
        if not isinstance(value, str):
            raise SettingValueError(f"문자열이어야 합니다: {_fmt(value)}", f"must be a string: {_fmt(value)}")
        return _check_text(setting, value)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise SettingValueError(f"문자열 목록이어야 합니다: {_fmt(value)}",
                                f"must be a list of strings: {_fmt(value)}")
    entry = dataclasses.replace(setting, type=str, maximum=None)
    items = tuple(dict.fromkeys(_check_text(entry, v) for v in value if v.strip()))
    if setting.minimum is not None and len(items) < setting.minimum:
        raise SettingValueError(f"항목이 적어도 {int(setting.minimum)}개 있어야 합니다",
                                f"needs at least {int(setting.minimum)} entries")
    if setting.maximum is not None and len(items) > setting.maximum:
        raise SettingValueError(f"항목이 너무 많습니다: {len(items)}개 (최대 {int(setting.maximum)}개)",
                                f"too many entries: {len(items)} (maximum {int(setting.maximum)})")
    return items


def check_value_lenient(setting: Setting, value: Any) -> tuple[Any, list[SettingValueError]]:
    """Like check_value, but a list keeps its good entries: one bad feed URL or lock name
    must not throw away the rest. Returns (value or None, problems)."""
    if setting.type is not list or not isinstance(value, (list, tuple)):
        try:
            return check_value(setting, value), []
        except SettingValueError as exc:
            return None, [exc]
    good, problems = [], []
    entry = dataclasses.replace(setting, type=str, maximum=None, minimum=None)
    for item in value:
        try:
            good.append(check_value(entry, item) if isinstance(item, str) else check_value(setting, [item]))
        except SettingValueError as exc:
            problems.append(exc)
    try:
        return check_value(setting, good), problems
    except SettingValueError as exc:
        return None, [*problems, exc]


def parse_text(setting: Setting, text: str) -> Any:
    """Convert user-typed text (dialog, CLI) to a checked value; lists are comma/line separated."""
    text = text.strip()
    if setting.type is bool:
        lowered = text.lower()
        if lowered in ("true", "yes", "on", "1", "예", "켜기"):
            return True
        if lowered in ("false", "no", "off", "0", "아니오", "끄기"):
            return False
        return check_value(setting, text)  # raises the usual message
    if setting.type in (int, float):
        try:
            number: Any = setting.type(text)
        except ValueError:
            number = text
        return check_value(setting, number)
    if setting.type is list:
        parts = [p.strip() for chunk in text.splitlines() for p in chunk.split(",")]
        return check_value(setting, [p for p in parts if p])
    return check_value(setting, text)


class Settings(Mapping[str, Any]):
    """Read-only mapping of every setting, with attribute access (``settings.poll_interval``)."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any] | None = None) -> None:
        merged = {s.name: s.default for s in SETTINGS}
        for name, value in (values or {}).items():
            if name not in SETTINGS_BY_NAME:
                raise KeyError(f"unknown setting: {name}")
            merged[name] = check_value(SETTINGS_BY_NAME[name], value)
        object.__setattr__(self, "_values", merged)

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # e.g. copy/pickle probing before _values exists
            raise AttributeError(name)
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Settings is read-only; use replace()")

    def __repr__(self) -> str:
        return f"Settings({self._values!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Settings, (dict(self._values),))

    def replace(self, **changes: Any) -> Settings:
        """A copy with some values changed (each is checked; raises SettingValueError)."""
        return Settings({**self._values, **changes})

    def non_default(self) -> dict[str, Any]:
        return {s.name: self[s.name] for s in SETTINGS if self[s.name] != s.default}


def defaults() -> Settings:
    return Settings()


def describe(settings: Iterable[Setting] = SETTINGS) -> list[dict[str, Any]]:
    """Plain rows for docs and dialogs: name, type, default, range/choices, help."""
    return [dataclasses.asdict(s) | {"type": s.type.__name__, "flag": s.flag if s.cli else ""} for s in settings]


__all__ = [
    "GROUPS", "GROUPS_BY_KEY", "LOCKABLE", "SETTINGS", "SETTINGS_BY_NAME", "Setting", "SettingGroup",
    "SettingValueError", "Settings", "check_value", "check_value_lenient", "defaults", "describe",
    "is_feed_url", "parse_text", "settings_in_group",
]
