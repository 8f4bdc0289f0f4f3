"""scripts/gen_config_table.py: the docs table of every client setting."""


from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ticker.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[2]


def test_gen_config_table_lists_every_setting():
    out = subprocess.run([sys.executable, "scripts/gen_config_table.py", "--lang", "en"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    rows = [line for line in out.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == [s.name for s in SETTINGS]
    assert "`--poll-interval`" in out and "≥ 10" in out and "`--feed URL` (repeatable)" in out
