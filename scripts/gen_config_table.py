#!/usr/bin/env python3
"""Print a Markdown table of every client setting, generated from ticker.settings.SETTINGS.

Used for docs/deploy.md:  python scripts/gen_config_table.py [--lang ko|en|both] > table.md
The English help comes from the Qt translation (resources/i18n/ticker_en.qm), as in the app.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ticker.i18n import translator_for  # noqa: E402
from ticker.settings import CONTEXT, SETTINGS, Setting  # noqa: E402

TYPE_NAMES = {bool: "bool", int: "int", float: "float", str: "string", list: "list of strings"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def _allowed(setting: Setting) -> str:
    parts = []
    if setting.choices:
        parts.append(" / ".join(f"`{c}`" for c in setting.choices))
    if setting.type in (int, float):
        if setting.minimum is not None:
            parts.append(f"≥ {setting.minimum:g}")
        if setting.maximum is not None:
            parts.append(f"≤ {setting.maximum:g}")
    elif setting.type is str and setting.maximum is not None:
        parts.append(f"≤ {setting.maximum:g} chars")
    elif setting.type is list:
        if setting.minimum is not None:
            parts.append(f"≥ {setting.minimum:g} entries")
        if setting.maximum is not None:
            parts.append(f"≤ {setting.maximum:g} entries")
    kinds = {"url": "http/https URLs", "screen": "`primary` / `all` / index", "path": "file path or empty",
             "keys": "setting names"}
    if setting.kind in kinds:
        parts.append(kinds[setting.kind])
    return ", ".join(parts) or "—"


def table(lang: str = "both") -> str:
    english = translator_for("en")
    rows = [
        "| Key | Type | Default | Allowed | CLI flag | Lockable | Description |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in SETTINGS:
        help_en = english(CONTEXT, s.help)
        help_text = {"ko": s.help, "en": help_en}.get(lang, f"{s.help}<br>{help_en}")
        flag = "—"
        if s.cli:
            flag = f"`{s.flag} / --no-{s.flag[2:]}`" if s.type is bool else f"`{s.flag}`"
            if s.name == "feeds":
                flag = "`--feed URL` (repeatable)"
        rows.append(
            f"| `{s.name}` | {TYPE_NAMES[s.type]} | `{_cell(_toml(s.default))}` | {_cell(_allowed(s))} "
            f"| {flag} | {'yes' if s.lockable else 'no'} | {_cell(help_text)} |"
        )
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("ko", "en", "both"), default="both")
    args = parser.parse_args(argv)
    sys.stdout.write(table(args.lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
