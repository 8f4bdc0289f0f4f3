"""UI strings of the admin page: Korean first, English second.

The language is chosen by ``?lang=ko|en`` (remembered in a cookie). Templates call
``t("key")``; a missing key shows the key itself so a gap is visible, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable

from server_stub import account_rules
from server_stub.admin.i18n_reach import REACH_MESSAGES

LANGUAGES = ("ko", "en")
DEFAULT_LANGUAGE = "ko"
LANG_COOKIE = "nt_admin_lang"

# key: (Korean, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "app.title": ("시정 알림 관리", "Notice Ticker admin"),
    "app.subtitle": ("시정 상시공유시스템", "City notice sharing system"),
    "nav.notices": ("알림", "Notices"),
    "nav.new": ("새 알림", "New notice"),
    "nav.users": ("사용자", "Users"),
    "nav.tokens": ("API 토큰", "API tokens"),
    "nav.audit": ("감사 기록", "Audit log"),
    "nav.departments": ("부서", "Departments"),
    "nav.signout": ("로그아웃", "Sign out"),
    "nav.lang_other": ("English", "한국어"),
    "nav.signed_in_as": ("로그인:", "Signed in as"),
    "role.admin": ("관리자", "Administrator"),
    "role.publisher": ("게시자", "Publisher"),
    # sign-in
    "login.title": ("로그인", "Sign in"),
    "login.username": ("아이디", "User name"),
    "login.password": ("비밀번호", "Password"),
    "login.submit": ("로그인", "Sign in"),
    "login.failed": ("아이디 또는 비밀번호가 올바르지 않습니다.", "Wrong user name or password."),
    "login.throttled": (
        "로그인 실패가 너무 많습니다. {minutes}분 후에 다시 시도하세요.",
        "Too many failed sign-ins. Try again in {minutes} min.",
    ),
    "login.expired": ("세션이 만료되었습니다. 다시 로그인하세요.", "Your session expired. Please sign in again."),
    "login.expired_form": (
        "세션이 만료되어 아직 저장하지 않았습니다. 입력한 내용은 그대로 있습니다. "
        "아래에서 다시 로그인하고 저장을 누르면 저장됩니다.",
        "Your session expired, so nothing was saved yet. Everything you typed is still here: "
        "sign in below and press Save.",
    ),
    "login.again": ("다시 로그인", "Sign in again"),
    "login.signed_out": ("로그아웃했습니다.", "You have signed out."),
    # errors
    "error.csrf": (
        "보안 토큰이 없거나 올바르지 않습니다. 페이지를 새로 고친 뒤 다시 시도하세요.",
        "The security token is missing or invalid. Reload the page and try again.",
    ),
    "error.forbidden": ("이 작업을 할 권한이 없습니다.", "You are not allowed to do this."),
    "error.not_found": ("찾을 수 없습니다.", "Not found."),
    "error.origin": (
        "다른 사이트에서 보낸 요청이라 거부했습니다. 아무것도 바뀌지 않았습니다. "
        "이 관리 페이지에서 다시 시도하세요.",
        "This request came from another site and was refused; nothing changed. "
        "Please try again from this admin page.",
    ),
    "error.form": ("입력 내용을 확인하세요. 표시된 항목을 고쳐야 합니다.", "Please check the marked fields."),
    "error.title": ("오류", "Error"),
    "error.control_chars": (
        "보이지 않는 제어 문자(NUL, 방향 제어 문자 등)는 쓸 수 없습니다.",
        "Invisible control characters (NUL, direction overrides, ...) are not allowed.",
    ),
    "error.back": ("돌아가기", "Go back"),
    # notice fields
    "field.title": ("제목", "Title"),
    "field.body": ("내용", "Body"),
    "field.category": ("분류", "Category"),
    "field.priority": ("중요도", "Priority"),
    "field.link": ("링크", "Link"),
    "field.starts_at": ("게시 시작", "Starts"),
    "field.ends_at": ("게시 종료", "Ends"),
    "field.recurrence": ("반복", "Repeat"),
    "field.audience": ("대상 부서", "Audience"),
    "field.visibility": ("공개 범위", "Visibility"),
    "field.status": ("상태", "Status"),
    "field.author": ("작성자", "Author"),
    "field.updated_at": ("수정", "Updated"),
    "field.period": ("게시 기간", "Period"),
    "field.id": ("식별자", "ID"),
    "field.name": ("이름", "Name"),
    "field.role": ("권한", "Role"),
    "field.disabled": ("사용 중지", "Disabled"),
    "field.password": ("비밀번호", "Password"),
    "field.revoked": ("폐기", "Revoked"),
    "field.sort_order": ("순서", "Order"),
    "hint.title": ("200자 이내", "Up to 200 characters"),
    "hint.body": ("일반 텍스트, 5,000자 이내", "Plain text, up to 5,000 characters"),
    "hint.link": ("http:// 또는 https:// 주소 (선택)", "An http:// or https:// address (optional)"),
    "hint.period": ("서울 시간(KST) 기준", "Asia/Seoul time (KST)"),
    "hint.period_zone": ("{zone} 시간 기준", "{zone} time"),
    "hint.starts_now": (
        "기본값은 지금입니다. 나중에 게시하려면 시각을 바꾸세요.",
        "Defaults to now. Change it to publish later.",
    ),
    "hint.audience": ("선택하지 않으면 전체 직원에게 표시됩니다.", "Leave all unticked to show to everyone."),
    "hint.no_departments": ("등록된 부서가 없습니다.", "No departments yet."),
    "category.event": ("행사", "Event"),
    "category.project": ("신규사업", "New project"),
    "category.issue": ("주요현안", "Major issue"),
    "category.notice": ("일반", "General"),
    "priority.normal": ("보통", "Normal"),
    "priority.high": ("중요", "High"),
    "priority.urgent": ("긴급", "Urgent"),
    "visibility.internal": ("내부", "Internal"),
    "visibility.public": ("외부 공개", "Public"),
    "status.draft": ("임시저장", "Draft"),
    "status.published": ("게시", "Published"),
    "status.archived": ("보관", "Archived"),
    "recurrence.none": ("반복 없음", "No repeat"),
    "recurrence.weekly": ("매주 선택한 요일", "Weekly on chosen days"),
    "recurrence.daily": ("매일", "Daily"),
    "recurrence.window": ("표시 시간", "Time window"),
    "recurrence.weekdays": ("요일", "Weekdays"),
    "recurrence.from": ("부터", "from"),
    "recurrence.to": ("까지", "to"),
    "weekday.mon": ("월", "Mon"),
    "weekday.tue": ("화", "Tue"),
    "weekday.wed": ("수", "Wed"),
    "weekday.thu": ("목", "Thu"),
    "weekday.fri": ("금", "Fri"),
    "weekday.sat": ("토", "Sat"),
    "weekday.sun": ("일", "Sun"),
    "audience.everyone": ("전체", "Everyone"),
    # notice list
    "list.title": ("알림 목록", "Notices"),
    "list.filter": ("검색", "Filter"),
    "list.reset": ("초기화", "Reset"),
    "list.search": ("제목 검색", "Search titles"),
    "list.any": ("전체", "All"),
    "list.time": ("기간", "Time"),
    "time.current": ("게시 중", "Current"),
    "time.upcoming": ("예정", "Upcoming"),
    "time.ended": ("종료", "Ended"),
    "list.empty": ("조건에 맞는 알림이 없습니다.", "No notices match."),
    "list.count": ("{count}건", "{count} notices"),
    "list.actions": ("작업", "Actions"),
    "list.pages": ("페이지", "Pages"),
    "list.range": ("전체 {total}건 중 {first}–{last}", "{first}–{last} of {total}"),
    "list.prev": ("이전", "Previous"),
    "list.next": ("다음", "Next"),
    "list.page_of": ("{page} / {pages} 쪽", "Page {page} of {pages}"),
    "action.edit": ("수정", "Edit"),
    "action.duplicate": ("복제", "Duplicate"),
    "action.archive": ("보관", "Archive"),
    "action.publish": ("게시", "Publish"),
    "action.save": ("저장", "Save"),
    "action.preview": ("미리보기 갱신", "Update preview"),
    "action.cancel": ("취소", "Cancel"),
    "action.add": ("추가", "Add"),
    "action.disable": ("사용 중지", "Disable"),
    "action.enable": ("다시 사용", "Enable"),
    "action.reset_password": ("비밀번호 재설정", "Reset password"),
    "action.revoke": ("폐기", "Revoke"),
    "action.create": ("만들기", "Create"),
    "action.delete": ("삭제", "Delete"),
    "action.rename": ("이름 변경", "Rename"),
    "action.older": ("이전 기록", "Older"),
    "confirm.archive": ("이 알림을 보관할까요? 티커에서 사라집니다.", "Archive this notice? It leaves the ticker."),
    "flash.created": ("알림을 저장했습니다.", "Notice saved."),
    "form.gone": (
        "이 공지는 이미 삭제되었습니다. 입력한 내용은 아래에 그대로 있습니다. "
        "저장을 누르면 새 알림으로 저장됩니다.",
        "This notice has already been deleted. What you typed is still below: "
        "press Save to save it as a new notice.",
    ),
    "flash.scheduled": ("알림을 저장했습니다. {when}.", "Notice saved. {when}"),
    "flash.updated": ("알림을 수정했습니다.", "Notice updated."),
    "flash.archived": ("알림을 보관했습니다.", "Notice archived."),
    "flash.published": ("알림을 게시했습니다.", "Notice published."),
    # notice form
    "form.new": ("새 알림", "New notice"),
    "form.edit": ("알림 수정", "Edit notice"),
    "form.duplicate": ("알림 복제", "Duplicate notice"),
    "form.copy_prefix": ("(사본) ", "(Copy) "),
    "form.preview": ("티커 미리보기", "Ticker preview"),
    "form.preview_hint": (
        "직원 PC 화면 아래 티커에 이렇게 표시됩니다.",
        "This is how the bar at the bottom of staff screens shows it.",
    ),
    "form.bad_datetime": (
        "날짜와 시간을 올바르게 입력하세요 (예: 2026-11-23 09:00).",
        "Enter a valid date and time (e.g. 2026-11-23 09:00).",
    ),
    "form.conflict": (
        "이 알림을 연 뒤에 다른 사용자가 먼저 수정했습니다. 목록에서 최신 내용을 확인하거나, "
        "아래 입력 내용으로 덮어쓰려면 다시 저장하세요.",
        "Someone else changed this notice after you opened it. Check the latest version in "
        "the list, or save again to overwrite it with what is below.",
    ),
    "form.bad_time": ("시간을 HH:MM 형식으로 입력하세요.", "Enter a time as HH:MM."),
    # users
    "users.title": ("사용자 관리", "Users"),
    "users.add": ("사용자 추가", "Add a user"),
    "users.name": ("아이디", "User name"),
    "users.role": ("권한", "Role"),
    "users.password": ("비밀번호", "Password"),
    "users.password_confirm": ("비밀번호 확인", "Confirm password"),
    "users.new_password": ("새 비밀번호", "New password"),
    "users.state": ("상태", "State"),
    "users.active": ("사용 중", "Active"),
    "users.disabled": ("사용 중지", "Disabled"),
    "users.created": ("사용자를 추가했습니다.", "User added."),
    "users.disabled_done": ("사용자를 사용 중지했습니다.", "User disabled."),
    "users.enabled_done": ("사용자를 다시 사용하도록 했습니다.", "User enabled."),
    "users.password_done": ("비밀번호를 재설정했습니다.", "Password reset."),
    # The account rules' own wording (server_stub/account_rules.py), shared with the CLI.
    "users.err_name": account_rules.MESSAGES["user_name"],
    "users.err_exists": ("이미 있는 아이디입니다.", "That user name is taken."),
    "users.err_role": ("권한을 선택하세요.", "Choose a role."),
    "users.err_password": account_rules.MESSAGES["password_length"],
    "users.err_confirm": account_rules.MESSAGES["password_confirm"],
    "users.err_self": ("자기 자신은 사용 중지할 수 없습니다.", "You cannot disable yourself."),
    # own account
    "account.title": ("내 계정", "My account"),
    "account.change_password": ("비밀번호 변경", "Change password"),
    "account.current": ("현재 비밀번호", "Current password"),
    "account.err_current": ("현재 비밀번호가 올바르지 않습니다.", "The current password is wrong."),
    # tokens
    "tokens.title": ("API 토큰", "API tokens"),
    "tokens.create": ("토큰 만들기", "Create a token"),
    "tokens.name": ("이름", "Name"),
    "tokens.role": ("권한", "Role"),
    "tokens.created_at": ("생성", "Created"),
    "tokens.last_used": ("마지막 사용", "Last used"),
    "tokens.revoked": ("폐기됨", "Revoked"),
    "tokens.active": ("사용 가능", "Active"),
    "tokens.shown_once": (
        "새 토큰입니다. 이 화면에서 한 번만 표시되니 지금 복사해 두세요.",
        "Here is the new token. It is shown only once: copy it now.",
    ),
    "tokens.revoked_done": ("토큰을 폐기했습니다.", "Token revoked."),
    "tokens.err_name": account_rules.MESSAGES["token_name"],
    "tokens.never": ("없음", "never"),
    # audit
    "audit.title": ("감사 기록", "Audit log"),
    "audit.at": ("시각", "When"),
    "audit.actor": ("사용자", "Who"),
    "audit.action": ("작업", "What"),
    "audit.target": ("대상", "Target"),
    "audit.changes": ("변경 항목", "Changed fields"),
    "audit.append_only": (
        "감사 기록은 추가만 되며 수정하거나 지울 수 없습니다.",
        "The audit log is append-only: entries cannot be changed or deleted.",
    ),
    "audit.empty": ("기록이 없습니다.", "No entries."),
    "audit.all": ("전체 기록 보기", "Show all entries"),
    "audit.newest": ("← 최신 기록", "← Newest"),
    "audit.history": ("이 알림의 변경 이력", "This notice's change history"),
    # departments
    "departments.title": ("부서 관리", "Departments"),
    "departments.name": ("부서명", "Name"),
    "departments.order": ("순서", "Order"),
    "departments.add": ("부서 추가", "Add a department"),
    "departments.created": ("부서를 추가했습니다.", "Department added."),
    "departments.renamed": ("부서 정보를 바꿨습니다.", "Department updated."),
    "departments.deleted": ("부서를 삭제했습니다.", "Department deleted."),
    "departments.err_name": ("부서명을 1~60자로 입력하세요.", "Enter a name of 1–60 characters."),
    "departments.err_exists": ("이미 있는 부서명입니다.", "That department already exists."),
    "departments.err_reserved": (
        "밑줄 두 개(__)로 시작하는 이름은 쓸 수 없습니다.",
        "Names starting with two underscores (__) are reserved.",
    ),
    "departments.err_order": ("순서는 0~9999 사이의 숫자입니다.", "Order is a number from 0 to 9999."),
    "departments.hint": (
        "알림의 대상 부서는 이 목록에서 고릅니다. 삭제해도 기존 알림의 대상은 그대로 남습니다.",
        "Notice audiences are picked from this list. Deleting keeps existing notices' audience.",
    ),
}

MESSAGES.update(REACH_MESSAGES)


def normalise_language(value: str | None) -> str:
    """Map anything the browser sends to a supported language code."""
    if value and value.lower()[:2] in LANGUAGES:
        return value.lower()[:2]
    return DEFAULT_LANGUAGE


def translate(key: str, lang: str, **params: object) -> str:
    """Return the string for ``key`` in ``lang``; ``{name}`` placeholders are filled from params."""
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**params) if params else text


def translator(lang: str) -> Callable[..., str]:
    """A ``t(key, **params)`` bound to one language, for templates."""

    def t(key: str, **params: object) -> str:
        return translate(key, lang, **params)

    return t
