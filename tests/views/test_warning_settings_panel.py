"""设置 → 预警时限 and 预警类型: deadlines saved when valid and refused with the reason when not;
new types listed at once, a duplicate refused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.services import warning_settings
from desktop.services.warning_settings import WarningDeadlines
from desktop.views.warning_settings_panel import WarningSettingsPanel, WarningTypeModel
from tests.views.helpers import type_text


@pytest.fixture
def panel(qtbot, db) -> WarningSettingsPanel:
    widget = WarningSettingsPanel(db)
    qtbot.addWidget(widget)
    widget.resize(1100, 480)
    widget.show()
    return widget


def shown(panel) -> dict[str, str]:
    return {name: edit.text() for name, edit in panel.deadline_edits.items()}


def type_rows(panel) -> dict[str, str]:
    """{type: built-in mark} as the list shows them."""
    model = panel.model
    return {
        model.index(row, WarningTypeModel.NAME).data(): model.index(
            row, WarningTypeModel.BUILTIN
        ).data()
        for row in range(model.rowCount())
    }


def set_duration(panel, name: str, number: int, unit: str) -> None:
    edit = panel.deadline_edits[name]
    edit.unit_combo.setCurrentText(unit)
    edit.spin.setValue(number)


def test_shows_the_deadlines_in_hours_and_long_ones_in_days(panel):
    assert shown(panel) == {
        "urgent_response_hours": "2 小时",
        "urgent_completion_hours": "24 小时",
        "normal_response_hours": "24 小时",
        "normal_completion_hours": "7 天",
    }
    assert panel.deadline_edits["normal_completion_hours"].spin.text() == "7"
    assert panel.model.headerData(1, Qt.Orientation.Horizontal) == "内置"
    assert type_rows(panel)["地质灾害"] == "是"
    assert list(type_rows(panel))[:3] == ["安全隐患", "地质灾害", "森林防火"]


def test_changed_deadlines_are_saved_and_read_back(qtbot, db, panel):
    set_duration(panel, "urgent_response_hours", 4, "小时")
    set_duration(panel, "urgent_completion_hours", 2, "天")
    set_duration(panel, "normal_completion_hours", 10, "天")
    with qtbot.waitSignal(panel.settings_saved):
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert warning_settings.load_warning_deadlines(db) == WarningDeadlines(4, 48, 24, 240)
    assert "已保存" in panel.saved_label.text()

    again = WarningSettingsPanel(db)
    qtbot.addWidget(again)
    again.reload()
    assert shown(again) == {
        "urgent_response_hours": "4 小时",
        "urgent_completion_hours": "2 天",
        "normal_response_hours": "24 小时",
        "normal_completion_hours": "10 天",
    }


def test_changing_the_unit_keeps_the_number(panel):
    edit = panel.deadline_edits["urgent_response_hours"]
    edit.unit_combo.setCurrentText("天")
    assert (edit.text(), edit.hours()) == ("2 天", 48)


def test_bad_deadlines_are_refused_under_their_fields(qtbot, db, panel, boxes):
    set_duration(panel, "urgent_response_hours", 0, "小时")
    set_duration(panel, "normal_completion_hours", 12, "小时")
    with qtbot.assertNotEmitted(panel.settings_saved):
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    form = panel.deadline_form
    assert form.error_text("urgent_response_hours") == "紧急预警响应时限应为 1～2160 小时"
    assert form.error_text("normal_completion_hours") == "一般预警办结时限不能短于响应时限"
    assert form.error_text("urgent_completion_hours") == ""
    assert panel.saved_label.text() == ""
    assert warning_settings.load_warning_deadlines(db) == WarningDeadlines()

    set_duration(panel, "urgent_response_hours", 1, "小时")
    set_duration(panel, "normal_completion_hours", 5, "天")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert form.error_text("urgent_response_hours") == ""
    assert warning_settings.load_warning_deadlines(db) == WarningDeadlines(1, 24, 24, 120)
    assert boxes.shown == []  # said inline, not in a message box


def test_a_type_is_added_and_a_duplicate_refused(qtbot, db, panel):
    type_text(qtbot, panel.name_edit, "防汛")
    with qtbot.waitSignal(panel.settings_saved):
        qtbot.keyClick(panel.name_edit, Qt.Key.Key_Return)
    assert type_rows(panel)["防汛"] == ""
    chosen = panel.table.selectionModel().selectedRows()
    assert [panel.model.rows[index.row()].name for index in chosen] == ["防汛"]
    assert panel.name_edit.text() == ""
    assert "防汛" in [kind.name for kind in warning_settings.list_warning_types(db)]

    type_text(qtbot, panel.name_edit, "地质 灾害")
    with qtbot.assertNotEmitted(panel.settings_saved):
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert panel.type_error.text() == "预警类型“地质灾害”已经存在"
    assert panel.type_error.isVisible()
    assert list(type_rows(panel)).count("地质灾害") == 1
    assert panel.name_edit.text() == "地质 灾害"  # kept, so the clerk can correct it

    panel.name_edit.clear()
    type_text(qtbot, panel.name_edit, "燃气安全")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert not panel.type_error.isVisible()
    assert "燃气安全" in type_rows(panel)


def test_type_model_passes_the_model_tester(qtmodeltester, panel):
    qtmodeltester.check(panel.model)
