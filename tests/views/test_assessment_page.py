"""考核 → 月度考核 as a scorer uses it: keyboard entry, refused cells, paste, undo, notes, and
草稿 → 已提交 → 已审核 (locked) → 重新打开 with a reason."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from desktop.services.assessment_months import get_sheet, month_sheet
from desktop.views.assessment_month_panel import parse_block
from desktop.views.assessment_page import AssessmentPage
from desktop.views.assessment_sheet_model import REFUSED, SheetModel, entry_text
from tests.services import assessment_fixtures
from tests.services.assessment_fixtures import MARCH, REVIEWER

assessment_file = assessment_fixtures.assessment_file
db = assessment_fixtures.assessment_db
town = assessment_fixtures.assessment_town

TODAY = date(2026, 3, 20)
SCORER = "考核员小陈"


def open_page(qtbot, db, actor: str = SCORER) -> AssessmentPage:
    widget = AssessmentPage(db, actor, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1236, 700)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


@pytest.fixture
def page(qtbot, db, town):
    return open_page(qtbot, db)


def header(model: SheetModel, column: int) -> str:
    return model.headerData(column, Qt.Orientation.Horizontal)


def column(model: SheetModel, name: str) -> int:
    """The column whose header names `name` (an item, 总分, 等次 …)."""
    for c in range(model.columnCount()):
        if name in header(model, c).split("\n"):
            return c
    raise AssertionError(f"no column {name}")


def cell(model: SheetModel, worker: str, name: str, role=Qt.ItemDataRole.DisplayRole):
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == worker)
    return model.index(row, column(model, name)).data(role)


def go_to(panel, worker: str, name: str) -> None:
    model = panel.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == worker)
    panel.table.setCurrentIndex(model.index(row, column(model, name)))
    panel.table.setFocus()


def type_cell(qtbot, panel, text: str, end=Qt.Key.Key_Tab) -> None:
    """Type into the current cell as a scorer does: the first key opens the editor, unless
    Tab already opened it on this cell."""
    if QApplication.focusWidget() is panel.table:
        qtbot.keyClick(panel.table, text[0])
        text = text[1:]
    editor = QApplication.focusWidget()
    assert editor is not panel.table, "typing did not open an editor"
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, end)


def saved(db, page, worker: str) -> dict[str, str]:
    """item name → value as stored (none while the month is not opened)."""
    month = page.month_panel.model.sheet.month
    sheet = month_sheet(
        db, month.township_id, month.month, scheme_family=month.scheme.family_uid, today=TODAY
    )
    items = {item.key: item for item in sheet.items}
    names = {key: item.name for key, item in items.items()}
    row = next(r for r in sheet.rows if r.name == worker)
    return {names[key]: entry_text(items[key], entry) for key, entry in row.entries.items()}


def test_the_sheet_lists_the_month_by_village_with_automatic_items_marked(page):
    panel = page.month_panel
    model = panel.model
    assert panel.month_combo.currentText() == "2026年3月"
    assert [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(4)] == [
        ("青山村", "李青山"),
        ("青山村", "孙新来"),
        ("青山村", "张网格"),
        ("石门社区", "赵石门"),
    ]
    assert header(model, column(model, "日常走访")).split("\n") == ["基础工作", "日常走访", "20分"]
    automatic = column(model, "按期化解率")
    assert "自动" in header(model, automatic)
    assert not model.flags(model.index(0, automatic)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(0, column(model, "日常走访"))) & Qt.ItemFlag.ItemIsEditable
    # nothing entered yet: the month is scored but not saved until its first entry
    assert "未开始" in panel.status_label.text() and model.sheet.month.id is None
    assert (panel.submit_button.isEnabled(), panel.approve_button.isEnabled()) == (True, False)


def test_typing_a_row_of_scores_updates_total_grade_and_rank(qtbot, page, db):
    panel = page.month_panel
    model = panel.model
    # nothing entered: 信息录入 5 + 按期化解率 15 + 小事不出村 10 (full without cases) so far,
    # and no grade or rank until the manual items are filled in
    assert (cell(model, "李青山", "总分"), cell(model, "李青山", "等次")) == ("30", "未评完")
    assert (cell(model, "李青山", "排名"), cell(model, "李青山", "村内")) == ("—", "—")
    assert "尚未填写：日常走访、" in cell(model, "李青山", "等次", Qt.ItemDataRole.ToolTipRole)
    go_to(panel, "李青山", "日常走访")
    for text in ("18", "1", "5", "12", "15", "10", "5"):  # Tab passes over the automatic items
        type_cell(qtbot, panel, text)
    assert "草稿" in panel.status_label.text()  # the first entry opened the month
    assert saved(db, page, "李青山") == {
        "日常走访": "18",
        "信息录入": "1",
        "台账资料": "5",
        "矛盾纠纷排查": "12",
        "安全隐患排查": "15",
        "重点人员服务管理": "10",
        "群众满意度": "5",
    }
    # 18 + (5 − 2) + 5 + 12 + 15 + 10 + 15 + 10 + 5
    assert (cell(model, "李青山", "总分"), cell(model, "李青山", "等次")) == ("93", "优秀")
    assert (cell(model, "李青山", "排名"), cell(model, "张网格", "排名")) == ("1", "—")
    assert cell(model, "李青山", "信息录入", Qt.ItemDataRole.ToolTipRole) == "3分"


def test_enter_saves_and_moves_down(qtbot, page, db):
    panel = page.month_panel
    go_to(panel, "李青山", "日常走访")
    type_cell(qtbot, panel, "12", end=Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.currentIndex().row() == 1)
    type_cell(qtbot, panel, "14", end=Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.currentIndex().row() == 2)
    assert saved(db, page, "李青山") == {"日常走访": "12"}
    assert saved(db, page, "孙新来") == {"日常走访": "14"}


def test_an_invalid_cell_stays_red_with_the_message_and_saves_nothing(qtbot, page, db):
    panel = page.month_panel
    model = panel.model
    go_to(panel, "李青山", "日常走访")
    type_cell(qtbot, panel, "25")
    message = "“日常走访”应为 0～20 分"
    assert cell(model, "李青山", "日常走访") == "25"
    assert cell(model, "李青山", "日常走访", Qt.ItemDataRole.ToolTipRole) == message
    assert cell(model, "李青山", "日常走访", Qt.ItemDataRole.BackgroundRole) == REFUSED
    assert message in panel.problem_label.text() and panel.problem_label.isVisible()
    assert saved(db, page, "李青山") == {}
    assert cell(model, "李青山", "总分") == "30"
    # typed again, correctly: the cell is saved and no longer red
    go_to(panel, "李青山", "日常走访")
    type_cell(qtbot, panel, "20")
    assert saved(db, page, "李青山") == {"日常走访": "20"}
    assert cell(model, "李青山", "日常走访", Qt.ItemDataRole.BackgroundRole) != REFUSED


def test_a_block_pasted_from_excel_is_validated_cell_by_cell_and_undone_at_once(qtbot, page, db):
    panel = page.month_panel
    model = panel.model
    go_to(panel, "李青山", "日常走访")
    # 日常走访, 信息录入, 台账资料 for the first three workers; one count is not a whole number
    result = panel.paste("18\t0\t5\r\n16\t1.5\t4\r\n20\t2\t5\r\n")
    assert (result.saved, len(result.refused)) == (8, 1)
    assert "孙新来 · 信息录入：“信息录入”次数应为不小于 0 的整数" in panel.problem_label.text()
    assert "粘贴" in panel.problem_label.text()
    assert saved(db, page, "张网格") == {"日常走访": "20", "信息录入": "2", "台账资料": "5"}
    assert saved(db, page, "孙新来") == {"日常走访": "16", "台账资料": "4"}
    assert cell(model, "张网格", "总分") == "51"  # 20 + 1 + 5 + 25
    assert panel.undo_button.isEnabled()
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert saved(db, page, "张网格") == saved(db, page, "李青山") == {}
    assert cell(model, "张网格", "总分") == "30"
    assert not panel.undo_button.isEnabled()


def test_pasting_onto_an_automatic_item_is_refused(page, db):
    panel = page.month_panel
    go_to(panel, "赵石门", "矛盾纠纷排查")
    result = panel.paste("9\t4")
    assert result.saved == 1
    assert "按期化解率" in result.refused[0]
    assert saved(db, page, "赵石门") == {"矛盾纠纷排查": "9"}


def test_a_deduction_gets_a_note(qtbot, page, db):
    panel = page.month_panel
    opened = []
    panel.dialog_opened.connect(opened.append)
    go_to(panel, "李青山", "信息录入")
    panel.edit_note()
    assert "先填写" in panel.problem_label.text() and not opened
    type_cell(qtbot, panel, "2", end=Qt.Key.Key_Escape)  # Esc: nothing saved
    assert saved(db, page, "李青山") == {}
    go_to(panel, "李青山", "信息录入")
    type_cell(qtbot, panel, "2", end=Qt.Key.Key_Tab)
    go_to(panel, "李青山", "信息录入")
    qtbot.keyClick(panel.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (dialog,) = opened
    dialog.note_edit.setText("3月5日两户信息未更新")
    dialog.save_button.click()
    assert cell(panel.model, "李青山", "信息录入", Qt.ItemDataRole.ToolTipRole) == (
        "1分\n备注：3月5日两户信息未更新"
    )
    sheet = get_sheet(db, panel.model.sheet.month.id)
    (entry,) = next(r for r in sheet.rows if r.name == "李青山").entries.values()
    assert (entry.value, entry.note, entry.entered_by) == (2, "3月5日两户信息未更新", SCORER)


def test_approval_locks_the_sheet_and_reopening_needs_a_reason(qtbot, page, db, boxes):
    go_to(page.month_panel, "李青山", "日常走访")
    type_cell(qtbot, page.month_panel, "18")
    page.month_panel.submit_button.click()  # blank cells: the clerk confirms
    assert "已提交" in page.month_panel.status_label.text()
    page = open_page(qtbot, db, REVIEWER)  # the reviewer is not the one who submitted
    panel = page.month_panel
    model = panel.model
    assert (panel.submit_button.isEnabled(), panel.approve_button.isEnabled()) == (False, True)
    panel.approve_button.click()
    assert "审核通过后本月锁定" in boxes.texts("confirm")[-1]
    assert "已审核" in panel.status_label.text() and "锁定" in panel.info_label.text()
    assert panel.reopen_button.isEnabled() and not panel.approve_button.isEnabled()
    daily = model.index(0, column(model, "日常走访"))
    assert not model.flags(daily) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(daily, "20")
    assert panel.paste("20") is None and "重新打开" in panel.problem_label.text()
    assert saved(db, page, "李青山") == {"日常走访": "18"}

    opened = []
    panel.dialog_opened.connect(opened.append)
    panel.reopen_button.click()
    (dialog,) = opened
    dialog.save_button.click()
    assert dialog.form.error_text("reason") == "重新打开已审核的月份须填写原因"
    assert "已审核" in panel.status_label.text()
    dialog.reason_edit.setPlainText("李青山走访分录错")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "草稿" in panel.status_label.text())
    assert "已重新打开 1 次" in panel.status_label.text()
    assert "李青山走访分录错" in panel.status_label.toolTip()
    assert model.flags(model.index(0, column(model, "日常走访"))) & Qt.ItemFlag.ItemIsEditable


def test_a_month_without_a_scheme_says_so(page):
    panel = page.month_panel
    panel.choose_month(date(2025, 12, 1))
    assert panel.model.rowCount() == 0
    assert "还没有适用于2025年12月的考核细则" in panel.problem_label.text()
    assert not panel.submit_button.isEnabled()


def test_sorting_by_total_and_back_to_villages(qtbot, page):
    panel = page.month_panel
    model = panel.model
    go_to(panel, "赵石门", "日常走访")
    type_cell(qtbot, panel, "9")
    model.sort(column(model, "总分"))
    assert model.index(0, 1).data() == "赵石门"
    model.sort(0)
    assert [model.index(r, 1).data() for r in range(4)] == ["李青山", "孙新来", "张网格", "赵石门"]


def test_the_sheet_model_passes_the_model_tester(qtmodeltester, page):
    qtmodeltester.check(page.month_panel.model)


def test_parse_block_reads_excel_and_wps_clipboards():
    assert parse_block("1\t2\r\n3\t\r\n") == [["1", "2"], ["3", ""]]
    assert parse_block("7") == [["7"]]


def test_the_sheet_is_read_for_the_month_chosen(page, db):
    panel = page.month_panel
    panel.choose_month(date(2026, 2, 1))
    names = [panel.model.index(r, 1).data() for r in range(panel.model.rowCount())]
    assert "钱已走" in names and "孙新来" not in names  # she left on the 20th, he came in March
    assert panel.model.sheet.month.month == date(2026, 2, 1) != MARCH


def test_delete_clears_the_selected_cells_and_undo_brings_them_back(qtbot, page, db):
    panel = page.month_panel
    model = panel.model
    go_to(panel, "李青山", "日常走访")
    panel.paste("18\t1\n16\t2")
    first = model.index(0, column(model, "日常走访"))
    last = model.index(1, column(model, "信息录入"))
    panel.table.selectionModel().select(
        QItemSelection(first, last), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert saved(db, page, "李青山") == saved(db, page, "孙新来") == {}
    assert cell(model, "孙新来", "总分") == "30"
    panel.undo_button.click()
    assert saved(db, page, "孙新来") == {"日常走访": "16", "信息录入": "2"}
    assert cell(model, "孙新来", "总分") == "42"  # 16 + 1 + 25


def test_submitting_blank_cells_asks_first_and_the_submitter_cannot_approve(qtbot, page, boxes):
    panel = page.month_panel
    go_to(panel, "李青山", "日常走访")
    type_cell(qtbot, panel, "18")
    boxes.answer = False
    panel.submit_button.click()
    (question,) = boxes.texts("confirm")
    assert "李青山（台账资料、矛盾纠纷排查、" in question and "赵石门（全部手工评分项）" in question
    assert "草稿" in panel.status_label.text()  # not submitted without the clerk's word
    boxes.answer = True
    panel.submit_button.click()
    assert "已提交" in panel.status_label.text()
    panel.approve_button.click()
    (refusal,) = boxes.texts("error")
    assert f"本月考核由{SCORER}提交，不能由本人审核" in refusal
    assert "已提交" in panel.status_label.text()
