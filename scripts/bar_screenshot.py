"""Save a screenshot of the bar with sample Korean notices (for the README).

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/bar_screenshot.py \
        --out docs/images/bar.png [--width 1280] [--detail docs/images/detail.png] \
        [--ack-detail docs/images/detail-ack.png]

Shows the real TickerBar on the current display, grabs it with QScreen.grabWindow.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QRect, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ticker.feed.notice import Notice  # noqa: E402
from ticker.feed.zone import HOME_ZONE  # noqa: E402
from ticker.model import NoticeModel  # noqa: E402
from ticker.ui.bar import TickerBar  # noqa: E402


def sample_notices(now: dt.datetime) -> list[Notice]:
    day = dt.timedelta(days=1)
    return [
        Notice(
            id="s-urgent",
            title="오늘 14시 청사 정전 점검 — 저장하지 않은 문서를 미리 저장해 주세요",
            body="전기설비 정기 점검으로 14:00~14:30 본관 전체가 정전됩니다.",
            category="notice",
            priority="urgent",
            ack_required=True,  # 확인 요청: its popup shows 확인했습니다
            starts_at=now - day,
            ends_at=now + day,
        ),
        Notice(
            id="s-event",
            title="덕진구 김장 나눔 행사 — 11월 28일(금) 덕진공원 광장",
            body="올해도 이웃과 함께하는 김장 나눔 행사를 엽니다.",
            category="event",
            link="https://www.jeonju.go.kr/",
            starts_at=now - day,
            ends_at=now + 5 * day,
            audience=("총무과", "복지지원과"),
        ),
        Notice(
            id="s-project",
            title="2027년 주민참여예산 신규사업 공모 접수 시작",
            category="project",
            starts_at=now - 2 * day,
            ends_at=now + 10 * day,
        ),
        Notice(
            id="s-issue",
            title="겨울철 한파 대비 취약계층 안전 점검 추진",
            category="issue",
            starts_at=now - 3 * day,
            ends_at=now + 7 * day,
        ),
        Notice(
            id="s-notice",
            title="12월 정기 보안 점검 안내",
            category="notice",
            starts_at=now - day,
            ends_at=now + 3 * day,
        ),
    ]


def wait(app: QApplication, ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "images" / "bar.png"))
    parser.add_argument("--width", type=int, default=0, help="bar width (0 = full screen width)")
    parser.add_argument("--detail", default="", help="also save the detail popup to this file")
    parser.add_argument("--ack-detail", default="",
                        help="also save the popup of the urgent notice that asks for 확인")
    parser.add_argument("--font-size", type=int, default=16)
    args = parser.parse_args(argv)

    app = QApplication(sys.argv[:1])
    now = dt.datetime.now(HOME_ZONE)
    model = NoticeModel(audience=("총무과",))
    model.set_notices("demo", sample_notices(now))
    bar = TickerBar(model, label="전주시 덕진구", font_size=args.font_size)
    bar.set_status("connected")
    screen = app.primaryScreen()
    geometry = screen.geometry()
    if args.width:
        geometry = QRect(geometry.left(), geometry.top(), args.width, geometry.height())
    bar.place_on(geometry, "bottom")
    bar.show()
    wait(app, 2000)  # let the one-time urgent flash finish
    bar.pause()  # a still frame with the urgent item at the left edge
    bar.show_item("s-urgent")
    bar.update()
    wait(app, 300)
    pixmap = screen.grabWindow(0, bar.x(), bar.y(), bar.width(), bar.height())
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    if not pixmap.save(args.out):
        print(f"could not write {args.out}", file=sys.stderr)
        return 1
    print(f"saved {args.out} ({pixmap.width()}x{pixmap.height()})")
    ratios = sorted({tile.devicePixelRatio() for tile in bar.tiles()})
    print(f"tiles: {len(bar.tiles())} rendered at devicePixelRatio {ratios}")
    if args.detail:
        popup = bar.open_detail("s-event")
        wait(app, 500)
        frame = popup.frameGeometry()
        shot = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
        shot.save(args.detail)
        print(f"saved {args.detail} ({shot.width()}x{shot.height()})")
    if args.ack_detail:
        popup = bar.open_detail("s-urgent")
        wait(app, 500)
        frame = popup.frameGeometry()
        shot = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
        shot.save(args.ack_detail)
        print(f"saved {args.ack_detail} ({shot.width()}x{shot.height()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
