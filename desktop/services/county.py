"""What a county centre (县综治中心) reads of the townships its database holds (issue 9): each
township's assessment month side by side. The dispute figures are case_stats.county_figures.

A township's month counts only once it is approved (审核), as on the township's own papers; a
month not yet approved is listed with its state and no figures, so that the county sees who is
late rather than figures that may still change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.models import AssessmentMonth, GradeBandRow, GridUnit, ScoreResult
from desktop.services.assessment_months import MonthStatus
from desktop.services.lookups import list_townships
from desktop.vocabulary import Level

NOT_STARTED = "未开始"
COUNTY_TOTAL = "全县合计"


@dataclass(frozen=True)
class TownshipAssessment:
    code: str
    name: str
    state: str  # 已审核, 已提交, 草稿 or 未开始
    workers: int = 0
    average_tenths: int | None = None  # the mean total, rounded to a tenth of a point
    grades: dict[str, int] = field(default_factory=dict)  # grade → workers, best grade first


@dataclass(frozen=True)
class County:
    code: str
    name: str


def the_county(db: Database) -> County:
    """The county the database's townships belong to (NotFoundError when there is none)."""
    with db.session() as session:
        row = session.execute(
            select(GridUnit.code, GridUnit.name)
            .where(GridUnit.level == Level.COUNTY.value)
            .order_by(GridUnit.code)
            .limit(1)
        ).first()
    if row is None:
        raise NotFoundError("数据库中还没有县(区)")
    return County(row.code, row.name)


def county_assessment(db: Database, month: date) -> tuple[TownshipAssessment, ...]:
    """Every township's assessment of `month`, by township code. Where a township keeps several
    schemes in one month (families), their approved results are taken together."""
    month = month.replace(day=1)
    townships = list_townships(db)
    with db.session() as session:
        states: dict[int, set[str]] = {}
        for township_id, status in session.execute(
            select(AssessmentMonth.township_id, AssessmentMonth.status).where(
                AssessmentMonth.month == month
            )
        ):
            states.setdefault(township_id, set()).add(status)
        approved = (
            select(AssessmentMonth.township_id, ScoreResult.grade, ScoreResult.total_tenths)
            .join(ScoreResult, ScoreResult.month_id == AssessmentMonth.id)
            .where(
                AssessmentMonth.month == month,
                AssessmentMonth.status == MonthStatus.APPROVED.value,
            )
            .subquery()
        )
        rows = session.execute(
            select(
                approved.c.township_id,
                approved.c.grade,
                func.count(),
                func.sum(approved.c.total_tenths),
            ).group_by(approved.c.township_id, approved.c.grade)
        ).all()
        # Grades best first, as the schemes rank them (a vetoed worker's grade is the lowest,
        # whatever the points).
        order = dict(
            session.execute(
                select(GradeBandRow.grade, func.min(GradeBandRow.position)).group_by(
                    GradeBandRow.grade
                )
            ).all()
        )
    rows = sorted(rows, key=lambda row: (row[0], order.get(row[1], len(order)), row[1]))
    grades: dict[int, dict[str, int]] = {}
    totals: dict[int, int] = {}
    for township_id, grade, count, total in rows:
        grades.setdefault(township_id, {})[grade] = count
        totals[township_id] = totals.get(township_id, 0) + int(total)  # PostgreSQL: a Decimal
    result = []
    for township in townships:
        counted = grades.get(township.id, {})
        workers = sum(counted.values())
        result.append(
            TownshipAssessment(
                township.code,
                township.name,
                state=_state(states.get(township.id, set())),
                workers=workers,
                average_tenths=round(totals[township.id] / workers) if workers else None,
                grades=counted,
            )
        )
    return tuple(result)


def _state(statuses: set[str]) -> str:
    """The least advanced state of a township's month (several schemes may be at different ones)."""
    for status in (MonthStatus.DRAFT, MonthStatus.SUBMITTED, MonthStatus.APPROVED):
        if status.value in statuses:
            return status.label
    return NOT_STARTED


def county_total(assessed: tuple[TownshipAssessment, ...]) -> TownshipAssessment:
    """The county's line: the approved months taken together (a worker counts once, in the
    average too); townships not yet approved add nothing."""
    counted = [row for row in assessed if row.workers]
    workers = sum(row.workers for row in counted)
    grades: dict[str, int] = {}
    for name in grade_names(assessed):
        grades[name] = sum(row.grades.get(name, 0) for row in assessed)
    average = (
        round(sum(row.average_tenths * row.workers for row in counted) / workers)
        if workers
        else None
    )
    return TownshipAssessment("", COUNTY_TOTAL, "", workers, average, grades)


def grade_names(assessed: tuple[TownshipAssessment, ...]) -> list[str]:
    """The grades given anywhere, best first as the townships' schemes rank them."""
    return list(dict.fromkeys(name for row in assessed for name in row.grades))


def assessment_cells(row: TownshipAssessment, grades: list[str]) -> tuple[str, ...]:
    """A line of the townships' table as printed and shown: name, state, workers, average and
    the workers of each grade."""
    total = row.name == COUNTY_TOTAL
    return (
        row.name,
        row.state,
        str(row.workers) if row.workers or total else "—",
        points(row.average_tenths),
        *(str(row.grades.get(name, 0)) for name in grades),
    )


def points(tenths: int | None) -> str:
    return "—" if tenths is None else f"{tenths / 10:.1f}"
