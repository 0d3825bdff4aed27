"""Grid warnings through the services, on the case town with party members (warning_fixtures):
report, dispatch with deadlines by urgency, overdue on an injected clock, reassign and escalate
with reasons, refusals, party-member reports and the conversion into a dispute case."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from desktop.errors import RefusedError, ValidationError
from desktop.services import cases, roster, warnings
from desktop.services.cases import PartyDraft
from desktop.services.warning_settings import (
    WarningDeadlines,
    deadlines_for,
    save_warning_deadlines,
)
from desktop.services.warnings import (
    DispatchInfo,
    Overdue,
    WarningFilter,
    handled_in_time,
    response_hours,
)
from desktop.vocabulary import Level, WarningAction, WarningStatus
from tests.services import warning_fixtures
from tests.services.case_fixtures import CLERK, NOW
from tests.services.warning_fixtures import report

warning_file = warning_fixtures.warning_file
db = warning_fixtures.warning_db
wtown = warning_fixtures.warning_town

HOUR = timedelta(hours=1)


def dispatched(db, wtown, urgency="紧急", target="派出所", **changes):
    warning = report(db, wtown, urgency=urgency, **changes)
    return warnings.dispatch(db, warning.id, target, actor=CLERK, now=NOW)


def test_a_report_is_numbered_and_handled_first_where_it_was_seen(db, wtown):
    first = report(db, wtown)
    second = report(
        db, wtown, unit_id=wtown.units["青山村第一网格"], reporter_id=wtown.people["张网格"]
    )

    assert (
        first.number == "示例镇预警〔2026〕0001号" and second.number == "示例镇预警〔2026〕0002号"
    )
    assert (first.level, second.level) == (Level.MICRO, Level.GRID)
    assert first.status is WarningStatus.REPORTED and first.target == ""
    assert first.place == "青山村 / 青山一组" and first.reporter == "王秀英"
    assert [(s.action, s.actor, s.at) for s in first.steps] == [(WarningAction.REPORT, CLERK, NOW)]
    assert first.actions == (
        WarningAction.DISPATCH,
        WarningAction.ESCALATE,
        WarningAction.PARTY_REPORT,
    )  # not 转为案件: it is no 矛盾苗头


def test_a_report_is_refused_field_by_field(db, wtown):
    with pytest.raises(ValidationError) as refused:
        report(
            db,
            wtown,
            unit_id=wtown.units["南江县"],
            urgency="特急",
            description="  ",
            reporter_id=wtown.people["郑离任"],  # left his post in 2024
            people_affected=-1,
        )
    assert set(refused.value.fields) == {
        "unit",
        "urgency",
        "description",
        "reporter",
        "people_affected",
    }
    assert "不在岗" in refused.value.fields["reporter"]
    with pytest.raises(ValidationError) as future:
        report(db, wtown, reported_at=NOW + HOUR)
    assert "晚于现在" in future.value.fields["reported_at"]
    assert warnings.list_warnings(db, now=NOW) == []


@pytest.mark.parametrize(
    ("urgency", "response", "completion"),
    [("紧急", 2, 24), ("一般", 24, 24 * 7)],
)
def test_deadlines_run_from_the_dispatch_by_urgency(db, wtown, urgency, response, completion):
    warning = report(db, wtown, urgency=urgency)
    at = NOW + timedelta(minutes=20)
    got = warnings.dispatch(db, warning.id, "应急办", actor=CLERK, now=at)

    dispatch = got.current_dispatch
    assert (got.status, got.target) == (WarningStatus.DISPATCHED, "应急办")
    assert dispatch.response_due == at + timedelta(hours=response)
    assert dispatch.complete_due == at + timedelta(hours=completion)
    assert "前响应" in got.steps[-1].note and got.steps[-1].action is WarningAction.DISPATCH


def test_deadlines_are_the_township_s_setting(db, wtown):
    save_warning_deadlines(db, replace(WarningDeadlines(), urgent_response_hours=1))
    got = dispatched(db, wtown)
    assert got.current_dispatch.response_due == NOW + HOUR
    with pytest.raises(ValidationError) as refused:
        save_warning_deadlines(db, WarningDeadlines(normal_response_hours=200))
    assert "不能短于响应时限" in refused.value.fields["normal_completion_hours"]


def test_overdue_is_judged_on_the_clock_given(db, wtown):
    warning = dispatched(db, wtown)  # 紧急 at NOW: respond by 11:00, finish by tomorrow 09:00

    def state(at):
        return warnings.get_warning(db, warning.id, now=at).overdue

    assert state(NOW + 2 * HOUR) is Overdue.ON_TIME  # the due minute itself is in time
    assert state(NOW + 2 * HOUR + timedelta(minutes=1)) is Overdue.RESPONSE
    assert [
        w.id
        for w in warnings.list_warnings(db, WarningFilter(overdue_only=True), now=NOW + 3 * HOUR)
    ] == [warning.id]
    warnings.respond(db, warning.id, actor=CLERK, now=NOW + 3 * HOUR)
    assert state(NOW + 4 * HOUR) is Overdue.ON_TIME
    assert state(NOW + 25 * HOUR) is Overdue.COMPLETION
    closed = warnings.close(db, warning.id, "隐患已排除", actor=CLERK, now=NOW + 26 * HOUR)
    assert closed.overdue is Overdue.NONE and closed.in_time is False
    assert warnings.list_warnings(db, WarningFilter(overdue_only=True), now=NOW + 30 * HOUR) == []


def test_a_waiting_warning_has_no_deadline_yet(db, wtown):
    warning = report(db, wtown, urgency="紧急")
    assert warnings.get_warning(db, warning.id, now=NOW + 100 * HOUR).overdue is Overdue.NONE


def test_a_response_may_be_recorded_after_it_came(db, wtown):
    warning = dispatched(db, wtown)
    with pytest.raises(ValidationError) as early:
        warnings.respond(db, warning.id, actor=CLERK, at=NOW - HOUR, now=NOW + HOUR)
    assert "早于" in early.value.fields["at"]
    with pytest.raises(ValidationError):
        warnings.respond(db, warning.id, actor=CLERK, at=NOW + 3 * HOUR, now=NOW + HOUR)
    late = warnings.respond(db, warning.id, actor=CLERK, at=NOW + 3 * HOUR, now=NOW + 5 * HOUR)
    assert late.current_dispatch.responded_at == NOW + 3 * HOUR
    assert late.steps[-1].at == NOW + 3 * HOUR and "已超过响应时限" in late.steps[-1].note
    assert late.response_hours == 3


def test_reassignment_needs_a_reason_and_starts_new_deadlines(db, wtown):
    warning = dispatched(db, wtown)
    with pytest.raises(ValidationError) as no_reason:
        warnings.reassign(db, warning.id, "应急办", reason=" ", actor=CLERK, now=NOW + HOUR)
    assert "理由" in no_reason.value.fields["reason"]
    with pytest.raises(ValidationError) as same:
        warnings.reassign(db, warning.id, "派出所", reason="再派", actor=CLERK, now=NOW + HOUR)
    assert "已派给派出所" in same.value.fields["target"]

    at = NOW + HOUR
    got = warnings.reassign(
        db,
        warning.id,
        person_id=wtown.people["张网格"],
        reason="需村里先到场",
        actor=CLERK,
        now=at,
    )
    old, new = got.dispatches
    assert (old.ended_at, old.end_reason) == (at, "改派：需村里先到场")
    assert (new.target, new.person_id, new.response_due) == (
        "张网格",
        wtown.people["张网格"],
        at + 2 * HOUR,
    )
    assert got.status is WarningStatus.DISPATCHED and got.target == "张网格"
    assert got.steps[-1].action is WarningAction.REASSIGN and "需村里先到场" in got.steps[-1].note


def test_escalation_goes_up_one_level_at_a_time_with_a_reason(db, wtown):
    warning = dispatched(db, wtown, urgency="一般")  # seen in 青山一组 (a micro-grid)
    with pytest.raises(ValidationError):
        warnings.escalate(db, warning.id, reason="", actor=CLERK, now=NOW + HOUR)

    levels = []
    for hours, reason in ((1, "村民小组无力处置"), (2, "涉及两个网格"), (3, "需镇里协调部门")):
        got = warnings.escalate(db, warning.id, reason=reason, actor=CLERK, now=NOW + hours * HOUR)
        levels.append(got.level)
        assert got.status is WarningStatus.REPORTED and got.current_dispatch is None
        assert got.steps[-1].note.endswith(reason)
    assert levels == [Level.GRID, Level.VILLAGE, Level.TOWNSHIP]
    assert got.dispatches[0].end_reason == "提级：村民小组无力处置"
    assert [
        (s.level_from, s.level_to) for s in got.steps if s.action is WarningAction.ESCALATE
    ] == [
        (Level.MICRO, Level.GRID),
        (Level.GRID, Level.VILLAGE),
        (Level.VILLAGE, Level.TOWNSHIP),
    ]
    assert WarningAction.ESCALATE not in got.actions
    with pytest.raises(RefusedError, match="乡镇"):
        warnings.escalate(db, warning.id, reason="再报", actor=CLERK, now=NOW + 4 * HOUR)
    redispatched = warnings.dispatch(db, warning.id, "应急办", actor=CLERK, now=NOW + 5 * HOUR)
    assert redispatched.current_dispatch.level is Level.TOWNSHIP


def test_steps_out_of_order_are_refused_and_write_nothing(db, wtown):
    warning = report(db, wtown)
    for step, message in (
        (lambda: warnings.respond(db, warning.id, actor=CLERK, now=NOW), "尚未派单"),
        (lambda: warnings.close(db, warning.id, "好了", actor=CLERK, now=NOW), "尚未派单"),
        (lambda: warnings.feedback(db, warning.id, "在办", actor=CLERK, now=NOW), "尚未派单"),
        (
            lambda: warnings.reassign(db, warning.id, "派出所", reason="x", actor=CLERK, now=NOW),
            "派单",
        ),
    ):
        with pytest.raises(RefusedError, match=message):
            step()
    warnings.dispatch(db, warning.id, "派出所", actor=CLERK, now=NOW)
    with pytest.raises(RefusedError, match="改派"):
        warnings.dispatch(db, warning.id, "司法所", actor=CLERK, now=NOW)
    with pytest.raises(RefusedError, match="尚未响应"):
        warnings.close(db, warning.id, "好了", actor=CLERK, now=NOW + HOUR)
    warnings.respond(db, warning.id, actor=CLERK, now=NOW + HOUR)
    with pytest.raises(RefusedError, match="已经响应"):
        warnings.respond(db, warning.id, actor=CLERK, now=NOW + HOUR)
    with pytest.raises(ValidationError):
        warnings.close(db, warning.id, "  ", actor=CLERK, now=NOW + HOUR)
    warnings.feedback(db, warning.id, "护栏已加固", actor=CLERK, now=NOW + 2 * HOUR)
    closed = warnings.close(db, warning.id, "隐患排除", actor=CLERK, now=NOW + 3 * HOUR)
    assert closed.status is WarningStatus.CLOSED and closed.in_time is True
    with pytest.raises(RefusedError, match="预警已办结，不能再反馈"):
        warnings.feedback(db, warning.id, "再说一句", actor=CLERK, now=NOW + 4 * HOUR)
    assert [s.action for s in warnings.get_warning(db, warning.id).steps] == [
        WarningAction.REPORT,
        WarningAction.DISPATCH,
        WarningAction.RESPOND,
        WarningAction.FEEDBACK,
        WarningAction.CLOSE,
    ]


def test_only_communist_party_members_report_for_duty(db, wtown):
    warning = dispatched(db, wtown)
    got = warnings.party_report(
        db,
        warning.id,
        wtown.people["林党员"],
        "协助疏散群众",
        actor=CLERK,
        at=NOW + HOUR,
        now=NOW + 2 * HOUR,
    )
    assert [(r.name, r.at, r.work) for r in got.party_reports] == [
        ("林党员", NOW + HOUR, "协助疏散群众")
    ]
    assert (
        got.steps[-1].action is WarningAction.PARTY_REPORT
        and got.status is WarningStatus.DISPATCHED
    )
    for name, status in (("周预备", "中共预备党员"), ("赵群众", "群众"), ("张网格", "未登记")):
        with pytest.raises(RefusedError, match=f"“{status}”"):
            warnings.party_report(
                db, warning.id, wtown.people[name], "到场", actor=CLERK, now=NOW + HOUR
            )
    with pytest.raises(ValidationError):
        warnings.party_report(
            db, warning.id, wtown.people["林党员"], " ", actor=CLERK, now=NOW + HOUR
        )
    assert len(warnings.get_warning(db, warning.id).party_reports) == 1


def test_a_dispute_in_the_making_becomes_a_case_and_both_know_it(db, wtown):
    warning = dispatched(
        db, wtown, urgency="一般", target="司法所", type_id=wtown.types["矛盾苗头"]
    )
    assert WarningAction.CONVERT in warning.actions
    parties = (PartyDraft("李大山"), PartyDraft("李小河"))
    at = NOW + 2 * HOUR
    with pytest.raises(ValidationError) as one_party:
        warnings.convert_to_case(
            db,
            warning.id,
            parties[:1],
            category_id=wtown.town.categories["邻里"],
            actor=CLERK,
            now=at,
        )
    assert "parties" in one_party.value.fields
    assert cases.list_cases(db, today=at.date()) == []

    got = warnings.convert_to_case(
        db, warning.id, parties, category_id=wtown.town.categories["邻里"], actor=CLERK, now=at
    )
    case = cases.get_case(db, got.case_id, today=at.date())
    assert (case.source, case.unit_id, case.reporter_id) == (
        "网格上报",
        warning.unit_id,
        warning.reporter_id,
    )
    assert case.summary == warning.description and case.received_on == at.date()
    assert got.status is WarningStatus.CONVERTED and got.case_number == case.number
    assert got.closed_at == at and got.result == f"转为矛盾纠纷案件 {case.number}"
    assert got.dispatches[0].end_reason == "转为矛盾纠纷案件"
    assert warnings.warning_of_case(db, case.id).id == warning.id
    with pytest.raises(RefusedError, match="已转案件"):
        warnings.convert_to_case(
            db, warning.id, parties, category_id=wtown.town.categories["邻里"], actor=CLERK, now=at
        )
    assert len(cases.list_cases(db, today=at.date())) == 1


def test_only_a_dispute_in_the_making_becomes_a_case(db, wtown):
    warning = report(db, wtown)  # 安全隐患
    with pytest.raises(RefusedError, match="只有“矛盾苗头”类预警"):
        warnings.convert_to_case(
            db,
            warning.id,
            (PartyDraft("甲"), PartyDraft("乙")),
            category_id=wtown.town.categories["邻里"],
            actor=CLERK,
            now=NOW,
        )
    assert warnings.warning_of_case(db, 1) is None and cases.list_cases(db, today=NOW.date()) == []


def test_lists_filter_by_month_type_urgency_status_and_place(db, wtown):
    march = report(db, wtown)
    urgent = report(
        db,
        wtown,
        urgency="紧急",
        unit_id=wtown.units["石门社区第一网格"],
        reporter_id=wtown.people["刘芳"],
    )
    april = NOW + timedelta(days=31)
    fire = report(db, wtown, type_id=wtown.types["森林防火"], reported_at=april, now=april)
    warnings.dispatch(db, fire.id, "应急办", actor=CLERK, now=april)

    def numbers(**where):
        return [w.id for w in warnings.list_warnings(db, WarningFilter(**where), now=april)]

    assert numbers() == [fire.id, urgent.id, march.id]  # newest first
    assert numbers(month=NOW.date()) == [urgent.id, march.id]
    assert numbers(type_id=wtown.types["森林防火"]) == [fire.id]
    assert numbers(urgency="紧急") == [urgent.id]
    assert numbers(status=WarningStatus.DISPATCHED) == [fire.id]
    assert numbers(unit_id=wtown.units["青山村"]) == [fire.id, march.id]  # the village and below
    assert numbers(open_only=True) == [fire.id, urgent.id, march.id]
    listed = warnings.list_warnings(db, now=april)
    assert all(w.steps == () for w in listed)
    assert len(warnings.list_warnings(db, now=april, full=True)[0].steps) == 2


def _dispatch(at, response_due, complete_due, responded=None, ended=None) -> DispatchInfo:
    return DispatchInfo(
        1, "派出所", None, Level.MICRO, at, response_due, complete_due, responded, ended, None
    )


def test_handled_in_time_asks_every_dispatch_and_the_last_completion_deadline():
    t = NOW
    answered = _dispatch(t, t + 2 * HOUR, t + 24 * HOUR, responded=t + HOUR)
    assert handled_in_time((answered,), t + 20 * HOUR) is True
    assert handled_in_time((answered,), t + 25 * HOUR) is False  # finished late
    assert handled_in_time((answered,), None) is None and handled_in_time((), t) is None
    # reassigned away three hours in, never having answered: that body was late
    silent = _dispatch(t, t + 2 * HOUR, t + 24 * HOUR, ended=t + 3 * HOUR)
    taken = _dispatch(t + 3 * HOUR, t + 5 * HOUR, t + 27 * HOUR, responded=t + 4 * HOUR)
    assert handled_in_time((silent, taken), t + 26 * HOUR) is False
    # reassigned within the hour: no one was late
    quick = _dispatch(t, t + 2 * HOUR, t + 24 * HOUR, ended=t + HOUR)
    assert handled_in_time((quick, taken), t + 26 * HOUR) is True
    # the wait the people had: first dispatch to first answer, whoever gave it
    assert response_hours((silent, taken)) == 4
    assert response_hours((silent,)) is None


def test_the_party_members_to_choose_from_are_those_of_the_village_in_post(db, wtown):
    day = NOW.date()
    near = warnings.party_members(db, wtown.units["青山村第一网格"], on=day)
    assert [(m.name, m.posts) for m in near] == [("林党员", "青山一组 党员中心户")]
    assert warnings.party_members(db, wtown.units["石门社区第一网格"], on=day) == []
    assert [m.name for m in warnings.party_members(db, on=day)] == ["林党员"]
    assert warnings.party_members(db, on=date(2020, 1, 1)) == []  # not yet in post


def test_a_post_ending_on_a_day_is_not_held_that_day(db, wtown):
    """The roster's rule (the end date is the first day out of post) for reporters and party
    members alike: the form's lists and the service cannot disagree on the last day."""
    last_day = NOW.date() - timedelta(days=1)
    for name in ("王秀英", "林党员"):
        for post in roster.get_person(db, wtown.people[name]).assignments:
            roster.end_assignment(db, post.id, NOW.date())

    on_end_day = NOW.replace(hour=8)
    with pytest.raises(ValidationError) as refused:
        report(db, wtown, reported_at=on_end_day)
    assert "不在岗" in refused.value.fields["reporter"]
    assert warnings.party_members(db, wtown.units["青山一组"], on=NOW.date()) == []

    day_before = NOW - timedelta(days=1)
    assert report(db, wtown, reported_at=day_before).reporter == "王秀英"
    assert [m.name for m in warnings.party_members(db, on=last_day)] == ["林党员"]


def test_a_warning_says_where_an_escalation_would_take_it(db, wtown):
    warning = report(db, wtown)  # 青山一组, a micro-grid directly under 青山村第一网格
    assert (warning.escalates_to, warning.escalates_to_unit) == (Level.GRID, "青山村第一网格")

    for hours in (1, 2):
        escalated = warnings.escalate(
            db, warning.id, reason="本级无力处置", actor=CLERK, now=NOW + hours * HOUR
        )
        assert escalated.level is warning.escalates_to
        warning = escalated
    assert (warning.level, warning.escalates_to, warning.escalates_to_unit) == (
        Level.VILLAGE,
        Level.TOWNSHIP,
        "示例镇",
    )
    top = warnings.escalate(db, warning.id, reason="需镇协调", actor=CLERK, now=NOW + 3 * HOUR)
    assert (top.escalates_to, top.escalates_to_unit) == (None, "")


def test_the_deadlines_shown_before_a_dispatch_are_those_it_gets(db, wtown):
    save_warning_deadlines(db, replace(WarningDeadlines(), urgent_response_hours=3))
    at = NOW + timedelta(minutes=7)
    shown = deadlines_for(db, "紧急", at)
    got = dispatched(db, wtown, urgency="紧急")
    assert shown == (at + 3 * HOUR, at + 24 * HOUR)
    assert (got.current_dispatch.response_due, got.current_dispatch.complete_due) == (
        NOW + 3 * HOUR,
        NOW + 24 * HOUR,
    )


def test_a_conversion_that_fails_after_the_case_is_made_leaves_nothing(db, wtown, monkeypatch):
    warning = dispatched(db, wtown, type_id=wtown.types["矛盾苗头"])

    def broken(*_args, **_kwargs):
        raise RuntimeError("磁盘已满")

    # _info runs once the case is inserted and the warning linked, inside the transaction
    monkeypatch.setattr(warnings, "_info", broken)
    with pytest.raises(RuntimeError):
        warnings.convert_to_case(
            db,
            warning.id,
            (PartyDraft("李大山"), PartyDraft("李小河")),
            category_id=wtown.town.categories["邻里"],
            actor=CLERK,
            now=NOW + HOUR,
        )
    monkeypatch.undo()

    assert cases.list_cases(db, today=NOW.date()) == []
    after = warnings.get_warning(db, warning.id, now=NOW + HOUR)
    assert (after.status, after.case_id, after.result) == (WarningStatus.DISPATCHED, None, "")
    assert after.current_dispatch is not None and after.steps[-1].action is WarningAction.DISPATCH
