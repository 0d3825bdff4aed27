"""矛盾纠纷排查化解台账 for a month or a range of days: one row per case, A4 landscape.

The cases and cells are the xlsx ledger's (exchange/case_ledger.py), so the paper and the workbook
agree; the paper adds 序号 and marks a case concluded after its due date (超期办结). ID numbers of
parties are masked, as in the workbook: the ledger is printed and passed around.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.db import Database
from desktop.errors import ValidationError
from desktop.exchange.case_ledger import LEDGER_COLUMNS, ledger_cases, ledger_row
from desktop.reports.issuer import scope_of
from desktop.reports.paper import Paper, paragraph, sign_and_seal, spacer
from desktop.reports.request import Progress, Rendered, ReportRequest
from desktop.reports.table import Column, LedgerTable
from desktop.services.case_stats import check_period, month_bounds, period_label
from desktop.services.cases import CaseInfo

TITLE = "矛盾纠纷排查化解台账"
FONT_SIZE = 7.5  # 六号: fifteen columns across a landscape A4

# Each column's width in points and its alignment: at FONT_SIZE a date, a result, a status with
# its warning, or a masked ID number with its brackets and a 、, fits on one line. The summary
# takes the rest of the frame's width.
LAYOUT = {
    "序号": (18, "center"),
    "编号": (64, "left"),
    "受理日期": (49, "center"),
    "来源": (36, "center"),
    "类别": (38, "center"),
    "发生地": (46, "left"),
    "当事人": (106, "left"),
    "简要情况": (None, "left"),
    "风险等级": (30, "center"),
    "处理层级": (30, "center"),
    "调解员": (38, "center"),
    "状态": (44, "center"),
    "结果": (36, "center"),
    "结案日期": (49, "center"),
    "回访": (50, "left"),
}
HEADERS = ("序号", *(c.header for c in LEDGER_COLUMNS))


def columns(frame_width: float) -> list[Column]:
    """The table's columns for a frame `frame_width` points wide."""
    rest = frame_width - sum(width or 0 for width, _ in LAYOUT.values())
    return [Column(h, LAYOUT[h][0] or rest, LAYOUT[h][1]) for h in HEADERS]


CONCLUDED = [c.header for c in LEDGER_COLUMNS].index("结案日期")


def period_of(request: ReportRequest) -> tuple[date, date]:
    """The days a dispute paper covers: the request's range, else its month."""
    if request.start is not None and request.end is not None:
        check_period(request.start, request.end)
        return request.start, request.end
    if request.month is not None:
        return month_bounds(request.month.year, request.month.month)
    raise ValidationError({"period": "请选择月份，或起止日期"})


def ledger_cells(case: CaseInfo) -> tuple[str, ...]:
    """The printed cells of one case, in the order of LEDGER_COLUMNS."""
    cells = [value.isoformat() if isinstance(value, date) else value for value in ledger_row(case)]
    if case.concluded_on is not None and case.concluded_on > case.due_on:
        cells[CONCLUDED] += "\n超期办结"
    return tuple(cells)


def render(
    db: Database, request: ReportRequest, out: Path, progress: Progress | None = None
) -> Rendered:
    start, end = period_of(request)
    today = request.today or date.today()
    scope = scope_of(db, request.unit_code)
    paper = Paper(
        out,
        title=f"{scope.township_name}{TITLE}",
        issuer=scope.centre,
        period=period_label(start, end),
        today=today,
        landscape=True,
    )
    cases = ledger_cases(db, start, end, today=today, township_id=scope.township_id)
    received = sum(1 for c in cases if start <= c.received_on <= end)
    concluded = sum(1 for c in cases if c.concluded_on and start <= c.concluded_on <= end)
    story = [
        paragraph(
            f"本期共列入案件 {len(cases)} 件，其中本期受理 {received} 件、本期办结 {concluded} 件。",
            9,
        ),
        spacer(1.5),
    ]
    if cases:
        rows = [(str(n), *ledger_cells(case)) for n, case in enumerate(cases, start=1)]
        story.append(LedgerTable(columns(paper.width), rows, size=FONT_SIZE, progress=progress))
    else:
        story.append(paragraph("本期没有受理或办结的矛盾纠纷案件。", 10.5, align="center"))
    story += [
        spacer(2),
        paragraph(
            "说明：本台账列入受理日期或结案日期在统计期内的案件，按受理日期排列。"
            "状态栏注明“将到期”“已超期”的为统计时未办结的案件；结案日期栏注明“超期办结”的，"
            "结案日期晚于办结期限（含经同意延长的期限）。当事人身份证号码已作脱敏处理。",
            8.5,
        ),
        sign_and_seal(paper, author=request.author),
    ]
    return paper.build(story)
