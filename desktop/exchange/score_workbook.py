"""A month's assessment sheet for villages to fill offline, and reading it back.

The workbook (sheet 考核表): one row per worker in post (by village, as on screen), one column
per item the scorer enters — manual points, counts for deduction and bonus items, 是/否 for veto
items — with Excel's data validation on each column. Automatic items are shown grey with the
points the data gives today and are ignored on import: the system computes them. A hidden
人员编号 column and the hidden 模板信息 sheet (template version, township, month, scheme, item
key per column) tie the cells back to people and items whatever the villages rename or sort.

Import rules a clerk should know:
- Refused as a whole when the month is approved (locked), or the file is another month's or
  another township's sheet.
- Workers are found by 人员编号; a 编号 that is filled in but not on the month's sheet refuses
  the row (the worker may have left: never guess by name then). Only a row whose 编号 is empty
  is found by 村(社区) and 姓名 — or by 姓名 alone when no village is typed; a typed village is
  never ignored. Item columns are found by the hidden mapping, else by the item's name.
- Every cell is validated as the month sheet validates it (assessment_months.set_entry), and a
  refused cell is listed with its row, column, value and reason. A blank cell never erases
  what was entered (a village may fill only some columns); an unchanged cell is not rewritten,
  so importing the same file twice changes nothing. A count that changes drops the note the
  old count had (the note explained the old count).
- Each row has one outcome (ScoreImport.rows): written, unchanged or rejected — a row with any
  refused cell writes nothing. `atomic`: any refused cell and nothing is saved. `dry_run`:
  everything is checked and written in a transaction that is rolled back, to see the outcome
  first. The valid rows are written in one transaction (set_entries): an import cut short
  (power loss) leaves the month as it was, and a month not opened yet is opened by it.
- The result workbook (write_score_report) holds the rejected rows with the bad cells marked,
  ready to fix and import again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.db import Database
from desktop.errors import FengwangError, RefusedError, ValidationError
from desktop.exchange.cells import (
    as_number,
    cell_text,
    column_letter,
    decimal_text,
    plain_text,
    put_cell,
)
from desktop.exchange.files import check_target, writing
from desktop.exchange.reading import read_sheet, sheet_names
from desktop.exchange.report import write_result_workbook
from desktop.exchange.roster_import import ImportResult, RowError
from desktop.services import access, audit, scoring
from desktop.services.access import Permission
from desktop.services.assessment_months import (
    CellRefused,
    EntryInput,
    MonthInfo,
    MonthSheet,
    month_sheet,
    set_entries,
)
from desktop.services.assessment_sheet import SheetRow, parse_entry
from desktop.services.scoring import ItemKind, ItemSpec

TEMPLATE_VERSION = "fengwang-scores-1"
SCORES_SHEET = "考核表"
INFO_SHEET = "模板信息"
HEADER_ROW = 3  # 1-based: title, notes, header
UID_HEADER = "人员编号"
FIXED_HEADERS = (UID_HEADER, "村(社区)", "姓名", "岗位")
ITEMS_FROM = len(FIXED_HEADERS) + 1  # the first item column, 1-based
MAPPING_FROM = 8  # the info sheet's row where the column → item key list starts
AUTO_FILL = "E7E6E6"
HEADER_FILL = "DDEBF7"
HEADER_SEARCH_ROWS = 15


# ------------------------------------------------------------------------------------ export


def export_score_sheet(
    db: Database,
    path: Path,
    township_id: int,
    month: date,
    *,
    scheme_family: str | None = None,
) -> MonthSheet:
    """Write the month's fill-in sheet to `path` (reading the month: nothing is saved)."""
    access.require(db, Permission.EXCHANGE)
    check_target(path)
    sheet = month_sheet(db, township_id, month, scheme_family=scheme_family)
    uids = _uids(db)
    code = _township_code(db, township_id)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    info = sheet.month
    items = sheet.items
    book = Workbook()
    page = book.active
    page.title = SCORES_SHEET
    bold = Font(bold=True)
    grey = PatternFill("solid", start_color=AUTO_FILL, end_color=AUTO_FILL)
    blue = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    put_cell(page, 1, 1, f"{info.label} 网格员月度考核表（{info.scheme.label}）").font = Font(
        bold=True, size=14
    )
    notes = (
        "填写说明：手工评分项填分数，按次扣分、加分项填次数，一票否决项填“是”或“否”；"
        "灰色列为自动计分项，由系统按案件数据计算，导入时不读取；空白单元格不会清除已录入的分数。"
    )
    if info.locked:
        notes = "本月考核已审核锁定，此表仅供查看，导入将被拒绝。" + notes
    put_cell(page, 2, 1, notes)
    headers = [*FIXED_HEADERS, *(column_label(item) for item in items)]
    for column, text in enumerate(headers, start=1):
        cell = put_cell(page, HEADER_ROW, column, text)
        cell.font, cell.fill = bold, blue
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    page.row_dimensions[HEADER_ROW].height = 45
    widths = (38, 12, 10, 14, *(12 for _ in items))
    for column, width in enumerate(widths, start=1):
        page.column_dimensions[column_letter(column)].width = width
    page.column_dimensions["A"].hidden = True
    for number, row in enumerate(sheet.rows, start=HEADER_ROW + 1):
        for column, value in enumerate(
            (uids.get(row.person_id, ""), row.village, row.name, row.roles), start=1
        ):
            put_cell(page, number, column, value)
        for column, item in enumerate(items, start=ITEMS_FROM):
            cell = put_cell(page, number, column, _shown(item, row))
            if item.kind is ItemKind.AUTO:
                cell.fill = grey
    page.freeze_panes = page.cell(HEADER_ROW + 1, ITEMS_FROM)
    first, last = HEADER_ROW + 1, HEADER_ROW + max(len(sheet.rows), 1)
    for column, item in enumerate(items, start=ITEMS_FROM):
        check = _validation(item, DataValidation)
        if check is not None:
            check.add(f"{column_letter(column)}{first}:{column_letter(column)}{last}")
            page.add_data_validation(check)

    hidden = book.create_sheet(INFO_SHEET)
    for number, (label, value) in enumerate(
        (
            ("模板版本", TEMPLATE_VERSION),
            ("乡镇编码", code),
            ("乡镇", info.township_name),
            ("月份", f"{info.month:%Y-%m}"),
            ("细则系列", info.scheme.family_uid),
            ("细则版本", info.scheme.version),
        ),
        start=1,
    ):
        put_cell(hidden, number, 1, label)
        put_cell(hidden, number, 2, value)
    put_cell(hidden, MAPPING_FROM - 1, 1, "列标题")
    put_cell(hidden, MAPPING_FROM - 1, 2, "项目编号")
    for number, item in enumerate(items, start=MAPPING_FROM):
        put_cell(hidden, number, 1, column_label(item))
        put_cell(hidden, number, 2, item.key)
    hidden.sheet_state = "hidden"
    with writing(path) as temp:
        book.save(temp)
    audit.log_event(
        db,
        "export",
        entity="assessment_month",
        entity_id=info.id or "",
        summary=f"导出考核评分表 {Path(path).name}（{info.label}）：{len(sheet.rows)} 人",
        detail={
            "what": "考核评分表",
            "file": Path(path).name,
            "month": f"{info.month:%Y-%m}",
            "rows": len(sheet.rows),
        },
    )
    return sheet


def column_label(item: ItemSpec) -> str:
    """The header of an item's column: its name, and below it what to type."""
    hint = {
        ItemKind.MANUAL: f"0～{decimal_text(item.max_points)}分",
        ItemKind.DEDUCTION: f"次数，每次扣{decimal_text(item.per_count)}分",
        ItemKind.BONUS: f"次数，每次加{decimal_text(item.per_count)}分",
        ItemKind.VETO: "是/否",
        ItemKind.AUTO: "自动计分，仅供参考",
    }[item.kind]
    return f"{item.name}\n（{hint}）"


def _shown(item: ItemSpec, row: SheetRow) -> Any:
    if item.kind is ItemKind.AUTO:
        return as_number(row.score.points.get(item.key))
    entry = row.entries.get(item.key)
    if entry is None:
        return None
    if item.kind is ItemKind.VETO:
        return "是" if entry.value else "否"
    return as_number(Decimal(entry.value))


def _validation(item: ItemSpec, DataValidation):  # the openpyxl class, imported late
    common = {"allow_blank": True, "showErrorMessage": True, "errorTitle": item.name}
    match item.kind:
        case ItemKind.MANUAL:
            return DataValidation(
                type="decimal",
                operator="between",
                formula1="0",
                formula2=decimal_text(item.max_points),
                error=f"请填 0～{decimal_text(item.max_points)} 分",
                **common,
            )
        case ItemKind.DEDUCTION | ItemKind.BONUS:
            return DataValidation(
                type="whole",
                operator="between",
                formula1="0",
                formula2=str(scoring.MAX_COUNT),
                error=f"请填次数（0～{scoring.MAX_COUNT} 的整数）",
                **common,
            )
        case ItemKind.VETO:
            return DataValidation(type="list", formula1='"是,否"', error="请填“是”或“否”", **common)
    return None


# ------------------------------------------------------------------------------------ import


@dataclass
class ScoreImport:
    month: MonthInfo
    read: int = 0  # worker rows read
    written: int = 0  # cells entered or changed
    unchanged: int = 0  # cells already as the file has them
    rejected: int = 0  # cells refused
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)  # automatic items, unknown headers
    header: list[Any] = field(default_factory=list)
    rejected_rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    rows: list[RowOutcome] = field(default_factory=list)  # one per worker row read
    committed: bool = False
    dry_run: bool = False

    def summary(self) -> dict[str, Any]:
        return {
            "month": f"{self.month.month:%Y-%m}",
            "township": self.month.township_name,
            "scheme": self.month.scheme.label,
            "read": self.read,
            "written": self.written,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "committed": self.committed,
            "dry_run": self.dry_run,
            "rows": [{"row": row.row, "name": row.name, "status": row.status} for row in self.rows],
            "ignored_columns": self.ignored_columns,
            "errors": [
                {**error.as_dict(), "column": short_label(error.column)} for error in self.errors
            ],
        }


@dataclass(frozen=True)
class RowOutcome:
    row: int  # 1-based, as the file shows it
    name: str
    status: str  # "written", "unchanged" or "rejected"


@dataclass(frozen=True)
class _Cell:
    row: int
    column: str  # the header as in the file
    raw: Any
    person_id: int
    item: ItemSpec


def import_score_sheet(
    db: Database,
    path: Path,
    township_id: int,
    month: date,
    *,
    actor: str,
    atomic: bool = False,
    dry_run: bool = False,
    scheme_family: str | None = None,
) -> ScoreImport:
    """Read a filled-in sheet back into the month (see the module docstring for the rules)."""
    access.require(db, Permission.EXCHANGE)
    path = Path(path)
    data = read_sheet(path, also=INFO_SHEET)  # the sheet to read comes first, as exported …
    if data.name != SCORES_SHEET and SCORES_SHEET in sheet_names(path):  # … unless moved
        data = read_sheet(path, SCORES_SHEET, also=INFO_SHEET)
    info = _read_info(data.also or [])
    _check_info(info, month, _township_code(db, township_id))
    sheet = month_sheet(db, township_id, month, scheme_family=scheme_family or _family(db, info))
    if sheet.month.locked:
        raise RefusedError(
            f"{sheet.month.label}的考核已审核锁定，不能导入；如需更正，请先重新打开并说明原因"
        )
    result = ScoreImport(sheet.month, dry_run=dry_run)
    header_index = _header_row(data.rows)
    result.header = list(data.rows[header_index])
    labels = [str(cell).strip() if cell is not None else "" for cell in result.header]
    columns = _item_columns(labels, sheet.items, info.get("mapping", {}), result)
    fixed = {cell_text(short_label(label)): index for index, label in enumerate(labels)}
    finder = _Finder(sheet.rows, _uids(db))
    cells: list[_Cell] = []
    seen: dict[int, int] = {}
    for index in range(header_index + 1, len(data.rows)):
        raw = data.rows[index]
        number = index + 1

        def get(title: str, raw: list[Any] = raw) -> str:
            at = fixed.get(title)
            return plain_text(raw[at]) if at is not None and at < len(raw) else ""

        if not (get("姓名") or get(UID_HEADER)):
            continue
        result.read += 1
        errors: list[RowError] = []
        mine: list[_Cell] = []
        row, reason = finder.find(get(UID_HEADER), get("村(社区)"), get("姓名"))
        if row is not None and row.person_id in seen:
            row, reason = None, f"与第 {seen[row.person_id]} 行是同一人，每人只能填一行"
        if row is None:
            errors.append(RowError(number, _label(labels, fixed, "姓名"), get("姓名"), reason))
        else:
            seen[row.person_id] = number
            for at, item in columns.items():
                value = raw[at] if at < len(raw) else ""
                problem, same = _check_cell(item, value, row)
                if problem:
                    errors.append(RowError(number, labels[at], cell_text(value), problem))
                elif same:
                    result.unchanged += 1
                elif cell_text(value):
                    mine.append(_Cell(number, labels[at], value, row.person_id, item))
        if errors:
            result.errors.extend(errors)
            result.rejected_rows.append((number, list(raw)))
        else:
            cells.extend(mine)
        status = "rejected" if errors else "written" if mine else "unchanged"
        result.rows.append(RowOutcome(number, get("姓名"), status))
    result.rejected = len(result.errors)
    if (atomic and result.errors) or not cells:
        result.committed = not result.errors and not dry_run
        return result
    # the note of an entry explained its old value: a new value starts without one
    batch = [EntryInput(c.person_id, c.item.key, cell_text(c.raw)) for c in cells]
    try:  # one transaction: an import cut short leaves the month as it was
        result.written = set_entries(db, sheet.month, batch, actor=actor, dry_run=dry_run)
    except CellRefused as refused:  # the month changed since it was read (approved, say)
        cell = cells[refused.index]
        result.errors.append(RowError(cell.row, cell.column, cell_text(cell.raw), refused.message))
        result.rejected += 1
        return result
    result.committed = not dry_run
    if result.committed:
        audit.log_event(
            db,
            "import",
            entity="assessment_month",
            entity_id=result.month.id or "",
            summary=f"导入考核评分表 {path.name}（{result.month.label}）：读取 {result.read} 人，"
            f"填入 {result.written} 格，拒绝 {result.rejected} 格",
            detail={
                "file": path.name,
                "sheet": data.name,
                "month": f"{result.month.month:%Y-%m}",
                "read": result.read,
                "written": result.written,
                "unchanged": result.unchanged,
                "rejected": result.rejected,
            },
        )
    return result


def write_score_report(result: ScoreImport, path: Path) -> Path:
    """The rejected rows with their bad cells marked and explained, to fix and import again."""
    report = ImportResult(
        header=result.header, rejected_rows=result.rejected_rows, errors=result.errors
    )
    return write_result_workbook(report, path)


def short_label(header: str) -> str:
    """A column header without its typing hint: “日常走访\n（0～20分）” → 日常走访."""
    return str(header).split("\n")[0].strip()


# ------------------------------------------------------------------------------------ internals


def _read_info(rows: list[list[Any]]) -> dict[str, Any]:
    if not rows:
        return {}
    info: dict[str, Any] = {}
    mapping: dict[str, str] = {}
    for index, row in enumerate(rows, start=1):
        if len(row) < 2 or not row[0]:
            continue
        if index >= MAPPING_FROM:
            mapping[cell_text(row[0])] = cell_text(row[1])
        else:
            info[cell_text(row[0])] = cell_text(row[1])
    info["mapping"] = mapping
    return info


def _check_info(info: dict[str, Any], month: date, code: str) -> None:
    if not info:
        return  # not our template: columns are found by their headers
    version = info.get("模板版本", "")
    if version != TEMPLATE_VERSION:
        raise FengwangError(
            f"该表格的模板版本为“{version}”，本程序读取“{TEMPLATE_VERSION}”；请重新导出考核表"
        )
    wanted = f"{month:%Y-%m}"
    if info.get("月份") and info["月份"] != wanted:
        raise ValidationError(
            {"month": f"该表格是 {info['月份']} 的考核表，不是 {wanted} 的；请核对月份"}
        )
    if info.get("乡镇编码") and info["乡镇编码"] != code:
        raise ValidationError(
            {"township": f"该表格是{info.get('乡镇', '其他乡镇')}的考核表，不是本乡镇的"}
        )


def _family(db: Database, info: dict[str, Any]) -> str | None:
    """The scheme family the file was exported for, when this database has it."""
    family = info.get("细则系列")
    if not family:
        return None
    known = db.read_rows("SELECT 1 FROM assessment_scheme WHERE family_uid = ?", (family,))
    return family if known else None


def _header_row(rows: list[list[Any]]) -> int:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if "姓名" in (cell_text(short_label(cell)) for cell in row if cell not in (None, "")):
            return index
    raise FengwangError("表格中找不到含“姓名”的表头行；请使用本程序导出的考核表填写")


def _item_columns(
    labels: list[str], items: tuple[ItemSpec, ...], mapping: dict[str, str], result: ScoreImport
) -> dict[int, ItemSpec]:
    """Column index → the item it holds; automatic and unknown columns are noted as ignored."""
    by_key = {item.key: item for item in items}
    by_name = {item.name: item for item in items}
    columns: dict[int, ItemSpec] = {}
    for index, label in enumerate(labels):
        name = short_label(label)
        if not name or cell_text(name) in (*FIXED_HEADERS, "错误原因"):
            continue
        item = by_key.get(mapping.get(cell_text(label), "")) or by_name.get(name)
        if item is None or item.kind is ItemKind.AUTO:
            result.ignored_columns.append(name)
            continue
        columns[index] = item
    if not columns:
        raise FengwangError("表格中没有可导入的考核项目列；请使用本程序导出的考核表填写")
    return columns


def _check_cell(item: ItemSpec, value: Any, row: SheetRow) -> tuple[str, bool]:
    """(why the cell is refused or "", whether it equals what is entered)."""
    text = cell_text(value)
    if not text:
        return "", False
    parsed = parse_entry(item, text)
    try:
        scoring.item_points(item, parsed, {})
    except ValidationError as refused:
        return "；".join(refused.fields.values()), False
    entry = row.entries.get(item.key)
    return "", entry is not None and not entry.problem and entry.value == parsed


class _Finder:
    """A file row's worker on the month's sheet (see the module docstring)."""

    def __init__(self, rows: tuple[SheetRow, ...], uids: dict[int, str]) -> None:
        self.by_uid = {uids[row.person_id]: row for row in rows if row.person_id in uids}
        self.by_place: dict[tuple[str, str], list[SheetRow]] = {}
        self.by_name: dict[str, list[SheetRow]] = {}
        for row in rows:
            self.by_place.setdefault((row.village, row.name), []).append(row)
            self.by_name.setdefault(row.name, []).append(row)

    def find(self, uid: str, village: str, name: str) -> tuple[SheetRow | None, str]:
        if uid:
            row = self.by_uid.get(uid)
            if row is None:
                return None, "人员编号不在本月名单中（可能已离任）"
            return row, ""
        found = self.by_place.get((village, name)) if village else self.by_name.get(name)
        if not found:
            where = f"{village}的" if village else ""
            return None, f"{where}“{name}”不在本月的考核名单中"
        if len(found) > 1:
            return None, f"名单中有 {len(found)} 人都叫“{name}”，请使用导出的考核表（含人员编号）"
        return found[0], ""


def _label(labels: list[str], fixed: dict[str, int], title: str) -> str:
    at = fixed.get(title)
    return labels[at] if at is not None else title


def _uids(db: Database) -> dict[int, str]:
    return dict(db.read_rows("SELECT id, uid FROM person"))


def _township_code(db: Database, township_id: int) -> str:
    rows = db.read_rows("SELECT code FROM grid_unit WHERE id = ?", (township_id,))
    return rows[0][0] if rows else ""


__all__ = [
    "TEMPLATE_VERSION",
    "ScoreImport",
    "column_label",
    "export_score_sheet",
    "import_score_sheet",
    "short_label",
    "write_score_report",
]
