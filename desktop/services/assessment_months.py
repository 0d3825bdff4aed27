"""A township's assessment month: the sheet, entries per cell, and 草稿 → 已提交 → 已审核.

- A month belongs to a township and a scheme (family); a township whose roles have different
  schemes has one month per scheme. A month not yet approved is scored with the version in force
  (assessment_schemes.scheme_for); approval fixes the version, freezes it, and keeps the results
  as approved (score_result), which history and period results read. A reopened month keeps
  the version it was approved with: reopening corrects entries, it does not change the rules.
- The sheet lists every worker in post in the month under the scheme's roles, grouped by
  village (assessment_sheet says who is in post and how rows are scored).
- A month with an entry the scheme no longer accepts cannot be submitted or approved until the
  entry is corrected.
- Every change of state is an assessment_event with who, when and why; a reopened month says so.
Who may approve (a reviewer's role) comes with the users issue; `actor` is recorded meanwhile.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import FengwangError, NotFoundError, RefusedError, ValidationError
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
from desktop.services import scoring
from desktop.services.assessment_schemes import (
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
    live_rows,
    month_bounds,
    parse_entry,
    workers_in_post,
)
from desktop.services.case_stats import period_label
from desktop.services.pinyin import initials
from desktop.services.scoring import ItemKind, ItemSpec, WorkerScore
from desktop.vocabulary import Level

MAX_NOTE = 200


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
    id: int
    township_id: int
    township_name: str
    month: date  # the first day
    status: MonthStatus
    reopen_count: int
    scheme: SchemeInfo  # the version it is scored with
    events: tuple[EventInfo, ...]

    @property
    def label(self) -> str:
        return f"{self.township_name}{period_label(*month_bounds(self.month))}"

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
        return sorted((row.score for row in self.rows), key=_rank_order)

    @property
    def villages(self) -> list[tuple[str, list[SheetRow]]]:
        grouped: dict[str, list[SheetRow]] = {}
        for row in self.rows:
            grouped.setdefault(row.village, []).append(row)
        return list(grouped.items())


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
    db: Database, township_id: int, month: date, *, scheme_family: str | None = None
) -> MonthInfo:
    """The township's month (created as a draft the first time). `scheme_family` (a scheme's
    family_uid) is needed only when several schemes apply to the township that month."""
    with db.session() as session:
        record = _month_record(session, township_id, month.replace(day=1), scheme_family)
        return _month_info(session, record)


def month_sheet(
    db: Database, township_id: int, month: date, *, scheme_family: str | None = None
) -> MonthSheet:
    """The month's sheet: workers by village with their entries, automatic figures and scores —
    computed live until the month is approved, then read from the approved results. The first
    time a month is opened it is created, as a draft."""
    with db.session() as session:
        record = _month_record(session, township_id, month.replace(day=1), scheme_family)
        return _sheet(session, record)


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
    month_id: int,
    person_id: int,
    item_key: str,
    value: str | Decimal | int | bool | None,
    note: str = "",
    *,
    actor: str,
) -> EntryInfo | None:
    """Enter one cell: points for a manual item, a count for a deduction or bonus item, yes/no
    for a veto item ("" or None clears the cell). Validated as scoring counts it; refused in an
    approved month and for automatic items."""
    with db.session() as session:
        record, scheme, staff = _open_for_entry(session, month_id)
        cell = EntryInput(person_id, item_key, value, note)
        return _write_cell(session, record, scheme, staff, cell, actor)


def set_entries(db: Database, month_id: int, cells: Sequence[EntryInput], *, actor: str) -> int:
    """Enter many cells at once (a pasted block, an imported sheet) in one transaction, reading
    the month, its scheme and its staff once. The first refused cell refuses them all, its
    message led by the worker's name; returns how many cells were written or cleared."""
    with db.session() as session:
        record, scheme, staff = _open_for_entry(session, month_id)
        for index, cell in enumerate(cells):
            try:
                _write_cell(session, record, scheme, staff, cell, actor)
            except FengwangError as err:
                who = _person_name(session, cell.person_id)
                raise CellRefused(f"{who}：{err.message}（本批未保存任何一格）", index) from err
        return len(cells)


class CellRefused(RefusedError):
    """A cell of a batch was refused; `index` says which, so that a caller can point at it."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.index = index


def _open_for_entry(session: Session, month_id: int):
    record = _load(session, month_id)
    if record.status == MonthStatus.APPROVED:
        raise RefusedError(_locked_message(session, record))
    _follow_scheme(session, record)
    scheme = load_info(session, record.scheme_id)
    return record, scheme, workers_in_post(session, record, scheme)


def _write_cell(session: Session, record, scheme, staff, cell: EntryInput, actor: str):
    note = (cell.note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": f"备注不能超过{MAX_NOTE}个字"})
    item = next((i for i in scheme.items if i.key == cell.item_key), None)
    if item is None:
        raise NotFoundError("该考核项目不在本月所用的考核细则中")
    if item.kind is ItemKind.AUTO:
        raise RefusedError(f"“{item.name}”为自动计分项，由系统按案件数据计算，不能手工填写")
    if cell.person_id not in staff:
        raise RefusedError(f"{_person_name(session, cell.person_id)}不在本月的考核名单中")
    parsed = parse_entry(item, cell.value)
    if parsed is not None:
        scoring.item_points(item, parsed, {})  # raises the cell's message
    entry = session.scalar(
        select(ScoreEntry).where(
            ScoreEntry.month_id == record.id,
            ScoreEntry.person_id == cell.person_id,
            ScoreEntry.item_key == cell.item_key,
        )
    )
    if parsed is None:
        if entry is not None:
            session.delete(entry)
        return None
    if entry is None:
        entry = ScoreEntry(month_id=record.id, person_id=cell.person_id, item_key=cell.item_key)
        session.add(entry)
    if item.kind is ItemKind.MANUAL:
        entry.points_tenths = to_tenths(Decimal(parsed), cell.item_key, item.name)
        entry.count = None
    else:
        entry.points_tenths, entry.count = None, int(parsed)
    entry.note = note
    entry.entered_by = actor
    session.flush()
    return entry_info(entry, item)


def submit(db: Database, month_id: int, *, actor: str, now: datetime | None = None) -> MonthInfo:
    """草稿 → 已提交."""
    with db.session() as session:
        record = _transition(session, month_id, MonthAction.SUBMIT, actor, "", now)
        _refuse_faulty_entries(live_rows(session, record), "提交")
        return _month_info(session, record)


def approve(
    db: Database, month_id: int, *, actor: str, note: str = "", now: datetime | None = None
) -> MonthInfo:
    """已提交 → 已审核: the results are kept as computed now and the scheme version is frozen."""
    with db.session() as session:
        _follow_scheme(session, _load(session, month_id))  # before the version is fixed
        record = _transition(session, month_id, MonthAction.APPROVE, actor, note, now)
        rows = live_rows(session, record)
        if not rows:
            raise RefusedError("本月考核名单中没有人员，无法审核")
        _refuse_faulty_entries(rows, "审核")
        for row in rows:
            score = row.score
            session.add(
                ScoreResult(
                    month_id=record.id,
                    person_id=score.person_id,
                    name=score.name,
                    village=score.village,
                    total_tenths=to_tenths(score.total, "total", score.name),
                    grade=score.grade,
                    rank=score.rank,
                    village_rank=score.village_rank,
                    veto=score.veto,
                    held_back_by_quota=score.held_back_by_quota,
                    points=json.dumps(
                        {key: to_tenths(p, key, score.name) for key, p in score.points.items()}
                    ),
                    figures=json.dumps({metric: str(f) for metric, f in row.figures.items()}),
                )
            )
        session.get(AssessmentScheme, record.scheme_id).frozen = True
        session.flush()
        return _month_info(session, record)


def reopen(
    db: Database, month_id: int, reason: str, *, actor: str, now: datetime | None = None
) -> MonthInfo:
    """已审核 → 草稿, for a correction: needs a reason, which the history keeps. The approved
    results are dropped until the month is approved again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "重新打开已审核的月份须填写原因"})
    if len(reason) > MAX_NOTE:
        raise ValidationError({"reason": f"原因不能超过{MAX_NOTE}个字"})
    with db.session() as session:
        record = _transition(session, month_id, MonthAction.REOPEN, actor, reason, now)
        session.execute(delete(ScoreResult).where(ScoreResult.month_id == month_id))
        record.reopen_count += 1
        session.flush()
        return _month_info(session, record)


# ------------------------------------------------------------------------------------ internals


def _refuse_faulty_entries(rows: list[SheetRow], doing: str) -> None:
    for row in rows:
        for entry in row.entries.values():
            if entry.problem:
                raise RefusedError(f"{row.name}：{entry.problem}；请先更正再{doing}")


def _load(session: Session, month_id: int) -> AssessmentMonth:
    record = session.get(AssessmentMonth, month_id)
    if record is None:
        raise NotFoundError("该考核月份不存在（可能已被删除）")
    return record


def _month_record(
    session: Session, township_id: int, first: date, family: str | None
) -> AssessmentMonth:
    township = session.get(GridUnit, township_id)
    if township is None or township.level != Level.TOWNSHIP.value:
        raise NotFoundError("该乡镇(街道)不存在")
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
    when = period_label(*month_bounds(first))
    if family is None:
        if not families:
            raise NotFoundError(f"还没有适用于{when}的考核细则，请先新建考核细则")
        if len(families) > 1:
            names = "、".join((in_force.get(f) or existing[f].scheme).name for f in families)
            raise ValidationError({"scheme": f"{when}有多套考核细则适用：{names}；请选择一套"})
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
        session.add(record)
        session.flush()
    else:
        _follow_scheme(session, record)
    return record


def _follow_scheme(session: Session, record: AssessmentMonth) -> None:
    """A month never approved follows the version of its scheme in force (see the docstring)."""
    if record.status == MonthStatus.APPROVED or record.reopen_count:
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
    month_id: int,
    action: MonthAction,
    actor: str,
    note: str,
    now: datetime | None,
) -> AssessmentMonth:
    actor = (actor or "").strip()
    if not actor:
        raise ValidationError({"actor": "请填写操作人"})
    record = _load(session, month_id)
    status = MonthStatus(record.status)
    sources, target = TRANSITIONS[action]
    if status not in sources:
        label = _month_info(session, record).label
        raise RefusedError(f"{label}的考核{REFUSALS[(action, status)]}")
    session.add(
        AssessmentEvent(
            month_id=record.id,
            at=now or current_time(),
            actor=actor,
            action=action.value,
            status_from=status.value,
            status_to=target.value,
            note=note,
        )
    )
    record.status = target.value
    session.flush()
    return record


def _locked_message(session: Session, record: AssessmentMonth) -> str:
    label = _month_info(session, record).label
    return f"{label}的考核已审核锁定，不能修改；如需更正，请先重新打开并说明原因"


def _month_info(session: Session, record: AssessmentMonth) -> MonthInfo:
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
            for event in record.events
        ),
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


def _rank_order(score: WorkerScore) -> tuple:
    return (score.rank, initials(score.name), score.name, score.person_id)
