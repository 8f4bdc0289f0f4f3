"""UI strings of the reach and fleet pages (merged into `server_stub.admin.i18n.MESSAGES`)."""

from __future__ import annotations

# key: (Korean, English)
REACH_MESSAGES: dict[str, tuple[str, str]] = {
    "nav.fleet": ("PC 현황", "PCs"),
    "field.ack_required": ("확인 요청", "Ask for 확인 (acknowledgement)"),
    "hint.ack_required": (
        "켜면 티커의 상세 창에 [확인했습니다] 버튼이 나오고, 누가 확인했는지 도달 현황에서 볼 수 "
        "있습니다. 긴급 알림은 확인할 때까지 계속 다시 나타납니다.",
        "The bar's detail popup shows a [확인했습니다] button and the reach page lists who has "
        "not pressed it. An urgent notice keeps coming back until it is acknowledged.",
    ),
    "list.reach": ("도달", "Reach"),
    "reach.summary": ("도달 {shown}/{eligible} · 열람 {opened}",
                      "Shown {shown}/{eligible} · opened {opened}"),
    "reach.summary_ack": ("도달 {shown} · 열람 {opened} · 확인 {acknowledged}/{eligible}",
                          "Shown {shown} · opened {opened} · acknowledged {acknowledged}/{eligible}"),
    "reach.title": ("도달 현황", "Reach"),
    "reach.back": ("알림 목록으로", "Back to notices"),
    "reach.shown": ("도달", "Shown"),
    "reach.opened": ("열람", "Opened"),
    "reach.acknowledged": ("확인", "Acknowledged"),
    "reach.pcs": ("대", " PCs"),
    "reach.of_active": ("활성 PC {eligible}대 중 {percent}%", "{percent}% of {eligible} active PCs"),
    "reach.no_active": ("최근 24시간에 접속한 대상 PC가 없습니다.",
                        "No PC that may see this notice was seen in the last 24 hours."),
    "reach.explain": (
        "숫자는 이 알림을 보고한 PC 수(중복 없음)입니다. 비율은 그 수를 최근 24시간 안에 접속했고 "
        "대상 부서가 맞는 PC 수로 나눈 값입니다(최대 100%). 수신 확인은 통계이며 서명이 아닙니다.",
        "Numbers are distinct PCs that reported the notice. Percentages divide them by the PCs "
        "seen in the last 24 hours whose audience matches (at most 100 %). Receipts are "
        "statistics, not signatures.",
    ),
    "reach.refresh": ("이 페이지는 열려 있는 동안 저절로 새로 고칩니다.",
                      "This page refreshes itself while it is open."),
    "reach.by_department": ("부서별", "By department"),
    "reach.department": ("부서", "Department"),
    "reach.eligible": ("대상 PC(활성)", "Active PCs"),
    "reach.total": ("전체", "All"),
    "reach.no_department": ("(부서 미설정)", "(no department)"),
    "reach.pending_title": ("아직 확인하지 않은 PC", "PCs that have not acknowledged"),
    "reach.pending_more": ("처음 {shown}대만 보여 줍니다. 전체 목록은 CSV로 내려받으세요.",
                           "Only the first {shown} are shown; download the CSV for all."),
    "reach.pending_none": ("대상 PC가 모두 확인했습니다.", "Every PC has acknowledged."),
    "reach.user": ("사용자", "User"),
    "reach.host": ("PC 이름", "Host"),
    "reach.last_seen": ("마지막 접속", "Last seen"),
    "reach.client_id": ("PC ID", "PC id"),
    "reach.anonymous": ("(익명)", "(anonymous)"),
    "reach.csv": ("CSV 내려받기", "Download CSV"),
    "reach.csv_notice": ("알림", "Notice"),
    "reach.off": ("이 서버는 수신 확인을 받지 않습니다(--receipts off).",
                  "This server does not collect receipts (--receipts off)."),
    "reach.anonymous_mode": ("익명 모드: 사용자와 PC 이름은 저장하지 않습니다.",
                             "Anonymous mode: user and host names are not stored."),
    "reach.link": ("도달 현황", "Reach"),
    "fleet.title": ("PC 현황", "PCs"),
    "fleet.online": ("지금 접속(10분 이내)", "Online now (10 min)"),
    "fleet.today": ("오늘 접속", "Seen today"),
    "fleet.active": ("24시간 이내", "Last 24 h"),
    "fleet.total": ("등록된 PC", "Known PCs"),
    "fleet.versions": ("버전별(최근 7일)", "Versions (last 7 days)"),
    "fleet.platforms": ("운영체제별(최근 7일)", "Platforms (last 7 days)"),
    "fleet.version": ("버전", "Version"),
    "fleet.platform": ("운영체제", "Platform"),
    "fleet.count": ("PC 수", "PCs"),
    "fleet.audiences": ("대상 부서", "Audiences"),
    "fleet.first_seen": ("처음 접속", "First seen"),
    "fleet.stale": ("7일 넘게 접속하지 않은 PC ({count}대)", "Not seen for 7 days ({count})"),
    "fleet.stale_none": ("없음", "None"),
    "fleet.unknown": ("(알 수 없음)", "(unknown)"),
    "fleet.explain": (
        "PC는 수신 확인이나 접속 신호(시작할 때와 1시간마다)를 보낸 티커입니다. 수신 확인은 통계이며 "
        "서명이 아닙니다: 인트라넷의 누구나 보낼 수 있습니다.",
        "PCs are bars that sent receipts or heartbeats (at start and every hour). Receipts are "
        "statistics, not signatures: anyone on the intranet can send one.",
    ),
    "fleet.retention": ("수신 확인과 PC 기록은 {days}일 동안 보관합니다.",
                        "Receipts and PC records are kept for {days} days."),
}
