"""Results beyond the month: quarters and years, rankings, grade distribution, allowances.

Everything here reads the APPROVED months only, as approved (score_result): a month still in
draft or submitted may change, so it counts nowhere yet and is named as pending instead.

- Period results: scoring.period_totals over the approved months (mean, or weighted parts such
  as half-year 40% + year-end 60%; a minimum of months scored to be ranked — which is how
  workers who joined or left mid-period are handled). Ranks within the township and within the
  village (the village of the worker's latest month), among the ranked workers only. The
  period grade is the band of the period result under the bands of the latest approved version
  in the period; a worker vetoed (一票否决) in any month of the period gets the lowest grade.
  The top-grade quota is a monthly rule and is not applied to periods. Equal ranks are listed
  in pinyin order of the name, as in the month.
- Allowances (绩效补贴): an amount in fen per grade per month, kept in the `setting` table under
  "assess.allowance.<grade>"; the month's payable list gives each worker of an approved month
  the amount of their grade.
A worker's history (every approved month) is assessment_queries.worker_history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import NotFoundError, RefusedError, ValidationError
from desktop.models import AssessmentMonth, AssessmentScheme, GridUnit, ScoreResult, Setting
from desktop.services import access, scoring
from desktop.services.access import Permission
from desktop.services.assessment_months import MonthStatus
from desktop.services.assessment_schemes import (
    SchemeChoiceNeeded,
    from_tenths,
    list_schemes,
    load_info,
)
from desktop.services.cases import AmountTooLarge, format_yuan, parse_yuan
from desktop.services.pinyin import initials
from desktop.services.scoring import AllowanceRow, GradeBand, PeriodMethod

ALLOWANCE_PREFIX = "assess.allowance."
MAX_ALLOWANCE_FEN = 10_000_000  # 100,000 yuan a month: anything above is a slip of the unit


# ---------------------------------------------------------------------------------- the values


@dataclass(frozen=True)
class PeriodRow:
    person_id: int
    name: str
    village: str
    total: Decimal
    months_scored: int
    grade: str
    veto_months: int
    rank: int | None  # within the township; None: fewer months than the minimum
    village_rank: int | None


@dataclass(frozen=True)
class PeriodResult:
    label: str  # 2026年第1季度, 2026年
    months: tuple[date, ...]  # the period's months
    approved: tuple[date, ...]  # those with an approved result
    pending: tuple[date, ...]  # months opened but not yet approved
    method: PeriodMethod
    rows: tuple[PeriodRow, ...]  # ranked in rank order, then the unranked by result
    distribution: dict[str, int]  # grade → workers, best grade first


@dataclass(frozen=True)
class AllowanceList:
    month: date
    township_name: str
    lines: tuple[AllowanceRow, ...]  # by village, then name
    total_fen: int
    by_grade: dict[str, tuple[int, int]]  # grade → (workers, fen), best grade first
    pending: tuple[str, ...]  # schemes of the month not yet approved: their workers are missing


# ------------------------------------------------------------------------------------- periods


def period_label(year: int, quarter: int | None) -> str:
    return f"{year}年" if quarter is None else f"{year}年第{quarter}季度"


def period_results(
    db: Database,
    township_id: int,
    year: int,
    quarter: int | None = None,
    method: PeriodMethod | None = None,
    *,
    scheme_family: str | None = None,
) -> PeriodResult:
    """The township's quarter (1–4) or year from its approved months (see the docstring).
    `scheme_family` is needed only when several schemes were used in the period."""
    if quarter is not None and quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": "季度应为 1～4"})
    method = method or PeriodMethod()
    months = scoring.period_months(year, quarter)
    label = period_label(year, quarter)
    with db.session() as session:
        records = list(
            session.scalars(
                select(AssessmentMonth)
                .where(
                    AssessmentMonth.township_id == _township(session, township_id),
                    AssessmentMonth.month.between(months[0], months[-1]),
                )
                .order_by(AssessmentMonth.month)
            )
        )
        family = _one_family(session, records, scheme_family, label)
        records = [r for r in records if r.family_uid == family]
        approved = [r for r in records if r.status == MonthStatus.APPROVED]
        results = _results(session, [r.id for r in approved])
        month_of = {r.id: r.month for r in approved}
        bands = load_info(session, approved[-1].scheme_id).bands if approved else ()
    monthly: dict[int, dict[date, Decimal]] = defaultdict(dict)
    latest: dict[int, ScoreResult] = {}
    vetoes: dict[int, int] = defaultdict(int)
    for result in results:  # in month order: the last one seen is the latest
        monthly[result.person_id][month_of[result.month_id]] = from_tenths(result.total_tenths)
        latest[result.person_id] = result
        vetoes[result.person_id] += result.veto
    scores = scoring.period_totals(monthly, method, months)
    lowest = min(bands, key=lambda band: band.lower).grade if bands else ""
    rows = [
        PeriodRow(
            person_id=score.person_id,
            name=latest[score.person_id].name,
            village=latest[score.person_id].village,
            total=score.total,
            months_scored=score.months_scored,
            grade=lowest if vetoes[score.person_id] else scoring.grade_for(score.total, bands),
            veto_months=vetoes[score.person_id],
            rank=score.rank,
            village_rank=None,
        )
        for score in scores
    ]
    rows = sorted(_with_village_ranks(rows), key=_listed)
    return PeriodResult(
        label=label,
        months=months,
        approved=tuple(r.month for r in approved),
        pending=tuple(r.month for r in records if r.status != MonthStatus.APPROVED),
        method=method,
        rows=tuple(rows),
        distribution=_distribution(rows, bands),
    )


def _listed(row: PeriodRow) -> tuple:
    """Ranked rows by rank, then the unranked by result; ties by name in pinyin order."""
    place = (0, row.rank) if row.rank is not None else (1, -row.total)
    return (*place, initials(row.name), row.name, row.person_id)


def _with_village_ranks(rows: list[PeriodRow]) -> list[PeriodRow]:
    ranked = [row for row in rows if row.rank is not None]
    by_village: dict[str, list[PeriodRow]] = defaultdict(list)
    for row in ranked:
        by_village[row.village].append(row)
    village_rank: dict[int, int] = {}
    for members in by_village.values():
        ranks = scoring.competition_ranks([row.total for row in members])
        village_rank.update(zip((row.person_id for row in members), ranks, strict=True))
    return [replace(row, village_rank=village_rank.get(row.person_id)) for row in rows]


def _distribution(rows: Sequence[PeriodRow], bands: Sequence[GradeBand]) -> dict[str, int]:
    # grade_distribution reads only `.grade`, which a period row has too
    return scoring.grade_distribution(rows, bands) if bands else {}  # type: ignore[arg-type]


def _one_family(
    session: Session, records: list[AssessmentMonth], family: str | None, label: str
) -> str | None:
    families = list(dict.fromkeys(r.family_uid for r in records))
    if family is not None:
        if family not in families:
            raise NotFoundError(f"{label}没有按该考核细则考核的月份")
        return family
    if len(families) > 1:
        names = [
            session.scalar(
                select(AssessmentScheme.name).where(AssessmentScheme.family_uid == f).limit(1)
            )
            for f in families
        ]
        raise SchemeChoiceNeeded(f"{label}有多套考核细则：{'、'.join(names)}；请指定一套", names)
    return families[0] if families else None


def _results(session: Session, month_ids: list[int]) -> list[ScoreResult]:
    """The approved results of the months, in the months' order."""
    if not month_ids:
        return []
    order = {month_id: position for position, month_id in enumerate(month_ids)}
    found = session.scalars(select(ScoreResult).where(ScoreResult.month_id.in_(month_ids))).all()
    return sorted(found, key=lambda r: (order[r.month_id], r.person_id))


def _township(session: Session, township_id: int) -> int:
    if session.get(GridUnit, township_id) is None:
        raise NotFoundError("该乡镇(街道)不存在")
    return township_id


# ---------------------------------------------------------------------------------- allowances


def allowance_amounts(db: Database) -> dict[str, int]:
    """grade → fen per month, as set (grades never set are absent: they are paid nothing)."""
    rows = db.read_rows(
        "SELECT key, value FROM setting WHERE key LIKE ?", (ALLOWANCE_PREFIX + "%",)
    )
    return {
        key.removeprefix(ALLOWANCE_PREFIX): int(value) for key, value in rows if value.isdigit()
    }


def known_grades(db: Database) -> list[str]:
    """Every grade some scheme has, best first as the schemes list them."""
    return list(dict.fromkeys(band.grade for s in list_schemes(db) for band in s.bands))


def allowance_fen(text: str) -> int | None:
    """An allowance typed in yuan, in fen ("" is None). ValueError when it is not an amount (the
    caller says how to write one); ValidationError with the accepted range when it is a number
    far too large to be parsed into fen at all."""
    try:
        return parse_yuan(text)
    except AmountTooLarge:
        raise _allowance_range() from None


def _allowance_range() -> ValidationError:
    return ValidationError(
        {"amount": f"补贴金额应为 0～{format_yuan(MAX_ALLOWANCE_FEN)} 元，请核对单位（元）"}
    )


def set_allowance(db: Database, grade: str, amount_fen: int) -> None:
    """Set the monthly allowance of a grade, in fen (0 pays nothing)."""
    access.require(db, Permission.SETTINGS)
    grade = (grade or "").strip()
    grades = known_grades(db)
    if grade not in grades:
        known = "、".join(grades) or "（还没有考核细则）"
        raise ValidationError({"grade": f"没有等次“{grade}”；考核细则中的等次有：{known}"})
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int):
        raise TypeError(f"allowance must be an int in fen, not {amount_fen!r}")
    if not 0 <= amount_fen <= MAX_ALLOWANCE_FEN:
        raise _allowance_range()
    with db.session() as session:
        session.merge(Setting(key=ALLOWANCE_PREFIX + grade, value=str(amount_fen)))


def month_allowances(db: Database, township_id: int, month: date) -> AllowanceList:
    """The month's payable list: every worker of the township's approved month(s) with the
    amount of their grade, and the totals. Refused while no scheme of the month is approved."""
    first = month.replace(day=1)
    amounts = allowance_amounts(db)
    with db.session() as session:
        township = session.get(GridUnit, _township(session, township_id)).name
        records = session.scalars(
            select(AssessmentMonth).where(
                AssessmentMonth.township_id == township_id, AssessmentMonth.month == first
            )
        ).all()
        approved = [r for r in records if r.status == MonthStatus.APPROVED]
        when = f"{first.year}年{first.month}月"
        if not approved:
            raise RefusedError(f"{township}{when}的考核尚未审核，不能生成绩效补贴名单")
        pending = tuple(r.scheme.name for r in records if r.status != MonthStatus.APPROVED)
        # a result row carries what allowances reads of a score: person, name, village, grade
        results = _results(session, [r.id for r in approved])
        rows, total = scoring.allowances(results, amounts)  # type: ignore[arg-type]
        grades = [band.grade for r in approved for band in load_info(session, r.scheme_id).bands]
    lines = sorted(
        rows,
        key=lambda line: (initials(line.village), line.village, initials(line.name), line.name),
    )
    by_grade: dict[str, tuple[int, int]] = {}
    for line in sorted(lines, key=lambda line: [*grades, line.grade].index(line.grade)):
        count, fen = by_grade.get(line.grade, (0, 0))
        by_grade[line.grade] = (count + 1, fen + line.amount_fen)
    return AllowanceList(first, township, tuple(lines), total, by_grade, pending)
