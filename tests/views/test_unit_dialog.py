"""Adding, editing, moving and deleting grid units from the tree."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.services.lookups import list_units
from desktop.views.unit_dialog import MoveUnitDialog, UnitDialog
from tests.views.helpers import type_text


def unit_named(page, name: str):
    return next(unit for unit in page.units if unit.name == name)


def test_new_unit_goes_under_the_selected_one_at_the_next_level(qtbot, page, township):
    index = page.tree_model.index_of(township.units["青山村"])
    rect = page.tree_view.visualRect(index)
    qtbot.mouseClick(page.tree_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page.new_unit_action.trigger()
    dialog = page.active_dialog
    assert isinstance(dialog, UnitDialog)
    assert dialog.windowTitle() == "新增单位：网格"
    assert dialog.code_edit.text() == "511922100201-03"  # a suggestion; two grids exist
    type_text(qtbot, dialog.name_edit, "青山村第三网格")
    qtbot.keyClicks(dialog.households_edit, "120")
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.households_edit, Qt.Key.Key_Return)
    made = unit_named(page, "青山村第三网格")
    assert made.parent_id == township.units["青山村"]
    assert made.level.label == "网格" and made.households == 120
    assert page.selected_unit().name == "青山村第三网格"
    assert page.tree_view.currentIndex().data() == "青山村第三网格"


def test_unit_mistakes_show_by_their_fields_and_create_nothing(qtbot, db, page, township):
    before = len(list_units(db))
    page.select_unit(township.units["示例镇"])
    page.new_unit()
    dialog = page.active_dialog
    assert dialog.stats_edit.isVisibleTo(dialog) and dialog.kind_combo.isVisibleTo(dialog)
    dialog.code_edit.setText("bad code!")
    qtbot.keyClicks(dialog.stats_edit, "123")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("name") == "请填写单位名称"
    assert "只能由数字、字母" in dialog.form.error_text("code")
    assert "12 位数字" in dialog.form.error_text("stats_code")
    assert dialog.isVisible()
    assert len(list_units(db)) == before


def test_a_taken_code_is_refused(qtbot, page, township):
    page.select_unit(township.units["石门社区"])
    page.new_unit()
    dialog = page.active_dialog
    dialog.code_edit.setText("511922100201-01")
    type_text(qtbot, dialog.name_edit, "石门社区第二网格")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "已被“青山村第一网格”使用" in dialog.form.error_text("code")


def test_micro_grid_kind_is_free_text_with_suggestions(qtbot, page, township):
    page.select_unit(township.units["青山村第二网格"])
    page.new_unit()
    dialog = page.active_dialog
    assert dialog.kind_combo.isEditable()
    assert dialog.kind_combo.findText("院落/小区") >= 0
    assert not dialog.stats_edit.isVisibleTo(dialog)
    type_text(qtbot, dialog.name_edit, "枫香小区")
    type_text(qtbot, dialog.kind_combo.lineEdit(), "安置点")
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert unit_named(page, "枫香小区").kind == "安置点"


def test_a_micro_grid_has_no_lower_level(page, township):
    page.select_unit(township.units["青山一组"])
    assert not page.new_unit_action.isEnabled()


def test_edit_unit_renames_it_in_the_tree_and_roster(qtbot, page, township):
    page.select_unit(township.units["青山村第一网格"])
    page.edit_unit()
    dialog = page.active_dialog
    assert dialog.windowTitle() == "编辑单位"
    assert dialog.name_edit.text() == "青山村第一网格"
    dialog.name_edit.clear()
    type_text(qtbot, dialog.name_edit, "青山村一网格")
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.tree_view.currentIndex().data() == "青山村一网格"
    page.select_unit(township.units["南江县"])
    names = [page.proxy.index(r, 5).data() for r in range(page.proxy.rowCount())]
    assert "青山村一网格" in names


def test_move_a_grid_to_another_village(qtbot, page, township):
    page.select_unit(township.units["青山村第二网格"])
    page.move_unit()
    dialog = page.active_dialog
    assert isinstance(dialog, MoveUnitDialog)
    choices = [dialog.parent_picker.itemText(i) for i in range(dialog.parent_picker.count())]
    assert choices == ["青山村", "石门社区"]  # villages only
    dialog.parent_picker.setCurrentIndex(choices.index("石门社区"))
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert unit_named(page, "青山村第二网格").parent_id == township.units["石门社区"]
    assert page.tree_view.currentIndex().parent().data() == "石门社区"


def test_deleting_a_unit_with_people_is_refused_with_the_reason(page, boxes, township):
    page.select_unit(township.units["青山一组"])
    page.delete_unit()
    assert len(boxes.texts("warning")) == 1
    assert "任职记录" in boxes.texts("warning")[0]
    assert unit_named(page, "青山一组")


def test_deleting_a_unit_with_units_below_is_refused(page, boxes, township):
    page.select_unit(township.units["石门社区"])
    page.delete_unit()
    assert "下级单位" in boxes.texts("warning")[0]
    assert unit_named(page, "石门社区")


def test_deleting_an_empty_unit_asks_then_removes_it(page, boxes, township):
    page.select_unit(township.units["青山村第二网格"])
    page.delete_unit()
    assert "青山村第二网格" in boxes.texts("confirm")[0]
    assert all(unit.name != "青山村第二网格" for unit in page.units)
    assert page.selected_unit().name == "青山村"


def test_answering_no_keeps_the_unit(page, boxes, township):
    boxes.answer = False
    page.select_unit(township.units["青山村第二网格"])
    page.delete_unit()
    assert unit_named(page, "青山村第二网格")
    assert boxes.texts("warning") == []
