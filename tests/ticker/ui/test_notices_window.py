"""전체 공지 window: list, search, unread marks (the model's, persisted), detail pane."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QPlainTextEdit

from tests.ticker.ui.notices_window_driver import open_notice, shown_ids
from ticker.feed.notice import Notice
from ticker.model import NoticeModel
from ticker.read_marks import ReadMarks
from ticker.ui.notices_window import UNREAD_DOT, NoticesWindow

KST = dt.timezone(dt.timedelta(hours=9))
NOTICES = [
    Notice(id="a", title="덕진구 김장 나눔 행사", body="11월 28일 덕진광장", category="event",
           starts_at=dt.datetime(2026, 11, 23, 9, tzinfo=KST), ends_at=dt.datetime(2026, 11, 30, 18, tzinfo=KST),
           link="https://example.org/kimjang"),
    Notice(id="b", title="전주 탄소산업 신규사업 공모", body="공모 기간 안내", category="project",
           audience=("경제정책과",)),
    Notice(id="c", title="한파 대비 비상근무", body="<script>alert(1)</script>", category="issue",
           priority="urgent", link="javascript:alert(1)"),
]


def read_model(path) -> NoticeModel:
    return NoticeModel(read_marks=ReadMarks(path))


@pytest.fixture
def window(qtbot, tmp_path):
    opened: list[QUrl] = []
    model = read_model(tmp_path / "read.json")
    win = NoticesWindow(model, open_url=lambda url: opened.append(url) or True)
    win.model = model
    win.opened_urls = opened
    qtbot.addWidget(win)
    win.set_notices(NOTICES)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_lists_all_notices_unread_and_bold(window):
    assert shown_ids(window) == ["a", "b", "c"]
    for i in range(3):
        item = window.list.item(i)
        assert item.text().startswith(UNREAD_DOT)
        assert item.font().bold()
    assert "3건" in window.count_label.text() and "읽지 않음 3건" in window.count_label.text()


def test_search_filters_title_body_category_and_audience(window, qtbot):
    window.search.setText("김장")
    assert shown_ids(window) == ["a"]
    window.search.setText("신규사업")  # category label
    assert shown_ids(window) == ["b"]
    window.search.setText("경제정책과")  # audience
    assert shown_ids(window) == ["b"]
    window.search.setText("없는말")
    assert shown_ids(window) == []
    window.search.clear()
    assert shown_ids(window) == ["a", "b", "c"]


def test_opening_marks_read_and_persists(window, qtbot, tmp_path):
    open_notice(qtbot, window, "a")
    item = window.list.item(0)
    assert not item.font().bold() and not item.text().startswith(UNREAD_DOT)
    assert window.title_label.text() == NOTICES[0].title
    assert "읽지 않음 2건" in window.count_label.text()
    assert json.loads((tmp_path / "read.json").read_text()) == ["a"]
    again = NoticesWindow(read_model(tmp_path / "read.json"))
    again.set_notices(NOTICES)
    assert again.unread_ids() == ["b", "c"]
    again.deleteLater()


def test_detail_shows_plain_text_and_only_web_links(window, qtbot):
    open_notice(qtbot, window, "c")
    assert window.body_view.toPlainText() == "<script>alert(1)</script>"
    assert isinstance(window.body_view, QPlainTextEdit)  # a widget that cannot render markup
    assert window.body_view.isReadOnly()
    assert not window.link_button.isVisible()
    open_notice(qtbot, window, "a")
    assert window.link_button.isVisible()
    window.link_button.click()
    assert window.opened_urls == [QUrl("https://example.org/kimjang")]


def test_selection_survives_a_feed_update_and_vanished_notice_clears_detail(window, qtbot):
    open_notice(qtbot, window, "b")
    window.set_notices(NOTICES[1:])
    assert window.list.currentItem().data(256) == "b"
    window.set_notices(NOTICES[:1])
    assert window.list.currentItem() is None
    assert window.title_label.text() != NOTICES[1].title


def test_a_notice_read_elsewhere_turns_plain_at_once(window):
    window.list.setCurrentRow(-1)
    window.model.mark_read("b")  # as the bar's detail popup does
    rows = {window.list.item(i).data(256): window.list.item(i) for i in range(3)}
    assert not rows["b"].font().bold() and not rows["b"].text().startswith(UNREAD_DOT)
    assert rows["a"].font().bold()
    assert "읽지 않음 2건" in window.count_label.text()


def test_a_long_body_scrolls_inside_the_window(window, qtbot):
    # Bodies are capped at 5,000 characters by sanitize: that must not grow the window
    # past the screen; the body scrolls instead.
    long_notice = Notice(id="long", title="긴 공지", body="가나다라마바사 아자차카타파하 " * 330)
    window.set_notices([long_notice])
    window.resize(820, 480)
    open_notice(qtbot, window, "long")
    qtbot.waitUntil(lambda: window.body_view.toPlainText() == long_notice.body)
    assert window.minimumSizeHint().height() < 600
    qtbot.waitUntil(lambda: window.height() <= 600)
    qtbot.waitUntil(lambda: window.body_view.verticalScrollBar().maximum() > 0)


def test_long_titles_wrap_instead_of_hiding_behind_a_scrollbar(window, qtbot):
    long_title = "2027년 주민참여예산 신규사업 공모 접수 시작 — 19개 읍면동 주민 제안 설명회와 " \
                 "온라인 접수 안내, 마감은 12월 19일 18시까지입니다"
    window.set_notices([*NOTICES, Notice(id="long", title=long_title, category="project")])
    qtbot.wait(50)  # the list lays its items out
    lst = window.list
    assert not lst.horizontalScrollBar().isVisible()
    row = shown_ids(window).index("long")
    rect = lst.visualItemRect(lst.item(row))
    one_line = lst.visualItemRect(lst.item(0)).height()
    assert rect.right() <= lst.viewport().width()  # nothing runs off to the right
    assert rect.height() > one_line  # wrapped onto more lines, all of it readable
    assert lst.item(row).toolTip() == long_title


def test_with_nothing_selected_the_right_side_says_to_pick_a_notice(qtbot, tmp_path):
    win = NoticesWindow(read_model(tmp_path / "read.json"))
    qtbot.addWidget(win)
    win.show()
    assert win.title_label.text() == "지금 표시할 공지가 없습니다."
    win.set_notices(NOTICES)  # opened with notices, none chosen yet
    assert win.list.currentItem() is None
    assert win.title_label.text() == "왼쪽 목록에서 공지를 고르세요."
    open_notice(qtbot, win, "b")
    assert win.title_label.text() == "전주 탄소산업 신규사업 공모"
    win.set_notices([])
    assert win.title_label.text() == "지금 표시할 공지가 없습니다."
