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
      <source>확인함</source>
      <translation>Acknowledged</translation>
    </message>
    <message>
      <source>확인했습니다</source>
      <translation>I have read this</translation>
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
