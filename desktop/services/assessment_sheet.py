"""Who is on a month's sheet and how their rows are scored (for assessment_months).

- In post: an assignment, in the township's subtree, that overlaps the month — started by its
  last day and not ended by its first (end dates are exclusive, as in the roster) — under a role
  for which the month's scheme family is in force that month (assessment_schemes.roles_in_force:
  a role another scheme has taken over is not on this sheet). A worker with several such posts
  is listed once, in the village of the latest.
- One sheet per person: someone holding roles of two schemes (a 专职网格员 who is also a 联户长
  under the micro-grid scheme) is on the sheet of their role that comes first in the role
  catalogue (Role.sort_order: 网格长 and 专职网格员 before 微网格员), so that nobody is scored, or
  paid, twice in a month.
- A month not approved is scored live: entries, automatic figures (assessment_figures) and
  scoring.score_month. An approved month is read from its results as approved. A reopened month
  keeps the staff list and figures it was approved with (its results stay until it is approved
  again), so that correcting one entry does not re-score everyone with today's roster and cases;
  approval with `refresh` takes today's instead.
- An entry that the scheme no longer accepts (its maximum lowered since, say) still shows, with
  its `problem`, and counts as not entered until it is corrected.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.models import (
    AssessmentMonth,
    Assignment,
    GridUnit,
    Person,
    Role,
    ScoreEntry,
    ScoreResult,
)
from desktop.services import scoring
from desktop.services.assessment_figures import figures_in
from desktop.services.assessment_schemes import (
    SchemeInfo,
    from_tenths,
    load_info,
    roles_in_force,
)
from desktop.services.dates import check_day
from desktop.services.identity import to_half_width
from desktop.services.lookups import subtree_ids
from desktop.services.pinyin import initials
from desktop.services.scoring import ItemKind, ItemSpec, WorkerInput, WorkerScore
from desktop.vocabulary import Level

YES = frozenset({"是", "有", "否决", "y", "yes", "true", "1", "√", "✓"})
NO = frozenset({"否", "无", "n", "no", "false", "0", "×", "✗"})


@dataclass(frozen=True)
class EntryInfo:
    value: Decimal | int | bool  # points (manual), a count, yes/no (veto)
    note: str
    entered_by: str
    problem: str = ""  # why the scheme no longer accepts it; it then counts as not entered


@dataclass(frozen=True)
class SheetRow:
    person_id: int
    name: str
    village: str
    roles: str  # 专职网格员、网格长
    joined: date | None  # the start of the post, when within the month
    left: date | None  # the end of the post, when within the month
    entries: dict[str, EntryInfo]  # item key → entry
    figures: dict[str, Decimal]  # metric → figure
    score: WorkerScore


def month_bounds(first: date) -> tuple[date, date]:
    """The first and last day of the month that starts on `first`."""
    check_day(first, "月份", "month")
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


@dataclass(frozen=True)
class Worker:
    person_id: int
    name: str
    village: str
    village_code: str
    roles: str
    joined: date | None
    left: date | None


def workers_in_post(
    session: Session, record: AssessmentMonth, scheme: SchemeInfo
) -> dict[int, Worker]:
    """person id → the worker in post in the month under the roles the month's scheme family is
    in force for, and on no other family's sheet (see the module docstring)."""
    start, end = month_bounds(record.month)
    units = {
        row.id: row
        for row in session.execute(
            select(GridUnit.id, GridUnit.parent_id, GridUnit.level, GridUnit.name, GridUnit.code)
        )
    }
    inside = subtree_ids(((u.id, u.parent_id) for u in units.values()), record.township_id)
    family_of = {role: s.family_uid for role, s in roles_in_force(session, record.month).items()}
    posts = session.execute(
        select(
            Assignment.person_id,
            Person.name,
            Role.id,
            Role.name,
            Role.sort_order,
            Assignment.unit_id,
            Assignment.start_date,
            Assignment.end_date,
        )
        .join(Person, Assignment.person_id == Person.id)
        .join(Role, Assignment.role_id == Role.id)
        .where(
            Assignment.role_id.in_(family_of),
            Assignment.unit_id.in_(inside),
            Assignment.start_date <= end,
            or_(Assignment.end_date.is_(None), Assignment.end_date > start),
        )
        .order_by(Assignment.start_date, Assignment.id)
    ).all()
    first_role: dict[int, tuple[int, int]] = {}  # person id → (sort order, role id)
    for post in posts:
        first_role[post.person_id] = min(
            first_role.get(post.person_id, (post.sort_order, post.id)), (post.sort_order, post.id)
        )
    roles: dict[int, list[str]] = defaultdict(list)
    workers: dict[int, Worker] = {}
    for person_id, name, role_id, role, _order, unit_id, began, ended in posts:
        if family_of[role_id] != record.family_uid:
            continue
        if family_of[first_role[person_id][1]] != record.family_uid:
            continue  # on the sheet of their first role's scheme
        roles[person_id].append(role)
        village = village_of(units, unit_id)
        workers[person_id] = Worker(  # the latest post wins
            person_id=person_id,
            name=name,
            village=village.name,
            village_code=village.code,
            roles="、".join(dict.fromkeys(roles[person_id])),
            joined=began if began >= start else None,
            left=ended if ended is not None and ended <= end else None,
        )
    return workers


def staff(session: Session, record: AssessmentMonth, scheme: SchemeInfo) -> dict[int, Worker]:
    """Who is on the month's sheet: those in post, or for a reopened month the staff it was
    approved with (see the module docstring)."""
    in_post = workers_in_post(session, record, scheme)
    kept = kept_results(session, record)
    if not kept:
        return in_post
    return {
        result.person_id: in_post.get(result.person_id)
        or Worker(result.person_id, result.name, result.village, result.village, "", None, None)
        for result in kept
    }


def kept_results(session: Session, record: AssessmentMonth) -> list[ScoreResult]:
    """The results a month keeps: as approved, or as last approved while it is reopened."""
    if record.id is None:
        return []
    return list(session.scalars(select(ScoreResult).where(ScoreResult.month_id == record.id)))


def village_of(units: dict[int, Row], unit_id: int) -> Row:
    """The village (or community) a unit lies in, from rows of (id, parent_id, level, name,
    code); the township itself for township posts."""
    unit = units[unit_id]
    while unit.level not in (Level.VILLAGE.value, Level.TOWNSHIP.value) and unit.parent_id:
        unit = units[unit.parent_id]
    return unit


def read_entries(
    session: Session, month_id: int | None, scheme: SchemeInfo
) -> dict[int, dict[str, EntryInfo]]:
    """person id → item key → entry, for the items of `scheme` (entries of items that only
    another version has are kept in the database, not shown)."""
    items = {item.key: item for item in scheme.items}
    found: dict[int, dict[str, EntryInfo]] = defaultdict(dict)
    if month_id is None:  # a month not opened yet has no entries
        return found
    for entry in session.scalars(select(ScoreEntry).where(ScoreEntry.month_id == month_id)):
        item = items.get(entry.item_key)
        if item is not None and item.kind is not ItemKind.AUTO:
            found[entry.person_id][entry.item_key] = entry_info(entry, item)
    return found


def entry_info(entry: ScoreEntry, item: ItemSpec) -> EntryInfo:
    if item.kind is ItemKind.MANUAL:
        value: Decimal | int | bool = from_tenths(entry.points_tenths or 0)
    elif item.kind is ItemKind.VETO:
        value = bool(entry.count)
    else:
        value = entry.count or 0
    try:
        scoring.item_points(item, value, {})
    except ValidationError as refused:
        return EntryInfo(value, entry.note, entry.entered_by, "；".join(refused.fields.values()))
    return EntryInfo(value, entry.note, entry.entered_by)


def live_rows(
    session: Session, record: AssessmentMonth, *, refresh: bool = False
) -> list[SheetRow]:
    """The month scored from its entries now; `refresh`: with today's roster and figures even
    when the month keeps those it was approved with."""
    scheme = load_info(session, record.scheme_id)
    kept = [] if refresh else kept_results(session, record)
    workers = (
        workers_in_post(session, record, scheme) if refresh else staff(session, record, scheme)
    )
    entries = read_entries(session, record.id, scheme)
    start, end = month_bounds(record.month)
    if kept:
        figures = {r.person_id: _figures(r) for r in kept}
    else:
        figures = figures_in(session, record.township_id, start, end, workers)
    inputs = [
        WorkerInput(
            person_id=w.person_id,
            name=w.name,
            village=w.village,
            entries={
                key: entry.value for key, entry in entries[w.person_id].items() if not entry.problem
            },
            figures=figures[w.person_id],
        )
        for w in workers.values()
    ]
    scores = {s.person_id: s for s in scoring.score_month(scheme.spec(), inputs)}
    rows = [
        SheetRow(
            person_id=w.person_id,
            name=w.name,
            village=w.village,
            roles=w.roles,
            joined=w.joined,
            left=w.left,
            entries=entries[w.person_id],
            figures=figures[w.person_id],
            score=scores[w.person_id],
        )
        for w in workers.values()
    ]
    order = {w.person_id: (w.village_code, initials(w.name), w.name) for w in workers.values()}
    return sorted(rows, key=lambda row: order[row.person_id])


def frozen_rows(session: Session, record: AssessmentMonth) -> list[SheetRow]:
    """An approved month as approved: its workers, points and grades, whatever changed since."""
    scheme = load_info(session, record.scheme_id)
    entries = read_entries(session, record.id, scheme)
    results = kept_results(session, record)
    workers = workers_in_post(session, record, scheme)  # for roles and dates, while still known
    codes = {w.village: w.village_code for w in workers.values()}
    rows = []
    for result in results:
        worker = workers.get(result.person_id)
        points = {key: from_tenths(t) for key, t in json.loads(result.points).items()}
        total = from_tenths(result.total_tenths)
        rows.append(
            SheetRow(
                person_id=result.person_id,
                name=result.name,
                village=result.village,
                roles=worker.roles if worker else "",
                joined=worker.joined if worker else None,
                left=worker.left if worker else None,
                entries=entries[result.person_id],
                figures=_figures(result),
                score=WorkerScore(
                    person_id=result.person_id,
                    name=result.name,
                    village=result.village,
                    points=points,
                    total=total,
                    veto=result.veto,
                    grade=result.grade,
                    rank=result.rank,
                    village_rank=result.village_rank,
                    held_back_by_quota=result.held_back_by_quota,
                    bonus_trimmed=sum(points.values(), Decimal(0)) - total,
                ),
            )
        )
    return sorted(rows, key=lambda r: (codes.get(r.village, r.village), initials(r.name), r.name))


def _figures(result: ScoreResult) -> dict[str, Decimal]:
    return {metric: Decimal(f) for metric, f in json.loads(result.figures or "{}").items()}


def parse_entry(item: ItemSpec, value: str | Decimal | int | bool | None):
    """What the scorer typed, as scoring takes it; anything unreadable is passed on as it is,
    so that scoring.item_points refuses it with the cell's message."""
    if value is None or isinstance(value, bool | int | Decimal):
        return value
    text = to_half_width(str(value)).strip().lower()
    if not text:
        return None
    if item.kind is ItemKind.VETO:
        if text in YES:
            return True
        if text in NO:
            return False
        return text
    try:
        number = Decimal(text)
    except ArithmeticError:
        return text
    if not number.is_finite():
        return text
    return int(number) if item.kind is not ItemKind.MANUAL and number % 1 == 0 else number
