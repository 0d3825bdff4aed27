"""A township's assessment month: the sheet, entries per cell, and 草稿 → 已提交 → 已审核.

- A month belongs to a township and a scheme (family); a township whose roles have different
  schemes has one month per scheme. A draft month is scored with the version in force
  (assessment_schemes.schemes_in_force); submitting fixes the version, approval freezes it and
  keeps the results as approved (score_result), which history and period results read. A
  reopened month keeps the version, the staff list and the figures it was approved with:
  reopening corrects entries, it does not change the rules (approve with `refresh` to take
  today's roster and cases).
- Reading never writes: a month nobody has entered anything in is scored in memory (its
  MonthInfo.id is None); the first entry, a submission or open_month creates its record. Months
  after the current one are refused.
- The sheet lists the workers in post in the month (assessment_sheet says who and how rows are
  scored), grouped by village.
- Submitting is refused while manual items are blank (they would count 0), unless the caller
  says so (`allow_blank`); a month with an entry the scheme no longer accepts cannot be submitted
  or approved until the entry is corrected.
- Until the users issue brings roles, the reviewer is anyone but the person who submitted the
  month: approval by the submitter is refused.
- Every change of state is an assessment_event with who, when and why; a reopened month says so.
- Two sheets on the same month (two workstations on one database): the AssessmentMonth record is
  the lock of its sheet. Every write into the month — a cell, a pasted block, an import, a change
  of state — bumps the month's row version in the same transaction (a cell alone would change a
  score_entry row, not the month's), so a write given `loaded=` (the sheet as the clerk sees it)
  is refused with ConflictError once anything in the month was saved elsewhere since: the message
  names the cells (worker · item) and the steps that differ from the clerk's sheet, who saved last
  and when, and nothing of the refused write is saved. A month not opened yet counts as version 1,
  the version its record is created with, so two sheets that both open it conflict too.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Literal, TypeVar, overload

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import (
    ConflictError,
    FengwangError,
    NotFoundError,
    RefusedError,
    ValidationError,
)
from desktop.models import (
    AssessmentEvent,
    AssessmentMonth,
    AssessmentScheme,
    GridUnit,
    Person,
    ScoreEntry,
    ScoreResult,
)
from desktop.models.base import now as current_time
from desktop.services import access, scoring
from desktop.services.access import Permission
from desktop.services.assessment_schemes import (
    SchemeChoiceNeeded,
    SchemeInfo,
    load_info,
    schemes_in_force,
    to_tenths,
)
from desktop.services.assessment_sheet import (
    EntryInfo,
    SheetRow,
    entry_info,
    frozen_rows,
    kept_results,
    live_rows,
    month_bounds,
    parse_entry,
    staff,
)
from desktop.services.case_stats import period_label
from desktop.services.conflicts import conflict_message
from desktop.services.scoring import ItemKind, ItemSpec, WorkerScore
from desktop.services.text import clean_text
from desktop.vocabulary import Level

_T = TypeVar("_T")

MAX_NOTE = 200
MAX_ACTOR = 40  # the length of the columns that record who entered or acted
MAX_NAMED = 10  # workers a refusal names before it says "…等 N 人"


class MonthStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return {"draft": "草稿", "submitted": "已提交", "approved": "已审核"}[self.value]


class MonthAction(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    REOPEN = "reopen"

    @property
    def label(self) -> str:
        return {"submit": "提交", "approve": "审核通过", "reopen": "重新打开"}[self.value]


# action → (the states it starts from, the state it leads to)
TRANSITIONS = {
    MonthAction.SUBMIT: ((MonthStatus.DRAFT,), MonthStatus.SUBMITTED),
    MonthAction.APPROVE: ((MonthStatus.SUBMITTED,), MonthStatus.APPROVED),
    MonthAction.REOPEN: ((MonthStatus.APPROVED,), MonthStatus.DRAFT),
}

# (action, state it is refused in) → why
REFUSALS = {
    (MonthAction.SUBMIT, MonthStatus.SUBMITTED): "已提交，正等待审核",
    (MonthAction.SUBMIT, MonthStatus.APPROVED): "已审核锁定，不能再提交",
    (MonthAction.APPROVE, MonthStatus.DRAFT): "尚未提交，不能审核；请先提交",
    (MonthAction.APPROVE, MonthStatus.APPROVED): "已审核，无需再次审核",
    (MonthAction.REOPEN, MonthStatus.DRAFT): "尚未审核，无需重新打开，可直接修改",
    (MonthAction.REOPEN, MonthStatus.SUBMITTED): "尚未审核，无需重新打开，可直接修改",
}


# ---------------------------------------------------------------------------------- the values


@dataclass(frozen=True)
class EventInfo:
    at: datetime
    actor: str
    action: MonthAction
    status_from: MonthStatus
    status_to: MonthStatus
    note: str


@dataclass(frozen=True)
class MonthInfo:
    id: int | None  # None: not opened yet — scored in memory, created by its first entry
    township_id: int
    township_name: str
    month: date  # the first day
    status: MonthStatus
    reopen_count: int
    scheme: SchemeInfo  # the version it is scored with
    events: tuple[EventInfo, ...]
    row_version: int = 1  # as read (a month not opened: 1, what its record starts with)

    @property
    def label(self) -> str:
        return f"{self.township_name}{period_label(*month_bounds(self.month))}"

    @property
    def opened(self) -> bool:
        return self.id is not None

    @property
    def reopened(self) -> bool:
        return self.reopen_count > 0

    @property
    def locked(self) -> bool:
        return self.status is MonthStatus.APPROVED


@dataclass(frozen=True)
class MonthSheet:
    month: MonthInfo
    rows: tuple[SheetRow, ...]  # by village, then name

    @property
    def items(self) -> tuple[ItemSpec, ...]:
        return self.month.scheme.items

    @property
    def scores(self) -> list[WorkerScore]:
        """In rank order."""
        return sorted((row.score for row in self.rows), key=scoring.rank_order)

    def unfinished(self, row: SheetRow) -> list[str]:
        """The manual items still blank for a worker of a draft month: until they are filled in
        (or the month is submitted with them blank, counting 0) the worker has no grade or rank
        yet, only the points so far. Empty for a month submitted or approved."""
        if self.month.status is not MonthStatus.DRAFT:
            return []
        return blank_items(row, self.items)


MonthRef = int | MonthInfo  # a month's id, or the MonthInfo of a sheet (opened or not)


# -------------------------------------------------------------------------------- the use cases


def find_township(db: Database, code: str | None = None) -> tuple[int, str]:
    """(id, name) of the township with `code`, or of the only one in the database."""
    with db.session() as session:
        query = select(GridUnit.id, GridUnit.name, GridUnit.code).where(
            GridUnit.level == Level.TOWNSHIP.value
        )
        if code:
            query = query.where(GridUnit.code == code.strip())
        found = session.execute(query.order_by(GridUnit.code)).all()
    if not found:
        raise NotFoundError(
            f"数据库中没有编码为 {code} 的乡镇(街道)" if code else "数据库中还没有乡镇(街道)"
        )
    if len(found) > 1:
        listed = "、".join(f"{name}（{unit_code}）" for _, name, unit_code in found)
        raise ValidationError({"township": f"数据库中有多个乡镇(街道)：{listed}；请指定乡镇编码"})
    return found[0][0], found[0][1]


def open_month(
    db: Database,
    township_id: int,
    month: date,
    *,
    scheme_family: str | None = None,
    today: date | None = None,
) -> MonthInfo:
    """The township's month, its record created as a draft the first time. `scheme_family` (a
    scheme's family_uid) is needed only when several schemes apply to the township that month."""
    access.require(db, Permission.EDIT)
    with db.session() as session:
        first = month.replace(day=1)
        record = _month_record(session, township_id, first, scheme_family, today, create=True)
        return _month_info(session, record)


def month_sheet(
    db: Database,
    township_id: int,
    month: date,
    *,
    scheme_family: str | None = None,
    today: date | None = None,
) -> MonthSheet:
    """The month's sheet: workers by village with their entries, automatic figures and scores —
    computed live until the month is approved, then read from the approved results. A month not
    opened yet is scored in memory and not saved (its `month.id` is None)."""
    first = month.replace(day=1)

    def read(session: Session) -> MonthSheet:
        # as stored: following a new version below bumps it in this transaction, rolled back
        stored = dict(
            session.execute(
                select(AssessmentMonth.id, AssessmentMonth.row_version).where(
                    AssessmentMonth.township_id == township_id, AssessmentMonth.month == first
                )
            ).all()
        )
        record = _month_record(session, township_id, first, scheme_family, today, create=False)
        sheet = _sheet(session, record)
        return replace(sheet, month=replace(sheet.month, row_version=stored.get(record.id, 1)))

    return _rolled_back(db, read)  # a draft following a new version is not saved by reading


def people_on_sheets(db: Database, month: date, *, today: date | None = None) -> set[int]:
    """The ids of the people on any of the month's sheets in the townships the account sees —
    those a 个人考核评分表 can be made for — read without scoring anyone. A month to come has
    none."""
    first = month.replace(day=1)
    if first > (today or date.today()).replace(day=1):
        return set()

    def read(session: Session) -> set[int]:
        found: set[int] = set()
        townships = session.scalars(
            select(GridUnit.id).where(GridUnit.level == Level.TOWNSHIP.value)
        ).all()
        in_force = [scheme.family_uid for scheme in schemes_in_force(session, first)]
        for township_id in townships:
            used = session.scalars(
                select(AssessmentMonth.family_uid).where(
                    AssessmentMonth.township_id == township_id, AssessmentMonth.month == first
                )
            ).all()
            for family in dict.fromkeys([*used, *in_force]):
                record = _month_record(session, township_id, first, family, today, create=False)
                if record.status == MonthStatus.APPROVED:  # as month_sheet reads it
                    found.update(result.person_id for result in kept_results(session, record))
                else:
                    found.update(staff(session, record, load_info(session, record.scheme_id)))
        return found

    return _rolled_back(db, read)  # a draft following a new version is not saved by reading


def get_sheet(db: Database, month_id: int) -> MonthSheet:
    with db.session() as session:
        return _sheet(session, _load(session, month_id))


@dataclass(frozen=True)
class EntryInput:
    """One cell to enter: points, a count or yes/no as typed ("" or None clears it)."""

    person_id: int
    item_key: str
    value: str | Decimal | int | bool | None
    note: str = ""


def set_entry(
    db: Database,
    month_id: MonthRef,
    person_id: int,
    item_key: str,
    value: str | Decimal | int | bool | None,
    note: str = "",
    *,
    actor: str,
    loaded: MonthSheet | None = None,
) -> EntryInfo | None:
    """Enter one cell: points for a manual item, a count for a deduction or bonus item, yes/no
    for a veto item ("" or None clears the cell). Validated as scoring counts it; refused in an
    approved month and for automatic items, and (ConflictError) when the month was changed
    since `loaded` was read. The month's first entry creates its record."""
    access.require(db, Permission.EDIT)
    with db.session() as session:
        batch = _open_for_entry(session, month_id, actor, loaded)
        return batch.write(EntryInput(person_id, item_key, value, note))


@dataclass(frozen=True)
class CellResult:
    """One cell of a batch entered cell by cell: the entry as saved (None: the cell is empty
    now), or why it was refused — set_entry's message — and then nothing was saved for it."""

    entry: EntryInfo | None
    error: str = ""


@overload
def set_entries(
    db: Database,
    month_id: MonthRef,
    cells: Sequence[EntryInput],
    *,
    actor: str,
    dry_run: bool = False,
    each: Literal[False] = False,
    loaded: MonthSheet | None = None,
) -> int: ...


@overload
def set_entries(
    db: Database,
    month_id: MonthRef,
    cells: Sequence[EntryInput],
    *,
    actor: str,
    dry_run: bool = False,
    each: Literal[True],
    loaded: MonthSheet | None = None,
) -> list[CellResult]: ...


def set_entries(
    db: Database,
    month_id: MonthRef,
    cells: Sequence[EntryInput],
    *,
    actor: str,
    dry_run: bool = False,
    each: bool = False,
    loaded: MonthSheet | None = None,
) -> int | list[CellResult]:
    """Enter many cells at once (a pasted block, an imported sheet) in one transaction, reading
    the month, its scheme, its staff and its entries once. The first refused cell refuses them
    all, its message led by the worker's name; returns how many cells were written or cleared.
    `each` (the page's paste): every cell on its own instead — the valid ones are written, each
    refused one gets set_entry's message, one CellResult per cell; in an approved month every
    cell is refused. `dry_run`: everything is checked and written, then rolled back. `loaded`:
    see the module docstring (a conflict refuses every cell)."""
    access.require(db, Permission.EDIT)

    def write_each(session: Session) -> list[CellResult]:
        return _write_each(session, month_id, cells, actor, loaded)[0]

    def write(session: Session) -> int:
        batch = _open_for_entry(session, month_id, actor, loaded)
        for index, cell in enumerate(cells):
            try:
                batch.write(cell)
            except FengwangError as err:
                who = _person_name(session, cell.person_id)
                raise CellRefused(f"{who}：{err.message}（本批未保存任何一格）", index) from err
        return len(cells)

    work = write_each if each else write
    if dry_run:
        return _rolled_back(db, work)
    with db.session() as session:
        return work(session)


@dataclass(frozen=True)
class SavedCells:
    """What a sheet's write did: one CellResult per cell, and the month's row version after it —
    the version the sheet holds from then on, so that its next write is checked against it."""

    cells: list[CellResult]
    row_version: int


def save_cells(
    db: Database, loaded: MonthSheet, cells: Sequence[EntryInput], *, actor: str
) -> SavedCells:
    """The sheet's write (typing, pasting, clearing, undoing): set_entries cell by cell
    (`each`), checked against the sheet as the clerk sees it (`loaded`, see the module
    docstring); the month is opened by its first write."""
    access.require(db, Permission.EDIT)
    with db.session() as session:
        results, record = _write_each(session, loaded.month, cells, actor, loaded)
        return SavedCells(results, record.row_version if record else loaded.month.row_version)


def _write_each(
    session: Session,
    month: MonthRef,
    cells: Sequence[EntryInput],
    actor: str,
    loaded: MonthSheet | None,
) -> tuple[list[CellResult], AssessmentMonth | None]:
    """Every cell on its own (set_entries with `each`), and the month written (None when the
    month refused every cell alike)."""
    try:
        batch = _open_for_entry(session, month, actor, loaded)
    except FengwangError as err:  # the month (approved, changed elsewhere) refuses every cell
        return [CellResult(None, err.message)] * len(cells), None
    results = []
    for cell in cells:
        try:
            results.append(CellResult(batch.write(cell)))
        except FengwangError as err:
            results.append(CellResult(None, err.message))
    return results, batch.record


class _RolledBack(Exception):
    """Raised inside a session to roll it back, carrying what was computed."""


def _rolled_back(db: Database, work: Callable[[Session], _T]) -> _T:
    """`work` in a session that is rolled back, whatever it wrote."""
    try:
        with db.session() as session:
            raise _RolledBack(work(session))
    except _RolledBack as done:
        return done.args[0]


class BlanksRefused(RefusedError):
    """Submitting was refused for blank manual cells only: a caller may ask and submit with
    `allow_blank`. `named` lists the workers and their blank items."""

    def __init__(self, message: str, named: str) -> None:
        super().__init__(message)
        self.named = named


class CellRefused(RefusedError):
    """A cell of a batch was refused; `index` says which, so that a caller can point at it."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.index = index


@dataclass
class _Batch:
    """What writing cells into one month needs, read once: the month, its scheme, its staff and
    its entries (person id, item key) → row."""

    session: Session
    record: AssessmentMonth
    scheme: SchemeInfo
    staff: dict
    entries: dict[tuple[int, str], ScoreEntry]
    actor: str
    touched: bool = False

    def write(self, cell: EntryInput) -> EntryInfo | None:
        note = clean_text(cell.note)
        if len(note) > MAX_NOTE:
            raise ValidationError({"note": f"备注不能超过{MAX_NOTE}个字"})
        item = next((i for i in self.scheme.items if i.key == cell.item_key), None)
        if item is None:
            raise NotFoundError("该考核项目不在本月所用的考核细则中")
        if item.kind is ItemKind.AUTO:
            raise RefusedError(f"“{item.name}”为自动计分项，由系统按案件数据计算，不能手工填写")
        if cell.person_id not in self.staff:
            name = _person_name(self.session, cell.person_id)
            raise RefusedError(f"{name}不在本月的考核名单中")
        parsed = parse_entry(item, cell.value)
        tenths = None
        if parsed is not None:
            scoring.item_points(item, parsed, {})  # raises the cell's message
            if item.kind is ItemKind.MANUAL:  # checked before the entry is touched
                tenths = to_tenths(Decimal(parsed), cell.item_key, item.name)
        if not self.touched:  # once per batch: see the module docstring
            self.record.row_version += 1
            self.touched = True
        where = (cell.person_id, cell.item_key)
        entry = self.entries.get(where)
        if parsed is None:
            if entry is not None:
                self.session.delete(entry)
                del self.entries[where]
                self.session.flush()  # gone before a later cell of the batch may add it again
            return None
        if entry is None:
            entry = ScoreEntry(
                month_id=self.record.id, person_id=cell.person_id, item_key=cell.item_key
            )
            self.session.add(entry)
            self.entries[where] = entry
        if item.kind is ItemKind.MANUAL:
            entry.points_tenths, entry.count = tenths, None
        else:
            entry.points_tenths, entry.count = None, int(parsed)
        entry.note = note
        entry.entered_by = self.actor
        self.session.flush()
        return entry_info(entry, item)


def _open_for_entry(
    session: Session, month: MonthRef, actor: str, loaded: MonthSheet | None = None
) -> _Batch:
    actor = _check_actor(actor, required=False)
    record = _record_for(session, month)
    if record.status == MonthStatus.APPROVED:
        raise RefusedError(_locked_message(session, record))
    entries = _entries_of(session, record)
    _refuse_if_changed(session, record, loaded, entries)
    _follow_scheme(session, record)
    scheme = load_info(session, record.scheme_id)
    return _Batch(session, record, scheme, staff(session, record, scheme), entries, actor)


def _entries_of(session: Session, record: AssessmentMonth) -> dict[tuple[int, str], ScoreEntry]:
    """The month's entries by (person id, item key)."""
    return {
        (entry.person_id, entry.item_key): entry
        for entry in session.scalars(select(ScoreEntry).where(ScoreEntry.month_id == record.id))
    }


def submit(
    db: Database,
    month_id: MonthRef,
    *,
    actor: str,
    allow_blank: bool = False,
    now: datetime | None = None,
    loaded: MonthSheet | None = None,
) -> MonthInfo:
    """草稿 → 已提交, with the version in force fixed. Refused while a manual item is blank for
    some worker (it would count 0) unless `allow_blank`; the refusal names the workers."""
    access.require(db, Permission.EDIT)
    with db.session() as session:
        record = _transition(session, month_id, MonthAction.SUBMIT, actor, "", now, loaded)
        rows = live_rows(session, record)
        _refuse_faulty_entries(rows, "提交")
        if not allow_blank:
            _refuse_blanks(rows, load_info(session, record.scheme_id).items)
        return _month_info(session, record)


def approve(
    db: Database,
    month_id: MonthRef,
    *,
    actor: str,
    note: str = "",
    refresh: bool = False,
    now: datetime | None = None,
    loaded: MonthSheet | None = None,
) -> MonthInfo:
    """已提交 → 已审核: the results are kept as computed now and the scheme version is frozen.
    Refused to the person who submitted the month. A reopened month is approved with the staff
    and figures it was first approved with, unless `refresh` asks for today's."""
    access.require(db, Permission.APPROVE)
    with db.session() as session:
        record = _transition(session, month_id, MonthAction.APPROVE, actor, note, now, loaded)
        submitter = session.scalar(
            select(AssessmentEvent.actor)
            .where(
                AssessmentEvent.month_id == record.id,
                AssessmentEvent.action == MonthAction.SUBMIT.value,
            )
            .order_by(AssessmentEvent.at.desc(), AssessmentEvent.id.desc())
            .limit(1)
        )
        if submitter == actor.strip():
            raise RefusedError(f"本月考核由{submitter}提交，不能由本人审核；请由另一位审核人审核")
        rows = live_rows(session, record, refresh=refresh)
        if not rows:
            raise RefusedError("本月考核名单中没有人员，无法审核")
        _refuse_faulty_entries(rows, "审核")
        session.execute(delete(ScoreResult).where(ScoreResult.month_id == record.id))
        for row in rows:
            session.add(result_record(record.id, row.score, row.figures))
        session.get(AssessmentScheme, record.scheme_id).frozen = True
        session.flush()
        return _month_info(session, record)


def result_record(month_id: int, score: WorkerScore, figures: dict[str, Decimal]) -> ScoreResult:
    """A worker's approved result as kept: what approval saves (the demo builds its history
    with it too)."""
    return ScoreResult(
        month_id=month_id,
        person_id=score.person_id,
        name=score.name,
        village=score.village,
        total_tenths=to_tenths(score.total, "total", score.name),
        grade=score.grade,
        rank=score.rank,
        village_rank=score.village_rank,
        veto=score.veto,
        held_back_by_quota=score.held_back_by_quota,
        points=json.dumps({key: to_tenths(p, key, score.name) for key, p in score.points.items()}),
        figures=json.dumps({metric: str(f) for metric, f in figures.items()}),
    )


def reopen(
    db: Database,
    month_id: MonthRef,
    reason: str,
    *,
    actor: str,
    now: datetime | None = None,
    loaded: MonthSheet | None = None,
) -> MonthInfo:
    """已审核 → 草稿, for a correction: needs a reason, which the history keeps. The approved
    results stay (history and periods read approved months only) and give the reopened month
    its staff and figures until it is approved again."""
    access.require(db, Permission.APPROVE)
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": "重新打开已审核的月份须填写原因"})
    if len(reason) > MAX_NOTE:
        raise ValidationError({"reason": f"原因不能超过{MAX_NOTE}个字"})
    with db.session() as session:
        record = _transition(session, month_id, MonthAction.REOPEN, actor, reason, now, loaded)
        record.reopen_count += 1
        session.flush()
        return _month_info(session, record)


# ------------------------------------------------------------------------------------ internals


def blank_items(row: SheetRow, items: tuple[ItemSpec, ...]) -> list[str]:
    """The names of the manual items nobody has entered for the worker of `row`."""
    return [
        item.name for item in items if item.kind is ItemKind.MANUAL and item.key not in row.entries
    ]


def _refuse_blanks(rows: list[SheetRow], items: tuple[ItemSpec, ...]) -> None:
    manual = [item for item in items if item.kind is ItemKind.MANUAL]
    blank = [(row.name, blank_items(row, items)) for row in rows]
    blank = [(name, names) for name, names in blank if names]
    if not blank:
        return
    named = "、".join(
        f"{name}（{'全部手工评分项' if len(names) == len(manual) else '、'.join(names)}）"
        for name, names in blank[:MAX_NAMED]
    )
    more = f"等 {len(blank)} 人" if len(blank) > MAX_NAMED else ""
    raise BlanksRefused(
        f"以下人员的手工评分项尚未填写，提交后将按 0 分计：{named}{more}。"
        "请填写后再提交；如确认空白按 0 分计，请选择仍然提交（命令行加 --allow-blank）",
        f"{named}{more}",
    )


def _refuse_faulty_entries(rows: list[SheetRow], doing: str) -> None:
    for row in rows:
        for entry in row.entries.values():
            if entry.problem:
                raise RefusedError(f"{row.name}：{entry.problem}；请先更正再{doing}")


def _load(session: Session, month_id: int | None) -> AssessmentMonth:
    if month_id is None:  # the id of a sheet not opened: its MonthInfo opens it
        raise NotFoundError("该月考核尚未开始录入；请从考核表录入第一格，或先提交")
    record = session.get(AssessmentMonth, month_id)
    if record is None:
        raise NotFoundError("该考核月份不存在（可能已被删除）")
    return record


def _record_for(session: Session, month: MonthRef) -> AssessmentMonth:
    """The record of a month given by id, or by the MonthInfo of a sheet — created as a draft
    when the sheet's month was not opened yet."""
    if isinstance(month, MonthInfo):
        if month.id is None:
            family = month.scheme.family_uid
            return _month_record(session, month.township_id, month.month, family, create=True)
        month = month.id
    return _load(session, month)


def _month_record(
    session: Session,
    township_id: int,
    first: date,
    family: str | None,
    today: date | None = None,
    *,
    create: bool,
) -> AssessmentMonth:
    """The township's month of the family; not yet opened: created (`create`) or, for reading,
    a record outside the session that is never saved."""
    township = session.get(GridUnit, township_id)
    if township is None or township.level != Level.TOWNSHIP.value:
        raise NotFoundError("该乡镇(街道)不存在")
    when = period_label(*month_bounds(first))
    if first > (today or date.today()).replace(day=1):
        raise ValidationError({"month": f"{when}尚未到来，不能考核"})
    existing = {
        record.family_uid: record
        for record in session.scalars(
            select(AssessmentMonth).where(
                AssessmentMonth.township_id == township_id, AssessmentMonth.month == first
            )
        )
    }
    in_force = {scheme.family_uid: scheme for scheme in schemes_in_force(session, first)}
    families = list(dict.fromkeys([*existing, *in_force]))
    if family is None:
        if not families:
            raise NotFoundError(f"还没有适用于{when}的考核细则，请先新建考核细则")
        if len(families) > 1:
            names = [(in_force.get(f) or existing[f].scheme).name for f in families]
            raise SchemeChoiceNeeded(
                f"{when}有多套考核细则适用：{'、'.join(names)}；请选择一套", names
            )
        family = families[0]
    elif family not in families:
        raise NotFoundError(f"该考核细则不适用于{when}")
    record = existing.get(family)
    if record is None:
        record = AssessmentMonth(
            township_id=township_id,
            month=first,
            family_uid=family,
            scheme_id=in_force[family].id,
            status=MonthStatus.DRAFT.value,
            reopen_count=0,
        )
        if create:
            session.add(record)
            session.flush()
    else:
        _follow_scheme(session, record)
    return record


def _follow_scheme(session: Session, record: AssessmentMonth) -> None:
    """A draft never approved follows the version of its scheme in force; a submitted month keeps
    the version it was submitted with (see the docstring)."""
    if record.status != MonthStatus.DRAFT or record.reopen_count:
        return
    current = next(
        (s for s in schemes_in_force(session, record.month) if s.family_uid == record.family_uid),
        None,
    )
    if current is not None and current.id != record.scheme_id:
        record.scheme_id = current.id
        session.flush()


def _transition(
    session: Session,
    month: MonthRef,
    action: MonthAction,
    actor: str,
    note: str,
    now: datetime | None,
    loaded: MonthSheet | None,
) -> AssessmentMonth:
    """The state rules first (the clearer reason), then the check against `loaded`."""
    actor = _check_actor(actor, required=True)
    record = _record_for(session, month)
    status = MonthStatus(record.status)
    sources, target = TRANSITIONS[action]
    if status not in sources:
        label = _month_info(session, record).label
        raise RefusedError(f"{label}的考核{REFUSALS[(action, status)]}")
    _refuse_if_changed(session, record, loaded)
    _follow_scheme(session, record)  # the last version a draft follows (before it is submitted)
    session.add(
        AssessmentEvent(
            month_id=record.id,
            at=now or current_time(),
            actor=actor,
            action=action.value,
            status_from=status.value,
            status_to=target.value,
            note=clean_text(note),
        )
    )
    record.status = target.value
    session.flush()
    return record


def _refuse_if_changed(
    session: Session,
    record: AssessmentMonth,
    loaded: MonthSheet | None,
    entries: dict[tuple[int, str], ScoreEntry] | None = None,
) -> None:
    """Raise ConflictError when the month is no longer at the row version of `loaded` (the sheet
    as the clerk sees it; None: nothing to check), naming the steps taken and the cells that
    differ from that sheet, who saved last and when (see the module docstring)."""
    if loaded is None or loaded.month.row_version == record.row_version:
        return
    entries = _entries_of(session, record) if entries is None else entries
    month = _month_info(session, record)
    seen = Counter(loaded.month.events)
    steps, who = [], None
    for event in month.events:
        if seen[event]:
            seen[event] -= 1
        else:
            steps.append(event.action.label)
            who = event.actor
    changed = _changed_cells(loaded, entries)
    if who is None:  # no step taken: whoever entered the latest of the cells changed
        latest = max(
            (entries[cell] for cell in changed if cell in entries),
            key=lambda entry: (entry.updated_at, entry.id),
            default=None,
        )
        who = latest.entered_by if latest is not None else None
    items = {item.key: item.name for item in loaded.items}
    names = {row.person_id: row.name for row in loaded.rows}
    cells = [
        f"{names.get(person_id) or _person_name(session, person_id)}·{items.get(key, key)}"
        for person_id, key in changed[:MAX_NAMED]
    ]
    if len(changed) > MAX_NAMED:
        cells[-1] += f"等 {len(changed)} 格"
    raise ConflictError(
        conflict_message(
            f"{month.label}的考核",
            who or None,
            record.updated_at,
            steps + cells,
            advice="请重新选择该月份，载入最新的考核表后再改。",  # a panel, not a dialog
        )
    )


def _changed_cells(
    loaded: MonthSheet, entries: dict[tuple[int, str], ScoreEntry]
) -> list[tuple[int, str]]:
    """The cells (person id, item key) whose saved entry is not what the sheet shows, in the
    sheet's order of rows and columns."""
    items = {item.key: item for item in loaded.items}
    shown = {
        (row.person_id, key): (entry.value, entry.note)
        for row in loaded.rows
        for key, entry in row.entries.items()
    }
    saved = {
        cell: (entry_info(entry, items[cell[1]]).value, entry.note) if cell[1] in items else None
        for cell, entry in entries.items()
    }
    rows = {row.person_id: position for position, row in enumerate(loaded.rows)}
    columns = {key: position for position, key in enumerate(items)}
    return sorted(
        (cell for cell in shown.keys() | saved.keys() if shown.get(cell) != saved.get(cell)),
        key=lambda cell: (rows.get(cell[0], len(rows)), cell[0], columns.get(cell[1], 0)),
    )


def _check_actor(actor: str, *, required: bool) -> str:
    actor = clean_text(actor)
    if required and not actor:
        raise ValidationError({"actor": "请填写操作人"})
    if len(actor) > MAX_ACTOR:
        raise ValidationError({"actor": f"操作人姓名不能超过{MAX_ACTOR}个字"})
    return actor


def _locked_message(session: Session, record: AssessmentMonth) -> str:
    label = _month_info(session, record).label
    return f"{label}的考核已审核锁定，不能修改；如需更正，请先重新打开并说明原因"


def _month_info(session: Session, record: AssessmentMonth) -> MonthInfo:
    if record.id is not None:  # a month not opened has no history
        session.refresh(record, ["events"])
    return MonthInfo(
        id=record.id,
        township_id=record.township_id,
        township_name=session.get(GridUnit, record.township_id).name,
        month=record.month,
        status=MonthStatus(record.status),
        reopen_count=record.reopen_count,
        scheme=load_info(session, record.scheme_id),
        events=tuple(
            EventInfo(
                at=event.at,
                actor=event.actor,
                action=MonthAction(event.action),
                status_from=MonthStatus(event.status_from),
                status_to=MonthStatus(event.status_to),
                note=event.note,
            )
            for event in (record.events if record.id is not None else ())
        ),
        row_version=record.row_version or 1,
    )


def _person_name(session: Session, person_id: int) -> str:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError("该人员不存在（可能已被删除）")
    return person.name


def _sheet(session: Session, record: AssessmentMonth) -> MonthSheet:
    approved = record.status == MonthStatus.APPROVED
    rows = frozen_rows(session, record) if approved else live_rows(session, record)
    return MonthSheet(month=_month_info(session, record), rows=tuple(rows))
