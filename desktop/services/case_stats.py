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
- overdue: cases open at the end of the period (or today, if earlier) and past their due date
  (the due date as it stands now, extensions included): a case received by then and concluded
  later, or not yet, whose due date had passed by then.
- criminal_prevented / group_prevented: settled cases concluded in the period flagged 民转刑风险 /
  群体性, in cases and in people involved.
- people_bands: received cases by people involved: <50, 50–100, 101–500, >500.
- by_category, by_source: received cases; by_level: concluded cases by the level that
  concluded them (村级, 镇级, 县级, 移送).
Every dict is keyed by the label a user reads and lists every key, zeros included, in the order
of the standard lists (people_bands as PEOPLE_BANDS; categories in the admin's order).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import ValidationError
from desktop.models import CaseCategory, CaseStep, DisputeCase
from desktop.services.case_workflow import Action
from desktop.services.dates import check_day, month_bounds, parse_month
from desktop.vocabulary import CASE_SOURCES, CaseOutcome, HandlingLevel

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


def figures(
    db: Database,
    start: date,
    end: date,
    *,
    today: date | None = None,
    township_id: int | None = None,
) -> CaseFigures:
    """The figures of the period [start, end], by the definitions above, of one township's cases
    or (None) of every case in the database; a few grouped queries, however many cases."""
    counted = _counts(db, start, end, today=today, township_id=township_id)
    return counted.figures(lambda _township: True)


@dataclass(frozen=True)
class _Counts:
    """The grouped rows of a period, each led by its township, from which figures are made for
    one township or for all together (the same sums, so a county total equals its parts)."""

    start: date
    end: date
    categories: list[tuple[int, str]]
    received: list[tuple]  # township, category, source, people, count
    concluded: list[tuple]  # township, outcome, level, criminal, group, count, people
    escalated: list[tuple]  # township, count
    overdue: list[tuple]  # township, count

    def figures(self, chosen) -> CaseFigures:  # chosen: township id -> bool
        def rows(kind: list[tuple]) -> list[tuple]:
            return [row[1:] for row in kind if chosen(row[0])]

        return _figures(
            self.start,
            self.end,
            self.categories,
            rows(self.received),
            rows(self.concluded),
            sum(count for (count,) in rows(self.escalated)),
            sum(count for (count,) in rows(self.overdue)),
        )


def _counts(
    db: Database, start: date, end: date, *, today: date | None, township_id: int | None = None
) -> _Counts:
    check_period(start, end)
    today = today or date.today()
    as_of = min(end, today)
    township = DisputeCase.township_id

    def scoped(query):
        if township_id is None:
            return query
        return query.where(township == township_id)

    with db.session() as session:
        categories = session.execute(
            select(CaseCategory.id, CaseCategory.name).order_by(
                CaseCategory.sort_order, CaseCategory.id
            )
        ).all()
        received = session.execute(
            # Grouped by the number of people itself, banded below: PostgreSQL refuses a GROUP
            # BY on a CASE whose bound parameters differ from the SELECT's.
            scoped(
                select(
                    township,
                    DisputeCase.category_id,
                    DisputeCase.source,
                    DisputeCase.people_involved,
                    func.count(),
                ).where(DisputeCase.received_on.between(start, end))
            ).group_by(
                township,
                DisputeCase.category_id,
                DisputeCase.source,
                DisputeCase.people_involved,
            )
        ).all()
        concluded = session.execute(
            scoped(
                select(
                    township,
                    DisputeCase.outcome,
                    DisputeCase.level,
                    DisputeCase.criminal_risk,
                    DisputeCase.group_risk,
                    func.count(),
                    func.sum(DisputeCase.people_involved),
                ).where(DisputeCase.concluded_on.between(start, end))
            ).group_by(
                township,
                DisputeCase.outcome,
                DisputeCase.level,
                DisputeCase.criminal_risk,
                DisputeCase.group_risk,
            )
        ).all()
        escalated = session.execute(
            scoped(
                select(township, func.count(func.distinct(CaseStep.case_id)))
                .join(DisputeCase, DisputeCase.id == CaseStep.case_id)
                .where(
                    CaseStep.action == Action.ESCALATE.value,
                    CaseStep.level_to == HandlingLevel.COUNTY.value,
                    CaseStep.at >= datetime.combine(start, time.min),
                    CaseStep.at < datetime.combine(end + timedelta(days=1), time.min),
                )
            ).group_by(township)
        ).all()
        # Open at `as_of`: received by then and not concluded by then. A case concluded later
        # was still open then; a failed case not yet closed has no conclusion date.
        overdue = session.execute(
            scoped(
                select(township, func.count()).where(
                    DisputeCase.received_on <= as_of,
                    DisputeCase.due_on < as_of,
                    DisputeCase.concluded_on.is_(None) | (DisputeCase.concluded_on > as_of),
                )
            ).group_by(township)
        ).all()
    return _Counts(start, end, categories, received, concluded, escalated, overdue)


def _figures(
    start: date,
    end: date,
    categories: list[tuple[int, str]],
    received_rows: list[tuple],
    concluded_rows: list[tuple],
    escalated: int,
    overdue: int,
) -> CaseFigures:
    names = dict(categories)
    by_category = {name: 0 for _, name in categories}
    by_source = dict.fromkeys(CASE_SOURCES, 0)
    people_bands = dict.fromkeys(PEOPLE_BANDS, 0)
    received = 0
    for category_id, source, people, count in received_rows:
        received += count
        name = names.get(category_id, "")
        by_category[name] = by_category.get(name, 0) + count
        by_source[source] = by_source.get(source, 0) + count
        people_bands[people_band(people)] += count

    by_level = {level.label: 0 for level in HandlingLevel}
    outcomes = dict.fromkeys(CaseOutcome, 0)
    village_closed = township_closed = 0
    criminal = [0, 0]
    group = [0, 0]
    for outcome, level, criminal_risk, group_risk, count, people in concluded_rows:
        outcome = CaseOutcome(outcome)
        outcomes[outcome] += count
        if level:
            by_level[HandlingLevel(level).label] += count
        if outcome is not CaseOutcome.SETTLED:
            continue
        if level == HandlingLevel.VILLAGE:
            village_closed += count
        if level in (HandlingLevel.VILLAGE, HandlingLevel.TOWNSHIP):
            township_closed += count
        if criminal_risk:
            criminal[0] += count
            criminal[1] += int(people or 0)  # PostgreSQL sums to a Decimal
        if group_risk:
            group[0] += count
            group[1] += int(people or 0)

    concluded = sum(outcomes.values())
    settled = outcomes[CaseOutcome.SETTLED]
    not_settled = outcomes[CaseOutcome.NOT_SETTLED]
    return CaseFigures(
        start=start,
        end=end,
        received=received,
        concluded=concluded,
        settled=settled,
        not_settled=not_settled,
        transferred=outcomes[CaseOutcome.TRANSFERRED],
        success_rate=_share(settled, settled + not_settled),
        village_closed=village_closed,
        village_closed_rate=_share(village_closed, concluded),
        township_closed=township_closed,
        township_closed_rate=_share(township_closed, concluded),
        escalated=escalated,
        overdue=overdue,
        criminal_prevented_cases=criminal[0],
        criminal_prevented_people=criminal[1],
        group_prevented_cases=group[0],
        group_prevented_people=group[1],
        people_bands=people_bands,
        by_category=by_category,
        by_source=by_source,
        by_level=by_level,
    )


@dataclass(frozen=True)
class TownshipFigures:
    code: str
    name: str
    figures: CaseFigures
    # By the share settled without leaving the township (大事不出镇), then the success rate;
    # townships sharing both share a rank (1, 2, 2, 4). None when nothing was concluded.
    rank: int | None


@dataclass(frozen=True)
class CountyFigures:
    townships: tuple[TownshipFigures, ...]  # ranked; the unranked last, by code
    total: CaseFigures  # every case in the database, by the same definitions


def county_figures(
    db: Database, start: date, end: date, *, today: date | None = None
) -> CountyFigures:
    """Each township's figures side by side, ranked, and the county's, for a county database
    that holds several townships: the same grouped queries as one township's, once."""
    from desktop.services.lookups import list_townships

    counted = _counts(db, start, end, today=today)
    each = [
        (
            unit.code,
            unit.name,
            counted.figures(lambda township, unit_id=unit.id: township == unit_id),
        )
        for unit in list_townships(db)
    ]

    def merit(got: CaseFigures) -> tuple[float, float]:
        return (got.township_closed_rate or 0.0, got.success_rate or 0.0)

    ranked = sorted(
        (row for row in each if row[2].concluded), key=lambda row: merit(row[2]), reverse=True
    )
    ranks: list[int] = []
    for index, row in enumerate(ranked):
        tied = index and merit(row[2]) == merit(ranked[index - 1][2])
        ranks.append(ranks[-1] if tied else index + 1)
    rows = [
        TownshipFigures(code, name, got, rank)
        for (code, name, got), rank in zip(ranked, ranks, strict=True)
    ]
    rows += [
        TownshipFigures(code, name, got, None) for code, name, got in each if not got.concluded
    ]
    return CountyFigures(tuple(rows), counted.figures(lambda _township: True))


def people_band(people: int) -> str:
    """The band of PEOPLE_BANDS a case with this many people involved falls in."""
    if people < 50:
        return PEOPLE_BANDS[0]
    if people <= 100:
        return PEOPLE_BANDS[1]
    if people <= 500:
        return PEOPLE_BANDS[2]
    return PEOPLE_BANDS[3]


def check_period(start: date, end: date) -> None:
    check_day(start, "开始日期", "start")
    check_day(end, "结束日期", "end")
    if end < start:
        raise ValidationError({"end": "结束日期不能早于开始日期"})


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def month_period(text: str) -> tuple[date, date]:
    """ "2026-03" (also 2026-3, 2026/03, 2026年3月, full-width digits) → its first and last day."""
    first = parse_month(text)
    return month_bounds(first.year, first.month)


def period_label(start: date, end: date) -> str:
    """ "2026年3月" for a whole month, else "2026年3月5日至2026年4月4日"."""
    if (start, end) == month_bounds(start.year, start.month):
        return f"{start.year}年{start.month}月"
    return f"{_day(start)}至{_day(end)}"


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# The figures as a leader reads them: field, Chinese label, how it is counted. The dashboard,
# the statistics workbook and the CLI show them in this order.
FIGURE_LABELS: tuple[tuple[str, str, str], ...] = (
    ("received", "受理案件", "受理日期在统计期内的案件"),
    ("concluded", "办结案件", "在统计期内办结的案件（调解成功、调解不成终结、移送）"),
    ("settled", "其中：调解成功", "在统计期内签订调解协议的案件"),
    ("not_settled", "其中：调解不成", "调解不成并在统计期内结案的案件"),
    ("transferred", "其中：移送处理", "在统计期内移送法院、公安、部门等的案件"),
    ("success_rate", "调解成功率", "调解成功 ÷（调解成功 + 调解不成）"),
    ("village_closed", "村级化解（小事不出村）", "办结案件中在村级调解成功的"),
    ("village_closed_rate", "村级化解率", "村级化解 ÷ 办结案件"),
    ("township_closed", "镇内化解（大事不出镇）", "办结案件中在村级或镇级调解成功的"),
    ("township_closed_rate", "镇内化解率", "镇内化解 ÷ 办结案件"),
    ("escalated", "上报县级", "在统计期内上报县级处理的案件"),
    ("overdue", "超期未结", "统计期末（或今天，取较早者）未办结且已过办结期限的案件"),
    ("criminal_prevented_cases", "防止民转刑（件）", "统计期内调解成功、有民转刑风险的案件"),
    ("criminal_prevented_people", "防止民转刑（人）", "上述案件涉及人数之和"),
    ("group_prevented_cases", "防止群体性事件（件）", "统计期内调解成功、有群体性风险的案件"),
    ("group_prevented_people", "防止群体性事件（人）", "上述案件涉及人数之和"),
)
RATE_FIELDS = frozenset({"success_rate", "village_closed_rate", "township_closed_rate"})


# The townships' table, as the county report, the dashboard and `cases stats --by-township`
# show it: these headers after the township (and its rank), then township_cells.
TOWNSHIP_HEADERS = (
    "受理",
    "办结",
    "调解成功",
    "调解成功率",
    "小事不出村",
    "大事不出镇",
    "上报县级",
    "逾期未结",
)


def township_cells(got: CaseFigures) -> tuple[str, ...]:
    return (
        str(got.received),
        str(got.concluded),
        str(got.settled),
        format_rate(got.success_rate),
        format_rate(got.village_closed_rate),
        format_rate(got.township_closed_rate),
        str(got.escalated),
        str(got.overdue),
    )


def format_rate(rate: float | None) -> str:
    """A rate as the dashboard and reports show it: "75.0%", or "—" when there is nothing to
    divide by."""
    return "—" if rate is None else f"{rate * 100:.1f}%"
