"""Command-line flags generated from the settings declaration (ticker.settings.SETTINGS).

One flag per setting with ``cli=True``: ``--poll-interval N``, ``--feed URL`` (repeatable),
``--[no-]reduced-motion``… Values are checked later, by the loader, like any other layer.
``--help`` shows each declared help text in Korean and English ("한국어 / English"); the English
comes from the Qt translation, loaded only when help is printed, so parsing flags (and
``--version``) never imports Qt.
"""

from __future__ import annotations

import argparse
from typing import Any

from ticker.i18n_text import Translate, korean
from ticker.settings import CONTEXT, SETTINGS, SETTINGS_BY_NAME, Setting


def _comma_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def help_text(setting: Setting, english: Translate = korean) -> str:
    """The flag's help (argparse %-escaped): Korean / English, then the range of a number."""
    text = setting.help
    translated = english(CONTEXT, setting.help)
    if translated != text:
        text = f"{text} / {translated}"
    text = text.replace("%", "%%")
    if setting.type in (int, float) and setting.minimum is not None and setting.maximum is not None:
        text += f" [{setting.minimum:g}–{setting.maximum:g}]"
    return text


def _with_english_help(base: type[argparse.HelpFormatter]) -> type[argparse.HelpFormatter]:
    class BilingualHelpFormatter(base):  # type: ignore[valid-type, misc]
        """Adds the English to the help of the flags added below, when help is printed."""

        _english: Translate | None = None

        def _get_help_string(self, action: argparse.Action) -> str | None:
            setting = SETTINGS_BY_NAME.get(action.dest)
            if setting is None or action.help != help_text(setting):
                return super()._get_help_string(action)
            if self._english is None:
                from ticker.i18n import translator_for  # Qt: only now that help is printed

                self._english = translator_for("en")
            return help_text(setting, self._english)

    return BilingualHelpFormatter


def add_cli_arguments(parser: argparse.ArgumentParser) -> None:
    """Add one flag per setting: --poll-interval N, --feed URL (repeatable), --[no-]reduced-motion…

    Also wraps the parser's help formatter so that --help shows those flags' English too.
    """
    parser.formatter_class = _with_english_help(parser.formatter_class)
    group = parser.add_argument_group("설정 / settings")
    for setting in SETTINGS:
        if not setting.cli:
            continue
        kwargs: dict[str, Any] = {"dest": setting.name, "default": None, "help": help_text(setting)}
        if setting.type is bool:
            kwargs["action"] = argparse.BooleanOptionalAction
        elif setting.name == "feeds":
            kwargs.update(action="append", metavar="URL")
        elif setting.type is list:
            kwargs.update(type=_comma_list, metavar="A,B")
        elif setting.type in (int, float):
            kwargs.update(type=setting.type, metavar="N")
        elif setting.choices:
            kwargs.update(choices=setting.choices)
        else:
            kwargs.update(metavar="TEXT")
        group.add_argument(setting.flag, **kwargs)


def cli_values_from_args(namespace: argparse.Namespace) -> dict[str, Any]:
    """The setting values given on the command line (flags left out are absent)."""
    values = {}
    for setting in SETTINGS:
        value = getattr(namespace, setting.name, None) if setting.cli else None
        if value is not None:
            values[setting.name] = value
    return values
