"""Shared set-up for the bar's tests: a model, a manual clock and a bar on a real X11 window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication

from tests.ticker.ui.bar.samples import SAMPLE
from ticker.i18n import Translations
from ticker.model import NoticeModel
from ticker.ui.bar import TickerBar
from ticker.ui.bar.clock import ManualClock


@pytest.fixture
def model(qapp):
    return NoticeModel()


@pytest.fixture
def clock(qapp):
    """Time for the bars of a test: moves only when the test advances it."""
    return ManualClock()


@pytest.fixture
def make_bar(qtbot, model, clock):
    def make(notices=SAMPLE, show=True, width=1200, **kw):
        model.set_notices("feed", list(notices))
        kw.setdefault("clock", clock)
        bar = TickerBar(model, label="전주시 덕진구", speed=100.0, **kw)
        qtbot.addWidget(bar)
        screen = QGuiApplication.primaryScreen().geometry()
        bar.place_on(QRect(screen.left(), screen.top(), width, screen.height()), "bottom")
        if show:
            bar.show()
            qtbot.waitExposed(bar)
        return bar

    return make


@pytest.fixture
def english(qapp):
    """The English translation installed, as the app does for language = "en"."""
    translations = Translations(qapp)
    assert translations.install("en")
    yield translations
    translations.uninstall()
