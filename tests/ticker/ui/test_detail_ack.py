"""The 확인했습니다 button of the detail popup, and the model's acknowledged presentation."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from tests.ticker.english import english_installed
from ticker.feed.notice import Notice
from ticker.model import NoticeModel
from ticker.ui.detail import DetailPopup

KST = dt.timezone(dt.timedelta(hours=9))
ASKS = Notice(id="n-ack", title="정전 안내 14:00", priority="urgent", ack_required=True)
PLAIN = Notice(id="n-1", title="김장 나눔 행사")


def test_the_button_shows_only_for_notices_that_ask_for_it(qtbot):
    popup = DetailPopup()
    qtbot.addWidget(popup)
    popup.show_notice(PLAIN)
    assert not popup.ack_button.isVisible()
    assert not popup.acknowledge()  # nothing to acknowledge
    popup.show_notice(ASKS)
    assert popup.ack_button.isVisible() and popup.ack_button.isEnabled()
    assert popup.ack_button.text() == "확인했습니다" and popup.ack_button.isDefault()


def test_pressing_it_emits_once_and_turns_into_acknowledged(qtbot):
    popup = DetailPopup()
    qtbot.addWidget(popup)
    popup.show_notice(ASKS)
    with qtbot.waitSignal(popup.acknowledgeRequested) as signal:
        qtbot.mouseClick(popup.ack_button, Qt.MouseButton.LeftButton)
    assert signal.args == ["n-ack"]
    assert not popup.ack_button.isEnabled() and popup.ack_button.text() == "확인함"
    assert not popup.acknowledge()  # a second press does nothing


def test_english_labels(qtbot, qapp):
    with english_installed(qapp):
        popup = DetailPopup()
        qtbot.addWidget(popup)
        popup.show_notice(ASKS)
        assert popup.ack_button.text() == "I have read this"
        popup.show_notice(Notice(id="n-ack", title="x", ack_required=True, acknowledged=True))
        assert popup.ack_button.text() == "Acknowledged" and not popup.ack_button.isEnabled()


def test_the_model_presents_acknowledged_urgent_notices_as_normal(qtbot):
    model = NoticeModel(clock=lambda: dt.datetime(2026, 12, 6, 10, tzinfo=KST))
    other_urgent = Notice(id="n-u", title="긴급 (확인 요청 없음)", priority="urgent")
    model.set_notices("feed", [PLAIN, ASKS, other_urgent])
    assert {n.id for n in model.visible()[:2]} == {"n-ack", "n-u"}  # urgent ones first
    with qtbot.waitSignal(model.visibleChanged):
        model.set_acknowledged({"n-ack", "n-u"})  # n-u does not ask for 확인: unaffected
    shown = {n.id: n for n in model.visible()}
    assert shown["n-ack"].acknowledged and not shown["n-ack"].is_urgent
    assert shown["n-u"].is_urgent and not shown["n-u"].acknowledged
    assert [n.id for n in model.visible()] == ["n-u", "n-1", "n-ack"]  # sorted like normal
