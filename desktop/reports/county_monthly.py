"""县级月报: for a county database holding several townships, one month of every township side
by side and ranked — the dispute figures (case_stats, the same definitions as a township's own
statistics paper) and the grid workers' assessment (approved months only) — with the county's
totals (issue 9)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.db import Database
from desktop.reports.issuer import CENTRE_SUFFIX
from desktop.reports.paper import Heading, Paper, paragraph, sign_and_seal
from desktop.reports.request import Progress, Rendered, ReportRequest
from desktop.reports.table import Column, LedgerTable, TotalRow
from desktop.services import jurisdiction
from desktop.services.case_stats import (
    TOWNSHIP_HEADERS,
    county_figures,
    month_bounds,
    township_cells,
)
from desktop.services.case_stats import period_label as label_of
from desktop.services.county import (
    assessment_cells,
    county_assessment,
    county_total,
    grade_names,
    the_county,
)

TITLE = "县级矛盾纠纷化解和网格员考核月报"
HEADING = "矛盾纠纷化解和网格员考核月报"  # printed after the county's name: 南江县矛盾纠纷…


def render(
    db: Database, request: ReportRequest, out: Path, progress: Progress | None = None
) -> Rendered:
    jurisdiction.require_county(db, "县级月报")  # a township account sees one township only
    start, end = month_bounds(request.month.year, request.month.month)
    today = request.today or date.today()
    county = the_county(db)
    paper = Paper(
        out,
        title=f"{county.name}{HEADING}",
        issuer=f"{county.name}{CENTRE_SUFFIX}",
        period=label_of(start, end),
        today=today,
        landscape=True,
    )
    disputes = county_figures(db, start, end, today=today)
    assessed = county_assessment(db, start)
    grades = grade_names(assessed)
    story = [
        Heading("一、矛盾纠纷排查化解（按就地化解率排名）"),
        LedgerTable(
            [
                Column("排名", 0.6, "center"),
                Column("乡镇(街道)", 1.8),
                *(
                    Column(header, 1.1 if header.endswith(("率", "村", "镇")) else 0.85, "right")
                    for header in TOWNSHIP_HEADERS
                ),
            ],
            [
                *(
                    (str(row.rank or "—"), row.name, *township_cells(row.figures))
                    for row in disputes.townships
                ),
                TotalRow(("", "全县合计", *township_cells(disputes.total))),
            ],
            size=9.5,
        ),
        paragraph(
            "排名依据“大事不出镇”比率（本月办结案件中在村、镇两级调解成功的比例），相同时比调解成功率，"
            "比率相同名次并列；本月没有办结案件的乡镇不排名。各项口径与乡镇《矛盾纠纷统计表》相同。",
            8.5,
        ),
        Heading("二、网格员考核（已审核的月份）"),
        LedgerTable(
            [
                Column("乡镇(街道)", 1.8),
                Column("考核状态", 1.0, "center"),
                Column("考核人数", 0.9, "right"),
                Column("平均分", 0.9, "right"),
                *(Column(name, 0.8, "right") for name in grades),
            ],
            [
                *(assessment_cells(row, grades) for row in assessed),
                TotalRow(assessment_cells(county_total(assessed), grades)),
            ],
            size=9.5,
        ),
        paragraph("只计已审核的月份；未审核的乡镇列出其考核状态，不计入合计。", 8.5),
        sign_and_seal(paper, author=request.author),
    ]
    return paper.build(story)
