"""Monthly assessment arithmetic (考核计分): item points, totals, grades, ranks, the top-grade quota.

Pure functions on plain values — no database — so that the rules are tested on hand-computed
tables and the month sheet, the CLI, period results and reports all score the same way.

Points are Decimal with one decimal place (never floats; DESIGN.md). The rules, stated once:
- manual item: the scorer enters 0..max.
- deduction per occurrence: max − per_count × count, floored at 0.
- bonus per occurrence: per_count × count, capped at max.
- automatic item: a figure from the data (e.g. cases reported) mapped to points, either per unit
  (per_count × figure, capped at max) or by bands (the points of the highest threshold reached).
  A share has no figure when the worker had no case to divide by: the item then says what "no
  cases" earns (`no_cases`): "zero" (the default) or "full" (its maximum).
- veto item (一票否决): yes forces the lowest grade whatever the points; the total still shows.
- total: the sum of the items; with `bonus_cap`, the bonus items together add at most that much.
- grade: the band whose [lower, upper) holds the total; bands must leave no gap and no overlap.
- rank: by total, highest first; equal totals share a rank (1, 2, 2, 4) — within the township and
  within each village. Vetoed workers rank after everyone else whatever their totals (a vetoed
  93 never ranks above an 85), among themselves by total: with 11 workers not vetoed, the
  vetoed ones take ranks 12, 13 … Equal ranks are listed in pinyin order of the name.
- quota on the top grade (e.g. at most 20% of the township's workers): the number allowed is
  floor(workers × percent / 100). Workers are taken by rank; when the workers tied at the
  boundary would together exceed the quota, all of them get the next grade (the quota is a cap),
  and so does everyone below them. "Workers" counts everyone scored, veto workers included, but
  a veto worker never takes a place in the quota nor the top grade.
- a worker who joined mid-month is scored like anyone else: a manual item not entered counts 0,
  a count not entered counts no occurrence (so a deduction item keeps its full points), a figure
  missing from the data is scored as the item's `no_cases` says.
- rounding: every item's points are rounded to one decimal place, halves up (ROUND_HALF_UP), so
  totals are exact sums of what the sheet shows. Period results are computed exactly and rounded
  the same way once, at the end (see `PeriodMethod`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import groupby, pairwise
from typing import NoReturn

from desktop.errors import ValidationError
from desktop.services.dates import check_year
from desktop.services.pinyin import initials

ONE_PLACE = Decimal("0.1")
ZERO = Decimal(0)
MAX_GRADE = 10  # characters a grade name may have (the grade column's length)
# A count of events in one month (deduction and bonus items): far above any real month, and well
# within every database's integer column (a count of 1e20 overflowed it).
MAX_COUNT = 9999


class ItemKind(StrEnum):
    MANUAL = "manual"
    DEDUCTION = "deduction"
    BONUS = "bonus"
    AUTO = "auto"
    VETO = "veto"


class NoCases(StrEnum):
    """What an automatic item earns when its figure is missing (no case to count or divide by)."""

    ZERO = "zero"
    FULL = "full"

    @property
    def label(self) -> str:
        return {"zero": "不得分", "full": "得满分"}[self.value]


@dataclass(frozen=True)
class ItemSpec:
    key: str  # stable within a scheme version (the item's uid)
    section: str  # 大则
    name: str  # 小则
    kind: ItemKind
    max_points: Decimal = Decimal(0)  # manual: the most; deduction: the start; bonus/auto: the cap
    per_count: Decimal = Decimal(0)  # deduction/bonus/auto-per-unit: points per occurrence/unit
    bands: tuple[tuple[Decimal, Decimal], ...] = ()  # auto by bands: (figure at least, points)
    metric: str = ""  # auto: which figure (see desktop/services/assessment_figures.py)
    no_cases: NoCases = NoCases.ZERO  # auto: the points when the figure is missing


@dataclass(frozen=True)
class GradeBand:
    grade: str  # 优秀 / 良好 / 合格 / 不合格
    lower: Decimal  # inclusive
    upper: Decimal | None  # exclusive; None for the top band


@dataclass(frozen=True)
class SchemeSpec:
    items: tuple[ItemSpec, ...]
    bands: tuple[GradeBand, ...]  # best grade first
    top_quota_percent: int | None = None
    bonus_cap: Decimal | None = None


@dataclass(frozen=True)
class WorkerInput:
    person_id: int
    name: str
    village: str
    # item key → what was entered: points (manual), a count (deduction/bonus), True/False (veto)
    entries: dict[str, Decimal | int | bool] = field(default_factory=dict)
    figures: dict[str, Decimal] = field(default_factory=dict)  # metric → figure, for auto items


@dataclass(frozen=True)
class WorkerScore:
    person_id: int
    name: str
    village: str
    points: dict[str, Decimal]  # item key → points
    total: Decimal
    veto: bool
    grade: str
    rank: int  # within the township
    village_rank: int
    held_back_by_quota: bool = False  # would have had the top grade but for the quota
    bonus_trimmed: Decimal = ZERO  # what `bonus_cap` took off: total = sum(points) − bonus_trimmed


DEFAULT_BANDS = (
    GradeBand("优秀", Decimal(90), None),
    GradeBand("良好", Decimal(80), Decimal(90)),
    GradeBand("合格", Decimal(60), Decimal(80)),
    GradeBand("不合格", ZERO, Decimal(60)),
)


def round_points(value: Decimal) -> Decimal:
    """One decimal place, halves up: 2.25 → 2.3."""
    return value.quantize(ONE_PLACE, ROUND_HALF_UP)


def _text(value: Decimal) -> str:
    """A number as a message shows it: 90, 79.5."""
    return format(value.normalize(), "f")


# ------------------------------------------------------------------------------------- items


def item_points(
    item: ItemSpec, entry: Decimal | int | bool | None, figures: Mapping[str, Decimal]
) -> Decimal:
    """The points `item` earns for one worker, from what was entered (None: nothing was) or, for
    an automatic item, from the worker's figures. A veto item earns no points (see `_vetoed`)."""
    match item.kind:
        case ItemKind.MANUAL:
            points = _manual(item, entry)
        case ItemKind.DEDUCTION:
            points = max(ZERO, item.max_points - item.per_count * _count(item, entry))
        case ItemKind.BONUS:
            points = min(item.max_points, item.per_count * _count(item, entry))
        case ItemKind.AUTO:
            figure = figures.get(item.metric)
            if figure is None:
                points = item.max_points if item.no_cases is NoCases.FULL else ZERO
            else:
                points = _automatic(item, figure)
        case ItemKind.VETO:
            _vetoed(item, entry)
            points = ZERO
    return round_points(points)


def _is_number(entry: object) -> bool:
    # Decimal("nan") parses from a cell and would make every comparison below raise.
    if isinstance(entry, Decimal):
        return entry.is_finite()
    return isinstance(entry, int) and not isinstance(entry, bool)


def _manual(item: ItemSpec, entry: Decimal | int | bool | None) -> Decimal:
    if entry is None:
        return ZERO
    if not _is_number(entry) or not ZERO <= entry <= item.max_points:
        raise ValidationError({item.key: f"“{item.name}”应为 0～{_text(item.max_points)} 分"})
    points = Decimal(entry)
    if points != round_points(points):
        raise ValidationError({item.key: f"“{item.name}”最多保留一位小数"})
    return points


def _count(item: ItemSpec, entry: Decimal | int | bool | None) -> int:
    if entry is None:
        return 0
    if not _is_number(entry) or entry < 0 or entry != int(entry):
        raise ValidationError({item.key: f"“{item.name}”次数应为不小于 0 的整数"})
    if entry > MAX_COUNT:
        raise ValidationError({item.key: f"“{item.name}”次数不能超过 {MAX_COUNT}"})
    return int(entry)


def _automatic(item: ItemSpec, figure: Decimal) -> Decimal:
    if item.bands:  # thresholds ascend (check_scheme), so the last one reached is the highest
        reached = [points for least, points in item.bands if figure >= least]
        return reached[-1] if reached else ZERO
    return min(item.max_points, item.per_count * figure)


def _vetoed(item: ItemSpec, entry: Decimal | int | bool | None) -> bool:
    if entry is None:
        return False
    if not isinstance(entry, bool):
        raise ValidationError({item.key: f"“{item.name}”应填“是”或“否”"})
    return entry


# ------------------------------------------------------------------------------- bands, scheme


def _ascending(bands: Iterable[GradeBand]) -> list[GradeBand]:
    return sorted(bands, key=lambda band: band.lower)


def check_bands(bands: Sequence[GradeBand]) -> None:
    """Refuse bands that would leave a total without a grade or with two: afterwards every
    total from 0 up falls in exactly one band."""

    def refuse(message: str) -> NoReturn:
        raise ValidationError({"bands": message})

    if not bands:
        refuse("至少需要一个等次")
    names = [band.grade.strip() for band in bands]
    if "" in names:
        refuse("等次名称不能为空")
    for name in names:
        if names.count(name) > 1:
            refuse(f"等次“{name}”重复")
        if len(name) > MAX_GRADE:
            refuse(f"等次名称“{name}”不能超过{MAX_GRADE}个字")
    for band in bands:
        if band.upper is not None and band.lower >= band.upper:
            refuse(
                f"等次“{band.grade}”的下限 {_text(band.lower)} 分应低于上限 {_text(band.upper)} 分"
            )
    tops = [band.grade for band in bands if band.upper is None]
    if not tops:
        refuse("应有一个不设上限的最高等次")
    if len(tops) > 1:
        refuse("只能有一个等次不设上限，现有" + "".join(f"“{name}”" for name in tops))
    ordered = _ascending(bands)
    if ordered[0].lower > 0:
        refuse(f"最低等次“{ordered[0].grade}”应从 0 分起，现从 {_text(ordered[0].lower)} 分起")
    for low, high in pairwise(ordered):
        if low.upper is not None and low.upper < high.lower:
            refuse(
                f"“{low.grade}”与“{high.grade}”之间有空档："
                f"{_text(low.upper)} 分至 {_text(high.lower)} 分之间的总分没有等次"
            )
        if low.upper is None or low.upper > high.lower:
            end = min(bound for bound in (low.upper, high.upper) if bound is not None)
            refuse(
                f"“{low.grade}”与“{high.grade}”的分数段重叠"
                f"（{_text(high.lower)} 分至 {_text(end)} 分）"
            )


def check_scheme(spec: SchemeSpec) -> None:
    """Refuse a scheme that cannot be scored, naming the item or setting at fault."""
    if not spec.items:
        raise ValidationError({"items": "考核细则至少需要一个小则"})
    keys = [item.key for item in spec.items]
    for item in spec.items:
        if keys.count(item.key) > 1:
            raise ValidationError({"items": f"小则“{item.name}”的编号重复"})
        problem = _item_problem(item)
        if problem:
            raise ValidationError({item.key: problem})
    check_bands(spec.bands)
    if spec.top_quota_percent is not None:
        top = _ascending(spec.bands)[-1].grade
        if not 1 <= spec.top_quota_percent <= 100:
            raise ValidationError({"top_quota_percent": f"“{top}”名额比例应为 1%～100%"})
        if len(spec.bands) < 2:
            raise ValidationError({"top_quota_percent": "设名额比例需要至少两个等次"})
    if spec.bonus_cap is not None and spec.bonus_cap <= 0:
        raise ValidationError({"bonus_cap": "加分合计上限应大于 0"})


def _item_problem(item: ItemSpec) -> str | None:
    name = f"“{item.name}”"
    if not item.name.strip():
        return "小则名称不能为空"
    if item.kind is ItemKind.VETO:
        return f"{name}是一票否决项，不设分值" if item.max_points or item.per_count else None
    if item.max_points <= 0:
        return f"{name}的分值应大于 0"
    if item.per_count < 0:
        return f"{name}每次（每单位）的分值不能为负数"
    if item.kind in (ItemKind.DEDUCTION, ItemKind.BONUS) and item.per_count == 0:
        return f"{name}每次{'扣' if item.kind is ItemKind.DEDUCTION else '加'}分应大于 0"
    if item.kind is ItemKind.AUTO:
        if not item.metric:
            return f"{name}未指定取数指标"
        if bool(item.bands) == bool(item.per_count):
            return f"{name}应按单位计分或按分档计分，二者选一"
        thresholds = [least for least, _ in item.bands]
        if any(low >= high for low, high in pairwise(thresholds)):
            return f"{name}的分档门槛应从低到高排列"
        if any(not ZERO <= points <= item.max_points for _, points in item.bands):
            return f"{name}的分档得分应为 0～{_text(item.max_points)} 分"
    return None


# ------------------------------------------------------------------------------- the month


def grade_for(total: Decimal, bands: Sequence[GradeBand]) -> str:
    """The grade of the band whose [lower, upper) holds `total` (bands checked by check_bands)."""
    for band in bands:
        if band.lower <= total and (band.upper is None or total < band.upper):
            return band.grade
    raise ValueError(f"no band holds {total}")


def competition_ranks(totals: Sequence[Decimal]) -> list[int]:
    """Each total's rank, highest first; equal totals share a rank and the next is skipped
    (98, 95, 95, 90 → 1, 2, 2, 4)."""
    first: dict[Decimal, int] = {}
    for place, total in enumerate(sorted(totals, reverse=True), start=1):
        first.setdefault(total, place)
    return [first[total] for total in totals]


@dataclass(frozen=True)
class _Tally:
    points: dict[str, Decimal]
    trimmed: Decimal
    total: Decimal
    veto: bool


def _tally(spec: SchemeSpec, worker: WorkerInput) -> _Tally:
    try:
        points = {
            item.key: item_points(item, worker.entries.get(item.key), worker.figures)
            for item in spec.items
        }
        veto = any(
            _vetoed(item, worker.entries.get(item.key))
            for item in spec.items
            if item.kind is ItemKind.VETO
        )
    except ValidationError as error:
        raise ValidationError(
            {field: f"{worker.name}：{message}" for field, message in error.fields.items()}
        ) from error
    bonus = sum((points[item.key] for item in spec.items if item.kind is ItemKind.BONUS), ZERO)
    trimmed = max(ZERO, bonus - spec.bonus_cap) if spec.bonus_cap is not None else ZERO
    return _Tally(points, trimmed, sum(points.values(), ZERO) - trimmed, veto)


def _held_back(totals: list[Decimal], grades: list[str], top: str, allowed: int) -> set[int]:
    """Indices of the top-grade workers the quota moves down: from the first group of equal
    totals that would overflow the quota, everyone at or below it."""
    contenders = sorted(
        (i for i, grade in enumerate(grades) if grade == top), key=totals.__getitem__
    )
    kept = 0
    for total, group in groupby(reversed(contenders), key=totals.__getitem__):
        kept += len(list(group))
        if kept > allowed:
            return {i for i in contenders if totals[i] <= total}
    return set()


def score_month(spec: SchemeSpec, workers: Iterable[WorkerInput]) -> list[WorkerScore]:
    """Score a township's month: every worker's points, total, grade and ranks, in rank order
    (equal ranks by name in pinyin order)."""
    check_scheme(spec)
    people = list(workers)
    tallies = [_tally(spec, worker) for worker in people]
    totals = [tally.total for tally in tallies]
    ordered = _ascending(spec.bands)
    grades = [
        ordered[0].grade if tally.veto else grade_for(tally.total, spec.bands) for tally in tallies
    ]
    held: set[int] = set()
    if spec.top_quota_percent is not None:
        allowed = len(people) * spec.top_quota_percent // 100
        held = _held_back(totals, grades, ordered[-1].grade, allowed)
        for i in held:
            grades[i] = ordered[-2].grade
    vetoes = [tally.veto for tally in tallies]
    ranks = veto_last_ranks(totals, vetoes)
    village_ranks = [0] * len(people)
    for village in {worker.village for worker in people}:
        members = [i for i, worker in enumerate(people) if worker.village == village]
        village_totals = [totals[i] for i in members]
        found = veto_last_ranks(village_totals, [vetoes[i] for i in members])
        for i, rank in zip(members, found, strict=True):
            village_ranks[i] = rank
    scores = [
        WorkerScore(
            person_id=worker.person_id,
            name=worker.name,
            village=worker.village,
            points=tally.points,
            total=tally.total,
            veto=tally.veto,
            grade=grades[i],
            rank=ranks[i],
            village_rank=village_ranks[i],
            held_back_by_quota=i in held,
            bonus_trimmed=tally.trimmed,
        )
        for i, (worker, tally) in enumerate(zip(people, tallies, strict=True))
    ]
    return sorted(scores, key=rank_order)


def rank_order(score: WorkerScore) -> tuple:
    """The order scores are listed in: by rank, equal ranks by name in pinyin order."""
    return (score.rank, initials(score.name), score.name, score.person_id)


def veto_last_ranks(totals: Sequence[Decimal], vetoes: Sequence[bool]) -> list[int]:
    """Competition ranks with the vetoed after everyone else, among themselves by total."""
    clear = [i for i, vetoed in enumerate(vetoes) if not vetoed]
    barred = [i for i, vetoed in enumerate(vetoes) if vetoed]
    ranks = [0] * len(totals)
    for i, rank in zip(clear, competition_ranks([totals[i] for i in clear]), strict=True):
        ranks[i] = rank
    for i, rank in zip(barred, competition_ranks([totals[i] for i in barred]), strict=True):
        ranks[i] = len(clear) + rank
    return ranks


def grade_distribution(scores: Iterable[WorkerScore], bands: Sequence[GradeBand]) -> dict[str, int]:
    """How many workers got each grade, best grade first, grades nobody got included as 0."""
    counts = {band.grade: 0 for band in reversed(_ascending(bands))}
    for score in scores:
        counts[score.grade] += 1
    return counts


# ----------------------------------------------------------------------------------- periods


@dataclass(frozen=True)
class PeriodMethod:
    """How a quarter's or a year's result is made from the monthly totals.

    The period's months are split into len(weights) consecutive equal parts; each part counts
    the mean of its months, weighted in percent: (100,) is the plain mean of the months, (40, 60)
    over a year is January–June 40% + July–December 60%.

    Joiners and leavers: only months with a score count (a worker has a score only for months in
    post). A part without any such month is left out and the weights of the parts present are
    renormalised (a worker who joined in August gets the mean of August–December). A worker
    with fewer scored months than `min_months` is listed with a result but not ranked.
    The result is computed exactly and rounded once to one decimal place, halves up.
    """

    weights: tuple[int, ...] = (100,)
    min_months: int = 1


@dataclass(frozen=True)
class PeriodScore:
    person_id: int
    total: Decimal
    months_scored: int
    rank: int | None  # None: fewer scored months than the method's minimum


def period_months(year: int, quarter: int | None = None) -> tuple[date, ...]:
    """The first days of the months of a year, or of one of its quarters (1–4)."""
    check_year(year)
    months = range(1, 13) if quarter is None else range(3 * quarter - 2, 3 * quarter + 1)
    return tuple(date(year, month, 1) for month in months)


def _check_method(method: PeriodMethod, months: Sequence[date]) -> None:
    if not method.weights or any(w <= 0 for w in method.weights) or sum(method.weights) != 100:
        raise ValidationError({"weights": "各部分权重应为正数，合计 100%"})
    if len(months) % len(method.weights):
        raise ValidationError(
            {"weights": f"{len(months)} 个月不能平均分为 {len(method.weights)} 部分"}
        )
    if not 1 <= method.min_months <= len(months):
        raise ValidationError({"min_months": f"参与排名的最少月数应为 1～{len(months)}"})


def _round_exact(value: Fraction) -> Decimal:
    return (Decimal(math.floor(value * 10 + Fraction(1, 2))) / 10).quantize(ONE_PLACE)


def period_totals(
    monthly: Mapping[int, Mapping[date, Decimal]], method: PeriodMethod, months: Sequence[date]
) -> list[PeriodScore]:
    """Period results from `monthly` (person id → month → that month's total) over `months`
    (in calendar order), ranked ones first in rank order, then the unranked by result. People
    with no scored month in the period are left out."""
    _check_method(method, months)
    size = len(months) // len(method.weights)
    parts = [months[start : start + size] for start in range(0, len(months), size)]
    results: list[tuple[int, Decimal, int]] = []
    for person_id, totals in monthly.items():
        present = [
            (weight, [Fraction(totals[month]) for month in part if month in totals])
            for weight, part in zip(method.weights, parts, strict=True)
        ]
        present = [(weight, scores) for weight, scores in present if scores]
        if present:
            weighted = sum(weight * sum(scores) / len(scores) for weight, scores in present)
            total = _round_exact(weighted / sum(weight for weight, _ in present))
            results.append((person_id, total, sum(month in totals for month in months)))
    ranked = [row for row in results if row[2] >= method.min_months]
    ranks = competition_ranks([total for _, total, _ in ranked])
    scores = [PeriodScore(*row, rank=rank) for row, rank in zip(ranked, ranks, strict=True)]
    unranked = [PeriodScore(*row, rank=None) for row in results if row[2] < method.min_months]
    return sorted(scores, key=lambda s: (s.rank, s.person_id)) + sorted(
        unranked, key=lambda s: (-s.total, s.person_id)
    )


# -------------------------------------------------------------------------------- allowances


@dataclass(frozen=True)
class AllowanceRow:
    person_id: int
    name: str
    village: str
    grade: str
    amount_fen: int


def allowances(
    scores: Iterable[WorkerScore], amount_fen_per_grade: Mapping[str, int]
) -> tuple[list[AllowanceRow], int]:
    """The month's payable list (绩效补贴) and its total, in fen: each worker gets the amount
    set for their grade, nothing for a grade without one."""
    for grade, fen in amount_fen_per_grade.items():
        if isinstance(fen, bool) or not isinstance(fen, int):
            raise TypeError(f"allowance for {grade} must be an int in fen, not {fen!r}")
        if fen < 0:
            raise ValidationError({grade: f"“{grade}”的补贴金额不能为负数"})
    rows = [
        AllowanceRow(s.person_id, s.name, s.village, s.grade, amount_fen_per_grade.get(s.grade, 0))
        for s in scores
    ]
    return rows, sum(row.amount_fen for row in rows)
