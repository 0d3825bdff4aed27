"""The case page: what it shows, which actions it offers in each state, and its dialogs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop.services import cases, mediators, roster
from desktop.services.case_workflow import Action
from desktop.services.cases import AgreementDraft
from desktop.services.roster import PersonDraft
from desktop.views.case_actions import AssessDialog, RouteDialog
from desktop.views.case_page import CasePage
from desktop.vocabulary import HandlingLevel
from tests.views.helpers import citizen_id, repeated_alt_keys, type_text
from tests.views.test_disputes_page import ACTOR, TODAY, at, register

# Steps the page records take the page's day at the wall clock's time, and the timeline runs in
# time order: a test that reads the last step sets up the earlier ones the day before.
THE_DAY_BEFORE = TODAY - timedelta(days=1)


@pytest.fixture
def case(db, township):
    return register(db, township, date(2026, 3, 1), "邻里", "青山一组", ("张大山", "李小河"))


@pytest.fixture
def page(qtbot, db, case):
    widget = CasePage(db, actor="王文书", today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1196, 640)
    widget.show()
    widget.show_case(case.id)
    return widget


def offered(page: CasePage) -> list[str]:
    """The action buttons shown, left to right, as the clerk reads them."""
    return [
        button.text().split("(")[0]
        for button in page.action_buttons.values()
        if not button.isHidden()
    ]


def open_action(qtbot, page: CasePage, action: Action) -> QDialog:
    with qtbot.wait_signal(page.dialog_opened):
        qtbot.mouseClick(page.action_buttons[action], Qt.MouseButton.LeftButton)
    return page.active_dialog


def test_tables_pass_the_model_tester(qtmodeltester, page):
    for model in (page.parties_model, page.mediators_model, page.timeline_model):
        qtmodeltester.check(model)


def test_only_the_actions_allowed_now_are_offered(db, township, page, case):
    assert offered(page) == ["研判", "延期"]
    cases.assess(db, case.id, actor=ACTOR, now=at(TODAY, 8))
    page.show_case(case.id)
    assert offered(page) == ["分流", "指派调解员", "延期"]
    cases.route(db, case.id, HandlingLevel.VILLAGE, actor=ACTOR, now=at(TODAY, 9))
    page.show_case(case.id)
    assert offered(page) == ["分流", "指派调解员", "延期"]  # no lead mediator: cannot start
    mediators.assign(db, case.id, township.people["张伟"], actor=ACTOR, now=at(TODAY, 10))
    page.show_case(case.id)
    assert offered(page) == ["分流", "指派调解员", "更换调解员", "开始调解", "延期"]
    cases.start_mediation(db, case.id, actor=ACTOR, now=at(TODAY, 11))
    page.show_case(case.id)
    assert offered(page) == ["指派调解员", "更换调解员", "调解记录", "调解成功", "调解不成", "延期"]
    cases.settle(db, case.id, AgreementDraft(TODAY, "赔偿 500 元"), actor=ACTOR, now=at(TODAY, 12))
    page.show_case(case.id)
    assert offered(page) == ["结案"]
    cases.close(db, case.id, actor=ACTOR, now=at(TODAY, 13))
    page.show_case(case.id)
    assert offered(page) == ["回访"]


def test_every_step_button_says_a_dialog_follows(page):
    texts = [button.text() for button in page.action_buttons.values()]
    assert texts and all(text.endswith("…") for text in texts), texts


def test_facts_and_masked_parties(page, case):
    assert page.title_label.text() == case.number
    assert page.state_label.text() == "登记"
    assert page.deadline_label.text() == "期限 2026-03-31"
    assert page.fact_labels["place"].text() == "青山村 / 青山一组"
    assert page.fact_labels["level"].text() == "尚未分流"
    names = page.parties_model.column(1)
    ids = page.parties_model.column(2)
    phones = page.parties_model.column(3)
    assert names == ["张大山", "李小河"]
    assert ids[0] == "511922********" + citizen_id("511922", "19700101", 31)[-4:]
    assert all("****" in phone for phone in phones)
    shown = {
        page.parties_model.index(row, column).data(role)
        for row in range(2)
        for column in range(5)
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    }
    assert not {p.citizen_id for p in case.parties} & shown
    assert not {p.phone for p in case.parties} & shown


def test_assess_through_the_dialog_writes_the_timeline(qtbot, db, page, case):
    dialog = open_action(qtbot, page, Action.ASSESS)
    assert isinstance(dialog, AssessDialog)
    dialog.risk_combo.setCurrentIndex(dialog.risk_combo.findText("较大"))
    qtbot.mouseClick(dialog.group_box, Qt.MouseButton.LeftButton)
    type_text(qtbot, dialog.note_edit, "涉及多户，需防止聚集")
    with qtbot.wait_signal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.state_label.text() == "研判"
    assert page.timeline_model.column(2) == ["登记", "研判"]
    assert page.timeline_model.column(1) == [ACTOR, "王文书"]
    assert page.timeline_model.column(3)[-1] == "登记 → 研判"
    assert page.timeline_model.column(0)[-1].startswith("2026-03-20 ")
    note = page.timeline_model.column(5)[-1]
    assert "涉及多户" in note and "风险等级 一般 → 较大" in note and "有群体性风险" in note
    assert page.fact_labels["risk"].text() == "较大，群体性风险"
    assert cases.get_case(db, case.id, today=TODAY).group_risk


def test_escalation_needs_a_reason_and_transfer_a_target(qtbot, db, page, case):
    cases.assess(db, case.id, actor=ACTOR, now=at(THE_DAY_BEFORE, 8))
    cases.route(db, case.id, HandlingLevel.VILLAGE, actor=ACTOR, now=at(THE_DAY_BEFORE, 9))
    page.show_case(case.id)
    dialog = open_action(qtbot, page, Action.ROUTE)
    assert isinstance(dialog, RouteDialog)
    assert dialog.level_buttons[HandlingLevel.VILLAGE].isChecked()
    qtbot.mouseClick(dialog.level_buttons[HandlingLevel.TOWNSHIP], Qt.MouseButton.LeftButton)
    assert dialog.hint.text() == "这是上报，须写明理由。"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("note") == "上报须写明理由（本级为何不能化解）"
    qtbot.mouseClick(dialog.level_buttons[HandlingLevel.TRANSFERRED], Qt.MouseButton.LeftButton)
    assert not dialog.target_combo.isHidden()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("transferred_to").startswith("请写明移送到哪个单位")
    assert cases.get_case(db, case.id, today=TODAY).level is HandlingLevel.VILLAGE
    qtbot.mouseClick(dialog.level_buttons[HandlingLevel.TOWNSHIP], Qt.MouseButton.LeftButton)
    type_text(qtbot, dialog.note_edit, "涉及两村，村级难以化解")
    with qtbot.wait_signal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.timeline_model.column(2)[-1] == "上报"
    assert page.timeline_model.column(4)[-1] == "村级 → 镇级"
    assert page.fact_labels["level"].text() == "镇级"


def test_a_refusal_is_shown_and_the_page_catches_up(qtbot, db, boxes, page, case):
    dialog = open_action(qtbot, page, Action.ASSESS)
    cases.assess(db, case.id, actor="另一位经办人", now=at(TODAY, 8))  # meanwhile, elsewhere
    with qtbot.wait_signal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert boxes.texts("error") == ["案件当前为“研判”：只有刚登记的案件需要研判"]
    assert page.state_label.text() == "研判"
    assert "研判" not in offered(page)


def test_assign_opens_the_mediator_dialog(qtbot, monkeypatch, db, township, page, case):
    import desktop.views.mediator_dialog as mediator_dialog

    calls = []

    class StubDialog(QDialog):
        def __init__(self, db, case, *, actor, replacing=None, today=None, parent=None):
            super().__init__(parent)
            calls.append((case.id, actor, replacing, today))
            self.result_case = mediators.assign(
                db, case.id, township.people["张伟"], actor=actor, now=at(TODAY, 10)
            )

        def open(self) -> None:
            self.accept()

    monkeypatch.setattr(mediator_dialog, "AssignMediatorDialog", StubDialog)
    cases.assess(db, case.id, actor=ACTOR, now=at(TODAY, 8))
    page.show_case(case.id)
    with qtbot.wait_signal(page.changed):
        qtbot.mouseClick(page.action_buttons[Action.ASSIGN], Qt.MouseButton.LeftButton)
    assert calls == [(case.id, "王文书", None, TODAY)]
    assert page.mediators_model.column(0) == ["张伟"]
    assert page.mediators_model.column(1) == ["主调解员"]
    assert page.mediators_model.column(3) == ["至今"]


def test_mediator_history_and_agreement_are_shown(db, township, page, case):
    other = roster.add_person(
        db, PersonDraft(name="何调解", citizen_id=citizen_id("511922", "19750101", 91))
    )
    roster.assign_role(
        db, other.id, township.units["青山村"], township.roles["人民调解员"], date(2023, 1, 1)
    )
    cases.assess(db, case.id, actor=ACTOR, now=at(TODAY, 8))
    cases.route(db, case.id, HandlingLevel.VILLAGE, actor=ACTOR, now=at(TODAY, 9))
    mediators.assign(db, case.id, township.people["张伟"], actor=ACTOR, now=at(TODAY, 10))
    mediators.reassign(
        db,
        case.id,
        township.people["张伟"],
        other.id,
        reason="外出培训",
        actor=ACTOR,
        now=at(TODAY, 11),
    )
    cases.start_mediation(db, case.id, actor=ACTOR, now=at(TODAY, 12))
    agreement = AgreementDraft(TODAY, "李小河赔偿张大山 500 元", perform_by=date(2026, 3, 31))
    cases.settle(db, case.id, agreement, actor=ACTOR, now=at(TODAY, 13))
    page.show_case(case.id)
    assert page.mediators_model.column(0) == ["何调解", "张伟"]
    # the case is concluded: the mediator still on it was there until its end, not 至今
    assert page.mediators_model.column(3) == ["2026-03-20 13:00", "2026-03-20 11:00"]
    assert page.mediators_model.column(4) == ["", "外出培训"]
    assert page.agreement_labels["terms"].text() == "李小河赔偿张大山 500 元"
    assert page.agreement_labels["perform_by"].text() == "2026-03-31"
    assert page.agreement_labels["confirmation"].text() == "2026-04-19"
    assert page.no_agreement.isHidden()
    assert page.deadline_label.text() == "已办结 2026-03-20"
    cases.close(db, case.id, actor=ACTOR, now=at(TODAY, 14))
    cases.follow_up(db, case.id, TODAY, True, actor=ACTOR, now=at(TODAY, 15))
    page.show_case(case.id)  # closing and the visit come after: the end stays the settlement
    assert page.mediators_model.column(3) == ["2026-03-20 13:00", "2026-03-20 11:00"]


def test_a_failed_case_closed_on_an_earlier_day_ends_its_mediators_on_that_day(
    db, township, page, case
):
    cases.assess(db, case.id, actor=ACTOR, now=at(THE_DAY_BEFORE, 8))
    cases.route(db, case.id, HandlingLevel.VILLAGE, actor=ACTOR, now=at(THE_DAY_BEFORE, 9))
    mediators.assign(db, case.id, township.people["张伟"], actor=ACTOR, now=at(THE_DAY_BEFORE, 10))
    cases.start_mediation(db, case.id, actor=ACTOR, now=at(THE_DAY_BEFORE, 11))
    cases.fail(db, case.id, actor=ACTOR, note="各执己见", now=at(THE_DAY_BEFORE, 12))
    page.show_case(case.id)
    assert page.mediators_model.column(3) == ["至今"]  # failed, not yet closed: still open
    note = "双方各执己见；告知可向人民法院起诉"
    cases.close(db, case.id, actor=ACTOR, note=note, on=THE_DAY_BEFORE, now=at(TODAY, 9))
    page.show_case(case.id)
    assert page.deadline_label.text() == f"已办结 {THE_DAY_BEFORE}"
    assert page.mediators_model.column(3) == [THE_DAY_BEFORE.isoformat()]


def test_a_step_on_a_case_changed_elsewhere_is_refused_and_keeps_the_note(qtbot, db, page, case):
    dialog = open_action(qtbot, page, Action.ASSESS)
    type_text(qtbot, dialog.note_edit, "涉及多户，需防止聚集")
    cases.extend(  # meanwhile, at another workstation
        db,
        case.id,
        TODAY + timedelta(days=40),
        actor="李经办",
        reason="双方同意",
        now=at(TODAY, 10),
    )

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.form.general_error.text().startswith("保存未成功：")
    assert "（办结期限）" in dialog.form.general_error.text()
    assert dialog.note_edit.toPlainText() == "涉及多户，需防止聚集"
    steps = [step.action for step in cases.get_case(db, case.id, today=TODAY).steps]
    assert Action.ASSESS not in steps
    dialog.reject()


@pytest.mark.parametrize("level", [HandlingLevel.TOWNSHIP, HandlingLevel.TRANSFERRED])
def test_each_alt_key_of_the_routing_dialog_reaches_one_field(qtbot, db, page, case, level):
    cases.assess(db, case.id, actor=ACTOR, now=at(THE_DAY_BEFORE, 8))
    page.show_case(case.id)
    dialog = open_action(qtbot, page, Action.ROUTE)
    qtbot.mouseClick(dialog.level_buttons[level], Qt.MouseButton.LeftButton)  # 移送: a target
    assert repeated_alt_keys(dialog) == {}
