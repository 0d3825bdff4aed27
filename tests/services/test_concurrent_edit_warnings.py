"""Two workstations on one warning: a step taken on the warning as a dialog read it is refused
once another step was taken on it meanwhile, naming that step, who took it and when; nothing is
written. A step the warning's state no longer allows is refused for that instead."""

from __future__ import annotations

import re

import pytest

from desktop.db import Actor, Database
from desktop.errors import ConflictError, RefusedError
from desktop.services import cases, warnings
from desktop.services.access import Role
from desktop.services.cases import PartyDraft
from desktop.vocabulary import DISPUTE_WARNING_TYPE, WarningStatus
from tests.services import warning_fixtures
from tests.services.case_fixtures import CLERK, NOW
from tests.services.warning_fixtures import report

warning_file, db, wtown = (
    warning_fixtures.warning_file,
    warning_fixtures.warning_db,
    warning_fixtures.warning_town,
)

OTHER = "李四"
REOPEN = "请关闭此窗口，重新打开后再改。"


@pytest.fixture
def other(db):
    """The other workstation, on the same database, which takes its step first."""
    db.actor = Actor(CLERK, Role.CLERK.value)
    database = Database(db.engine.url.render_as_string(hide_password=False))
    database.actor = Actor(OTHER, Role.CLERK.value)
    yield database
    database.close()


def responded(db, wtown) -> warnings.WarningInfo:
    """A warning dispatched to 派出所 and responded to, as a dialog reads it."""
    warning = report(db, wtown, urgency="紧急")
    warnings.dispatch(db, warning.id, "派出所", actor=CLERK, now=NOW)
    warnings.respond(db, warning.id, actor=CLERK, now=NOW)
    return warnings.get_warning(db, warning.id, now=NOW)


def conflict_pattern(number: str, steps: str) -> str:
    return (
        rf"保存未成功：预警 {re.escape(number)} 已被 {OTHER} 于 \d\d:\d\d 修改（{steps}）。{REOPEN}"
    )


MY_STEPS = {
    "feedback": lambda db, w, loaded, people: warnings.feedback(
        db, w, "已加固护栏", actor=CLERK, now=NOW, loaded=loaded
    ),
    "close": lambda db, w, loaded, people: warnings.close(
        db, w, "护栏已修复", actor=CLERK, now=NOW, loaded=loaded
    ),
    "reassign": lambda db, w, loaded, people: warnings.reassign(
        db, w, "司法所", reason="涉及纠纷", actor=CLERK, now=NOW, loaded=loaded
    ),
    "escalate": lambda db, w, loaded, people: warnings.escalate(
        db, w, reason="本级无法处置", actor=CLERK, now=NOW, loaded=loaded
    ),
    "party_report": lambda db, w, loaded, people: warnings.party_report(
        db, w, people["林党员"], "现场劝导", actor=CLERK, now=NOW, loaded=loaded
    ),
}


@pytest.mark.parametrize("step", sorted(MY_STEPS))
def test_a_step_on_a_warning_fed_back_elsewhere_is_refused_and_writes_nothing(
    db, other, wtown, step
):
    """A second feedback changes no column of the warning itself: it is a change all the same."""
    loaded = responded(db, wtown)
    warnings.feedback(other, loaded.id, "已到现场查看", actor=OTHER, now=NOW, loaded=loaded)
    before = warnings.get_warning(db, loaded.id, now=NOW)

    with pytest.raises(ConflictError) as err:
        MY_STEPS[step](db, loaded.id, loaded, wtown.people)

    assert re.fullmatch(conflict_pattern(loaded.number, "反馈"), err.value.message), err.value
    after = warnings.get_warning(db, loaded.id, now=NOW)
    assert after == before  # the other's feedback stands, nothing of mine was written
    assert after.status is WarningStatus.FED_BACK and after.target == "派出所"


def test_the_steps_taken_meanwhile_are_named_and_the_last_taker(db, other, wtown):
    warning = report(db, wtown)
    loaded = warnings.get_warning(db, warning.id, now=NOW)
    taken = warnings.dispatch(other, warning.id, "派出所", actor="王五", now=NOW, loaded=loaded)
    taken = warnings.party_report(
        other, warning.id, wtown.people["林党员"], "排查护栏", actor=OTHER, now=NOW, loaded=taken
    )
    assert taken.row_version == loaded.row_version + 2

    with pytest.raises(ConflictError) as err:
        warnings.escalate(
            db, warning.id, reason="村里处置不了", actor=CLERK, now=NOW, loaded=loaded
        )

    assert re.fullmatch(conflict_pattern(warning.number, "派单、党员报到"), err.value.message), (
        err.value.message
    )
    now = warnings.get_warning(db, warning.id, now=NOW)
    assert now.level == warning.level and now.status is WarningStatus.DISPATCHED


def test_a_step_the_state_no_longer_allows_is_refused_for_that(db, other, wtown):
    loaded = responded(db, wtown)
    warnings.close(other, loaded.id, "已修复", actor=OTHER, now=NOW, loaded=loaded)

    with pytest.raises(RefusedError) as err:
        warnings.feedback(db, loaded.id, "补充情况", actor=CLERK, now=NOW, loaded=loaded)

    assert not isinstance(err.value, ConflictError)
    assert err.value.message == "预警已办结，不能再反馈"


def test_steps_on_the_warning_each_step_returned_succeed_one_version_apart(db, wtown):
    warning = report(db, wtown)
    loaded = warnings.get_warning(db, warning.id, now=NOW)
    dispatched = warnings.dispatch(db, warning.id, "派出所", actor=CLERK, now=NOW, loaded=loaded)
    answered = warnings.respond(db, warning.id, actor=CLERK, now=NOW, loaded=dispatched)
    once = warnings.feedback(db, warning.id, "已查看", actor=CLERK, now=NOW, loaded=answered)
    twice = warnings.feedback(db, warning.id, "已加固", actor=CLERK, now=NOW, loaded=once)
    closed = warnings.close(db, warning.id, "已修复", actor=CLERK, now=NOW, loaded=twice)
    versions = [w.row_version for w in (loaded, dispatched, answered, once, twice, closed)]
    assert versions == list(range(loaded.row_version, loaded.row_version + 6))
    assert closed.status is WarningStatus.CLOSED
    # a list reads the same version as the warning's own page
    (listed,) = warnings.list_warnings(db, now=NOW)
    assert listed.row_version == closed.row_version


def test_a_warning_read_from_a_list_is_refused_without_naming_steps(db, other, wtown):
    warning = report(db, wtown)
    (loaded,) = warnings.list_warnings(db, now=NOW)
    assert loaded.steps == ()
    warnings.dispatch(other, warning.id, "派出所", actor=OTHER, now=NOW)
    with pytest.raises(ConflictError) as err:
        warnings.escalate(
            db, warning.id, reason="村里处置不了", actor=CLERK, now=NOW, loaded=loaded
        )
    assert re.fullmatch(
        rf"保存未成功：预警 {re.escape(warning.number)} 已被 {OTHER} 于 \d\d:\d\d 修改。{REOPEN}",
        err.value.message,
    ), err.value.message


def test_turning_a_warning_changed_elsewhere_into_a_case_makes_no_case(db, other, wtown):
    warning = report(db, wtown, type_id=wtown.types[DISPUTE_WARNING_TYPE])
    loaded = warnings.get_warning(db, warning.id, now=NOW)
    warnings.party_report(
        other, warning.id, wtown.people["林党员"], "上门劝和", actor=OTHER, now=NOW, loaded=loaded
    )
    parties = (PartyDraft(name="张三"), PartyDraft(name="李四"))
    category = next(iter(wtown.town.categories.values()))

    with pytest.raises(ConflictError) as err:
        warnings.convert_to_case(
            db, warning.id, parties, category_id=category, actor=CLERK, now=NOW, loaded=loaded
        )

    assert "党员报到" in err.value.message
    assert cases.list_cases(db) == []
    assert warnings.get_warning(db, warning.id, now=NOW).status is WarningStatus.REPORTED
