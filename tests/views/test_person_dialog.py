"""Adding and editing people through the dialog, as a clerk does: keyboard first, errors inline."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from desktop.services.roster import get_person
from desktop.services.roster_index import load_roster
from desktop.views.person_dialog import PersonDialog
from tests.views.helpers import (
    citizen_id,
    repeated_alt_keys,
    table_names,
    table_row,
    type_text,
)

NEW_MAN = citizen_id("511922", "19900101", 31)


def open_new_person(qtbot, page) -> PersonDialog:
    qtbot.mouseClick(page.person_buttons["new"], Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, PersonDialog) and dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow)  # keys go where the clerk's focus is
    return dialog


def select(page, name: str) -> None:
    assert page.select_person(page.proxy.person_id(table_names(page).index(name)))


def test_clerk_adds_a_person_and_sees_them_selected(qtbot, page, db):
    dialog = open_new_person(qtbot, page)
    assert dialog.windowTitle() == "新增人员"
    type_text(qtbot, dialog.name_edit, "孙悟空")
    qtbot.keyClicks(dialog.id_edit, NEW_MAN)
    assert dialog.gender_combo.currentText() == "男"  # read from the ID
    assert dialog.birth_edit.value() == date(1990, 1, 1)
    qtbot.keyClicks(dialog.phone_edit, "13600001111")
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)  # Enter saves
    assert "孙悟空" in table_names(page)
    assert page.count_label.text() == "共 6 人"
    assert page.table.selectionModel().selectedRows()[0].data() == "孙悟空"
    row = table_row(page, "孙悟空")
    assert row["联系电话"] == "136****1111"
    assert row["状态"] == "未分配"
    saved = get_person(db, page.selected_person_id())
    assert (saved.citizen_id, saved.gender, saved.birth_date) == (NEW_MAN, "男", date(1990, 1, 1))


def test_invalid_id_shows_the_reason_by_the_field_and_saves_nothing(qtbot, page, db):
    dialog = open_new_person(qtbot, page)
    type_text(qtbot, dialog.name_edit, "孙悟空")
    qtbot.keyClicks(dialog.id_edit, "511922199001011235")  # wrong check digit
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "校验码" in dialog.form.error_text("citizen_id")
    assert dialog.form.error_labels["citizen_id"].isVisible()
    assert dialog.isVisible()
    assert page.proxy.rowCount() == 5
    assert len(load_roster(db)) == 5


def test_gender_contradicting_the_id_is_refused(qtbot, page, db):
    dialog = open_new_person(qtbot, page)
    type_text(qtbot, dialog.name_edit, "孙悟空")
    qtbot.keyClicks(dialog.id_edit, NEW_MAN)
    dialog.gender_combo.setCurrentIndex(dialog.gender_combo.findText("女"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "性别与身份证号码不符" in dialog.form.error_text("gender")
    assert dialog.isVisible()
    assert len(load_roster(db)) == 5


def test_every_mistake_shows_at_once(qtbot, page):
    dialog = open_new_person(qtbot, page)
    qtbot.keyClicks(dialog.phone_edit, "12345")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("name") == "请填写姓名"
    assert "联系电话" in dialog.form.error_text("phone")
    assert dialog.focusWidget() is dialog.name_edit  # the first field to fix


def test_new_person_with_a_first_post_in_the_selected_unit(qtbot, page, township):
    page.select_unit(township.units["青山村第二网格"])
    dialog = open_new_person(qtbot, page)
    assert dialog.unit_picker.unit_id() == township.units["青山村第二网格"]
    type_text(qtbot, dialog.name_edit, "孙悟空")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findText("兼职网格员"))
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert table_names(page) == ["孙悟空"]  # the tree still filters to 青山村第二网格
    row = table_row(page, "孙悟空")
    assert (row["岗位"], row["所属单位"], row["状态"]) == ("兼职网格员", "青山村第二网格", "在岗")
    assert row["任职日期"] == date.today().isoformat()


def test_a_post_without_a_unit_saves_nothing(qtbot, page, db):
    dialog = open_new_person(qtbot, page)
    type_text(qtbot, dialog.name_edit, "孙悟空")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findText("网格长"))
    dialog.unit_picker.setCurrentIndex(0)  # blank
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("unit") == "请选择任职的网格单位"
    assert len(load_roster(db)) == 5


def test_escape_cancels_and_saves_nothing(qtbot, page, db):
    dialog = open_new_person(qtbot, page)
    type_text(qtbot, dialog.name_edit, "孙悟空")
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert len(load_roster(db)) == 5
    assert "孙悟空" not in table_names(page)


def test_enter_on_a_row_edits_that_person_and_keeps_them_selected(qtbot, page, db, township):
    select(page, "李四")
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.active_dialog
    assert isinstance(dialog, PersonDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.windowTitle() == "编辑人员"
    assert dialog.name_edit.text() == "李四"
    assert "专职网格员" in dialog.findChildren(type(dialog.form.general_error))[-1].text()
    dialog.phone_edit.clear()
    qtbot.keyClicks(dialog.phone_edit, "13500002222")
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Enter)
    assert get_person(db, township.people["李四"]).phone == "13500002222"
    assert table_row(page, "李四")["联系电话"] == "135****2222"
    assert page.table.selectionModel().selectedRows()[0].data() == "李四"


def test_double_click_opens_the_editor(qtbot, page):
    row = table_names(page).index("王秀英")
    rect = page.table.visualRect(page.proxy.index(row, 0))
    # A real double click starts with a click: QTest's mouseDClick alone sends no press first.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = page.active_dialog
    assert isinstance(dialog, PersonDialog) and dialog.name_edit.text() == "王秀英"
    dialog.reject()


def test_editing_to_a_duplicate_id_is_refused(qtbot, page, db, township):
    select(page, "赵敏")
    page.edit_person()
    dialog = page.active_dialog
    dialog.id_edit.setText(citizen_id("511922", "19800101", 22))  # 王秀英's
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "王秀英" in dialog.form.error_text("citizen_id")
    assert get_person(db, township.people["赵敏"]).citizen_id != citizen_id(
        "511922", "19800101", 22
    )


def test_editing_never_shows_the_full_id_or_phone(qtbot, page, db, township):
    person = get_person(db, township.people["张三丰"])
    select(page, "张三丰")
    page.edit_person()
    dialog = page.active_dialog
    texts = [edit.text() + edit.placeholderText() for edit in dialog.findChildren(QLineEdit)]
    assert not any(person.citizen_id in text or person.phone in text for text in texts)
    assert person.masked_id in dialog.id_edit.placeholderText()
    assert "138****5678" in dialog.phone_edit.placeholderText()
    qtbot.keyClicks(dialog.notes_edit, "keeps both")
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = get_person(db, person.id)
    assert (saved.citizen_id, saved.phone, saved.notes) == (
        person.citizen_id,
        person.phone,
        "keeps both",
    )


def test_typing_a_new_id_when_editing_replaces_it(qtbot, page, db, township):
    select(page, "赵敏")
    page.edit_person()
    dialog = page.active_dialog
    new_id = citizen_id("511922", "19800101", 26)
    qtbot.keyClicks(dialog.id_edit, new_id)
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert get_person(db, township.people["赵敏"]).citizen_id == new_id
    assert table_row(page, "赵敏")["身份证号码"] == "511922********" + new_id[-4:]


def test_a_stored_phone_can_be_removed_on_purpose(qtbot, page, db, township):
    person = get_person(db, township.people["张三丰"])
    select(page, "张三丰")
    page.edit_person()
    dialog = page.active_dialog
    box = dialog.remove_boxes["phone"]
    assert box.isVisibleTo(dialog) and not box.isChecked()  # leaving the field empty keeps it
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked(), box.geometry()
    assert not dialog.phone_edit.isEnabled()
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = get_person(db, person.id)
    assert (saved.phone, saved.citizen_id) == (None, person.citizen_id)
    assert table_row(page, "张三丰")["联系电话"] == ""


def test_each_alt_key_of_the_new_person_dialog_reaches_one_field(qtbot, page):
    dialog = open_new_person(qtbot, page)
    assert repeated_alt_keys(dialog) == {}
