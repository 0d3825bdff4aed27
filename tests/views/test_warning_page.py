"""One warning's page: the steps it offers in each state, and the dialogs of 改派, 提级,
党员报到 and 转为矛盾纠纷案件."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop.services import cases, roster, warnings
from desktop.services.cases import PartyDraft
from desktop.views.warning_actions import (
    ConvertDialog,
    PartyReportDialog,
    WarningDispatchDialog,
    WarningEscalateDialog,
)
from desktop.views.warning_page import WarningPage
from desktop.vocabulary import WarningAction
from tests.services import warning_fixtures
from tests.services.case_fixtures import CLERK, NOW
from tests.services.warning_fixtures import report
from tests.views.helpers import repeated_alt_keys, type_text
from tests.views.test_warnings_page import Clock

warning_file, db, wtown = (
    warning_fixtures.warning_file,
    warning_fixtures.warning_db,
    warning_fixtures.warning_town,
)
ACTOR = "王文书"


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW + timedelta(hours=1))


@pytest.fixture
def page(qtbot, db, clock) -> WarningPage:
    widget = WarningPage(db, actor=ACTOR, now=clock)
    qtbot.addWidget(widget)
    widget.resize(1300, 640)
    widget.show()
    return widget


def offered(page: WarningPage) -> list[WarningAction]:
    return [action for action, button in page.action_buttons.items() if button.isVisible()]


def open_action(qtbot, page: WarningPage, action: WarningAction) -> QDialog:
    with qtbot.wait_signal(page.dialog_opened):
        qtbot.mouseClick(page.action_buttons[action], Qt.MouseButton.LeftButton)
    return page.active_dialog


def save(qtbot, dialog: QDialog) -> None:
    with qtbot.wait_signal(dialog.finished):
        dialog.save_button.click()


def test_the_steps_offered_follow_the_state(page, db, wtown):
    hazard = report(db, wtown)
    page.show_warning(hazard.id)
    assert offered(page) == [
        WarningAction.DISPATCH,
        WarningAction.ESCALATE,
        WarningAction.PARTY_REPORT,
    ]
    warnings.dispatch(db, hazard.id, "村委会", actor=CLERK, now=NOW)
    page.show_warning(hazard.id)
    assert offered(page) == [
        WarningAction.RESPOND,
        WarningAction.REASSIGN,
        WarningAction.ESCALATE,
        WarningAction.PARTY_REPORT,
    ]
    assert page.fact_labels["deadlines"].text() == (
        "2026-03-03 09:00 前响应\n2026-03-09 09:00 前办结"
    )
    assert page.case_button.isHidden()


def test_dispatch_to_a_person_in_post(qtbot, page, db, wtown, clock):
    hazard = report(db, wtown)  # 一般: 24 hours to respond, 7 days to finish
    page.show_warning(hazard.id)
    dialog = open_action(qtbot, page, WarningAction.DISPATCH)
    assert dialog.deadline_label.text() == (
        "一般：24 小时内响应（03-03 10:00 前），168 小时内办结（03-09 10:00 前）"
    )
    dialog.person_button.setChecked(True)
    dialog.save_button.click()  # nobody chosen
    assert dialog.form.error_text("target") == "请选择派单对象（单位或承办人）"
    offered = [dialog.person_combo.itemText(i) for i in range(1, dialog.person_combo.count())]
    names = [text.split("（")[0] for text in offered]
    village = {"陈明", "王秀英", "张网格", "林党员", "周预备", "赵群众"}
    assert set(names[: len(village)]) == village  # 青山村's people first, who know the place
    assert {"刘芳", "周建国"} <= set(names[len(village) :])
    assert not any(name.startswith("郑离任") for name in offered)  # left in 2024
    dialog.choose_person(wtown.people["张网格"])
    save(qtbot, dialog)
    assert page.fact_labels["target"].text() == "张网格"
    assert page.timeline_model.column(5)[-1].startswith("派给张网格")


def test_reassign_needs_a_reason_and_a_new_target(qtbot, page, db, wtown):
    hazard = report(db, wtown)
    warnings.dispatch(db, hazard.id, "村委会", actor=CLERK, now=NOW)
    page.show_warning(hazard.id)
    dialog = open_action(qtbot, page, WarningAction.REASSIGN)
    assert isinstance(dialog, WarningDispatchDialog) and dialog.reassign
    dialog.choose_body("村委会")
    dialog.save_button.click()
    assert dialog.form.error_text("reason") == "改派须写明理由"
    type_text(qtbot, dialog.note_edit, "村委会人手不足")
    dialog.save_button.click()
    assert "请选择其他派单对象" in dialog.form.error_text("target")
    dialog.choose_person(wtown.people["张网格"])
    save(qtbot, dialog)
    assert page.fact_labels["target"].text() == "张网格"
    assert page.dispatches_model.column(0) == ["村委会", "张网格"]
    assert "改派：村委会人手不足" in page.dispatches_model.column(6)[0]
    assert page.timeline_model.column(2)[-1] == "改派"


def test_escalation_moves_the_warning_up_a_level(qtbot, page, db, wtown):
    hazard = report(db, wtown)
    page.show_warning(hazard.id)
    assert page.fact_labels["level"].text() == "微网格"
    dialog = open_action(qtbot, page, WarningAction.ESCALATE)
    assert isinstance(dialog, WarningEscalateDialog)
    assert dialog.target_label.text() == "青山村第一网格（网格级）"  # where the service sends it
    dialog.save_button.click()
    assert dialog.form.error_text("reason").startswith("提级须写明理由")
    type_text(qtbot, dialog.note_edit, "涉及多户，需网格统筹")
    save(qtbot, dialog)
    assert page.fact_labels["level"].text() == "网格"
    assert page.timeline_model.column(4)[-1] == "微网格 → 网格"
    assert page.state_label.text() == "待派单"


def test_a_step_refused_meanwhile_shows_the_message(qtbot, page, db, wtown, boxes):
    hazard = report(db, wtown)
    page.show_warning(hazard.id)
    dialog = open_action(qtbot, page, WarningAction.DISPATCH)
    warnings.dispatch(db, hazard.id, "派出所", actor="另一位经办人", now=NOW)  # another clerk
    dialog.choose_body("村委会")
    with qtbot.wait_signal(dialog.finished):
        dialog.save_button.click()
    assert boxes.texts("error") == ["预警已派单，如需换人处置请用“改派”"]
    assert page.fact_labels["target"].text() == "派出所"  # read again: what really happened


def test_party_member_entry_lists_only_party_members(qtbot, page, db, wtown):
    hazard = report(db, wtown)
    page.show_warning(hazard.id)
    dialog = open_action(qtbot, page, WarningAction.PARTY_REPORT)
    assert isinstance(dialog, PartyReportDialog)
    names = [name.split("（")[0] for name in dialog.member_names()]
    assert names == ["林党员"]  # not 周预备 (预备党员), 赵群众 or the workers who are not members
    dialog.save_button.click()
    assert dialog.form.error_text("work") == "请写明报到党员做了什么"
    dialog.person_combo.setCurrentIndex(1)
    type_text(qtbot, dialog.note_edit, "协助疏散并看守现场")
    save(qtbot, dialog)
    assert page.party_model.column(0) == ["林党员"]
    assert page.party_model.column(2) == ["协助疏散并看守现场"]
    assert page.timeline_model.column(2)[-1] == "党员报到"


def test_a_brewing_dispute_becomes_a_case_in_one_action(qtbot, page, db, wtown, boxes):
    hazard = report(db, wtown)
    page.show_warning(hazard.id)
    assert WarningAction.CONVERT not in offered(page)  # only 矛盾苗头 become cases

    brewing = report(db, wtown, type_id=wtown.types["矛盾苗头"], description="两户因宅基地界址争吵")
    page.show_warning(brewing.id)
    dialog = open_action(qtbot, page, WarningAction.CONVERT)
    assert isinstance(dialog, ConvertDialog)
    assert dialog.summary_edit.toPlainText() == "两户因宅基地界址争吵"
    dialog.save_button.click()  # no category, no parties: said where they belong
    assert dialog.form.error_text("category")
    assert dialog.party_rows[0].error_label.text() or dialog.parties_error.text()
    assert dialog.isVisible()

    dialog.category_combo.setCurrentIndex(dialog.category_combo.findText("邻里"))
    type_text(qtbot, dialog.party_rows[0].name_edit, "李大山")
    type_text(qtbot, dialog.party_rows[1].name_edit, "李小河")
    boxes.answer = True  # "open the case now?"
    with qtbot.wait_signal(page.open_case) as opened:
        dialog.save_button.click()
    case_id = opened.args[0]
    case = cases.get_case(db, case_id, today=NOW.date())
    assert case.source == "网格上报"
    assert [p.name for p in case.parties] == ["李大山", "李小河"]
    assert page.state_label.text() == "已转案件"
    assert page.case_button.isVisible()
    assert case.number in page.case_button.text()
    assert any(case.number in text for text in boxes.texts("confirm"))
    assert warnings.warning_of_case(db, case_id, now=NOW).id == brewing.id

    with qtbot.wait_signal(page.open_case) as again:
        qtbot.mouseClick(page.case_button, Qt.MouseButton.LeftButton)
    assert again.args == [case_id]


def test_a_warning_turned_into_a_case_still_shows_who_handled_it_and_by_when(page, db, wtown):
    brewing = report(db, wtown, type_id=wtown.types["矛盾苗头"])
    warnings.dispatch(db, brewing.id, "司法所", actor=CLERK, now=NOW)
    warnings.respond(db, brewing.id, actor=CLERK, now=NOW + timedelta(minutes=30))
    warnings.convert_to_case(
        db,
        brewing.id,
        (PartyDraft("李大山"), PartyDraft("李小河")),
        category_id=wtown.town.categories["邻里"],
        actor=CLERK,
        now=NOW + timedelta(hours=2),
    )
    page.show_warning(brewing.id)
    assert page.state_label.text() == "已转案件"
    assert page.fact_labels["target"].text() == "司法所"
    deadlines = page.fact_labels["deadlines"].text()
    assert "响应" in deadlines and "前办结" in deadlines and "—" not in deadlines


def test_a_party_member_whose_post_ends_today_is_not_offered(qtbot, page, db, wtown, clock):
    (post,) = roster.get_person(db, wtown.people["林党员"]).assignments
    roster.end_assignment(db, post.id, clock().date())
    hazard = report(db, wtown)
    page.show_warning(hazard.id)
    dialog = open_action(qtbot, page, WarningAction.PARTY_REPORT)
    assert dialog.member_names() == []


STEP_DIALOGS = [action for action in WarningAction if action is not WarningAction.REPORT]


@pytest.mark.parametrize("action", STEP_DIALOGS)
def test_each_alt_key_of_a_step_dialog_reaches_one_field(qtbot, page, db, wtown, action):
    brewing = report(db, wtown, type_id=wtown.types["矛盾苗头"])
    if action in (WarningAction.REASSIGN, WarningAction.RESPOND, WarningAction.CONVERT):
        warnings.dispatch(db, brewing.id, "司法所", actor=CLERK, now=NOW)
    if action in (WarningAction.FEEDBACK, WarningAction.CLOSE):
        warnings.dispatch(db, brewing.id, "司法所", actor=CLERK, now=NOW)
        warnings.respond(db, brewing.id, actor=CLERK, now=NOW)
    if action is WarningAction.CLOSE:
        warnings.feedback(db, brewing.id, "已处置", actor=CLERK, now=NOW)
    page.show_warning(brewing.id)
    dialog = open_action(qtbot, page, action)
    assert repeated_alt_keys(dialog) == {}
