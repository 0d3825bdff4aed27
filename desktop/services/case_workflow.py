"""The rules of a case's handling: which step may follow which, and why not.

Pure functions, no database: the service asks `check` before it changes anything, the case page
asks `allowed` which buttons to enable. Both give the same answer because both read `STEPS`.

    登记 → 研判 → 分流 (village / township / county, or 移送 to court, police, a department)
         → 调解中 → 调解成功 → 结案 → 回访
                  → 调解不成 → 分流 again (a higher level is an escalation) or 结案 (not settled)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.errors import RefusedError
from desktop.vocabulary import CaseOutcome, CaseStatus, HandlingLevel

S = CaseStatus


class Action(StrEnum):
    REGISTER = "register"
    ASSESS = "assess"
    ROUTE = "route"
    ESCALATE = "escalate"
    TRANSFER = "transfer"
    ASSIGN = "assign"
    REASSIGN = "reassign"
    START = "start"
    SESSION = "session"
    SETTLE = "settle"
    FAIL = "fail"
    CLOSE = "close"
    FOLLOW_UP = "follow_up"
    EXTEND = "extend"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.REGISTER: "登记",
    Action.ASSESS: "研判",
    Action.ROUTE: "分流",
    Action.ESCALATE: "上报",
    Action.TRANSFER: "移送",
    Action.ASSIGN: "指派调解员",
    Action.REASSIGN: "更换调解员",
    Action.START: "开始调解",
    Action.SESSION: "调解记录",
    Action.SETTLE: "调解成功",
    Action.FAIL: "调解不成",
    Action.CLOSE: "结案",
    Action.FOLLOW_UP: "回访",
    Action.EXTEND: "延期",
}

OPEN_STATES = tuple(s for s in CaseStatus if s.open)


@dataclass(frozen=True)
class Step:
    sources: tuple[CaseStatus, ...]
    target: CaseStatus | None  # None: the status stays as it is
    why_not: str  # said when the case is in another state


STEPS: dict[Action, Step] = {
    # Registering creates a case; no case in any state can be registered again.
    Action.REGISTER: Step((), S.REGISTERED, "案件已经登记，不能重复登记"),
    Action.ASSESS: Step((S.REGISTERED,), S.ASSESSED, "只有刚登记的案件需要研判"),
    Action.ROUTE: Step(
        (S.ASSESSED, S.ROUTED, S.FAILED), S.ROUTED, "案件须先研判，或调解不成后才能重新分流"
    ),
    Action.ESCALATE: Step(
        (S.ASSESSED, S.ROUTED, S.FAILED),
        S.ROUTED,
        "只有研判后、尚未开始调解或调解不成的案件才能上报",
    ),
    Action.TRANSFER: Step(
        (S.ASSESSED, S.ROUTED, S.FAILED),
        S.CLOSED,
        "只有研判后、尚未开始调解或调解不成的案件才能移送",
    ),
    Action.ASSIGN: Step(
        (S.ASSESSED, S.ROUTED, S.MEDIATING, S.FAILED), None, "案件研判后、办结前才能指派调解员"
    ),
    Action.REASSIGN: Step(
        (S.ASSESSED, S.ROUTED, S.MEDIATING, S.FAILED), None, "案件研判后、办结前才能更换调解员"
    ),
    Action.START: Step((S.ROUTED,), S.MEDIATING, "只有已分流的案件才能开始调解"),
    Action.SESSION: Step((S.MEDIATING,), None, "只有调解中的案件才能记录调解"),
    Action.SETTLE: Step((S.MEDIATING,), S.SETTLED, "只有调解中的案件才能登记调解协议"),
    Action.FAIL: Step((S.MEDIATING,), S.FAILED, "只有调解中的案件才能登记调解不成"),
    Action.CLOSE: Step((S.SETTLED, S.FAILED), S.CLOSED, "只有调解成功或调解不成的案件才能结案"),
    Action.FOLLOW_UP: Step(
        (S.CLOSED, S.FOLLOWED_UP), S.FOLLOWED_UP, "只有达成协议并已结案的案件才能回访"
    ),
    Action.EXTEND: Step(OPEN_STATES, None, "已办结的案件不需要延期"),
}


@dataclass(frozen=True)
class CaseState:
    """What the rules need to know of a case."""

    status: CaseStatus
    level: HandlingLevel | None = None
    outcome: CaseOutcome | None = None
    has_lead: bool = False
    has_mediator: bool = False
    places_filled: bool = False  # a lead and a second are both on the case


def refusal(action: Action, case: CaseState) -> str | None:
    """Why `action` may not be taken on the case now (in Chinese), or None when it may."""
    step = STEPS[action]
    if case.status not in step.sources:
        return f"案件当前为“{case.status.label}”：{step.why_not}"
    if action is Action.START:
        if case.level is HandlingLevel.TRANSFERRED:
            return "已移送的案件不由本中心调解"
        if not case.has_lead:
            return "请先指派主调解员，再开始调解"
    if action is Action.ASSIGN and case.places_filled:
        return "主调解员和协助调解员都已指派；如需调整，请用“更换调解员”"
    if action is Action.REASSIGN and not case.has_mediator:
        return "本案还没有调解员，请先指派"
    if action is Action.ESCALATE and case.level is HandlingLevel.COUNTY:
        return "案件已在县级处理，不能再上报"
    if action is Action.FOLLOW_UP and case.outcome is not CaseOutcome.SETTLED:
        return "只有达成调解协议的案件才需要回访"
    return None


def check(action: Action, case: CaseState) -> CaseStatus:
    """The status after `action`; raises RefusedError with the reason when it is not allowed."""
    reason = refusal(action, case)
    if reason is not None:
        raise RefusedError(reason)
    return STEPS[action].target or case.status


def allowed(case: CaseState) -> list[Action]:
    """The actions open to the case now, in the order the case page shows them."""
    return [action for action in STEPS if refusal(action, case) is None]
