"""The 矛盾纠纷排查化解台账 of a month or date range, and the statistics of the same period, as
xlsx workbooks ready to print (A4 landscape, the header repeated on every page).

The ledger has one row per case received in the period or concluded in it, oldest first. ID
numbers of parties are always masked: the ledger is printed and passed around.

Every text cell is written with write_string and formulas are switched off, so a summary that
begins with = + - @ stays text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from desktop.db import Database
from desktop.exchange.files import check_target, close_workbook, writing
from desktop.models import DisputeCase
from desktop.services import access, audit
from desktop.services.access import Permission
from desktop.services.case_settings import DeadlineState
from desktop.services.case_stats import (
    FIGURE_LABELS,
    PEOPLE_BANDS,
    RATE_FIELDS,
    CaseFigures,
    check_period,
    figures,
    period_label,
)
from desktop.services.cases import CaseFilter, CaseInfo, list_cases
from desktop.services.lookups import list_townships
from desktop.vocabulary import HandlingLevel

LEDGER_SHEET = "矛盾纠纷排查化解台账"
STATS_SHEET = "矛盾纠纷化解统计"
HEADER_ROW = 2  # 0-based: title, period, header


@dataclass(frozen=True)
class Column:
    header: str
    width: float


LEDGER_COLUMNS: tuple[Column, ...] = (
    Column("编号", 22),
    Column("受理日期", 11),
    Column("来源", 10),
    Column("类别", 11),
    Column("发生地", 16),
    Column("当事人", 30),
    Column("简要情况", 36),
    Column("风险等级", 10),
    Column("处理层级", 11),
    Column("调解员", 12),
    Column("状态", 10),
    Column("结果", 9),
    Column("结案日期", 11),
    Column("回访", 22),
)


def export_ledger(
    db: Database, path: Path | str, start: date, end: date, *, today: date | None = None
) -> int:
    """Write the ledger of [start, end]; returns the number of cases in it."""
    access.require(db, Permission.EXCHANGE)
    today = today or date.today()
    check_period(start, end)
    check_target(path)
    rows = ledger_cases(db, start, end, today=today)
    title = f"{_township_name(db)}矛盾纠纷排查化解台账"
    with writing(path) as temp:
        book = _Book(temp, target=path)
        sheet = book.add_sheet(LEDGER_SHEET, LEDGER_COLUMNS, title, start, end, today)
        for number, case in enumerate(rows, start=HEADER_ROW + 1):
            for column, value in enumerate(ledger_row(case)):
                if isinstance(value, date):
                    sheet.write_datetime(number, column, value, book.date_cell)
                else:
                    sheet.write_string(number, column, value, book.cell)
        book.close()
    audit.log_event(
        db,
        "export",
        entity="dispute_case",
        summary=f"导出矛盾纠纷台账 {Path(path).name}（{start}～{end}）：{len(rows)} 件，身份证号码已打码",
        detail={
            "what": "矛盾纠纷台账",
            "file": Path(path).name,
            "start": start,
            "end": end,
            "rows": len(rows),
            "masked": True,
        },
    )
    return len(rows)


def ledger_cases(
    db: Database, start: date, end: date, *, today: date, township_id: int | None = None
) -> list[CaseInfo]:
    """The cases of the ledger: received in [start, end] or concluded in it, oldest first; of
    one township (None: every case in the database)."""

    def within(day: date | None) -> bool:
        return day is not None and start <= day <= end

    # Load only from the earliest receipt among the cases concluded in the period, not every
    # case since the first: a month's ledger stays quick after years of cases.
    with db.session() as session:
        concluded = select(func.min(DisputeCase.received_on)).where(
            DisputeCase.concluded_on.between(start, end)
        )
        if township_id is not None:
            concluded = concluded.where(DisputeCase.township_id == township_id)
        earliest = session.scalar(concluded)
    since = min(start, earliest) if earliest is not None else start
    where = CaseFilter(received_from=since, received_to=end, township_id=township_id)
    candidates = list_cases(db, where, today=today, full=False)
    chosen = [c for c in candidates if within(c.received_on) or within(c.concluded_on)]
    return sorted(chosen, key=lambda c: (c.received_on, c.number))


def ledger_row(case: CaseInfo) -> tuple[str | date, ...]:
    """The cells of one case, in the order of LEDGER_COLUMNS ("" for an empty cell)."""
    parties = "、".join(
        f"{p.name}（{p.masked_id}）" if p.citizen_id else p.name for p in case.parties
    )
    flags = [
        name for flag, name in ((case.criminal_risk, "民转刑"), (case.group_risk, "群体性")) if flag
    ]
    risk = f"{case.risk}（{'、'.join(flags)}）" if flags else case.risk
    level = case.level.label if case.level else ""
    if case.level is HandlingLevel.TRANSFERRED and case.transferred_to:
        level = f"移送{case.transferred_to}"
    status = case.status.label
    if case.deadline in (DeadlineState.DUE_SOON, DeadlineState.OVERDUE):
        status = f"{status}（{case.deadline.label}）"
    return (
        case.number,
        case.received_on,
        case.source,
        case.category,
        case.place,
        parties,
        case.summary,
        risk,
        level,
        case.mediator_names,
        status,
        case.outcome.label if case.outcome else "",
        case.concluded_on or "",
        _follow_up_text(case),
    )


def _follow_up_text(case: CaseInfo) -> str:
    if case.follow_ups:
        return "；".join(
            f"{f.visited_on:%Y-%m-%d} {'协议已履行' if f.performed else '协议未履行'}"
            for f in case.follow_ups
        )
    if case.agreement is not None:
        late = "，已超期" if case.follow_up is DeadlineState.OVERDUE else ""
        return f"未回访（应于 {case.agreement.follow_up_due_on:%Y-%m-%d} 前{late}）"
    return ""


def export_case_stats(
    db: Database, path: Path | str, start: date, end: date, *, today: date | None = None
) -> CaseFigures:
    """Write the statistics of [start, end] (the figures, then the tables by category, source,
    level and people involved); returns the figures written."""
    access.require(db, Permission.EXCHANGE)
    today = today or date.today()
    check_period(start, end)
    check_target(path)
    got = figures(db, start, end, today=today)
    title = f"{_township_name(db)}矛盾纠纷排查化解统计表"
    columns = (Column("项目", 26), Column("数值", 10), Column("统计口径", 60))
    with writing(path) as temp:
        book = _Book(temp, target=path)
        sheet = book.add_sheet(STATS_SHEET, columns, title, start, end, today)
        row = HEADER_ROW + 1
        for name, label, meaning in FIGURE_LABELS:
            value = getattr(got, name)
            sheet.write_string(row, 0, label, book.cell)
            if name in RATE_FIELDS and value is None:
                sheet.write_string(row, 1, "—", book.number_cell)
            elif name in RATE_FIELDS:
                sheet.write_number(row, 1, value, book.percent_cell)
            else:
                sheet.write_number(row, 1, value, book.number_cell)
            sheet.write_string(row, 2, meaning, book.cell)
            row += 1
        tables = (
            ("按纠纷类别（受理）", "类别", got.by_category),
            ("按来源（受理）", "来源", got.by_source),
            ("按处理层级（办结）", "处理层级", got.by_level),
            (
                "按涉及人数（受理）",
                "涉及人数",
                {f"{band}人": got.people_bands.get(band, 0) for band in PEOPLE_BANDS},
            ),
        )
        for caption, key_header, counts in tables:
            row += 1
            sheet.write_string(row, 0, caption, book.caption)
            row += 1
            sheet.write_string(row, 0, key_header, book.header)
            sheet.write_string(row, 1, "件数", book.header)
            row += 1
            for key, count in counts.items():
                sheet.write_string(row, 0, key, book.cell)
                sheet.write_number(row, 1, count, book.number_cell)
                row += 1
            sheet.write_string(row, 0, "合计", book.cell)
            sheet.write_number(row, 1, sum(counts.values()), book.number_cell)
            row += 1
        book.close()
    audit.log_event(
        db,
        "export",
        entity="dispute_case",
        summary=f"导出矛盾纠纷统计表 {Path(path).name}（{start}～{end}）",
        detail={"what": "矛盾纠纷统计表", "file": Path(path).name, "start": start, "end": end},
    )
    return got


def _township_name(db: Database) -> str:
    """The first township the acting account sees (its own, for an account of one)."""
    townships = list_townships(db)
    return townships[0].name if townships else ""


class _Book:
    """An xlsxwriter workbook with the formats both workbooks share, printed A4 landscape."""

    def __init__(self, path: Path, *, target: Path | str) -> None:
        """Written to `path` (a temporary file); `target` is the file named in messages."""
        import xlsxwriter

        self.target = Path(target)
        self.book = book = xlsxwriter.Workbook(
            str(path),
            {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
        )
        self.title = book.add_format({"bold": True, "font_size": 16, "align": "center"})
        self.header = book.add_format(
            {
                "bold": True,
                "bg_color": "#DDEBF7",
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
            }
        )
        self.caption = book.add_format({"bold": True})
        self.cell = book.add_format({"border": 1, "valign": "top", "text_wrap": True})
        self.date_cell = book.add_format({"border": 1, "valign": "top", "num_format": "yyyy-mm-dd"})
        self.number_cell = book.add_format({"border": 1, "valign": "top", "align": "right"})
        self.percent_cell = book.add_format(
            {"border": 1, "valign": "top", "align": "right", "num_format": "0.0%"}
        )

    def add_sheet(
        self,
        name: str,
        columns: tuple[Column, ...],
        title: str,
        start: date,
        end: date,
        today: date,
    ):
        """A sheet with the title, the period, the header row frozen and repeated on print."""
        sheet = self.book.add_worksheet(name)
        for index, column in enumerate(columns):
            sheet.set_column(index, index, column.width)
        last = len(columns) - 1
        sheet.merge_range(0, 0, 0, last, title, self.title)
        sheet.write_string(
            1, 0, f"统计期间：{period_label(start, end)}    导出日期：{today:%Y-%m-%d}"
        )
        sheet.set_row(HEADER_ROW, 24)
        for index, column in enumerate(columns):
            sheet.write_string(HEADER_ROW, index, column.header, self.header)
        sheet.freeze_panes(HEADER_ROW + 1, 0)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        sheet.repeat_rows(HEADER_ROW)
        sheet.fit_to_pages(1, 0)  # all columns on the page's width, as many pages as it takes
        sheet.set_footer("&C第 &P 页，共 &N 页")
        return sheet

    def close(self) -> None:
        close_workbook(self.book, self.target)


__all__ = ["LEDGER_COLUMNS", "export_case_stats", "export_ledger", "ledger_cases", "ledger_row"]
