"""Grid warnings (网格预警) and their dispatch (综治派单): report, dispatch, reassign, escalate,
respond, feed back, close; party members' duty reports (党员报到); a 矛盾苗头 warning turned into a
dispute case. Every step writes a timeline entry (who, when, what, status and level before and
after, a note).

Deadlines (see warning_settings): each dispatch is given a response and a completion deadline
from its own time by the warning's urgency; a reassignment or escalation is a new dispatch with
new deadlines (the new body cannot be late for time before it had the job).
- Overdue (now=): an open, dispatched warning is 办结超时 past its current dispatch's completion
  deadline, else 响应超时 past its response deadline without a response.
- Handled in time (closed or converted warnings that were dispatched): every dispatch responded
  by its response deadline (or ended before it), and the warning concluded by the completion
  deadline of its last dispatch.
- Response hours: from the first dispatch to the first response of any dispatch — how long the
  people who warned waited for somebody to act.

Clock: every action takes now= (default: the machine's time); reads take now= for the overdue
state. Refusals are RefusedError (the step is not allowed now), ValidationError (a field) or
ConflictError: a step given `loaded=` (the warning as the dialog read it) is refused when another
step was taken on the warning since, naming that step, who took it and when (see
`refuse_if_stepped`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from desktop.db import Database
from desktop.errors import ConflictError, NotFoundError, RefusedError, ValidationError
from desktop.models import (
    Assignment,
    DisputeCase,
    GridUnit,
    GridWarning,
    PartyReport,
    Person,
    WarningDispatch,
    WarningStep,
    WarningType,
)
from desktop.models.base import now as current_time
from desktop.services import access
from desktop.services.access import Permission
from desktop.services.cases import CaseDraft, PartyDraft, register_case, unit_above
from desktop.services.conflicts import conflict_message
from desktop.services.dates import check_day
from desktop.services.roster import AssignmentInfo
from desktop.services.text import clean_text
from desktop.services.warning_settings import deadlines_for
from desktop.vocabulary import (
    DISPUTE_WARNING_TYPE,
    PARTY_MEMBER,
    URGENCIES,
    WARNING_LEVELS,
    Level,
    WarningAction,
    WarningStatus,
)

NUMBERING_ATTEMPTS = 3


# ----------------------------------------------------------------------------------------- input


@dataclass(frozen=True)
class WarningDraft:
    unit_id: int
    type_id: int
    urgency: str
    description: str
    reporter_id: int
    reported_at: datetime | None = None  # None: now
    people_affected: int = 0


# ---------------------------------------------------------------------------------------- output


class Overdue(StrEnum):
    NONE = "none"  # not dispatched, or concluded: no deadline runs
    ON_TIME = "on_time"
    RESPONSE = "response"  # 响应超时
    COMPLETION = "completion"  # 办结超时

    @property
    def label(self) -> str:
        return {"none": "", "on_time": "正常", "response": "响应超时", "completion": "办结超时"}[
            self
        ]

    @property
    def late(self) -> bool:
        return self in (Overdue.RESPONSE, Overdue.COMPLETION)


@dataclass(frozen=True)
class DispatchInfo:
    id: int
    target: str  # the body, or the person's name
    person_id: int | None
    level: Level
    dispatched_at: datetime
    response_due: datetime
    complete_due: datetime
    responded_at: datetime | None
    ended_at: datetime | None  # reassigned, escalated or converted away
    end_reason: str | None

    @property
    def current(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True)
class WarningStepInfo:
    at: datetime
    actor: str
    action: WarningAction
    status_from: WarningStatus | None
    status_to: WarningStatus
    level_from: Level | None
    level_to: Level
    note: str

    @property
    def label(self) -> str:
        return self.action.label


@dataclass(frozen=True)
class PartyReportInfo:
    person_id: int
    name: str
    at: datetime
    work: str


@dataclass(frozen=True)
class WarningInfo:
    id: int
    uid: str
    number: str
    reported_at: datetime
    unit_id: int
    unit_name: str
    village_name: str  # the village the unit lies in, "" above village level
    type_id: int
    type: str
    urgency: str
    description: str
    people_affected: int
    reporter_id: int
    reporter: str
    status: WarningStatus
    level: Level
    case_id: int | None
    case_number: str  # "" when not turned into a case
    closed_at: datetime | None
    result: str
    overdue: Overdue
    in_time: bool | None  # concluded and dispatched: see the module docstring; else None
    response_hours: Decimal | None
    dispatches: tuple[DispatchInfo, ...] = ()
    steps: tuple[WarningStepInfo, ...] = ()
    party_reports: tuple[PartyReportInfo, ...] = ()
    actions: tuple[WarningAction, ...] = ()
    escalates_to: Level | None = None  # where 提级 would take it; None when it may not
    escalates_to_unit: str = ""  # the unit of that level, "青石村"
    row_version: int = 0  # as read: a step taken on it is refused once someone else took one

    @property
    def current_dispatch(self) -> DispatchInfo | None:
        current = [d for d in self.dispatches if d.current]
        return current[-1] if current else None

    @property
    def target(self) -> str:
        """Whom it is dispatched to now ("" while waiting for dispatch)."""
        dispatch = self.current_dispatch
        return dispatch.target if dispatch is not None else ""

    @property
    def place(self) -> str:
        if self.village_name and self.village_name != self.unit_name:
            return f"{self.village_name} / {self.unit_name}"
        return self.unit_name


# ------------------------------------------------------------------------------------- the rules

ALLOWED: dict[WarningStatus, tuple[WarningAction, ...]] = {
    WarningStatus.REPORTED: (
        WarningAction.DISPATCH,
        WarningAction.ESCALATE,
        WarningAction.PARTY_REPORT,
        WarningAction.CONVERT,
    ),
    WarningStatus.DISPATCHED: (
        WarningAction.RESPOND,
        WarningAction.REASSIGN,
        WarningAction.ESCALATE,
        WarningAction.PARTY_REPORT,
        WarningAction.CONVERT,
    ),
    WarningStatus.RESPONDED: (
        WarningAction.FEEDBACK,
        WarningAction.CLOSE,
        WarningAction.REASSIGN,
        WarningAction.ESCALATE,
        WarningAction.PARTY_REPORT,
        WarningAction.CONVERT,
    ),
    WarningStatus.FED_BACK: (
        WarningAction.FEEDBACK,
        WarningAction.CLOSE,
        WarningAction.REASSIGN,
        WarningAction.ESCALATE,
        WarningAction.PARTY_REPORT,
        WarningAction.CONVERT,
    ),
    WarningStatus.CLOSED: (WarningAction.PARTY_REPORT,),
    WarningStatus.CONVERTED: (WarningAction.PARTY_REPORT,),
}

# Why a step is refused in a state, where a plainer sentence than the generic one helps.
REFUSALS = {
    (WarningAction.DISPATCH, WarningStatus.DISPATCHED): "预警已派单，如需换人处置请用“改派”",
    (WarningAction.DISPATCH, WarningStatus.RESPONDED): "预警已派单并已响应，如需换人处置请用“改派”",
    (WarningAction.DISPATCH, WarningStatus.FED_BACK): "预警已派单并已反馈，如需换人处置请用“改派”",
    (WarningAction.RESPOND, WarningStatus.REPORTED): "预警尚未派单，没有可响应的派单",
    (WarningAction.RESPOND, WarningStatus.RESPONDED): "该派单已经响应过了",
    (WarningAction.RESPOND, WarningStatus.FED_BACK): "该派单已经响应过了",
    (WarningAction.FEEDBACK, WarningStatus.REPORTED): "预警尚未派单，没有可反馈的处置",
    (WarningAction.FEEDBACK, WarningStatus.DISPATCHED): "承办单位尚未响应，请先登记响应",
    (WarningAction.CLOSE, WarningStatus.REPORTED): "预警尚未派单处置，不能办结",
    (WarningAction.CLOSE, WarningStatus.DISPATCHED): "承办单位尚未响应，不能办结",
    (WarningAction.REASSIGN, WarningStatus.REPORTED): "预警尚未派单，请用“派单”",
}


def escalation_unit(unit: GridUnit, level: Level) -> GridUnit | None:
    """The unit above `level` in the unit's own tree that an escalation hands the warning to (a
    micro-grid directly under a village goes to the village); None at the township."""
    order = list(WARNING_LEVELS)
    current = unit
    while current is not None:
        here = Level(current.level)
        if here in order and order.index(here) > order.index(level):
            return current
        current = current.parent
    return None


def next_level(unit: GridUnit, level: Level) -> Level | None:
    """The level an escalation from `level` goes to; None at the township."""
    above = escalation_unit(unit, level)
    return Level(above.level) if above is not None else None


def allowed_actions(warning: GridWarning) -> tuple[WarningAction, ...]:
    status = WarningStatus(warning.status)
    found = []
    for action in ALLOWED[status]:
        if action is WarningAction.CONVERT and warning.type.name != DISPUTE_WARNING_TYPE:
            continue
        if (
            action is WarningAction.ESCALATE
            and next_level(warning.unit, Level(warning.level)) is None
        ):
            continue
        found.append(action)
    return tuple(found)


def _check(action: WarningAction, warning: GridWarning) -> None:
    status = WarningStatus(warning.status)
    if action in allowed_actions(warning):
        return
    if action is WarningAction.CONVERT and action in ALLOWED[status]:
        raise RefusedError(
            f"只有“{DISPUTE_WARNING_TYPE}”类预警可以转为矛盾纠纷案件，该预警是“{warning.type.name}”"
        )
    if action is WarningAction.ESCALATE and action in ALLOWED[status]:
        raise RefusedError("预警已由乡镇(街道)一级处置，不能再提级")
    if not status.open:
        raise RefusedError(f"预警{status.label}，不能再{action.label}")
    raise RefusedError(
        REFUSALS.get((action, status), f"预警当前为“{status.label}”，不能{action.label}")
    )


# ---------------------------------------------------------------------------------- registration


def report_warning(
    db: Database, draft: WarningDraft, *, actor: str, now: datetime | None = None
) -> WarningInfo:
    """上报: a warning from a worker in post. Its number is the next of its township and year;
    it is handled first at the level of the unit it was seen in."""
    access.require(db, Permission.EDIT)
    now = now or current_time()
    reported_at = draft.reported_at or now
    errors: dict[str, str] = {}
    if reported_at > now:
        errors["reported_at"] = "上报时间不能晚于现在"
    if draft.urgency not in URGENCIES:
        errors["urgency"] = f"紧急程度应为：{'、'.join(URGENCIES)}"
    description = clean_text(draft.description, multiline=True)
    if not description:
        errors["description"] = "请简要写明看到的情况"
    if not isinstance(draft.people_affected, int) or draft.people_affected < 0:
        errors["people_affected"] = "涉及人数应为 0 或正整数"
    for attempt in range(NUMBERING_ATTEMPTS):
        try:
            return _insert_warning(db, draft, description, reported_at, errors, actor, now)
        except IntegrityError:
            if attempt + 1 == NUMBERING_ATTEMPTS:
                raise RefusedError("预警编号正被同时上报的其他预警占用，请再保存一次") from None
    raise AssertionError("unreachable")  # pragma: no cover


def _insert_warning(
    db: Database,
    draft: WarningDraft,
    description: str,
    reported_at: datetime,
    errors: dict[str, str],
    actor: str,
    now: datetime,
) -> WarningInfo:
    errors = dict(errors)
    with db.session() as session:
        unit = session.get(GridUnit, draft.unit_id) if draft.unit_id else None
        township = unit_above(unit, Level.TOWNSHIP)
        if township is None:
            errors["unit"] = "请选择预警发生地（乡镇及以下的网格单位）"
        kind = session.get(WarningType, draft.type_id) if draft.type_id else None
        if kind is None:
            errors["type"] = "请选择预警类型"
        reporter = session.get(Person, draft.reporter_id) if draft.reporter_id else None
        if reporter is None:
            errors["reporter"] = "请选择报告人"
        elif not in_post(session, reporter.id, reported_at.date()):
            errors["reporter"] = f"{reporter.name} 在 {reported_at:%Y-%m-%d} 不在岗，不能作为报告人"
        if errors:
            raise ValidationError(errors)
        year = reported_at.year
        seq = 1 + (
            session.scalar(
                select(func.max(GridWarning.seq)).where(
                    GridWarning.township_id == township.id, GridWarning.year == year
                )
            )
            or 0
        )
        level = Level(unit.level)
        warning = GridWarning(
            township_id=township.id,
            year=year,
            seq=seq,
            number=warning_number(township.name, year, seq),
            reported_at=reported_at,
            unit=unit,
            type=kind,
            urgency=draft.urgency,
            description=description,
            people_affected=draft.people_affected,
            reporter=reporter,
            status=WarningStatus.REPORTED.value,
            level=level.value,
            result="",
        )
        session.add(warning)
        warning.steps.append(
            WarningStep(
                at=reported_at,
                actor=_actor(actor),
                action=WarningAction.REPORT.value,
                status_from=None,
                status_to=warning.status,
                level_from=None,
                level_to=warning.level,
                note=f"{kind.name}，{draft.urgency}，报告人 {reporter.name}",
            )
        )
        session.flush()
        return _info(warning, now)


def warning_number(township_name: str, year: int, seq: int) -> str:
    return f"{township_name}预警〔{year}〕{seq:04d}号"


def in_post(session: Session, person_id: int, day: date) -> bool:
    """Whether the person holds any post on that day."""
    return bool(posts_on(session, day, Assignment.person_id == person_id))


def posts_on(session: Session, day: date, *where: ColumnElement[bool]) -> list[Assignment]:
    """The assignments (with person, unit and role) held on `day`, by the roster's rule
    (AssignmentInfo.active_on: the end date is the first day out of post), as the reporter
    and party-member choosers show them."""
    started = session.scalars(
        select(Assignment)
        .options(
            selectinload(Assignment.person),
            selectinload(Assignment.unit),
            selectinload(Assignment.role),
        )
        .where(Assignment.start_date <= day, *where)
    ).all()
    return [post for post in started if AssignmentInfo.of(post).active_on(day)]


def _actor(actor: str) -> str:
    return (actor or "?").strip()[:40] or "?"


# ----------------------------------------------------------------------------------------- steps

Change = Callable[[Session, GridWarning], str]
"""Applies a step to a loaded warning; returns words for the timeline; raises to refuse it."""


def _take(
    db: Database,
    warning_id: int,
    action: WarningAction,
    change: Change,
    *,
    actor: str,
    now: datetime | None,
    note: str = "",
    at: datetime | None = None,
    loaded: WarningInfo | None = None,
) -> WarningInfo:
    """Check `action` against the warning's state, apply `change`, write the step (at `at`,
    default now) and return the warning as it now is; nothing is written on a refusal."""
    now = now or current_time()
    with db.session() as session:
        return _step(
            session,
            warning_id,
            action,
            change,
            actor=actor,
            now=now,
            note=note,
            at=at,
            loaded=loaded,
        )


def _step(
    session: Session,
    warning_id: int,
    action: WarningAction,
    change: Change,
    *,
    actor: str,
    now: datetime,
    note: str = "",
    at: datetime | None = None,
    loaded: WarningInfo | None = None,
) -> WarningInfo:
    """_take inside the caller's transaction. A step the warning's state no longer allows is
    refused for that (the clearer reason); one it still allows is refused (ConflictError) when
    another step was taken since `loaded` was read, so that none is taken on a state the clerk
    never saw.

    Every step bumps the warning's row version, by hand unless the change did: a step may add
    rows under the warning (a second feedback, a party member's report) without changing a column
    of its own, and another workstation must still see the warning as changed."""
    at = at or now
    warning = load_warning(session, warning_id)
    _check(action, warning)
    refuse_if_stepped(warning, loaded)
    version = warning.row_version
    if at < warning.reported_at:
        raise ValidationError(
            {"at": f"时间不能早于预警上报时间 {warning.reported_at:%Y-%m-%d %H:%M}"}
        )
    if at > now:
        raise ValidationError({"at": "时间不能晚于现在"})
    status_from, level_from = warning.status, warning.level
    said = change(session, warning)
    warning.steps.append(
        WarningStep(
            at=at,
            actor=_actor(actor),
            action=action.value,
            status_from=status_from,
            status_to=warning.status,
            level_from=level_from,
            level_to=warning.level,
            note="；".join(part for part in (said, clean_text(note)) if part),
        )
    )
    if warning.row_version == version:  # not bumped by a flush of the change: one bump a step
        warning.row_version = version + 1
    session.flush()
    return _info(warning, now)


def refuse_if_stepped(warning: GridWarning, loaded: WarningInfo | None) -> None:
    """Raise ConflictError when a step was taken on the warning after `loaded` (the warning as
    a dialog read it, with its timeline; None: nothing to check) was read, naming the steps taken
    since (those of the timeline the loaded one lacks), who took the last one and when it was
    saved."""
    if loaded is None or loaded.row_version == warning.row_version:
        return
    taken: list[WarningStepInfo] = []
    if loaded.steps:  # a warning read without its timeline (a list's) names no step
        seen = Counter(loaded.steps)
        for step in map(_step_info, warning.steps):
            if seen[step]:
                seen[step] -= 1
            else:
                taken.append(step)
    last = max(warning.steps, key=lambda step: step.id)
    named = list(dict.fromkeys(step.label for step in taken))
    raise ConflictError(
        conflict_message(f"预警 {warning.number} ", last.actor, warning.updated_at, named)
    )


def load_warning(session: Session, warning_id: int) -> GridWarning:
    warning = session.get(GridWarning, warning_id)
    if warning is None:
        raise NotFoundError("该预警不存在（可能已被删除）")
    return warning


def _current(warning: GridWarning) -> WarningDispatch | None:
    current = [d for d in warning.dispatches if d.ended_at is None]
    return current[-1] if current else None


def _new_dispatch(
    db: Database, session: Session, warning: GridWarning, target: str, person_id: int | None, now
) -> WarningDispatch:
    if person_id is not None:
        person = session.get(Person, person_id)
        if person is None:
            raise ValidationError({"target": "所选承办人不存在（可能已被删除）"})
        target = person.name
    target = clean_text(target)
    if not target:
        raise ValidationError({"target": "请选择派单对象（单位或承办人）"})
    if len(target) > 60:
        raise ValidationError({"target": "派单对象不能超过 60 个字"})
    response_due, complete_due = deadlines_for(db, warning.urgency, now)
    dispatch = WarningDispatch(
        target=target,
        person_id=person_id,
        level=warning.level,
        dispatched_at=now,
        response_due=response_due,
        complete_due=complete_due,
    )
    warning.dispatches.append(dispatch)
    warning.status = WarningStatus.DISPATCHED.value
    return dispatch


def dispatch_note(target: str, response_due: datetime, complete_due: datetime) -> str:
    """What the timeline says of a dispatch (the demo writes the same words)."""
    return f"派给{target}，{response_due:%m-%d %H:%M} 前响应，{complete_due:%m-%d %H:%M} 前办结"


def _dispatch_note(dispatch: WarningDispatch) -> str:
    return dispatch_note(dispatch.target, dispatch.response_due, dispatch.complete_due)


def dispatch(
    db: Database,
    warning_id: int,
    target: str = "",
    *,
    person_id: int | None = None,
    actor: str,
    note: str = "",
    now: datetime | None = None,
    loaded: WarningInfo | None = None,
) -> WarningInfo:
    """派单 to a body (派出所, 司法所 … or any named body) or a person (person_id; their name is
    the target). The deadlines run from now by the warning's urgency."""
    access.require(db, Permission.EDIT)
    now = now or current_time()

    def change(session: Session, warning: GridWarning) -> str:
        return _dispatch_note(_new_dispatch(db, session, warning, target, person_id, now))

    return _take(
        db,
        warning_id,
        WarningAction.DISPATCH,
        change,
        actor=actor,
        now=now,
        note=note,
        loaded=loaded,
    )


def reassign(
    db: Database,
    warning_id: int,
    target: str = "",
    *,
    person_id: int | None = None,
    reason: str,
    actor: str,
    now: datetime | None = None,
    loaded: WarningInfo | None = None,
) -> WarningInfo:
    """改派: the current dispatch ends with the reason; a new one starts with new deadlines."""
    access.require(db, Permission.EDIT)
    if not (reason or "").strip():
        raise ValidationError({"reason": "改派须写明理由"})
    now = now or current_time()

    def change(session: Session, warning: GridWarning) -> str:
        current = _current(warning)
        new = _new_dispatch(db, session, warning, target, person_id, now)
        if current is not None and current.target == new.target:
            raise ValidationError({"target": f"预警已派给{current.target}，请选择其他派单对象"})
        if current is not None:
            current.ended_at = now
            current.end_reason = f"改派：{clean_text(reason)}"[:200]
        return _dispatch_note(new)

    return _take(
        db,
        warning_id,
        WarningAction.REASSIGN,
        change,
        actor=actor,
        now=now,
        note=reason,
        loaded=loaded,
    )


def escalate(
    db: Database,
    warning_id: int,
    *,
    reason: str,
    actor: str,
    now: datetime | None = None,
    loaded: WarningInfo | None = None,
) -> WarningInfo:
    """提级: the next level up handles it (微网格 → 网格 → 村(社区) → 乡镇(街道)). The current
    dispatch, if any, ends; the warning waits for that level to dispatch it."""
    access.require(db, Permission.EDIT)
    if not (reason or "").strip():
        raise ValidationError({"reason": "提级须写明理由（本级为何不能处置）"})
    now = now or current_time()

    def change(_session: Session, warning: GridWarning) -> str:
        before = Level(warning.level)
        after = Level(escalation_unit(warning.unit, before).level)
        current = _current(warning)
        if current is not None:
            current.ended_at = now
            current.end_reason = f"提级：{clean_text(reason)}"[:200]
        warning.level = after.value
        warning.status = WarningStatus.REPORTED.value
        return f"{before.label} → {after.label}"

    return _take(
        db,
        warning_id,
        WarningAction.ESCALATE,
        change,
        actor=actor,
        now=now,
        note=reason,
        loaded=loaded,
    )


def respond(
    db: Database,
    warning_id: int,
    *,
    actor: str,
    note: str = "",
    at: datetime | None = None,
    now: datetime | None = None,
    loaded: WarningInfo | None = None,
) -> WarningInfo:
    """响应: the dispatched body or person took the job, at `at` (default now; a clerk may record
    a phone call after it came)."""
    access.require(db, Permission.EDIT)
    now = now or current_time()
    when = at or now

    def change(_session: Session, warning: GridWarning) -> str:
        current = _current(warning)
        if when < current.dispatched_at:
            raise ValidationError({"at": "响应时间不能早于派单时间"})
        current.responded_at = when
        warning.status = WarningStatus.RESPONDED.value
        late = "（已超过响应时限）" if when > current.response_due else ""
        return f"{current.target}已响应{late}"

    return _take(
        db,
        warning_id,
        WarningAction.RESPOND,
        change,
        actor=actor,
        now=now,
        note=note,
        at=when,
        loaded=loaded,
    )


def feedback(
    db: Database,
    warning_id: int,
    text: str,
    *,
    actor: str,
    now: datetime | None = None,
    loaded: WarningInfo | None = None,
) -> WarningInfo:
    """反馈: what the body did or found; may be given more than once."""
    access.require(db, Permission.EDIT)
    if not (text or "").strip():
        raise ValidationError({"text": "请写明反馈内容（处置情况）"})

    def change(_session: Session, warning: GridWarning) -> str:
        warning.status = WarningStatus.FED_BACK.value
        return ""

    return _take(
        db,
        warning_id,
        WarningAction.FEEDBACK,
        change,
        actor=actor,
        now=now,
        note=text,
        loaded=loaded,
    )


def close(
    db: Database,
    warning_id: int,
    result: str,
    *,
    actor: str,
    now: datetime | None = None,
    loaded: WarningInfo | None = None,
) -> WarningInfo:
    """办结 with the result."""
    access.require(db, Permission.EDIT)
    if not (result or "").strip():
        raise ValidationError({"result": "请写明办结结果"})
    now = now or current_time()

    def change(_session: Session, warning: GridWarning) -> str:
        warning.status = WarningStatus.CLOSED.value
        warning.closed_at = now
        warning.result = clean_text(result, multiline=True)
        return "已超过办结时限" if now > _current(warning).complete_due else ""

    return _take(
        db,
        warning_id,
        WarningAction.CLOSE,
        change,
        actor=actor,
        now=now,
        note=result,
        loaded=loaded,
    )


def party_report(
    db: Database,
    warning_id: int,
    person_id: int,
    work: str,
    *,
    actor: str,
    at: datetime | None = None,
    now: datetime | None = None,
    loaded: WarningInfo | None = None,
) -> WarningInfo:
    """党员报到: a party member (政治面貌 中共党员) reported for duty on the warning at `at`
    (default now) and did `work`."""
    access.require(db, Permission.EDIT)
    if not (work or "").strip():
        raise ValidationError({"work": "请写明报到党员做了什么"})
    now = now or current_time()
    when = at or now

    def change(session: Session, warning: GridWarning) -> str:
        person = session.get(Person, person_id) if person_id else None
        if person is None:
            raise ValidationError({"person": "请选择报到的党员"})
        if person.political_status != PARTY_MEMBER:
            shown = person.political_status or "未登记"
            raise RefusedError(f"{person.name} 的政治面貌是“{shown}”，党员报到只登记{PARTY_MEMBER}")
        done = clean_text(work, multiline=True)
        warning.party_reports.append(PartyReport(person=person, at=when, work=done))
        return f"{person.name}：{done}"

    return _take(
        db,
        warning_id,
        WarningAction.PARTY_REPORT,
        change,
        actor=actor,
        now=now,
        at=when,
        loaded=loaded,
    )


def convert_to_case(
    db: Database,
    warning_id: int,
    parties: tuple[PartyDraft, ...],
    *,
    category_id: int,
    actor: str,
    summary: str = "",
    now: datetime | None = None,
    loaded: WarningInfo | None = None,
) -> WarningInfo:
    """转为矛盾纠纷案件: register a dispute case (source 网格上报, the warning's place, reporter and
    people) through cases.register_case and conclude the warning as 已转案件, linked to it — in
    one transaction, so that a failure leaves neither a case nor a half-made link."""
    access.require(db, Permission.EDIT)
    now = now or current_time()
    with db.session() as session:  # refuse for the warning's state before a case is made
        warning = load_warning(session, warning_id)
        _check(WarningAction.CONVERT, warning)
        refuse_if_stepped(warning, loaded)
        draft = CaseDraft(
            received_on=now.date(),
            source="网格上报",
            category_id=category_id,
            unit_id=warning.unit_id,
            parties=parties,
            summary=clean_text(summary, multiline=True) or warning.description,
            people_involved=warning.people_affected,
            reporter_id=warning.reporter_id,
        )
    converted: list[WarningInfo] = []

    def link(session: Session, case: DisputeCase) -> None:
        def change(_session: Session, warning: GridWarning) -> str:
            current = _current(warning)
            if current is not None:
                current.ended_at = now
                current.end_reason = "转为矛盾纠纷案件"
            warning.case = case
            warning.status = WarningStatus.CONVERTED.value
            warning.closed_at = now
            warning.result = f"转为矛盾纠纷案件 {case.number}"
            return warning.result

        converted.append(
            _step(
                session,
                warning_id,
                WarningAction.CONVERT,
                change,
                actor=actor,
                now=now,
                loaded=loaded,
            )
        )

    register_case(db, draft, actor=actor, now=now, along=link)
    return converted[-1]


# ----------------------------------------------------------------------------------------- reads


@dataclass(frozen=True)
class WarningFilter:
    """Which warnings a list shows. `month` is any day of the month they were reported in;
    `unit_id` takes the unit and everything below it."""

    month: date | None = None
    status: WarningStatus | None = None
    type_id: int | None = None
    urgency: str | None = None
    unit_id: int | None = None
    overdue_only: bool = False
    open_only: bool = False


def get_warning(db: Database, warning_id: int, *, now: datetime | None = None) -> WarningInfo:
    with db.session() as session:
        return _info(load_warning(session, warning_id), now or current_time())


def warning_of_case(
    db: Database, case_id: int, *, now: datetime | None = None
) -> WarningInfo | None:
    """The warning a dispute case was made from, if any (the other half of the link)."""
    with db.session() as session:
        warning = session.scalar(select(GridWarning).where(GridWarning.case_id == case_id))
        return _info(warning, now or current_time()) if warning is not None else None


def list_warnings(
    db: Database,
    where: WarningFilter = WarningFilter(),
    *,
    now: datetime | None = None,
    full: bool = False,
) -> list[WarningInfo]:
    """Warnings, newest reported first. `full=True` adds each one's timeline."""
    now = now or current_time()
    with db.session() as session:
        query = select(GridWarning).options(
            selectinload(GridWarning.type),
            selectinload(GridWarning.unit).selectinload(GridUnit.parent),
            selectinload(GridWarning.reporter),
            selectinload(GridWarning.case),
            selectinload(GridWarning.dispatches),
            selectinload(GridWarning.party_reports).selectinload(PartyReport.person),
        )
        if full:
            query = query.options(selectinload(GridWarning.steps))
        if where.month is not None:
            start, end = month_span(where.month)
            query = query.where(GridWarning.reported_at >= start, GridWarning.reported_at < end)
        if where.status is not None:
            query = query.where(GridWarning.status == WarningStatus(where.status).value)
        if where.type_id is not None:
            query = query.where(GridWarning.type_id == where.type_id)
        if where.urgency:
            query = query.where(GridWarning.urgency == where.urgency)
        if where.unit_id is not None:
            query = query.where(GridWarning.unit_id.in_(_subtree(session, where.unit_id)))
        if where.open_only or where.overdue_only:
            query = query.where(GridWarning.status.in_([s.value for s in WarningStatus if s.open]))
        found = session.scalars(
            query.order_by(GridWarning.reported_at.desc(), GridWarning.id.desc())
        ).all()
        infos = [_info(w, now, full=full) for w in found]
    if where.overdue_only:
        infos = [w for w in infos if w.overdue.late]
    return infos


@dataclass(frozen=True)
class PartyMemberInfo:
    person_id: int
    name: str
    posts: str  # "青山一组 党员中心户、青山村 人民调解员"


def party_members(db: Database, unit_id: int | None = None, *, on: date) -> list[PartyMemberInfo]:
    """The party members (中共党员) in post on `on` who may report for duty: those of the unit's
    village (the village and everything below it) when a unit is given, the nearest first — the
    unit's own people, then by name."""
    with db.session() as session:
        area = None
        nearby: set[int] = set()
        if unit_id is not None:
            unit = session.get(GridUnit, unit_id)
            if unit is None:
                raise NotFoundError("该网格单位不存在（可能已被删除）")
            home = unit_above(unit, Level.VILLAGE) or unit
            area = set(_subtree(session, home.id))
            nearby = {unit.id, unit.parent_id}
        party = select(Person.id).where(Person.political_status == PARTY_MEMBER)
        found: dict[int, list[Assignment]] = {}
        for post in posts_on(session, on, Assignment.person_id.in_(party)):
            if area is None or post.unit_id in area:
                found.setdefault(post.person_id, []).append(post)
        members = [
            (
                not any(p.unit_id in nearby for p in held),
                held[0].person.name,
                PartyMemberInfo(
                    person_id,
                    held[0].person.name,
                    "、".join(sorted({f"{p.unit.name} {p.role.name}" for p in held})),
                ),
            )
            for person_id, held in found.items()
        ]
    return [info for *_, info in sorted(members, key=lambda m: (m[0], m[1], m[2].person_id))]


def month_span(day: date) -> tuple[datetime, datetime]:
    """The month of `day` as [first midnight, next month's first midnight)."""
    check_day(day, "月份", "month")
    start = datetime(day.year, day.month, 1)
    following = datetime(day.year + day.month // 12, day.month % 12 + 1, 1)
    return start, following


def _subtree(session: Session, unit_id: int) -> list[int]:
    children: dict[int | None, list[int]] = {}
    for child, parent in session.execute(select(GridUnit.id, GridUnit.parent_id)):
        children.setdefault(parent, []).append(child)
    found, stack = [], [unit_id]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


# ------------------------------------------------------------------------------------ judgements


def overdue_state(
    status: WarningStatus, current: WarningDispatch | DispatchInfo | None, now: datetime
) -> Overdue:
    if not status.open or current is None or status is WarningStatus.REPORTED:
        return Overdue.NONE
    if now > current.complete_due:
        return Overdue.COMPLETION
    if current.responded_at is None and now > current.response_due:
        return Overdue.RESPONSE
    return Overdue.ON_TIME


def handled_in_time(
    dispatches: list[WarningDispatch] | tuple[DispatchInfo, ...], closed_at: datetime | None
) -> bool | None:
    """See the module docstring; None while open or when never dispatched."""
    if closed_at is None or not dispatches:
        return None
    for item in dispatches:
        # a body that never answered was late once its job outlived the response deadline
        answered = item.responded_at or item.ended_at or closed_at
        if answered > item.response_due:
            return False
    return closed_at <= dispatches[-1].complete_due


def response_hours(dispatches: list[WarningDispatch] | tuple[DispatchInfo, ...]) -> Decimal | None:
    """First dispatch to first response, in hours to one decimal (half up)."""
    responses = [d.responded_at for d in dispatches if d.responded_at is not None]
    if not dispatches or not responses:
        return None
    seconds = (min(responses) - dispatches[0].dispatched_at) / timedelta(seconds=1)
    return hours_of(seconds)


def hours_of(seconds: float) -> Decimal:
    return (Decimal(int(seconds)) / 3600).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _info(warning: GridWarning, now: datetime, *, full: bool = True) -> WarningInfo:
    status = WarningStatus(warning.status)
    village = unit_above(warning.unit, Level.VILLAGE)
    dispatches = tuple(
        DispatchInfo(
            d.id,
            d.target,
            d.person_id,
            Level(d.level),
            d.dispatched_at,
            d.response_due,
            d.complete_due,
            d.responded_at,
            d.ended_at,
            d.end_reason,
        )
        for d in warning.dispatches
    )
    current = [d for d in dispatches if d.current]
    case: DisputeCase | None = warning.case
    actions = allowed_actions(warning)
    above = (
        escalation_unit(warning.unit, Level(warning.level))
        if WarningAction.ESCALATE in actions
        else None
    )
    return WarningInfo(
        id=warning.id,
        uid=warning.uid,
        number=warning.number,
        reported_at=warning.reported_at,
        unit_id=warning.unit_id,
        unit_name=warning.unit.name,
        village_name=village.name if village is not None else "",
        type_id=warning.type_id,
        type=warning.type.name,
        urgency=warning.urgency,
        description=warning.description,
        people_affected=warning.people_affected,
        reporter_id=warning.reporter_id,
        reporter=warning.reporter.name,
        status=status,
        level=Level(warning.level),
        case_id=warning.case_id,
        case_number=case.number if case is not None else "",
        closed_at=warning.closed_at,
        result=warning.result,
        overdue=overdue_state(status, current[-1] if current else None, now),
        in_time=handled_in_time(dispatches, warning.closed_at),
        response_hours=response_hours(dispatches),
        dispatches=dispatches,
        steps=tuple(map(_step_info, warning.steps)) if full else (),
        party_reports=tuple(
            PartyReportInfo(r.person_id, r.person.name, r.at, r.work) for r in warning.party_reports
        ),
        actions=actions,
        escalates_to=Level(above.level) if above is not None else None,
        escalates_to_unit=above.name if above is not None else "",
        row_version=warning.row_version,
    )


def _step_info(step: WarningStep) -> WarningStepInfo:
    return WarningStepInfo(
        step.at,
        step.actor,
        WarningAction(step.action),
        WarningStatus(step.status_from) if step.status_from else None,
        WarningStatus(step.status_to),
        Level(step.level_from) if step.level_from else None,
        Level(step.level_to),
        step.note,
    )
