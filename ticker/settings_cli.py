"""Command-line flags generated from the settings declaration (ticker.settings.SETTINGS).

One flag per setting with ``cli=True``: ``--poll-interval N``, ``--feed URL`` (repeatable),
``--[no-]reduced-motion``… Values are checked later, by the loader, like any other layer.
"""

from __future__ import annotations

import argparse
from typing import Any

from ticker.settings import SETTINGS


def _comma_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def add_cli_arguments(parser: argparse.ArgumentParser) -> None:
    """Add one flag per setting: --poll-interval N, --feed URL (repeatable), --[no-]reduced-motion…"""
    group = parser.add_argument_group("설정 / settings")
    for setting in SETTINGS:
        if not setting.cli:
            continue
        help_text = f"{setting.help_ko} / {setting.help_en}".replace("%", "%%")
        if setting.type in (int, float) and setting.minimum is not None and setting.maximum is not None:
            help_text += f" [{setting.minimum:g}–{setting.maximum:g}]"
        kwargs: dict[str, Any] = {"dest": setting.name, "default": None, "help": help_text}
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
