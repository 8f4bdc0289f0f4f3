"""Detail popup: Korean period formatting, plain text only, safe links, Esc closes."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel

from tests.ticker.english import english_installed
from ticker.feed.notice import Notice, Recurrence
from ticker.ui.detail import (
    DetailPopup,
    format_audience,
    format_period,
    format_recurrence,
    is_web_link,
)

KST = dt.timezone(dt.timedelta(hours=9))
HOSTILE = "<b>x</b><img src=http://evil.example/a.png>"


@pytest.fixture
def english(qapp):
    with english_installed(qapp):
        yield


def test_period_in_korean_and_asia_seoul(qapp):
    n = Notice(
        id="a",
        title="t",
        starts_at=dt.datetime(2026, 11, 23, 0, 0, tzinfo=dt.UTC),  # 09:00 in Seoul
        ends_at=dt.datetime(2026, 11, 30, 18, 0, tzinfo=KST),
    )
    assert format_period(n) == "2026년 11월 23일(월) 09:00 ~ 11월 30일(월) 18:00"
    with english_installed(qapp):
        assert format_period(n) == "2026-11-23 (Mon) 09:00 ~ 11-30 (Mon) 18:00"


def test_period_across_years_and_open_ends():
    start = dt.datetime(2026, 12, 31, 9, 0, tzinfo=KST)
    end = dt.datetime(2027, 1, 2, 18, 0, tzinfo=KST)
    assert format_period(Notice(id="a", title="t", starts_at=start, ends_at=end)) == (
        "2026년 12월 31일(목) 09:00 ~ 2027년 1월 2일(토) 18:00"
    )
    assert (
        format_period(Notice(id="a", title="t", starts_at=start))
        == "2026년 12월 31일(목) 09:00부터"
    )
    assert format_period(Notice(id="a", title="t", ends_at=end)) == "2027년 1월 2일(토) 18:00까지"
    assert format_period(Notice(id="a", title="t")) == "상시"


def test_recurrence_formatting(qapp):
    weekly = Recurrence("weekly", frozenset({0, 2}), dt.time(8, 30), dt.time(9, 30))
    daily = Recurrence("daily", frozenset(), dt.time(12, 0), dt.time(13, 0), tz="UTC")
    n = Notice(id="a", title="t", recurrence=weekly)
    assert format_recurrence(n) == "매주 월, 수 08:30~09:30"
    assert format_period(n) == "상시\n매주 월, 수 08:30~09:30"
    assert (
        format_recurrence(Notice(id="b", title="t", recurrence=daily)) == "매일 12:00~13:00 (UTC)"
    )
    with english_installed(qapp):
        assert format_recurrence(n) == "Every Mon, Wed 08:30~09:30"


def test_audience():
    assert format_audience(Notice(id="a", title="t")) == "전체"
    assert (
        format_audience(Notice(id="a", title="t", audience=("총무과", "세무과")))
        == "총무과, 세무과"
    )


@pytest.mark.parametrize(
    ("link", "ok"),
    [
        ("https://www.jeonju.go.kr/", True),
        ("http://intranet.local/board?id=3", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("ftp://host/x", False),
        ("https://", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_links_are_openable(link, ok):
    assert is_web_link(link) is ok


class UrlCatcher(QObject):
    def __init__(self):
        super().__init__()
        self.urls = []

    @Slot(QUrl)
    def open(self, url):
        self.urls.append(url.toString())


@pytest.fixture
def catcher(qapp):
    handler = UrlCatcher()
    for scheme in ("http", "https", "javascript", "file"):
        QDesktopServices.setUrlHandler(scheme, handler, "open")
    yield handler
    for scheme in ("http", "https", "javascript", "file"):
        QDesktopServices.unsetUrlHandler(scheme)


def make_popup(qtbot):
    popup = DetailPopup()
    qtbot.addWidget(popup)
    return popup


def test_popup_shows_every_field(qtbot):
    popup = make_popup(qtbot)
    n = Notice(
        id="a",
        title="덕진구 김장 나눔 행사",
        body="올해도 이웃과 함께합니다.\n장소: 덕진공원",
        category="event",
        priority="urgent",
        starts_at=dt.datetime(2026, 11, 23, 9, 0, tzinfo=KST),
        ends_at=dt.datetime(2026, 11, 30, 18, 0, tzinfo=KST),
        audience=("총무과",),
    )
    popup.show_notice(n)
    qtbot.waitExposed(popup)
    assert popup.title_label.text() == "덕진구 김장 나눔 행사"
    assert popup.category_badge.text() == "행사"
    assert popup.urgent_badge.isVisible()
    assert popup.period_label.text().startswith("2026년 11월 23일(월) 09:00")
    assert popup.audience_label.text() == "총무과"
    assert popup.body_view.toPlainText() == "올해도 이웃과 함께합니다.\n장소: 덕진공원"
    assert not popup.open_button.isVisible()  # no link
    assert popup.windowFlags() & Qt.WindowType.WindowStaysOnTopHint


def test_hostile_text_is_shown_literally(qtbot):
    popup = make_popup(qtbot)
    popup.show_notice(Notice(id="h", title=HOSTILE, body=HOSTILE, audience=("<i>과</i>",)))
    for label in popup.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert popup.title_label.text() == HOSTILE
    assert popup.audience_label.text() == "<i>과</i>"
    assert popup.body_view.toPlainText() == HOSTILE
    # The rendered title is as wide as the literal characters, not one bold "x".
    metrics = popup.title_label.fontMetrics()
    assert popup.title_label.sizeHint().width() >= metrics.horizontalAdvance("<b>x</b><img")


def test_link_button_opens_http_links_in_the_browser(qtbot, catcher):
    popup = make_popup(qtbot)
    popup.show_notice(Notice(id="l", title="t", link="https://www.jeonju.go.kr/news?id=1"))
    qtbot.waitExposed(popup)
    assert popup.open_button.isVisible()
    assert popup.open_button.text() == "자세히 보기"
    with qtbot.waitSignal(popup.linkOpened, timeout=1000):
        qtbot.mouseClick(popup.open_button, Qt.MouseButton.LeftButton)
    assert catcher.urls == ["https://www.jeonju.go.kr/news?id=1"]


def test_bad_schemes_are_never_opened(qtbot, catcher):
    popup = make_popup(qtbot)
    for link in ("javascript:alert(1)", "file:///etc/passwd"):
        popup.show_notice(Notice(id="x", title="t", link=link))
        assert not popup.open_button.isVisible()
        assert popup.open_link() is False
    assert catcher.urls == []


def test_escape_closes(qtbot):
    popup = make_popup(qtbot)
    popup.show_notice(Notice(id="a", title="t"))
    qtbot.waitExposed(popup)
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert not popup.isVisible()


def test_english_texts(qtbot, english):
    popup = DetailPopup()
    qtbot.addWidget(popup)
    popup.show_notice(Notice(id="a", title="t", category="project", link="https://x.example/"))
    assert popup.category_badge.text() == "New project"
    assert popup.audience_label.text() == "Everyone"
    assert popup.open_button.text() == "Open link"


class _FakeScreen:
    def __init__(self, rect):
        self._rect = rect

    def availableGeometry(self):  # noqa: N802 (Qt naming)
        return self._rect


def test_popup_opens_on_the_screen_of_its_bar(qtbot, monkeypatch):
    """A bar on a second monitor: the popup follows it there (Xvfb has one screen, so the
    second one is simulated where the popup looks screens up)."""
    from PySide6.QtCore import QRect

    import ticker.ui.detail as detail

    second = QRect(1920, 0, 1920, 1080)

    class Screens:
        @staticmethod
        def screenAt(point):  # noqa: N802
            return _FakeScreen(second) if second.contains(point) else None

    monkeypatch.setattr(detail, "QGuiApplication", Screens)
    popup = DetailPopup()
    qtbot.addWidget(popup)
    popup.show_notice(Notice(id="a", title="둘째 화면 공지"), QRect(2500, 1040, 1, 40))
    assert second.contains(popup.geometry().topLeft())
    assert popup.geometry().left() == 2500
    assert popup.frameGeometry().bottom() <= 1040
