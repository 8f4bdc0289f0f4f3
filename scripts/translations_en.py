"""English for the Korean UI strings (source → translation), used by make_translations.py.

Only strings new to resources/i18n/ticker_en.ts are taken from here; translations already
in the .ts file (e.g. edited in Qt Linguist) are kept.
"""

EN: dict[str, str] = {
    # About
    "정보": "About",
    "시청의 행사, 신규사업, 주요현안을 화면 아래 띠에 보여 줍니다.":
        "Shows the city's events, new projects and major issues in a bar at the bottom of the screen.",
    "시정 알림 티커": "Notice Ticker",
    # Detail popup (ticker/ui/detail.py)
    "공지 상세": "Notice details",
    "자세히 보기": "Open link",
    "닫기": "Close",
    "확인했습니다": "I have read this",
    "확인함": "Acknowledged",
    # All notices window
    "전체 공지": "All notices",
    "검색 (제목, 내용, 분류)": "Search (title, text, category)",
    "왼쪽 목록에서 공지를 고르세요.": "Choose a notice in the list on the left.",
    "지금 표시할 공지가 없습니다.": "There are no current notices.",
    "분류": "Category",
    "기간": "Period",
    "대상": "Audience",
    "%1건 (읽지 않음 %2건)": "Notices: %1 (unread: %2)",
    # Settings dialog
    "설정": "Settings",
    "저장": "Save",
    "취소": "Cancel",
    "주 화면 (primary)": "Primary screen (primary)",
    "모든 화면 (all)": "All screens (all)",
    "화면 %1": "Screen %1",
    "한 줄에 하나씩": "One per line",
    "고칠 값이 있습니다. 빨간 글씨를 확인하세요.": "Some values need fixing; see the red text.",
    "설정 파일을 저장하지 못했습니다: %1": "Could not save the settings file: %1",
    "관리자가 잠근 설정입니다": "Locked by your administrator",
    "명령줄 값이 우선합니다": "The command-line value takes precedence",
    "찾아보기…": "Browse…",
    "CA 인증서 묶음 파일 선택": "Choose a CA bundle file",
    "인증서 (*.pem *.crt *.cer);;모든 파일 (*)": "Certificates (*.pem *.crt *.cer);;All files (*)",
    "아래": "Bottom",
    "위": "Top",
    # Composition root
    "설정 확인 필요": "Check the settings",
    "현재 공지 %1건": "Current notices: %1",
    "공지 피드 주소가 설정되지 않았습니다. 설정에서 feeds를 입력하거나 --feed URL로 시작하세요.":
        "No feed URL is set. Enter one under feeds in the settings or start with --feed URL.",
    "긴급 공지": "Urgent notice",
    # Notice labels (ticker/ui/labels.py)
    "행사": "Event",
    "신규사업": "New project",
    "주요현안": "Major issue",
    "일반": "Notice",
    "긴급": "Urgent",
    "사용자 설정": "User settings",
    "사이트 설정": "Site settings",
    "로그": "Log",
    "피드": "Feeds",
    "외 %1건 (로그 참고)": "and %1 more (see the log)",
    "자동 시작 설정을 바꾸지 못했습니다: %1": "Could not change the autostart setting: %1",
    # Tray
    "연결됨": "Connected",
    "지연됨": "Delayed",
    "오프라인": "Offline",
    "시작 중": "Starting",
    "지금 새로 고침": "Refresh now",
    "알림 끄기": "Snooze",
    "30분": "30 minutes",
    "1시간": "1 hour",
    "내일까지": "Until tomorrow",
    "알림 다시 켜기": "Turn notices back on",
    "끝내기": "Quit",
    "재개": "Resume",
    "일시 정지": "Pause",
    "일시 정지됨": "Paused",
    "알림 꺼짐: %1까지": "Snoozed until %1",
    # The bar (ticker/ui/bar/text.py)
    "연결됨 — 최신 공지를 받고 있습니다": "Connected — receiving the latest notices",
    "지연됨 — 마지막으로 받은 공지를 표시합니다": "Delayed — showing the last notices received",
    "오프라인 — 저장된 공지를 표시합니다": "Offline — showing saved notices",
    "현재 공지가 없습니다": "No current notices",
    "서버에 연결할 수 없습니다": "Cannot reach the server",
    "{time}부터": "since {time}",
}
