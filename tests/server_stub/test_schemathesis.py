"""Property-based run of schemathesis (CLI, 4.x) against the live server's /openapi.json.

Only the `not_a_server_error` check: no 5xx for any generated request (valid or not).
The example count is bounded so the run stays well under two minutes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MAX_EXAMPLES = "60"


def _st_executable() -> str:
    local = Path(sys.executable).parent / "st"
    found = str(local) if local.exists() else shutil.which("st")
    if not found:
        pytest.fail("schemathesis (st) is not installed; it is part of the [test] extra")
    return found


@pytest.mark.slow
def test_schemathesis_finds_no_server_errors(live_server, tmp_path):
    live_server.publish(title="기존 공지")  # something for GET/PATCH/DELETE to find
    result = subprocess.run(
        [_st_executable(), "run", live_server.url("/openapi.json"),
         "--checks", "not_a_server_error",
         "--max-examples", MAX_EXAMPLES,
         "--header", f"Authorization: Bearer {live_server.token}",
         "--generation-database", "none",
         "--request-timeout", "10",
         "--workers", "2",
         "--seed", "20261123",
         "--no-color",
         "--report", "junit", "--report-dir", str(tmp_path / "report")],
        capture_output=True, text=True, timeout=240, cwd=tmp_path,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "passed" in output and "generated" in output
    report = "".join(p.read_text() for p in (tmp_path / "report").rglob("*.xml"))
    assert "POST /api/v1/receipts" in report  # the receipts endpoint was exercised too
    log = live_server.log_text()
    assert "Traceback" not in log and "Exception in ASGI" not in log, log[-4000:]
