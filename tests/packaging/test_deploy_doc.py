"""docs/deploy.md carries the config table generated from the settings declaration."""

from __future__ import annotations

import subprocess
import sys

from tests.packaging.conftest import ROOT
from ticker.settings import SETTINGS

BEGIN = "<!-- BEGIN CONFIG TABLE"
END = "<!-- END CONFIG TABLE -->"


def test_config_table_matches_the_generator():
    generated = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_config_table.py")],
                               capture_output=True, text=True, check=True, cwd=ROOT).stdout
    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    start = doc.index("\n", doc.index(BEGIN)) + 1
    table = doc[start:doc.index(END)]
    assert table.strip() == generated.strip(), (
        "docs/deploy.md is out of date: paste the output of scripts/gen_config_table.py")


def test_every_setting_is_in_the_table():
    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"| `{setting.name}` |" in doc, setting.name
