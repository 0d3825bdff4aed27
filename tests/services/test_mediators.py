"""Mediators: who counts and at which level, how candidates rank and why, 回避, assignment and
reassignment with their history, and the workload per mediator on a given day."""

from datetime import date, timedelta

import pytest

from desktop.errors import RefusedError, ValidationError
from desktop.services import cases, mediators, roster
from desktop.services.case_workflow import Action
from desktop.services.cases import AgreementDraft, PartyDraft
from desktop.services.mediators import WorkloadRow
from desktop.vocabulary import CaseStatus, HandlingLevel
from tests.services import case_fixtures
from tests.services.case_fixtures import (
    CLERK,
    NOW,
    TODAY,
    case_in,
    citizen_id,
    register,
)

LATER = NOW + timedelta(days=1)


# Every test starts from a copy of the town, built once (see case_fixtures).
town_file, db, town = case_fixtures.town_file, case_fixtures.town_db, case_fixtures.town


def ranking(db, case_id) -> list[tuple[str, int, tuple[str, ...]]]:
    return [
        (c.mediator.name, c.points, c.reasons)
        for c in mediators.rank_candidates(db, case_id, today=TODAY)
    ]


def candidate(db, case_id, name: str) -> mediators.Candidate:
    (found,) = [
        c for c in mediators.rank_candidates(db, case_id, today=TODAY) if c.mediator.name == name
    ]
    return found


def other_village_case(db, town, status=CaseStatus.ASSESSED, lead="陈明", **changes):
    """A case in 石门社区 that only adds to a mediator's workload."""
    return case_in(db, town, status, lead=lead, unit_id=town.units["石门社区第一网格"], **changes)


# ----------------------------------------------------------------------------------- who counts


def test_mediators_and_their_committee_follow_from_where_they_hold_the_role(db, town):
    found = {m.name: m for m in mediators.list_mediators(db, today=TODAY)}
    assert sorted(found) == ["刘芳", "吴律", "周建国", "王秀英", "陈明"]  # 张网格 is no mediator
    assert found["周建国"].level is HandlingLevel.TOWNSHIP
    assert found["周建国"].committee == "镇人民调解委员会"
    assert found["陈明"].level is HandlingLevel.VILLAGE
    assert found["陈明"].committee == "村人民调解委员会"
    assert (found["吴律"].roles, found["吴律"].level) == (("法律顾问",), HandlingLevel.VILLAGE)
    assert found["王秀英"].unit_names == ("青山村",)  # where the mediator role is held
    assert found["王秀英"].unit_ids == {town.units["青山村"], town.units["青山一组"]}
    assert found["王秀英"].village_ids == {town.units["青山村"]}


def test_an_ended_post_no_longer_makes_a_mediator(db, town):
    before = {m.name for m in mediators.list_mediators(db, today=date(2023, 12, 31))}
    after = {m.name for m in mediators.list_mediators(db, today=date(2024, 1, 1))}
    assert "郑离任" in before and "郑离任" not in after


def test_specialties_are_kept_and_unknown_categories_refused(db, town):
    mediators.set_specialties(db, town.people["刘芳"], [town.categories["邻里"]] * 2)
    (liu,) = [m for m in mediators.list_mediators(db, today=TODAY) if m.name == "刘芳"]
    assert liu.specialties == ("邻里",)
    with pytest.raises(ValidationError) as err:
        mediators.set_specialties(db, town.people["刘芳"], [9999])
    assert err.value.fields == {"specialties": "有的纠纷类别不存在，请重新选择"}


# -------------------------------------------------------------------------------------- ranking


def test_a_village_case_ranks_the_same_village_first_and_says_why(db, town):
    mediators.set_specialties(db, town.people["刘芳"], [town.categories["邻里"]])
    other_village_case(db, town, lead="王秀英")
    case = register(db, town)  # not routed yet: it happened in 青山村, so it counts as village
    assert ranking(db, case.id) == [
        ("陈明", 70, ("同村（青山村） +50", "村人民调解委员会，适合村级案件 +20")),
        (
            "王秀英",
            65,
            ("同村（青山村） +50", "村人民调解委员会，适合村级案件 +20", "在办 1 件 -5"),
        ),
        ("刘芳", 50, ("擅长邻里 +30", "村人民调解委员会，适合村级案件 +20")),
        ("吴律", 20, ("村人民调解委员会，适合村级案件 +20",)),
        ("周建国", 0, ()),
    ]


def test_a_township_case_gives_no_points_for_the_village(db, town):
    mediators.set_specialties(db, town.people["周建国"], [town.categories["邻里"]])
    case = register(db, town)
    cases.assess(db, case.id, actor=CLERK, now=NOW)
    cases.route(db, case.id, HandlingLevel.TOWNSHIP, actor=CLERK, now=NOW)
    assert ranking(db, case.id)[0] == (
        "周建国",
        50,
        ("擅长邻里 +30", "镇人民调解委员会，适合镇级案件 +20"),
    )
    assert {points for name, points, _ in ranking(db, case.id)[1:]} == {0}


def test_equal_points_go_to_the_lighter_workload(db, town):
    mediators.set_specialties(db, town.people["刘芳"], [town.categories["邻里"]])
    for _ in range(6):
        other_village_case(db, town, lead="刘芳")
    case = register(db, town)
    ranked = [(name, points) for name, points, _ in ranking(db, case.id)]
    # 刘芳: 擅长 +30, 村级 +20, 在办 6 件 -30; 吴律: 村级 +20. By name 刘芳 would come first.
    assert ranked[2:4] == [("吴律", 20), ("刘芳", 20)]


def test_the_workload_penalty_stops_at_thirty(db, town):
    for _ in range(7):
        other_village_case(db, town, lead="周建国")
    case = register(db, town)
    assert candidate(db, case.id, "周建国").reasons == ("在办 7 件 -30",)


def test_someone_already_on_the_case_is_not_a_candidate(db, town):
    case = case_in(db, town, CaseStatus.ASSESSED, lead="陈明")
    assert "陈明" not in [name for name, _, _ in ranking(db, case.id)]


# ------------------------------------------------------------------------------------ conflicts


def test_a_mediator_who_is_a_party_steps_aside(db, town):
    parties = (PartyDraft("陈明", citizen_id=town.ids["陈明"]), PartyDraft("李小河"))
    case = register(db, town, parties=parties)
    ranked = mediators.rank_candidates(db, case.id, today=TODAY)
    chen = ranked[-1]  # last, though 同村 would put them first
    assert chen.mediator.name == "陈明" and not chen.eligible
    assert chen.excluded == f"本人是当事人（陈明，511922********{town.ids['陈明'][-4:]}），应当回避"
    assert all(c.eligible for c in ranked[:-1])

    with pytest.raises(RefusedError) as err:
        mediators.assign(db, case.id, town.people["陈明"], actor=CLERK, now=NOW)
    assert err.value.message == f"陈明不能调解本案：{chen.excluded}"
    after = cases.get_case(db, case.id, today=TODAY)
    assert (after.mediators, len(after.steps)) == ((), 1)


def test_the_same_micro_grid_as_a_party_is_flagged_and_written_down(db, town):
    case = register(db, town)  # 李大山 lives in 青山一组, where 王秀英 is 微网格员
    flagged = candidate(db, case.id, "王秀英")
    assert flagged.eligible
    assert flagged.flags == ("与当事人“李大山”同属微网格“青山一组”",)
    assert candidate(db, case.id, "陈明").flags == ()
    cases.assess(db, case.id, actor=CLERK, now=NOW)
    done = mediators.assign(db, case.id, town.people["王秀英"], actor=CLERK, now=NOW)
    assert done.steps[-1].note == "主调解员：王秀英；与当事人“李大山”同属微网格“青山一组”"


def test_a_party_of_the_same_name_is_flagged_unless_the_ids_differ(db, town):
    no_id = register(db, town, parties=(PartyDraft("刘芳"), PartyDraft("李小河")))
    assert candidate(db, no_id.id, "刘芳").flags == ("与当事人“刘芳”同名，请核实是否本人",)
    namesake = PartyDraft("刘芳", citizen_id=citizen_id("19900909", 42))
    other = register(db, town, parties=(namesake, PartyDraft("李小河")))
    assert candidate(db, other.id, "刘芳").flags == ()
    assert candidate(db, other.id, "刘芳").eligible


# ---------------------------------------------------------------------------------- assignment


def test_a_lead_and_a_second_each_once(db, town):
    case = register(db, town)
    cases.assess(db, case.id, actor=CLERK, now=NOW)
    people = town.people
    mediators.assign(db, case.id, people["陈明"], actor=CLERK, now=NOW)
    with pytest.raises(RefusedError, match="本案已有主调解员陈明，如需调整请用“更换调解员”"):
        mediators.assign(db, case.id, people["刘芳"], actor=CLERK, now=NOW)
    both = mediators.assign(db, case.id, people["刘芳"], lead=False, actor=CLERK, now=NOW)
    with pytest.raises(RefusedError, match="主调解员和协助调解员都已指派"):
        mediators.assign(db, case.id, people["吴律"], lead=False, actor=CLERK, now=NOW)
    assert [(m.name, m.lead) for m in both.current_mediators] == [("陈明", True), ("刘芳", False)]
    assert both.mediator_names == "陈明、刘芳"
    assert [s.note for s in both.steps[-2:]] == ["主调解员：陈明", "协助调解员：刘芳"]


@pytest.mark.parametrize("name", ["张网格", "郑离任", "陈明"])
def test_only_serving_mediators_not_yet_on_the_case_can_be_assigned(db, town, name):
    case = case_in(db, town, CaseStatus.ASSESSED, lead="陈明")
    with pytest.raises(RefusedError, match="此人不是在任的人民调解员或法律顾问，或已在本案上"):
        mediators.assign(db, case.id, town.people[name], lead=False, actor=CLERK, now=NOW)


def test_reassignment_needs_a_reason_and_keeps_the_history(db, town):
    case = case_in(db, town, CaseStatus.MEDIATING, lead="陈明")
    people = town.people
    mediators.assign(db, case.id, people["刘芳"], lead=False, actor=CLERK, now=NOW)
    with pytest.raises(ValidationError) as err:
        mediators.reassign(
            db, case.id, people["陈明"], people["周建国"], reason=" ", actor=CLERK, now=LATER
        )
    assert err.value.fields == {"reason": "更换调解员须写明理由"}
    with pytest.raises(RefusedError, match="要更换的调解员不在本案上"):
        mediators.reassign(
            db, case.id, people["吴律"], people["周建国"], reason="调动", actor=CLERK, now=LATER
        )

    after = mediators.reassign(
        db, case.id, people["陈明"], people["周建国"], reason="工作调动", actor="王主任", now=LATER
    )
    after = mediators.reassign(
        db, case.id, people["刘芳"], people["吴律"], reason="回避亲属", actor="王主任", now=LATER
    )
    history = [(m.name, m.lead, m.ended_at, m.end_reason) for m in after.mediators]
    assert history == [
        ("陈明", True, LATER, "工作调动"),
        ("刘芳", False, LATER, "回避亲属"),
        ("周建国", True, None, None),
        ("吴律", False, None, None),
    ]
    assert [(m.name, m.lead) for m in after.current_mediators] == [
        ("周建国", True),
        ("吴律", False),
    ]
    step = after.steps[-2]
    assert (step.action, step.actor, step.note) == (
        Action.REASSIGN,
        "王主任",
        "工作调动；陈明 → 周建国",
    )
    assert after.status is CaseStatus.MEDIATING


def test_reassignment_without_a_mediator_is_refused(db, town):
    case = register(db, town)
    cases.assess(db, case.id, actor=CLERK, now=NOW)
    people = town.people
    with pytest.raises(RefusedError, match="本案还没有调解员，请先指派"):
        mediators.reassign(
            db, case.id, people["陈明"], people["周建国"], reason="调动", actor=CLERK, now=NOW
        )


# ------------------------------------------------------------------------------------ workload


def test_workload_counts_open_overdue_and_closed_this_month(db, town):
    people = town.people
    winter = date(2026, 1, 5)  # due 2026-02-04: overdue by March
    overdue = case_in(db, town, CaseStatus.MEDIATING, lead="陈明", received_on=winter)
    mediators.assign(db, overdue.id, people["刘芳"], lead=False, actor=CLERK, now=NOW)
    case_in(db, town, CaseStatus.ROUTED, lead="陈明", received_on=date(2026, 1, 31))  # due today
    for signed in (date(2026, 3, 1), date(2026, 2, 10)):
        mediating = case_in(db, town, CaseStatus.MEDIATING, lead="陈明", received_on=winter)
        agreement = AgreementDraft(signed_on=signed, terms="赔偿")
        cases.settle(db, mediating.id, agreement, actor=CLERK, now=NOW)
    handed_over = case_in(db, town, CaseStatus.ROUTED, lead="陈明")
    mediators.reassign(
        db,
        handed_over.id,
        people["陈明"],
        people["周建国"],
        reason="调动",
        actor=CLERK,
        now=NOW,
    )

    def rows(today: date) -> dict[str, tuple[int, int, int]]:
        return {
            r.name: (r.open, r.overdue, r.closed_this_month)
            for r in mediators.workload(db, today=today)
        }

    assert rows(TODAY) == {
        "陈明": (2, 1, 1),  # not the handed-over case: that is 周建国's now
        "刘芳": (1, 1, 0),
        "周建国": (1, 0, 0),
        "吴律": (0, 0, 0),
        "王秀英": (0, 0, 0),
    }
    assert rows(TODAY + timedelta(days=1))["陈明"] == (2, 2, 1)  # the due day has passed
    assert rows(date(2026, 4, 1))["陈明"] == (2, 2, 0)  # a new month counts from nought
    row = next(r for r in mediators.workload(db, today=TODAY) if r.name == "周建国")
    assert row == WorkloadRow(people["周建国"], "周建国", "镇人民调解委员会", 1, 0, 0)
    open_cases = {m.name: m.open_cases for m in mediators.list_mediators(db, today=TODAY)}
    assert open_cases == {name: counts[0] for name, counts in rows(TODAY).items()}


def test_a_mediator_who_left_is_still_listed_while_on_open_cases(db, town):
    """Their open cases are the ones to reassign, so the workload must not lose them."""
    case = case_in(db, town, CaseStatus.MEDIATING, lead="陈明")
    chen = town.people["陈明"]
    post = next(a for a in roster.get_person(db, chen).assignments if a.role == "人民调解员")
    roster.end_assignment(db, post.id, TODAY - timedelta(days=1))
    rows = {row.name: row for row in mediators.workload(db, today=TODAY)}
    assert rows["陈明"].committee == "已离任" and rows["陈明"].open == 1
    assert "陈明" not in [m.name for m in mediators.list_mediators(db, today=TODAY)]
    assert cases.get_case(db, case.id, today=TODAY).mediator_names == "陈明"
