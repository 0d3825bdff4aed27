"""个人考核评分表: one worker's month — each item with its points and the scorer's notes, the
total, grade and ranks — to be signed by the worker, the scorer and the reviewer.

The worker is named by citizen ID number (request.worker_id) and found on whichever sheet of the
month holds them (a person is on one sheet only: assessment_sheet), so no scheme need be chosen.
The ID number is printed masked. A month not approved carries the 草稿 watermark, as the monthly
paper does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether

from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.reports.issuer import centre_name
from desktop.reports.monthly_assessment import (
    UNFINISHED,
    month_text,
    points_text,
    remark,
    state_text,
    unfinished_note,
)
from desktop.reports.paper import Paper, Signatures, form_table, spacer
from desktop.reports.request import Progress, Rendered, ReportRequest
from desktop.reports.table import Column, GroupRow, LedgerTable, TotalRow
from desktop.services.assessment_figures import METRICS
from desktop.services.assessment_months import MonthSheet, MonthStatus, month_sheet
from desktop.services.assessment_queries import schemes_for_month
from desktop.services.assessment_schemes import ItemDraft
from desktop.services.identity import clean_id_text, mask_id
from desktop.services.lookups import list_units
from desktop.services.roster import find_person_by_citizen_id
from desktop.services.scoring import ItemKind, ItemSpec, NoCases
from desktop.vocabulary import Level

TITLE = "网格员个人考核评分表"


@dataclass(frozen=True)
class ItemLine:
    section: str  # 大则
    name: str  # 小则
    rule: str  # the rule as the scheme states it
    worth: str  # 10, +4, 否决
    basis: str  # what was counted or entered: 2次, 3件, 85.0%, 是
    points: str  # earned, as printed; blank for a veto item
    note: str  # the scorer's note (why points were deducted)


@dataclass(frozen=True)
class ScoreCard:
    name: str
    masked_id: str
    township: str
    village: str
    roles: str
    month: date
    scheme: str
    status: MonthStatus
    state: str
    lines: tuple[ItemLine, ...]
    total: Decimal
    trimmed: Decimal  # what the scheme's cap on bonus points took off
    grade: str
    rank: int | None  # None: a draft with items still to fill in
    workers: int  # on the township's sheet
    village_rank: int | None
    village_workers: int
    veto: bool
    remark: str

    @property
    def draft(self) -> bool:
        return self.status is not MonthStatus.APPROVED


def render(
    db: Database, request: ReportRequest, out: Path, progress: Progress | None = None
) -> Rendered:
    card = gather(db, request)
    paper = Paper(
        out,
        title=TITLE,
        subtitle=card.scheme,
        issuer=centre_name(card.township),
        period=month_text(card.month),
        today=request.today,
        draft=card.draft,
    )
    story: list[Flowable] = [
        form_table(
            [
                ["姓名", card.name, "身份证号码", card.masked_id],
                ["村(社区)", card.village, "岗位", card.roles],
                ["考核月份", month_text(card.month), "审核状态", card.state],
            ],
            (1, 1.6, 1, 1.9),
            total_width=paper.width,
            size=10,
            labels=[(c, r) for r in range(3) for c in (0, 2)],
        ),
        spacer(3),
        _items_table(card, progress),
        spacer(3),
        KeepTogether(
            [
                form_table(
                    [
                        # the name again: on a long card this block may start the second page
                        ["被考核人", card.name, "考核月份", month_text(card.month)],
                        ["总分", points_text(card.total), "等次", card.grade],
                        [
                            "镇内名次",
                            _place(card.rank, card.workers),
                            "村内名次",
                            _place(card.village_rank, card.village_workers),
                        ],
                        ["一票否决", _veto_text(card), "备注", card.remark],
                    ],
                    (1, 1.6, 1, 1.9),
                    total_width=paper.width,
                    size=10,
                    labels=[(c, r) for r in range(4) for c in (0, 2)],
                ),
                spacer(6),
                Signatures(("本人签字", "考核人", "审核人")),
            ]
        ),
    ]
    return paper.build(story)


def _items_table(card: ScoreCard, progress: Progress | None) -> Flowable:
    columns = [
        Column("考核项目", 1.5),
        Column("考核标准", 3.6),
        Column("分值", 0.7, "center"),
        Column("计分依据", 0.9, "center"),
        Column("得分", 0.8, "right"),
        Column("扣分、加分说明", 2.2),
    ]
    rows: list = []
    section = None
    for line in card.lines:
        if line.section != section:
            section = line.section
            rows.append(GroupRow(section))
        rows.append((line.name, line.rule, line.worth, line.basis, line.points, line.note))
    trimmed = f"（加分超过上限，扣减 {points_text(card.trimmed)} 分）" if card.trimmed else ""
    rows.append(TotalRow(("合计", trimmed, "", "", points_text(card.total), "")))
    return LedgerTable(columns, rows, size=8.5, progress=progress)


def _veto_text(card: ScoreCard) -> str:
    vetoes = [line.name for line in card.lines if line.worth == "否决" and line.basis == "是"]
    if vetoes:
        return "有：" + "、".join(vetoes)
    return "有" if card.veto else "无"


def gather(db: Database, request: ReportRequest) -> ScoreCard:
    """The worker's row of the month's sheet, with the scheme's rules beside each item."""
    number = clean_id_text(request.worker_id or "").upper()
    if not number:
        raise ValidationError({"worker": "请指定网格员的身份证号码"})
    if request.month is None:
        raise ValidationError({"month": "请指定考核月份"})
    person = find_person_by_citizen_id(db, number)
    if person is None:
        raise NotFoundError(f"没有身份证号码为 {mask_id(number)} 的人员")
    first = request.month.replace(day=1)
    units = {unit.id: unit for unit in list_units(db)}
    for township_id in _townships(units, {a.unit_id for a in person.assignments}):
        for choice in schemes_for_month(db, township_id, first):
            sheet = month_sheet(
                db, township_id, first, scheme_family=choice.family_uid, today=request.today
            )
            if any(row.person_id == person.id for row in sheet.rows):
                return _card(sheet, person.id, mask_id(person.citizen_id))
    raise NotFoundError(f"{person.name}未参加{month_text(first)}的考核（不在当月考核名单中）")


def _townships(units: dict, unit_ids: set[int]) -> list[int]:
    """The townships the units lie in, by code."""
    found = {}
    for unit_id in unit_ids:
        unit = units[unit_id]
        while unit.level is not Level.TOWNSHIP and unit.parent_id is not None:
            unit = units[unit.parent_id]
        if unit.level is Level.TOWNSHIP:
            found[unit.code] = unit.id
    return [found[code] for code in sorted(found)]


def _card(sheet: MonthSheet, person_id: int, masked: str) -> ScoreCard:
    row = next(row for row in sheet.rows if row.person_id == person_id)
    month = sheet.month
    drafts = {item.key: item for section in month.scheme.sections for item in section.items}
    lines = tuple(
        ItemLine(
            section=item.section,
            name=item.name,
            rule=drafts[item.key].rule_text or rule_of(drafts[item.key]),
            worth=_worth(item),
            basis=_basis(item, row.entries.get(item.key), row.figures),
            points="" if item.kind is ItemKind.VETO else points_text(row.score.points[item.key]),
            note=row.entries[item.key].note if item.key in row.entries else "",
        )
        for item in sheet.items
    )
    score = row.score
    blank = sheet.unfinished(row)  # a draft with items still to fill in: no grade nor rank yet
    notes = [unfinished_note(blank, sheet.items)] if blank else []
    notes += [text] if (text := remark(row, sheet.items, veto=False)) else []
    return ScoreCard(
        name=row.name,
        masked_id=masked,
        township=month.township_name,
        village=row.village,
        roles=row.roles,
        month=month.month,
        scheme=month.scheme.label,
        status=month.status,
        state=state_text(month.status, month.reopen_count),
        lines=lines,
        total=score.total,
        trimmed=score.bonus_trimmed,
        grade=UNFINISHED if blank else score.grade,
        rank=None if blank else score.rank,
        workers=len(sheet.rows),
        village_rank=None if blank else score.village_rank,
        village_workers=sum(other.village == row.village for other in sheet.rows),
        veto=score.veto,
        remark="；".join(notes),
    )


def _place(rank: int | None, of: int) -> str:
    return f"第 {rank} 名（共 {of} 人）" if rank is not None else f"待评完后确定（共 {of} 人）"


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def rule_of(item: ItemDraft) -> str:
    """The rule in words, for an item whose scheme gives no rule text."""
    most, each = _number(item.max_points), _number(item.per_count)
    match item.kind:
        case ItemKind.MANUAL:
            return f"按实际情况评分，0～{most}分"
        case ItemKind.DEDUCTION:
            return f"每次扣{each}分，扣完为止"
        case ItemKind.BONUS:
            return f"每次加{each}分，最多加{most}分"
        case ItemKind.AUTO:
            measure = METRICS.get(item.metric, item.metric)
            rule = (
                f"按{measure}每单位{each}分，最多{most}分"
                if item.per_count
                else f"按{measure}分档计分："
                + "；".join(f"达{_number(least)}得{_number(p)}分" for least, p in item.bands)
            )
            if item.no_cases is NoCases.FULL:
                rule += "；无案件得满分"
            return rule
        case ItemKind.VETO:
            return "有此情形的，当月考核定为最低等次"
    return ""


def _worth(item: ItemSpec) -> str:
    if item.kind is ItemKind.VETO:
        return "否决"
    if item.kind is ItemKind.BONUS:
        return f"+{_number(item.max_points)}"
    return _number(item.max_points)


def _basis(item: ItemSpec, entry, figures: dict[str, Decimal]) -> str:
    """What the points were given on: the count, the figure, yes/no; blank when nothing was
    entered (a manual item's entry is its points)."""
    if item.kind is ItemKind.AUTO:
        figure = figures.get(item.metric)
        if figure is None:
            return "无案件"
        # a metric's label ends with its unit: 当月上报矛盾纠纷（件）
        unit = METRICS.get(item.metric, "").rpartition("（")[2].rstrip("）")
        return f"{_number(figure)}{unit}"
    if entry is None or entry.problem:
        return ""
    if item.kind is ItemKind.VETO:
        return "是" if entry.value is True else "否"
    if item.kind in (ItemKind.DEDUCTION, ItemKind.BONUS):
        return f"{entry.value}次"
    return ""
