"""Giving a post and ending it; the roster's status column follows."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt

from desktop.services.roster import get_person
from desktop.views.assignment_dialog import AssignRoleDialog, EndAssignmentDialog
from tests.views.helpers import table_names, table_row


def select(page, name: str) -> None:
    assert page.select_person(page.proxy.person_id(table_names(page).index(name)))


def test_assign_then_end_a_post_changes_the_status(qtbot, page, db, township):
    select(page, "赵敏")
    assert table_row(page, "赵敏")["状态"] == "未分配"

    qtbot.mouseClick(page.person_buttons["assign"], Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, AssignRoleDialog)
    dialog.unit_picker.setCurrentIndex(dialog.unit_picker.findText("石门社区 / 石门社区第一网格"))
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findText("兼职网格员"))
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    row = table_row(page, "赵敏")
    assert (row["岗位"], row["所属单位"], row["状态"]) == ("兼职网格员", "石门社区第一网格", "在岗")
    assert page.table.selectionModel().selectedRows()[0].data() == "赵敏"

    qtbot.mouseClick(page.person_buttons["end"], Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, EndAssignmentDialog)
    assert dialog.assignment_combo.currentText().startswith(
        "兼职网格员，石门社区 / 石门社区第一网格"
    )
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert table_row(page, "赵敏")["状态"] == "已离任"
    held = get_person(db, township.people["赵敏"]).assignments
    assert [a.end_date for a in held] == [date.today()]


def test_ending_before_the_start_is_refused_inline(qtbot, page, db, township):
    select(page, "张三丰")
    page.end_assignment()
    dialog = page.active_dialog
    dialog.end_edit.setDate(QDate(2020, 1, 1))  # the post began 2023-03-01
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "不能早于任职日期" in dialog.form.error_text("end_date")
    assert dialog.isVisible()
    assert get_person(db, township.people["张三丰"]).assignments[0].end_date is None
    assert table_row(page, "张三丰")["状态"] == "在岗"


def test_the_same_open_post_twice_is_refused(qtbot, page, township):
    select(page, "张三丰")
    page.select_unit(township.units["青山村第一网格"])
    select(page, "张三丰")
    page.assign_role()
    dialog = page.active_dialog
    assert dialog.unit_picker.unit_id() == township.units["青山村第一网格"]  # the tree's unit
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findText("网格长"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "已在“青山村第一网格”担任网格长" in dialog.form.error_text("role")


def test_choosing_nothing_says_what_is_missing(qtbot, page):
    select(page, "赵敏")
    page.assign_role()
    dialog = page.active_dialog
    dialog.unit_picker.setCurrentIndex(0)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("unit") == "请选择任职的网格单位"
    assert dialog.form.error_text("role") == "请选择岗位"


def test_start_date_cannot_be_after_today(page):
    select(page, "赵敏")
    page.assign_role()
    dialog = page.active_dialog
    dialog.start_edit.setDate(QDate.currentDate().addDays(3))
    assert dialog.start_edit.value() == date.today()
    assert dialog.start_edit.value() != date.today() + timedelta(days=3)


def test_ending_with_no_open_post_says_so(page, boxes):
    select(page, "赵敏")
    page.end_assignment()
    assert page.active_dialog is None
    assert boxes.texts("info") == ["赵敏目前没有可以结束的任职。"]


def test_person_actions_need_a_selected_person(qtbot, page):
    page.table.clearSelection()
    page._update_actions()
    assert not page.person_buttons["edit"].isEnabled()
    assert not page.person_buttons["assign"].isEnabled()
    assert page.person_buttons["new"].isEnabled()
    select(page, "李四")
    assert page.person_buttons["assign"].isEnabled()
