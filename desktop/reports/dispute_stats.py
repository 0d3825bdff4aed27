"""矛盾纠纷月度统计表 (or the statistics of any range of days): the figures of case_stats with how
each is counted, the 小事不出村 and 大事不出镇 rates with their definitions, the tables by category,
level, source and people involved, and bar charts by category and by level."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.platypus import KeepTogether

from desktop.db import Database
from desktop.reports.chart import BarChart
from desktop.reports.dispute_ledger import period_of
from desktop.reports.issuer import scope_of
from desktop.reports.paper import Heading, Paper, paragraph, sign_and_seal, spacer
from desktop.reports.request import Progress, Rendered, ReportRequest
from desktop.reports.table import Column, LedgerTable, TotalRow
from desktop.services.case_stats import (
    FIGURE_LABELS,
    PEOPLE_BANDS,
    RATE_FIELDS,
    CaseFigures,
    figures,
    format_rate,
    month_bounds,
    period_label,
)

TITLE = "矛盾纠纷统计表"
MONTH_TITLE = "矛盾纠纷月度统计表"
NUMERALS = "一二三四五六七八九十"


def figure_value(got: CaseFigures, name: str) -> str:
    value = getattr(got, name)
    return format_rate(value) if name in RATE_FIELDS else str(value)


def rate_rows(got: CaseFigures) -> list[tuple[str, str, str, str]]:
    """The two headline rates: name, definition (as FIGURE_LABELS words it), the division that
    gives it, the rate."""
    meaning = {name: words for name, _label, words in FIGURE_LABELS}

    def row(name: str, part: int, headline: str, short: str) -> tuple[str, str, str, str]:
        division = f"{part} ÷ {got.concluded}" if got.concluded else "本期无办结案件"
        definition = f"{meaning[name + '_rate']}（{short}：{meaning[name]}）"
        return headline, definition, division, format_rate(getattr(got, name + "_rate"))

    return [
        row("village_closed", got.village_closed, "小事不出村（村级化解率）", "村级化解"),
        row("township_closed", got.township_closed, "大事不出镇（镇内化解率）", "镇内化解"),
    ]


def count_rows(counts: dict[str, int]) -> list:
    """One row per key with its count and share, then the total."""
    total = sum(counts.values())
    rows: list = [
        (key, str(count), format_rate(count / total if total else None))
        for key, count in counts.items()
    ]
    rows.append(TotalRow(("合计", str(total), "100.0%" if total else "—")))
    return rows


def two_up(rows: list) -> list:
    """The rows of `count_rows` side by side in two halves (a long list on half the paper)."""
    *lines, total = rows
    half = (len(lines) + 1) // 2
    left, right = lines[:half], lines[half:]
    right += [("", "", "")] * (half - len(right))
    return [(*a, *b) for a, b in zip(left, right, strict=True)] + [
        TotalRow((*total.cells, "", "", ""))
    ]


def render(
    db: Database, request: ReportRequest, out: Path, progress: Progress | None = None
) -> Rendered:
    start, end = period_of(request)
    today = request.today or date.today()
    scope = scope_of(db, request.unit_code)
    whole_month = (start, end) == month_bounds(start.year, start.month)
    paper = Paper(
        out,
        title=f"{scope.township_name}{MONTH_TITLE if whole_month else TITLE}",
        issuer=scope.centre,
        period=period_label(start, end),
        today=today,
    )
    got = figures(db, start, end, today=today, township_id=scope.township_id)
    headings = iter(NUMERALS)

    def heading(text: str, keep_mm: float = 30) -> Heading:
        return Heading(f"{next(headings)}、{text}", keep_mm=keep_mm)

    def share_table(key: str, rows: list) -> LedgerTable:
        return LedgerTable(
            [Column(key, 3), Column("件数", 1, "right"), Column("占比", 1, "right")], rows
        )

    story = [
        heading("主要指标"),
        LedgerTable(
            [Column("项目", 2.2), Column("数值", 0.9, "right"), Column("统计口径", 5)],
            [(label, figure_value(got, name), meaning) for name, label, meaning in FIGURE_LABELS],
            size=9.5,
        ),
        heading("小事不出村、大事不出镇"),
        LedgerTable(
            [
                Column("指标", 2.2),
                Column("定义", 3.6),
                Column("计算", 1.2, "center"),
                Column("比率", 0.9, "right"),
            ],
            rate_rows(got),
            size=9.5,
        ),
        spacer(1.5),
        paragraph(
            "注：“办结案件”指本期办结的全部案件，含调解成功、调解不成终结和移送处理的案件；"
            "“处理层级”指办结时案件所在的层级。",
            9,
        ),
        heading("按来源（本期受理）"),
        share_table("来源", count_rows(got.by_source)),
        heading("按涉及人数（本期受理）"),
        share_table(
            "涉及人数",
            count_rows({f"{band}人": got.people_bands.get(band, 0) for band in PEOPLE_BANDS}),
        ),
        # A table and its chart stay on one page, under their heading.
        KeepTogether(
            [
                heading("按处理层级（本期办结）", keep_mm=0),
                share_table("处理层级", count_rows(got.by_level)),
                spacer(3),
                BarChart(
                    list(got.by_level),
                    list(got.by_level.values()),
                    width_mm=110,
                    height_mm=42,
                    title="办结案件按处理层级（件）",
                ),
            ]
        ),
        KeepTogether(
            [
                heading("按纠纷类别（本期受理）", keep_mm=0),
                LedgerTable(
                    [Column("纠纷类别", 3), Column("件数", 1, "right"), Column("占比", 1, "right")]
                    * 2,
                    two_up(count_rows(got.by_category)),
                ),
                spacer(3),
                BarChart(
                    list(got.by_category),
                    list(got.by_category.values()),
                    width_mm=150,
                    height_mm=max(40, 5.5 * len(got.by_category)),
                    title="受理案件按纠纷类别（件）",
                    horizontal=True,
                ),
            ]
        ),
        sign_and_seal(paper, author=request.author),
    ]
    return paper.build(story)
