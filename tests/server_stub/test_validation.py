"""Every validation rule of the notice model, one by one (pure, no server)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from server_stub.models import NoticeInput
from server_stub.validation import validate_notice

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone(timedelta(hours=9)))


def valid(**overrides) -> dict:
    data = {
        "title": "덕진구 김장 나눔 행사",
        "body": "구청 광장에서 열립니다.",
        "category": "event",
        "priority": "normal",
        "link": "https://example.org/kimjang",
        "starts_at": "2026-11-23T09:00:00+09:00",
        "ends_at": "2026-11-30T18:00:00+09:00",
        "recurrence": None,
        "audience": [],
        "visibility": "internal",
        "status": "published",
    }
    data.update(overrides)
    return data


def errors_of(data, **kw) -> dict[str, str]:
    result = validate_notice(data, now=NOW, **kw)
    assert isinstance(result, list), f"expected errors, got {result!r}"
    for err in result:
        assert err.message and any("\uac00" <= ch <= "\ud7a3" for ch in err.message), err
    return {e.field: e.code for e in result}


def test_valid_notice_round_trips():
    result = validate_notice(valid(), now=NOW)
    assert isinstance(result, NoticeInput)
    assert result.title == "덕진구 김장 나눔 행사"
    assert result.starts_at == datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    assert result.link == "https://example.org/kimjang"


def test_defaults_for_optional_fields():
    result = validate_notice({"title": "t", "ends_at": "2026-12-01T00:00:00+09:00"}, now=NOW)
    assert isinstance(result, NoticeInput)
    assert (result.body, result.category, result.priority) == ("", "notice", "normal")
    assert (result.visibility, result.status, result.audience) == ("internal", "published", ())
    assert result.starts_at == NOW and result.link is None and result.recurrence is None


@pytest.mark.parametrize("title, code", [
    (None, "required"), ("", "too_short"), ("   ", "too_short"), (5, "type"),
    ("가" * 201, "too_long"), ("줄\n바꿈", "invalid_chars"), ("bell\x07", "invalid_chars"),
])
def test_title_rules(title, code):
    data = valid(title=title)
    if title is None:
        del data["title"]
    assert errors_of(data) == {"title": code}


def test_title_limits_inclusive():
    assert isinstance(validate_notice(valid(title="가" * 200), now=NOW), NoticeInput)
    assert isinstance(validate_notice(valid(title="a"), now=NOW), NoticeInput)


@pytest.mark.parametrize("body, code", [
    ("x" * 5001, "too_long"), (["list"], "type"), ("nul\x00", "invalid_chars"),
])
def test_body_rules(body, code):
    assert errors_of(valid(body=body)) == {"body": code}


def test_body_keeps_newlines_and_accepts_5000_chars():
    result = validate_notice(valid(body="첫 줄\r\n둘째 줄\t끝"), now=NOW)
    assert result.body == "첫 줄\n둘째 줄\t끝"
    assert isinstance(validate_notice(valid(body="x" * 5000), now=NOW), NoticeInput)


@pytest.mark.parametrize("field, value", [
    ("category", "sports"), ("category", 3), ("priority", "critical"),
    ("visibility", "secret"), ("status", "deleted"),
])
def test_choices(field, value):
    assert errors_of(valid(**{field: value})) == {field: "invalid_choice"}


@pytest.mark.parametrize("category", ["event", "project", "issue", "notice"])
def test_every_category_accepted(category):
    assert validate_notice(valid(category=category), now=NOW).category == category


@pytest.mark.parametrize("link, code", [
    ("javascript:alert(1)", "invalid_url"), ("ftp://example.org/x", "invalid_url"),
    ("http://", "invalid_url"), ("https://exa mple.org", "invalid_url"), (42, "type"),
    ("https://e.org/" + "a" * 2000, "too_long"),
])
def test_link_rules(link, code):
    assert errors_of(valid(link=link)) == {"link": code}


@pytest.mark.parametrize("link", [None, ""])
def test_empty_link_is_none(link):
    assert validate_notice(valid(link=link), now=NOW).link is None


@pytest.mark.parametrize("value, code", [
    ("2026-11-23T09:00:00", "naive_datetime"), ("tomorrow", "invalid_datetime"),
    (12345, "type"), ("1850-01-01T00:00:00+09:00", "out_of_range"),
    ("0001-01-01T00:00:00+09:00", "out_of_range"),
])
def test_datetime_rules(value, code):
    assert errors_of(valid(starts_at=value))["starts_at"] == code


def test_ends_at_required():
    data = valid()
    del data["ends_at"]
    assert errors_of(data) == {"ends_at": "required"}


@pytest.mark.parametrize("ends_at", ["2026-11-23T09:00:00+09:00", "2026-11-23T08:59:59+09:00",
                                     "2026-11-23T00:00:00Z"])
def test_ends_must_be_after_starts(ends_at):
    assert errors_of(valid(ends_at=ends_at)) == {"ends_at": "ends_before_start"}


def test_offsets_compare_as_instants():
    # 01:00Z is 10:00 KST: one hour after the 09:00 KST start.
    result = validate_notice(valid(ends_at="2026-11-23T01:00:00Z"), now=NOW)
    assert isinstance(result, NoticeInput)


def test_recurrence_weekly_and_daily():
    weekly = validate_notice(valid(recurrence={"freq": "weekly", "weekdays": ["fri", "mon"],
                                               "start": "08:30", "end": "09:30"}), now=NOW)
    assert weekly.recurrence.weekdays == ("mon", "fri")
    assert weekly.recurrence.tz == "Asia/Seoul"
    daily = validate_notice(valid(recurrence={"freq": "daily", "start": "08:30", "end": "09:30",
                                              "tz": "Europe/Berlin"}), now=NOW)
    assert daily.recurrence.weekdays == () and daily.recurrence.tz == "Europe/Berlin"


@pytest.mark.parametrize("recurrence, expected", [
    ("weekly", {"recurrence": "type"}),
    ({"freq": "monthly", "start": "08:30", "end": "09:30"}, {"recurrence.freq": "invalid_choice"}),
    ({"freq": "weekly", "weekdays": [], "start": "08:30", "end": "09:30"},
     {"recurrence.weekdays": "required"}),
    ({"freq": "weekly", "weekdays": ["monday"], "start": "08:30", "end": "09:30"},
     {"recurrence.weekdays": "invalid_choice"}),
    ({"freq": "weekly", "weekdays": ["mon", "mon"], "start": "08:30", "end": "09:30"},
     {"recurrence.weekdays": "duplicate"}),
    ({"freq": "daily", "weekdays": ["mon"], "start": "08:30", "end": "09:30"},
     {"recurrence.weekdays": "invalid_choice"}),
    ({"freq": "daily", "start": "8:30", "end": "09:30"}, {"recurrence.start": "invalid_time"}),
    ({"freq": "daily", "start": "08:30", "end": "24:00"}, {"recurrence.end": "invalid_time"}),
    ({"freq": "daily", "start": "08:30"}, {"recurrence.end": "required"}),
    ({"freq": "daily", "start": "09:30", "end": "09:30"},
     {"recurrence.end": "end_before_start_time"}),
    ({"freq": "daily", "start": "08:30", "end": "09:30", "tz": "Mars/Olympus"},
     {"recurrence.tz": "invalid_timezone"}),
    ({"freq": "daily", "start": "08:30", "end": "09:30", "tz": "../../etc/passwd"},
     {"recurrence.tz": "invalid_timezone"}),
    ({"freq": "daily", "start": "08:30", "end": "09:30", "every": 2},
     {"recurrence.every": "unknown_field"}),
])
def test_recurrence_rules(recurrence, expected):
    assert errors_of(valid(recurrence=recurrence)) == expected


@pytest.mark.parametrize("audience, code", [
    ("총무과", "type"), ([1], "type"), ([""], "too_short"), (["가" * 101], "too_long"),
    (["총무과,기획과"], "invalid_chars"), ([f"부서{i}" for i in range(51)], "too_long"),
])
def test_audience_rules(audience, code):
    assert errors_of(valid(audience=audience)) == {"audience": code}


def test_audience_trimmed_and_deduplicated():
    result = validate_notice(valid(audience=[" 총무과 ", "총무과", "기획예산과"]), now=NOW)
    assert result.audience == ("총무과", "기획예산과")


@pytest.mark.parametrize("field", ["id", "author", "created_at", "updated_at"])
def test_server_fields_are_read_only(field):
    assert errors_of(valid(**{field: "x"})) == {field: "read_only"}


def test_unknown_field_and_non_object():
    assert errors_of(valid(colour="red")) == {"colour": "unknown_field"}
    assert errors_of(["not", "an", "object"]) == {"body": "invalid_body"}


def test_every_bad_field_is_reported_at_once():
    found = errors_of({"title": "", "category": "x", "priority": "y", "link": "ftp://a",
                       "starts_at": "2026-11-23T09:00:00", "ends_at": "bad",
                       "audience": "all", "visibility": "v", "status": "s"})
    assert found == {"title": "too_short", "category": "invalid_choice",
                     "priority": "invalid_choice", "link": "invalid_url",
                     "starts_at": "naive_datetime", "ends_at": "invalid_datetime",
                     "audience": "type", "visibility": "invalid_choice",
                     "status": "invalid_choice"}


def test_partial_update_merges_over_base():
    base = validate_notice(valid(), now=NOW).as_dict()
    result = validate_notice({"priority": "urgent"}, now=NOW, base=base)
    assert result.priority == "urgent" and result.title == "덕진구 김장 나눔 행사"
    # A change that makes the merged notice invalid is rejected.
    assert errors_of({"ends_at": "2026-11-22T00:00:00+09:00"}, base=base) == {
        "ends_at": "ends_before_start"}


def test_lone_surrogate_field_name_is_reported_safely():
    found = errors_of(valid(**{"\ud800x": 1}))
    (name,) = found
    name.encode("utf-8")  # must be encodable in a JSON response


# -- hostile input (second review) ---------------------------------------------------------

@pytest.mark.parametrize("field", ["start", "end"])
def test_recurrence_time_with_trailing_newline_is_refused(field):
    recurrence = {"freq": "daily", "weekdays": [], "start": "08:30", "end": "09:30"}
    recurrence[field] = recurrence[field] + "\n"
    assert errors_of(valid(recurrence=recurrence)) == {f"recurrence.{field}": "invalid_time"}


@pytest.mark.parametrize("link", ["http://example.org:99999/", "https://example.org:-1/",
                                  "https://example.org/\u202egnp.exe"])
def test_link_with_bad_port_or_bidi_control_is_refused(link):
    assert errors_of(valid(link=link)) == {"link": "invalid_url"}


@pytest.mark.parametrize("title", ["\u200b", "\u200b\u2060 \ufeff", "\u3000\u00a0"])
def test_title_that_shows_nothing_is_too_short(title):
    assert errors_of(valid(title=title)) == {"title": "too_short"}


@pytest.mark.parametrize("audience, code", [
    (["\u200b"], "too_short"), (["\u202e과무총"], "invalid_chars"),
])
def test_audience_invisible_or_reordering_names_are_refused(audience, code):
    assert errors_of(valid(audience=audience)) == {"audience": code}


@pytest.mark.parametrize("field", ["title", "body"])
def test_bidi_override_in_text_is_refused(field):
    assert errors_of(valid(**{field: "공지 \u202e내용"})) == {field: "invalid_chars"}


@pytest.mark.parametrize("value", ["2030-W01-1T00:00:00+09:00", "2030-001T00:00:00+09:00",
                                   "20300101T000000+0900", "2030-01-01T00:00:00+09:00:30",
                                   "2030-01-01T00:00:00+99:00", " ", "2030-01-01T00:00:00\ud800"])
def test_only_rfc3339_datetimes_are_accepted(value):
    assert errors_of(valid(ends_at=value)) == {"ends_at": "invalid_datetime"}


@pytest.mark.parametrize("value", ["2026-12-01t09:00:00z", "2026-12-01 09:00+09:00",
                                   "2026-12-01T00:00:00.123456Z"])
def test_rfc3339_variants_are_accepted(value):
    assert isinstance(validate_notice(valid(ends_at=value), now=NOW), NoticeInput)


@pytest.mark.parametrize("tz", [5, "", "\x00", "\ud800", "Asia/Seoul\n", "a" * 65, "/etc/localtime"])
def test_recurrence_timezone_hostile_values(tz):
    recurrence = {"freq": "daily", "weekdays": [], "start": "08:30", "end": "09:30", "tz": tz}
    assert errors_of(valid(recurrence=recurrence)) == {"recurrence.tz": "invalid_timezone"}
