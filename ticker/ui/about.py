"""정보 (About): what this is, which version, and where its files live (for IT support calls)."""

from __future__ import annotations

import platform
from collections.abc import Mapping

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ticker import __version__
from ticker.ui.tray import draw_status_pixmap

_CTX = "AboutDialog"


def _t(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


class AboutDialog(QDialog):
    def __init__(self, paths: Mapping[str, str], parent: QWidget | None = None) -> None:
        """``paths``: label → path, e.g. the log file and settings files, shown selectable."""
        super().__init__(parent)
        self.setWindowTitle(_t("정보"))
        icon = QLabel(self)
        icon.setPixmap(QPixmap(draw_status_pixmap("connected", 64)))
        title = QLabel(f"<b>{_t('시정 알림 티커')}</b> {__version__}", self)
        title.setTextFormat(Qt.TextFormat.RichText)
        blurb = QLabel(_t("시청의 행사, 신규사업, 주요현안을 화면 아래 띠에 보여 줍니다."), self)
        blurb.setWordWrap(True)
        versions = QLabel(
            f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version}", self)
        versions.setStyleSheet("color: #666;")
        details = QLabel("\n".join(f"{k}: {v}" for k, v in paths.items()), self)
        details.setTextFormat(Qt.TextFormat.PlainText)
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details.setWordWrap(True)
        self.details = details
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)

        head = QHBoxLayout()
        head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(blurb)
        text.addWidget(versions)
        head.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(details)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
