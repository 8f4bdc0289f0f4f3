#!/usr/bin/env python3
"""Regenerate resources/i18n/ticker_en.ts from the source and compile ticker_en.qm.

Korean is the source language. The extractor reads every ``ticker/**/*.py`` with ``ast``
and finds translatable literals in the forms this code base uses:

- ``QCoreApplication.translate("Context", "텍스트")`` (also with a module constant context),
- ``tr(CONTEXT, "텍스트")`` from ticker.i18n,
- ``mark(CONTEXT, "텍스트")`` from ticker.i18n_text: pure modules (no Qt) mark the Korean
  texts that a window translates when it shows them,
- ``_t("텍스트")`` / ``_tr("텍스트")`` / ``_k("텍스트")``: a module function that passes its
  argument to one of the above with a fixed context.

(pyside6-lupdate only understands self.tr() and translate() calls with literal contexts,
so it would miss the module helpers.) English comes from EN below; existing
translations in the .ts file win, so a translator's edits in Qt Linguist are kept.

    .venv/bin/python scripts/make_translations.py          # write .ts and .qm
    .venv/bin/python scripts/make_translations.py --check  # exit 1 if anything is untranslated
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = ROOT / "ticker"
TS_FILE = ROOT / "resources" / "i18n" / "ticker_en.ts"
QM_FILE = TS_FILE.with_suffix(".qm")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from translations_en import EN  # noqa: E402


def _literal(node: ast.AST, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _is_translate(call: ast.Call) -> bool:
    f = call.func
    return isinstance(f, ast.Attribute) and f.attr == "translate" and isinstance(f.value, ast.Name) \
        and f.value.id in ("QCoreApplication", "QApplication")


def _is_marker(call: ast.Call) -> bool:
    """translate(context, text), tr(context, text) or mark(context, text)."""
    return _is_translate(call) or (isinstance(call.func, ast.Name) and call.func.id in ("tr", "mark"))


def _passes_its_argument(node: ast.FunctionDef, call: ast.Call) -> bool:
    """``def _k(text): return mark(CONTEXT, text)``: the helper's first parameter is the text."""
    params = node.args.args
    return len(call.args) >= 2 and bool(params) and isinstance(call.args[1], ast.Name) \
        and call.args[1].id == params[0].arg


def extract_module(tree: ast.Module) -> list[tuple[str, str]]:
    constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                 for t in n.targets if isinstance(t, ast.Name)
                 and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)}
    helpers: dict[str, str] = {}  # helper name -> fixed context
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for call in ast.walk(node):
            if not isinstance(call, ast.Call) or not call.args:
                continue
            if (node.name in ("_t", "_tr") and _is_translate(call)) or \
                    (_is_marker(call) and _passes_its_argument(node, call)):
                context = _literal(call.args[0], constants)
                if context:
                    helpers[node.name] = context
    found: list[tuple[str, str]] = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or not call.args:
            continue
        f = call.func
        if _is_marker(call) and len(call.args) >= 2:
            context, text = _literal(call.args[0], constants), _literal(call.args[1], {})
        elif isinstance(f, ast.Name) and f.id in helpers:
            context, text = helpers[f.id], _literal(call.args[0], {})
        else:
            continue
        if context and text:
            found.append((context, text))
    return found


def extract(source_dir: Path = SOURCE_DIR) -> dict[str, list[str]]:
    messages: dict[str, list[str]] = {}
    for path in sorted(source_dir.rglob("*.py")):
        for context, text in extract_module(ast.parse(path.read_text(encoding="utf-8"))):
            bucket = messages.setdefault(context, [])
            if text not in bucket:
                bucket.append(text)
    return messages


def existing_translations(ts: Path) -> dict[tuple[str, str], str]:
    if not ts.exists():
        return {}
    result = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.text and translation.get("type") != "unfinished":
                result[(name, message.findtext("source", ""))] = translation.text
    return result


def build_ts(messages: dict[str, list[str]], known: dict[tuple[str, str], str]) -> tuple[str, list]:
    root = ET.Element("TS", version="2.1", language="en_US", sourcelanguage="ko_KR")
    missing = []
    for context in sorted(messages):
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = context
        for text in messages[context]:
            message = ET.SubElement(ctx, "message")
            ET.SubElement(message, "source").text = text
            english = known.get((context, text)) or EN.get(text)
            translation = ET.SubElement(message, "translation")
            if english:
                translation.text = english
            else:
                translation.set("type", "unfinished")
                missing.append((context, text))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", missing


def lrelease() -> str:
    for candidate in (ROOT / ".venv" / "bin" / "pyside6-lrelease", shutil.which("pyside6-lrelease"),
                      shutil.which("lrelease")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    raise SystemExit("no lrelease found (pip install PySide6-Essentials provides pyside6-lrelease)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report untranslated strings")
    ns = parser.parse_args()
    messages = extract()
    text, missing = build_ts(messages, existing_translations(TS_FILE))
    for context, source in missing:
        print(f"untranslated: [{context}] {source}", file=sys.stderr)
    if ns.check:
        return 1 if missing else 0
    TS_FILE.parent.mkdir(parents=True, exist_ok=True)
    TS_FILE.write_text(text, encoding="utf-8")
    subprocess.run([lrelease(), "-silent", str(TS_FILE), "-qm", str(QM_FILE)], check=True)
    count = sum(len(v) for v in messages.values())
    print(f"{TS_FILE.relative_to(ROOT)}: {count} messages, {len(missing)} untranslated; wrote {QM_FILE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
