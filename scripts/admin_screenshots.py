"""Screenshots of the admin page for the README: docs/images/admin-{list,form-error,preview}.png.

Starts a real notice server on a free port with a throw-away data dir (demo notices, one
admin, a few departments), drives Debian's Chromium with Playwright at 1280x800, and stops
everything afterwards. Usage: .venv/bin/python scripts/admin_screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--lang=ko-KR"]
USER, PASSWORD = "pr.admin", "screenshot-password"
DEPARTMENTS = ["기획예산과", "총무과", "자치행정과", "민원지적과", "건설과", "복지정책과"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli(data_dir: Path, *args: str, stdin: str | None = None) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "server_stub", *args, "--data-dir", str(data_dir)],
                   input=stdin, text=True, check=True, env=env, cwd=ROOT,
                   capture_output=True)


def wait_healthy(base: str, proc: subprocess.Popen) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit("server exited early")
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise SystemExit("server did not start")


def shoot(base: str, out: Path) -> None:
    with sync_playwright() as pw:
        # Headless Chromium formats date pickers by the process locale, not the page's.
        env = dict(os.environ, LANG="ko_KR.UTF-8", LANGUAGE="ko")
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS,
                                     env=env)
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ko-KR",
                                      timezone_id="Asia/Seoul", bypass_csp=True)
        page = context.new_page()
        page.goto(base + "/admin/login")
        page.fill("#username", USER)
        page.fill("#password", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_url("**/admin/notices")
        for name in DEPARTMENTS:
            page.goto(base + "/admin/departments")
            page.fill("#d-name", name)
            page.click("#department-add button[type=submit]")
            page.wait_for_load_state()

        page.goto(base + "/admin/notices")
        page.screenshot(path=str(out / "admin-list.png"))

        page.goto(base + "/admin/notices/new")
        page.fill("#title", "2026 덕진구 김장 나눔 행사 자원봉사자 모집")
        page.fill("#body", "11월 28일(토) 덕진공원 광장. 부서별 2명씩 신청해 주세요.")
        page.select_option("#category", "event")
        page.fill("#starts_at", "2026-11-30T09:00")
        page.fill("#ends_at", "2026-11-24T18:00")
        page.fill("#link", "www.jeonju.go.kr")
        page.check("input[name=audience][value=총무과]")
        page.click("#save")
        page.wait_for_selector("#err-ends_at")
        page.screenshot(path=str(out / "admin-form-error.png"), full_page=True)

        page.set_viewport_size({"width": 1024, "height": 800})  # tablet: preview spans the page
        page.goto(base + "/admin/notices/new")
        page.fill("#title", "[긴급] 한파 특보에 따른 비상근무 안내")
        page.fill("#body", "오늘 18시부터 부서별 비상근무 체계를 유지해 주시기 바랍니다.")
        page.select_option("#category", "issue")
        page.select_option("#priority", "urgent")
        # Freeze the scrolling text part-way so the still image shows it on the bar.
        page.add_style_tag(content=".preview-bar .track { animation-delay: -6s !important;"
                                   " animation-play-state: paused !important; }")
        page.locator("#preview").screenshot(path=str(out / "admin-preview.png"))
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nt-shots-") as tmp:
        data_dir = Path(tmp) / "data"
        cli(data_dir, "seed-demo")
        cli(data_dir, "user", "add", USER, "--role", "admin", "--password-stdin",
            stdin=PASSWORD + "\n")
        port = free_port()
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        proc = subprocess.Popen(
            [sys.executable, "-m", "server_stub", "serve", "--port", str(port),
             "--data-dir", str(data_dir), "--log-level", "warning"],
            env=env, cwd=ROOT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_healthy(base, proc)
            shoot(base, args.out)
        finally:
            proc.terminate()
            proc.wait(15)
    for name in ("admin-list.png", "admin-form-error.png", "admin-preview.png"):
        print(args.out / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
