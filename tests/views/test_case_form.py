"""登记案件: a clerk fills the form; the service's refusals show under the fields, nothing saved."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.services import cases
from desktop.views.case_form import NewCaseDialog
from desktop.views.disputes_page import DisputesPage
from tests.views.helpers import citizen_id, type_text

TODAY = date(2026, 3, 20)
GOOD_ID = citizen_id("511922", "19700101", 31)


@pytest.fixture
def page(qtbot, db, township):
    widget = DisputesPage(db, "王文书", today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1196, 678)
    widget.show()
    return widget


@pytest.fixture
def form(qtbot, page) -> NewCaseDialog:
    with qtbot.wait_signal(page.dialog_opened):
        qtbot.mouseClick(page.list_panel.new_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, NewCaseDialog)
    return dialog


def pick(combo, text: str) -> None:
    position = combo.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert position >= 0, f"{text} is not offered"
    combo.setCurrentIndex(position)


def fill_party(qtbot, form: NewCaseDialog, row: int, name: str, citizen: str = "", phone: str = ""):
    party = form.party_rows[row]
    type_text(qtbot, party.name_edit, name)
    if citizen:
        qtbot.keyClicks(party.id_edit, citizen)
    if phone:
        qtbot.keyClicks(party.phone_edit, phone)


def fill_case(qtbot, form: NewCaseDialog) -> None:
    pick(form.category_combo, "邻里")
    pick(form.source_combo, "网格上报")
    pick(form.unit_picker, "青山村 / 青山村第一网格 / 青山一组")
    fill_party(qtbot, form, 0, "张大山", GOOD_ID, "13700000001")
    fill_party(qtbot, form, 1, "李小河")
    qtbot.keyClicks(form.amount_edit, "3,500.5")
    type_text(qtbot, form.summary_edit, "排水沟堵塞，两家互相指责。")


def test_a_case_is_registered_and_shown_selected(qtbot, db, page, form):
    assert form.received_edit.value() == TODAY
    fill_case(qtbot, form)
    pick(form.reporter_combo, "张三丰")  # 网格长 of the chosen village
    qtbot.mouseClick(form.criminal_box, Qt.MouseButton.LeftButton)
    with qtbot.wait_signal(form.finished):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    (case,) = cases.list_cases(db, today=TODAY)
    assert case.number == "示例镇〔2026〕0001号"
    assert case.received_on == TODAY
    assert case.category == "邻里" and case.source == "网格上报"
    assert case.unit_name == "青山一组"
    assert [p.name for p in case.parties] == ["张大山", "李小河"]
    assert case.parties[0].citizen_id == GOOD_ID
    assert case.amount_fen == 350050
    assert case.criminal_risk and not case.group_risk
    assert case.reporter == "张三丰"
    assert page.list_panel.selected_case_id() == case.id
    assert page.list_panel.count_label.text() == "共 1 件，已超期 0 件"


def test_reporters_are_the_grid_workers_of_the_chosen_village(form):
    pick(form.unit_picker, "石门社区")
    offered = [form.reporter_combo.itemText(i) for i in range(form.reporter_combo.count())]
    assert offered == ["（无）", "李四（专职网格员·石门社区第一网格）"]
    pick(form.unit_picker, "青山村 / 青山村第一网格")
    offered = [form.reporter_combo.itemText(i) for i in range(form.reporter_combo.count())]
    assert offered == ["（无）", "张三丰（网格长·青山村第一网格）", "王秀英（微网格员·青山一组）"]


def test_one_party_only_is_refused_inline(qtbot, db, form):
    fill_case(qtbot, form)
    form.party_rows[1].name_edit.clear()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.error_text("parties") == "矛盾纠纷至少要有两方当事人"
    assert cases.list_cases(db, today=TODAY) == []


def test_a_wrong_id_is_refused_under_its_party(qtbot, db, form):
    fill_case(qtbot, form)
    wrong = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")
    form.party_rows[0].id_edit.clear()
    qtbot.keyClicks(form.party_rows[0].id_edit, wrong)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert "第 1 位当事人" in form.error_text("party0")
    assert "校验码" in form.error_text("party0")
    assert form.error_text("party1") == ""
    assert form.party_rows[0].id_edit.hasFocus()
    assert cases.list_cases(db, today=TODAY) == []


def test_missing_fields_are_named_in_chinese(qtbot, db, form):
    type_text(qtbot, form.amount_edit, "3万")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.error_text("category") == "请选择纠纷类别"
    assert form.error_text("unit").startswith("请选择纠纷发生地")
    assert form.error_text("summary") == "请简要写明纠纷情况"
    assert "涉及金额" in form.error_text("amount")
    assert form.category_combo.hasFocus()  # the topmost bad field
    assert cases.list_cases(db, today=TODAY) == []


def test_party_rows_are_added_and_removed_but_never_below_two(qtbot, db, form):
    assert len(form.party_rows) == 2
    assert not form.party_rows[0].remove_button.isEnabled()
    qtbot.mouseClick(form.add_party_button, Qt.MouseButton.LeftButton)
    assert len(form.party_rows) == 3
    fill_case(qtbot, form)
    third = form.party_rows[2]
    pick(third.kind_combo, "单位")
    assert not third.id_edit.isEnabled()
    type_text(qtbot, third.name_edit, "青山村村民委员会")
    with qtbot.wait_signal(form.finished):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    (case,) = cases.list_cases(db, today=TODAY)
    assert [(p.kind, p.name) for p in case.parties][-1] == ("organisation", "青山村村民委员会")
    assert case.people_involved == 3


def test_removing_a_row_keeps_the_others(qtbot, form):
    form.add_party()
    fill_party(qtbot, form, 2, "王五")
    qtbot.mouseClick(form.party_rows[1].remove_button, Qt.MouseButton.LeftButton)
    assert [row.name_edit.text() for row in form.party_rows] == ["", "王五"]
    assert not form.party_rows[0].remove_button.isEnabled()
