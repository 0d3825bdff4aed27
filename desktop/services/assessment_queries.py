"""What the 考核 page asks of assessment besides assessment_months: rescoring a sheet after an
entry without reading the database again, the schemes a month can be scored with, and one
worker's approved months. (A pasted block is written by assessment_months.set_entries, cell by
cell.)

Rescoring follows assessment_sheet.live_rows: an entry with a `problem` counts as not entered,
figures are those the sheet was read with (automatic items change only when the cases do, and
the page reads the sheet afresh when it is shown again).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from desktop.db import Database
from desktop.models import AssessmentMonth, AssessmentScheme, ScoreResult
from desktop.services import scoring
from desktop.services.assessment_months import MonthSheet, MonthStatus, get_sheet
from desktop.services.assessment_schemes import from_tenths, schemes_in_force
from desktop.services.assessment_sheet import EntryInfo
from desktop.services.pinyin import initials
from desktop.services.scoring import WorkerInput

Cell = tuple[int, str]  # (person id, item key)


def with_entries(sheet: MonthSheet, changes: Mapping[Cell, EntryInfo | None]) -> MonthSheet:
    """The sheet with `changes` applied (None: the cell was cleared) and every row rescored —
    totals, grades and both ranks — by scoring.score_month, as the service would score it."""
    rows = []
    for row in sheet.rows:
        entries = dict(row.entries)
        for (person_id, key), entry in changes.items():
            if person_id != row.person_id:
                continue
            if entry is None:
                entries.pop(key, None)
            else:
                entries[key] = entry
        rows.append(replace(row, entries=entries))
    inputs = [
        WorkerInput(
            person_id=row.person_id,
            name=row.name,
            village=row.village,
            entries={key: e.value for key, e in row.entries.items() if not e.problem},
            figures=row.figures,
        )
        for row in rows
    ]
    scores = {s.person_id: s for s in scoring.score_month(sheet.month.scheme.spec(), inputs)}
    return replace(sheet, rows=tuple(replace(row, score=scores[row.person_id]) for row in rows))


@dataclass(frozen=True)
class SchemeChoice:
    family_uid: str
    label: str


def schemes_for_month(db: Database, township_id: int, month: date) -> list[SchemeChoice]:
    """The schemes the township's month can be scored with: those in force that month and those
    a month record already uses (as assessment_months.open_month accepts them)."""
    first = month.replace(day=1)
    with db.session() as session:
        choices = {s.family_uid: s.name for s in schemes_in_force(session, first)}
        used = session.execute(
            select(AssessmentMonth.family_uid, AssessmentScheme.name)
            .join(AssessmentScheme, AssessmentMonth.scheme_id == AssessmentScheme.id)
            .where(AssessmentMonth.township_id == township_id, AssessmentMonth.month == first)
        ).all()
    for family, name in used:
        choices.setdefault(family, name)
    return [SchemeChoice(family, name) for family, name in choices.items()]


@dataclass(frozen=True)
class HistoryPoint:
    month_id: int
    month: date
    scheme: str
    village: str
    total: Decimal
    grade: str
    rank: int
    village_rank: int
    veto: bool
    workers: int  # how many were ranked that month


@dataclass(frozen=True)
class AssessedWorker:
    person_id: int
    name: str
    village: str  # as in the latest approved month


def assessed_workers(db: Database) -> list[AssessedWorker]:
    """Everyone with at least one approved month, by name."""
    with db.session() as session:
        rows = session.execute(
            select(ScoreResult.person_id, ScoreResult.name, ScoreResult.village)
            .join(AssessmentMonth, ScoreResult.month_id == AssessmentMonth.id)
            .where(AssessmentMonth.status == MonthStatus.APPROVED.value)
            .order_by(AssessmentMonth.month)
        ).all()
    latest = {
        person_id: AssessedWorker(person_id, name, village) for person_id, name, village in rows
    }
    return sorted(latest.values(), key=lambda w: (initials(w.name), w.name, w.person_id))


def worker_history(db: Database, person_id: int) -> list[HistoryPoint]:
    """The worker's approved months, oldest first: total, grade and ranks as approved."""
    with db.session() as session:
        counts = dict(
            session.execute(
                select(ScoreResult.month_id, func.count()).group_by(ScoreResult.month_id)
            ).all()
        )
        rows = session.execute(
            select(ScoreResult, AssessmentMonth.month, AssessmentScheme.name)
            .join(AssessmentMonth, ScoreResult.month_id == AssessmentMonth.id)
            .join(AssessmentScheme, AssessmentMonth.scheme_id == AssessmentScheme.id)
            .where(
                ScoreResult.person_id == person_id,
                AssessmentMonth.status == MonthStatus.APPROVED.value,
            )
            .order_by(AssessmentMonth.month, AssessmentScheme.name)
        ).all()
        return [
            HistoryPoint(
                month_id=result.month_id,
                month=month,
                scheme=scheme,
                village=result.village,
                total=from_tenths(result.total_tenths),
                grade=result.grade,
                rank=result.rank,
                village_rank=result.village_rank,
                veto=result.veto,
                workers=counts[result.month_id],
            )
            for result, month, scheme in rows
        ]


def grade_counts(db: Database, month_id: int) -> dict[str, int]:
    """How many workers got each grade in the month, best grade first (grades nobody got: 0)."""
    sheet = get_sheet(db, month_id)
    return scoring.grade_distribution(sheet.scores, sheet.month.scheme.bands)
