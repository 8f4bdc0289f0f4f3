"""설정 dialog, generated from ticker.settings.SETTINGS: one widget per declared setting.

Widgets by type: bool → QCheckBox, int → QSpinBox (declared range), float →
QDoubleSpinBox, str with choices → QComboBox, screen → editable QComboBox, other str →
QLineEdit, list with choices → a checkbox per choice, other lists → one entry per line.
Settings are shown in the tabs declared by ticker.settings.GROUPS (표시 / 알림 / 네트워크 /
고급), each under its plain name (label_ko/label_en) with the help text below it and in
the tooltip; the 고급 tab opens with a note on what its protocol words mean. Keys IT locked are greyed out with a
"관리자가 잠근 설정입니다" note. Save validates every value through the declaration, writes the user
file with save_user_settings and emits ``saved`` so the app applies the change live.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ticker import settings as settings_mod
from ticker.settings import (
    GROUPS,
    Setting,
    SettingValueError,
    check_value,
    parse_text,
    settings_in_group,
)
from ticker.ui.labels import category_label

log = logging.getLogger(__name__)
_CTX = "SettingsDialog"
HIDDEN = frozenset({"locked"})  # site file only; users never edit it
LOCK_NOTE = "관리자가 잠근 설정입니다"



def _t(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


class _WheelGuard(QObject):
    """Spin boxes and combo boxes ignore the wheel until clicked or tabbed into, so scrolling
    the long form never changes a value the user merely passed over."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Wheel and isinstance(obj, QWidget) and not obj.hasFocus():
            event.ignore()  # the scroll area scrolls instead
            return True
        return False


def choice_labels(name: str) -> dict[str, str]:
    """Friendly names for some choices (the raw value is shown for the rest)."""
    if name == "position":
        return {"bottom": _t("아래"), "top": _t("위")}
    if name == "language":
        return {"ko": "한국어", "en": "English"}  # each in its own language, never translated
    return {}


class _Field:
    """One setting's editor: reads and writes the widget as a declared value."""

    def __init__(self, setting: Setting, language: str, screen_count: int) -> None:
        self.setting = setting
        self.widget = self._make(setting, language, screen_count)

    def _make(self, s: Setting, language: str, screen_count: int) -> QWidget:
        if s.type is bool:
            return QCheckBox()
        if s.type is int:
            box = QSpinBox()
            box.setRange(int(s.minimum if s.minimum is not None else -2**31),
                         int(s.maximum if s.maximum is not None else 2**31 - 1))
            return box
        if s.type is float:
            dbox = QDoubleSpinBox()
            dbox.setRange(s.minimum if s.minimum is not None else -1e9,
                          s.maximum if s.maximum is not None else 1e9)
            return dbox
        if s.type is str and s.choices:
            combo = QComboBox()
            labels = choice_labels(s.name)
            for choice in s.choices:
                combo.addItem(labels.get(choice, choice), choice)
            return combo
        if s.type is str and s.kind == "screen":
            combo = QComboBox()
            combo.setEditable(True)
            combo.addItem(_t("주 화면 (primary)"), "primary")
            combo.addItem(_t("모든 화면 (all)"), "all")
            for i in range(screen_count):
                combo.addItem(_t("화면 %1").replace("%1", str(i)), str(i))
            return combo
        if s.type is list and s.choices:
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            self.checks = {}
            for choice in s.choices:
                label = category_label(choice) if s.name == "categories" else choice
                check = QCheckBox(label)
                self.checks[choice] = check
                row.addWidget(check)
            row.addStretch(1)
            return box
        if s.type is list:
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setPlaceholderText(_t("한 줄에 하나씩"))
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
            return edit
        line = QLineEdit()
        if s.maximum is not None:
            line.setMaxLength(int(s.maximum))
        self.line = line
        if s.kind == "path":
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(line, 1)
            self.browse_button = QPushButton(_t("찾아보기…"))
            self.browse_button.clicked.connect(self._browse)
            row.addWidget(self.browse_button)
            return box
        return line

    def _browse(self) -> None:
        start = self.line.text() or ""
        path, _ = QFileDialog.getOpenFileName(
            self.widget, _t("CA 인증서 묶음 파일 선택"), start,
            _t("인증서 (*.pem *.crt *.cer);;모든 파일 (*)"))
        if path:
            self.line.setText(path)

    def set_value(self, value: Any) -> None:
        w, s = self.widget, self.setting
        if isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
            w.setValue(value)
        elif isinstance(w, QComboBox):
            index = w.findData(str(value))
            if index >= 0:
                w.setCurrentIndex(index)
            else:
                w.setEditText(str(value))
        elif s.type is list and s.choices:
            for choice, check in self.checks.items():
                check.setChecked(choice in value)
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText("\n".join(value))
        else:
            self.line.setText(str(value))

    def value(self) -> Any:
        """The checked value; raises SettingValueError with a Korean/English message."""
        w, s = self.widget, self.setting
        if isinstance(w, QCheckBox):
            return check_value(s, w.isChecked())
        if isinstance(w, (QSpinBox, QDoubleSpinBox)):
            return check_value(s, w.value())
        if isinstance(w, QComboBox):
            data = w.currentData()
            text = w.currentText()
            # An editable combo: typed text that matches no item is the value itself.
            raw = data if data is not None and w.itemText(w.currentIndex()) == text else text
            return parse_text(s, str(raw))
        if s.type is list and s.choices:
            return check_value(s, [c for c, check in self.checks.items() if check.isChecked()])
        if isinstance(w, QPlainTextEdit):
            return parse_text(s, w.toPlainText())
        return parse_text(s, self.line.text())

    def set_locked(self, locked: bool) -> None:
        self.widget.setEnabled(not locked)

    @property
    def focus_widget(self) -> QWidget:
        """What the label's buddy and tooltip point at (the line edit inside a path row)."""
        return getattr(self, "line", None) or self.widget

    def guard_wheel(self, guard: QObject) -> None:
        if isinstance(self.widget, (QSpinBox, QDoubleSpinBox, QComboBox)):
            self.widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.widget.installEventFilter(guard)


class SettingsDialog(QDialog):
    """Edits the user layer. ``saved`` carries the values written to the user file."""

    saved = Signal(dict)

    def __init__(self, current: Mapping[str, Any], locked: frozenset[str], user_file: Path,
                 language: str = "ko", screen_count: int = 1,
                 save: Callable[[Path, dict], None] | None = None,
                 from_command_line: frozenset[str] = frozenset(),
                 parent: QWidget | None = None) -> None:
        """``from_command_line``: keys given as flags; they win over the user file."""
        super().__init__(parent)
        self.setWindowTitle(_t("설정"))
        self.user_file = Path(user_file)
        self.language = language
        self.locked = frozenset(locked)
        self._current = dict(current)
        self._save = save or settings_mod.save_user_settings
        self.fields: dict[str, _Field] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.lock_labels: dict[str, QLabel] = {}
        self.cli_labels: dict[str, QLabel] = {}
        self.name_labels: dict[str, QLabel] = {}  # the plain name above each field
        self.help_labels: dict[str, QLabel] = {}  # the explanation under the name
        self._wheel_guard = _WheelGuard(self)

        # One tab per group declared in ticker.settings.GROUPS (표시 / 알림 / 네트워크 / 고급).
        self.tabs = QTabWidget(self)
        self.group_pages: dict[str, QScrollArea] = {}
        for group in GROUPS:
            members = [s for s in settings_in_group(group.key) if s.name not in HIDDEN]
            if not members:
                continue
            host = QWidget()
            # Help texts are sentences: each goes under its name, full width, so wrapping
            # never clips it (a QFormLayout label column does).
            form = QVBoxLayout(host)
            note_text = group.note_en if language == "en" else group.note_ko
            if note_text:
                note = QLabel(note_text)
                note.setWordWrap(True)
                note.setStyleSheet("color: #555; padding-bottom: 6px;")
                form.addWidget(note)
            for setting in members:
                self._add_field(form, setting, current, language, screen_count,
                                from_command_line)
            form.addStretch(1)
            scroll = QScrollArea(self)
            scroll.setWidgetResizable(True)
            scroll.setWidget(host)
            self.tabs.addTab(scroll, group.title_en if language == "en" else group.title_ko)
            self.group_pages[group.key] = scroll

        self.summary = QLabel(self)
        self.summary.setStyleSheet("color: #b3261e;")
        self.summary.setWordWrap(True)
        self.summary.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_t("저장"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_t("취소"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(720, 640)

    def _add_field(self, form: QVBoxLayout, setting: Setting, current: Mapping[str, Any],
                   language: str, screen_count: int, from_command_line: frozenset[str]) -> None:
        field = _Field(setting, language, screen_count)
        field.guard_wheel(self._wheel_guard)
        field.set_value(current.get(setting.name, setting.default))
        english = language == "en"
        help_text = setting.help_en if english else setting.help_ko
        name_text = (setting.label_en if english else setting.label_ko) or help_text
        label = QLabel(name_text)
        label.setWordWrap(True)
        label.setStyleSheet("font-weight: bold;")
        label.setToolTip(f"{help_text}\n[{setting.name}]")
        field.widget.setToolTip(f"{help_text}\n[{setting.name}]")
        field.focus_widget.setToolTip(field.widget.toolTip())
        field.widget.setObjectName(f"setting_{setting.name}")
        column = QVBoxLayout()
        column.setSpacing(2)
        if name_text != help_text:
            explanation = QLabel(help_text)
            explanation.setWordWrap(True)
            explanation.setStyleSheet("color: #555;")
            column.addWidget(explanation)
            self.help_labels[setting.name] = explanation
        column.addWidget(field.widget)
        if setting.name in self.locked:
            field.set_locked(True)
            note = QLabel(_t("관리자가 잠근 설정입니다"))
            note.setStyleSheet("color: #777;")
            column.addWidget(note)
            self.lock_labels[setting.name] = note
        elif setting.name in from_command_line:
            note = QLabel(_t("명령줄 값이 우선합니다"))
            note.setStyleSheet("color: #777;")
            column.addWidget(note)
            self.cli_labels[setting.name] = note
        error = QLabel()
        error.setStyleSheet("color: #b3261e;")
        error.setWordWrap(True)
        error.setVisible(False)
        column.addWidget(error)
        self.error_labels[setting.name] = error
        label.setBuddy(field.focus_widget)
        form.addWidget(label)
        form.addLayout(column)
        form.addSpacing(10)
        self.fields[setting.name] = field
        self.name_labels[setting.name] = label

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        """(changed values, errors by key). Locked keys are never collected."""
        changed: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name, field in self.fields.items():
            if name in self.locked:
                continue
            try:
                value = field.value()
            except SettingValueError as exc:
                errors[name] = exc.en if self.language == "en" else exc.ko
                continue
            if value != self._current.get(name, field.setting.default):
                changed[name] = value
        return changed, errors

    def save(self) -> bool:
        changed, errors = self.collect()
        for name, label in self.error_labels.items():
            label.setText(errors.get(name, ""))
            label.setVisible(name in errors)
        if errors:
            first = next(name for name in self.fields if name in errors)
            self.tabs.setCurrentWidget(self.group_pages[self.fields[first].setting.group])
            self.summary.setText(_t("고칠 값이 있습니다. 빨간 글씨를 확인하세요."))
            self.summary.setVisible(True)
            return False  # the dialog stays open with everything the user typed
        self.summary.setVisible(False)
        if changed:
            try:
                self._save(self.user_file, changed)
            except OSError as exc:
                log.error("cannot save settings to %s: %s", self.user_file, exc)
                self.summary.setText(_t("설정 파일을 저장하지 못했습니다: %1").replace("%1", str(exc)))
                self.summary.setVisible(True)
                return False
            self._current.update(changed)
            self.saved.emit(changed)
        self.accept()
        return True
