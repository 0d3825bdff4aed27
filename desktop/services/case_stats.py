"""The dispute figures a leader asks for, for a month or any date range.

Definitions (the README repeats them; tests/services/test_case_stats.py checks each on cases
whose answers are written by hand). A period is [start, end], both days included.
- received: cases whose 受理日期 falls in the period.
- concluded: cases concluded in the period, whatever the outcome: settled (the agreement's
  date), not settled (closed after mediation failed), transferred (移送, the day of transfer).
- settled / not_settled / transferred: concluded cases by outcome.
- success_rate: settled ÷ (settled + not_settled) — of the cases mediated to an end, the share
  that reached an agreement. None when there were none.
- village_closed (小事不出村): concluded cases settled at village level;
  village_closed_rate = village_closed ÷ concluded.
- township_closed (大事不出镇): concluded cases settled at village or township level;
  township_closed_rate = township_closed ÷ concluded.
- escalated: cases sent up to the county in the period (a 上报 step to county level).
- overdue: cases open at the end of the period (or today, if earlier) and past their due date.
- criminal_prevented / group_prevented: settled cases concluded in the period flagged 民转刑风险 /
  群体性, in cases and in people involved.
- people_bands: received cases by people involved: <50, 50–100, 101–500, >500.
- by_category, by_source: received cases; by_level: concluded cases by the level that
  concluded them (村级, 镇级, 县级, 移送).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

PEOPLE_BANDS = ("<50", "50–100", "101–500", ">500")


@dataclass(frozen=True)
class CaseFigures:
    start: date
    end: date
    received: int = 0
    concluded: int = 0
    settled: int = 0
    not_settled: int = 0
    transferred: int = 0
    success_rate: float | None = None
    village_closed: int = 0
    village_closed_rate: float | None = None
    township_closed: int = 0
    township_closed_rate: float | None = None
    escalated: int = 0
    overdue: int = 0
    criminal_prevented_cases: int = 0
    criminal_prevented_people: int = 0
    group_prevented_cases: int = 0
    group_prevented_people: int = 0
    people_bands: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    by_level: dict[str, int] = field(default_factory=dict)
