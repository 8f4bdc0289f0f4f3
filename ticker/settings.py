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

Texts (help, labels, tab titles, value errors) are Korean only, marked for translation in
CONTEXT; whoever shows them translates them (the English is in resources/i18n/ticker_en.ts).
"""

from __future__ import annotations

import dataclasses
import math
import os
import urllib.parse
from collections.abc import Iterator, Mapping
from typing import Any

from ticker.feed.notice import CATEGORIES
from ticker.i18n_text import Message, mark

APP_NAME = "notice-ticker"
FILE_NAME = "ticker.toml"
MAX_TEXT = 500
MAX_SCREEN_INDEX = 15
CONTEXT = "Settings"  # translation context of every text declared here (resources/i18n)


def _k(text: str) -> str:
    """Korean text shown in the UI; English comes from the .qm, looked up under CONTEXT."""
    return mark(CONTEXT, text)


@dataclasses.dataclass(frozen=True, slots=True)
class Setting:
    name: str
    type: type
    default: Any
    help: str  # Korean sentence; translated where shown (tr(CONTEXT, help))
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    lockable: bool = True
    kind: str | None = None
    cli: bool = True  # False: no command-line flag (e.g. "locked", site file only)
    group: str = "advanced"  # a SettingGroup key: where the settings dialog shows it
    label: str = ""  # a short, plain name for staff (help explains it below)

    @property
    def flag(self) -> str:
        return "--feed" if self.name == "feeds" else "--" + self.name.replace("_", "-")


@dataclasses.dataclass(frozen=True, slots=True)
class SettingGroup:
    """A section of the settings dialog, in the order of GROUPS."""

    key: str
    title: str
    note: str = ""  # said at the top of the section


GROUPS: tuple[SettingGroup, ...] = (
    SettingGroup("display", _k("표시")),
    SettingGroup("alerts", _k("알림")),
    SettingGroup("network", _k("네트워크")),
    SettingGroup("advanced", _k("고급"),
                 _k("보통은 바꿀 필요가 없습니다. 서버와 네트워크 사정에 맞춰 전산 담당자가 조정하는 "
                    "값입니다. 예를 들어 '새 공지를 기다렸다가 곧바로 받기'는 HTTP 롱 폴링"
                    "(Prefer: wait=)을 쓰며, 서버가 지원할 때만 동작합니다.")),
)


def _s(*args: Any, **kwargs: Any) -> Setting:
    return Setting(*args, **kwargs)


SETTINGS: tuple[Setting, ...] = (
    _s("feeds", list, (),
       _k("공지 피드 주소 목록 (http/https). 여러 개를 쓸 수 있습니다."),
       label=_k("공지 피드 주소"), group="network", maximum=20, kind="url"),
    _s("poll_interval", int, 60,
       _k("피드를 확인하는 간격(초)."),
       label=_k("새 공지 확인 간격(초)"), group="network", minimum=10, maximum=86_400),
    _s("long_poll", bool, True,
       _k("서버가 지원하면 롱 폴링(Prefer: wait=)으로 새 공지를 즉시 받습니다."),
       label=_k("새 공지를 기다렸다가 곧바로 받기"), group="advanced"),
    _s("long_poll_wait", int, 50,
       _k("롱 폴링 한 번에 서버가 기다리는 최대 시간(초)."),
       label=_k("한 번에 기다리는 최대 시간(초)"), group="advanced", minimum=5, maximum=300),
    _s("startup_jitter", int, 30,
       _k("시작 후 첫 요청 전 임의 지연의 최댓값(초). 동시 접속을 분산합니다."),
       label=_k("켠 뒤 첫 확인까지 최대 지연(초)"), group="advanced", minimum=0, maximum=3_600),
    _s("timeout", int, 15,
       _k("요청 하나의 최대 시간(초)."),
       label=_k("서버 응답을 기다리는 최대 시간(초)"), group="network", minimum=2, maximum=120),
    _s("speed", int, 80,
       _k("글자가 흐르는 속도(픽셀/초)."),
       label=_k("흐르는 속도"), group="display", minimum=10, maximum=600),
    _s("font_size", int, 12,
       _k("글자 크기(포인트). 띠의 높이가 이에 맞춰집니다."),
       label=_k("글자 크기"), group="display", minimum=8, maximum=48),
    _s("screen", str, "primary",
       _k("표시할 화면: primary(주 화면), all(모든 화면) 또는 화면 번호(0부터)."),
       label=_k("표시할 화면"), group="display", kind="screen"),
    _s("position", str, "bottom",
       _k("띠의 위치: bottom(아래) 또는 top(위)."),
       label=_k("띠 위치"), group="display", choices=("bottom", "top")),
    _s("label", str, "전주시 덕진구",
       _k("띠 왼쪽에 보이는 짧은 이름."),
       label=_k("띠 왼쪽에 보이는 이름"), group="display", maximum=40),
    _s("audience", list, (),
       _k("내 부서 이름 목록. 대상이 지정된 공지는 이 부서에만 보입니다."),
       label=_k("내 부서"), group="alerts", maximum=50),
    _s("categories", list, CATEGORIES,
       _k("표시할 분류: event(행사), project(신규사업), issue(주요현안), notice(일반)."),
       label=_k("받을 공지 종류"), group="alerts", minimum=1, choices=CATEGORIES),
    _s("language", str, "ko",
       _k("화면 언어: ko(한국어) 또는 en(영어)."),
       label=_k("화면 언어"), group="display", choices=("ko", "en")),
    _s("reduced_motion", bool, False,
       _k("움직임 줄이기: 흐르지 않고 항목을 하나씩 넘깁니다."),
       label=_k("움직임 줄이기"), group="display"),
    _s("ca_bundle", str, "",
       _k("추가로 신뢰할 CA 인증서 묶음(PEM) 파일 경로. 비우면 OS 인증서 저장소만 씁니다."),
       label=_k("추가로 신뢰할 인증서 파일"), group="advanced", kind="path"),
    _s("allow_quit", bool, True,
       _k("트레이 메뉴에서 끝내기를 허용합니다."),
       label=_k("트레이 메뉴에서 끝내기 허용"), group="advanced"),
    _s("autostart", bool, False,
       _k("로그인할 때 자동으로 시작합니다."),
       label=_k("로그인하면 자동으로 시작"), group="alerts"),
    _s("report", bool, True,
       _k("공지를 받고 열고 확인했는지 공지 서버에 알립니다(서버가 요청할 때만)."),
       label=_k("공지를 봤는지 서버에 알리기"), group="alerts"),
    _s("locked", list, (),
       _k("잠글 설정 이름 목록. 사이트 설정 파일에서만 의미가 있습니다."),
       label=_k("잠글 설정"), group="advanced", lockable=False, kind="keys", cli=False),
)

SETTINGS_BY_NAME: Mapping[str, Setting] = {s.name: s for s in SETTINGS}


def settings_in_group(key: str) -> tuple[Setting, ...]:
    """The settings of one dialog section, in declaration order."""
    return tuple(s for s in SETTINGS if s.group == key)


LOCKABLE: frozenset[str] = frozenset(s.name for s in SETTINGS if s.lockable)


class SettingValueError(ValueError):
    """A value that does not fit its declaration. ``message`` says why, in Korean with %1…
    placeholders, so each window or log line shows it in its language (ticker.i18n)."""

    def __init__(self, text: str, *args: object) -> None:
        self.message = Message(CONTEXT, text, args)
        super().__init__(str(self.message))


def _fmt(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_number(setting: Setting, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float) if setting.type is float else int):
        if setting.type is float:
            raise SettingValueError(_k("숫자이어야 합니다: %1"), _fmt(value))
        raise SettingValueError(_k("정수이어야 합니다: %1"), _fmt(value))
    if isinstance(value, float) and not math.isfinite(value):
        raise SettingValueError(_k("유한한 숫자여야 합니다: %1"), value)
    if setting.minimum is not None and value < setting.minimum:
        raise SettingValueError(_k("너무 작습니다: %1 (최소 %2)"), value, setting.minimum)
    if setting.maximum is not None and value > setting.maximum:
        raise SettingValueError(_k("너무 큽니다: %1 (최대 %2)"), value, setting.maximum)
    return setting.type(value)


def _check_text(setting: Setting, value: str) -> str:
    value = value.strip()
    limit = int(setting.maximum) if setting.maximum is not None else MAX_TEXT
    if len(value) > limit:
        raise SettingValueError(_k("너무 깁니다: %1자 (최대 %2자)"), len(value), limit)
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in value):
        raise SettingValueError(_k("제어 문자가 들어 있습니다"))
    if setting.choices is not None and value not in setting.choices:
        raise SettingValueError(_k("허용되지 않는 값입니다: %1 (가능: %2)"), _fmt(value),
                                ", ".join(setting.choices))
    if setting.kind == "screen" and value not in ("primary", "all"):
        if not (value.isascii() and value.isdigit() and int(value) <= MAX_SCREEN_INDEX):
            raise SettingValueError(_k("primary, all 또는 0~%1 화면 번호여야 합니다: %2"),
                                    MAX_SCREEN_INDEX, _fmt(value))
        value = str(int(value))
    if setting.kind == "url" and not is_feed_url(value):
        raise SettingValueError(_k("http/https 주소가 아닙니다: %1"), _fmt(value))
    if setting.kind == "keys" and value not in LOCKABLE:
        raise SettingValueError(_k("잠글 수 있는 설정 이름이 아닙니다: %1"), _fmt(value))
    if setting.kind == "path" and value and not os.path.isfile(os.path.expanduser(value)):
        raise SettingValueError(_k("파일이 없습니다: %1"), _fmt(value))
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
            raise SettingValueError(_k("참/거짓(true/false)이어야 합니다: %1"), _fmt(value))
        return value
    if setting.type in (int, float):
        return _check_number(setting, value)
    if setting.type is str:
        if not isinstance(value, str):
            raise SettingValueError(_k("문자열이어야 합니다: %1"), _fmt(value))
        return _check_text(setting, value)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise SettingValueError(_k("문자열 목록이어야 합니다: %1"), _fmt(value))
    entry = dataclasses.replace(setting, type=str, maximum=None)
    items = tuple(dict.fromkeys(_check_text(entry, v) for v in value if v.strip()))
    if setting.minimum is not None and len(items) < setting.minimum:
        raise SettingValueError(_k("항목이 적어도 %1개 있어야 합니다"), int(setting.minimum))
    if setting.maximum is not None and len(items) > setting.maximum:
        raise SettingValueError(_k("항목이 너무 많습니다: %1개 (최대 %2개)"), len(items),
                                int(setting.maximum))
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
        raise AttributeError("Settings is read-only; build a new Settings(values)")

    def __repr__(self) -> str:
        return f"Settings({self._values!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Settings, (dict(self._values),))


__all__ = [
    "CONTEXT", "GROUPS", "LOCKABLE", "SETTINGS", "SETTINGS_BY_NAME", "Setting", "SettingGroup",
    "SettingValueError", "Settings", "check_value", "check_value_lenient", "is_feed_url",
    "parse_text", "settings_in_group",
]
