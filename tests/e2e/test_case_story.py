"""A clerk's dispute case from intake to the follow-up visit, through the screens only.

登记 → 研判 → 分流 (村级) → 指派调解员 → 开始调解 → 调解记录 → 调解成功 → 结案 → 回访, and the
timeline on the case page shows every step.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop.services.case_workflow import Action
from desktop.views.case_table_model import NUMBER, STATUS
from desktop.views.disputes_page import DisputesPage
from desktop.views.mediator_dialog import AssignMediatorDialog
from tests.views.conftest import _cjk_font, boxes, chinese, township  # noqa: F401 - fixtures
from tests.views.helpers import citizen_id, type_text

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = date(2026, 3, 20)
CLERK = "王文书"


@pytest.fixture
def page(qtbot, db, township):  # noqa: F811 - the fixture imported above
    widget = DisputesPage(db, CLERK, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1196, 678)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    return widget


def save(qtbot, dialog: QDialog) -> None:
    with qtbot.wait_signal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def act(qtbot, page: DisputesPage, action: Action) -> QDialog:
    case_page = page.case_page
    button = case_page.action_buttons[action]
    assert not button.isHidden(), f"{button.text()} is not offered"
    with qtbot.wait_signal(case_page.dialog_opened):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return case_page.active_dialog


def test_a_case_from_intake_to_follow_up(qtbot, page, boxes):  # noqa: F811
    # 登记: Ctrl+N, the form, 保存
    with qtbot.wait_signal(page.dialog_opened):
        qtbot.keyClick(page.list_panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.active_dialog
    form.category_combo.setCurrentIndex(form.category_combo.findText("邻里"))
    form.unit_picker.setCurrentIndex(
        form.unit_picker.findText("青山村 / 青山村第一网格 / 青山一组")
    )
    type_text(qtbot, form.party_rows[0].name_edit, "张大山")
    qtbot.keyClicks(form.party_rows[0].id_edit, citizen_id("511922", "19700101", 31))
    type_text(qtbot, form.party_rows[1].name_edit, "李小河")
    qtbot.keyClicks(form.party_rows[1].phone_edit, "13700000002")
    type_text(qtbot, form.summary_edit, "排水沟堵塞，两家互相指责。")
    save(qtbot, form)
    panel = page.list_panel
    assert panel.count_label.text() == "共 1 件，已超期 0 件"
    number = panel.proxy.index(0, NUMBER).data()
    assert number == "示例镇〔2026〕0001号"

    # Enter opens the case
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    case_page = page.case_page
    assert page.cases_stack.currentWidget() is case_page
    assert case_page.state_label.text() == "登记"

    dialog = act(qtbot, page, Action.ASSESS)
    type_text(qtbot, dialog.note_edit, "邻里小事，村级可化解")
    save(qtbot, dialog)
    assert case_page.state_label.text() == "研判"

    dialog = act(qtbot, page, Action.ROUTE)
    assert dialog.level().value == "village"  # it happened in a village
    save(qtbot, dialog)
    assert case_page.fact_labels["level"].text() == "村级"

    dialog = act(qtbot, page, Action.ASSIGN)
    assert isinstance(dialog, AssignMediatorDialog)
    save(qtbot, dialog)  # the best-ranked candidate is chosen: 张伟, the only mediator
    assert case_page.mediators_model.column(0) == ["张伟"]

    dialog = act(qtbot, page, Action.START)
    save(qtbot, dialog)
    assert case_page.state_label.text() == "调解中"

    dialog = act(qtbot, page, Action.SESSION)
    type_text(qtbot, dialog.place_edit, "青山村村委会")
    type_text(qtbot, dialog.record_edit, "双方陈述，同意各让一步。")
    save(qtbot, dialog)
    assert case_page.sessions_model.column(1) == ["青山村村委会"]

    dialog = act(qtbot, page, Action.SETTLE)
    type_text(qtbot, dialog.facts_edit, "排水沟被李小河家堆放杂物堵塞。")
    type_text(qtbot, dialog.terms_edit, "李小河三日内清理杂物，赔偿张大山 300 元。")
    save(qtbot, dialog)
    assert case_page.state_label.text() == "调解成功"
    assert case_page.agreement_labels["follow_up"].text() == "2026-04-04"

    dialog = act(qtbot, page, Action.CLOSE)
    save(qtbot, dialog)
    assert case_page.state_label.text() == "结案"

    dialog = act(qtbot, page, Action.FOLLOW_UP)
    type_text(qtbot, dialog.note_edit, "已清理，赔偿已付")
    save(qtbot, dialog)
    assert case_page.state_label.text() == "已回访"
    assert case_page.follow_ups_model.column(1) == ["已履行"]

    assert case_page.timeline_model.column(2) == [
        "登记",
        "研判",
        "分流",
        "指派调解员",
        "开始调解",
        "调解记录",
        "调解成功",
        "结案",
        "回访",
    ]
    assert set(case_page.timeline_model.column(1)) == {CLERK}
    assert case_page.timeline_model.column(3)[-1] == "结案 → 已回访"
    assert boxes.shown == []

    # Esc: back to the list, which shows where the case now stands
    qtbot.keyClick(case_page.focusWidget() or case_page, Qt.Key.Key_Escape)
    assert page.cases_stack.currentWidget() is panel
    assert panel.proxy.index(0, STATUS).data() == "已回访"
    assert panel.selected_case_id() == case_page.case.id
