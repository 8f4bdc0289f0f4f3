<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ko_KR">
  <context>
    <name>AboutDialog</name>
    <message>
      <source>정보</source>
      <translation>About</translation>
    </message>
    <message>
      <source>시청의 행사, 신규사업, 주요현안을 화면 아래 띠에 보여 줍니다.</source>
      <translation>Shows the city's events, new projects and major issues in a bar at the bottom of the screen.</translation>
    </message>
    <message>
      <source>시정 알림 티커</source>
      <translation>Notice Ticker</translation>
    </message>
  </context>
  <context>
    <name>Application</name>
    <message>
      <source>시정 알림 티커</source>
      <translation>Notice Ticker</translation>
    </message>
  </context>
  <context>
    <name>NoticeDetail</name>
    <message>
      <source>월</source>
      <translation>Mon</translation>
    </message>
    <message>
      <source>화</source>
      <translation>Tue</translation>
    </message>
    <message>
      <source>수</source>
      <translation>Wed</translation>
    </message>
    <message>
      <source>목</source>
      <translation>Thu</translation>
    </message>
    <message>
      <source>금</source>
      <translation>Fri</translation>
    </message>
    <message>
      <source>토</source>
      <translation>Sat</translation>
    </message>
    <message>
      <source>일</source>
      <translation>Sun</translation>
    </message>
    <message>
      <source>%1월 %2일(%3) %4</source>
      <translation>%5 (%3) %4</translation>
    </message>
    <message>
      <source>전체</source>
      <translation>Everyone</translation>
    </message>
    <message>
      <source>%1년 %2월 %3일(%4) %5</source>
      <translation>%6 (%4) %5</translation>
    </message>
    <message>
      <source>매주 %1 %2</source>
      <translation>Every %1 %2</translation>
    </message>
    <message>
      <source>공지 상세</source>
      <translation>Notice details</translation>
    </message>
    <message>
      <source>자세히 보기</source>
      <translation>Open link</translation>
    </message>
    <message>
      <source>닫기</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>확인함</source>
      <translation>Acknowledged</translation>
    </message>
    <message>
      <source>확인했습니다</source>
      <translation>I have read this</translation>
    </message>
    <message>
      <source>%1부터</source>
      <translation>%1 onwards</translation>
    </message>
    <message>
      <source>상시</source>
      <translation>Always</translation>
    </message>
    <message>
      <source>매일 %1</source>
      <translation>Daily %1</translation>
    </message>
    <message>
      <source>기간</source>
      <translation>Period</translation>
    </message>
    <message>
      <source>대상</source>
      <translation>Audience</translation>
    </message>
    <message>
      <source>%1까지</source>
      <translation>until %1</translation>
    </message>
  </context>
  <context>
    <name>NoticeLabels</name>
    <message>
      <source>긴급</source>
      <translation>Urgent</translation>
    </message>
    <message>
      <source>행사</source>
      <translation>Event</translation>
    </message>
    <message>
      <source>신규사업</source>
      <translation>New project</translation>
    </message>
    <message>
      <source>주요현안</source>
      <translation>Major issue</translation>
    </message>
    <message>
      <source>일반</source>
      <translation>Notice</translation>
    </message>
  </context>
  <context>
    <name>NoticesWindow</name>
    <message>
      <source>전체 공지</source>
      <translation>All notices</translation>
    </message>
    <message>
      <source>검색 (제목, 내용, 분류)</source>
      <translation>Search (title, text, category)</translation>
    </message>
    <message>
      <source>자세히 보기</source>
      <translation>Open link</translation>
    </message>
    <message>
      <source>확인함</source>
      <translation>Acknowledged</translation>
    </message>
    <message>
      <source>확인했습니다</source>
      <translation>I have read this</translation>
    </message>
    <message>
      <source>왼쪽 목록에서 공지를 고르세요.</source>
      <translation>Choose a notice in the list on the left.</translation>
    </message>
    <message>
      <source>지금 표시할 공지가 없습니다.</source>
      <translation>There are no current notices.</translation>
    </message>
    <message>
      <source>분류</source>
      <translation>Category</translation>
    </message>
    <message>
      <source>기간</source>
      <translation>Period</translation>
    </message>
    <message>
      <source>대상</source>
      <translation>Audience</translation>
    </message>
    <message>
      <source>%1건 (읽지 않음 %2건)</source>
      <translation>Notices: %1 (unread: %2)</translation>
    </message>
  </context>
  <context>
    <name>Settings</name>
    <message>
      <source>표시</source>
      <translation>Display</translation>
    </message>
    <message>
      <source>알림</source>
      <translation>Notices</translation>
    </message>
    <message>
      <source>네트워크</source>
      <translation>Network</translation>
    </message>
    <message>
      <source>고급</source>
      <translation>Advanced</translation>
    </message>
    <message>
      <source>보통은 바꿀 필요가 없습니다. 서버와 네트워크 사정에 맞춰 전산 담당자가 조정하는 값입니다. 예를 들어 '새 공지를 기다렸다가 곧바로 받기'는 HTTP 롱 폴링(Prefer: wait=)을 쓰며, 서버가 지원할 때만 동작합니다.</source>
      <translation>Usually left alone: IT adjusts these to the server and the network. For example, receiving new notices the moment they are posted uses HTTP long polling (Prefer: wait=) and works only where the server supports it.</translation>
    </message>
    <message>
      <source>공지 피드 주소 목록 (http/https). 여러 개를 쓸 수 있습니다.</source>
      <translation>Notice feed URLs (http/https); several are allowed.</translation>
    </message>
    <message>
      <source>피드를 확인하는 간격(초).</source>
      <translation>Seconds between feed checks.</translation>
    </message>
    <message>
      <source>서버가 지원하면 롱 폴링(Prefer: wait=)으로 새 공지를 즉시 받습니다.</source>
      <translation>Use long polling (Prefer: wait=) where the server supports it.</translation>
    </message>
    <message>
      <source>롱 폴링 한 번에 서버가 기다리는 최대 시간(초).</source>
      <translation>Longest time the server may hold one long-poll request (seconds).</translation>
    </message>
    <message>
      <source>시작 후 첫 요청 전 임의 지연의 최댓값(초). 동시 접속을 분산합니다.</source>
      <translation>Maximum random delay before the first request, to spread PCs booting together (seconds).</translation>
    </message>
    <message>
      <source>요청 하나의 최대 시간(초).</source>
      <translation>Total deadline for one request (seconds).</translation>
    </message>
    <message>
      <source>글자가 흐르는 속도(픽셀/초).</source>
      <translation>Scrolling speed (pixels per second).</translation>
    </message>
    <message>
      <source>글자 크기(포인트). 띠의 높이가 이에 맞춰집니다.</source>
      <translation>Font size in points; the bar's height follows it.</translation>
    </message>
    <message>
      <source>표시할 화면: primary(주 화면), all(모든 화면) 또는 화면 번호(0부터).</source>
      <translation>Screen to use: primary, all, or a screen index (from 0).</translation>
    </message>
    <message>
      <source>띠의 위치: bottom(아래) 또는 top(위).</source>
      <translation>Where the bar docks: bottom or top.</translation>
    </message>
    <message>
      <source>띠 왼쪽에 보이는 짧은 이름.</source>
      <translation>The short label at the left of the bar.</translation>
    </message>
    <message>
      <source>내 부서 이름 목록. 대상이 지정된 공지는 이 부서에만 보입니다.</source>
      <translation>Your department names; targeted notices show only to these.</translation>
    </message>
    <message>
      <source>표시할 분류: event(행사), project(신규사업), issue(주요현안), notice(일반).</source>
      <translation>Categories shown: event, project, issue, notice.</translation>
    </message>
    <message>
      <source>화면 언어: ko(한국어) 또는 en(영어).</source>
      <translation>User interface language: ko (Korean) or en (English).</translation>
    </message>
    <message>
      <source>움직임 줄이기: 흐르지 않고 항목을 하나씩 넘깁니다.</source>
      <translation>Reduced motion: step through items instead of scrolling.</translation>
    </message>
    <message>
      <source>추가로 신뢰할 CA 인증서 묶음(PEM) 파일 경로. 비우면 OS 인증서 저장소만 씁니다.</source>
      <translation>Extra CA bundle (PEM) to trust; empty uses the OS trust store only.</translation>
    </message>
    <message>
      <source>트레이 메뉴에서 끝내기를 허용합니다.</source>
      <translation>Allow quitting from the tray menu.</translation>
    </message>
    <message>
      <source>로그인할 때 자동으로 시작합니다.</source>
      <translation>Start automatically at log-in.</translation>
    </message>
    <message>
      <source>공지를 받고 열고 확인했는지 공지 서버에 알립니다(서버가 요청할 때만).</source>
      <translation>Tell the notice server that notices were shown, opened and acknowledged (only when it asks).</translation>
    </message>
    <message>
      <source>잠글 설정 이름 목록. 사이트 설정 파일에서만 의미가 있습니다.</source>
      <translation>Names of settings users cannot change; meaningful only in the site file.</translation>
    </message>
    <message>
      <source>공지 피드 주소</source>
      <translation>Notice feed addresses</translation>
    </message>
    <message>
      <source>새 공지 확인 간격(초)</source>
      <translation>Check for new notices every (seconds)</translation>
    </message>
    <message>
      <source>새 공지를 기다렸다가 곧바로 받기</source>
      <translation>Receive new notices the moment they are posted</translation>
    </message>
    <message>
      <source>한 번에 기다리는 최대 시간(초)</source>
      <translation>Longest single wait (seconds)</translation>
    </message>
    <message>
      <source>켠 뒤 첫 확인까지 최대 지연(초)</source>
      <translation>Longest delay before the first check (seconds)</translation>
    </message>
    <message>
      <source>서버 응답을 기다리는 최대 시간(초)</source>
      <translation>Longest wait for the server (seconds)</translation>
    </message>
    <message>
      <source>흐르는 속도</source>
      <translation>Scrolling speed</translation>
    </message>
    <message>
      <source>글자 크기</source>
      <translation>Text size</translation>
    </message>
    <message>
      <source>표시할 화면</source>
      <translation>Screen</translation>
    </message>
    <message>
      <source>띠 위치</source>
      <translation>Bar position</translation>
    </message>
    <message>
      <source>띠 왼쪽에 보이는 이름</source>
      <translation>Name at the left of the bar</translation>
    </message>
    <message>
      <source>내 부서</source>
      <translation>My departments</translation>
    </message>
    <message>
      <source>받을 공지 종류</source>
      <translation>Kinds of notices to show</translation>
    </message>
    <message>
      <source>화면 언어</source>
      <translation>Language</translation>
    </message>
    <message>
      <source>움직임 줄이기</source>
      <translation>Reduce motion</translation>
    </message>
    <message>
      <source>추가로 신뢰할 인증서 파일</source>
      <translation>Extra certificate file to trust</translation>
    </message>
    <message>
      <source>트레이 메뉴에서 끝내기 허용</source>
      <translation>Allow quitting from the tray menu</translation>
    </message>
    <message>
      <source>로그인하면 자동으로 시작</source>
      <translation>Start when I log in</translation>
    </message>
    <message>
      <source>공지를 봤는지 서버에 알리기</source>
      <translation>Let the notice server know I saw a notice</translation>
    </message>
    <message>
      <source>잠글 설정</source>
      <translation>Locked settings</translation>
    </message>
    <message>
      <source>정수이어야 합니다: %1</source>
      <translation>must be an integer: %1</translation>
    </message>
    <message>
      <source>유한한 숫자여야 합니다: %1</source>
      <translation>must be finite: %1</translation>
    </message>
    <message>
      <source>너무 작습니다: %1 (최소 %2)</source>
      <translation>too small: %1 (minimum %2)</translation>
    </message>
    <message>
      <source>너무 큽니다: %1 (최대 %2)</source>
      <translation>too large: %1 (maximum %2)</translation>
    </message>
    <message>
      <source>너무 깁니다: %1자 (최대 %2자)</source>
      <translation>too long: %1 characters (maximum %2)</translation>
    </message>
    <message>
      <source>제어 문자가 들어 있습니다</source>
      <translation>contains control characters</translation>
    </message>
    <message>
      <source>허용되지 않는 값입니다: %1 (가능: %2)</source>
      <translation>not one of %2: %1</translation>
    </message>
    <message>
      <source>http/https 주소가 아닙니다: %1</source>
      <translation>not an http/https URL: %1</translation>
    </message>
    <message>
      <source>잠글 수 있는 설정 이름이 아닙니다: %1</source>
      <translation>not a lockable setting name: %1</translation>
    </message>
    <message>
      <source>파일이 없습니다: %1</source>
      <translation>no such file: %1</translation>
    </message>
    <message>
      <source>문자열 목록이어야 합니다: %1</source>
      <translation>must be a list of strings: %1</translation>
    </message>
    <message>
      <source>항목이 적어도 %1개 있어야 합니다</source>
      <translation>needs at least %1 entries</translation>
    </message>
    <message>
      <source>항목이 너무 많습니다: %1개 (최대 %2개)</source>
      <translation>too many entries: %1 (maximum %2)</translation>
    </message>
    <message>
      <source>숫자이어야 합니다: %1</source>
      <translation>must be a number: %1</translation>
    </message>
    <message>
      <source>primary, all 또는 0~%1 화면 번호여야 합니다: %2</source>
      <translation>must be primary, all or a screen index 0-%1: %2</translation>
    </message>
    <message>
      <source>참/거짓(true/false)이어야 합니다: %1</source>
      <translation>must be true or false: %1</translation>
    </message>
    <message>
      <source>문자열이어야 합니다: %1</source>
      <translation>must be a string: %1</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>아래</source>
      <translation>Bottom</translation>
    </message>
    <message>
      <source>위</source>
      <translation>Top</translation>
    </message>
    <message>
      <source>CA 인증서 묶음 파일 선택</source>
      <translation>Choose a CA bundle file</translation>
    </message>
    <message>
      <source>인증서 (*.pem *.crt *.cer);;모든 파일 (*)</source>
      <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
      <source>설정</source>
      <translation>Settings</translation>
    </message>
    <message>
      <source>저장</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>취소</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>주 화면 (primary)</source>
      <translation>Primary screen (primary)</translation>
    </message>
    <message>
      <source>모든 화면 (all)</source>
      <translation>All screens (all)</translation>
    </message>
    <message>
      <source>한 줄에 하나씩</source>
      <translation>One per line</translation>
    </message>
    <message>
      <source>찾아보기…</source>
      <translation>Browse…</translation>
    </message>
    <message>
      <source>관리자가 잠근 설정입니다</source>
      <translation>Locked by your administrator</translation>
    </message>
    <message>
      <source>고칠 값이 있습니다. 빨간 글씨를 확인하세요.</source>
      <translation>Some values need fixing; see the red text.</translation>
    </message>
    <message>
      <source>명령줄 값이 우선합니다</source>
      <translation>The command-line value takes precedence</translation>
    </message>
    <message>
      <source>화면 %1</source>
      <translation>Screen %1</translation>
    </message>
    <message>
      <source>설정 파일을 저장하지 못했습니다: %1</source>
      <translation>Could not save the settings file: %1</translation>
    </message>
  </context>
  <context>
    <name>SettingsFiles</name>
    <message>
      <source>설정 오류: %1: %2 — 무시합니다.</source>
      <translation>Settings error: %1: %2 — ignored.</translation>
    </message>
    <message>
      <source>파일이 너무 큽니다 (최대 %1 바이트)</source>
      <translation>file too large (maximum %1 bytes)</translation>
    </message>
    <message>
      <source>파일을 읽을 수 없습니다: %1</source>
      <translation>cannot read file: %1</translation>
    </message>
    <message>
      <source>UTF-8 텍스트가 아닙니다</source>
      <translation>not UTF-8 text</translation>
    </message>
    <message>
      <source>알림: %1 [locked]: 잠금 목록은 사이트 설정 파일에서만 쓸 수 있어 무시합니다.</source>
      <translation>Note: 'locked' is only honoured in the site file; ignored.</translation>
    </message>
    <message>
      <source>알림: %1 [%2]: 관리자가 잠근 설정이라 바꿀 수 없습니다.</source>
      <translation>Note: this setting is locked by the administrator; your value is ignored.</translation>
    </message>
    <message>
      <source>TOML 문법 오류 (%1): %2</source>
      <translation>TOML syntax error (%1): %2</translation>
    </message>
    <message>
      <source>같은 키가 두 번 있습니다</source>
      <translation>duplicate key</translation>
    </message>
    <message>
      <source>파일이 없습니다</source>
      <translation>file not found</translation>
    </message>
    <message>
      <source>알 수 없는 설정 이름입니다</source>
      <translation>unknown setting</translation>
    </message>
  </context>
  <context>
    <name>TickerApp</name>
    <message>
      <source>공지 피드 주소가 설정되지 않았습니다. 설정에서 feeds를 입력하거나 --feed URL로 시작하세요.</source>
      <translation>No feed URL is set. Enter one under feeds in the settings or start with --feed URL.</translation>
    </message>
    <message>
      <source>사용자 설정</source>
      <translation>User settings</translation>
    </message>
    <message>
      <source>사이트 설정</source>
      <translation>Site settings</translation>
    </message>
    <message>
      <source>로그</source>
      <translation>Log</translation>
    </message>
    <message>
      <source>피드</source>
      <translation>Feeds</translation>
    </message>
    <message>
      <source>자동 시작 설정을 바꾸지 못했습니다: %1</source>
      <translation>Could not change the autostart setting: %1</translation>
    </message>
    <message>
      <source>긴급 공지</source>
      <translation>Urgent notice</translation>
    </message>
    <message>
      <source>설정 확인 필요</source>
      <translation>Check the settings</translation>
    </message>
    <message>
      <source>현재 공지 %1건</source>
      <translation>Current notices: %1</translation>
    </message>
    <message>
      <source>외 %1건 (로그 참고)</source>
      <translation>and %1 more (see the log)</translation>
    </message>
  </context>
  <context>
    <name>TickerBar</name>
    <message>
      <source>현재 공지가 없습니다</source>
      <translation>No current notices</translation>
    </message>
    <message>
      <source>서버에 연결할 수 없습니다</source>
      <translation>Cannot reach the server</translation>
    </message>
    <message>
      <source>시정 알림 티커</source>
      <translation>Notice Ticker</translation>
    </message>
    <message>
      <source>연결됨 — 최신 공지를 받고 있습니다</source>
      <translation>Connected — receiving the latest notices</translation>
    </message>
    <message>
      <source>지연됨 — 마지막으로 받은 공지를 표시합니다</source>
      <translation>Delayed — showing the last notices received</translation>
    </message>
    <message>
      <source>오프라인 — 저장된 공지를 표시합니다</source>
      <translation>Offline — showing saved notices</translation>
    </message>
    <message>
      <source>{time}부터</source>
      <translation>since {time}</translation>
    </message>
  </context>
  <context>
    <name>TrayIcon</name>
    <message>
      <source>연결됨</source>
      <translation>Connected</translation>
    </message>
    <message>
      <source>지연됨</source>
      <translation>Delayed</translation>
    </message>
    <message>
      <source>오프라인</source>
      <translation>Offline</translation>
    </message>
    <message>
      <source>시작 중</source>
      <translation>Starting</translation>
    </message>
    <message>
      <source>지금 새로 고침</source>
      <translation>Refresh now</translation>
    </message>
    <message>
      <source>전체 공지</source>
      <translation>All notices</translation>
    </message>
    <message>
      <source>알림 끄기</source>
      <translation>Snooze</translation>
    </message>
    <message>
      <source>30분</source>
      <translation>30 minutes</translation>
    </message>
    <message>
      <source>1시간</source>
      <translation>1 hour</translation>
    </message>
    <message>
      <source>내일까지</source>
      <translation>Until tomorrow</translation>
    </message>
    <message>
      <source>알림 다시 켜기</source>
      <translation>Turn notices back on</translation>
    </message>
    <message>
      <source>설정</source>
      <translation>Settings</translation>
    </message>
    <message>
      <source>정보</source>
      <translation>About</translation>
    </message>
    <message>
      <source>끝내기</source>
      <translation>Quit</translation>
    </message>
    <message>
      <source>재개</source>
      <translation>Resume</translation>
    </message>
    <message>
      <source>일시 정지</source>
      <translation>Pause</translation>
    </message>
    <message>
      <source>일시 정지됨</source>
      <translation>Paused</translation>
    </message>
    <message>
      <source>시정 알림 티커</source>
      <translation>Notice Ticker</translation>
    </message>
    <message>
      <source>알림 꺼짐: %1까지</source>
      <translation>Snoozed until %1</translation>
    </message>
  </context>
</TS>
