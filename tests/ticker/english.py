"""English for a test: installed from resources/i18n/ticker_en.qm, exactly as the app does."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication

from ticker.i18n import Translations


@contextlib.contextmanager
def english_installed(app: QCoreApplication) -> Iterator[None]:
    translations = Translations(app)
    assert translations.install("en"), "resources/i18n/ticker_en.qm is missing"
    try:
        yield
    finally:
        translations.install("ko")  # the translator is the QApplication's, shared by tests
