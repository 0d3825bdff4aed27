"""What the 考核 page asks of assessment besides assessment_months: many cells written at once
(a pasted block), rescoring a sheet after an entry without reading the database again, the
schemes a month can be scored with, and one worker's approved months.

Rescoring follows assessment_sheet.live_rows: an entry with a `problem` counts as not entered,
figures are those the sheet was read with (automatic items change only when the cases do, and
the page reads the sheet afresh when it is shown again).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import FengwangError, ValidationError
from desktop.models import AssessmentMonth, AssessmentScheme, ScoreEntry, ScoreResult
from desktop.services import scoring
from desktop.services.assessment_months import (
    MAX_NOTE,
    MonthSheet,
    MonthStatus,
    get_sheet,
    open_month,
    set_entry,
)
from desktop.services.assessment_schemes import (
    from_tenths,
    load_info,
    schemes_in_force,
    to_tenths,
)
from desktop.services.assessment_sheet import (
    EntryInfo,
    entry_info,
    parse_entry,
    workers_in_post,
)
from desktop.services.pinyin import initials
from desktop.services.scoring import ItemKind, ItemSpec, WorkerInput

Cell = tuple[int, str]  # (person id, item key)


@dataclass(frozen=True)
class CellOutcome:
    entry: EntryInfo | None  # as saved (None: the cell is empty now)
    error: str = ""  # why the cell was refused; then nothing was saved for it


def set_entries(
    db: Database, month_id: int, cells: Sequence[tuple[int, str, str, str]], *, actor: str
) -> list[CellOutcome]:
    """assessment_months.set_entry for many (person id, item key, text, note) cells, one outcome
    per cell: a refused cell does not stop the others.

    set_entry costs a transaction and a reading of who is in post per cell — 2,000 pasted cells
    would take half a minute. Here the ordinary cells (a worker in post, an item typed by hand, a
    note of allowed length, a month not approved) are validated as set_entry validates them
    (parse_entry, scoring.item_points) and saved in one transaction; every other cell goes
    through set_entry itself, so that it is refused with set_entry's own message."""
    outcomes: dict[int, CellOutcome] = {}
    with db.session() as session:
        record = session.get(AssessmentMonth, month_id)
        month = None
        # one cell: set_entry itself is cheaper than reading the month for a batch
        if len(cells) > 1 and record is not None and record.status != MonthStatus.APPROVED.value:
            month = (record.township_id, record.month, record.family_uid)
    if month is not None:
        township_id, first, family = month
        # the version in force, as set_entry follows it
        scheme_id = open_month(db, township_id, first, scheme_family=family).scheme.id
        with db.session() as session:
            record = session.get(AssessmentMonth, month_id)
            scheme = load_info(session, scheme_id)
            items = {item.key: item for item in scheme.items}
            in_post = workers_in_post(session, record, scheme)
            existing = {
                (entry.person_id, entry.item_key): entry
                for entry in session.scalars(
                    select(ScoreEntry).where(ScoreEntry.month_id == month_id)
                )
            }
            for position, (person_id, key, text, note) in enumerate(cells):
                item = items.get(key)
                note = (note or "").strip()
                if (
                    item is None
                    or item.kind is ItemKind.AUTO
                    or person_id not in in_post
                    or len(note) > MAX_NOTE
                ):
                    continue
                outcomes[position] = _write(
                    session, month_id, existing, person_id, item, text, note, actor
                )
    for position, (person_id, key, text, note) in enumerate(cells):
        if position not in outcomes:
            try:
                entry = set_entry(db, month_id, person_id, key, text, note, actor=actor)
            except FengwangError as err:
                outcomes[position] = CellOutcome(None, err.message)
            else:
                outcomes[position] = CellOutcome(entry)
    return [outcomes[position] for position in range(len(cells))]


def _write(
    session: Session,
    month_id: int,
    existing: dict[Cell, ScoreEntry],
    person_id: int,
    item: ItemSpec,
    text: str,
    note: str,
    actor: str,
) -> CellOutcome:
    """One ordinary cell, stored as set_entry stores it."""
    parsed = parse_entry(item, text)
    if parsed is not None:
        try:
            scoring.item_points(item, parsed, {})
            tenths = (
                to_tenths(Decimal(parsed), item.key, item.name)
                if item.kind is ItemKind.MANUAL
                else None
            )
        except ValidationError as err:
            return CellOutcome(None, "；".join(err.fields.values()))
    entry = existing.get((person_id, item.key))
    if parsed is None:
        if entry is not None:
            session.delete(existing.pop((person_id, item.key)))
            session.flush()  # gone before the same cell may be added again in this batch
        return CellOutcome(None)
    if entry is None:
        entry = existing[(person_id, item.key)] = ScoreEntry(
            month_id=month_id, person_id=person_id, item_key=item.key
        )
        session.add(entry)
    if item.kind is ItemKind.MANUAL:
        entry.points_tenths, entry.count = tenths, None
    else:
        entry.points_tenths, entry.count = None, int(parsed)
    entry.note = note
    entry.entered_by = actor
    return CellOutcome(entry_info(entry, item))


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
