"""季度/年度考核结果及绩效补贴表: a township's quarter or year from its approved months
(assessment_periods.period_results: the mean of the months, ranks within the township and the
village) and the allowance (绩效补贴) paid for those months (assessment_periods.month_allowances,
month by month, in fen; printed in yuan).

Months not yet approved count nowhere (the services say so); the paper names them, so that a
reader knows the results may still change. request.scheme_family chooses the scheme where
several were used in the period, as the monthly paper does. A village's paper (request.unit_code)
lists that village's workers with their township ranks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.platypus import Flowable

from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.reports.monthly_assessment import (
    Scope,
    average,
    grade_block,
    points_text,
    progress_part,
    rank_text,
    scheme_family,
    scope_of,
    share_text,
)
from desktop.reports.paper import Heading, Paper, chinese_month, paragraph, sign_and_seal, spacer
from desktop.reports.request import Progress, Rendered, ReportRequest
from desktop.reports.table import Column, LedgerTable, TotalRow
from desktop.services.assessment_periods import (
    PeriodRow,
    allowance_amounts,
    month_allowances,
    period_results,
)
from desktop.services.assessment_schemes import list_schemes
from desktop.services.cases import format_yuan
from desktop.services.pinyin import initials
from desktop.services.scoring import GradeBand, PeriodMethod

TITLE = "网格员考核结果及绩效补贴表"


@dataclass(frozen=True)
class AllowanceLine:
    name: str
    village: str
    grade_months: tuple[int, ...]  # months paid at each grade of PeriodPaper.grades
    total_fen: int

    @property
    def months(self) -> int:
        return sum(self.grade_months)


@dataclass(frozen=True)
class PeriodPaper:
    scope: Scope
    label: str  # 2026年第1季度, 2026年
    method: PeriodMethod
    months: tuple[date, ...]  # the period's months
    approved: tuple[date, ...]
    pending: tuple[date, ...]
    rows: tuple[PeriodRow, ...]  # ranked in rank order, then the unranked
    bands: tuple[GradeBand, ...]
    distribution: dict[str, int]  # grade → workers of the scope, best grade first
    amounts: dict[str, int]  # grade → fen a month
    allowances: tuple[AllowanceLine, ...]  # by village, then name
    month_totals_fen: tuple[tuple[date, int, int], ...]  # (approved month, workers paid, fen)

    @property
    def grades(self) -> list[str]:
        return list(self.distribution)

    @property
    def total_fen(self) -> int:
        return sum(line.total_fen for line in self.allowances)

    @property
    def average(self) -> Decimal | None:
        return average([row.total for row in self.rows])


def gather(db: Database, request: ReportRequest) -> PeriodPaper:
    if request.year is None:
        raise ValidationError({"year": "请指定年份"})
    scope = scope_of(db, request.unit_code)
    family = scheme_family(db, request.scheme_family)
    result = period_results(
        db, scope.township_id, request.year, request.quarter, scheme_family=family
    )
    if not result.approved:
        pending = f"（{len(result.pending)} 个月尚未审核）" if result.pending else ""
        raise NotFoundError(f"{scope.township}{result.label}还没有审核通过的考核月份{pending}")
    rows = tuple(row for row in result.rows if scope.village in (None, row.village))
    people = {row.person_id for row in rows}
    grades = list(result.distribution)
    paid: dict[int, list] = {}  # person id → [name, village, months per grade, fen]
    month_totals = []
    for month in result.approved:
        # the month's list covers every scheme approved that month: keep this paper's workers
        workers = fen = 0
        for line in month_allowances(db, scope.township_id, month).lines:
            if line.person_id not in people:
                continue
            entry = paid.setdefault(line.person_id, [line.name, line.village, [0] * len(grades), 0])
            entry[0], entry[1] = line.name, line.village  # as in the latest month
            if line.grade in grades:
                entry[2][grades.index(line.grade)] += 1
            entry[3] += line.amount_fen
            workers, fen = workers + 1, fen + line.amount_fen
        month_totals.append((month, workers, fen))
    lines = sorted(
        (
            AllowanceLine(name, village, tuple(months), fen)
            for name, village, months, fen in paid.values()
        ),
        # as the month's list is ordered
        key=lambda line: (initials(line.village), line.village, initials(line.name), line.name),
    )
    counts = dict.fromkeys(grades, 0)
    for row in rows:
        counts[row.grade] += 1
    return PeriodPaper(
        scope=scope,
        label=result.label,
        method=result.method,
        months=result.months,
        approved=result.approved,
        pending=result.pending,
        rows=rows,
        bands=_bands(db, family, grades, result.approved[-1]),
        distribution=counts,
        amounts=allowance_amounts(db),
        allowances=tuple(lines),
        month_totals_fen=tuple(month_totals),
    )


def _bands(
    db: Database, family: str | None, grades: list[str], last: date
) -> tuple[GradeBand, ...]:
    """The bands the period is graded with (those of the version of its last approved month, as
    period_results takes them): the latest version in force then with the period's grades."""
    schemes = [
        s for s in list_schemes(db) if family in (None, s.family_uid) and s.start_month <= last
    ]
    for scheme in sorted(schemes, key=lambda s: (s.start_month, s.version), reverse=True):
        if [band.grade for band in scheme.bands] == grades:
            return scheme.bands
    return ()


def render(
    db: Database, request: ReportRequest, out: Path, progress: Progress | None = None
) -> Rendered:
    found = gather(db, request)
    paper = Paper(
        out,
        title=f"{found.scope.place}{found.label}{TITLE}",
        subtitle=_method_text(found.method),
        issuer=found.scope.centre,
        period=_months_text(found.months),
        today=request.today,
    )
    ranked = len(found.rows)
    total_rows = ranked + len(found.allowances)
    story: list[Flowable] = [
        Heading("一、总体情况"),
        paragraph(_summary(found), indent=2),
        spacer(2),
        grade_block(found.distribution, found.bands, paper.width, "等次分布（人）"),
        Heading("二、考核结果及排名"),
        _ranking(found, progress_part(progress, 0, total_rows)),
        spacer(1),
        paragraph(
            "说明：期间得分为各审核月份得分的平均数（按考核细则保留一位小数）；镇内名次在全镇"
            "参加排名的人员中排列，村内名次在本村(社区)内排列，得分相同的名次并列；"
            "期间内有一票否决月份的，期间等次定为最低等次。",
            9,
        ),
        Heading("三、绩效补贴发放表"),
        paragraph(_standard_text(found), 9.5),
        spacer(1),
        _allowances(found, progress_part(progress, ranked, total_rows)),
        spacer(1),
        paragraph(f"合计金额（大写）：人民币{yuan_in_words(found.total_fen)}", 10),
        spacer(2),
        _month_totals(found),
        sign_and_seal(paper, author=request.author),
    ]
    return paper.build(story)


def _method_text(method: PeriodMethod) -> str:
    how = (
        "各月平均"
        if method.weights == (100,)
        else "分段加权 " + " + ".join(f"{weight}%" for weight in method.weights)
    )
    least = f"，考核满 {method.min_months} 个月参加排名" if method.min_months > 1 else ""
    return f"期间得分按{how}计算{least}"


def _months_text(months: tuple[date, ...]) -> str:
    return f"{chinese_month(months[0])}至{chinese_month(months[-1])}"


def _summary(found: PeriodPaper) -> str:
    place = found.scope.place
    text = (
        f"{place}{found.label}已审核考核月份 {len(found.approved)} 个（"
        + "、".join(f"{m.month}月" for m in found.approved)
        + "）"
    )
    if found.pending:
        text += "，另有 " + "、".join(f"{m.month}月" for m in found.pending) + " 尚未审核，未计入"
    text += "。"
    if not found.rows:
        return text + "本期没有考核结果。"
    grades = "，".join(
        f"{grade} {n} 人（{share_text(n, len(found.rows))}）"
        for grade, n in found.distribution.items()
    )
    unranked = sum(1 for row in found.rows if row.rank is None)
    text += f"参加考核 {len(found.rows)} 人，平均得分 {points_text(found.average)} 分。{grades}。"
    if unranked:
        text += f"考核月数不足、不参加排名 {unranked} 人。"
    text += f"发放绩效补贴 {format_yuan(found.total_fen)} 元。"
    return text


def _ranking(found: PeriodPaper, progress: Progress | None) -> Flowable:
    columns = [
        Column("镇内名次", 0.8, "center"),
        Column("姓名", 1.3),
        Column("村(社区)", 1.4),
        Column("期间得分", 0.9, "right"),
        Column("等次", 0.8, "center"),
        Column("村内名次", 0.8, "center"),
        Column("考核月数", 0.8, "center"),
        Column("备注", 1.8),
    ]
    rows = [
        (
            rank_text(row.rank),
            row.name,
            row.village,
            points_text(row.total),
            row.grade,
            str(row.village_rank) if row.village_rank is not None else "—",
            str(row.months_scored),
            _remark(row, found.method),
        )
        for row in found.rows
    ]
    return LedgerTable(columns, rows, size=9, progress=progress)


def _remark(row: PeriodRow, method: PeriodMethod) -> str:
    notes = []
    if row.veto_months:
        notes.append(f"一票否决 {row.veto_months} 个月")
    if row.rank is None:
        notes.append(f"考核不足 {method.min_months} 个月，不排名")
    return "；".join(notes)


def _standard_text(found: PeriodPaper) -> str:
    if not any(found.amounts.get(grade) for grade in found.grades):
        return (
            "补贴标准：尚未设置各等次的绩效补贴金额（在“考核”的绩效补贴中设置），以下金额均为 0。"
        )
    return (
        "补贴标准（每人每月）："
        + "，".join(
            f"{grade} {format_yuan(found.amounts.get(grade, 0))} 元" for grade in found.grades
        )
        + "。按各审核月份的等次逐月计发，金额单位：元。"
    )


def _allowances(found: PeriodPaper, progress: Progress | None) -> Flowable:
    columns = [
        Column("序号", 0.6, "center"),
        Column("村(社区)", 1.4),
        Column("姓名", 1.3),
        *(Column(f"{grade}\n（月）", 0.7, "center") for grade in found.grades),
        Column("计发月数", 0.9, "center"),
        Column("补贴金额（元）", 1.3, "right"),
        Column("领取人签字", 1.3),
    ]
    rows: list = [
        (
            str(number),
            line.village,
            line.name,
            *(str(n) if n else "" for n in line.grade_months),
            str(line.months),
            format_yuan(line.total_fen),
            "",
        )
        for number, line in enumerate(found.allowances, start=1)
    ]
    by_grade = [
        sum(line.grade_months[i] for line in found.allowances) for i in range(len(found.grades))
    ]
    rows.append(
        TotalRow(
            (
                "合计",
                f"{len(found.allowances)} 人",
                "",
                *(str(n) for n in by_grade),
                str(sum(by_grade)),
                format_yuan(found.total_fen),
                "",
            )
        )
    )
    return LedgerTable(columns, rows, size=9, progress=progress)


def _month_totals(found: PeriodPaper) -> Flowable:
    columns = [
        Column("月份", 1.2),
        Column("计发人数", 1, "right"),
        Column("补贴金额（元）", 1.4, "right"),
    ]
    rows: list = [
        (chinese_month(month), str(workers), format_yuan(fen))
        for month, workers, fen in found.month_totals_fen
    ]
    rows.append(
        TotalRow(
            (
                "合计",
                str(sum(workers for _, workers, _ in found.month_totals_fen)),
                format_yuan(found.total_fen),
            )
        )
    )
    return LedgerTable(columns, rows, size=9)


DIGITS = "零壹贰叁肆伍陆柒捌玖"


def yuan_in_words(fen: int) -> str:
    """An amount in the capitals of Chinese finance papers: 600000 → 陆仟元整,
    100507 → 壹仟零伍元零柒分."""
    yuan, jiao, cents = fen // 100, fen // 10 % 10, fen % 10
    groups = []  # four digits each, the highest first
    while yuan:
        groups.insert(0, yuan % 10000)
        yuan //= 10000
    text, gap = "", False
    for index, group in enumerate(groups):
        if not group:
            gap = bool(text)
            continue
        if text and (gap or group < 1000):
            text += "零"
        text += _four_digits(group) + ("", "万", "亿", "万亿")[len(groups) - 1 - index]
        gap = False
    if not jiao and not cents:
        return f"{text or '零'}元整"
    text += "元" if text else ""
    if jiao:
        text += f"{DIGITS[jiao]}角"
    elif text:
        text += "零"
    return text + (f"{DIGITS[cents]}分" if cents else "")


def _four_digits(number: int) -> str:
    """1 ≤ number < 10000 in capitals, a zero said once for the zeros inside (壹仟零伍)."""
    text, zero = "", False
    for digit, unit in zip(f"{number:04d}", ("仟", "佰", "拾", ""), strict=True):
        if digit == "0":
            zero = bool(text)
            continue
        text += ("零" if zero else "") + DIGITS[int(digit)] + unit
        zero = False
    return text
