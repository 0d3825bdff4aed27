import json
import sqlite3
import time
from collections import Counter
from dataclasses import replace
from datetime import date, datetime
from itertools import pairwise

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desktop.errors import RefusedError
from desktop.models import (
    AssessmentMonth,
    Assignment,
    CaseMediator,
    DisputeCase,
    GridUnit,
    Level,
    Role,
    SchemeItem,
    ScoreEntry,
    ScoreResult,
)
from desktop.services import (
    assessment_months,
    assessment_schemes,
    case_workflow,
    cases,
    grid,
    mediators,
    roster,
    scoring,
)
from desktop.services.assessment_months import MonthAction, MonthStatus
from desktop.services.case_settings import DeadlineSettings, DeadlineState
from desktop.services.case_workflow import Action, CaseState
from desktop.services.demo import build_demo
from desktop.services.health import check_database
from desktop.services.identity import parse_citizen_id
from desktop.vocabulary import CaseOutcome, CaseStatus, HandlingLevel

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo_people(tmp_path_factory):
    from desktop.db import open_database

    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}")
    build_demo(db, seed=7, today=TODAY)
    yield db, grid.list_units(db), roster.list_people(db)
    db.close()


def test_demo_is_a_township_of_nanjiang_big_enough_to_learn_on(demo_people):
    db, units, people = demo_people
    levels = Counter(u.level for u in units)
    assert [u.name for u in units if u.level is Level.COUNTY] == ["南江县"]
    assert [u.name for u in units if u.level is Level.TOWNSHIP] == ["示例镇"]
    assert levels[Level.VILLAGE] >= 10
    assert levels[Level.MICRO] >= 60
    assert sum(1 for p in people if p.assignments) >= 300
    assert all(len(u.stats_code or "") == 12 for u in units if u.level is Level.VILLAGE)
    assert check_database(db).healthy


def test_every_demo_id_is_valid_and_matches_the_recorded_gender(demo_people):
    _, _, people = demo_people
    for person in people:
        parsed = parse_citizen_id(person.citizen_id)
        assert (parsed.gender, parsed.birth_date) == (person.gender, person.birth_date)


def test_demo_keeps_history_and_people_with_several_roles(demo_people):
    _, _, people = demo_people
    assert any(a.end_date for p in people for a in p.assignments)
    assert any(len(p.assignments) > 1 for p in people)


def test_same_seed_same_township_other_seed_other_people(db, tmp_path):
    from desktop.db import open_database

    build_demo(db, seed=7, today=TODAY)
    again = open_database(f"sqlite:///{tmp_path / 'again.sqlite'}")
    build_demo(again, seed=7, today=TODAY)
    other = open_database(f"sqlite:///{tmp_path / 'other.sqlite'}")
    build_demo(other, seed=8, today=TODAY)

    def ids(database):
        return [p.citizen_id for p in roster.list_people(database)]

    def case_lines(database):
        return [
            (c.number, c.status, c.summary, c.party_names, [s.at for s in c.steps])
            for c in cases.list_cases(database, today=TODAY)
        ]

    assert ids(db) == ids(again)
    assert ids(db) != ids(other)
    assert case_lines(db) == case_lines(again)
    assert case_lines(db) != case_lines(other)
    again.close()
    other.close()


def test_demo_refuses_a_database_that_has_data(db):
    build_demo(db, seed=1)
    with pytest.raises(RefusedError, match="空数据库"):
        build_demo(db, seed=1)


# ------------------------------------------------------------------------------- dispute cases


@pytest.fixture(scope="module")
def demo_cases(demo_people):
    db = demo_people[0]
    return db, cases.list_cases(db, today=TODAY)


def test_demo_has_two_years_of_cases_in_a_township_mix(demo_cases):
    _, found = demo_cases
    assert 150 <= len(found) <= 400
    received = [c.received_on for c in found]
    assert max(received) < TODAY and (TODAY - min(received)).days >= 700
    common = {name for name, _ in Counter(c.category for c in found).most_common(4)}
    assert common == {"邻里", "婚姻家庭", "房屋宅基地", "山林土地(承包经营)"}
    assert len({c.source for c in found}) == 5
    concluded = [c for c in found if c.concluded_on is not None]
    levels = Counter(c.level for c in concluded)
    assert levels[HandlingLevel.VILLAGE] > len(concluded) / 2  # 小事不出村
    assert 0 < levels[HandlingLevel.COUNTY] < len(concluded) * 0.1
    assert levels[HandlingLevel.TOWNSHIP] > levels[HandlingLevel.COUNTY]
    transferred = {c.transferred_to for c in concluded if c.level is HandlingLevel.TRANSFERRED}
    assert "人民法院" in transferred
    outcomes = Counter(c.outcome for c in concluded)
    assert outcomes[CaseOutcome.SETTLED] > len(concluded) * 0.7
    assert outcomes[CaseOutcome.NOT_SETTLED] > 0
    groups = [c for c in found if c.group_risk]
    assert 3 <= len(groups) < len(found) * 0.2
    assert any(c.people_involved > 100 for c in groups)
    assert all(c.people_involved == len(c.parties) for c in found if not c.group_risk)
    assert 0 < sum(c.criminal_risk for c in found) < len(found) * 0.1
    assert 0 < sum(c.amount_fen is not None for c in found) < len(found)
    assert sum(bool(c.follow_ups) for c in found) > len(found) / 2


def test_some_demo_cases_are_open_overdue_or_due_soon_on_the_day_given(demo_cases):
    _, found = demo_cases
    states = Counter(c.deadline for c in found)
    assert states[DeadlineState.OVERDUE] >= 2
    assert states[DeadlineState.DUE_SOON] >= 1
    assert states[DeadlineState.ON_TIME] >= 3
    assert any(c.status is CaseStatus.REGISTERED or c.status is CaseStatus.ASSESSED for c in found)
    extended = [c for c in found if c.due_on != c.original_due_on]
    assert extended and all(any(s.action is Action.EXTEND for s in c.steps) for c in extended)


def test_demo_case_numbers_are_unique_per_township_and_year(demo_cases):
    _, found = demo_cases
    numbers = [c.number for c in found]
    assert len(set(numbers)) == len(numbers)
    by_year = Counter(c.received_on.year for c in found)
    for year, count in by_year.items():
        expected = {cases.case_number("示例镇", year, seq) for seq in range(1, count + 1)}
        assert {c.number for c in found if c.received_on.year == year} == expected
    # numbered in the order received
    first = sorted(found, key=lambda c: (c.received_on, c.number))
    assert [c.number for c in first if c.received_on.year == 2026][:2] == [
        "示例镇〔2026〕0001号",
        "示例镇〔2026〕0002号",
    ]


def test_every_demo_case_is_what_the_services_would_have_written(demo_cases):
    """Replay each case's timeline through the workflow rules from 登记: every step must be
    allowed where it stands, and the case must end where it is stored."""
    db, _ = demo_cases
    with db.session() as session:
        stored = session.scalars(
            select(DisputeCase).options(
                selectinload(DisputeCase.steps),
                selectinload(DisputeCase.mediators),
                selectinload(DisputeCase.sessions),
                selectinload(DisputeCase.agreement),
                selectinload(DisputeCase.follow_ups),
                selectinload(DisputeCase.parties),
            )
        ).all()
        for case in stored:
            replay(case)


def replay(case: DisputeCase) -> None:
    steps = case.steps
    first = steps[0]
    assert (first.action, first.status_from, first.status_to) == ("register", None, "registered")
    assert case.received_on == first.at.date()
    status, level, outcome, concluded = CaseStatus.REGISTERED, None, None, None
    actions = Counter(Action(s.action) for s in steps)
    for before, step in pairwise(steps):
        assert before.at < step.at and step.at.date() < TODAY, case.number
        active = [
            m
            for m in case.mediators
            if m.assigned_at < step.at and (m.ended_at is None or m.ended_at >= step.at)
        ]
        state = CaseState(status, level, outcome, any(m.lead for m in active), bool(active))
        action = Action(step.action)
        assert (step.status_from, step.level_from) == (status, level), case.number
        status = case_workflow.check(action, state)
        if action in (Action.ROUTE, Action.ESCALATE, Action.TRANSFER):
            new = HandlingLevel(step.level_to)
            escalation = new is HandlingLevel.COUNTY or (level and new.rank > level.rank)
            kind = (
                Action.TRANSFER
                if new is HandlingLevel.TRANSFERRED
                else Action.ESCALATE
                if escalation
                else Action.ROUTE
            )
            assert action is kind, case.number
            level = new
            if new is HandlingLevel.TRANSFERRED:
                outcome, concluded = CaseOutcome.TRANSFERRED, step.at.date()
        if action is Action.SETTLE:
            outcome, concluded = CaseOutcome.SETTLED, step.at.date()
        if action is Action.CLOSE and step.status_from == CaseStatus.FAILED:
            outcome, concluded = CaseOutcome.NOT_SETTLED, step.at.date()
        if action in (Action.ESCALATE, Action.FAIL, Action.EXTEND, Action.REASSIGN):
            assert step.note, f"{case.number}: {action.label} needs a reason"
        assert (step.status_to, step.level_to) == (status, level), case.number
    assert (case.status, case.level) == (status, level), case.number
    assert case.outcome == outcome and case.concluded_on == concluded, case.number
    assert (case.original_due_on - case.received_on).days == DeadlineSettings().due_days
    assert (case.due_on != case.original_due_on) == (actions[Action.EXTEND] > 0)
    assert len(case.sessions) == actions[Action.SESSION]
    assert (case.agreement is not None) == (actions[Action.SETTLE] == 1)
    if case.agreement is not None:
        assert case.agreement.signed_on == case.concluded_on
    assert len(case.follow_ups) == actions[Action.FOLLOW_UP]
    assert len(case.mediators) == actions[Action.ASSIGN] + actions[Action.REASSIGN]
    assert sum(m.ended_at is not None for m in case.mediators) == actions[Action.REASSIGN]
    assert len(case.parties) >= 2


def test_demo_reporters_are_grid_workers_of_the_place_on_the_day(demo_cases):
    db, found = demo_cases
    reported = [c for c in found if c.reporter_id is not None]
    assert len(reported) > len(found) / 4
    with db.session() as session:
        units = {u.id: u for u in session.scalars(select(GridUnit))}
        posts = session.execute(
            select(
                Assignment.person_id,
                Assignment.unit_id,
                Role.name,
                Assignment.start_date,
                Assignment.end_date,
            ).join(Role)
        ).all()

    def village(unit_id):
        unit = units[unit_id]
        while unit.level != Level.VILLAGE:
            unit = units[unit.parent_id]
        return unit.id

    grid_roles = {"网格长", "专职网格员", "兼职网格员", "微网格员"}
    for case in reported:
        assert any(
            person == case.reporter_id
            and role in grid_roles
            and village(unit) == village(case.unit_id)
            and start <= case.received_on
            and (end is None or end > case.received_on)
            for person, unit, role, start, end in posts
        ), case.number


def test_demo_has_township_mediators_and_lawyers_with_specialties(demo_cases):
    db, found = demo_cases
    on_duty = mediators.list_mediators(db, today=TODAY)
    township = [m for m in on_duty if m.level is HandlingLevel.TOWNSHIP]
    assert {"人民调解员", "法律顾问"} <= {role for m in township for role in m.roles}
    lawyers = [m for m in on_duty if "法律顾问" in m.roles and m.level is HandlingLevel.VILLAGE]
    assert len({name for m in lawyers for name in m.unit_names}) == 12  # 一村一法律顾问
    assert all(m.specialties for m in on_duty)
    # every mediator put on a case held a mediator's post on the day
    with db.session() as session:
        rows = session.execute(select(CaseMediator.person_id, CaseMediator.assigned_at)).all()
        posts = session.execute(
            select(Assignment.person_id, Assignment.start_date, Assignment.end_date)
            .join(Role)
            .where(Role.name.in_(["人民调解员", "法律顾问"]))
        ).all()
    for person_id, assigned_at in rows:
        day = assigned_at.date()
        assert any(
            p == person_id and start <= day and (end is None or end > day)
            for p, start, end in posts
        )
    led = Counter(c.mediators[0].name for c in found if c.mediators)
    assert len(led) > 10  # the work is spread over many mediators


def test_demo_parties_are_people_and_organisations_with_valid_ids(demo_cases):
    _, found = demo_cases
    parties = [p for c in found for p in c.parties]
    kinds = Counter(p.kind for p in parties)
    assert kinds["organisation"] > 5 and kinds["person"] > len(found)
    with_id = [p for p in parties if p.citizen_id]
    assert 0 < len(with_id) < kinds["person"]
    for party in with_id:
        parse_citizen_id(party.citizen_id)
    assert all(p.citizen_id is None for p in parties if p.kind == "organisation")
    assert any("建筑" in p.name for p in parties if p.kind == "organisation")
    assert sum(bool(p.phone) for p in parties) > len(parties) / 2


# ---------------------------------------------------------------------------------- assessment

FIRST_MONTH = date(2025, 5, 1)  # 18 full months before November 2026
CURRENT_MONTH = date(2026, 11, 1)
LAST_APPROVED = date(2026, 8, 1)


def months_from(first: date, last: date) -> list[date]:
    found = []
    while first <= last:
        found.append(first)
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return found


@pytest.fixture(scope="module")
def demo_schemes(demo_people):
    db = demo_people[0]
    return db, {s.name: s for s in assessment_schemes.list_schemes(db)}


def test_demo_assesses_grid_workers_and_micro_grid_workers_under_their_own_schemes(demo_schemes):
    db, schemes = demo_schemes
    assert set(schemes) == {"网格员月度考核细则", "微网格员月度考核细则"}
    grid_scheme, micro = schemes["网格员月度考核细则"], schemes["微网格员月度考核细则"]
    assert set(grid_scheme.roles) == {"网格长", "专职网格员", "兼职网格员"}
    assert micro.roles == ("微网格员",)
    for scheme in schemes.values():
        scoring.check_scheme(scheme.spec())  # raises on any fault
        assert (scheme.start_month, scheme.version, scheme.frozen) == (FIRST_MONTH, 1, True)
        scored = (scoring.ItemKind.BONUS, scoring.ItemKind.VETO)
        assert sum(i.max_points for i in scheme.items if i.kind not in scored) == 100
    # the service's default scheme, with the demo's roles and a quota on 优秀
    default = assessment_schemes.default_scheme_draft(FIRST_MONTH)

    def without_keys(sections):
        return [(s.name, [replace(item, key="") for item in s.items]) for s in sections]

    assert without_keys(grid_scheme.sections) == without_keys(default.sections)
    assert grid_scheme.top_quota_percent == 20
    assert {item.kind for item in grid_scheme.items} == set(scoring.ItemKind)
    # no item pays per case reported (DESIGN.md: no quotas of events)
    assert not any(i.kind is scoring.ItemKind.AUTO for i in micro.items)
    assert not any(i.kind is scoring.ItemKind.AUTO and i.per_count for i in grid_scheme.items)
    with db.session() as session:
        in_force = assessment_schemes.roles_in_force(session, TODAY)
        role_ids = {r.name: r.id for r in session.scalars(select(Role))}
        for role, scheme in (
            ("专职网格员", grid_scheme),
            ("兼职网格员", grid_scheme),
            ("微网格员", micro),
        ):
            assert in_force[role_ids[role]].id == scheme.id


def test_demo_has_eighteen_months_of_scores_the_older_ones_approved(demo_schemes):
    db, schemes = demo_schemes
    township_id, _ = assessment_months.find_township(db)
    with db.session() as session:
        months = session.execute(select(AssessmentMonth.scheme_id, AssessmentMonth.month)).all()
    for scheme in schemes.values():
        assert sorted(m for s, m in months if s == scheme.id) == months_from(
            FIRST_MONTH, CURRENT_MONTH
        )

        def sheet(month, family=scheme.family_uid):
            return assessment_months.month_sheet(db, township_id, month, scheme_family=family)

        for month in months_from(FIRST_MONTH, LAST_APPROVED):
            approved = sheet(month)
            assert approved.month.status is MonthStatus.APPROVED and not approved.month.reopened
            submitted, approval = approved.month.events
            assert (submitted.action, approval.action) == (MonthAction.SUBMIT, MonthAction.APPROVE)
            assert month < submitted.at.date() < approval.at.date() < TODAY
            assert approved.rows and all(row.entries for row in approved.rows)
        corrected = sheet(date(2026, 9, 1))  # approved, then reopened for a correction
        assert corrected.month.status is MonthStatus.DRAFT and corrected.month.reopened
        assert [e.action for e in corrected.month.events] == list(MonthAction)
        assert "更正" in corrected.month.events[-1].note
        last = sheet(date(2026, 10, 1))
        assert last.month.status is MonthStatus.SUBMITTED
        assert last.month.events[-1].at.date() < TODAY
        assert all(row.entries for row in last.rows)
        current = sheet(CURRENT_MONTH)
        assert current.month.status is MonthStatus.DRAFT and not current.month.events
        filled = [bool(row.entries) for row in current.rows]
        assert any(filled) and not all(filled)  # some villages have sent their scores in
        for unlocked in (corrected, last, current):  # nothing that would stop a submission
            assert not [e for r in unlocked.rows for e in r.entries.values() if e.problem]


def test_demo_scores_look_like_a_township_s(demo_schemes):
    db, _ = demo_schemes
    with db.session() as session:
        results = session.execute(
            select(ScoreResult, AssessmentMonth.month).join(AssessmentMonth)
        ).all()
        notes = Counter(
            (item.kind, bool(entry.note))
            for entry, item in session.execute(
                select(ScoreEntry, SchemeItem)
                .join(AssessmentMonth, ScoreEntry.month_id == AssessmentMonth.id)
                .join(
                    SchemeItem,
                    (SchemeItem.scheme_id == AssessmentMonth.scheme_id)
                    & (SchemeItem.key == ScoreEntry.item_key),
                )
            )
        )
    totals = [r.total_tenths / 10 for r, _ in results]
    assert sum(75 <= total <= 95 for total in totals) > 0.85 * len(totals)
    grades = Counter(r.grade for r, _ in results)
    assert grades["良好"] > grades["合格"] > grades["不合格"] > 0 and grades["优秀"] > 0
    vetoes = [r for r, _ in results if r.veto]
    assert 1 <= len(vetoes) <= 3
    assert all(v.grade == "不合格" and v.total_tenths >= 600 for v in vetoes)  # despite the points
    # a few deductions and bonuses, each with the scorer's note; manual points for everyone
    assert notes[("manual", False)] > 10 * (notes[("deduction", True)] + notes[("bonus", True)])
    assert notes[("deduction", True)] > 0 and notes[("bonus", True)] > 0
    assert notes[("veto", True)] == len(vetoes)
    assert not notes[("deduction", False)] and not notes[("bonus", False)]
    # workers who joined or left during the period are scored for their months in post only
    scored = {(r.person_id, month) for r, month in results}
    first, last = FIRST_MONTH, LAST_APPROVED
    people = {person for person, _ in scored}
    assert any((p, first) in scored and (p, last) not in scored for p in people)
    assert any((p, first) not in scored and (p, last) in scored for p in people)


def results_of(db, month_id: int) -> dict[int, tuple]:
    with db.session() as session:
        return {
            r.person_id: (
                r.name,
                r.village,
                r.total_tenths,
                r.grade,
                r.rank,
                r.village_rank,
                r.veto,
                r.held_back_by_quota,
                json.loads(r.points),
                json.loads(r.figures),
            )
            for r in session.scalars(select(ScoreResult).where(ScoreResult.month_id == month_id))
        }


@pytest.fixture
def demo_copy(demo_people, tmp_path):
    """A copy of the module's demo to change (the SQLite backup API copies the WAL too)."""
    from desktop.db import open_database

    path = tmp_path / "copy.sqlite"
    with sqlite3.connect(demo_people[0].sqlite_path) as source, sqlite3.connect(path) as target:
        source.backup(target)
    db = open_database(f"sqlite:///{path}")
    yield db
    db.close()


def test_demo_results_are_what_approving_through_the_services_gives(demo_copy):
    """The demo writes approved months in bulk: reopening one, submitting and approving it again
    through the services must give the same results, figures from the cases included."""
    db = demo_copy
    with db.session() as session:
        vetoed = session.scalars(select(ScoreResult.month_id).where(ScoreResult.veto)).first()
        waiting = session.scalar(
            select(AssessmentMonth.id).where(AssessmentMonth.status == MonthStatus.SUBMITTED)
        )
    stored = results_of(db, vetoed)
    assert any(row[9]["cases_reported"] != "0" for row in stored.values())  # automatic items
    assessment_months.reopen(db, vetoed, "核对", actor="审核员", now=datetime(2026, 11, 20, 9))
    assessment_months.submit(db, vetoed, actor="考核员", now=datetime(2026, 11, 20, 10))
    assessment_months.approve(  # with today's roster and cases, not the kept ones
        db, vetoed, actor="审核员", refresh=True, now=datetime(2026, 11, 20, 11)
    )
    assert results_of(db, vetoed) == stored
    # the month awaiting review passes the service's checks as it stands
    assert assessment_months.approve(db, waiting, actor="审核员").status is MonthStatus.APPROVED
    assert results_of(db, waiting)


def test_same_seed_same_assessment(db, tmp_path):
    from desktop.db import open_database

    def totals(database):
        with database.session() as session:
            return session.execute(
                select(AssessmentMonth.month, ScoreResult.name, ScoreResult.total_tenths)
                .join(AssessmentMonth)
                .order_by(AssessmentMonth.month, ScoreResult.name, ScoreResult.total_tenths)
            ).all()

    started = time.perf_counter()
    counts = build_demo(db, seed=7, today=TODAY)
    took = time.perf_counter() - started
    print(f"build_demo: {took:.2f} s")  # reported, not asserted: machines differ
    assert counts["assessment_months"] == 18
    again = open_database(f"sqlite:///{tmp_path / 'again.sqlite'}")
    build_demo(again, seed=7, today=TODAY)
    assert totals(db) == totals(again)
    again.close()
