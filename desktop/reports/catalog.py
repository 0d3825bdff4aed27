"""The papers Fengwang prints: their names, titles and the scope each needs, and one way to make
any of them.

The 报表 centre, the CLI (`fengwang-cli report NAME`) and the buttons where the data is all go
through `render()`: it refuses a request that lacks what the paper needs (a ValidationError in
Chinese, before anything is written), then imports the paper's module — only now, so that
reportlab loads with the first paper, not with the window — and lets it write the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.collector import collector_paused
from desktop.errors import FengwangError, ValidationError
from desktop.reports.request import Progress, Rendered, ReportRequest
from desktop.services import access, audit
from desktop.services.access import Permission

if TYPE_CHECKING:
    from desktop.db import Database


class Period(Enum):
    """The period a paper covers."""

    NONE = "none"
    MONTH = "month"
    YEAR = "year"  # a year, or one quarter of it
    MONTH_OR_RANGE = "month_or_range"  # a month, or any range of days


@dataclass(frozen=True)
class PaperInfo:
    name: str  # on the command line: fengwang-cli report NAME
    title: str
    group: str  # where the 报表 centre lists it
    module: str  # imported when the paper is first made
    summary: str  # one sentence on what it holds
    period: Period = Period.NONE
    unit: bool = False  # may be asked for a village or the township (the only township if not)
    case: bool = False
    worker: bool = False
    scheme: bool = False  # where several assessment schemes apply, which one
    # The paper prints full ID numbers and phones: the 报表 centre and the dialog say so before it
    # is made.
    full_details: bool = False


ASSESSMENT, ROSTER, DISPUTES, COUNTY = "考核", "网格与花名册", "矛盾纠纷", "县级汇总"

PAPERS: tuple[PaperInfo, ...] = (
    PaperInfo(
        "monthly-assessment",
        "网格员月度考核情况表",
        ASSESSMENT,
        "desktop.reports.monthly_assessment",
        "一个月的考核汇总、等次分布和各村(社区)的得分、等次、排名；未审核的月份带“草稿”水印。",
        period=Period.MONTH,
        unit=True,
        scheme=True,
    ),
    PaperInfo(
        "score-card",
        "网格员个人考核评分表",
        ASSESSMENT,
        "desktop.reports.score_card",
        "一名网格员一个月的逐项得分和扣分说明、总分、等次、排名，附签字栏。",
        period=Period.MONTH,
        worker=True,
    ),
    PaperInfo(
        "period-assessment",
        "网格员考核结果及绩效补贴表",
        ASSESSMENT,
        "desktop.reports.period_assessment",
        "一个季度或全年的考核结果、排名和绩效补贴发放名单及合计。",
        period=Period.YEAR,
        unit=True,
        scheme=True,
    ),
    PaperInfo(
        "roster",
        "网格化服务管理人员花名册",
        ROSTER,
        "desktop.reports.roster",
        "全镇或一个村(社区)在任的网格化服务管理人员，按网格和岗位排列；身份证号码和电话已打码。",
        unit=True,
    ),
    PaperInfo(
        "coverage",
        "网格覆盖情况报告",
        ROSTER,
        "desktop.reports.coverage",
        "全镇或一个村(社区)的网格、微网格设置和人员配备，逐项列出缺口及整改事项（横向 A4）。",
        unit=True,
    ),
    PaperInfo(
        "dispute-ledger",
        "矛盾纠纷排查化解台账",
        DISPUTES,
        "desktop.reports.dispute_ledger",
        "一个月或一段时间受理的矛盾纠纷逐件登记（横向 A4）；当事人身份证号码已打码。",
        period=Period.MONTH_OR_RANGE,
        unit=True,
    ),
    PaperInfo(
        "dispute-stats",
        "矛盾纠纷统计表",
        DISPUTES,
        "desktop.reports.dispute_stats",
        "一个月或一段时间的矛盾纠纷统计数据和图表，含“小事不出村、大事不出镇”比率。",
        period=Period.MONTH_OR_RANGE,
        unit=True,
    ),
    PaperInfo(
        "agreement",
        "人民调解协议书",
        DISPUTES,
        "desktop.reports.agreement",
        "一件已达成协议的案件的调解协议书，附当事人、调解员签名和盖章栏。",
        case=True,
        full_details=True,
    ),
    PaperInfo(
        "registration",
        "人民调解登记表",
        DISPUTES,
        "desktop.reports.registration",
        "一件案件的受理登记表：当事人、纠纷简要情况和受理经过。",
        case=True,
    ),
    PaperInfo(
        "county-monthly",
        "县级矛盾纠纷化解和网格员考核月报",
        COUNTY,
        "desktop.reports.county_monthly",
        "县级数据库中各乡镇(街道)一个月的矛盾纠纷化解数据（按“大事不出镇”排名）和网格员考核结果，附全县合计（横向 A4）。",
        period=Period.MONTH,
    ),
)


def paper(name: str) -> PaperInfo:
    for candidate in PAPERS:
        if candidate.name == name:
            return candidate
    known = "、".join(p.name for p in PAPERS)
    raise ValidationError({"name": f"没有名为“{name}”的报表，可用：{known}"})


def check(chosen: PaperInfo, request: ReportRequest) -> ReportRequest:
    """The request as the paper reads it, or a ValidationError naming each missing field.

    A month asked of a paper that also takes a range of days comes with its first and last day
    as the range too, so that the paper may read either."""
    from desktop.services.case_stats import month_bounds

    problems: dict[str, str] = {}
    if chosen.period is Period.MONTH and request.month is None:
        problems["month"] = "请选择月份"
    if chosen.period is Period.YEAR:
        if request.year is None:
            problems["year"] = "请选择年份"
        if request.quarter is not None and request.quarter not in (1, 2, 3, 4):
            problems["quarter"] = f"季度应为 1～4，而不是 {request.quarter}"
    if chosen.period is Period.MONTH_OR_RANGE:
        if request.month is not None:
            first, last = month_bounds(request.month.year, request.month.month)
            request = replace(request, month=first, start=first, end=last)
        elif request.start is None or request.end is None:
            problems["period"] = "请选择月份，或起止日期"
        elif request.end < request.start:
            problems["end"] = "结束日期不能早于开始日期"
    if chosen.case and not (request.case_number or "").strip():
        problems["case_number"] = "请填写案件编号"
    if chosen.worker and not (request.worker_id or "").strip():
        problems["worker_id"] = "请选择网格员"
    if problems:
        raise ValidationError(problems)
    if chosen.period is Period.MONTH:
        request = replace(request, month=request.month.replace(day=1))
    return request


def render(
    db: Database,
    name: str,
    request: ReportRequest,
    out: Path,
    progress: Progress | None = None,
) -> Rendered:
    """Make paper `name` for `request` into the PDF `out` (written whole or not at all). A paper
    with full ID numbers and phones needs the right to reveal them, and is recorded."""
    chosen = paper(name)
    access.require(db, Permission.PRINT)
    if chosen.full_details:
        access.require(db, Permission.REVEAL)
    request = check(chosen, request)
    try:
        module = import_module(chosen.module)
    except ModuleNotFoundError as err:
        if err.name != chosen.module:
            raise
        raise FengwangError(f"{chosen.title}尚未提供，请等待后续版本") from err
    with collector_paused():
        rendered = module.render(db, request, out, progress)
    if rendered.full_details:
        scope = scope_label(chosen, request)
        audit.log_event(
            db,
            "print",
            entity="dispute_case" if chosen.case else "",
            entity_id=(request.case_number or "").strip(),
            summary=f"生成{chosen.title}（{scope}），含完整身份证号码和电话",
            detail={"paper": chosen.name, "title": chosen.title, "scope": scope},
        )
    return rendered


def scope_label(chosen: PaperInfo, request: ReportRequest) -> str:
    """The scope in words, for a window title or a file name: "2026年3月", "2026年第一季度"…"""
    from desktop.services.case_stats import month_bounds, period_label

    parts: list[str] = []
    if request.month is not None and chosen.period in (Period.MONTH, Period.MONTH_OR_RANGE):
        parts.append(period_label(*month_bounds(request.month.year, request.month.month)))
    elif chosen.period is Period.MONTH_OR_RANGE and request.start and request.end:
        parts.append(period_label(request.start, request.end))
    elif chosen.period is Period.YEAR and request.year is not None:
        quarter = f"第{'一二三四'[request.quarter - 1]}季度" if request.quarter else ""
        parts.append(f"{request.year}年{quarter}")
    if chosen.case and request.case_number:
        parts.append(request.case_number.strip())
    return " ".join(parts)
