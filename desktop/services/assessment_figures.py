"""The figures automatic assessment items are scored on, per worker and month, from the dispute
cases of the township.

Definitions (a month is its first to last day, both included; "their cases" are the township's
cases whose 上报人 is the worker):
- cases_reported: their cases received (受理日期) in the month.
- concluded_in_time_share: of their cases concluded in the month (whatever the outcome, and
  whenever received), the share concluded on or before the due date as it stands (extensions
  granted count), in percent.
- village_closed_share: of the same concluded cases, the share settled at village level
  (小事不出村), in percent.
- warnings_reported: the township's grid warnings (网格预警) the worker reported in the month.
- warnings_in_time_share: of their warnings concluded in the month (closed or turned into a
  case, whenever reported) that had been dispatched, the share handled in time (every dispatch
  responded to by its response deadline, concluded by the completion deadline: see
  desktop/services/warnings.py), in percent.
Shares are rounded half up to one decimal (66.7 for two of three), so that the figure a scorer
reads is the figure the bands are applied to. With nothing to divide by (no case of theirs
concluded in the month) a share has no figure: each automatic item says what "no cases" earns
(scoring.NoCases — its full points or none), rather than every scheme being told that nothing
concluded is as good as everything on time. The same holds for warnings.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from desktop.models import DisputeCase, GridWarning
from desktop.services.warnings import handled_in_time
from desktop.vocabulary import CaseOutcome, HandlingLevel

CASES_REPORTED = "cases_reported"
CONCLUDED_IN_TIME_SHARE = "concluded_in_time_share"
VILLAGE_CLOSED_SHARE = "village_closed_share"
WARNINGS_REPORTED = "warnings_reported"
WARNINGS_IN_TIME_SHARE = "warnings_in_time_share"

# metric → what a scorer reads in the scheme editor and on the sheet
METRICS = {
    CASES_REPORTED: "当月上报矛盾纠纷（件）",
    CONCLUDED_IN_TIME_SHARE: "上报案件按期化解率（%）",
    VILLAGE_CLOSED_SHARE: "上报案件村级化解率（%）",
    WARNINGS_REPORTED: "当月上报网格预警（件）",
    WARNINGS_IN_TIME_SHARE: "上报预警按时办结率（%）",
}


def figures_in(
    session: Session, township_id: int, start: date, end: date, person_ids: Iterable[int]
) -> dict[int, dict[str, Decimal]]:
    """person id → metric → figure for the month [start, end], by the definitions above: two
    grouped queries for all the workers at once."""
    wanted = set(person_ids)
    figures = {
        person_id: {CASES_REPORTED: Decimal(0), WARNINGS_REPORTED: Decimal(0)}
        for person_id in wanted
    }
    if not wanted:
        return figures
    mine = (DisputeCase.township_id == township_id) & DisputeCase.reporter_id.in_(wanted)
    reported = session.execute(
        select(DisputeCase.reporter_id, func.count())
        .where(mine, DisputeCase.received_on.between(start, end))
        .group_by(DisputeCase.reporter_id)
    ).all()
    concluded = session.execute(
        select(
            DisputeCase.reporter_id,
            func.count(),
            func.sum(case((DisputeCase.concluded_on <= DisputeCase.due_on, 1), else_=0)),
            func.sum(
                case(
                    (
                        (DisputeCase.outcome == CaseOutcome.SETTLED.value)
                        & (DisputeCase.level == HandlingLevel.VILLAGE.value),
                        1,
                    ),
                    else_=0,
                )
            ),
        )
        .where(mine, DisputeCase.concluded_on.between(start, end))
        .group_by(DisputeCase.reporter_id)
    ).all()
    for person_id, count in reported:
        figures[person_id][CASES_REPORTED] = Decimal(count)
    for person_id, count, in_time, village in concluded:
        # PostgreSQL sums to a Decimal, SQLite to an int: int() takes both
        figures[person_id][CONCLUDED_IN_TIME_SHARE] = percent(int(in_time), count)
        figures[person_id][VILLAGE_CLOSED_SHARE] = percent(int(village), count)
    _warning_figures(session, township_id, start, end, wanted, figures)
    return figures


def _warning_figures(
    session: Session,
    township_id: int,
    start: date,
    end: date,
    wanted: set[int],
    figures: dict[int, dict[str, Decimal]],
) -> None:
    """warnings_reported and warnings_in_time_share (see the module docstring): a month's
    warnings are few, so the concluded ones are judged here by the rule of services/warnings."""
    first = datetime.combine(start, time())
    after = datetime.combine(end + timedelta(days=1), time())
    mine = (GridWarning.township_id == township_id) & GridWarning.reporter_id.in_(wanted)
    reported = session.execute(
        select(GridWarning.reporter_id, func.count())
        .where(mine, GridWarning.reported_at >= first, GridWarning.reported_at < after)
        .group_by(GridWarning.reporter_id)
    ).all()
    for person_id, count in reported:
        figures[person_id][WARNINGS_REPORTED] = Decimal(count)
    concluded = session.scalars(
        select(GridWarning)
        .options(selectinload(GridWarning.dispatches))
        .where(mine, GridWarning.closed_at >= first, GridWarning.closed_at < after)
    ).all()
    judged: dict[int, list[bool]] = {}
    for warning in concluded:
        verdict = handled_in_time(warning.dispatches, warning.closed_at)
        if verdict is not None:
            judged.setdefault(warning.reporter_id, []).append(verdict)
    for person_id, verdicts in judged.items():
        figures[person_id][WARNINGS_IN_TIME_SHARE] = percent(sum(verdicts), len(verdicts))


def percent(part: int, whole: int) -> Decimal:
    """part ÷ whole in percent, rounded half up to one decimal (whole > 0)."""
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
