"""Screenshots of the admin page for the README: docs/images/admin-{list,form-error,preview}.png.

Starts a real notice server on a free port with a throw-away data dir (demo notices, one
admin, a few departments), drives Debian's Chromium with Playwright at 1280x800, and stops
everything afterwards. Usage: .venv/bin/python scripts/admin_screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshot_server import DEPARTMENTS, ROOT, demo_server, signed_in_page  # noqa: E402


def shoot(base: str, out: Path) -> None:
    with sync_playwright() as pw:
        browser, page = signed_in_page(pw, base, bypass_csp=True)
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
    with demo_server("nt-shots-") as (base, _data_dir):
        shoot(base, args.out)
    for name in ("admin-list.png", "admin-form-error.png", "admin-preview.png"):
        print(args.out / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
