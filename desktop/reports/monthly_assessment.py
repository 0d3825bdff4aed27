"""网格员月度考核情况表: a township's (or one village's) month of assessment, as the month sheet
scores it (assessment_months.month_sheet: live until approved, then as approved).

- Scope: request.unit_code names the township or a village (a grid or micro-grid stands for its
  village); without it, the only township of the database. The month needs its scheme:
  request.scheme_family (a scheme's family_uid or its name, as the CLI's --scheme) where several
  apply, as `assess compute` asks.
- A4 landscape throughout: the appendix has a column per item (wrapped headings under their
  sections), and the paper engine has one orientation per paper.
- A month not approved is printed with a 草稿 watermark on every page and its state in the
  header (草稿 / 已提交, and 已重新打开 when it was reopened), so that nobody files it as final.
- The other assessment papers (score_card, period_assessment) share the scope and formatting
  helpers defined here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.reports import issuer
from desktop.reports.chart import BarChart
from desktop.reports.issuer import centre_name
from desktop.reports.paper import Heading, Paper, form_table, paragraph, sign_and_seal, spacer
from desktop.reports.request import Progress, Rendered, ReportRequest
from desktop.reports.table import Column, GroupRow, LedgerTable, TotalRow
from desktop.services import scoring
from desktop.services.assessment_months import MonthStatus, month_sheet
from desktop.services.assessment_schemes import list_schemes
from desktop.services.assessment_sheet import SheetRow, month_bounds
from desktop.services.case_stats import period_label
from desktop.services.lookups import list_units
from desktop.services.scoring import GradeBand, ItemKind, ItemSpec
from desktop.vocabulary import Level

TITLE = "网格员月度考核情况表"


# ------------------------------------------------------------------------ shared with the others


@dataclass(frozen=True)
class Scope:
    township_id: int
    township: str
    village: str | None  # the one village (or community) the paper is for; None: all of them

    @property
    def centre(self) -> str:
        return centre_name(self.township)

    @property
    def place(self) -> str:
        return f"{self.township}{self.village or ''}"


def scope_of(db: Database, unit_code: str | None) -> Scope:
    """The township and, for a village's paper, the village named by `unit_code` (a grid or
    micro-grid stands for its village)."""
    found = issuer.scope_of(db, (unit_code or "").strip() or None)
    village = None
    if found.unit_level in (Level.GRID, Level.MICRO):
        units = {unit.id: unit for unit in list_units(db)}
        unit = units[found.unit_id]
        while unit.level is not Level.VILLAGE and unit.parent_id in units:
            unit = units[unit.parent_id]
        village = unit.name if unit.level is Level.VILLAGE else None
    elif found.unit_level is Level.VILLAGE:
        village = found.unit_name
    return Scope(found.township_id, found.township_name, village)


def scheme_family(db: Database, wanted: str | None) -> str | None:
    """The family_uid the request names, by uid or by the scheme's name (as the CLI's --scheme);
    None when it names none, for the services to choose or to ask."""
    wanted = (wanted or "").strip()
    if not wanted:
        return None
    schemes = list_schemes(db)
    if any(s.family_uid == wanted for s in schemes):
        return wanted
    families = {s.family_uid for s in schemes if s.name == wanted}
    if not families:
        raise NotFoundError(f"没有名为“{wanted}”的考核细则")
    if len(families) > 1:
        raise ValidationError({"scheme": f"有多套细则都名为“{wanted}”，请先在考核细则中改名区分"})
    return families.pop()


def points_text(value: Decimal | None) -> str:
    """Points as the papers print them: one decimal place (90.0, 87.5)."""
    return "" if value is None else f"{value:.1f}"


def average(totals: Sequence[Decimal]) -> Decimal | None:
    if not totals:
        return None
    return scoring.round_points(sum(totals, Decimal(0)) / len(totals))


def month_text(first: date) -> str:
    return period_label(*month_bounds(first))


def state_text(status: MonthStatus, reopen_count: int) -> str:
    """草稿 / 已提交 / 已审核, saying so when the month was reopened after approval."""
    if reopen_count and status is not MonthStatus.APPROVED:
        return f"{status.label}（已审核后重新打开{reopen_count}次）"
    if reopen_count:
        return f"{status.label}（曾重新打开{reopen_count}次）"
    return status.label


def remark(row: SheetRow, items: Sequence[ItemSpec], *, veto: bool = True) -> str:
    """What a reader must know beside a worker's grade: a veto (unless the paper shows it
    elsewhere), the quota, a post begun or ended within the month."""
    notes = []
    if veto and row.score.veto:
        vetoed = [
            item.name
            for item in items
            if item.kind is ItemKind.VETO
            and item.key in row.entries
            and row.entries[item.key].value is True
            and not row.entries[item.key].problem
        ]
        # an approved month keeps the veto, not always the entry that made it
        notes.append("一票否决" + ("：" + "、".join(vetoed) if vetoed else ""))
    if row.score.held_back_by_quota:
        notes.append("受优秀名额限制")
    if row.joined:
        notes.append(f"{row.joined.day}日到岗")
    if row.left:
        notes.append(f"{row.left.day}日离岗")
    return "；".join(notes)


def item_heading(item: ItemSpec) -> str:
    """An item's column heading: its name, and on a line of its own what it is worth."""
    if item.kind is ItemKind.VETO:
        return f"{item.name}\n（否决项）"
    if item.kind is ItemKind.BONUS:
        return f"{item.name}\n（+{item.max_points.normalize():f}）"
    return f"{item.name}\n（{item.max_points.normalize():f}）"


def band_text(band: GradeBand) -> str:
    lower = f"{band.lower.normalize():f}"
    if band.upper is None:
        return f"{lower}分及以上"
    upper = f"{band.upper.normalize():f}"
    return f"低于{upper}分" if not band.lower else f"{lower}分至{upper}分（不含）"


def share_text(part: int, whole: int) -> str:
    return f"{Decimal(100 * part) / whole:.1f}%" if whole else "—"


def grade_block(
    distribution: dict[str, int], bands: Sequence[GradeBand], width: float, title: str
) -> Flowable:
    """The grade distribution as a small table (grade, band, workers, share) beside its bar
    chart."""
    counted = sum(distribution.values())
    band_of = {band.grade: band for band in bands}
    rows = [["等次", "分数段", "人数", "占比"]]
    rows += [
        [
            grade,
            band_text(band_of[grade]) if grade in band_of else "",
            str(n),
            share_text(n, counted),
        ]
        for grade, n in distribution.items()
    ]
    rows.append(["合计", "", str(counted), share_text(counted, counted)])
    table_width = width * 0.5
    table = form_table(
        rows,
        (1, 2.2, 0.9, 1),
        total_width=table_width,
        size=9.5,
        labels=[(c, 0) for c in range(4)],
        align="center",
    )
    chart = BarChart(
        list(distribution),
        list(distribution.values()),
        width_mm=(width - table_width) / mm - 12,
        height_mm=52,
        title=title,
        value_format=lambda v: f"{v:.0f}",
    )
    both = Table([[table, chart]], colWidths=[table_width + 6 * mm, width - table_width - 6 * mm])
    both.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return both


def progress_part(progress: Progress | None, before: int, total: int) -> Progress | None:
    """A table's progress as a part of the paper's: rows done before it, rows in all."""
    if progress is None:
        return None
    return lambda done, _rows: progress(before + done, total)


# ------------------------------------------------------------------------------------ the paper


# The grade of a worker of a draft month whose manual items are not all filled in yet.
UNFINISHED = "未评完"


@dataclass(frozen=True)
class WorkerLine:
    name: str
    roles: str
    total: Decimal  # of an unfinished worker: the points so far
    grade: str
    rank: int | None  # within the township; None until the worker's items are filled in
    village_rank: int | None
    veto: bool
    remark: str
    points: tuple[str, ...]  # per item of the scheme, as printed (a veto item: 是 or blank)

    @property
    def finished(self) -> bool:
        return self.grade != UNFINISHED


def finished_average(lines: Sequence[WorkerLine]) -> Decimal | None:
    """The average of the workers who have a grade (an unfinished total is only points so far)."""
    return average([line.total for line in lines if line.finished])


@dataclass(frozen=True)
class VillageBlock:
    name: str
    lines: tuple[WorkerLine, ...]  # in rank order

    @property
    def average(self) -> Decimal | None:
        return finished_average(self.lines)


@dataclass(frozen=True)
class MonthlyPaper:
    scope: Scope
    month: date
    scheme: str  # the scheme's label, with its version
    status: MonthStatus
    state: str  # as printed in the header
    opened: bool  # False: nobody has entered anything yet (scored on the data as it stands)
    workers: int  # of the whole township: the ranks count them
    items: tuple[ItemSpec, ...]
    bands: tuple[GradeBand, ...]
    blocks: tuple[VillageBlock, ...]  # by village code
    distribution: dict[str, int]  # grade → workers in the scope, best grade first, 未评完 last

    @property
    def draft(self) -> bool:
        return self.status is not MonthStatus.APPROVED

    @property
    def lines(self) -> list[WorkerLine]:
        return [line for block in self.blocks for line in block.lines]

    @property
    def average(self) -> Decimal | None:
        return finished_average(self.lines)


def gather(db: Database, request: ReportRequest) -> MonthlyPaper:
    """The month's figures for the paper, read through the month sheet."""
    if request.month is None:
        raise ValidationError({"month": "请指定考核月份"})
    scope = scope_of(db, request.unit_code)
    sheet = month_sheet(
        db,
        scope.township_id,
        request.month,
        scheme_family=scheme_family(db, request.scheme_family),
        today=request.today,
    )
    items = sheet.items
    rows = [row for row in sheet.rows if scope.village in (None, row.village)]
    by_village: dict[str, list[SheetRow]] = {}
    for row in rows:  # the sheet lists villages by code
        by_village.setdefault(row.village, []).append(row)
    blocks = tuple(
        VillageBlock(
            village,
            tuple(
                _line(row, items, sheet.unfinished(row))
                for row in sorted(
                    members,
                    key=lambda r: (bool(sheet.unfinished(r)), scoring.rank_order(r.score)),
                )
            ),
        )
        for village, members in by_village.items()
    )
    graded = [row.score for row in rows if not sheet.unfinished(row)]
    distribution = scoring.grade_distribution(graded, sheet.month.scheme.bands)
    if len(graded) < len(rows):
        distribution[UNFINISHED] = len(rows) - len(graded)
    month = sheet.month
    return MonthlyPaper(
        scope=scope,
        month=month.month,
        scheme=month.scheme.label,
        status=month.status,
        state=state_text(month.status, month.reopen_count),
        opened=month.opened,
        workers=len(sheet.rows),
        items=items,
        bands=month.scheme.bands,
        blocks=blocks,
        distribution=distribution,
    )


def _line(row: SheetRow, items: Sequence[ItemSpec], blank: Sequence[str]) -> WorkerLine:
    """A worker's line; `blank`: the manual items not filled in yet (no grade nor rank then)."""
    notes = [unfinished_note(blank, items)] if blank else []
    notes += [text] if (text := remark(row, items)) else []
    return WorkerLine(
        name=row.name,
        roles=row.roles,
        total=row.score.total,
        grade=UNFINISHED if blank else row.score.grade,
        rank=None if blank else row.score.rank,
        village_rank=None if blank else row.score.village_rank,
        veto=row.score.veto,
        remark="；".join(notes),
        points=tuple(_cell(row, item) for item in items),
    )


def _cell(row: SheetRow, item: ItemSpec) -> str:
    if item.kind is ItemKind.VETO:
        entry = row.entries.get(item.key)
        return "是" if entry is not None and entry.value is True and not entry.problem else ""
    return points_text(row.score.points.get(item.key))


def render(
    db: Database, request: ReportRequest, out: Path, progress: Progress | None = None
) -> Rendered:
    return render_paper(gather(db, request), out, request, progress)


def render_paper(
    found: MonthlyPaper, out: Path, request: ReportRequest, progress: Progress | None = None
) -> Rendered:
    """The paper from its gathered figures (apart from the reading, so that a large made-up
    month can be laid out and timed)."""
    paper = Paper(
        out,
        title=f"{found.scope.place}{TITLE}",
        subtitle=f"{found.scheme}　审核状态：{found.state}",
        issuer=found.scope.centre,
        period=month_text(found.month),
        today=request.today,
        landscape=True,  # the appendix has a column per item
        draft=found.draft,
    )
    lines = found.lines
    rows_in_all = len(lines) * 2
    numbers = iter("一二三")
    story: list[Flowable] = [
        Heading(f"{next(numbers)}、总体情况"),
        paragraph(_summary(found), indent=2),
    ]
    if lines:
        story += [
            spacer(2),
            grade_block(found.distribution, found.bands, paper.width, "等次分布（人）"),
        ]
    if found.scope.village is None and len(found.blocks) > 1:
        story += [Heading(f"{next(numbers)}、各村(社区)汇总"), _village_summary(found)]
    if lines:
        story += [
            Heading(f"{next(numbers)}、各村(社区)考核情况"),
            _ranking(found, progress_part(progress, 0, rows_in_all)),
            spacer(1),
            paragraph(
                f"说明：镇内名次在全镇 {found.workers} 名参加考核的人员中排列，村内名次在本村(社区)"
                "内排列；总分相同的名次并列；一票否决的人员排在其他人员之后，等次定为最低等次。",
                9,
            ),
        ]
    story.append(sign_and_seal(paper, author=request.author))
    if lines:
        story += [
            PageBreak(),
            *_appendix(found, paper, progress_part(progress, len(lines), rows_in_all)),
        ]
    return paper.build(story)


def _summary(found: MonthlyPaper) -> str:
    lines = found.lines
    place = found.scope.place
    when = month_text(found.month)
    if not lines:
        return f"{place}{when}没有参加考核的人员。"
    totals = [line.total for line in lines if line.finished]
    grades = "，".join(
        f"{grade} {n} 人（{share_text(n, len(lines))}）" for grade, n in found.distribution.items()
    )
    text = f"{place}{when}参加考核 {len(lines)} 人，"
    if totals:
        text += (
            f"平均得分 {points_text(found.average)} 分，"
            f"最高 {points_text(max(totals))} 分，最低 {points_text(min(totals))} 分。"
        )
    text += f"{grades}。"
    if unfinished := found.distribution.get(UNFINISHED):
        text += (
            f"其中 {unfinished} 人的手工评分项尚未填完（表中“{UNFINISHED}”），"
            "其等次和名次待填完后确定，平均、最高、最低分不含这些人员。"
        )
    vetoed = sum(1 for line in lines if line.veto)
    if vetoed:
        text += f"一票否决 {vetoed} 人。"
    if not found.opened:
        text += "本月尚未开始录入，以上按现有数据试算。"
    elif found.draft:
        text += f"本月考核状态为“{found.state}”，尚未审核，结果仅供核对。"
    return text


def _village_summary(found: MonthlyPaper) -> Flowable:
    grades = list(found.distribution)
    columns = [
        Column("村(社区)", 2),
        Column("人数", 0.8, "right"),
        Column("平均分", 1, "right"),
        *(Column(grade, 0.8, "right") for grade in grades),
    ]
    rows: list = []
    for block in found.blocks:
        counts = {grade: 0 for grade in grades}
        for line in block.lines:
            counts[line.grade] += 1
        rows.append((block.name, len(block.lines), points_text(block.average), *counts.values()))
    rows.append(
        TotalRow(
            ("合计", len(found.lines), points_text(found.average), *found.distribution.values())
        )
    )
    return LedgerTable(columns, rows, size=9.5)


def _ranking(found: MonthlyPaper, progress: Progress | None) -> Flowable:
    columns = [
        Column("序号", 0.6, "center"),
        Column("姓名", 1.5),
        Column("岗位", 1.8),
        Column("总分", 0.9, "right"),
        Column("等次", 0.9, "center"),
        Column("镇内名次", 0.9, "center"),
        Column("村内名次", 0.9, "center"),
        Column("备注", 3),
    ]
    rows: list = []
    for block in found.blocks:
        mean = block.average
        rows.append(
            GroupRow(
                f"{block.name}（{len(block.lines)} 人，平均 {points_text(mean)} 分）"
                if mean is not None
                else f"{block.name}（{len(block.lines)} 人，{UNFINISHED}）"
            )
        )
        rows += [
            (
                str(number),
                line.name,
                line.roles,
                points_text(line.total),
                line.grade,
                rank_text(line.rank),
                rank_text(line.village_rank),
                line.remark,
            )
            for number, line in enumerate(block.lines, start=1)
        ]
    return LedgerTable(columns, rows, size=9.5, progress=progress)


def unfinished_note(blank: Sequence[str], items: Sequence[ItemSpec]) -> str:
    """What is missing for a worker's grade: the items, or all of them in two words."""
    if len(blank) == sum(1 for item in items if item.kind is ItemKind.MANUAL):
        return "尚未评分"
    return f"未填：{'、'.join(blank)}"


def rank_text(rank: int | None) -> str:
    return "—" if rank is None else str(rank)


# item columns one appendix table holds before the items go on in a second table
ITEMS_PER_TABLE = 16


def _appendix(found: MonthlyPaper, paper: Paper, progress: Progress | None) -> list[Flowable]:
    """附表: every worker's points per item, under the items' sections (大则)."""
    chunks = [
        range(start, min(start + ITEMS_PER_TABLE, len(found.items)))
        for start in range(0, len(found.items), ITEMS_PER_TABLE)
    ]
    story: list[Flowable] = [
        Heading(f"附表　{found.scope.place}{month_text(found.month)}网格员考核分项得分明细"),
        paragraph("表头括号内为该项分值；“+”为加分项，加分合计以细则规定的上限为准。", 9),
        spacer(1),
    ]
    for part, chunk in enumerate(chunks):
        items = [found.items[i] for i in chunk]
        last = part == len(chunks) - 1
        columns = [
            Column("姓名", 1.4),
            *(Column(item_heading(item), 1, "center") for item in items),
        ]
        if last:
            columns += [Column("总分", 1, "right"), Column("等次", 0.9, "center")]
        groups = []
        for index, item in enumerate(items, start=1):  # consecutive items of one section
            if groups and groups[-1][0] == item.section:
                groups[-1] = (item.section, groups[-1][1], index)
            else:
                groups.append((item.section, index, index))
        rows: list = []
        for block in found.blocks:
            rows.append(GroupRow(block.name))
            rows += [
                (
                    line.name,
                    *(line.points[i] for i in chunk),
                    *((points_text(line.total), line.grade) if last else ()),
                )
                for line in block.lines
            ]
        if len(chunks) > 1:
            story.append(paragraph(f"（{part + 1}/{len(chunks)}）", 9, align="right"))
        story.append(
            LedgerTable(
                columns,
                rows,
                size=8,
                header_groups=groups,
                progress=progress if last else None,
            )
        )
    return story
