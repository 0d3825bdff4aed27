"""指派/更换调解员: the clerk sees the candidates ranked with the reasons, and can only choose
one who may take the case."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt

from desktop.services import case_settings, cases, mediators, roster
from desktop.services.cases import CaseDraft, PartyDraft
from desktop.services.roster import PersonDraft
from desktop.views.mediator_dialog import FLAGGED_BRUSH, AssignMediatorDialog, CandidateModel
from tests.views.helpers import Township, citizen_id, repeated_alt_keys

TODAY = date(2026, 11, 5)
RECEIVED = datetime(2026, 11, 2, 9, 0)


def add_mediators(db, township: Township) -> None:
    """Village mediators in 青山村 (a 邻里 specialist) and 石门社区, 王秀英 as a mediator too;
    张伟 of the township committee is already there."""
    categories = {c.name: c.id for c in case_settings.list_categories(db)}

    def mediator(name: str, sequence: int, place: str, specialties: list[str]) -> None:
        if name not in township.people:
            person = roster.add_person(
                db, PersonDraft(name=name, citizen_id=citizen_id("511922", "19750303", sequence))
            )
            township.people[name] = person.id
        roster.assign_role(
            db,
            township.people[name],
            township.units[place],
            township.roles["人民调解员"],
            date(2023, 3, 1),
        )
        mediators.set_specialties(db, township.people[name], [categories[s] for s in specialties])

    mediator("陈静", 26, "青山村", ["邻里", "婚姻家庭"])
    mediator("刘洋", 17, "石门社区", ["邻里"])
    mediator("王秀英", 0, "青山村", [])
    # 刘洋 also serves the grid where a party lives: a flag, not an exclusion.
    roster.assign_role(
        db,
        township.people["刘洋"],
        township.units["石门社区第一网格"],
        township.roles["兼职网格员"],
        date(2023, 3, 1),
    )


def neighbours_case(db, township: Township, *, summary: str = "邻里之间因排水沟堵塞发生争执"):
    """A 邻里 case in 青山一组 between 王秀英 (a mediator herself) and 赵敏, assessed."""
    category = next(c for c in case_settings.list_categories(db) if c.name == "邻里")
    draft = CaseDraft(
        received_on=RECEIVED.date(),
        source="网格上报",
        category_id=category.id,
        unit_id=township.units["青山一组"],
        parties=(
            PartyDraft(name="王秀英", citizen_id=citizen_id("511922", "19800101", 22)),
            PartyDraft(name="赵敏", unit_id=township.units["石门社区第一网格"]),
        ),
        summary=summary,
    )
    case = cases.register_case(db, draft, actor="经办人", now=RECEIVED)
    return cases.assess(db, case.id, actor="经办人", now=RECEIVED)


@pytest.fixture
def case(db, township):
    add_mediators(db, township)
    return neighbours_case(db, township)


def open_dialog(qtbot, db, case, **extra) -> AssignMediatorDialog:
    dialog = AssignMediatorDialog(db, case, actor="李经办", today=TODAY, **extra)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def names(dialog) -> list[str]:
    model = dialog.model
    return [model.index(row, CandidateModel.NAME).data() for row in range(model.rowCount())]


def why(dialog, name: str) -> str:
    return dialog.model.index(names(dialog).index(name), CandidateModel.WHY).data()


def test_the_same_village_specialist_comes_first_with_the_reasons(qtbot, db, case):
    dialog = open_dialog(qtbot, db, case)

    assert dialog.windowTitle() == "指派调解员"
    assert names(dialog) == ["陈静", "刘洋", "张伟", "王秀英"]
    assert (
        why(dialog, "陈静")
        == "同村（青山村） +50；擅长邻里 +30；村人民调解委员会，适合村级案件 +20"
    )
    assert dialog.model.index(0, CandidateModel.POINTS).data() == "100"
    assert dialog.chosen().mediator.name == "陈静"
    assert dialog.focusWidget() is dialog.table
    assert dialog.lead_radio.isChecked()  # the case has no lead yet


def test_a_flag_is_shown_in_amber_for_the_clerk_to_judge(qtbot, db, case):
    dialog = open_dialog(qtbot, db, case)
    row = names(dialog).index("刘洋")
    assert "与当事人“赵敏”同属网格“石门社区第一网格”" in why(dialog, "刘洋")
    foreground = dialog.model.index(row, CandidateModel.WHY).data(Qt.ItemDataRole.ForegroundRole)
    assert foreground == FLAGGED_BRUSH
    assert dialog.model.index(0, CandidateModel.WHY).data(Qt.ItemDataRole.ForegroundRole) is None


def test_a_mediator_who_is_a_party_cannot_be_chosen(qtbot, db, case):
    dialog = open_dialog(qtbot, db, case)
    row = names(dialog).index("王秀英")
    assert row == dialog.model.rowCount() - 1  # at the bottom
    assert "应当回避" in why(dialog, "王秀英")
    assert dialog.model.index(row, CandidateModel.POINTS).data() == ""

    rect = dialog.table.visualRect(dialog.model.index(row, CandidateModel.NAME))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.chosen().mediator.name == "陈静"  # the greyed row takes no selection
    assert dialog.isVisible()
    assert cases.get_case(db, case.id).mediators == ()


def test_enter_assigns_the_top_candidate_as_lead(qtbot, db, case):
    dialog = open_dialog(qtbot, db, case)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert [(m.name, m.lead) for m in dialog.result_case.current_mediators] == [("陈静", True)]
    assert cases.get_case(db, case.id).mediator_names == "陈静"


def test_a_second_is_offered_once_there_is_a_lead_and_a_refusal_keeps_the_dialog(
    qtbot, db, case, township
):
    mediators.assign(db, case.id, township.people["陈静"], actor="李经办", today=TODAY)
    dialog = open_dialog(qtbot, db, cases.get_case(db, case.id, today=TODAY))
    assert names(dialog) == ["刘洋", "张伟", "王秀英"]  # 陈静 is already on the case
    assert dialog.second_radio.isChecked()

    dialog.lead_radio.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "本案已有主调解员陈静" in dialog.form.general_error.text()
    assert dialog.isVisible()

    dialog.second_radio.setChecked(True)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result_case.mediator_names == "陈静、刘洋"


def test_replacing_needs_a_reason_and_keeps_the_old_mediator_in_the_history(
    qtbot, db, case, township
):
    assigned = mediators.assign(db, case.id, township.people["陈静"], actor="李经办", today=TODAY)
    old = assigned.current_mediators[0]
    dialog = open_dialog(qtbot, db, assigned, replacing=old)
    assert dialog.windowTitle() == "更换调解员"
    assert dialog.lead_radio.isChecked() and not dialog.lead_radio.isEnabled()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("reason") == "更换调解员须写明理由"
    assert dialog.isVisible()
    assert cases.get_case(db, case.id).mediator_names == "陈静"

    dialog.reason_edit.setText("陈静外出培训一个月")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    history = [(m.name, m.lead, m.end_reason) for m in dialog.result_case.mediators]
    assert history == [("陈静", True, "陈静外出培训一个月"), ("刘洋", True, None)]
    assert dialog.result_case.mediator_names == "刘洋"


def test_no_candidate_at_all_is_said(qtbot, db, township):
    case = neighbours_case(db, township)
    mediators.assign(db, case.id, township.people["张伟"], actor="李经办", today=TODAY)
    dialog = open_dialog(qtbot, db, cases.get_case(db, case.id, today=TODAY))
    assert dialog.model.rowCount() == 0
    assert dialog.form.general_error.text() == "没有可以调解本案的调解员。"
    assert not dialog.save_button.isEnabled()


def test_candidate_model_passes_the_model_tester(qtmodeltester, db, case):
    model = CandidateModel(mediators.rank_candidates(db, case.id, today=TODAY))
    qtmodeltester.check(model)


def test_each_alt_key_of_the_dialogs_reaches_one_field(qtbot, db, case, township):
    assert repeated_alt_keys(open_dialog(qtbot, db, case)) == {}
    assigned = mediators.assign(db, case.id, township.people["陈静"], actor="李经办", today=TODAY)
    replacing = open_dialog(qtbot, db, assigned, replacing=assigned.current_mediators[0])
    assert repeated_alt_keys(replacing) == {}
