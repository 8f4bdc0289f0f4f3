"""Demo notices for ``notice-server seed-demo`` and the ticker's ``--demo``.

Modelled on Korean city offices' published practice (Jeonju Deokjin-gu's 시정 상시공유시스템,
Gimje's 직소민원의 날, Gwangmyeong's round-table and live-streamed meetings, Incheon's reform
tasks, Yeoju's daily 08:30 video meeting). Dates are relative to ``now`` so the demo always
shows current notices. Ids are fixed (``demo-…``): seeding again replaces them.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from server_stub.department_service import DepartmentService
from server_stub.service import NoticeNotFoundError, NoticeService
from server_stub.zone import HOME_ZONE, HOME_ZONE_NAME

SEED_ACTOR = "seed-demo"
#: Departments offered for audience targeting in the demo (the notices below use some).
DEMO_DEPARTMENTS = ("자치행정과", "총무과", "기획예산과", "홍보담당관", "민원봉사과", "복지정책과",
                    "정보통신과")


def _at(day: datetime, hh: int, mm: int = 0) -> str:
    return datetime.combine(day.date(), time(hh, mm), HOME_ZONE).isoformat()


def demo_notices(now: datetime) -> list[tuple[str, dict]]:
    """(id, fields) for every demo notice, dated around ``now``."""
    today = now.astimezone(HOME_ZONE).replace(microsecond=0)  # tidy, second-precision stamps
    d = lambda days: today + timedelta(days=days)  # noqa: E731 - tiny local helper
    return [
        ("demo-urgent-cold-wave", {
            "title": "[긴급] 한파경보 발령 — 퇴근 전 사무실 난방기·수도관 동파 점검",
            "body": "오늘 밤 최저 영하 12도가 예보되었습니다. 퇴근 전 난방기 전원과 창문, "
                    "화장실 수도관을 점검해 주세요. 문의: 총무과 당직실",
            "category": "issue", "priority": "urgent",
            "starts_at": (today - timedelta(minutes=30)).isoformat(),
            "ends_at": (today + timedelta(hours=18)).isoformat(),
        }),
        ("demo-daily-video-meeting", {
            "title": "시정운영전략 영상회의 매일 08:30 — 유튜브 생중계",
            "body": "본청 직원은 회의실에서, 읍면동장은 각자 자리에서 화상회의로 참여합니다. "
                    "생중계 주소로 모든 직원이 시청할 수 있습니다.",
            "category": "notice", "priority": "high",
            "link": "https://www.youtube.com/results?search_query=%EC%8B%9C%EC%A0%95%EC%9A%B4%EC%98%81%EC%A0%84%EB%9E%B5+%EC%98%81%EC%83%81%ED%9A%8C%EC%9D%98",
            "starts_at": _at(d(-30), 0), "ends_at": _at(d(90), 23, 59),
            "recurrence": {"freq": "daily", "weekdays": [], "start": "08:30", "end": "09:30",
                           "tz": HOME_ZONE_NAME},
        }),
        ("demo-monday-petition-day", {
            "title": "매주 월요일은 '직소민원의 날' — 시장이 직접 시민 민원을 듣습니다",
            "body": "민원인이 시장을 직접 만나 고충을 이야기하는 날입니다. 관련 부서는 "
                    "담당자 대기와 자료 준비를 부탁드립니다. (자치행정과)",
            "category": "notice", "priority": "normal",
            "starts_at": _at(d(-14), 0), "ends_at": _at(d(180), 23, 59),
            "recurrence": {"freq": "weekly", "weekdays": ["mon"], "start": "09:00",
                           "end": "18:00", "tz": HOME_ZONE_NAME},
        }),
        ("demo-event-daul-madang", {
            "title": "다울마당 시민 토론회 — '차 없는 사람의 거리' 운영 방향",
            "body": "전문가, 시민활동가, 지역주민이 함께 사업 방향을 논의합니다. "
                    "장소: 구청 3층 대회의실",
            "category": "event", "priority": "normal", "visibility": "public",
            "starts_at": _at(d(0), 0), "ends_at": _at(d(2), 18),
        }),
        ("demo-event-roundtable", {
            "title": "공무원 원탁토론회 — 6급 이하 실무자 127명 참여, 부서 간 협업 개선",
            "body": "불통 해소, 업무량 조정 등 실무자가 직접 찾은 개선 방안을 논의합니다.",
            "category": "event", "priority": "normal",
            "starts_at": _at(d(-1), 9), "ends_at": _at(d(5), 18),
        }),
        ("demo-event-friday-ideas", {
            "title": "금요 아이디어 회의 — 매주 금요일 16:00",
            "body": "종이 없는 회의로 진행합니다. 누구나 참석해 제안할 수 있습니다.",
            "category": "event", "priority": "normal",
            "starts_at": _at(d(-7), 0), "ends_at": _at(d(60), 23, 59),
            "recurrence": {"freq": "weekly", "weekdays": ["fri"], "start": "15:30",
                           "end": "17:00", "tz": HOME_ZONE_NAME},
        }),
        ("demo-project-sharing-system", {
            "title": "신규사업: 시정 상시공유시스템 — 모든 직원 PC 하단에 행사·사업·현안 알림",
            "body": "부서마다 흩어진 업무 정보를 모든 직원이 실시간으로 공유합니다. "
                    "같은 정보는 시민에게도 투명하게 공개됩니다.",
            "category": "project", "priority": "high", "visibility": "public",
            "starts_at": _at(d(-3), 9), "ends_at": _at(d(30), 18),
        }),
        ("demo-project-city-monitor", {
            "title": "신규사업: 시정모니터 132명 위촉 — 19개 읍면동 시민 제안 접수",
            "body": "농민, 주부, 회사원, 소상공인 등 다양한 시민이 2년 동안 정책 파트너로 활동합니다.",
            "category": "project", "priority": "normal", "visibility": "public",
            "starts_at": _at(d(-2), 9), "ends_at": _at(d(20), 18),
        }),
        ("demo-issue-reform-tasks", {
            "title": "주요현안: 시정혁신과제 17개 추진 — 조직·인사혁신과 시민소통혁신",
            "body": "전 직원 설문과 관계자 간담회 결과를 반영했습니다. 부서별 과제 담당자를 "
                    "이번 주까지 지정해 주세요.",
            "category": "issue", "priority": "high",
            "starts_at": _at(d(-1), 8), "ends_at": _at(d(10), 18),
        }),
        ("demo-issue-relay-meeting", {
            "title": "릴레이 간담회 일정 안내 — 자치행정과·총무과 담당자 참석",
            "body": "경로당 현장방문과 함께 진행합니다. 세부 일정은 부서 게시판을 확인하세요.",
            "category": "issue", "priority": "normal", "audience": ["자치행정과", "총무과"],
            "starts_at": _at(d(0), 0), "ends_at": _at(d(7), 18),
        }),
        ("demo-future-kimjang", {
            "title": "사랑의 김장 나눔 행사 — 구청 광장, 직원 자원봉사 신청",
            "body": "홀몸 어르신 가정에 전달할 김장을 함께 담급니다. 신청: 복지정책과",
            "category": "event", "priority": "normal", "visibility": "public",
            "starts_at": _at(d(2), 9), "ends_at": _at(d(4), 17),
        }),
        ("demo-draft-survey", {
            "title": "(작성 중) 조직문화 설문 안내",
            "body": "초안입니다. 게시 전 검토가 필요합니다.",
            "category": "notice", "priority": "normal", "status": "draft",
            "starts_at": _at(d(1), 9), "ends_at": _at(d(8), 18),
        }),
    ]


def seed_demo(service: NoticeService, now: datetime,
              departments: DepartmentService | None = None) -> int:
    """Insert (or replace) the demo notices (and the missing demo departments, when given);
    returns how many notices."""
    if departments is not None:
        departments.add_missing(DEMO_DEPARTMENTS)
    items = demo_notices(now)
    for notice_id, fields in items:
        try:
            service.delete(notice_id, actor=SEED_ACTOR)
        except NoticeNotFoundError:
            pass
        service.create(fields, actor=SEED_ACTOR, notice_id=notice_id)
    return len(items)
