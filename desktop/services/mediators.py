"""Mediators: who they are, what they are good at, who fits a case best, and their workload.

A mediator is a person holding the 人民调解员 or 法律顾问 role now. Their committee level follows
from where they hold it: at the township (or county) they sit on the township committee,
anywhere below on a village committee.

How candidates for a case are ranked (the dialog shows each reason with its points):
- area: for a case handled at village level, a mediator of the same village  +50
- specialty: the case's category is one of theirs                             +30
- level: their committee matches the level the case is handled at             +20
  (a case not yet routed counts as village level when it happened in a village)
- workload: each open case they already carry                                −5 (at most −30)
Ties go to the lighter workload, then by name. A mediator who is a party to the case (same
citizen ID) is excluded (回避) and listed last with the reason; one who holds a post in the
grid or micro-grid a party belongs to (see cases.register_case), or shares a party's name (and
no two ID numbers tell them apart), is flagged for the clerk to judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select

from desktop.db import Database
from desktop.errors import NotFoundError, RefusedError, ValidationError
from desktop.models import (
    Assignment,
    CaseCategory,
    CaseMediator,
    DisputeCase,
    GridUnit,
    MediatorSpecialty,
    Person,
    Role,
)
from desktop.models.base import now as current_time
from desktop.services import access, cases, pinyin
from desktop.services.access import Permission
from desktop.services.case_workflow import OPEN_STATES, Action
from desktop.services.identity import mask_id
from desktop.services.text import clean_text
from desktop.vocabulary import MEDIATOR_ROLES, HandlingLevel, Level

AREA_POINTS = 50
SPECIALTY_POINTS = 30
LEVEL_POINTS = 20
WORKLOAD_POINTS = -5
WORKLOAD_FLOOR = -30
DEPARTED = "已离任"  # the committee column of someone no longer in a mediator post


@dataclass(frozen=True)
class MediatorInfo:
    person_id: int
    name: str
    citizen_id: str | None
    level: HandlingLevel  # VILLAGE or TOWNSHIP committee
    unit_names: tuple[str, ...]  # where they hold the mediator role
    village_ids: frozenset[int]  # villages they serve (or belong to by any post)
    unit_ids: frozenset[int]  # every unit of their current posts
    roles: tuple[str, ...]
    specialty_ids: frozenset[int]
    specialties: tuple[str, ...]
    open_cases: int

    @property
    def committee(self) -> str:
        return "镇人民调解委员会" if self.level is HandlingLevel.TOWNSHIP else "村人民调解委员会"


@dataclass(frozen=True)
class Candidate:
    mediator: MediatorInfo
    points: int
    reasons: tuple[str, ...]  # "同村 +50", "擅长邻里 +30" …
    excluded: str | None = None  # 回避: why they may not take the case
    flags: tuple[str, ...] = ()  # for the clerk to judge

    @property
    def eligible(self) -> bool:
        return self.excluded is None


@dataclass(frozen=True)
class WorkloadRow:
    person_id: int
    name: str
    committee: str
    open: int
    overdue: int
    closed_this_month: int


def list_mediators(db: Database, *, today: date | None = None) -> list[MediatorInfo]:
    """Everyone who holds a mediator role today, by name."""
    today = today or date.today()
    with db.session() as session:
        units = {u.id: u for u in session.scalars(select(GridUnit))}
        posts = session.execute(
            select(Assignment.person_id, Assignment.unit_id, Role.name)
            .join(Role, Role.id == Assignment.role_id)
            .where(
                Assignment.start_date <= today,
                (Assignment.end_date.is_(None)) | (Assignment.end_date > today),
            )
        ).all()
        mediator_posts: dict[int, list[tuple[int, str]]] = {}
        all_posts: dict[int, list[int]] = {}
        for person_id, unit_id, role in posts:
            all_posts.setdefault(person_id, []).append(unit_id)
            if role in MEDIATOR_ROLES:
                mediator_posts.setdefault(person_id, []).append((unit_id, role))
        if not mediator_posts:
            return []
        people = {
            p.id: p
            for p in session.scalars(select(Person).where(Person.id.in_(list(mediator_posts))))
        }
        categories = dict(session.execute(select(CaseCategory.id, CaseCategory.name)).all())
        specialties: dict[int, set[int]] = {}
        for person_id, category_id in session.execute(
            select(MediatorSpecialty.person_id, MediatorSpecialty.category_id)
        ):
            specialties.setdefault(person_id, set()).add(category_id)
        open_counts = _open_case_counts(session)

        result = []
        for person_id, held in mediator_posts.items():
            person = people[person_id]
            levels = {units[unit_id].level for unit_id, _ in held}
            level = (
                HandlingLevel.TOWNSHIP
                if levels & {Level.TOWNSHIP.value, Level.COUNTY.value}
                else HandlingLevel.VILLAGE
            )
            post_units = set(all_posts[person_id])
            villages = {
                v.id
                for v in (cases.unit_above(units[u], Level.VILLAGE) for u in post_units)
                if v is not None
            }
            mine = specialties.get(person_id, set())
            result.append(
                MediatorInfo(
                    person_id=person_id,
                    name=person.name,
                    citizen_id=person.citizen_id,
                    level=level,
                    unit_names=tuple(sorted({units[u].name for u, _ in held})),
                    village_ids=frozenset(villages),
                    unit_ids=frozenset(post_units),
                    roles=tuple(sorted({role for _, role in held})),
                    specialty_ids=frozenset(mine),
                    specialties=tuple(categories[c] for c in sorted(mine)),
                    open_cases=open_counts.get(person_id, 0),
                )
            )
        # As a clerk looks names up: by pinyin (陈 before 王), not by code point.
        return sorted(result, key=lambda m: (pinyin.initials(m.name), m.name, m.person_id))


def set_specialties(db: Database, person_id: int, category_ids: list[int]) -> None:
    access.require(db, Permission.SETTINGS)
    with db.session() as session:
        if session.get(Person, person_id) is None:
            raise NotFoundError("该人员不存在（可能已被删除）")
        known = set(session.scalars(select(CaseCategory.id)))
        unknown = set(category_ids) - known
        if unknown:
            raise ValidationError({"specialties": "有的纠纷类别不存在，请重新选择"})
        session.execute(delete(MediatorSpecialty).where(MediatorSpecialty.person_id == person_id))
        session.add_all(
            MediatorSpecialty(person_id=person_id, category_id=c) for c in sorted(set(category_ids))
        )


def rank_candidates(db: Database, case_id: int, *, today: date | None = None) -> list[Candidate]:
    """Every mediator for the case, best first; those who must step aside (回避) last."""
    today = today or date.today()
    mediators = list_mediators(db, today=today)
    with db.session() as session:
        case = cases.load_case(session, case_id)
        units = {u.id: u for u in session.scalars(select(GridUnit))}
        case_village = cases.unit_above(units[case.unit_id], Level.VILLAGE)
        level = (
            HandlingLevel(case.level)
            if case.level
            else HandlingLevel.VILLAGE
            if case_village is not None
            else HandlingLevel.TOWNSHIP
        )
        category = case.category.name
        category_id = case.category_id
        parties = [(p.name, p.citizen_id, p.unit_id) for p in case.parties]
        on_case = {m.person_id for m in case.mediators if m.ended_at is None}

    candidates = []
    for mediator in mediators:
        if mediator.person_id in on_case:
            continue
        points, reasons = 0, []
        same_village = case_village is not None and case_village.id in mediator.village_ids
        if level is HandlingLevel.VILLAGE and same_village:
            points += AREA_POINTS
            reasons.append(f"同村（{case_village.name}） +{AREA_POINTS}")
        if category_id in mediator.specialty_ids:
            points += SPECIALTY_POINTS
            reasons.append(f"擅长{category} +{SPECIALTY_POINTS}")
        if mediator.level is level:
            points += LEVEL_POINTS
            reasons.append(f"{mediator.committee}，适合{level.label}案件 +{LEVEL_POINTS}")
        if mediator.open_cases:
            load = max(WORKLOAD_FLOOR, WORKLOAD_POINTS * mediator.open_cases)
            points += load
            reasons.append(f"在办 {mediator.open_cases} 件 {load}")
        excluded, flags = _conflicts(mediator, parties, units)
        candidates.append(Candidate(mediator, points, tuple(reasons), excluded, tuple(flags)))
    return sorted(
        candidates,
        key=lambda c: (not c.eligible, -c.points, c.mediator.open_cases, c.mediator.name),
    )


def _conflicts(
    mediator: MediatorInfo, parties: list[tuple[str, str | None, int | None]], units
) -> tuple[str | None, list[str]]:
    excluded, flags = None, []
    for name, citizen_id, unit_id in parties:
        if citizen_id and citizen_id == mediator.citizen_id:
            excluded = f"本人是当事人（{name}，{mask_id(citizen_id)}），应当回避"
        elif name == mediator.name and not (citizen_id and mediator.citizen_id):
            # Two different ID numbers settle it; without one, only the clerk can tell.
            flags.append(f"与当事人“{name}”同名，请核实是否本人")
        if unit_id is not None and unit_id in mediator.unit_ids:
            unit = units.get(unit_id)
            if unit is not None and unit.level in (Level.MICRO.value, Level.GRID.value):
                flags.append(f"与当事人“{name}”同属{Level(unit.level).label}“{unit.name}”")
    return excluded, flags


def assign(
    db: Database,
    case_id: int,
    person_id: int,
    *,
    lead: bool = True,
    actor: str,
    note: str = "",
    now: datetime | None = None,
    today: date | None = None,
) -> cases.CaseInfo:
    """Put a mediator on the case, as lead or second. A mediator who must step aside is refused;
    a taken place is refused too (use `reassign`, which keeps the history)."""
    access.require(db, Permission.EDIT)
    now = now or current_time()
    candidate = _candidate(db, case_id, person_id, today or now.date())

    def change(session, case: DisputeCase, now: datetime) -> str:
        current = [m for m in case.mediators if m.ended_at is None]
        if any(m.person_id == person_id for m in current):
            raise RefusedError(f"{candidate.mediator.name}已是本案调解员")
        taken = [m for m in current if m.lead == lead]
        if taken:
            place = "主调解员" if lead else "协助调解员"
            raise RefusedError(f"本案已有{place}{taken[0].person.name}，如需调整请用“更换调解员”")
        case.mediators.append(CaseMediator(person_id=person_id, lead=lead, assigned_at=now))
        said = f"{'主' if lead else '协助'}调解员：{candidate.mediator.name}"
        return "；".join([said, *candidate.flags])

    return cases.take_mediator_step(
        db, case_id, Action.ASSIGN, change, actor=actor, note=note, now=now
    )


def reassign(
    db: Database,
    case_id: int,
    old_person_id: int,
    new_person_id: int,
    *,
    reason: str,
    actor: str,
    now: datetime | None = None,
    today: date | None = None,
) -> cases.CaseInfo:
    """Replace a mediator on the case; the old assignment stays in the history with the reason."""
    access.require(db, Permission.EDIT)
    if not reason.strip():
        raise ValidationError({"reason": "更换调解员须写明理由"})
    now = now or current_time()
    candidate = _candidate(db, case_id, new_person_id, today or now.date())

    def change(session, case: DisputeCase, now: datetime) -> str:
        current = [m for m in case.mediators if m.ended_at is None]
        old = next((m for m in current if m.person_id == old_person_id), None)
        if old is None:
            raise RefusedError("要更换的调解员不在本案上")
        if any(m.person_id == new_person_id for m in current):
            raise RefusedError(f"{candidate.mediator.name}已是本案调解员")
        old.ended_at = now
        old.end_reason = clean_text(reason)[:200]
        case.mediators.append(CaseMediator(person_id=new_person_id, lead=old.lead, assigned_at=now))
        said = f"{old.person.name} → {candidate.mediator.name}"
        return "；".join([said, *candidate.flags])

    return cases.take_mediator_step(
        db, case_id, Action.REASSIGN, change, actor=actor, note=reason, now=now
    )


def _candidate(db: Database, case_id: int, person_id: int, today: date) -> Candidate:
    for candidate in rank_candidates(db, case_id, today=today):
        if candidate.mediator.person_id == person_id:
            if candidate.excluded:
                raise RefusedError(f"{candidate.mediator.name}不能调解本案：{candidate.excluded}")
            return candidate
    raise RefusedError("此人不是在任的人民调解员或法律顾问，或已在本案上")


def workload(db: Database, *, today: date | None = None) -> list[WorkloadRow]:
    """Per mediator: open cases, of which overdue, and cases concluded this month; people no
    longer in a mediator post are listed (as 已离任) while they are still on open cases."""
    today = today or date.today()
    month_start = today.replace(day=1)
    mediators = list_mediators(db, today=today)
    open_values = [s.value for s in OPEN_STATES]
    with db.session() as session:
        rows = session.execute(
            select(
                CaseMediator.person_id,
                DisputeCase.status,
                DisputeCase.due_on,
                DisputeCase.concluded_on,
            )
            .join(DisputeCase, DisputeCase.id == CaseMediator.case_id)
            .where(CaseMediator.ended_at.is_(None))
        ).all()
    figures: dict[int, list[int]] = {}
    for person_id, status, due_on, concluded_on in rows:
        counts = figures.setdefault(person_id, [0, 0, 0])
        if status in open_values:
            counts[0] += 1
            if due_on < today:
                counts[1] += 1
        elif concluded_on is not None and month_start <= concluded_on <= today:
            counts[2] += 1
    rows = [
        WorkloadRow(m.person_id, m.name, m.committee, *figures.get(m.person_id, [0, 0, 0]))
        for m in mediators
    ]
    # Someone who has left the post may still be on open cases: those are the ones to reassign.
    in_post = {m.person_id for m in mediators}
    departed = [p for p, counts in figures.items() if p not in in_post and counts[0]]
    if departed:
        with db.session() as session:
            names = dict(
                session.execute(select(Person.id, Person.name).where(Person.id.in_(departed))).all()
            )
        rows += [WorkloadRow(p, names[p], DEPARTED, *figures[p]) for p in departed]
    return rows


def _open_case_counts(session) -> dict[int, int]:
    open_values = [s.value for s in OPEN_STATES]
    rows = session.execute(
        select(CaseMediator.person_id)
        .join(DisputeCase, DisputeCase.id == CaseMediator.case_id)
        .where(CaseMediator.ended_at.is_(None), DisputeCase.status.in_(open_values))
    ).all()
    counts: dict[int, int] = {}
    for (person_id,) in rows:
        counts[person_id] = counts.get(person_id, 0) + 1
    return counts
