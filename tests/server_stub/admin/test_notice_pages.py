"""Notice pages: create, edit, duplicate, publish, archive, preview, list filters, validation.

Every change must go through NoticeService: it shows up in /feed.json and in the audit log.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from server_stub.admin import listing
from server_stub.api_schema import NOTICE_CREATE_SCHEMA, RECURRENCE_SCHEMA

from .conftest import ADMIN_PASSWORD, audit_entries, notice_form


@pytest.fixture
def departments(admin):
    for name in ("총무과", "민원지적과", "건설과"):
        assert admin.post("/admin/departments", {"name": name}).status_code == 303
    return ["총무과", "민원지적과", "건설과"]


def feed_items(browser, audience: str | None = None) -> list[dict]:
    url = "/feed.json" + (f"?audience={audience}" if audience else "")
    response = browser.client.get(url)
    assert response.status_code == 200
    return response.json()["items"]


def only_notice(app):
    notices, total = app.state.deps.service.list()
    assert total == 1
    return notices[0]


def errors_in(html: str) -> dict[str, str]:
    return dict(re.findall(r'<div class="err" id="err-([\w-]+)">([^<]+)</div>', html))


def test_create_an_event_for_one_department(app, admin, departments):
    response = admin.post("/admin/notices/new", notice_form())
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/notices?msg=created"
    notice = only_notice(app)
    assert notice.title == "덕진구 김장 나눔 행사"
    assert notice.audience == ("총무과",)
    assert notice.author == "admin1"
    assert notice.starts_at == datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # 09:00 Asia/Seoul
    assert notice.ends_at == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    listing = admin.get("/admin/notices?msg=created").text
    assert "알림을 저장했습니다." in listing
    assert "덕진구 김장 나눔 행사" in listing and 'class="badge event">행사' in listing
    assert "2026-11-23 09:00" in listing
    assert [i["title"] for i in feed_items(admin, "총무과")] == ["덕진구 김장 나눔 행사"]
    assert feed_items(admin, "건설과") == []
    [entry] = audit_entries(app, notice.id)
    assert (entry.actor, entry.action) == ("admin1", "publish")
    assert entry.changes["title"] == [None, "덕진구 김장 나눔 행사"]


def test_publisher_can_create_a_weekly_recurring_notice(app, publisher):
    response = publisher.post("/admin/notices/new", notice_form(
        recurrence="weekly", **{"recurrence.weekdays": ["mon", "wed"],
                                "recurrence.start": "08:30", "recurrence.end": "09:30"},
        audience=[]))
    assert response.status_code == 303
    notice = only_notice(app)
    assert notice.recurrence.as_dict() == {"freq": "weekly", "weekdays": ["mon", "wed"],
                                           "start": "08:30", "end": "09:30", "tz": "Asia/Seoul"}
    assert notice.author == "pub1"
    assert feed_items(publisher)[0]["_ticker"]["recurrence"]["weekdays"] == ["mon", "wed"]


def test_daily_recurrence_ignores_ticked_weekdays(app, admin):
    admin.post("/admin/notices/new", notice_form(
        recurrence="daily", **{"recurrence.weekdays": ["mon"], "recurrence.start": "08:30",
                               "recurrence.end": "09:00"}))
    assert only_notice(app).recurrence.as_dict()["weekdays"] == []


@pytest.mark.parametrize(("overrides", "slot", "message"), [
    ({"title": ""}, "title", "제목을 1자 이상 입력하세요."),
    ({"title": "가" * 201}, "title", "제목은 200자 이하여야 합니다."),
    ({"body": "나" * 5001}, "body", "본문은 5,000자 이하여야 합니다."),
    ({"category": "sports"}, "category", "분류은(는)"),
    ({"priority": "panic"}, "priority", "중요도은(는)"),
    ({"link": "javascript:alert(1)"}, "link", "링크는 http:// 또는 https://"),
    ({"starts_at": "not a date"}, "starts_at", "날짜와 시간을 올바르게 입력하세요"),
    ({"ends_at": "2026-13-45T99:00"}, "ends_at", "날짜와 시간을 올바르게 입력하세요"),
    ({"ends_at": ""}, "ends_at", "종료 일시은(는) 필수 항목입니다."),
    ({"ends_at": "2026-11-22T09:00"}, "ends_at", "종료 일시는 시작 일시보다 늦어야 합니다."),
    ({"starts_at": "1999-01-01T09:00"}, "starts_at", "2000년부터 2100년 사이"),
    ({"recurrence": "weekly", "recurrence.start": "08:00", "recurrence.end": "09:00"},
     "recurrence-weekdays", "매주 반복에는 요일을 하나 이상 골라야 합니다."),
    ({"recurrence": "daily", "recurrence.start": "", "recurrence.end": "09:00"},
     "recurrence-start", "시작 시각은(는) HH:MM"),
    ({"recurrence": "daily", "recurrence.start": "25:00", "recurrence.end": "09:00"},
     "recurrence-start", "시간을 HH:MM 형식으로 입력하세요."),
    ({"recurrence": "daily", "recurrence.start": "10:00", "recurrence.end": "09:00"},
     "recurrence-end", "종료 시각은 시작 시각보다 늦어야 합니다."),
    ({"recurrence": "daily", "recurrence.start": "08:00", "recurrence.end": "09:00",
      "recurrence.tz": "Mars/Base"}, "recurrence", "시간대는 IANA 이름"),
    ({"audience": ["총,무"]}, "audience", "쉼표"),
    ({"visibility": "secret"}, "visibility", "공개 범위은(는)"),
    ({"status": "deleted"}, "status", "상태은(는)"),
])
def test_each_invalid_field_comes_back_with_a_korean_message_and_the_input_kept(
        app, admin, overrides, slot, message):
    form = notice_form(**overrides)
    response = admin.post("/admin/notices/new", form)
    assert response.status_code == 422
    errors = errors_in(response.text)
    assert slot in errors, errors
    assert message in errors[slot]
    assert "입력 내용을 확인하세요" in response.text
    assert app.state.deps.service.list()[1] == 0  # nothing saved
    # What the admin typed is still there.
    title = form["title"]
    assert f'value="{title}"' in response.text
    assert form["body"] in response.text
    for name in ("starts_at", "ends_at"):
        if form[name] and form[name] != "not a date":
            assert f'value="{form[name]}"' in response.text
    if form["recurrence"] != "none":
        assert f'name="recurrence" value="{form["recurrence"]}" checked' in response.text


def test_several_bad_fields_are_all_reported_at_once(admin):
    response = admin.post("/admin/notices/new", notice_form(
        title="", link="ftp://x", ends_at="2026-11-01T09:00"))
    assert set(errors_in(response.text)) >= {"title", "link", "ends_at"}


def test_posting_without_a_csrf_token_changes_nothing(app, admin):
    response = admin.post("/admin/notices/new", notice_form(), csrf=None)
    assert response.status_code == 403
    assert "보안 토큰이 없거나 올바르지 않습니다" in response.text
    assert app.state.deps.service.list()[1] == 0


def test_posting_with_a_wrong_csrf_token_changes_nothing(app, admin):
    response = admin.post("/admin/notices/new", notice_form(), csrf="x" * 43)
    assert response.status_code == 403
    assert app.state.deps.service.list()[1] == 0


def test_csrf_token_of_another_session_is_rejected(app, admin, publisher):
    response = publisher.post("/admin/notices/new", notice_form(), csrf=admin.csrf)
    assert response.status_code == 403
    assert app.state.deps.service.list()[1] == 0


def test_edit_changes_the_notice_and_audits_the_changed_fields(app, admin):
    admin.post("/admin/notices/new", notice_form())
    notice = only_notice(app)
    page = admin.get(f"/admin/notices/{notice.id}/edit")
    assert page.status_code == 200
    assert 'value="2026-11-23T09:00"' in page.text  # shown back in Asia/Seoul
    response = admin.post(f"/admin/notices/{notice.id}/edit",
                          notice_form(title="김장 나눔 행사 (장소 변경)", priority="urgent"))
    assert response.headers["location"] == "/admin/notices?msg=updated"
    changed = only_notice(app)
    assert (changed.title, changed.priority) == ("김장 나눔 행사 (장소 변경)", "urgent")
    latest = audit_entries(app, notice.id)[0]
    assert latest.action == "update"
    assert set(latest.changes) == {"title", "priority"}


def test_invalid_edit_keeps_the_stored_notice(app, admin):
    admin.post("/admin/notices/new", notice_form())
    notice = only_notice(app)
    response = admin.post(f"/admin/notices/{notice.id}/edit", notice_form(title=""))
    assert response.status_code == 422
    assert only_notice(app).title == notice.title
    assert len(audit_entries(app, notice.id)) == 1


def test_duplicate_prefills_a_draft_copy(app, admin):
    admin.post("/admin/notices/new", notice_form())
    notice = only_notice(app)
    page = admin.get(f"/admin/notices/{notice.id}/duplicate")
    assert 'value="(사본) 덕진구 김장 나눔 행사"' in page.text
    assert '<option value="draft" selected>' in page.text
    assert 'action="/admin/notices/new"' in page.text
    admin.post("/admin/notices/new", notice_form(title="(사본) 덕진구 김장 나눔 행사", status="draft"))
    assert app.state.deps.service.list()[1] == 2
    assert len(feed_items(admin)) == 1  # the draft is not in the feed


def test_publish_a_draft_and_archive_it(app, admin):
    admin.post("/admin/notices/new", notice_form(status="draft"))
    notice = only_notice(app)
    assert feed_items(admin) == []
    assert admin.post(f"/admin/notices/{notice.id}/publish").status_code == 303
    assert [i["id"] for i in feed_items(admin)] == [notice.id]
    response = admin.post(f"/admin/notices/{notice.id}/archive")
    assert response.headers["location"] == "/admin/notices?msg=archived"
    assert feed_items(admin) == []
    assert only_notice(app).status == "archived"
    actions = [e.action for e in audit_entries(app, notice.id)]
    assert actions == ["archive", "publish", "create"]


def test_archive_needs_the_csrf_token(app, admin):
    admin.post("/admin/notices/new", notice_form())
    notice = only_notice(app)
    assert admin.post(f"/admin/notices/{notice.id}/archive", csrf=None).status_code == 403
    assert only_notice(app).status == "published"


def test_unknown_notice_is_404(admin):
    assert admin.get("/admin/notices/n-missing/edit").status_code == 404
    assert admin.post("/admin/notices/n-missing/archive").status_code == 404


def test_preview_button_renders_the_bar_without_saving(app, admin):
    response = admin.post("/admin/notices/new", notice_form(
        action="preview", title="미리보기 제목", category="issue", priority="urgent"))
    assert response.status_code == 200
    assert app.state.deps.service.list()[1] == 0
    bar = response.text[response.text.index('id="preview-bar"') - 40:]
    assert 'class="preview-bar urgent"' in bar
    # Two badges as on the desktop bar (issue 10), not one "긴급 · 주요현안".
    assert '<span class="badge urgent-badge" id="preview-urgent">긴급</span>' in bar
    assert '<span class="badge issue" id="preview-badge">주요현안</span>' in bar
    assert "긴급 · 주요현안" not in bar
    assert '<strong id="preview-title">미리보기 제목</strong>' in bar


def test_new_form_has_the_static_preview_and_department_choices(admin, departments):
    page = admin.get("/admin/notices/new").text
    assert 'id="preview-bar"' in page and 'class="track"' in page
    for name in departments:
        assert f'name="audience" value="{name}"' in page
    assert 'type="datetime-local"' in page
    assert 'value="2026-11-23T09:00"' in page  # next quarter hour in Seoul


def test_list_filters(app, admin, clock):
    admin.post("/admin/notices/new", notice_form(title="현재 행사"))
    admin.post("/admin/notices/new", notice_form(
        title="다음 달 신규사업", category="project", starts_at="2026-12-10T09:00",
        ends_at="2026-12-20T09:00", audience=[]))
    admin.post("/admin/notices/new", notice_form(
        title="지난 현안", category="issue", starts_at="2026-11-01T09:00",
        ends_at="2026-11-02T09:00", audience=["건설과"]))
    admin.post("/admin/notices/new", notice_form(title="임시 일반", category="notice",
                                                 status="draft"))

    def titles(query: str) -> set[str]:
        html = admin.get("/admin/notices" + query).text
        return set(re.findall(r'<td class="title"><a href="[^"]+">([^<]+)</a>', html))

    assert titles("") == {"현재 행사", "다음 달 신규사업", "지난 현안", "임시 일반"}
    assert titles("?time=current") == {"현재 행사", "임시 일반"}
    assert titles("?time=upcoming") == {"다음 달 신규사업"}
    assert titles("?time=ended") == {"지난 현안"}
    assert titles("?status=draft") == {"임시 일반"}
    assert titles("?category=project") == {"다음 달 신규사업"}
    assert titles("?audience=건설과") == {"지난 현안"}
    assert titles("?audience=__everyone__") == {"다음 달 신규사업"}
    assert titles("?q=행사") == {"현재 행사"}
    assert titles("?q=없는제목") == set()
    assert "조건에 맞는 알림이 없습니다." in admin.get("/admin/notices?q=없는제목").text
    clock.advance(days=10)
    assert admin.login("admin1", ADMIN_PASSWORD).status_code == 303  # the session expired
    assert titles("?time=ended") == {"현재 행사", "지난 현안", "임시 일반"}


def test_list_rows_show_badge_priority_period_and_audience(admin):
    admin.post("/admin/notices/new", notice_form(priority="urgent", audience=["총무과", "건설과"]))
    html = admin.get("/admin/notices").text
    row = html[html.index("<tbody>"):html.index("</tbody>")]
    assert 'class="badge event">행사' in row
    assert 'class="pri urgent">긴급' in row
    assert "2026-11-23 09:00<br>~ 2026-11-30 18:00" in row
    assert '<span class="tag">총무과</span><span class="tag">건설과</span>' in row


def test_hostile_text_is_escaped(admin):
    admin.post("/admin/notices/new", notice_form(title="<script>alert(1)</script>"))
    html = admin.get("/admin/notices").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_english_page_shows_english_field_messages(admin):
    response = admin.post("/admin/notices/new?lang=en", notice_form(
        title="", ends_at="2026-11-01T09:00", starts_at="someday"))
    errors = errors_in(response.text)
    assert errors["title"] == "Please enter at least one character."
    assert errors["starts_at"] == "Enter a valid date and time (e.g. 2026-11-23 09:00)."
    assert "Please check the marked fields." in response.text


def test_a_concurrent_edit_is_detected_and_the_typed_form_kept(app, admin, publisher, clock):
    admin.post("/admin/notices/new", notice_form())
    notice = only_notice(app)
    page = admin.get(f"/admin/notices/{notice.id}/edit").text
    version = re.search(r'name="base_version" value="([^"]+)"', page).group(1)
    clock.advance(minutes=1)
    publisher.post(f"/admin/notices/{notice.id}/edit",
                   notice_form(title="게시자가 먼저 고친 제목", base_version=version))
    response = admin.post(f"/admin/notices/{notice.id}/edit",
                          notice_form(title="관리자가 고친 제목", base_version=version))
    assert response.status_code == 409
    assert "다른 사용자가 먼저 수정했습니다" in response.text
    assert 'value="관리자가 고친 제목"' in response.text
    assert only_notice(app).title == "게시자가 먼저 고친 제목"
    newer = re.search(r'name="base_version" value="([^"]+)"', response.text).group(1)
    assert newer != version
    again = admin.post(f"/admin/notices/{notice.id}/edit",
                       notice_form(title="관리자가 고친 제목", base_version=newer))
    assert again.status_code == 303
    assert only_notice(app).title == "관리자가 고친 제목"


# -- list paging and the form's field names --------------------------------------------
def titles_in(html: str) -> list[str]:
    return re.findall(r'<td class="title"><a href="[^"]+">([^<]+)</a>', html)


def test_list_pages_keep_the_filters(app, admin):
    service = app.state.deps.service
    for i in range(120):
        service.create({"title": f"행사 {i:03d}", "category": "event",
                        "starts_at": f"2026-11-{1 + i % 28:02d}T09:00:00+09:00",
                        "ends_at": "2026-12-31T09:00:00+09:00"}, actor="seed")
    service.create({"title": "다른 분류", "category": "project",
                    "starts_at": "2026-11-01T09:00:00+09:00",
                    "ends_at": "2026-12-31T09:00:00+09:00"}, actor="seed")
    first = admin.get("/admin/notices?category=event").text
    assert len(titles_in(first)) == listing.PAGE_SIZE
    assert "전체 120건 중 1–50" in first and "120건" in first
    assert 'href="/admin/notices?category=event&amp;page=2"' in first
    pages = [titles_in(admin.get(f"/admin/notices?category=event&page={p}").text)
             for p in (1, 2, 3)]
    assert [len(p) for p in pages] == [50, 50, 20]
    seen = [t for page in pages for t in page]
    assert sorted(seen) == sorted(f"행사 {i:03d}" for i in range(120))
    last = admin.get("/admin/notices?category=event&page=3").text
    assert 'href="/admin/notices?category=event&amp;page=2"' in last and 'rel="next"' not in last
    # Past the end or malformed: the nearest real page, never an error.
    assert titles_in(admin.get("/admin/notices?category=event&page=99").text) == pages[2]
    assert titles_in(admin.get("/admin/notices?category=event&page=x").text) == pages[0]


def test_notice_form_field_names_are_the_api_json_names(admin, departments):
    html = admin.get("/admin/notices/new").text
    form = html[html.index('id="notice-form"'):html.index("</form>", html.index('id="notice-form"'))]
    names = set(re.findall(r'name="([^"]+)"', form)) - {"csrf_token", "action"}
    api = set(NOTICE_CREATE_SCHEMA["properties"])
    assert {n for n in names if "." not in n} == api
    parts = {n.split(".", 1)[1] for n in names if n.startswith("recurrence.")}
    assert parts == set(RECURRENCE_SCHEMA["properties"]) - {"freq"}  # freq is `recurrence`
    assert {"title", "body", "category", "priority", "link", "starts_at", "ends_at",
            "recurrence", "audience", "visibility", "status"} <= names
