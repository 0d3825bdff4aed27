from collections import Counter
from datetime import date
from itertools import pairwise

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desktop.errors import RefusedError
from desktop.models import Assignment, CaseMediator, DisputeCase, GridUnit, Level, Role
from desktop.services import case_workflow, cases, grid, mediators, roster
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
