"""设置 → 办案期限 and 纠纷类别: saved when valid, refused with the reason when not."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.services import case_settings
from desktop.services.case_settings import DeadlineSettings
from desktop.views.case_settings_panel import CaseSettingsPanel, CategoryModel
from tests.views.helpers import repeated_alt_keys, type_text


@pytest.fixture
def panel(qtbot, window) -> CaseSettingsPanel:
    window.show_page("settings")
    window.settings_page.tabs.setCurrentWidget(window.settings_page.case_settings)
    return window.settings_page.case_settings


def category_row(panel, name: str) -> tuple[str, str, str]:
    model = panel.model
    for row in range(model.rowCount()):
        if model.index(row, CategoryModel.NAME).data() == name:
            return tuple(model.index(row, column).data() for column in range(3))
    raise AssertionError(f"{name} is not listed")


def choose(panel, name: str) -> None:
    names = [category.name for category in panel.model.categories]
    panel.table.selectRow(names.index(name))


def spins(panel) -> dict[str, int]:
    return {name: spin.value() for name, spin in panel.deadline_spins.items()}


def test_shows_the_deadlines_and_the_categories(qtbot, window, panel):
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    assert spins(panel) == {
        "due_days": 30,
        "warn_days": 5,
        "confirmation_days": 30,
        "follow_up_days": 15,
    }
    assert category_row(panel, "邻里") == ("邻里", "是", "默认（30 天）")
    assert panel.deadline_spins["due_days"].text() == "30 天"


def test_saved_deadlines_are_kept_and_become_the_default(qtbot, db, panel):
    panel.deadline_spins["due_days"].setValue(20)
    panel.deadline_spins["warn_days"].setValue(3)
    qtbot.mouseClick(panel.save_deadlines_button, Qt.MouseButton.LeftButton)
    assert case_settings.load_deadlines(db) == DeadlineSettings(20, 3, 30, 15)
    assert "已保存" in panel.saved_label.text()
    assert category_row(panel, "邻里")[2] == "默认（20 天）"


def test_bad_deadlines_are_refused_under_their_fields(qtbot, db, panel):
    panel.deadline_spins["due_days"].setValue(0)
    panel.deadline_spins["warn_days"].setValue(90)
    qtbot.mouseClick(panel.save_deadlines_button, Qt.MouseButton.LeftButton)
    assert panel.deadline_form.error_text("due_days") == "办结期限应为 1～365 天"
    assert panel.deadline_form.error_text("warn_days") == "到期提醒应为 0～60 天"
    assert panel.deadline_form.error_text("follow_up_days") == ""
    assert panel.saved_label.text() == ""
    assert case_settings.load_deadlines(db) == DeadlineSettings()

    panel.deadline_spins["due_days"].setValue(45)
    panel.deadline_spins["warn_days"].setValue(7)
    qtbot.mouseClick(panel.save_deadlines_button, Qt.MouseButton.LeftButton)
    assert panel.deadline_form.error_text("due_days") == ""
    assert case_settings.load_deadlines(db).due_days == 45


def test_a_category_is_added_and_a_duplicate_refused(qtbot, db, panel):
    type_text(qtbot, panel.name_edit, "养老服务")
    qtbot.keyClick(panel.name_edit, Qt.Key.Key_Return)
    assert category_row(panel, "养老服务") == ("养老服务", "", "默认（30 天）")
    assert panel.chosen_category().name == "养老服务"
    assert panel.name_edit.text() == ""
    assert "养老服务" in [c.name for c in case_settings.list_categories(db)]

    type_text(qtbot, panel.name_edit, "邻里")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert panel.category_error.text() == "类别“邻里”已经存在"
    assert panel.category_error.isVisible()


def test_a_category_gets_its_own_deadline_and_returns_to_the_default(qtbot, db, panel):
    choose(panel, "邻里")
    assert not panel.clear_days_button.isEnabled()
    panel.category_days_spin.setValue(15)
    qtbot.mouseClick(panel.set_days_button, Qt.MouseButton.LeftButton)
    assert category_row(panel, "邻里")[2] == "15 天"
    assert panel.chosen_category().name == "邻里"
    assert panel.clear_days_button.isEnabled()

    panel.category_days_spin.setValue(400)
    qtbot.mouseClick(panel.set_days_button, Qt.MouseButton.LeftButton)
    assert panel.category_error.text() == "办结期限应为 1～365 天"
    assert category_row(panel, "邻里")[2] == "15 天"

    qtbot.mouseClick(panel.clear_days_button, Qt.MouseButton.LeftButton)
    assert category_row(panel, "邻里")[2] == "默认（30 天）"
    assert not panel.category_error.isVisible()
    (neighbours,) = [c for c in case_settings.list_categories(db) if c.name == "邻里"]
    assert neighbours.due_days is None


def test_category_model_passes_the_model_tester(qtmodeltester, panel):
    qtmodeltester.check(panel.model)


def test_each_alt_key_of_the_panel_reaches_one_field(qtbot, panel):
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    assert repeated_alt_keys(panel) == {}  # 回访期限 and 恢复默认 were both Alt+F
