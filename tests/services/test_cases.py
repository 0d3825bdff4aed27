"""Dispute cases through the services: registration, numbering, deadlines, every step, the
timeline, and the refusals that leave a case as it was. The clock is always injected."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from desktop.errors import RefusedError, ValidationError
from desktop.services import case_settings, cases, mediators
from desktop.services.case_settings import DeadlineSettings, DeadlineState
from desktop.services.case_workflow import Action
from desktop.services.cases import (
    AgreementDraft,
    CaseFilter,
    PartyDraft,
    SessionDraft,
    format_yuan,
    parse_yuan,
)
from desktop.vocabulary import CaseOutcome, CaseStatus, HandlingLevel
from tests.services import case_fixtures
from tests.services.case_fixtures import (
    CLERK,
    NOW,
    TODAY,
    case_in,
    citizen_id,
    register,
)
from tests.services.test_case_workflow import ALLOWED, TARGET, WHY_NOT

LATER = NOW + timedelta(days=1)


# Every test starts from a copy of the town, built once (see case_fixtures).
town_file, db, town = case_fixtures.town_file, case_fixtures.town_db, case_fixtures.town


def refused_fields(db, town, **changes) -> dict[str, str]:
    with pytest.raises(ValidationError) as err:
        register(db, town, **changes)
    assert cases.list_cases(db, today=TODAY) == []  # nothing was saved
    return err.value.fields


# ---------------------------------------------------------------------------------- registration


def test_a_registered_case_keeps_what_was_entered(db, town):
    case = register(db, town, amount="12,345.60", people_involved=0)
    assert case.status is CaseStatus.REGISTERED
    assert case.category == "邻里"
    assert (case.unit_name, case.village_name) == ("青山村第一网格", "青山村")
    assert case.party_names == "李大山、李小河"
    number = citizen_id("19700505", 31)
    assert (case.parties[0].citizen_id, case.parties[0].masked_id) == (
        number,
        f"511922********{number[-4:]}",
    )
    assert case.people_involved == 2  # 0 means: count the parties
    assert (case.amount_fen, case.amount_text) == (1234560, "12,345.60")
    assert case.reporter == "张网格"
    assert case.level is None and case.outcome is None and case.concluded_on is None


def test_fewer_than_two_parties_is_refused(db, town):
    fields = refused_fields(db, town, parties=(PartyDraft("李大山"), PartyDraft("  ")))
    assert fields == {"parties": "矛盾纠纷至少要有两方当事人"}


def test_a_party_id_with_a_wrong_check_digit_is_refused(db, town):
    good = citizen_id("19700505", 31)
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    fields = refused_fields(
        db, town, parties=(PartyDraft("李大山", citizen_id=wrong), PartyDraft("李小河"))
    )
    assert fields["party0.citizen_id"].startswith("第 1 位当事人：身份证号码校验码错误")


def test_a_bad_phone_is_refused(db, town):
    fields = refused_fields(
        db, town, parties=(PartyDraft("李大山"), PartyDraft("李小河", phone="12345"))
    )
    assert fields["party1.phone"].startswith("第 2 位当事人：联系电话")


def test_an_organisation_has_no_citizen_id(db, town):
    parties = (
        PartyDraft("李大山"),
        PartyDraft("青山砖厂", kind="organisation", citizen_id=citizen_id("19700505", 31)),
    )
    fields = refused_fields(db, town, parties=parties)
    assert fields == {"party1.citizen_id": "第 2 位当事人是单位，不填身份证号码"}


def test_the_same_id_twice_is_refused(db, town):
    number = citizen_id("19700505", 31)
    parties = (PartyDraft("李大山", citizen_id=number), PartyDraft("李山", citizen_id=number))
    assert refused_fields(db, town, parties=parties) == {
        "parties": "同一身份证号码登记为两位当事人，请核对"
    }


def test_a_received_date_after_today_is_refused(db, town):
    fields = refused_fields(db, town, received_on=TODAY + timedelta(days=1))
    assert fields == {"received_on": "受理日期不能晚于今天"}


def test_every_wrong_field_is_reported_at_once(db, town):
    fields = refused_fields(
        db, town, source="路边听说", risk="特大", summary=" ", amount="3万", people_involved=-1
    )
    assert set(fields) == {"source", "risk", "summary", "amount", "people_involved"}
    assert fields["summary"] == "请简要写明纠纷情况"


def test_the_place_must_be_in_a_township(db, town):
    assert refused_fields(db, town, unit_id=town.units["南江县"]) == {
        "unit": "请选择纠纷发生地（乡镇及以下的网格单位）"
    }


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("12,345.60", 1234560),
        ("¥800", 80000),
        ("￥ 800 元", 80000),
        ("１２３．４", 12340),  # full-width, as an input method types it
        ("0.01", 1),
        ("1,234,567", 123456700),
        ("", None),
    ],
)
def test_amounts_are_read_exactly_in_fen(typed, fen):
    assert parse_yuan(typed) == fen


@pytest.mark.parametrize("typed", ["1.005", "-5", "3万", "1,00", "12.", "abc", "1" * 14])
def test_amounts_that_cannot_be_meant_are_refused(typed):
    with pytest.raises(ValueError, match="涉及金额"):
        parse_yuan(typed)


def test_amounts_are_shown_as_yuan():
    assert (format_yuan(1234560), format_yuan(5), format_yuan(None)) == ("12,345.60", "0.05", "")


# -------------------------------------------------------------------------------------- numbering


def test_numbers_run_per_township_and_year(db, town):
    first = register(db, town)
    second = register(db, town)
    new_year = cases.register_case(
        db,
        town.draft(received_on=date(2027, 1, 4)),
        actor=CLERK,
        now=datetime(2027, 1, 5, 9, 0),
    )
    other_township = register(db, town, unit_id=town.units["北坝村"])
    late_entry = register(db, town)  # still 2026: its sequence goes on where it stopped
    assert [c.number for c in (first, second, new_year, other_township, late_entry)] == [
        "示例镇〔2026〕0001号",
        "示例镇〔2026〕0002号",
        "示例镇〔2027〕0001号",
        "北坝镇〔2026〕0001号",
        "示例镇〔2026〕0003号",
    ]
    assert cases.find_case(db, " 示例镇〔2027〕0001号 ", today=TODAY).id == new_year.id


# -------------------------------------------------------------------------------------- deadlines


def test_the_due_date_is_the_default_or_the_category_s(db, town):
    assert register(db, town).due_on == TODAY + timedelta(days=30)
    case_settings.save_deadlines(db, DeadlineSettings(due_days=20))
    case_settings.set_category_due_days(db, town.categories["邻里"], 15)
    neighbours = register(db, town)
    contract = register(db, town, category_id=town.categories["合同"])
    assert (neighbours.due_on, neighbours.original_due_on) == (TODAY + timedelta(days=15),) * 2
    assert contract.due_on == TODAY + timedelta(days=20)


@pytest.mark.parametrize(
    ("today", "state", "label"),
    [
        (date(2026, 3, 2), DeadlineState.ON_TIME, "正常"),
        (date(2026, 3, 26), DeadlineState.ON_TIME, "正常"),  # six days left
        (date(2026, 3, 27), DeadlineState.DUE_SOON, "将到期"),  # five days left
        (date(2026, 4, 1), DeadlineState.DUE_SOON, "将到期"),  # the due day itself
        (date(2026, 4, 2), DeadlineState.OVERDUE, "已超期"),
    ],
)
def test_deadline_states_on_given_days(db, town, today, state, label):
    case = case_in(db, town, CaseStatus.FAILED)  # failed is still open: the deadline runs
    assert case.due_on == date(2026, 4, 1)
    seen = cases.get_case(db, case.id, today=today).deadline
    assert (seen, seen.label) == (state, label)
    overdue = cases.list_cases(db, CaseFilter(overdue_only=True), today=today)
    assert [c.id for c in overdue] == ([case.id] if state is DeadlineState.OVERDUE else [])


def test_the_warning_window_is_configurable(db, town):
    case = register(db, town)
    case_settings.save_deadlines(db, DeadlineSettings(warn_days=10))
    assert cases.get_case(db, case.id, today=date(2026, 3, 22)).deadline is DeadlineState.DUE_SOON
    assert cases.get_case(db, case.id, today=date(2026, 3, 21)).deadline is DeadlineState.ON_TIME


def test_a_concluded_case_has_no_deadline(db, town):
    case = case_in(db, town, CaseStatus.SETTLED)
    late = cases.get_case(db, case.id, today=date(2027, 1, 1))
    assert (late.deadline, late.deadline.label) == (DeadlineState.NONE, "")


def test_an_extension_needs_a_reason_and_a_later_date_and_keeps_the_original(db, town):
    case = register(db, town)
    with pytest.raises(ValidationError) as err:
        cases.extend(db, case.id, date(2026, 4, 20), actor=CLERK, reason=" ", now=LATER)
    assert err.value.fields == {"reason": "延期须写明理由（如经双方当事人同意）"}
    with pytest.raises(ValidationError) as err:
        cases.extend(db, case.id, date(2026, 4, 1), actor=CLERK, reason="双方同意", now=LATER)
    assert err.value.fields == {"due_on": "新的期限应晚于现在的 2026-04-01"}
    assert len(cases.get_case(db, case.id, today=TODAY).steps) == 1

    extended = cases.extend(
        db, case.id, date(2026, 4, 20), actor="王主任", reason="经双方当事人同意", now=LATER
    )
    assert (extended.original_due_on, extended.due_on) == (date(2026, 4, 1), date(2026, 4, 20))
    step = extended.steps[-1]
    assert (step.action, step.actor, step.at) == (Action.EXTEND, "王主任", LATER)
    assert step.note == "经双方当事人同意；办结期限 2026-04-01 → 2026-04-20"
    on_old_due = cases.get_case(db, case.id, today=date(2026, 4, 2))
    assert on_old_due.deadline is DeadlineState.ON_TIME


# ----------------------------------------------------------------------------- routing and levels


def test_routing_again_to_the_same_level_is_refused(db, town):
    case = case_in(db, town, CaseStatus.ROUTED)
    with pytest.raises(ValidationError, match="案件已分流由村级处理"):
        cases.route(db, case.id, HandlingLevel.VILLAGE, actor=CLERK, now=LATER)
    assert len(cases.get_case(db, case.id, today=TODAY).steps) == len(case.steps)


def test_routing_to_village_or_township_is_plain_routing(db, town):
    case = case_in(db, town, CaseStatus.ASSESSED)
    routed = cases.route(db, case.id, HandlingLevel.TOWNSHIP, actor=CLERK, now=LATER)
    back_down = cases.route(db, case.id, HandlingLevel.VILLAGE, actor=CLERK, now=LATER)
    assert [s.action for s in back_down.steps[-2:]] == [Action.ROUTE, Action.ROUTE]
    assert routed.level is HandlingLevel.TOWNSHIP and back_down.level is HandlingLevel.VILLAGE
    assert back_down.steps[-1].note == "由村级处理"


def test_escalation_records_from_to_and_why(db, town):
    case = case_in(db, town, CaseStatus.FAILED)
    with pytest.raises(ValidationError) as err:
        cases.route(db, case.id, HandlingLevel.TOWNSHIP, actor=CLERK, now=LATER)
    assert err.value.fields == {"note": "上报须写明理由（本级为何不能化解）"}
    assert cases.get_case(db, case.id, today=TODAY).level is HandlingLevel.VILLAGE

    up = cases.route(
        db, case.id, HandlingLevel.TOWNSHIP, actor="王主任", note="涉及两村边界", now=LATER
    )
    step = up.steps[-1]
    assert (up.status, up.level) == (CaseStatus.ROUTED, HandlingLevel.TOWNSHIP)
    assert (step.action, step.level_from, step.level_to) == (
        Action.ESCALATE,
        HandlingLevel.VILLAGE,
        HandlingLevel.TOWNSHIP,
    )
    assert (step.status_from, step.status_to) == (CaseStatus.FAILED, CaseStatus.ROUTED)
    assert step.note == "涉及两村边界；由镇级处理"


def test_routing_to_the_county_is_an_escalation_even_first(db, town):
    case = case_in(db, town, CaseStatus.ASSESSED)
    with pytest.raises(ValidationError):
        cases.route(db, case.id, HandlingLevel.COUNTY, actor=CLERK, now=LATER)
    up = cases.route(db, case.id, HandlingLevel.COUNTY, actor=CLERK, note="群体性", now=LATER)
    step = up.steps[-1]
    assert (step.action, step.level_from, step.level_to) == (
        Action.ESCALATE,
        None,
        HandlingLevel.COUNTY,
    )
    with pytest.raises(RefusedError, match="案件已在县级处理，不能再上报"):
        cases.route(db, case.id, HandlingLevel.COUNTY, actor=CLERK, note="再报", now=LATER)


def test_a_refused_route_says_why_before_asking_for_a_reason(db, town):
    case = case_in(db, town, CaseStatus.MEDIATING)
    with pytest.raises(RefusedError, match="案件当前为“调解中”"):
        cases.route(db, case.id, HandlingLevel.COUNTY, actor=CLERK, now=LATER)


def test_a_transfer_needs_a_target_and_concludes_the_case(db, town):
    case = case_in(db, town, CaseStatus.ROUTED)
    with pytest.raises(ValidationError) as err:
        cases.route(db, case.id, HandlingLevel.TRANSFERRED, actor=CLERK, now=LATER)
    assert set(err.value.fields) == {"transferred_to"}

    done = cases.route(
        db, case.id, HandlingLevel.TRANSFERRED, actor=CLERK, transferred_to="人民法院", now=LATER
    )
    assert (done.status, done.level, done.outcome) == (
        CaseStatus.CLOSED,
        HandlingLevel.TRANSFERRED,
        CaseOutcome.TRANSFERRED,
    )
    assert (done.transferred_to, done.concluded_on) == ("人民法院", LATER.date())
    assert (done.steps[-1].action, done.steps[-1].note) == (Action.TRANSFER, "移送至人民法院")
    assert done.deadline is DeadlineState.NONE
    with pytest.raises(RefusedError, match="只有达成调解协议的案件才需要回访"):
        cases.follow_up(db, case.id, LATER.date(), True, actor=CLERK, now=LATER)


@pytest.mark.parametrize(
    ("current", "target", "action"),
    [
        (None, HandlingLevel.VILLAGE, Action.ROUTE),
        (None, HandlingLevel.TOWNSHIP, Action.ROUTE),
        (None, HandlingLevel.COUNTY, Action.ESCALATE),
        (None, HandlingLevel.TRANSFERRED, Action.TRANSFER),
        (HandlingLevel.VILLAGE, HandlingLevel.VILLAGE, Action.ROUTE),
        (HandlingLevel.VILLAGE, HandlingLevel.TOWNSHIP, Action.ESCALATE),
        (HandlingLevel.TOWNSHIP, HandlingLevel.VILLAGE, Action.ROUTE),
        (HandlingLevel.TOWNSHIP, HandlingLevel.COUNTY, Action.ESCALATE),
        (HandlingLevel.COUNTY, HandlingLevel.TOWNSHIP, Action.ROUTE),
        (HandlingLevel.COUNTY, HandlingLevel.TRANSFERRED, Action.TRANSFER),
    ],
)
def test_which_step_a_routing_is(current, target, action):
    assert cases.routing_action(current, target) is action


def test_mediation_starts_only_with_a_lead_mediator(db, town):
    case = register(db, town)
    cases.assess(db, case.id, actor=CLERK, now=NOW)
    routed = cases.route(db, case.id, HandlingLevel.VILLAGE, actor=CLERK, now=NOW)
    assert Action.START not in routed.actions
    mediators.assign(db, case.id, town.people["刘芳"], lead=False, actor=CLERK, now=NOW)
    with pytest.raises(RefusedError, match="请先指派主调解员，再开始调解"):
        cases.start_mediation(db, case.id, actor=CLERK, now=LATER)
    assert cases.get_case(db, case.id, today=TODAY).status is CaseStatus.ROUTED
    mediators.assign(db, case.id, town.people["陈明"], actor=CLERK, now=NOW)
    started = cases.start_mediation(db, case.id, actor=CLERK, now=LATER)
    assert started.status is CaseStatus.MEDIATING


# ----------------------------------------------------------------------------------- sessions


def test_a_session_is_recorded_within_the_case_s_dates(db, town):
    case = case_in(db, town, CaseStatus.MEDIATING)
    for held_on, message in [
        (LATER.date() + timedelta(days=1), "调解日期不能晚于今天"),
        (TODAY - timedelta(days=1), "调解日期不能早于受理日期"),
    ]:
        with pytest.raises(ValidationError) as err:
            cases.record_session(db, case.id, SessionDraft(held_on=held_on), actor=CLERK, now=LATER)
        assert err.value.fields == {"held_on": message}
    draft = SessionDraft(held_on=TODAY, place="  ", mediators_present="陈明", record="各自陈述")
    after = cases.record_session(db, case.id, draft, actor=CLERK, now=LATER)
    assert after.steps[-1].note == "2026-03-02 调解"
    assert [(s.place, s.mediators_present, s.record) for s in after.sessions] == [
        ("", "陈明", "各自陈述")
    ]
    assert len(after.steps) == len(case.steps) + 1


# ------------------------------------------------------------------------------------ the list


def test_the_case_list_filters(db, town):
    winter = date(2026, 1, 5)
    old = case_in(db, town, CaseStatus.MEDIATING, lead="陈明", received_on=winter)
    township = case_in(db, town, CaseStatus.ROUTED, level=HandlingLevel.TOWNSHIP, lead="周建国")
    contract = register(db, town, category_id=town.categories["合同"])
    done = case_in(db, town, CaseStatus.CLOSED, lead="陈明")

    def ids(**where) -> list[int]:
        return [c.id for c in cases.list_cases(db, CaseFilter(**where), today=TODAY, full=False)]

    assert ids() == [done.id, contract.id, township.id, old.id]  # newest received first
    assert ids(received_from=date(2026, 1, 1), received_to=date(2026, 1, 31)) == [old.id]
    assert ids(status=CaseStatus.ROUTED) == [township.id]
    assert ids(category_id=town.categories["合同"]) == [contract.id]
    assert ids(level=HandlingLevel.TOWNSHIP) == [township.id]
    assert ids(mediator_id=town.people["陈明"]) == [done.id, old.id]
    assert ids(open_only=True) == [contract.id, township.id, old.id]
    assert ids(overdue_only=True) == [old.id]
    brief = cases.list_cases(db, CaseFilter(status=CaseStatus.CLOSED), today=TODAY, full=False)
    assert brief[0].steps == () and brief[0].mediator_names == "陈明"


# ------------------------------------------------------------------------------ settle and close


def test_settling_concludes_on_the_agreement_date_and_starts_the_windows(db, town):
    case_settings.save_deadlines(db, DeadlineSettings(follow_up_days=10))
    case = case_in(db, town, CaseStatus.MEDIATING, received_on=date(2026, 2, 1))
    signed = date(2026, 2, 20)
    settled = cases.settle(
        db,
        case.id,
        AgreementDraft(signed_on=signed, terms="李小河疏通排水沟", perform_by=date(2026, 3, 1)),
        actor=CLERK,
        now=NOW,
    )
    assert (settled.status, settled.outcome) == (CaseStatus.SETTLED, CaseOutcome.SETTLED)
    assert settled.concluded_on == signed
    assert settled.agreement.confirmation_due_on == date(2026, 3, 22)  # 30 days
    assert settled.agreement.follow_up_due_on == date(2026, 3, 2)  # 10 days, as configured

    closed = cases.close(db, case.id, actor=CLERK, now=LATER)
    assert (closed.status, closed.concluded_on) == (CaseStatus.CLOSED, signed)


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (AgreementDraft(signed_on=TODAY, terms=" "), "terms"),
        (AgreementDraft(signed_on=LATER.date() + timedelta(days=1), terms="赔偿"), "signed_on"),
        (AgreementDraft(signed_on=TODAY - timedelta(days=1), terms="赔偿"), "signed_on"),
        (
            AgreementDraft(signed_on=TODAY, terms="赔偿", perform_by=TODAY - timedelta(1)),
            "perform_by",
        ),
    ],
)
def test_a_wrong_agreement_is_refused_and_nothing_changes(db, town, draft, field):
    case = case_in(db, town, CaseStatus.MEDIATING)
    with pytest.raises(ValidationError) as err:
        cases.settle(db, case.id, draft, actor=CLERK, now=LATER)
    assert set(err.value.fields) == {field}
    after = cases.get_case(db, case.id, today=TODAY)
    assert (after.status, after.agreement, len(after.steps)) == (
        CaseStatus.MEDIATING,
        None,
        len(case.steps),
    )


def test_closing_after_failure_needs_a_note_and_concludes_not_settled(db, town):
    case = case_in(db, town, CaseStatus.FAILED)
    with pytest.raises(ValidationError) as err:
        cases.close(db, case.id, actor=CLERK, now=LATER)
    assert set(err.value.fields) == {"note"}
    closed = cases.close(db, case.id, actor=CLERK, note="已告知可向法院起诉", now=LATER)
    assert (closed.status, closed.outcome) == (CaseStatus.CLOSED, CaseOutcome.NOT_SETTLED)
    assert closed.concluded_on == LATER.date()
    assert closed.steps[-1].note == "已告知可向法院起诉；调解不成，终结调解"
    with pytest.raises(RefusedError, match="只有达成调解协议的案件才需要回访"):
        cases.follow_up(db, case.id, LATER.date(), True, actor=CLERK, now=LATER)


def test_follow_up_visits_are_recorded_and_may_repeat(db, town):
    case = case_in(db, town, CaseStatus.CLOSED)
    with pytest.raises(ValidationError) as err:
        cases.follow_up(db, case.id, TODAY - timedelta(days=1), True, actor=CLERK, now=LATER)
    assert err.value.fields == {"visited_on": "回访日期不能早于协议签订日期"}
    first = cases.follow_up(db, case.id, TODAY, False, actor=CLERK, note="尚未疏通", now=LATER)
    again = cases.follow_up(db, case.id, LATER.date(), True, actor=CLERK, now=LATER)
    assert first.status is CaseStatus.FOLLOWED_UP
    assert [(f.visited_on, f.performed, f.note) for f in again.follow_ups] == [
        (TODAY, False, "尚未疏通"),
        (LATER.date(), True, ""),
    ]
    assert [s.note for s in again.steps[-2:]] == ["尚未疏通；协议未履行", "协议已履行"]


# ------------------------------------------------------------------------------- follow-up due


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2026, 3, 11), DeadlineState.ON_TIME),  # six days before the visit is due
        (date(2026, 3, 12), DeadlineState.DUE_SOON),  # five days: the warning window
        (date(2026, 3, 17), DeadlineState.DUE_SOON),  # the due day itself
        (date(2026, 3, 18), DeadlineState.OVERDUE),
    ],
)
def test_the_follow_up_visit_is_due_on_given_days(db, town, today, state):
    case = case_in(db, town, CaseStatus.SETTLED)  # signed 2026-03-02, visit due 15 days later
    assert case.agreement.follow_up_due_on == date(2026, 3, 17)
    seen = cases.get_case(db, case.id, today=today)
    assert (seen.follow_up, seen.deadline) == (state, DeadlineState.NONE)
    due = cases.list_cases(db, CaseFilter(follow_up_due_only=True), today=today)
    assert [c.id for c in due] == ([] if state is DeadlineState.ON_TIME else [case.id])


def test_only_settled_cases_not_yet_visited_await_a_follow_up(db, town):
    late = date(2026, 4, 30)  # every visit is past due by then
    settled = case_in(db, town, CaseStatus.SETTLED)
    closed = case_in(db, town, CaseStatus.CLOSED)
    visited = case_in(db, town, CaseStatus.FOLLOWED_UP)
    failed = case_in(db, town, CaseStatus.CLOSED, settled=False)
    mediating = case_in(db, town, CaseStatus.MEDIATING)

    due = cases.list_cases(db, CaseFilter(follow_up_due_only=True), today=late, full=False)
    assert [c.id for c in due] == [closed.id, settled.id]
    assert all(c.follow_up is DeadlineState.OVERDUE and c.follow_up_due for c in due)
    for case in (visited, failed, mediating):
        assert cases.get_case(db, case.id, today=late).follow_up is DeadlineState.NONE
    # Other filters still apply alongside.
    narrowed = CaseFilter(follow_up_due_only=True, status=CaseStatus.CLOSED)
    assert [c.id for c in cases.list_cases(db, narrowed, today=late)] == [closed.id]


def test_the_follow_up_warning_uses_the_township_s_warning_days(db, town):
    case = case_in(db, town, CaseStatus.CLOSED)  # visit due 2026-03-17
    case_settings.save_deadlines(db, DeadlineSettings(warn_days=10))
    assert cases.get_case(db, case.id, today=date(2026, 3, 7)).follow_up_due
    assert not cases.get_case(db, case.id, today=date(2026, 3, 6)).follow_up_due


# -------------------------------------------------------------------------------------- timeline


def test_the_timeline_of_a_case_from_registration_to_follow_up(db, town):
    def at(day: int, hour: int) -> datetime:
        return datetime(2026, 3, day, hour, 0)

    draft = town.draft(received_on=date(2026, 3, 2))
    case = cases.register_case(db, draft, actor="小李", now=at(2, 9))
    cases.assess(db, case.id, actor="小李", risk="较大", note="双方情绪激动", now=at(2, 10))
    mediators.assign(db, case.id, town.people["陈明"], actor="小李", now=at(2, 11))
    cases.route(db, case.id, HandlingLevel.VILLAGE, actor="王主任", now=at(3, 9))
    cases.start_mediation(db, case.id, actor="陈明", now=at(4, 9))
    session = SessionDraft(held_on=date(2026, 3, 4), place="青山村委会", record="双方陈述")
    cases.record_session(db, case.id, session, actor="陈明", now=at(4, 17))
    agreement = AgreementDraft(signed_on=date(2026, 3, 5), terms="李小河疏通排水沟")
    cases.settle(db, case.id, agreement, actor="陈明", now=at(5, 16))
    cases.close(db, case.id, actor="王主任", now=at(6, 9))
    done = cases.follow_up(db, case.id, date(2026, 3, 20), True, actor="小李", now=at(20, 15))

    assert [(s.label, s.actor, s.at, s.status_to, s.note) for s in done.steps] == [
        ("登记", "小李", at(2, 9), CaseStatus.REGISTERED, "来源：网格上报"),
        ("研判", "小李", at(2, 10), CaseStatus.ASSESSED, "双方情绪激动；风险等级 一般 → 较大"),
        ("指派调解员", "小李", at(2, 11), CaseStatus.ASSESSED, "主调解员：陈明"),
        ("分流", "王主任", at(3, 9), CaseStatus.ROUTED, "由村级处理"),
        ("开始调解", "陈明", at(4, 9), CaseStatus.MEDIATING, ""),
        ("调解记录", "陈明", at(4, 17), CaseStatus.MEDIATING, "2026-03-04 调解（青山村委会）"),
        ("调解成功", "陈明", at(5, 16), CaseStatus.SETTLED, "2026-03-05 签订调解协议"),
        ("结案", "王主任", at(6, 9), CaseStatus.CLOSED, ""),
        ("回访", "小李", at(20, 15), CaseStatus.FOLLOWED_UP, "协议已履行"),
    ]
    assert [s.status_from for s in done.steps[1:]] == [s.status_to for s in done.steps[:-1]]
    assert done.risk == "较大"
    assert [(s.held_on, s.place, s.record) for s in done.sessions] == [
        (date(2026, 3, 4), "青山村委会", "双方陈述")
    ]
    assert done.actions == (Action.FOLLOW_UP,)


# ------------------------------------------------------------------ every action on a real case


def take(db, town, case, action: Action):
    """The service call a clerk's button makes for `action`, with valid input."""
    people = town.people
    calls = {
        Action.ASSESS: lambda: cases.assess(db, case.id, actor=CLERK, now=LATER),
        Action.ROUTE: lambda: cases.route(
            db, case.id, HandlingLevel.VILLAGE, actor=CLERK, now=LATER
        ),
        Action.ESCALATE: lambda: cases.route(
            db, case.id, HandlingLevel.COUNTY, actor=CLERK, note="需县级协调", now=LATER
        ),
        Action.TRANSFER: lambda: cases.route(
            db,
            case.id,
            HandlingLevel.TRANSFERRED,
            actor=CLERK,
            transferred_to="人民法院",
            now=LATER,
        ),
        Action.ASSIGN: lambda: mediators.assign(
            db, case.id, people["刘芳"], lead=False, actor=CLERK, now=LATER
        ),
        Action.REASSIGN: lambda: mediators.reassign(
            db, case.id, people["陈明"], people["周建国"], reason="工作调动", actor=CLERK, now=LATER
        ),
        Action.START: lambda: cases.start_mediation(db, case.id, actor=CLERK, now=LATER),
        Action.SESSION: lambda: cases.record_session(
            db, case.id, SessionDraft(held_on=TODAY), actor=CLERK, now=LATER
        ),
        Action.SETTLE: lambda: cases.settle(
            db, case.id, AgreementDraft(signed_on=TODAY, terms="赔偿"), actor=CLERK, now=LATER
        ),
        Action.FAIL: lambda: cases.fail(db, case.id, actor=CLERK, note="分歧大", now=LATER),
        Action.CLOSE: lambda: cases.close(db, case.id, actor=CLERK, note="已告知", now=LATER),
        Action.FOLLOW_UP: lambda: cases.follow_up(db, case.id, TODAY, True, actor=CLERK, now=LATER),
        Action.EXTEND: lambda: cases.extend(
            db, case.id, case.due_on + timedelta(days=10), actor=CLERK, reason="双方同意", now=LATER
        ),
    }
    return calls[action]()


SERVICE_ACTIONS = [action for action in Action if action is not Action.REGISTER]


@pytest.mark.parametrize("status", list(CaseStatus))
def test_every_action_through_the_services(db, town, status):
    """Allowed actions go through to the table's status with one more step; refused ones say
    the table's reason and change nothing."""
    for action in SERVICE_ACTIONS:
        # At township level, so that plain routing (down to the village) is open to a routed case.
        case = case_in(db, town, status, level=HandlingLevel.TOWNSHIP)
        if action in ALLOWED[status]:
            after = take(db, town, case, action)
            assert after.status is (TARGET[action] or status), action
            assert len(after.steps) == len(case.steps) + 1, action
            assert after.steps[-1].action is action
            continue
        with pytest.raises(RefusedError) as err:
            take(db, town, case, action)
        assert err.value.message.endswith(WHY_NOT[action]), action
        after = cases.get_case(db, case.id, today=TODAY)
        assert (after.status, after.level, after.due_on, after.outcome) == (
            case.status,
            case.level,
            case.due_on,
            case.outcome,
        ), action
        assert after.steps == case.steps and after.mediators == case.mediators, action


def test_a_number_taken_at_the_same_moment_is_retried(db, town, monkeypatch):
    """Two clerks saving at once on a shared server: the loser's insert hits the unique number
    and is tried again with the next one; after repeated clashes the clerk is asked to retry."""
    real = cases._insert_case
    clashes = iter([True, False])

    def clashing(*args, **kwargs):
        if next(clashes):
            raise IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed"))
        return real(*args, **kwargs)

    monkeypatch.setattr(cases, "_insert_case", clashing)
    assert register(db, town).number.endswith("0001号")

    def always(*_args, **_kwargs):
        raise IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed"))

    monkeypatch.setattr(cases, "_insert_case", always)
    with pytest.raises(RefusedError, match="请再保存一次"):
        register(db, town)


def test_a_party_without_a_unit_is_placed_where_the_dispute_arose_in_a_grid(db, town):
    """So that a mediator serving that grid is flagged in the assignment dialog."""
    in_grid = register(db, town)  # 青山村第一网格; 李大山 is of 青山一组, 李小河 not given
    units = [p.unit_id for p in in_grid.parties]
    assert units == [town.units["青山一组"], town.units["青山村第一网格"]]
    in_village = register(db, town, unit_id=town.units["青山村"])
    assert in_village.parties[1].unit_id is None  # a whole village says nothing of a household
