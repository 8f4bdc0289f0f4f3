"""ticker.i18n_text: marked Korean texts and messages filled in when they are shown."""

from __future__ import annotations

from ticker.i18n_text import Message, fill, korean, mark

ENGLISH = {
    ("Files", "설정 오류: %1: %2 — 무시합니다."): "Settings error: %1: %2 — ignored.",
    ("Values", "너무 큽니다: %1 (최대 %2)"): "too large: %1 (maximum %2)",
}


def english(context: str, text: str) -> str:
    return ENGLISH.get((context, text), text)


def test_mark_returns_the_korean_as_it_is():
    assert mark("Settings", "흐르는 속도") == "흐르는 속도"


def test_fill_numbers_arguments_like_qt_and_in_one_pass():
    assert fill("%1부터", "11월 23일") == "11월 23일부터"
    assert fill("%2 (%1)", "a", "b") == "b (a)"
    # An argument holding "%2" (a typed value, a file name) is not filled again.
    assert fill("%1 / %2", "100%2.toml", "x") == "100%2.toml / x"
    assert fill("%1 %3", "a") == "a %3"  # a missing argument stays visible


def test_message_is_korean_as_a_string_and_translates_nested_messages():
    problem = Message("Values", "너무 큽니다: %1 (최대 %2)", (900, 600))
    line = Message("Files", "설정 오류: %1: %2 — 무시합니다.", ("user.toml [speed]", problem))
    assert str(line) == "설정 오류: user.toml [speed]: 너무 큽니다: 900 (최대 600) — 무시합니다."
    assert line.render(english) == "Settings error: user.toml [speed]: too large: 900 (maximum 600) — ignored."
    assert line.render(korean) == str(line)
    assert Message("Values", "없는 번역").render(english) == "없는 번역"
