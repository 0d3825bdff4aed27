"""Dispute cases: register, follow through the steps of case_workflow, and read back.

Every step writes a CaseStep (who, when, what, the status and level before and after, a note),
so a case's page shows its whole history. Dates of events default to today; tests and imports
pass them in (`on`, `now`), and reads take the `today` that deadline states are judged on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from desktop.db import Database
from desktop.errors import NotFoundError, RefusedError, ValidationError
from desktop.models import (
    Agreement,
    CaseCategory,
    CaseMediator,
    CaseParty,
    CaseStep,
    DisputeCase,
    FollowUp,
    GridUnit,
    MediationSession,
    Person,
)
from desktop.models.base import now as current_time
from desktop.services import access, case_workflow
from desktop.services.access import Permission
from desktop.services.case_settings import (
    DeadlineState,
    deadline_state,
    due_state,
    load_deadlines,
)
from desktop.services.case_workflow import Action, CaseState
from desktop.services.conflicts import refuse_if_changed
from desktop.services.identity import (
    IdNumberError,
    PhoneError,
    mask_id,
    mask_phone,
    normalize_phone,
    parse_citizen_id,
    to_half_width,
)
from desktop.services.text import clean_text
from desktop.vocabulary import (
    CASE_SOURCES,
    RISK_LEVELS,
    CaseOutcome,
    CaseStatus,
    HandlingLevel,
    Level,
)

NUMBERING_ATTEMPTS = 3
# What a step may change on the case itself, compared to name what someone else changed meanwhile.
CASE_FIELDS = (
    "status",
    "level",
    "transferred_to",
    "risk",
    "criminal_risk",
    "group_risk",
    "due_on",
    "outcome",
    "concluded_on",
    "summary",
    "people_involved",
    "amount_fen",
    "category_id",
    "unit_id",
    "received_on",
)
MAX_AMOUNT_FEN = 10**15  # ten trillion yuan: anything above is a typing slip


# ----------------------------------------------------------------------------------------- input


@dataclass(frozen=True)
class PartyDraft:
    name: str
    kind: str = "person"  # or "organisation"
    citizen_id: str = ""
    phone: str = ""
    address: str = ""
    unit_id: int | None = None  # where the party lives in the grid, when known


@dataclass(frozen=True)
class CaseDraft:
    received_on: date
    source: str
    category_id: int
    unit_id: int
    parties: tuple[PartyDraft, ...]
    summary: str
    people_involved: int = 0  # 0: count the parties
    amount: str = ""  # yuan as typed: "12,345.60", "¥800", "3万" is refused
    risk: str = "一般"
    criminal_risk: bool = False
    group_risk: bool = False
    reporter_id: int | None = None


@dataclass(frozen=True)
class SessionDraft:
    held_on: date
    place: str = ""
    mediators_present: str = ""
    parties_present: str = ""
    record: str = ""


@dataclass(frozen=True)
class AgreementDraft:
    signed_on: date
    terms: str
    facts: str = ""
    obligations: str = ""
    performance: str = ""
    perform_by: date | None = None


# ---------------------------------------------------------------------------------------- output


@dataclass(frozen=True)
class PartyInfo:
    id: int
    kind: str
    name: str
    citizen_id: str | None
    phone: str | None
    address: str | None
    unit_id: int | None

    @property
    def masked_id(self) -> str:
        return mask_id(self.citizen_id)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


@dataclass(frozen=True)
class StepInfo:
    at: datetime
    actor: str
    action: Action
    status_from: CaseStatus | None
    status_to: CaseStatus
    level_from: HandlingLevel | None
    level_to: HandlingLevel | None
    note: str

    @property
    def label(self) -> str:
        return self.action.label


@dataclass(frozen=True)
class MediatorOnCase:
    id: int
    person_id: int
    name: str
    lead: bool
    assigned_at: datetime
    ended_at: datetime | None
    end_reason: str | None

    @property
    def current(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True)
class SessionInfo:
    held_on: date
    place: str
    mediators_present: str
    parties_present: str
    record: str


@dataclass(frozen=True)
class AgreementInfo:
    signed_on: date
    facts: str
    terms: str
    obligations: str
    performance: str
    perform_by: date | None
    confirmation_due_on: date
    follow_up_due_on: date


@dataclass(frozen=True)
class FollowUpInfo:
    visited_on: date
    performed: bool
    note: str


@dataclass(frozen=True)
class CaseInfo:
    id: int
    uid: str
    number: str
    received_on: date
    source: str
    category_id: int
    category: str
    unit_id: int
    unit_name: str
    village_name: str  # the village (村/社区) the unit belongs to, or "" above village level
    people_involved: int
    amount_fen: int | None
    summary: str
    risk: str
    criminal_risk: bool
    group_risk: bool
    reporter_id: int | None
    reporter: str
    status: CaseStatus
    level: HandlingLevel | None
    transferred_to: str | None
    original_due_on: date
    due_on: date
    outcome: CaseOutcome | None
    concluded_on: date | None
    deadline: DeadlineState
    row_version: int  # as read: a step taken on it is refused once someone else changed the case
    parties: tuple[PartyInfo, ...] = ()
    steps: tuple[StepInfo, ...] = ()
    mediators: tuple[MediatorOnCase, ...] = ()
    sessions: tuple[SessionInfo, ...] = ()
    agreement: AgreementInfo | None = None
    follow_ups: tuple[FollowUpInfo, ...] = ()
    actions: tuple[Action, ...] = field(default=())
    follow_up: DeadlineState = DeadlineState.NONE  # the follow-up visit's, as `deadline` is

    @property
    def follow_up_due(self) -> bool:
        """待回访: settled, not yet visited, and the visit due within the warning days or late."""
        return self.follow_up in (DeadlineState.DUE_SOON, DeadlineState.OVERDUE)

    @property
    def current_mediators(self) -> tuple[MediatorOnCase, ...]:
        """The mediators now on the case, the lead first."""
        current = [m for m in self.mediators if m.current]
        return tuple(sorted(current, key=lambda m: not m.lead))

    @property
    def mediator_names(self) -> str:
        return "、".join(m.name for m in self.current_mediators)

    @property
    def party_names(self) -> str:
        return "、".join(p.name for p in self.parties)

    @property
    def place(self) -> str:
        """Where it happened, from the village down (units repeat names across villages)."""
        if self.village_name and self.village_name != self.unit_name:
            return f"{self.village_name} / {self.unit_name}"
        return self.unit_name

    @property
    def amount_text(self) -> str:
        return format_yuan(self.amount_fen)


# ------------------------------------------------------------------------------------- follow-up

# A settled case waits for its visit in these states; 回访 moves it on to 已回访.
AWAITING_FOLLOW_UP = (CaseStatus.SETTLED, CaseStatus.CLOSED)


def follow_up_state(
    status: CaseStatus,
    outcome: CaseOutcome | None,
    follow_up_due_on: date | None,
    visited: bool,
    today: date,
    warn_days: int,
) -> DeadlineState:
    """The follow-up visit's deadline: it runs from the agreement until the first visit, by the
    same rule and warning days as the conclusion deadline; NONE when no visit is awaited."""
    if (
        status not in AWAITING_FOLLOW_UP
        or outcome is not CaseOutcome.SETTLED
        or follow_up_due_on is None
        or visited
    ):
        return DeadlineState.NONE
    return due_state(follow_up_due_on, today, warn_days)


# ------------------------------------------------------------------------------------ money text


class AmountTooLarge(ValueError):
    """An amount written well but far too large: a slip of the unit, said as such."""


def parse_yuan(text: str) -> int | None:
    """Yuan as typed ("12,345.6", "¥800", "800元") to fen, exactly; "" is None. ValueError when
    it is not an amount, AmountTooLarge (a ValueError) when it is an absurd one."""
    cleaned = re.sub(r"[\s¥￥元]", "", to_half_width(text or "")).replace("，", ",")
    if not cleaned:
        return None
    # A comma only as a thousands separator: "1,00" is a slip, not a hundred yuan.
    if not re.fullmatch(r"(\d+|\d{1,3}(,\d{3})+)(\.\d{1,2})?", cleaned):
        raise ValueError("涉及金额应为数字（单位：元），最多两位小数，如 12345.60")
    fen = int(Decimal(cleaned.replace(",", "")) * 100)  # at most two decimals: exact
    if fen >= MAX_AMOUNT_FEN:
        raise AmountTooLarge("涉及金额过大，请核对单位（元）")
    return fen


def format_yuan(fen: int | None) -> str:
    """Fen as yuan with two decimals and thousands separators; "" when not given."""
    if fen is None:
        return ""
    return f"{Decimal(fen) / 100:,.2f}"


# ---------------------------------------------------------------------------------- registration


def clean_parties(parties: tuple[PartyDraft, ...]) -> tuple[list[PartyDraft], dict[str, str]]:
    """Normalised parties and the errors found, keyed party0.name, party1.citizen_id …"""
    errors: dict[str, str] = {}
    cleaned: list[PartyDraft] = []
    for i, party in enumerate(parties):
        name = re.sub(r"\s+", " ", to_half_width(party.name)).strip()
        if not name and not (party.citizen_id.strip() or party.phone.strip()):
            continue  # an empty row of the form
        key = f"party{i}"
        if not name:
            errors[f"{key}.name"] = f"第 {i + 1} 位当事人：请填写姓名或单位名称"
        if party.kind not in ("person", "organisation"):
            errors[f"{key}.kind"] = f"第 {i + 1} 位当事人：类型应为个人或单位"
        citizen_id = ""
        if party.citizen_id.strip():
            if party.kind != "person":
                errors[f"{key}.citizen_id"] = f"第 {i + 1} 位当事人是单位，不填身份证号码"
            else:
                try:
                    citizen_id = parse_citizen_id(party.citizen_id).number
                except IdNumberError as err:
                    errors[f"{key}.citizen_id"] = f"第 {i + 1} 位当事人：{err}"
        phone = ""
        if party.phone.strip():
            try:
                phone = normalize_phone(party.phone)
            except PhoneError as err:
                errors[f"{key}.phone"] = f"第 {i + 1} 位当事人：{err}"
        cleaned.append(
            PartyDraft(
                name=name[:80],
                kind=party.kind,
                citizen_id=citizen_id,
                phone=phone,
                address=clean_text(party.address)[:200],
                unit_id=party.unit_id,
            )
        )
    if len(cleaned) < 2:
        errors["parties"] = "矛盾纠纷至少要有两方当事人"
    ids = [p.citizen_id for p in cleaned if p.citizen_id]
    if len(ids) != len(set(ids)):
        errors["parties"] = "同一身份证号码登记为两位当事人，请核对"
    return cleaned, errors


def register_case(
    db: Database,
    draft: CaseDraft,
    *,
    actor: str,
    now: datetime | None = None,
    along: Callable[[Session, DisputeCase], None] | None = None,
) -> CaseInfo:
    """Register a case (排查/受理). Its number is the next of its township and year. `along`
    writes what must stand or fall with the case (a warning linked to it) in the same
    transaction, once the case is inserted."""
    access.require(db, Permission.EDIT)
    now = now or current_time()
    errors: dict[str, str] = {}
    if draft.received_on is None:
        errors["received_on"] = "请填写受理日期"
    elif draft.received_on > now.date():
        errors["received_on"] = "受理日期不能晚于今天"
    if draft.source not in CASE_SOURCES:
        errors["source"] = f"来源应为：{'、'.join(CASE_SOURCES)}"
    if draft.risk not in RISK_LEVELS:
        errors["risk"] = f"风险等级应为：{'、'.join(RISK_LEVELS)}"
    summary = clean_text(draft.summary, multiline=True)
    if not summary:
        errors["summary"] = "请简要写明纠纷情况"
    parties, party_errors = clean_parties(draft.parties)
    errors.update(party_errors)
    try:
        amount = parse_yuan(draft.amount)
    except ValueError as err:
        amount = None
        errors["amount"] = str(err)
    if draft.people_involved < 0:
        errors["people_involved"] = "涉及人数不能为负数"
    # The number is the township's next for the year. Two clerks saving at the same moment on a
    # shared server may both take it: the second insert fails on the unique key and tries again.
    for attempt in range(NUMBERING_ATTEMPTS):
        try:
            return _insert_case(
                db, draft, parties, amount, summary, errors, actor=actor, now=now, along=along
            )
        except IntegrityError:
            if attempt + 1 == NUMBERING_ATTEMPTS:
                raise RefusedError("案件编号正被同时登记的其他案件占用，请再保存一次") from None
    raise AssertionError("unreachable")  # pragma: no cover


def _insert_case(
    db: Database,
    draft: CaseDraft,
    parties: list[PartyDraft],
    amount: int | None,
    summary: str,
    errors: dict[str, str],
    *,
    actor: str,
    now: datetime,
    along: Callable[[Session, DisputeCase], None] | None = None,
) -> CaseInfo:
    """Check what needs the database, then insert the case with its number and first step."""
    with db.session() as session:
        category = session.get(CaseCategory, draft.category_id)
        if category is None:
            errors["category"] = "请选择纠纷类别"
        unit = session.get(GridUnit, draft.unit_id) if draft.unit_id else None
        township = unit_above(unit, Level.TOWNSHIP)
        if township is None:
            errors["unit"] = "请选择纠纷发生地（乡镇及以下的网格单位）"
        if draft.reporter_id is not None and session.get(Person, draft.reporter_id) is None:
            errors["reporter"] = "报告人不存在（可能已被删除）"
        if errors:
            raise ValidationError(errors)
        settings = load_deadlines(db)
        year = draft.received_on.year
        seq = 1 + (
            session.scalar(
                select(func.max(DisputeCase.seq)).where(
                    DisputeCase.township_id == township.id, DisputeCase.year == year
                )
            )
            or 0
        )
        due = draft.received_on + timedelta(days=category.due_days or settings.due_days)
        case = DisputeCase(
            township_id=township.id,
            year=year,
            seq=seq,
            number=case_number(township.name, year, seq),
            received_on=draft.received_on,
            source=draft.source,
            category_id=category.id,
            unit_id=unit.id,
            people_involved=draft.people_involved or len(parties),
            amount_fen=amount,
            summary=summary,
            risk=draft.risk,
            criminal_risk=draft.criminal_risk,
            group_risk=draft.group_risk,
            reporter_id=draft.reporter_id,
            status=CaseStatus.REGISTERED.value,
            original_due_on=due,
            due_on=due,
        )
        # A party's grid unit, when the form did not give one, is taken to be where the dispute
        # arose if that is a grid or micro-grid: neighbours' disputes arise where they live, and
        # the assignment dialog flags a mediator who serves that same grid.
        near = unit.id if unit.level in (Level.GRID, Level.MICRO) else None
        case.parties = [
            CaseParty(
                position=i,
                kind=p.kind,
                name=p.name,
                citizen_id=p.citizen_id or None,
                phone=p.phone or None,
                address=p.address or None,
                unit_id=p.unit_id if p.unit_id is not None else near,
            )
            for i, p in enumerate(parties)
        ]
        session.add(case)
        case.steps.append(
            CaseStep(
                at=now,
                actor=(actor or "?")[:40],
                action=Action.REGISTER.value,
                status_from=None,
                status_to=case.status,
                note=f"来源：{draft.source}",
            )
        )
        session.flush()
        if along is not None:
            along(session, case)
        return _info(session, case, now.date(), settings.warn_days)


def case_number(township_name: str, year: int, seq: int) -> str:
    return f"{township_name}〔{year}〕{seq:04d}号"


def unit_above(unit: GridUnit | None, level: Level) -> GridUnit | None:
    """The unit of `level` that `unit` lies in (itself if it is of that level); None when it
    lies above that level. Walks `parent`, which costs no query once the units are loaded."""
    current = unit
    while current is not None:
        if current.level == level:
            return current
        current = current.parent
    return None


# ----------------------------------------------------------------------------------------- steps


def state_of(case: DisputeCase) -> CaseState:
    return CaseState(
        status=CaseStatus(case.status),
        level=HandlingLevel(case.level) if case.level else None,
        outcome=CaseOutcome(case.outcome) if case.outcome else None,
        has_lead=any(m.lead and m.ended_at is None for m in case.mediators),
        has_mediator=any(m.ended_at is None for m in case.mediators),
        places_filled={m.lead for m in case.mediators if m.ended_at is None} == {True, False},
    )


def load_case(session: Session, case_id: int) -> DisputeCase:
    case = session.get(DisputeCase, case_id)
    if case is None:
        raise NotFoundError("该案件不存在（可能已被删除）")
    return case


Change = Callable[[Session, DisputeCase, datetime], str | None]
"""Applies a step to a loaded case; returns words for the timeline; raises to refuse it."""


def _take(
    db: Database,
    case_id: int,
    action: Action,
    change: Change,
    *,
    actor: str,
    now: datetime | None,
    note: str = "",
    loaded: CaseInfo | None = None,
) -> CaseInfo:
    """Take `action` on the case in one session (see `_apply`)."""
    now = now or current_time()
    with db.session() as session:
        case = load_case(session, case_id)
        return _apply(
            db, session, case, action, change, actor=actor, now=now, note=note, loaded=loaded
        )


def _apply(
    db: Database,
    session: Session,
    case: DisputeCase,
    action: Action,
    change: Change,
    *,
    actor: str,
    now: datetime,
    note: str,
    loaded: CaseInfo | None = None,
) -> CaseInfo:
    """Check `action` against the rules, let `change` apply it, write the step, and return the
    case as it now is. The rules are asked first, so a refused step is refused for its state,
    not for a missing field; nothing is written when anything refuses (the session rolls back).

    `loaded`: the case as the form taking the step loaded it. A step that the case's state no
    longer allows is refused for that (the clearer reason); one it still allows is refused
    (ConflictError) if someone else changed the case since, so that it is not taken on a state
    the clerk never saw."""
    before_status, before_level = case.status, case.level
    target = case_workflow.check(action, state_of(case))
    refuse_if_changed(session, case, loaded, CASE_FIELDS, title=f"案件 {case.number} ")
    extra_note = change(session, case, now) or ""
    case.status = target.value
    case.steps.append(
        CaseStep(
            at=now,
            actor=(actor or "?")[:40],
            action=action.value,
            status_from=before_status,
            status_to=case.status,
            level_from=before_level,
            level_to=case.level,
            note="；".join(part for part in (clean_text(note), extra_note) if part),
        )
    )
    session.flush()
    return _info(session, case, now.date(), load_deadlines(db).warn_days)


def assess(
    db: Database,
    case_id: int,
    *,
    actor: str,
    note: str = "",
    risk: str | None = None,
    criminal_risk: bool | None = None,
    group_risk: bool | None = None,
    now: datetime | None = None,
    loaded: CaseInfo | None = None,
) -> CaseInfo:
    """研判: weigh the case; the risk level and flags may be corrected here."""
    access.require(db, Permission.EDIT)
    if risk is not None and risk not in RISK_LEVELS:
        raise ValidationError({"risk": f"风险等级应为：{'、'.join(RISK_LEVELS)}"})

    def change(_session, case: DisputeCase, _now) -> str:
        said = []
        if risk is not None and risk != case.risk:
            said.append(f"风险等级 {case.risk} → {risk}")
            case.risk = risk
        if criminal_risk is not None and criminal_risk != case.criminal_risk:
            case.criminal_risk = criminal_risk
            said.append("有民转刑风险" if criminal_risk else "无民转刑风险")
        if group_risk is not None and group_risk != case.group_risk:
            case.group_risk = group_risk
            said.append("有群体性风险" if group_risk else "无群体性风险")
        return "，".join(said)

    return _take(db, case_id, Action.ASSESS, change, actor=actor, now=now, note=note, loaded=loaded)


def route(
    db: Database,
    case_id: int,
    level: HandlingLevel,
    *,
    actor: str,
    note: str = "",
    transferred_to: str = "",
    now: datetime | None = None,
    loaded: CaseInfo | None = None,
) -> CaseInfo:
    """分流: hand the case to a level. Higher than it was, or to the county, is an escalation and
    needs a reason; 移送 (to court, police, a department) ends the centre's handling."""
    access.require(db, Permission.EDIT)
    level = HandlingLevel(level)
    now = now or current_time()
    with db.session() as session:
        case = load_case(session, case_id)
        action = routing_action(HandlingLevel(case.level) if case.level else None, level)

        def change(_session, case: DisputeCase, now: datetime) -> str:
            if action is Action.TRANSFER and not transferred_to.strip():
                raise ValidationError(
                    {"transferred_to": "请写明移送到哪个单位（法院、派出所、部门）"}
                )
            if action is Action.ESCALATE and not note.strip():
                raise ValidationError({"note": "上报须写明理由（本级为何不能化解）"})
            if case.status == CaseStatus.ROUTED and case.level == level.value:
                raise ValidationError({"level": f"案件已分流由{level.label}处理，请选择其他层级"})
            case.level = level.value
            if level is HandlingLevel.TRANSFERRED:
                case.transferred_to = clean_text(transferred_to)[:40]
                case.outcome = CaseOutcome.TRANSFERRED.value
                case.concluded_on = now.date()
                return f"移送至{case.transferred_to}"
            return f"由{level.label}处理"

        return _apply(
            db, session, case, action, change, actor=actor, now=now, note=note, loaded=loaded
        )


def routing_action(current: HandlingLevel | None, target: HandlingLevel) -> Action:
    """Which step sending a case from `current` to `target` is: 移送, 上报 (to the county, or
    to a higher level than it was at) or plain 分流."""
    if target is HandlingLevel.TRANSFERRED:
        return Action.TRANSFER
    if target is HandlingLevel.COUNTY or (current is not None and target.rank > current.rank):
        return Action.ESCALATE
    return Action.ROUTE


def start_mediation(
    db: Database,
    case_id: int,
    *,
    actor: str,
    note: str = "",
    now: datetime | None = None,
    loaded: CaseInfo | None = None,
) -> CaseInfo:
    access.require(db, Permission.EDIT)
    return _take(
        db, case_id, Action.START, lambda *_: "", actor=actor, now=now, note=note, loaded=loaded
    )


def record_session(
    db: Database,
    case_id: int,
    draft: SessionDraft,
    *,
    actor: str,
    now: datetime | None = None,
    loaded: CaseInfo | None = None,
) -> CaseInfo:
    """A mediation session: date, place, who was there, the record."""
    access.require(db, Permission.EDIT)
    if draft.held_on is None:
        raise ValidationError({"held_on": "请填写调解日期"})

    place = clean_text(draft.place)[:100]

    def change(session, case: DisputeCase, now: datetime) -> str:
        if draft.held_on > now.date():
            raise ValidationError({"held_on": "调解日期不能晚于今天"})
        if draft.held_on < case.received_on:
            raise ValidationError({"held_on": "调解日期不能早于受理日期"})
        case.sessions.append(
            MediationSession(
                held_on=draft.held_on,
                place=place,
                mediators_present=clean_text(draft.mediators_present)[:200],
                parties_present=clean_text(draft.parties_present)[:200],
                record=clean_text(draft.record, multiline=True),
            )
        )
        return f"{draft.held_on:%Y-%m-%d} 调解" + (f"（{place}）" if place else "")

    return _take(db, case_id, Action.SESSION, change, actor=actor, now=now, loaded=loaded)


def settle(
    db: Database,
    case_id: int,
    draft: AgreementDraft,
    *,
    actor: str,
    note: str = "",
    now: datetime | None = None,
    loaded: CaseInfo | None = None,
) -> CaseInfo:
    """调解成功: record the agreement. The case is concluded on the day it is signed; the windows
    for judicial confirmation and the follow-up visit start then."""
    access.require(db, Permission.EDIT)
    errors = {}
    if draft.signed_on is None:
        errors["signed_on"] = "请填写协议签订日期"
    if not draft.terms.strip():
        errors["terms"] = "请写明协议内容（各方的权利义务）"
    if errors:
        raise ValidationError(errors)
    settings = load_deadlines(db)

    def change(session, case: DisputeCase, now: datetime) -> str:
        if draft.signed_on > now.date():
            raise ValidationError({"signed_on": "协议签订日期不能晚于今天"})
        if draft.signed_on < case.received_on:
            raise ValidationError({"signed_on": "协议签订日期不能早于受理日期"})
        if draft.perform_by is not None and draft.perform_by < draft.signed_on:
            raise ValidationError({"perform_by": "履行期限不能早于签订日期"})
        case.agreement = Agreement(
            signed_on=draft.signed_on,
            facts=clean_text(draft.facts, multiline=True),
            terms=clean_text(draft.terms, multiline=True),
            obligations=clean_text(draft.obligations, multiline=True),
            performance=clean_text(draft.performance, multiline=True),
            perform_by=draft.perform_by,
            confirmation_due_on=draft.signed_on + timedelta(days=settings.confirmation_days),
            follow_up_due_on=draft.signed_on + timedelta(days=settings.follow_up_days),
        )
        case.outcome = CaseOutcome.SETTLED.value
        case.concluded_on = draft.signed_on
        return f"{draft.signed_on:%Y-%m-%d} 签订调解协议"

    return _take(db, case_id, Action.SETTLE, change, actor=actor, now=now, note=note, loaded=loaded)


def fail(
    db: Database,
    case_id: int,
    *,
    actor: str,
    note: str,
    now: datetime | None = None,
    loaded: CaseInfo | None = None,
) -> CaseInfo:
    """调解不成: the reason is required; then re-route, escalate, transfer or close."""
    access.require(db, Permission.EDIT)
    if not note.strip():
        raise ValidationError({"note": "请写明调解不成的原因"})
    return _take(
        db, case_id, Action.FAIL, lambda *_: "", actor=actor, now=now, note=note, loaded=loaded
    )


def close(
    db: Database,
    case_id: int,
    *,
    actor: str,
    note: str = "",
    on: date | None = None,
    now: datetime | None = None,
    loaded: CaseInfo | None = None,
) -> CaseInfo:
    """结案. A settled case keeps its conclusion date (the agreement's); one that failed is
    concluded as not settled on the day it is closed."""
    access.require(db, Permission.EDIT)

    def change(_session, case: DisputeCase, now: datetime) -> str:
        if case.status == CaseStatus.FAILED:
            if not note.strip():
                raise ValidationError({"note": "调解不成结案，请写明理由及告知当事人的其他途径"})
            closed_on = on or now.date()
            if closed_on < case.received_on or closed_on > now.date():
                raise ValidationError({"on": "结案日期应在受理日期与今天之间"})
            case.outcome = CaseOutcome.NOT_SETTLED.value
            case.concluded_on = closed_on
            return "调解不成，终结调解"
        return ""

    return _take(db, case_id, Action.CLOSE, change, actor=actor, now=now, note=note, loaded=loaded)


def follow_up(
    db: Database,
    case_id: int,
    visited_on: date,
    performed: bool,
    *,
    actor: str,
    note: str = "",
    now: datetime | None = None,
    loaded: CaseInfo | None = None,
) -> CaseInfo:
    """回访: whether the agreement is being honoured."""
    access.require(db, Permission.EDIT)

    def change(_session, case: DisputeCase, now: datetime) -> str:
        if visited_on is None:
            raise ValidationError({"visited_on": "请填写回访日期"})
        if visited_on > now.date():
            raise ValidationError({"visited_on": "回访日期不能晚于今天"})
        if case.agreement is not None and visited_on < case.agreement.signed_on:
            raise ValidationError({"visited_on": "回访日期不能早于协议签订日期"})
        case.follow_ups.append(FollowUp(visited_on=visited_on, performed=performed, note=note))
        return "协议已履行" if performed else "协议未履行"

    return _take(
        db, case_id, Action.FOLLOW_UP, change, actor=actor, now=now, note=note, loaded=loaded
    )


def extend(
    db: Database,
    case_id: int,
    new_due: date,
    *,
    actor: str,
    reason: str,
    now: datetime | None = None,
    loaded: CaseInfo | None = None,
) -> CaseInfo:
    """延期: a later due date, with a reason (e.g. both parties agreed); the original stays."""
    access.require(db, Permission.EDIT)
    if not reason.strip():
        raise ValidationError({"reason": "延期须写明理由（如经双方当事人同意）"})

    def change(_session, case: DisputeCase, _now) -> str:
        if new_due is None or new_due <= case.due_on:
            raise ValidationError({"due_on": f"新的期限应晚于现在的 {case.due_on:%Y-%m-%d}"})
        said = f"办结期限 {case.due_on:%Y-%m-%d} → {new_due:%Y-%m-%d}"
        case.due_on = new_due
        return said

    return _take(
        db, case_id, Action.EXTEND, change, actor=actor, now=now, note=reason, loaded=loaded
    )


def take_mediator_step(
    db: Database,
    case_id: int,
    action: Action,
    change: Change,
    *,
    actor: str,
    note: str = "",
    now: datetime | None = None,
    loaded: CaseInfo | None = None,
) -> CaseInfo:
    """For services/mediators.py: assignment steps go through the same check and timeline."""
    access.require(db, Permission.EDIT)
    if action not in (Action.ASSIGN, Action.REASSIGN):
        raise ValueError(action)
    return _take(db, case_id, action, change, actor=actor, now=now, note=note, loaded=loaded)


# ----------------------------------------------------------------------------------------- reads


def get_case(db: Database, case_id: int, *, today: date | None = None) -> CaseInfo:
    with db.session() as session:
        case = load_case(session, case_id)
        return _info(session, case, today or date.today(), load_deadlines(db).warn_days)


def find_case(db: Database, number: str, *, today: date | None = None) -> CaseInfo:
    with db.session() as session:
        case = session.scalar(select(DisputeCase).where(DisputeCase.number == number.strip()))
        if case is None:
            raise NotFoundError(f"没有编号为“{number}”的案件")
        return _info(session, case, today or date.today(), load_deadlines(db).warn_days)


@dataclass(frozen=True)
class CaseFilter:
    """Which cases a list shows. Dates select on the day received, both ends included."""

    received_from: date | None = None
    received_to: date | None = None
    status: CaseStatus | None = None
    category_id: int | None = None
    level: HandlingLevel | None = None
    mediator_id: int | None = None  # a person currently on the case
    overdue_only: bool = False
    open_only: bool = False
    follow_up_due_only: bool = False  # 待回访: see CaseInfo.follow_up_due
    township_id: int | None = None  # one township's cases, in a county database that has several


def list_cases(
    db: Database, where: CaseFilter = CaseFilter(), *, today: date | None = None, full: bool = True
) -> list[CaseInfo]:
    """Cases, newest received first. `full=False` leaves out the timeline and sessions (lists)."""
    today = today or date.today()
    warn_days = load_deadlines(db).warn_days
    with db.session() as session:
        query = select(DisputeCase).options(
            selectinload(DisputeCase.category),
            selectinload(DisputeCase.unit).selectinload(GridUnit.parent),
            selectinload(DisputeCase.reporter),
            selectinload(DisputeCase.parties),
            selectinload(DisputeCase.mediators).selectinload(CaseMediator.person),
            selectinload(DisputeCase.agreement),
            selectinload(DisputeCase.follow_ups),
        )
        if full:
            query = query.options(
                selectinload(DisputeCase.steps), selectinload(DisputeCase.sessions)
            )
        if where.received_from is not None:
            query = query.where(DisputeCase.received_on >= where.received_from)
        if where.received_to is not None:
            query = query.where(DisputeCase.received_on <= where.received_to)
        if where.status is not None:
            query = query.where(DisputeCase.status == where.status.value)
        if where.category_id is not None:
            query = query.where(DisputeCase.category_id == where.category_id)
        if where.township_id is not None:
            query = query.where(DisputeCase.township_id == where.township_id)
        if where.level is not None:
            query = query.where(DisputeCase.level == where.level.value)
        if where.mediator_id is not None:
            query = query.where(
                DisputeCase.id.in_(
                    select(CaseMediator.case_id).where(
                        CaseMediator.person_id == where.mediator_id,
                        CaseMediator.ended_at.is_(None),
                    )
                )
            )
        open_values = [s.value for s in case_workflow.OPEN_STATES]
        if where.open_only or where.overdue_only:
            query = query.where(DisputeCase.status.in_(open_values))
        if where.overdue_only:
            query = query.where(DisputeCase.due_on < today)
        if where.follow_up_due_only:  # narrowed here; follow_up_state decides below
            query = query.where(
                DisputeCase.status.in_([s.value for s in AWAITING_FOLLOW_UP]),
                DisputeCase.outcome == CaseOutcome.SETTLED.value,
            )
        cases = session.scalars(
            query.order_by(DisputeCase.received_on.desc(), DisputeCase.id.desc())
        ).all()
        found = [_info(session, c, today, warn_days, full=full) for c in cases]
        if where.follow_up_due_only:
            return [c for c in found if c.follow_up_due]
        return found


def _info(
    session: Session, case: DisputeCase, today: date, warn_days: int, *, full: bool = True
) -> CaseInfo:
    status = CaseStatus(case.status)
    outcome = CaseOutcome(case.outcome) if case.outcome else None
    village = unit_above(case.unit, Level.VILLAGE)
    agreement = case.agreement
    mediators = tuple(
        MediatorOnCase(
            m.id, m.person_id, m.person.name, m.lead, m.assigned_at, m.ended_at, m.end_reason
        )
        for m in case.mediators
    )
    return CaseInfo(
        id=case.id,
        uid=case.uid,
        number=case.number,
        received_on=case.received_on,
        source=case.source,
        category_id=case.category_id,
        category=case.category.name,
        unit_id=case.unit_id,
        unit_name=case.unit.name,
        village_name=village.name if village is not None else "",
        people_involved=case.people_involved,
        amount_fen=case.amount_fen,
        summary=case.summary,
        risk=case.risk,
        criminal_risk=case.criminal_risk,
        group_risk=case.group_risk,
        reporter_id=case.reporter_id,
        reporter=case.reporter.name if case.reporter is not None else "",
        status=status,
        level=HandlingLevel(case.level) if case.level else None,
        transferred_to=case.transferred_to,
        original_due_on=case.original_due_on,
        due_on=case.due_on,
        outcome=outcome,
        concluded_on=case.concluded_on,
        deadline=deadline_state(status, case.due_on, today, warn_days),
        row_version=case.row_version,
        parties=tuple(
            PartyInfo(p.id, p.kind, p.name, p.citizen_id, p.phone, p.address, p.unit_id)
            for p in case.parties
        ),
        steps=tuple(
            StepInfo(
                s.at,
                s.actor,
                Action(s.action),
                CaseStatus(s.status_from) if s.status_from else None,
                CaseStatus(s.status_to),
                HandlingLevel(s.level_from) if s.level_from else None,
                HandlingLevel(s.level_to) if s.level_to else None,
                s.note,
            )
            for s in case.steps
        )
        if full
        else (),
        mediators=mediators,
        sessions=tuple(
            SessionInfo(s.held_on, s.place, s.mediators_present, s.parties_present, s.record)
            for s in case.sessions
        )
        if full
        else (),
        agreement=AgreementInfo(
            agreement.signed_on,
            agreement.facts,
            agreement.terms,
            agreement.obligations,
            agreement.performance,
            agreement.perform_by,
            agreement.confirmation_due_on,
            agreement.follow_up_due_on,
        )
        if agreement is not None
        else None,
        follow_ups=tuple(FollowUpInfo(f.visited_on, f.performed, f.note) for f in case.follow_ups),
        actions=tuple(case_workflow.allowed(state_of(case))),
        follow_up=follow_up_state(
            status,
            outcome,
            agreement.follow_up_due_on if agreement is not None else None,
            bool(case.follow_ups),
            today,
            warn_days,
        ),
    )
