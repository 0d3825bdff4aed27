"""The roster for the county, in the county template, and the same template blank for villages.

The columns follow the provincial 网格员信息登记表 that clerks know (姓名*, 身份证号码*, …), so
the importer reads them back by their headers. One row per OPEN assignment: a person holding two
roles has two rows; people with no open assignment (all roles ended, or never assigned) are left
out, as are ended assignments — the county wants who staffs the grid today.

Privacy: ID numbers and phones are masked unless `masked=False` (the CLI's --unmasked); a masked
export cannot be imported again (the importer rejects masked IDs and says why).

Written with xlsxwriter in constant-memory mode: a row goes to disk as soon as it is written, so
100,000 rows cost little memory. Every text cell is written with write_string and formulas are
switched off, so a note beginning with = + - @ stays text.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.exchange.files import check_target, close_workbook, writing
from desktop.services import access, audit, jurisdiction
from desktop.services.access import Permission
from desktop.services.identity import mask_id, mask_phone
from desktop.services.lookups import subtree_ids
from desktop.vocabulary import EDUCATION_LEVELS, GENDERS, POLITICAL_STATUSES, Level

TEMPLATE_VERSION = "fengwang-roster-1"
INFO_SHEET = "模板信息"
ROSTER_SHEET = "网格员花名册"
HEADER_ROW = 2  # 0-based: title, export date, header
VALIDATED_ROWS = 5000  # drop-downs reach this many rows past the data, for additions


@dataclass(frozen=True)
class Column:
    field: str  # the importer's field key
    header: str
    width: float
    text: bool = False  # formatted as text, so typed IDs and phones keep every digit


COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名*", 10),
    Column("citizen_id", "身份证号码*", 21, text=True),
    Column("gender", "性别*", 6),
    Column("birth_date", "出生年月*", 10, text=True),
    Column("phone", "联系电话", 14, text=True),
    Column("township", "乡镇(街道)", 12),
    Column("village", "村(社区)", 12),
    Column("grid", "网格", 20),
    Column("grid_code", "网格编码", 17, text=True),
    Column("role", "岗位*", 14),
    Column("political_status", "政治面貌*", 10),
    Column("education", "文化程度*", 12),
    Column("start_date", "任职日期*", 12),
    Column("notes", "备注", 24),
)
FIELD_COLUMN = {column.field: index for index, column in enumerate(COLUMNS)}

_ROWS_SQL = """
SELECT p.name, p.citizen_id, p.gender, p.birth_date, p.phone, a.unit_id, r.name,
       p.political_status, p.education, a.start_date, p.notes
FROM assignment a
JOIN person p ON p.id = a.person_id
JOIN role r ON r.id = a.role_id
JOIN grid_unit u ON u.id = a.unit_id
WHERE a.end_date IS NULL
ORDER BY u.code, r.sort_order, r.id, p.id
"""


def export_roster(
    db: Database,
    path: Path,
    *,
    masked: bool = True,
    unit_code: str | None = None,
    today: date | None = None,
) -> int:
    """Write the roster (one row per open assignment, within `unit_code`'s subtree when given).
    Returns the number of data rows written. Unmasked, it needs the right to reveal too."""
    access.require(db, Permission.EXCHANGE)
    if not masked:
        access.require(db, Permission.REVEAL)
    today = today or date.today()
    check_target(path)
    units = _units(db)
    links = [(uid, unit[0]) for uid, unit in units.items()]
    within = jurisdiction.own_unit_ids(db, links=links)  # None: everywhere
    title_unit = None
    if unit_code is not None:
        root = next((uid for uid, u in units.items() if u[2] == unit_code), None)
        if root is None:
            raise NotFoundError(f"没有编码为“{unit_code}”的网格单位")
        subtree = subtree_ids(links, root)
        within = subtree if within is None else subtree & within
        title_unit = root
    places = _Places(units)
    rows = db.read_rows(_ROWS_SQL)
    with writing(path) as temp:
        book = _Book(db, temp, places.township_name(title_unit), today, target=path)
        try:
            written = _write_rows(book, rows, places, within, masked)
        except BaseException:
            book.abandon()
            raise
    shown = "身份证号码和电话已打码" if masked else "含完整身份证号码和电话"
    audit.log_event(
        db,
        "export",
        entity="person",
        summary=f"导出花名册 {Path(path).name}：{written} 行，{shown}",
        detail={
            "what": "花名册",
            "file": Path(path).name,
            "unit": unit_code or "",
            "rows": written,
            "masked": masked,
        },
    )
    return written


def _write_rows(
    book: _Book, rows: list, places: _Places, within: set[int] | None, masked: bool
) -> int:
    write = book.sheet.write_string
    write_date = book.sheet.write_datetime
    date_format = book.date_format
    number = HEADER_ROW
    for name, cid, gender, birth, phone, unit_id, role, political, education, start, notes in rows:
        if within is not None and unit_id not in within:
            continue
        number += 1
        township, village, grid, code = places.of(unit_id)
        write(number, 0, name)
        if cid:
            write(number, 1, mask_id(cid) if masked else cid)
        if gender:
            write(number, 2, gender)
        if birth:
            write(number, 3, f"{_as_date(birth):%Y-%m}")  # 出生年月, as the provincial form has it
        if phone:
            write(number, 4, mask_phone(phone) if masked else phone)
        if township:
            write(number, 5, township)
        if village:
            write(number, 6, village)
        if grid:
            write(number, 7, grid)
        write(number, 8, code)
        write(number, 9, role)
        if political:
            write(number, 10, political)
        if education:
            write(number, 11, education)
        write_date(number, 12, _as_date(start), date_format)
        if notes:
            write(number, 13, notes)
    book.close(number - HEADER_ROW)
    return number - HEADER_ROW


def export_template(db: Database, path: Path, *, today: date | None = None) -> None:
    """The blank county template: title, header, drop-downs and the hidden 模板信息 sheet."""
    access.require(db, Permission.EXCHANGE)
    check_target(path)
    units = _units(db)
    with writing(path) as temp:
        township = _Places(units).township_name(None)
        _Book(db, temp, township, today or date.today(), target=path).close(0)
    audit.log_event(
        db,
        "export",
        summary=f"导出花名册模板 {Path(path).name}",
        detail={"what": "花名册模板", "file": Path(path).name, "rows": 0, "masked": True},
    )


_UNITS_SQL = "SELECT id, parent_id, level, code, name FROM grid_unit"


def _units(db: Database) -> dict[int, tuple]:
    """id → parent, level, code, name of every unit the acting account sees."""
    units = {row[0]: row[1:] for row in db.read_rows(_UNITS_SQL)}
    visible = jurisdiction.visible_unit_ids(db, links=[(k, v[0]) for k, v in units.items()])
    return units if visible is None else {k: v for k, v in units.items() if k in visible}


class _Places:
    """A unit's township, village and grid names, found once per unit."""

    def __init__(self, units: dict[int, tuple]) -> None:
        self.units = units
        self.cache: dict[int, tuple[str, str, str, str]] = {}

    def of(self, unit_id: int) -> tuple[str, str, str, str]:
        found = self.cache.get(unit_id)
        if found is None:
            names = {}
            current: int | None = unit_id
            while current is not None:
                parent, level, _code, name = self.units[current]
                names.setdefault(level, name)
                current = parent
            grid = names.get(Level.MICRO) or names.get(Level.GRID, "")
            found = (
                names.get(Level.TOWNSHIP, ""),
                names.get(Level.VILLAGE, ""),
                grid,
                self.units[unit_id][2],
            )
            self.cache[unit_id] = found
        return found

    def township_name(self, unit_id: int | None) -> str:
        if unit_id is not None:
            township = self.of(unit_id)[0]
            if township:
                return township
        names = sorted((u[2], u[3]) for u in self.units.values() if u[1] == Level.TOWNSHIP)
        return names[0][1] if names else ""


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


class _Book:
    """The workbook around the data rows: title, header, formats, drop-downs, hidden sheet."""

    def __init__(
        self, db: Database, path: Path, township: str, today: date, *, target: Path
    ) -> None:
        """Written to `path` (a temporary file); `target` is the file named in messages."""
        import xlsxwriter

        self.path = Path(target)
        self.roles = [
            row[0] for row in db.read_rows("SELECT name FROM role ORDER BY sort_order, id")
        ]
        self.book = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        book = self.book
        self.sheet = sheet = book.add_worksheet(ROSTER_SHEET)
        self.info = book.add_worksheet(INFO_SHEET)
        self.date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        text = book.add_format({"num_format": "@"})
        title = book.add_format({"bold": True, "font_size": 16, "align": "center"})
        header = book.add_format(
            {
                "bold": True,
                "bg_color": "#DDEBF7",
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
            }
        )
        for index, column in enumerate(COLUMNS):
            if column.field == "start_date":
                sheet.set_column(index, index, column.width, self.date_format)
            else:
                sheet.set_column(index, index, column.width, text if column.text else None)
        heading = f"{township} 网格员花名册" if township else "网格员花名册"
        sheet.merge_range(0, 0, 0, len(COLUMNS) - 1, heading, title)
        sheet.write_string(1, 0, f"导出日期：{today:%Y-%m-%d}")
        sheet.set_row(HEADER_ROW, 24)
        for index, column in enumerate(COLUMNS):
            sheet.write_string(HEADER_ROW, index, column.header, header)
        sheet.freeze_panes(HEADER_ROW + 1, 0)
        self._write_info()

    def _write_info(self) -> None:
        """Version, field mapping (field key → header) and the drop-down lists, in columns."""
        info = self.info
        lists = {
            "岗位": self.roles,
            "性别": list(GENDERS),
            "政治面貌": list(POLITICAL_STATUSES),
            "文化程度": list(EDUCATION_LEVELS),
        }
        self.list_ranges: dict[str, str] = {}
        longest = max(len(COLUMNS), *(len(values) for values in lists.values()))
        for list_index, (label, values) in enumerate(lists.items()):
            column = 4 + list_index
            letter = chr(ord("A") + column)
            self.list_ranges[label] = f"='{INFO_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        for row in range(longest + 1):
            if row == 0:
                cells = ["模板版本", TEMPLATE_VERSION, "", "字段", *lists]
                for column, value in enumerate(cells):
                    if value:
                        info.write_string(0, column, value)
                continue
            if row <= len(COLUMNS):
                info.write_string(row, 2, COLUMNS[row - 1].field)
                info.write_string(row, 3, COLUMNS[row - 1].header)
            for list_index, values in enumerate(lists.values()):
                if row <= len(values):
                    info.write_string(row, 4 + list_index, values[row - 1])
        info.hide()

    def abandon(self) -> None:
        """After a failure: close the constant-memory sheets' temporary files unwritten."""
        for sheet in self.book.worksheets():
            handle = getattr(sheet, "row_data_fh", None)
            if handle is not None:
                with contextlib.suppress(Exception):
                    handle.close()

    def close(self, data_rows: int) -> None:
        last = HEADER_ROW + data_rows + VALIDATED_ROWS
        for label, field in (
            ("岗位", "role"),
            ("性别", "gender"),
            ("政治面貌", "political_status"),
            ("文化程度", "education"),
        ):
            column = FIELD_COLUMN[field]
            self.sheet.data_validation(
                HEADER_ROW + 1,
                column,
                last,
                column,
                {
                    "validate": "list",
                    "source": self.list_ranges[label],
                    "error_title": f"{label}不在列表中",
                    "error_message": f"请从下拉列表中选择{label}",
                },
            )
        close_workbook(self.book, self.path)


__all__ = ["COLUMNS", "TEMPLATE_VERSION", "export_roster", "export_template"]
