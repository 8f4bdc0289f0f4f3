"""Form <-> API JSON conversion (pure): Asia/Seoul datetimes, recurrence, what is kept."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from server_stub.admin import forms
from server_stub.admin.auth import is_secure_request, tokens_match
from server_stub.admin.i18n import MESSAGES, normalise_language, translate
from server_stub.zone import HOME_ZONE


def test_datetime_local_is_read_as_seoul_time():
    form = forms.form_from_post({"title": "t", "starts_at": "2026-11-23T09:00",
                                 "ends_at": "2026-11-23T18:30"})
    payload, errors = forms.form_to_payload(form)
    assert errors == {}
    assert payload["starts_at"] == "2026-11-23T09:00:00+09:00"
    assert payload["ends_at"] == "2026-11-23T18:30:00+09:00"


def test_stored_times_are_shown_in_seoul_whatever_their_offset():
    assert forms.format_local_datetime("2026-11-23T00:00:00+00:00") == "2026-11-23T09:00"
    assert forms.format_local_datetime(datetime(2026, 11, 22, 15, 30, tzinfo=UTC)) == "2026-11-23T00:30"
    assert forms.format_local_datetime(None) == ""


def test_unreadable_dates_are_reported_not_guessed():
    form = forms.form_from_post({"starts_at": "next tuesday", "ends_at": ""})
    payload, errors = forms.form_to_payload(form)
    assert errors["starts_at"].code == "invalid_datetime"
    assert "ends_at" not in errors  # empty is left to the server's "required" rule
    assert payload["starts_at"] is None and payload["ends_at"] is None


def test_recurrence_fields_build_the_architecture_object():
    data = {"recurrence": "weekly", "recurrence.weekdays": ["mon", "fri", "funday"],
            "recurrence.start": "08:30", "recurrence.end": "09:30"}
    payload, errors = forms.form_to_payload(forms.form_from_post(data))
    assert errors == {}
    assert payload["recurrence"] == {"freq": "weekly", "weekdays": ["mon", "fri"],
                                     "start": "08:30", "end": "09:30", "tz": "Asia/Seoul"}
    daily = forms.form_to_payload(forms.form_from_post({**data, "recurrence": "daily"}))[0]
    assert daily["recurrence"]["weekdays"] == []
    none = forms.form_to_payload(forms.form_from_post({**data, "recurrence": "none"}))[0]
    assert none["recurrence"] is None


def test_malformed_time_window_is_reported():
    data = {"recurrence": "daily", "recurrence.start": "8시", "recurrence.end": "09:30"}
    _, errors = forms.form_to_payload(forms.form_from_post(data))
    assert errors["recurrence.start"].code == "invalid_time"


def test_round_trip_keeps_every_field():
    notice = {
        "title": "제목", "body": "줄1\n줄2", "category": "issue", "priority": "urgent",
        "link": "https://example.go.kr/a", "starts_at": "2026-11-23T09:00:00+09:00",
        "ends_at": "2026-11-24T09:00:00+09:00",
        "recurrence": {"freq": "weekly", "weekdays": ["tue"], "start": "10:00",
                       "end": "11:00", "tz": "Asia/Seoul"},
        "audience": ["총무과", "건설과"], "visibility": "public", "status": "draft",
        "ack_required": True,
    }
    payload, errors = forms.form_to_payload(forms.form_from_notice(notice))
    assert errors == {}
    assert payload == notice


def test_empty_link_becomes_null_and_crlf_becomes_lf():
    payload, _ = forms.form_to_payload(forms.form_from_post({"link": "  ", "body": "a\r\nb"}))
    assert payload["link"] is None
    assert payload["body"] == "a\nb"


def test_duplicate_is_a_marked_draft():
    copy = forms.duplicate_form(forms.NoticeForm(title="행사", status="published"), "(사본) ")
    assert (copy.title, copy.status) == ("(사본) 행사", "draft")
    assert forms.duplicate_form(copy, "(사본) ").title == "(사본) 행사"


def test_blank_form_starts_now_for_a_week():
    """"Publish now" means now: not the next quarter hour (up to 14 minutes later)."""
    form = forms.blank_form(datetime(2026, 11, 23, 0, 7, 42, tzinfo=UTC))
    assert (form.starts_at, form.ends_at) == ("2026-11-23T09:07", "2026-11-30T09:07")
    start = forms.parse_local_datetime(form.starts_at)
    assert start <= datetime(2026, 11, 23, 0, 7, 42, tzinfo=UTC)  # already visible when saved


def test_blank_form_and_dates_use_the_given_zone():
    berlin = ZoneInfo("Europe/Berlin")
    form = forms.blank_form(datetime(2026, 11, 23, 0, 7, tzinfo=UTC), berlin)
    assert form.starts_at == "2026-11-23T01:07" and form.rec_tz == "Europe/Berlin"
    assert forms.parse_local_datetime("2026-11-23T01:07", berlin) == datetime(
        2026, 11, 23, 0, 7, tzinfo=UTC)
    assert forms.format_local_datetime("2026-11-23T00:07:00+00:00", berlin) == "2026-11-23T01:07"
    payload, errors = forms.form_to_payload(forms.form_from_post(
        {"title": "x", "starts_at": "2026-11-23T01:07", "recurrence": "daily",
         "recurrence.start": "08:00", "recurrence.end": "09:00"}, berlin), berlin)
    assert not errors
    assert payload["starts_at"] == "2026-11-23T01:07:00+01:00"
    assert payload["recurrence"]["tz"] == "Europe/Berlin"


def test_scheduled_text_says_when_a_later_notice_appears():
    now = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)
    later = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)  # 09:00 in Seoul
    assert forms.scheduled_text(later, now, HOME_ZONE, "ko") == "12월 7일 09:00에 게시됩니다"
    assert forms.scheduled_text(later, now, HOME_ZONE, "en") == "Appears on Dec 7 at 09:00."
    next_year = datetime(2027, 1, 4, 0, 0, tzinfo=UTC)
    assert forms.scheduled_text(next_year, now, HOME_ZONE, "ko") == "2027년 1월 4일 09:00에 게시됩니다"
    assert forms.scheduled_text(now, now, HOME_ZONE, "ko") is None  # now is not "later"


def test_error_paths_map_to_form_slots():
    assert forms.error_field("recurrence.weekdays") == "recurrence.weekdays"
    assert forms.error_field("recurrence.freq") == "recurrence"
    assert forms.error_field("audience[3]") == "audience"
    assert forms.error_field("title") == "title"


def test_secure_cookie_rule():
    assert is_secure_request("https", None)
    assert is_secure_request("http", "https")
    assert is_secure_request("http", "HTTPS, http")
    assert not is_secure_request("http", None)
    assert not is_secure_request("http", "http")


def test_tokens_match_rejects_empty_tokens():
    assert tokens_match("abc", "abc")
    assert not tokens_match("abc", "abd")
    assert not tokens_match("", "")
    assert not tokens_match(None, "abc")


def test_every_message_has_korean_and_english():
    for key, (ko, en) in MESSAGES.items():
        assert ko.strip() and en.strip(), key
        assert ko != en or key == "nav.lang_other", key
    assert translate("login.throttled", "ko", minutes=3).startswith("로그인 실패가 너무 많습니다. 3분")
    assert translate("no.such.key", "en") == "no.such.key"
    assert normalise_language("en-US") == "en"
    assert normalise_language("fr") == "ko"
