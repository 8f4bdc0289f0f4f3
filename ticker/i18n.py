"""UI language: Korean source strings, English from resources/i18n/ticker_en.qm.

The one place that knows the languages and loads translations. Qt code translates with
``tr(context, text)``; texts from pure modules (``ticker.i18n_text``) are shown with
``translate(message)``, or ``bilingual(messages)`` where a line is for everyone (the log).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QGuiApplication

from ticker.i18n_text import Message, Translate, korean
from ticker.resources import resource_path

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "ko"
_CTX = "Application"


class Translations:
    """Owns the installed QTranslator so the language can be switched live."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None
        self.language = SOURCE_LANGUAGE

    def install(self, language: str) -> bool:
        """Switch to ``language``. Returns False (and stays Korean) if the .qm is missing."""
        ok = self._install(language)
        # Qt on X11 appends the display name to every window title: keep both in one language.
        if isinstance(self._app, QGuiApplication):
            self._app.setApplicationDisplayName(display_name())
        return ok

    def uninstall(self) -> None:
        """Remove our translator: the QApplication may outlive this owner (tests, embedding)."""
        self.install(SOURCE_LANGUAGE)

    def _install(self, language: str) -> bool:
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator.deleteLater()
            self._translator = None
        self.language = SOURCE_LANGUAGE
        if language == SOURCE_LANGUAGE:
            return True
        translator = _load(language, self._app)
        if translator is None:
            return False
        self._app.installTranslator(translator)
        self._translator = translator
        self.language = language
        return True


def display_name() -> str:
    """The product's name in the installed language."""
    return QCoreApplication.translate(_CTX, "시정 알림 티커")


def tr(context: str, text: str) -> str:
    """Translate outside a QObject (lupdate finds these via QCoreApplication.translate)."""
    return QCoreApplication.translate(context, text)


def translate(message: Message) -> str:
    """A message from a pure module, in the installed language."""
    return message.render(tr)


def translator_for(language: str) -> Translate:
    """Translate into ``language`` whatever the UI shows: for text that is always bilingual
    (log lines, ``--help``, the docs table). Falls back to Korean without the .qm."""
    translator = None if language == SOURCE_LANGUAGE else _load(language, None)
    if translator is None:
        return korean
    return lambda context, text: translator.translate(context, text) or text


def bilingual(messages: Iterable[Message]) -> list[str]:
    """One line per message: the Korean, then the English in parentheses."""
    english = translator_for("en")
    lines = []
    for message in messages:
        source, translated = str(message), message.render(english)
        lines.append(source if translated == source else f"{source} ({translated})")
    return lines


def _load(language: str, parent: QCoreApplication | None) -> QTranslator | None:
    path = resource_path("i18n", f"ticker_{language}.qm")
    translator = QTranslator(parent)
    if not translator.load(str(path)):
        log.warning("translation %s not found; using Korean", path)
        return None
    return translator
