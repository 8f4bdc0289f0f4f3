"""Screenshots of the reach page and PC 현황 for the README: docs/images/reach.png, fleet.png.

Starts a real notice server on a free port with a throw-away data dir (demo notices, one
admin), publishes an urgent notice with 확인 요청, posts receipts over HTTP from 240 simulated
PCs in six departments, then drives Debian's Chromium with Playwright at 1280x800. Usage: .venv/bin/python scripts/reach_screenshots.py
"""

from __future__ import annotations

import argparse
import random
import sys
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import requests
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshot_server import DEPARTMENTS, ROOT, cli, demo_server, signed_in_page  # noqa: E402

from server_stub.zone import HOME_ZONE  # noqa: E402 - screenshot_server put the repo on the path

SURNAMES = ["kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim"]


def simulate(base: str, token: str, rng: random.Random) -> str:
    now = datetime.now(HOME_ZONE).replace(microsecond=0)
    notice = requests.post(base + "/api/v1/notices", timeout=30,
                           headers={"Authorization": f"Bearer {token}"},
                           json={"title": "[긴급] 한파 특보에 따른 비상근무 안내",
                                 "body": "오늘 18시부터 부서별 비상근무 체계를 유지해 주시기 바랍니다.",
                                 "category": "issue", "priority": "urgent",
                                 "ack_required": True,
                                 "starts_at": (now - timedelta(minutes=30)).isoformat(),
                                 "ends_at": (now + timedelta(days=1)).isoformat()}).json()
    versions = ["1.4.0"] * 6 + ["1.3.2"] * 2 + ["1.2.0"]
    platforms = ["Windows-10"] * 5 + ["Windows-11"] * 3 + ["Linux-6.1"]
    for i in range(240):
        department = DEPARTMENTS[i % len(DEPARTMENTS)]
        client = {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                  "user": f"{rng.choice(SURNAMES)}.{i:03d}", "host": f"JJ-PC-{1000 + i}",
                  "version": rng.choice(versions), "platform": rng.choice(platforms),
                  "audiences": [department]}
        share = 0.55 + 0.07 * (i % len(DEPARTMENTS))
        kinds = []
        if rng.random() < share + 0.2:
            kinds.append("shown")
            if rng.random() < 0.4:
                kinds.append("opened")
            if rng.random() < share:
                kinds.append("acknowledged")
        events = [{"event_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                   "notice_id": notice["id"], "type": kind,
                   "at": (now - timedelta(minutes=rng.randint(1, 25))).isoformat()}
                  for kind in kinds]
        response = requests.post(base + "/api/v1/receipts", timeout=30,
                                 json={"client": client, "events": events})
        response.raise_for_status()
    return notice["id"]


def add_stale_pcs(data_dir: Path, rng: random.Random) -> None:
    """A few PCs last seen 8-40 days ago (HTTP cannot backdate them, so straight SQL)."""
    from server_stub import db

    engine = db.create_db_engine(data_dir / "notices.db")
    now = datetime.now(HOME_ZONE)
    rows = []
    for i in range(7):
        seen = db.utc_stamp(now - timedelta(days=rng.randint(8, 40), hours=rng.randint(0, 9)))
        department = DEPARTMENTS[rng.randrange(len(DEPARTMENTS))]
        rows.append({"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                     "user_name": f"{rng.choice(SURNAMES)}.{900 + i}",
                     "host_name": f"JJ-PC-{2000 + i}", "version": "1.2.0",
                     "platform": "Windows-10",
                     "audiences": f'["{department}"]', "department": department,
                     "first_seen": seen, "last_seen": seen})
    with db.writer(engine).begin() as conn:
        conn.execute(db.clients.insert(), rows)
    engine.dispose()


def shoot(base: str, notice_id: str, out: Path) -> None:
    with sync_playwright() as pw:
        browser, page = signed_in_page(pw, base)
        page.goto(f"{base}/admin/notices/{notice_id}/reach")
        page.screenshot(path=str(out / "reach.png"), full_page=False)
        page.goto(base + "/admin/fleet")
        page.screenshot(path=str(out / "fleet.png"), full_page=False)
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    tokens: list[str] = []

    def make_token(data_dir: Path) -> None:
        tokens.append(cli(data_dir, "token", "create", "shots").strip().splitlines()[-1])

    with demo_server("nt-reach-shots-", make_token) as (base, data_dir):
        rng = random.Random(20261206)
        notice_id = simulate(base, tokens[0], rng)
        add_stale_pcs(data_dir, rng)
        shoot(base, notice_id, args.out)
    for name in ("reach.png", "fleet.png"):
        print(args.out / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
