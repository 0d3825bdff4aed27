"""Importing a village roster spreadsheet: find the header, map columns by synonyms, check every
row, and commit the valid ones in one transaction.

Rules a clerk should know:
- People are matched by citizen ID. A blank cell never erases what the database holds (a file
  may simply lack the column); a filled cell that differs updates the person.
- A person may appear on several rows, one per role (as the county template lists them), when
  the details agree; a repeated ID with different details, or the same unit and role twice, is
  rejected.
- The role of a row is its 岗位. When 岗位 is blank, 专兼职情况 decides: 专职 → 专职网格员,
  兼职 → 兼职网格员 (the provincial 网格员信息登记表 has no 岗位 column). Neither → rejected.
- The unit is found by 网格编码 when given, else by 乡镇 → 村(社区) → 网格 names in the database;
  a row without 网格 is assigned at village level.
- An assignment (person, unit, role) is added only when the person holds no open assignment of
  that role in that unit, so importing the same file twice changes nothing.
- Modes: valid rows only (default), all-or-nothing (`atomic`: any rejected row and nothing is
  written), dry run (the same work, rolled back). In a dry run, and in an atomic import that
  rejected a row, the valid rows are still committed inside the transaction and then rolled back,
  so their outcomes and the counts say what would have happened; `committed` is then False.
- Progress and Cancel: `progress(done, total)` is called every PROGRESS_EVERY rows in two passes,
  first while checking (done counts rows checked), then while committing (done counts up again
  from 0 to the same total, never backwards; rejected rows count as done). `cancelled()` is asked at the same
  points; when it answers True, ImportCancelled is raised and nothing is written.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop.collector import collector_paused
from desktop.db import Database
from desktop.errors import FengwangError, ValidationError
from desktop.exchange.cells import (
    CellError,
    cell_text,
    collapse_spaces,
    id_text,
    parse_date,
    parse_year_month,
)
from desktop.exchange.reading import Sheet, read_sheet
from desktop.exchange.roster_export import HEADER_ROW as TEMPLATE_HEADER_ROW
from desktop.exchange.roster_export import INFO_SHEET, TEMPLATE_VERSION
from desktop.services import access, audit, jurisdiction
from desktop.services.access import Permission
from desktop.services.identity import mask_id, mask_phone, to_half_width
from desktop.services.roster import PersonDraft, clean_person, start_date_problem
from desktop.vocabulary import Level

HEADER_SEARCH_ROWS = 15
PROGRESS_EVERY = 500

# field → header texts, after normalise_header (half-width, no spaces, no trailing '*').
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字"),
    "citizen_id": ("公民身份号码", "身份证号", "身份证号码", "证件号码"),
    "gender": ("性别",),
    "birth_date": ("出生年月", "出生日期"),
    "phone": ("联系电话", "手机", "手机号码", "电话"),
    "role": ("岗位", "职务", "类别", "人员类别"),
    "employment": ("专兼职情况",),
    "township": ("乡镇", "乡镇(街道)"),
    "village": ("村(社区)", "村", "社区"),
    "grid": ("网格", "所属网格", "网格名称"),
    "grid_code": ("网格编码",),
    "political_status": ("政治面貌",),
    "education": ("文化程度",),
    "start_date": ("任职日期", "任职时间", "登记时间"),
    "notes": ("备注",),
}
HEADER_FIELDS = {text: name for name, texts in SYNONYMS.items() for text in texts}
# field → the label a clerk knows it by (the county template's header, without the '*').
FIELD_LABELS: dict[str, str] = {
    "name": "姓名",
    "citizen_id": "身份证号码",
    "gender": "性别",
    "birth_date": "出生年月",
    "phone": "联系电话",
    "role": "岗位",
    "employment": "专兼职情况",
    "township": "乡镇(街道)",
    "village": "村(社区)",
    "grid": "网格",
    "grid_code": "网格编码",
    "political_status": "政治面貌",
    "education": "文化程度",
    "start_date": "任职日期",
    "notes": "备注",
}
REQUIRED_FIELDS: tuple[str, ...] = ("name", "citizen_id")
REQUIRED = {name: FIELD_LABELS[name] for name in REQUIRED_FIELDS}
EMPLOYMENT_ROLES = {"专职": "专职网格员", "兼职": "兼职网格员"}
MASKED_ID_REASON = "身份证号码已打码，无法导入；请使用完整号码导出（--unmasked）"
ELSEWHERE_REASON = (
    "此人已登记在其他乡镇的名册中，本乡镇的账户不能修改；如其也在本乡镇任职，请县综治中心办理"
)
MASKED_PHONE_REASON = "联系电话已打码，无法导入；请使用完整号码导出（--unmasked）"
PERSON_FIELDS = ("name", "gender", "birth_date", "phone", "political_status", "education", "notes")


class ImportCancelled(FengwangError):
    """The user pressed Cancel; the transaction was rolled back."""

    def __init__(self) -> None:
        super().__init__("导入已取消，数据库没有任何改动")


def normalise_header(value: object) -> str:
    text = re.sub(r"\s+", "", to_half_width(str(value or "")))
    return text.rstrip("*")


def layout_signature(header_cells: Sequence[Any]) -> str:
    """A short stable hash of a header row's normalised texts (trailing blanks ignored), so a
    column mapping the user corrected can be remembered for files laid out the same way."""
    texts = [normalise_header(cell) for cell in header_cells]
    while texts and not texts[-1]:
        texts.pop()
    return hashlib.sha256("\x1f".join(texts).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # 1-based row number in the sheet, as the spreadsheet program shows it
    column: str  # the header text as in the file
    value: str  # the cell as the user sees it, raw: only for the result workbook the clerk fixes
    reason: str
    field: str = ""  # the field key ("citizen_id", "phone", …), so masking goes by field

    @property
    def shown_value(self) -> str:
        """The value for screens, logs and JSON: ID numbers and phones masked, even invalid ones
        (a value masked already, from a masked export sent back, is shown as it came)."""
        if self.field in MASKED_FIELDS and "*" not in self.value:
            return MASKED_FIELDS[self.field](self.value)
        return self.value

    @property
    def shown_reason(self) -> str:
        """The reason with any quoted ID number or phone in it (联系电话“…”不是…) masked too; quoted
        words without a digit (设为“文本”格式) are advice, not personal data, and stay."""
        mask = MASKED_FIELDS.get(self.field)
        if mask is None:
            return self.reason
        return _QUOTED.sub(lambda m: f"“{mask(m.group(1))}”", self.reason)

    def as_dict(self) -> dict[str, Any]:
        """For printing or JSON: value and reason masked (see shown_value, shown_reason)."""
        return {
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "value": self.shown_value,
            "reason": self.shown_reason,
        }


# Fields whose values are personal: shown masked wherever an error is printed or returned.
MASKED_FIELDS = {"citizen_id": mask_id, "phone": mask_phone}
_QUOTED = re.compile(r"“([^”]*\d[^”]*)”")


@dataclass(frozen=True, slots=True)
class RowOutcome:
    """What happened (or, in a dry run, would happen) to one data row."""

    row: int  # 1-based row number in the sheet
    status: str  # "created", "updated", "unchanged" or "rejected"
    name: str
    masked_id: str
    unit: str  # the unit's name, '' when the row was rejected before its unit was known
    role: str
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ImportResult:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    sheet: str = ""
    header_row: int = 0
    header: list[Any] = field(default_factory=list)
    rejected_rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)  # one per data row, in sheet order
    committed: bool = False

    def summary(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [error.as_dict() for error in self.errors],
        }


@dataclass(frozen=True)
class Layout:
    header_row: int  # index into the sheet's rows
    columns: dict[str, int]  # field → column index
    unknown: list[str]
    template: str = ""  # the template version when the mapping came from our hidden sheet


# Versions of our own template whose hidden mapping this importer understands.
KNOWN_TEMPLATE_VERSIONS: tuple[str, ...] = (TEMPLATE_VERSION,)
VERSION_LABEL = "模板版本"
# Our other workbooks carry the same hidden sheet: (version prefix, what it is, where it goes).
OTHER_WORKBOOKS = (
    (
        "fengwang-scores-",
        "考核评分表",
        "“考核 → 月度考核”中导入（命令行：fengwang-cli assess import）",
    ),
    (
        "fengwang-scheme-",
        "考核细则",
        "“考核 → 考核细则”中导入（命令行：fengwang-cli assess scheme import）",
    ),
)


class TemplateVersionError(FengwangError):
    """The file is one of our templates, made by a newer (or unknown) Fengwang."""

    def __init__(self, version: str) -> None:
        super().__init__(
            f"此表格由更新版本的枫网生成（模板版本“{version}”），当前版本无法识别；"
            "请将枫网更新到最新版本后再导入"
        )
        self.version = version


def template_fields(info: Sequence[Sequence[Any]] | None) -> tuple[str, list[tuple[str, str]]]:
    """The version and the (field, header) pairs, in the roster's column order, of our hidden
    模板信息 sheet; ("", []) when there is none (the file is not ours). Raises
    TemplateVersionError for a version this importer does not know."""
    if not info or len(info[0]) < 2 or cell_text(info[0][0]) != VERSION_LABEL:
        return "", []
    version = cell_text(info[0][1])
    for prefix, kind, where in OTHER_WORKBOOKS:
        if version.startswith(prefix):
            raise FengwangError(f"这是枫网导出的{kind}，不是花名册：请在{where}")
    if version not in KNOWN_TEMPLATE_VERSIONS:
        raise TemplateVersionError(version)
    fields = []
    for row in info[1:]:
        name = cell_text(row[2]) if len(row) > 3 else ""
        if not name:
            break
        if name in FIELD_LABELS:
            fields.append((name, cell_text(row[3])))
    return version, fields


def template_layout(
    rows: Sequence[Sequence[Any]], version: str, fields: Sequence[tuple[str, str]]
) -> Layout:
    """The layout of one of our own exports or templates, from its hidden mapping: a header a
    village renamed is still found by its position, a column moved still by its header."""
    wanted = [normalise_header(header) for _, header in fields]
    best, best_hits = None, 1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for cell in row if normalise_header(cell) in wanted)
        if hits > best_hits:
            best, best_hits = index, hits
    if best is None:  # every header renamed: the row our export writes it on
        best = TEMPLATE_HEADER_ROW
    if best >= len(rows):
        raise FengwangError(f"表头行第 {best + 1} 行不存在：工作表只有 {len(rows)} 行")
    header = rows[best]
    texts = [normalise_header(cell) for cell in header]
    columns: dict[str, int] = {}
    taken: set[int] = set()
    for name, text in zip((f for f, _ in fields), wanted, strict=True):
        if text in texts and texts.index(text) not in taken:
            columns[name] = texts.index(text)
            taken.add(columns[name])
    for position, (name, _) in enumerate(fields):
        if name in columns or position >= len(header) or position in taken:
            continue
        if texts[position] in wanted:  # another field's header, moved here
            continue
        columns[name] = position
        taken.add(position)
    missing = [label for name, label in REQUIRED.items() if name not in columns]
    if missing:
        raise FengwangError(
            f"第 {best + 1} 行的表头缺少必填列：{'、'.join(missing)}；请补上该列后重新导入"
        )
    unknown = [
        str(cell).strip()
        for column, cell in enumerate(header)
        if column not in taken and str(cell if cell is not None else "").strip()
    ]
    return Layout(best, columns, unknown, version)


def layout_of(read: Sheet) -> Layout:
    """The layout of a sheet read with `also=INFO_SHEET`: from the hidden mapping when the file
    is one of our templates or exports, else by header synonyms (find_layout)."""
    version, fields = template_fields(read.also)
    if version and fields:
        return template_layout(read.rows, version, fields)
    return find_layout(read.rows)


def read_roster_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """One sheet of a roster file, with our hidden 模板信息 sheet when the workbook has one."""
    return read_sheet(path, sheet, also=INFO_SHEET)


def detect_layout(path: Path, sheet: str | None = None) -> Layout:
    """The layout import_roster would use for this sheet when not given one."""
    return layout_of(read_roster_sheet(path, sheet))


def find_layout(rows: Sequence[Sequence[Any]]) -> Layout:
    """The header row (the first of the top rows naming 姓名 and at least one other known
    column; title rows and merged cells above it are skipped) and its column mapping."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields = [HEADER_FIELDS.get(normalise_header(cell)) for cell in row]
        known = {f for f in fields if f}
        if "name" not in known or len(known) < 2:
            continue
        columns: dict[str, int] = {}
        unknown = []
        for column, (cell, found) in enumerate(zip(row, fields, strict=True)):
            if found and found not in columns:
                columns[found] = column
            elif str(cell).strip():
                unknown.append(str(cell).strip())
        missing = [label for name, label in REQUIRED.items() if name not in columns]
        if missing:
            raise FengwangError(
                f"第 {index + 1} 行的表头缺少必填列：{'、'.join(missing)}；"
                "请补上该列（列名可用“身份证号码”“公民身份号码”“证件号码”等）后重新导入"
            )
        return Layout(index, columns, unknown)
    raise FengwangError(
        f"在前 {HEADER_SEARCH_ROWS} 行中找不到表头：表头应含“姓名”“身份证号码”等列名"
    )


def layout_from(rows: Sequence[Sequence[Any]], header_row: int, columns: dict[str, int]) -> Layout:
    """The layout a user chose (header row and field → column), checked: the row exists, every
    field is known, the required fields are mapped, no column is mapped twice."""
    if not 0 <= header_row < len(rows):
        raise FengwangError(f"表头行第 {header_row + 1} 行不存在：工作表只有 {len(rows)} 行")
    header = rows[header_row]
    width = max(len(header), 1)
    unknown_fields = [name for name in columns if name not in FIELD_LABELS]
    if unknown_fields:
        raise FengwangError(f"未知的字段：{'、'.join(unknown_fields)}")
    missing = [FIELD_LABELS[name] for name in REQUIRED_FIELDS if name not in columns]
    if missing:
        raise FengwangError(f"请为必填字段选择对应的列：{'、'.join(missing)}")
    by_column: dict[int, list[str]] = {}
    for name, column in columns.items():
        if not 0 <= column < width:
            raise FengwangError(f"“{FIELD_LABELS[name]}”对应的第 {column + 1} 列不在表头范围内")
        by_column.setdefault(column, []).append(name)
    for column, names in sorted(by_column.items()):
        if len(names) > 1:
            labels = "、".join(f"“{FIELD_LABELS[n]}”" for n in names)
            raise FengwangError(f"第 {column + 1} 列被同时对应到 {labels}，每列只能对应一个字段")
    unknown = [
        str(cell).strip()
        for column, cell in enumerate(header)
        if column not in by_column and str(cell if cell is not None else "").strip()
    ]
    return Layout(header_row, dict(columns), unknown)


# ------------------------------------------------------------------------------------- the grid


@dataclass(frozen=True)
class _Unit:
    id: int
    parent_id: int | None
    level: str
    code: str
    name: str


class _Grid:
    """The grid units and roles of the database, for finding a row's unit and role by name."""

    def __init__(self, db: Database) -> None:
        rows = db.read_rows("SELECT id, parent_id, level, code, name FROM grid_unit")
        # an account of one township imports into it only
        own = jurisdiction.own_unit_ids(db, links=[(row[0], row[1]) for row in rows])
        self.units = [_Unit(*row) for row in rows if own is None or row[0] in own]
        # ID numbers of people in other townships' rosters, which this account may not change.
        self.elsewhere: set[str] = set()
        if own is not None:
            mine = jurisdiction.own_people(db, own)
            self.elsewhere = {
                citizen_id
                for person_id, citizen_id in db.read_rows("SELECT id, citizen_id FROM person")
                if citizen_id and person_id not in mine
            }
        self.by_id = {u.id: u for u in self.units}
        self.by_code = {u.code: u for u in self.units}
        self.townships: dict[int, int | None] = {}  # unit id → its township, as found
        self.roles = dict(db.read_rows("SELECT name, id FROM role"))
        self.role_names = {role_id: name for name, role_id in self.roles.items()}

    def township_of(self, unit_id: int) -> int | None:
        if unit_id not in self.townships:
            unit: _Unit | None = self.by_id[unit_id]
            while unit is not None and unit.level != Level.TOWNSHIP.value:
                unit = self.by_id.get(unit.parent_id) if unit.parent_id else None
            self.townships[unit_id] = unit.id if unit is not None else None
        return self.townships[unit_id]

    def under(self, unit: _Unit, ancestor: _Unit) -> bool:
        current: _Unit | None = unit
        while current is not None:
            if current.id == ancestor.id:
                return True
            current = self.by_id.get(current.parent_id) if current.parent_id else None
        return False

    def named(self, name: str, levels: tuple[str, ...], within: _Unit | None) -> list[_Unit]:
        return [
            u
            for u in self.units
            if u.level in levels
            and (u.name == name or (within is not None and u.name == within.name + name))
            and (within is None or self.under(u, within))
        ]


# ----------------------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class _Row:
    number: int
    draft: PersonDraft
    unit_id: int
    role_id: int
    role_name: str
    start_date: date
    township_id: int | None  # the township of the unit: a new person's roster


def _birth_date(value: Any) -> date | None:
    return parse_date(value, label="出生日期")


def _start_date(value: Any) -> date | None:
    return parse_date(value, label="任职日期")


class _RowChecker:
    def __init__(self, layout: Layout, header: Sequence[Any], grid: _Grid, today: date) -> None:
        self.layout = layout
        self.header = header
        self.grid = grid
        self.today = today
        # citizen ID → (its first row, its details there, the (unit, role) of that row)
        self.seen_ids: dict[str, tuple[int, PersonDraft, tuple[int | None, int | None]]] = {}
        self.more_jobs: dict[str, set] = {}  # the (unit, role) pairs of an ID on several rows
        self._last_column = max(layout.columns.values(), default=-1)
        # dates repeat down a roster (a village's staff took office on a few days): each distinct
        # cell is parsed once; any but text keyed by its type too (True, 1 and 1.0 are one key)
        self._birth_months: dict[Any, Any] = {}
        self._birth_dates: dict[Any, Any] = {}
        self._start_dates: dict[Any, Any] = {}

    @staticmethod
    def _parsed(cache: dict[Any, Any], parse: Callable[[Any], Any], value: Any) -> Any:
        """parse(value) through `cache`; a CellError is returned, not raised."""
        key = value if type(value) is str else (type(value), value)
        found = cache.get(key, cache)
        if found is cache:
            try:
                found = parse(value)
            except CellError as err:
                found = err
            cache[key] = found
        return found

    def column_label(self, name: str) -> str:
        column = self.layout.columns.get(name)
        return str(self.header[column]).strip() if column is not None else REQUIRED.get(name, name)

    def raw(self, cells: Sequence[Any]) -> dict[str, Any]:
        columns = self.layout.columns
        if len(cells) > self._last_column:  # the usual row: every mapped column is there
            return {name: cells[i] for name, i in columns.items()}
        return {name: cells[i] if i < len(cells) else "" for name, i in columns.items()}

    def check(self, number: int, cells: Sequence[Any]) -> _Row | list[RowError]:
        columns = self.layout.columns
        raw = self.raw(cells)
        errors: list[RowError] = []

        def reject(name: str, reason: str) -> None:
            shown = id_text(raw.get(name)) if name == "citizen_id" else cell_text(raw.get(name))
            errors.append(RowError(number, self.column_label(name), shown, reason, name))

        text = {name: cell_text(value) for name, value in raw.items()}
        birth = None
        birth_month = self._parsed(self._birth_months, parse_year_month, raw.get("birth_date"))
        if birth_month is None:
            birth = self._parsed(self._birth_dates, _birth_date, raw.get("birth_date"))
            if isinstance(birth, CellError):
                reject("birth_date", str(birth))
                birth = None
        start = self._parsed(self._start_dates, _start_date, raw.get("start_date"))
        if isinstance(start, CellError):
            reject("start_date", str(start))
            start = None
        elif start is None:
            reject("start_date", "请填写任职日期（登记时间）")

        citizen_id, phone = id_text(raw.get("citizen_id")), text.get("phone", "")
        if "*" in citizen_id:  # a masked export sent back: the number is lost, say so plainly
            reject("citizen_id", MASKED_ID_REASON)
            citizen_id = ""
        if "*" in phone:
            reject("phone", MASKED_PHONE_REASON)
            phone = ""
        draft = PersonDraft(
            name=text.get("name", ""),
            citizen_id=citizen_id,
            gender=text.get("gender", ""),
            birth_date=birth,
            phone=phone,
            political_status=text.get("political_status", ""),
            education=text.get("education", ""),
            notes=text.get("notes", ""),
        )
        clean = None
        try:
            clean = clean_person(draft, today=self.today)
        except ValidationError as err:
            for name, reason in err.fields.items():
                reject(name if name in columns else "citizen_id", reason)
        if not draft.citizen_id and "*" not in id_text(raw.get("citizen_id")):
            reject("citizen_id", "请填写身份证号码")
        born = clean.birth_date if clean is not None and clean.citizen_id else None
        if born is not None and birth_month is not None and (born.year, born.month) != birth_month:
            reject("birth_date", f"出生年月与身份证号码不符：号码中为 {born:%Y-%m}")
        if start is not None:
            known_birth = born or (clean.birth_date if clean is not None else birth)
            if problem := start_date_problem(start, born=known_birth, today=self.today):
                reject("start_date", problem)
        role_id = self._role(text, reject)
        unit_id = self._unit(text, reject)
        if clean is not None and clean.citizen_id:
            if clean.citizen_id in self.grid.elsewhere:
                reject("citizen_id", ELSEWHERE_REASON)
            self._check_repeat(number, clean, (unit_id, role_id), reject)
        if errors:
            return errors
        assert clean is not None and start is not None and role_id and unit_id
        township = self.grid.township_of(unit_id)
        return _Row(number, clean, unit_id, role_id, self.grid.role_names[role_id], start, township)

    def _check_repeat(
        self,
        number: int,
        clean: PersonDraft,
        job: tuple[int | None, int | None],
        reject: Callable[[str, str], None],
    ) -> None:
        """The same person on several rows is how a roster lists several roles (the county
        template has one row per role), so a repeated ID is accepted when the person's details
        agree and the unit or role differs; otherwise the repeat is rejected."""
        first_row, first_clean, first_job = self.seen_ids.setdefault(
            clean.citizen_id, (number, clean, job)
        )
        if first_row == number:
            return
        jobs = self.more_jobs.setdefault(clean.citizen_id, {first_job})
        if first_clean != clean:
            reject(
                "citizen_id",
                f"与第 {first_row} 行的身份证号码重复，但姓名、电话等信息不一致；同一人只能有一套信息",
            )
        elif job in jobs:
            reject("citizen_id", f"与第 {first_row} 行的身份证号码重复，且任职单位和岗位相同")
        else:
            jobs.add(job)

    def _role(self, text: dict[str, str], reject: Callable[[str, str], None]) -> int | None:
        role = "".join(text.get("role", "").split())
        if role:
            if role not in self.grid.roles:
                reject("role", f"岗位“{role}”不在岗位目录中；请改为目录中的岗位或先在“设置”中新增")
                return None
            return self.grid.roles[role]
        employment = "".join(text.get("employment", "").split())
        for prefix, role_name in EMPLOYMENT_ROLES.items():
            if employment.startswith(prefix):
                return self.grid.roles.get(role_name)
        if employment:
            reject("employment", "专兼职情况应为“专职”或“兼职”")
        else:
            reject("role", "请填写岗位（或专兼职情况：专职/兼职）")
        return None

    def _unit(self, text: dict[str, str], reject: Callable[[str, str], None]) -> int | None:
        grid = self.grid
        code = "".join(text.get("grid_code", "").split())
        if code:
            unit = grid.by_code.get(code)
            if unit is None:
                reject("grid_code", f"本库中没有编码为“{code}”的网格单位")
                return None
            return unit.id
        township = village = None
        if name := text.get("township", ""):
            found = grid.named(name, (Level.TOWNSHIP,), None)
            if not found:
                reject("township", f"本库中没有名为“{name}”的乡镇(街道)")
                return None
            township = found[0]
        if name := text.get("village", ""):
            found = grid.named(name, (Level.VILLAGE,), township)
            if len(found) != 1:
                where = f"“{township.name}”下" if township else "本库中"
                reject(
                    "village",
                    f"{where}没有名为“{name}”的村(社区)"
                    if not found
                    else f"有多个名为“{name}”的村(社区)，请填写乡镇(街道)",
                )
                return None
            village = found[0]
        if name := text.get("grid", ""):
            found = grid.named(name, (Level.GRID, Level.MICRO), village or township)
            if len(found) != 1:
                where = f"“{(village or township).name}”下" if village or township else "本库中"
                reject(
                    "grid",
                    f"{where}没有名为“{name}”的网格"
                    if not found
                    else f"有多个名为“{name}”的网格，请填写村(社区)或网格编码",
                )
                return None
            return found[0].id
        if village is not None:
            return village.id
        reject("village", "请填写村(社区)、网格或网格编码，以确定任职单位")
        return None


# ------------------------------------------------------------------------------------ committing


def _blank(cells: Sequence[Any]) -> bool:
    """True for a row with nothing in it (what cell_text would make '' everywhere), cheaply."""
    for cell in cells:
        if cell is None or cell == "":
            continue
        if type(cell) is str and not cell.strip():
            continue
        return False
    return True


class _RollBack(Exception):
    """Raised inside the transaction to roll back a dry run or a refused all-or-nothing import."""


@collector_paused()  # a roster is hundreds of thousands of cells and checked values
def import_roster(
    db: Database,
    path: Path,
    *,
    sheet: str | None = None,
    layout: Layout | None = None,
    atomic: bool = False,
    dry_run: bool = False,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Read, check and commit a roster file. `layout` overrides the automatic header search (the
    user corrected it; see layout_from). Raises FengwangError when the file cannot be read or
    lacks a required column, ImportCancelled when `cancelled()` says so; rejected rows are
    reported in the result. A dry run needs the same permission as an import."""
    access.require(db, Permission.EXCHANGE)
    today = today or date.today()
    read = read_roster_sheet(path, sheet)
    if layout is None:
        layout = layout_of(read)
    elif not 0 <= layout.header_row < len(read.rows):
        raise FengwangError(
            f"表头行第 {layout.header_row + 1} 行不存在：工作表只有 {len(read.rows)} 行"
        )
    header = read.rows[layout.header_row]
    result = ImportResult(
        sheet=read.name,
        header_row=layout.header_row + 1,
        header=list(header),
        unknown_columns=layout.unknown,
    )
    grid = _Grid(db)
    checker = _RowChecker(layout, header, grid, today)
    data = [
        (index + 1, cells)
        for index, cells in enumerate(
            read.rows[layout.header_row + 1 :], start=layout.header_row + 1
        )
        if not _blank(cells)
    ]
    total = result.read = len(data)

    def tick(done: int) -> None:
        if cancelled is not None and cancelled():
            raise ImportCancelled
        if progress is not None:
            progress(done, total)

    checked: list[_Row | list[RowError]] = []
    for done, (number, cells) in enumerate(data):
        if done % PROGRESS_EVERY == 0:
            tick(done)
        outcome = checker.check(number, cells)
        checked.append(outcome)
        if not isinstance(outcome, _Row):
            result.rejected += 1
            result.errors.extend(outcome)
            result.rejected_rows.append((number, list(cells)))
    tick(total)

    statuses: dict[int, str] = {}
    roll_back = dry_run or (atomic and result.rejected > 0)
    try:
        with db.session() as session:
            _commit(session, checked, statuses, tick)
            tick(total)
            if roll_back:
                raise _RollBack
            # in the same transaction: imported people never lack the entry saying who and how
            _log_import(db, session, Path(path).name, result, Counter(statuses.values()))
    except _RollBack:
        pass
    result.committed = not roll_back

    for (number, cells), outcome in zip(data, checked, strict=True):
        if isinstance(outcome, _Row):
            status = statuses[number]
            setattr(result, status, getattr(result, status) + 1)
            result.outcomes.append(
                RowOutcome(
                    number,
                    status,
                    outcome.draft.name,
                    mask_id(outcome.draft.citizen_id),
                    grid.by_id[outcome.unit_id].name,
                    outcome.role_name,
                )
            )
        else:
            raw = checker.raw(cells)
            role = cell_text(raw.get("role")) or cell_text(raw.get("employment"))
            result.outcomes.append(
                RowOutcome(
                    number,
                    "rejected",
                    collapse_spaces(cell_text(raw.get("name"))),
                    mask_id(id_text(raw.get("citizen_id"))),
                    "",
                    role,
                    outcome,
                )
            )
    return result


def _log_import(db: Database, session, name: str, result: ImportResult, counts: Counter) -> None:
    created, updated, unchanged = counts["created"], counts["updated"], counts["unchanged"]
    audit.log_event(
        db,
        "import",
        entity="person",
        summary=f"导入花名册 {name}（{result.sheet}）：读取 {result.read} 行，"
        f"新增 {created}，更新 {updated}，拒绝 {result.rejected}",
        detail={
            "file": name,
            "sheet": result.sheet,
            "read": result.read,
            "created": created,
            "updated": updated,
            "unchanged": unchanged,
            "rejected": result.rejected,
        },
        session=session,
    )


COMMIT_CHUNK = 5000
NEW_PERSON_COLUMNS = (
    *PERSON_FIELDS,
    "uid",
    "citizen_id",
    "township_id",
    "name_initials",
    "created_at",
    "updated_at",
)
NEW_JOB_COLUMNS = (
    "uid",
    "person_id",
    "unit_id",
    "role_id",
    "start_date",
    "created_at",
    "updated_at",
)
IMPORT_CACHE_SIZE = -32768  # KiB: 32 MB of SQLite page cache while importing


def _commit(
    session,
    checked: list[_Row | list[RowError]],
    statuses: dict[int, str],
    tick: Callable[[int], None],
) -> None:
    """Write the valid rows with a few bulk statements per chunk of rows (no ORM objects: 100,000
    rows would cost a flush each; chunks keep memory flat). Per chunk: the people already in the
    database read with one query, new ones inserted in one executemany with their ids returned,
    changed ones updated in one executemany, new assignments likewise. A person on several rows
    (one per role) is found in the database by a later chunk, inside the same transaction."""
    from sqlalchemy import select

    from desktop.models import Assignment

    open_roles = set(
        session.execute(
            select(Assignment.person_id, Assignment.unit_id, Assignment.role_id).where(
                Assignment.end_date.is_(None)
            )
        ).all()
    )
    sqlite = session.connection().dialect.name == "sqlite"
    if sqlite:  # room for the indexes of a large import (random uids), for this import only
        [(cache_size,)] = session.connection().exec_driver_sql("PRAGMA cache_size").all()
        session.connection().exec_driver_sql(f"PRAGMA cache_size={IMPORT_CACHE_SIZE}")
    for first in range(0, len(checked), COMMIT_CHUNK):
        chunk = checked[first : first + COMMIT_CHUNK]
        _commit_chunk(session, chunk, first, open_roles, statuses, tick)
    # on the way out of an error (Cancel, Ctrl+C inside a statement) the session is unusable and
    # the connection is rolled back and closed with its larger cache: restored on success only
    if sqlite:
        session.connection().exec_driver_sql(f"PRAGMA cache_size={int(cache_size)}")


def _commit_chunk(session, chunk, first, open_roles, statuses, tick) -> None:
    from sqlalchemy import bindparam, select, update

    from desktop.models import Assignment, Person
    from desktop.models.base import now
    from desktop.services.pinyin import initials

    people_table, assignment_table = Person.__table__, Assignment.__table__
    rows = [row for row in chunk if isinstance(row, _Row)]
    columns = [getattr(Person, name) for name in PERSON_FIELDS]
    existing: dict[str, tuple] = {}  # citizen ID → (id, *PERSON_FIELDS)
    ids = list({row.draft.citizen_id for row in rows})
    for start in range(0, len(ids), 900):  # stay under SQLite's bound-parameter limit
        part = ids[start : start + 900]
        query = select(Person.citizen_id, Person.id, *columns).where(Person.citizen_id.in_(part))
        for citizen_id, *values in session.execute(query):
            existing[citizen_id] = tuple(values)
    stamp = now()
    uids = iter(_uids(2 * len(rows)))  # a person and an assignment at most per row
    new_people: dict[str, tuple] = {}  # citizen ID → its record, in NEW_PERSON_COLUMNS
    changed_people: dict[int, dict[str, Any]] = {}
    for row in rows:  # who is new, who changed
        draft = row.draft
        found = existing.get(draft.citizen_id)
        if found is None:
            if draft.citizen_id not in new_people:
                new_people[draft.citizen_id] = (
                    *(getattr(draft, name) or None for name in PERSON_FIELDS),
                    next(uids),
                    draft.citizen_id,
                    row.township_id,
                    initials(draft.name),
                    stamp,
                    stamp,
                )
            continue
        person_id, *old = found
        merged = dict(zip(PERSON_FIELDS, old, strict=True))
        for name in PERSON_FIELDS:
            value = getattr(draft, name)
            if value not in ("", None):  # a blank cell keeps what the database holds
                merged[name] = value
        if tuple(merged.values()) != tuple(old):
            existing[draft.citizen_id] = (person_id, *merged.values())
            merged.update(b_id=person_id, name_initials=initials(merged["name"]), updated_at=stamp)
            changed_people[person_id] = merged
    person_ids = {cid: found[0] for cid, found in existing.items()}
    if new_people:
        _insert_many(session, people_table, NEW_PERSON_COLUMNS, list(new_people.values()))
        fresh = list(new_people)
        for start in range(0, len(fresh), 900):
            query = select(Person.citizen_id, Person.id).where(
                Person.citizen_id.in_(fresh[start : start + 900])
            )
            person_ids.update((cid, pid) for cid, pid in session.execute(query))
    if changed_people:
        values = {name: bindparam(name) for name in (*PERSON_FIELDS, "name_initials")}
        # a form opened on one of these people before the import must be refused after it
        session.execute(
            update(people_table)
            .where(people_table.c.id == bindparam("b_id"))
            .values(
                **values,
                updated_at=bindparam("updated_at"),
                row_version=people_table.c.row_version + 1,
            ),
            list(changed_people.values()),
        )
    new_jobs = []
    for done, row in enumerate(chunk, start=first):  # assignments and each row's status
        if done % PROGRESS_EVERY == 0:
            tick(done)
        if not isinstance(row, _Row):
            continue
        citizen_id = row.draft.citizen_id
        person_id = person_ids[citizen_id]
        key = (person_id, row.unit_id, row.role_id)
        added = key not in open_roles
        if added:
            open_roles.add(key)
            new_jobs.append(
                (next(uids), person_id, row.unit_id, row.role_id, row.start_date, stamp, stamp)
            )
        if new_people.pop(citizen_id, None) is not None:
            statuses[row.number] = "created"
        elif changed_people.pop(person_id, None) is not None or added:
            statuses[row.number] = "updated"
        else:
            statuses[row.number] = "unchanged"
    if new_jobs:
        _insert_many(session, assignment_table, NEW_JOB_COLUMNS, new_jobs)


def _uids(count: int) -> list[str]:
    """`count` random (version 4) UUIDs as text, like models.base.new_uid, from one urandom call:
    str(uuid.uuid4()) costs more than the insert of its row."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(b & 0x0F | 0x40 for b in raw[6::16])  # version 4
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])  # RFC 4122 variant
    text = raw.hex()
    return [
        f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
        for h in (text[i : i + 32] for i in range(0, len(text), 32))
    ]


def _insert_many(session, table, names: tuple[str, ...], records: list[tuple]) -> None:
    """One executemany of `records` (values in the order of `names`). On SQLite, straight through
    the driver with the values converted by the columns' own bind processors (what SQLAlchemy
    would store), which saves most of the per-row cost of a Core insert; elsewhere a Core
    insert."""
    from sqlalchemy import insert

    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        session.execute(
            insert(table), [dict(zip(names, record, strict=True)) for record in records]
        )
        return
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    for i, proc in enumerate(processors):
        if proc is None:
            continue
        # memoised: time stamps are one value for all rows, dates repeat a lot
        seen: dict[Any, Any] = {}
        for value in {record[i] for record in records}:
            seen[value] = proc(value)
        records = [(*record[:i], seen[record[i]], *record[i + 1 :]) for record in records]
    quoted = ", ".join(dialect.identifier_preparer.quote(name) for name in names)
    sql = f"INSERT INTO {table.name} ({quoted}) VALUES ({', '.join('?' * len(names))})"
    connection.exec_driver_sql(sql, records)


__all__ = [
    "FIELD_LABELS",
    "KNOWN_TEMPLATE_VERSIONS",
    "REQUIRED_FIELDS",
    "SYNONYMS",
    "ImportCancelled",
    "ImportResult",
    "Layout",
    "RowError",
    "RowOutcome",
    "TemplateVersionError",
    "detect_layout",
    "find_layout",
    "import_roster",
    "layout_from",
    "layout_of",
    "layout_signature",
    "read_roster_sheet",
    "template_fields",
    "template_layout",
]
