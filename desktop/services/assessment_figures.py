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
Shares are rounded half up to one decimal (66.7 for two of three), so that the figure a scorer
reads is the figure the bands are applied to. With nothing to divide by (no case of theirs
concluded in the month) a share has no figure: each automatic item says what "no cases" earns
(scoring.NoCases — its full points or none), rather than every scheme being told that nothing
concluded is as good as everything on time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desktop.models import DisputeCase
from desktop.vocabulary import CaseOutcome, HandlingLevel

CASES_REPORTED = "cases_reported"
CONCLUDED_IN_TIME_SHARE = "concluded_in_time_share"
VILLAGE_CLOSED_SHARE = "village_closed_share"

# metric → what a scorer reads in the scheme editor and on the sheet
METRICS = {
    CASES_REPORTED: "当月上报矛盾纠纷（件）",
    CONCLUDED_IN_TIME_SHARE: "上报案件按期化解率（%）",
    VILLAGE_CLOSED_SHARE: "上报案件村级化解率（%）",
}


def figures_in(
    session: Session, township_id: int, start: date, end: date, person_ids: Iterable[int]
) -> dict[int, dict[str, Decimal]]:
    """person id → metric → figure for the month [start, end], by the definitions above: two
    grouped queries for all the workers at once."""
    wanted = set(person_ids)
    figures = {person_id: {CASES_REPORTED: Decimal(0)} for person_id in wanted}
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
    return figures


def percent(part: int, whole: int) -> Decimal:
    """part ÷ whole in percent, rounded half up to one decimal (whole > 0)."""
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
