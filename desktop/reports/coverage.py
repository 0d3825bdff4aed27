"""网格覆盖情况报告: the coverage checks of services.coverage on paper (A4 landscape) — the
township's totals, one row of marks per village, and every gap with what to fix, by village —
ending with the signature lines and the seal.

Scope: request.unit_code names the township or a village (a grid or micro-grid stands for its
village); without it, the only township. request.today is the day whose assignments count, and
the date printed; today when not given.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.db import Database
from desktop.reports.issuer import centre_name
from desktop.reports.paper import Heading, Paper, chinese_date, paragraph, sign_and_seal, spacer
from desktop.reports.request import Progress, Rendered, ReportRequest
from desktop.reports.table import Column, GroupRow, LedgerTable, TotalRow
from desktop.services.coverage import Check, CheckResult, coverage

TITLE = "网格覆盖情况报告"

RULES = (
    "说明：只计截至制表日期在岗的人员。网格长按网格检查（尚未划分网格的村按本村检查）；"
    "辅警、法律顾问、人民调解员、驻村第一书记在本村或本村任一网格、微网格任职均可；"
    "楼栋长、联户长、护林员、护路员、地质灾害监测员视同微网格员；"
    "驻村第一书记只对设置中列为选派的村检查，其余村仅列出在岗情况供参考。"
)


def render(
    db: Database, request: ReportRequest, out: Path, progress: Progress | None = None
) -> Rendered:
    today = request.today or date.today()
    found = coverage(db, today=today, unit_code=request.unit_code)  # NotFoundError: no such unit
    township = found.township
    whole = request.unit_code is None or request.unit_code.strip() == township.code
    place = township.name if whole else f"{township.name}{found.villages[0].name}"
    settings = found.settings
    paper = Paper(
        out,
        title=f"{place}{TITLE}",
        subtitle=f"截至{chinese_date(today)}在岗人员；微网格 {settings.min_households}～"
        f"{settings.max_households} 户",
        issuer=centre_name(township.name),
        today=today,
        landscape=True,
    )
    story = [
        Heading("一、各村(社区)检查情况"),
        paragraph(
            f"{place}共 {township.villages} 个村(社区)，{township.villages_covered} 个全部达标；"
            f"{township.grids} 个网格、{township.micro_grids} 个微网格；"
            f"共 {township.gaps} 处缺口。",
            indent=2,
        ),
        spacer(2),
        LedgerTable(
            [
                Column("村(社区)", 1.6),
                Column("网格/微网格", 1, "center"),
                *(Column(check.label, 1, "center") for check in Check),
            ],
            [
                (
                    village.name,
                    f"{village.grids}/{village.micro_grids}",
                    *(_mark(result) for result in village.checks),
                )
                for village in found.villages
            ]
            + [
                TotalRow(
                    (
                        "达标村数",
                        f"{township.grids}/{township.micro_grids}",
                        *(
                            f"{total.villages_passed}/{total.villages}" if total.villages else "—"
                            for total in township.totals
                        ),
                    )
                ),
                TotalRow(("缺口数", "", *(str(total.gaps) for total in township.totals))),
            ],
        ),
        spacer(1),
        paragraph("“达标”：该项无缺口；“缺 N 处”：见下面的缺口清单；“参考”：不作检查。", 9),
        Heading("二、缺口清单"),
    ]
    if found.gaps:
        rows: list = []
        number = 0
        for village in found.villages:
            if not village.gaps:
                continue
            rows.append(GroupRow(f"{village.name}（{village.code}），{len(village.gaps)} 处"))
            for gap in village.gaps:
                number += 1
                rows.append(
                    (
                        str(number),
                        f"{gap.level.label} {gap.unit_name}",
                        gap.unit_code,
                        gap.check.label,
                        gap.message,
                    )
                )
        story.append(
            LedgerTable(
                [
                    Column("序号", 0.5, "center"),
                    Column("单位", 2),
                    Column("编码", 1.5),
                    Column("检查项", 1.2),
                    Column("整改要求", 5),
                ],
                rows,
                progress=progress,
            )
        )
    else:
        story.append(paragraph("各村(社区)均已达标，没有缺口。", indent=2))
    story += [spacer(3), paragraph(RULES, 9), sign_and_seal(paper, author=request.author)]
    return paper.build(story)


def _mark(result: CheckResult) -> str:
    if not result.applies:
        return "参考"
    return "达标" if result.passed else f"缺 {len(result.gaps)} 处"
