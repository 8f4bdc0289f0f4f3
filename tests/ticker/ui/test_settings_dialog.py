"""The settings dialog is generated from SETTINGS, respects locks, validates and saves."""

from __future__ import annotations

import tomllib

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox

from tests.ticker.english import english_installed
from ticker.i18n import translator_for
from ticker.settings import CONTEXT, SETTINGS, SETTINGS_BY_NAME
from ticker.settings_files import load_settings
from ticker.ui.settings_dialog import LOCK_NOTE, SettingsDialog


@pytest.fixture
def user_file(tmp_path):
    return tmp_path / "config" / "ticker.toml"


@pytest.fixture
def english(qapp):
    with english_installed(qapp):
        yield


def make(qtbot, user_file, locked=frozenset(), current=None):
    result = load_settings(None, user_file, None, {})
    dialog = SettingsDialog(current or result.settings, frozenset(locked), user_file,
                            screen_count=2)
    qtbot.addWidget(dialog)
    return dialog


def test_one_widget_per_declared_setting_of_the_right_kind(qtbot, user_file):
    dialog = make(qtbot, user_file)
    assert set(dialog.fields) == {s.name for s in SETTINGS} - {"locked"}
    kinds = {
        bool: QCheckBox, int: QSpinBox,
    }
    for name, field in dialog.fields.items():
        setting = SETTINGS_BY_NAME[name]
        if setting.type in kinds:
            assert isinstance(field.widget, kinds[setting.type]), name
        if setting.type is int:
            assert field.widget.minimum() == setting.minimum
            assert field.widget.maximum() == setting.maximum
    assert isinstance(dialog.fields["position"].widget, QComboBox)
    assert isinstance(dialog.fields["language"].widget, QComboBox)
    assert isinstance(dialog.fields["feeds"].widget, QPlainTextEdit)
    assert isinstance(dialog.fields["label"].widget, QLineEdit)
    assert set(dialog.fields["categories"].checks) == set(SETTINGS_BY_NAME["categories"].choices)


def test_help_text_is_label_and_tooltip_in_ui_language(qtbot, user_file, qapp):
    ko = make(qtbot, user_file)
    speed = SETTINGS_BY_NAME["speed"]
    assert speed.help in ko.fields["speed"].widget.toolTip()
    with english_installed(qapp):
        en = make(qtbot, user_file)
    help_en = translator_for("en")(CONTEXT, speed.help)
    assert help_en == "Scrolling speed (pixels per second)."
    assert help_en in en.fields["speed"].widget.toolTip()


def test_locked_keys_are_greyed_out_with_a_note(qtbot, user_file):
    dialog = make(qtbot, user_file, locked={"feeds", "allow_quit"})
    assert not dialog.fields["feeds"].widget.isEnabled()
    assert not dialog.fields["allow_quit"].widget.isEnabled()
    assert dialog.fields["speed"].widget.isEnabled()
    assert LOCK_NOTE in dialog.lock_labels["feeds"].text()
    assert "speed" not in dialog.lock_labels


def test_save_writes_the_user_file_and_reports_changes(qtbot, user_file):
    dialog = make(qtbot, user_file)
    dialog.fields["speed"].widget.setValue(120)
    dialog.fields["feeds"].widget.setPlainText("http://intra.example/feed.json\nhttps://b.example/rss")
    dialog.fields["reduced_motion"].widget.setChecked(True)
    dialog.fields["position"].set_value("top")
    dialog.fields["categories"].checks["project"].setChecked(False)
    with qtbot.waitSignal(dialog.saved) as blocker:
        assert dialog.save()
    changed = blocker.args[0]
    assert changed["speed"] == 120 and changed["position"] == "top"
    data = tomllib.loads(user_file.read_text(encoding="utf-8"))
    assert data["speed"] == 120 and data["reduced_motion"] is True
    assert data["feeds"] == ["http://intra.example/feed.json", "https://b.example/rss"]
    reloaded = load_settings(None, user_file, None, {}).settings
    assert reloaded.position == "top" and "project" not in reloaded.categories


def test_invalid_values_keep_the_dialog_open_and_write_nothing(qtbot, user_file):
    dialog = make(qtbot, user_file)
    dialog.show()
    dialog.fields["feeds"].widget.setPlainText("ftp://files.example/feed")
    for check in dialog.fields["categories"].checks.values():
        check.setChecked(False)
    assert not dialog.save()
    assert dialog.isVisible()
    assert not user_file.exists()
    assert "http/https" in dialog.error_labels["feeds"].text()
    assert dialog.error_labels["categories"].text()
    assert dialog.summary.isVisible()
    # what the user typed is still there to be corrected
    assert dialog.fields["feeds"].widget.toPlainText() == "ftp://files.example/feed"


def test_locked_values_are_never_written(qtbot, user_file):
    dialog = make(qtbot, user_file, locked={"speed"})
    dialog.fields["speed"].widget.setValue(300)  # even if a widget were changed somehow
    dialog.fields["label"].widget.setText("완산구")
    assert dialog.save()
    data = tomllib.loads(user_file.read_text(encoding="utf-8"))
    assert "speed" not in data and data["label"] == "완산구"


def test_screen_choice_accepts_an_index(qtbot, user_file):
    dialog = make(qtbot, user_file)
    combo = dialog.fields["screen"].widget
    combo.setCurrentIndex(combo.findData("1"))
    assert dialog.fields["screen"].value() == "1"
    combo.setEditText("all")
    assert dialog.fields["screen"].value() == "all"


def test_command_line_values_are_marked(qtbot, user_file):
    result = load_settings(None, user_file, None, {"speed": 200})
    dialog = SettingsDialog(result.settings, frozenset(), user_file,
                            from_command_line=frozenset({"speed"}))
    qtbot.addWidget(dialog)
    assert "명령줄" in dialog.cli_labels["speed"].text()
    assert dialog.fields["speed"].widget.isEnabled()  # still editable for the next start


def _wheel(widget, steps=1):
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_scrolling_the_form_never_changes_a_value_passed_over(qtbot, user_file):
    dialog = make(qtbot, user_file)
    dialog.show()
    qtbot.waitExposed(dialog)
    speed = dialog.fields["speed"].widget
    position = dialog.fields["position"].widget
    before = speed.value(), position.currentIndex()
    _wheel(speed)
    _wheel(position, -1)
    assert (speed.value(), position.currentIndex()) == before
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    speed.setFocus()
    qtbot.waitUntil(speed.hasFocus)
    _wheel(speed)
    assert speed.value() > before[0]  # once chosen, the wheel edits it as usual


def test_ca_bundle_has_a_file_browser(qtbot, user_file, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    pem = tmp_path / "intranet-ca.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(pem), "")))
    dialog = make(qtbot, user_file)
    field = dialog.fields["ca_bundle"]
    field.browse_button.click()
    assert field.line.text() == str(pem)
    assert field.value() == str(pem)
    locked = make(qtbot, user_file, locked={"ca_bundle"})
    assert not locked.fields["ca_bundle"].browse_button.isEnabled()


def test_settings_are_grouped_for_staff_with_plain_names(qtbot, user_file):
    from ticker.settings import GROUPS

    dialog = make(qtbot, user_file)
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == ["표시", "알림", "네트워크", "고급"]
    assert [g.key for g in GROUPS] == ["display", "alerts", "network", "advanced"]

    def tab_of(name):
        page = dialog.group_pages[SETTINGS_BY_NAME[name].group]
        assert page.widget().isAncestorOf(dialog.fields[name].widget)  # really on that tab
        return dialog.tabs.tabText(dialog.tabs.indexOf(page))

    assert tab_of("speed") == "표시" and tab_of("font_size") == "표시"
    assert tab_of("categories") == "알림" and tab_of("audience") == "알림"
    assert tab_of("feeds") == "네트워크" and tab_of("poll_interval") == "네트워크"
    assert tab_of("long_poll") == "고급" and tab_of("ca_bundle") == "고급"
    # Protocol words stay out of the first three tabs; 고급 explains them.
    for setting in SETTINGS:
        if setting.name in dialog.fields and setting.group != "advanced":
            shown = dialog.name_labels[setting.name].text()
            shown += dialog.help_labels.get(setting.name, dialog.name_labels[setting.name]).text()
            assert "Prefer" not in shown and "롱 폴링" not in shown, setting.name
    assert "Prefer" not in dialog.name_labels["long_poll"].text()  # a plain name...
    assert "롱 폴링" in dialog.help_labels["long_poll"].text()  # ...explained under it
    advanced = dialog.group_pages["advanced"].widget()
    notes = [w.text() for w in advanced.findChildren(QLabel)]
    assert any("Prefer: wait=" in text and "전산 담당자" in text for text in notes)


def test_english_tabs_and_errors_bring_their_tab_forward(qtbot, user_file, english):
    dialog = make(qtbot, user_file)
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == ["Display", "Notices", "Network", "Advanced"]
    assert dialog.name_labels["speed"].text() == "Scrolling speed"
    dialog.show()
    dialog.fields["feeds"].widget.setPlainText("ftp://files.example/feed")
    assert not dialog.save()
    assert dialog.tabs.currentWidget() is dialog.group_pages["network"]
    assert dialog.error_labels["feeds"].text() == "not an http/https URL: 'ftp://files.example/feed'"
