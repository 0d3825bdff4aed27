"""The rules of a case's handling, checked against a table written here (not read from STEPS):
every action in every state, allowed or refused with its Chinese reason."""

import pytest

from desktop.errors import RefusedError
from desktop.services.case_workflow import Action, CaseState, allowed, check, refusal
from desktop.vocabulary import CaseOutcome, CaseStatus, HandlingLevel

A, S = Action, CaseStatus

# What each state allows, for a case with a lead mediator at village level (settled once it has
# an agreement): the conditions beyond the state are tested one by one below.
ALLOWED = {
    S.REGISTERED: {A.ASSESS, A.EXTEND},
    S.ASSESSED: {A.ROUTE, A.ESCALATE, A.TRANSFER, A.ASSIGN, A.REASSIGN, A.EXTEND},
    S.ROUTED: {A.ROUTE, A.ESCALATE, A.TRANSFER, A.ASSIGN, A.REASSIGN, A.START, A.EXTEND},
    S.MEDIATING: {A.ASSIGN, A.REASSIGN, A.SESSION, A.SETTLE, A.FAIL, A.EXTEND},
    S.SETTLED: {A.CLOSE},
    S.FAILED: {A.ROUTE, A.ESCALATE, A.TRANSFER, A.ASSIGN, A.REASSIGN, A.CLOSE, A.EXTEND},
    S.CLOSED: {A.FOLLOW_UP},
    S.FOLLOWED_UP: {A.FOLLOW_UP},
}

# The status an allowed action leaves the case in; None: the status stays.
TARGET = {
    A.REGISTER: S.REGISTERED,
    A.ASSESS: S.ASSESSED,
    A.ROUTE: S.ROUTED,
    A.ESCALATE: S.ROUTED,
    A.TRANSFER: S.CLOSED,
    A.ASSIGN: None,
    A.REASSIGN: None,
    A.START: S.MEDIATING,
    A.SESSION: None,
    A.SETTLE: S.SETTLED,
    A.FAIL: S.FAILED,
    A.CLOSE: S.CLOSED,
    A.FOLLOW_UP: S.FOLLOWED_UP,
    A.EXTEND: None,
}

# Why an action is refused in a state that does not allow it.
WHY_NOT = {
    A.REGISTER: "案件已经登记，不能重复登记",
    A.ASSESS: "只有刚登记的案件需要研判",
    A.ROUTE: "案件须先研判，或调解不成后才能重新分流",
    A.ESCALATE: "只有研判后、尚未开始调解或调解不成的案件才能上报",
    A.TRANSFER: "只有研判后、尚未开始调解或调解不成的案件才能移送",
    A.ASSIGN: "案件研判后、办结前才能指派调解员",
    A.REASSIGN: "案件研判后、办结前才能更换调解员",
    A.START: "只有已分流的案件才能开始调解",
    A.SESSION: "只有调解中的案件才能记录调解",
    A.SETTLE: "只有调解中的案件才能登记调解协议",
    A.FAIL: "只有调解中的案件才能登记调解不成",
    A.CLOSE: "只有调解成功或调解不成的案件才能结案",
    A.FOLLOW_UP: "只有达成协议并已结案的案件才能回访",
    A.EXTEND: "已办结的案件不需要延期",
}

STATUS_LABEL = {
    S.REGISTERED: "登记",
    S.ASSESSED: "研判",
    S.ROUTED: "已分流",
    S.MEDIATING: "调解中",
    S.SETTLED: "调解成功",
    S.FAILED: "调解不成",
    S.CLOSED: "结案",
    S.FOLLOWED_UP: "已回访",
}


def ordinary(status: CaseStatus, **changes) -> CaseState:
    settled = status in (S.SETTLED, S.CLOSED, S.FOLLOWED_UP)
    values = dict(
        status=status,
        level=HandlingLevel.VILLAGE,
        outcome=CaseOutcome.SETTLED if settled else None,
        has_lead=True,
        has_mediator=True,
    )
    return CaseState(**{**values, **changes})


def test_the_tables_cover_every_action_and_state():
    assert set(ALLOWED) == set(CaseStatus)
    assert set(TARGET) == set(WHY_NOT) == set(Action)


@pytest.mark.parametrize("status", list(CaseStatus))
@pytest.mark.parametrize("action", list(Action))
def test_every_action_in_every_state(action, status):
    case = ordinary(status)
    if action in ALLOWED[status]:
        assert refusal(action, case) is None
        assert check(action, case) is (TARGET[action] or status)
    else:
        reason = f"案件当前为“{STATUS_LABEL[status]}”：{WHY_NOT[action]}"
        assert refusal(action, case) == reason
        with pytest.raises(RefusedError, match=reason):
            check(action, case)


@pytest.mark.parametrize("status", list(CaseStatus))
def test_the_case_page_offers_exactly_the_allowed_actions(status):
    assert set(allowed(ordinary(status))) == ALLOWED[status]


def test_register_is_never_a_step_of_an_existing_case():
    assert all(refusal(A.REGISTER, ordinary(status)) for status in CaseStatus)


def test_start_needs_a_lead_mediator():
    second_only = ordinary(S.ROUTED, has_lead=False)
    assert refusal(A.START, second_only) == "请先指派主调解员，再开始调解"
    assert A.START not in allowed(second_only)


def test_a_transferred_case_is_not_mediated_here():
    transferred = ordinary(S.ROUTED, level=HandlingLevel.TRANSFERRED)
    assert refusal(A.START, transferred) == "已移送的案件不由本中心调解"


@pytest.mark.parametrize("status", [S.ASSESSED, S.ROUTED, S.FAILED])
def test_transfer_closes_the_case(status):
    assert check(A.TRANSFER, ordinary(status)) is S.CLOSED


@pytest.mark.parametrize("status", [S.ROUTED, S.FAILED])
def test_escalate_from_the_county_is_refused(status):
    at_county = ordinary(status, level=HandlingLevel.COUNTY)
    assert refusal(A.ESCALATE, at_county) == "案件已在县级处理，不能再上报"
    assert refusal(A.ROUTE, at_county) is None  # the county may hand it back down
    assert refusal(A.ESCALATE, ordinary(status, level=HandlingLevel.TOWNSHIP)) is None


@pytest.mark.parametrize("outcome", [CaseOutcome.NOT_SETTLED, CaseOutcome.TRANSFERRED, None])
@pytest.mark.parametrize("status", [S.CLOSED, S.FOLLOWED_UP])
def test_follow_up_only_for_a_settled_and_closed_case(status, outcome):
    assert refusal(A.FOLLOW_UP, ordinary(status, outcome=outcome)) == (
        "只有达成调解协议的案件才需要回访"
    )
    assert refusal(A.FOLLOW_UP, ordinary(status, outcome=CaseOutcome.SETTLED)) is None


@pytest.mark.parametrize("status", [S.ASSESSED, S.ROUTED, S.MEDIATING, S.FAILED])
def test_reassign_needs_a_mediator_on_the_case(status):
    nobody = ordinary(status, has_lead=False, has_mediator=False)
    assert refusal(A.REASSIGN, nobody) == "本案还没有调解员，请先指派"
    assert refusal(A.ASSIGN, nobody) is None


def test_no_third_mediator_when_the_lead_and_second_are_both_assigned():
    full = CaseState(CaseStatus.MEDIATING, HandlingLevel.VILLAGE, has_lead=True, has_mediator=True)
    assert Action.ASSIGN in allowed(full)
    both = CaseState(
        CaseStatus.MEDIATING,
        HandlingLevel.VILLAGE,
        has_lead=True,
        has_mediator=True,
        places_filled=True,
    )
    assert Action.ASSIGN not in allowed(both) and Action.REASSIGN in allowed(both)
    assert (
        refusal(Action.ASSIGN, both) == "主调解员和协助调解员都已指派；如需调整，请用“更换调解员”"
    )
