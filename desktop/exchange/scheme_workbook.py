"""An assessment scheme (考核细则) as a workbook, the way counties hand schemes to townships.

Sheet 考核细则: a header area (名称, 适用岗位, 起始月份, top-grade quota, bonus cap), then one row
per item: 大则, 小则, 计分方式 (in Chinese), 分值, 每次分值, 取数指标, 分档, 无案件时 (what an
automatic item gives a worker with no case: 得满分 or 不得分, blank for 不得分; files without the
column read as 不得分), 计分规则说明, and a hidden 编号 column with the item's key. Sheet 等次: the grade bands. A hidden 模板信息 sheet holds
the template version and the scheme's family, so that a file exported here comes back as a new
version of its own scheme.

Import rules a clerk should know:
- Every bad cell is named (row, column, value, reason) and nothing is saved while one is left;
  then the scheme rules (bands without gaps or overlaps, points …) are checked as the scheme
  editor checks them.
- The scheme it belongs to: the family in 模板信息 when this database has it, else the scheme of
  the same name. Then the file becomes the next version (assessment_schemes.update_scheme: in
  place while no approved month used the latest version). A file identical to the latest
  version changes nothing, so importing the same file twice is harmless. Otherwise it is a new
  scheme.
- Items keep their key (so a month's entries carry over): the file's 编号, else the key of the
  item of the same name in the scheme it updates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from desktop.db import Database
from desktop.errors import FengwangError, NotFoundError, ValidationError
from desktop.exchange.cells import (
    as_number,
    cell_text,
    column_letter,
    decimal_text,
    plain_text,
    put_cell,
)
from desktop.exchange.files import check_target, save_workbook
from desktop.exchange.reading import read_sheet, sheet_names
from desktop.services import access, audit
from desktop.services.access import Permission
from desktop.services.assessment_figures import METRICS
from desktop.services.assessment_schemes import (
    ItemDraft,
    SchemeDraft,
    SchemeInfo,
    SectionDraft,
    create_scheme,
    list_schemes,
    update_scheme,
)
from desktop.services.scoring import GradeBand, ItemKind, NoCases

TEMPLATE_VERSION = "fengwang-scheme-1"
ITEMS_SHEET = "考核细则"
BANDS_SHEET = "等次"
INFO_SHEET = "模板信息"

KIND_LABELS = {
    ItemKind.MANUAL: "手工评分",
    ItemKind.DEDUCTION: "按次扣分",
    ItemKind.BONUS: "按次加分",
    ItemKind.AUTO: "自动计分",
    ItemKind.VETO: "一票否决",
}
KINDS_BY_LABEL = {label: kind for kind, label in KIND_LABELS.items()}

# header area: label → field; the labels are what the sheet shows in column A
HEAD_LABELS = {
    "细则名称": "name",
    "适用岗位": "roles",
    "起始月份": "start_month",
    "最高等次名额比例(%)": "top_quota_percent",
    "加分合计上限(分)": "bonus_cap",
}
ITEM_HEADERS = (
    "大则",
    "小则",
    "计分方式",
    "分值",
    "每次分值",
    "取数指标",
    "分档",
    "无案件时",
    "计分规则说明",
    "编号",
)
RULE_COLUMN = ITEM_HEADERS.index("计分规则说明") + 1  # 1-based
NO_CASES_LABELS = {choice.label: choice for choice in NoCases}
BAND_HEADERS = ("等次", "下限(含)", "上限(不含)")
WIDTHS = (18, 18, 10, 8, 9, 22, 34, 10, 50, 38)
_BAND_PART = re.compile(
    r"[≥>=]*\s*(\d+(?:\.\d+)?)\s*[%件]?\s*(?:得|:|→|=)\s*(\d+(?:\.\d+)?)\s*分?", re.ASCII
)


@dataclass(frozen=True)
class SchemeImport:
    scheme: SchemeInfo
    status: str  # "created", "new_version", "updated" (latest version edited), "unchanged"

    @property
    def message(self) -> str:
        return {
            "created": f"已新建考核细则：{self.scheme.label}",
            "new_version": f"原版本已用于审核过的月份，已另存为新版本：{self.scheme.label}",
            "updated": f"已按表格更新考核细则：{self.scheme.label}",
            "unchanged": f"表格与现有的 {self.scheme.label} 相同，未作改动",
        }[self.status]


# ------------------------------------------------------------------------------------ export


def choose_scheme(db: Database, name: str | None = None) -> SchemeInfo:
    """The latest version of the scheme named `name`, or of the only scheme there is."""
    schemes = list_schemes(db)
    if name:
        schemes = [s for s in schemes if s.name == name.strip()]
        if not schemes:
            raise NotFoundError(f"没有名为“{name}”的考核细则")
    families = {s.family_uid for s in schemes}
    if not families:
        raise NotFoundError("还没有考核细则")
    if len(families) > 1:
        names = "、".join(dict.fromkeys(s.name for s in schemes))
        raise ValidationError({"scheme": f"有多套考核细则：{names}；请指定细则名称"})
    return max(schemes, key=lambda s: s.version)


def chosen_scheme(db: Database, scheme_id: int | None) -> SchemeInfo:
    """The scheme `scheme_id`, or (None) the only one there is, latest version."""
    if scheme_id is None:
        return choose_scheme(db)
    scheme = next((s for s in list_schemes(db) if s.id == scheme_id), None)
    if scheme is None:
        raise NotFoundError("该考核细则不存在（可能已被删除）")
    return scheme


def export_scheme(db: Database, path: Path, *, scheme_id: int | None = None) -> SchemeInfo:
    """Write a scheme (by default the only one, latest version) to `path`."""
    access.require(db, Permission.EXCHANGE)
    check_target(path)
    scheme = chosen_scheme(db, scheme_id)
    book = scheme_book(scheme)
    save_workbook(book, path)
    audit.log_event(
        db,
        "export",
        entity="assessment_scheme",
        entity_id=scheme.id,
        summary=f"导出考核细则 {Path(path).name}：{scheme.label}",
        detail={"what": "考核细则", "file": Path(path).name, "scheme": scheme.label},
    )
    return scheme


def scheme_book(scheme: SchemeInfo):  # -> openpyxl.Workbook
    """The workbook of a scheme: its items, grade bands and (hidden) template information."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = ITEMS_SHEET
    bold = Font(bold=True)
    heading = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
    put_cell(sheet, 1, 1, f"{scheme.name}（第{scheme.version}版）").font = Font(bold=True, size=14)
    head = {
        "细则名称": scheme.name,
        "适用岗位": "、".join(scheme.roles),
        "起始月份": f"{scheme.start_month:%Y-%m}",
        "最高等次名额比例(%)": scheme.top_quota_percent,
        "加分合计上限(分)": as_number(scheme.bonus_cap),
    }
    for offset, (label, value) in enumerate(head.items()):
        put_cell(sheet, 2 + offset, 1, label).font = bold
        put_cell(sheet, 2 + offset, 2, value)
    header_row = 3 + len(head)
    for column, text in enumerate(ITEM_HEADERS, start=1):
        cell = put_cell(sheet, header_row, column, text)
        cell.font, cell.fill = bold, heading
        sheet.column_dimensions[column_letter(column)].width = WIDTHS[column - 1]
    row = header_row
    for section in scheme.sections:
        for item in section.items:
            row += 1
            values = (
                section.name,
                item.name,
                KIND_LABELS[item.kind],
                as_number(item.max_points) if item.kind is not ItemKind.VETO else None,
                as_number(item.per_count) if item.per_count else None,
                METRICS.get(item.metric, item.metric) or None,
                bands_text(item.bands) or None,
                item.no_cases.label if item.kind is ItemKind.AUTO else None,
                item.rule_text or None,
                item.key,
            )
            for column, value in enumerate(values, start=1):
                put_cell(sheet, row, column, value)
            sheet.cell(row, RULE_COLUMN).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions[column_letter(len(ITEM_HEADERS))].hidden = True
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    last = row + 200  # room for the county's additions
    choices_by_column = (
        (3, KIND_LABELS.values()),
        (6, METRICS.values()),
        (ITEM_HEADERS.index("无案件时") + 1, NO_CASES_LABELS),
    )
    for column, choices in choices_by_column:
        check = DataValidation(
            type="list",
            formula1='"' + ",".join(choices) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="不在列表中",
            error="请从下拉列表中选择",
        )
        check.add(f"{column_letter(column)}{header_row + 1}:{column_letter(column)}{last}")
        sheet.add_data_validation(check)

    bands = book.create_sheet(BANDS_SHEET)
    for column, text in enumerate(BAND_HEADERS, start=1):
        cell = put_cell(bands, 1, column, text)
        cell.font, cell.fill = bold, heading
        bands.column_dimensions[column_letter(column)].width = 12
    for offset, band in enumerate(scheme.bands, start=2):
        put_cell(bands, offset, 1, band.grade)
        put_cell(bands, offset, 2, as_number(band.lower))
        put_cell(bands, offset, 3, as_number(band.upper))
    put_cell(
        bands, len(scheme.bands) + 3, 1, "说明：总分在[下限, 上限)之间得该等次；最高等次不设上限。"
    )

    info = book.create_sheet(INFO_SHEET)
    for offset, (label, value) in enumerate(
        (
            ("模板版本", TEMPLATE_VERSION),
            ("细则系列", scheme.family_uid),
            ("版本", scheme.version),
            ("导出日期", f"{date.today():%Y-%m-%d}"),
        ),
        start=1,
    ):
        put_cell(info, offset, 1, label)
        put_cell(info, offset, 2, value)
    info.sheet_state = "hidden"
    return book


def bands_text(bands: tuple[tuple[Decimal, Decimal], ...]) -> str:
    """An automatic item's bands as the sheet writes them: ≥60得10分；≥80得16分."""
    return "；".join(f"≥{decimal_text(least)}得{decimal_text(points)}分" for least, points in bands)


# ------------------------------------------------------------------------------------ import


def import_scheme(db: Database, path: Path) -> SchemeImport:
    """Read a scheme workbook and save it (see the module docstring for the rules). Raises
    ValidationError with every bad cell, or the scheme rules' message, and saves nothing then."""
    access.require(db, Permission.EXCHANGE)
    access.require(db, Permission.SETTINGS)  # refused before the file is read, not after
    path = Path(path)
    main = read_sheet(path, also=BANDS_SHEET)  # the items come first, as exported …
    names = sheet_names(path)
    if main.name != ITEMS_SHEET and ITEMS_SHEET in names:  # … unless someone moved them
        main = read_sheet(path, ITEMS_SHEET, also=BANDS_SHEET)
    if main.also is None:
        raise FengwangError(f"文件 {path.name} 中没有“{BANDS_SHEET}”工作表，无法读取等次分数段")
    band_rows = main.also
    info = _info(read_sheet(path, INFO_SHEET).rows) if INFO_SHEET in names else {}
    version = info.get("模板版本", TEMPLATE_VERSION)
    if version != TEMPLATE_VERSION:
        raise FengwangError(
            f"文件 {path.name} 的模板版本为“{version}”，本程序读取“{TEMPLATE_VERSION}”；"
            "请用本程序重新导出细则表格"
        )
    errors: dict[str, str] = {}
    head, header_row = _read_head(main.rows, errors)
    if header_row is None:
        raise FengwangError(f"工作表“{main.name}”中找不到以“大则”“小则”开头的表头行")
    sections, rows_by_item = _read_items(main.rows, header_row, errors)
    bands = _read_bands(band_rows, errors)
    if errors:
        raise ValidationError(errors)
    draft = SchemeDraft(
        name=head["name"],
        start_month=head["start_month"],
        roles=head["roles"],
        sections=sections,
        bands=bands,
        top_quota_percent=head["top_quota_percent"],
        bonus_cap=head["bonus_cap"],
    )
    target = _target(db, info.get("细则系列", ""), draft.name)
    if target is not None:
        draft = _keep_keys(draft, target)
    try:
        if target is None:
            done = SchemeImport(create_scheme(db, _fresh_keys(draft)), "created")
        elif _same(draft, target):
            return SchemeImport(target, "unchanged")
        else:
            update = update_scheme(db, target.id, draft)
            done = SchemeImport(update.scheme, "new_version" if update.new_version else "updated")
    except ValidationError as refused:
        raise ValidationError(
            {
                field: f"{rows_by_item[field]}{message}" if field in rows_by_item else message
                for field, message in refused.fields.items()
            }
        ) from refused
    audit.log_event(
        db,
        "import",
        entity="assessment_scheme",
        entity_id=done.scheme.id,
        summary=f"导入考核细则 {path.name}：{done.message}",
        detail={"file": path.name, "sheet": main.name, "status": done.status},
    )
    return done


def _info(rows: list[list[Any]]) -> dict[str, str]:
    return {cell_text(row[0]): cell_text(row[1]) for row in rows if len(row) >= 2 and row[0]}


def _read_head(rows: list[list[Any]], errors: dict[str, str]) -> tuple[dict[str, Any], int | None]:
    """The header area's values and the index of the item header row."""
    raw: dict[str, tuple[int, str]] = {}
    header_row = None
    for index, row in enumerate(rows):
        texts = [cell_text(cell) for cell in row]
        if texts[:2] == ["大则", "小则"]:
            header_row = index
            break
        if texts and texts[0] in HEAD_LABELS:
            raw[HEAD_LABELS[texts[0]]] = (index + 1, plain_text(row[1]) if len(row) > 1 else "")
    head: dict[str, Any] = {}
    labels = {field: label for label, field in HEAD_LABELS.items()}

    def bad(field: str, reason: str) -> None:
        number, value = raw.get(field, (0, ""))
        where = f"第 {number} 行" if number else "表头"
        errors[field] = f"{where}“{labels[field]}”{f'“{value}”' if value else ''}：{reason}"

    head["name"] = raw.get("name", (0, ""))[1]
    head["roles"] = tuple(re.split(r"[、,，;；\s]+", raw.get("roles", (0, ""))[1]))
    month_text = cell_text(raw.get("start_month", (0, ""))[1])
    match = re.fullmatch(
        r"(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*\d{1,2}\s*日?|\s*月?)", month_text
    )
    head["start_month"] = None
    if not month_text:
        bad("start_month", "请填写起始月份，如 2026-01")
    elif match is None or not 1 <= int(match.group(2)) <= 12:
        bad("start_month", "应写成 2026-01 这样的年月")
    else:
        head["start_month"] = date(int(match.group(1)), int(match.group(2)), 1)
    quota = cell_text(raw.get("top_quota_percent", (0, ""))[1]).rstrip("%")
    head["top_quota_percent"] = None
    if quota:
        if quota.isdigit():
            head["top_quota_percent"] = int(quota)
        else:
            bad("top_quota_percent", "应为 1～100 的整数，不设名额请留空")
    cap = raw.get("bonus_cap", (0, ""))[1]
    head["bonus_cap"] = None
    if cap:
        head["bonus_cap"] = _decimal(cap)
        if head["bonus_cap"] is None:
            bad("bonus_cap", "应为分数，不设上限请留空")
    return head, header_row


class _Row:
    """One item row of the sheet: its cells by header, and the errors found in it."""

    def __init__(
        self, cells: list[Any], number: int, column: dict[str, int], errors: dict[str, str]
    ) -> None:
        self.cells, self.number, self.column, self.errors = cells, number, column, errors
        self.bad_count = 0

    def get(self, text: str) -> str:
        at = self.column.get(text)
        return plain_text(self.cells[at]) if at is not None and at < len(self.cells) else ""

    def bad(self, text: str, reason: str) -> None:
        value = self.get(text)
        shown = f"“{value}”" if value else ""
        self.errors[f"row{self.number}.{text}"] = f"第 {self.number} 行“{text}”{shown}：{reason}"
        self.bad_count += 1


def _read_items(
    rows: list[list[Any]], header_row: int, errors: dict[str, str]
) -> tuple[tuple[SectionDraft, ...], dict[str, str]]:
    """The sections with their items, and item key (or name) → "第 N 行：" for later messages."""
    header = [cell_text(cell) for cell in rows[header_row]]
    column = {text: header.index(text) for text in ITEM_HEADERS if text in header}
    missing = [text for text in ITEM_HEADERS[:4] if text not in column]
    if missing:
        errors["header"] = f"表头缺少列：{'、'.join(missing)}"
        return (), {}
    sections: dict[str, list[ItemDraft]] = {}
    where: dict[str, str] = {}
    section = ""
    for index in range(header_row + 1, len(rows)):
        row = _Row(rows[index], index + 1, column, errors)
        if not any(row.get(text) for text in ITEM_HEADERS[1:-1]):
            continue  # a blank row, or a 大则 on a row of its own (merged cells) …
        section = row.get("大则") or section  # … which the rows below belong to
        if not section:
            row.bad("大则", "请填写所属大则")
        item = _read_item(row)
        if item is not None and not row.bad_count:
            sections.setdefault(section, []).append(item)
            where[item.name] = where[item.key] = f"第 {row.number} 行："
    return tuple(SectionDraft(name, tuple(items)) for name, items in sections.items()), where


def _read_item(row: _Row) -> ItemDraft | None:
    name = row.get("小则")
    if not name:
        row.bad("小则", "请填写小则名称")
    kind = KINDS_BY_LABEL.get(cell_text(row.get("计分方式")))
    if kind is None:
        row.bad("计分方式", f"应为{'、'.join(KIND_LABELS.values())}之一")
    points = {}
    for text in ("分值", "每次分值"):
        value = row.get(text)
        points[text] = _decimal(value) if value else Decimal(0)
        if points[text] is None or points[text] < 0:
            row.bad(text, "应为不小于 0 的分数，如 5 或 2.5")
    metrics = {cell_text(label): key for key, label in METRICS.items()} | {k: k for k in METRICS}
    metric = metrics.get(cell_text(row.get("取数指标")), "")
    if row.get("取数指标") and not metric:
        row.bad("取数指标", f"应为{'、'.join(METRICS.values())}之一")
    elif kind is ItemKind.AUTO and not metric:
        row.bad("取数指标", "自动计分项须选择取数指标")
    bands = parse_bands(row.get("分档")) if row.get("分档") else ()
    if row.get("分档") and not bands:
        row.bad("分档", "应写成“≥60得10分；≥80得16分”这样的分档")
    no_cases = NO_CASES_LABELS.get(cell_text(row.get("无案件时")), NoCases.ZERO)
    if row.get("无案件时") and cell_text(row.get("无案件时")) not in NO_CASES_LABELS:
        row.bad("无案件时", f"应为{'或'.join(NO_CASES_LABELS)}，不填为不得分")
    elif row.get("无案件时") and kind is not ItemKind.AUTO:
        row.bad("无案件时", "只有自动计分项才填写")
    if row.bad_count:
        return None
    key = row.get("编号")
    if len(key) > 36 or not re.fullmatch(r"[0-9A-Za-z-]*", key):
        key = ""  # not one of ours: a fresh key is made
    return ItemDraft(
        name=name,
        kind=kind,
        max_points=points["分值"],
        per_count=points["每次分值"],
        bands=bands,
        metric=metric if kind is ItemKind.AUTO else "",
        rule_text=row.get("计分规则说明"),
        key=key,
        no_cases=no_cases,
    )


def parse_bands(text: str) -> tuple[tuple[Decimal, Decimal], ...]:
    """ "≥60得10分；≥80得16分" (also "60:10;80:16") → ((60, 10), (80, 16)); () if unreadable."""
    parts = [part for part in re.split(r"[；;,，\n]+", text.replace(" ", "")) if part]
    found = []
    for part in parts:
        match = _BAND_PART.fullmatch(part)
        if match is None:
            return ()
        found.append((Decimal(match.group(1)), Decimal(match.group(2))))
    return tuple(found)


def _read_bands(rows: list[list[Any]], errors: dict[str, str]) -> tuple[GradeBand, ...]:
    bands = []
    for index, row in enumerate(rows[1:], start=2):
        texts = [plain_text(cell) for cell in row] + ["", "", ""]
        grade, lower, upper = texts[:3]
        if not grade or grade.startswith("说明"):
            continue

        where = f"“{BANDS_SHEET}”第 {index} 行"
        low = _decimal(lower)
        if low is None:
            errors[f"band{index}"] = f"{where}“下限(含)”“{lower}”：应为分数"
            continue
        high = _decimal(upper) if upper else None
        if upper and high is None:
            errors[f"band{index}"] = f"{where}“上限(不含)”“{upper}”：应为分数；最高等次留空"
            continue
        bands.append(GradeBand(grade, low, high))
    if not bands and not errors:
        errors["bands"] = f"“{BANDS_SHEET}”工作表中没有等次"
    return tuple(bands)


def _target(db: Database, family: str, name: str) -> SchemeInfo | None:
    """The latest version of the scheme the file updates (see the module docstring)."""
    schemes = list_schemes(db)
    mine = [s for s in schemes if s.family_uid == family] or [s for s in schemes if s.name == name]
    if len({s.family_uid for s in mine}) != 1:
        return None
    return max(mine, key=lambda s: s.version)


def _keep_keys(draft: SchemeDraft, target: SchemeInfo) -> SchemeDraft:
    known = {item.key for item in target.items}
    by_name = {item.name: item.key for item in target.items}

    def key(item: ItemDraft) -> str:
        return item.key if item.key in known else by_name.get(item.name, "")

    return replace(
        draft,
        sections=tuple(
            SectionDraft(s.name, tuple(replace(i, key=key(i)) for i in s.items))
            for s in draft.sections
        ),
    )


def _fresh_keys(draft: SchemeDraft) -> SchemeDraft:
    """A new scheme keeps the file's keys only when they are all there and distinct."""
    keys = [item.key for section in draft.sections for item in section.items]
    if all(keys) and len(set(keys)) == len(keys):
        return draft
    return replace(
        draft,
        sections=tuple(
            SectionDraft(s.name, tuple(replace(i, key="") for i in s.items)) for s in draft.sections
        ),
    )


def _same(draft: SchemeDraft, scheme: SchemeInfo) -> bool:
    def comparable(d: SchemeDraft) -> tuple:
        return (
            d.name,
            d.start_month,
            tuple(sorted(d.roles)),
            tuple(
                (s.name, tuple(replace(i, rule_text=i.rule_text.strip()) for i in s.items))
                for s in d.sections
            ),
            d.bands,
            d.top_quota_percent,
            d.bonus_cap,
        )

    return comparable(draft) == comparable(scheme.draft())


# ------------------------------------------------------------------------------------ helpers


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(cell_text(text))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


__all__ = [
    "KIND_LABELS",
    "TEMPLATE_VERSION",
    "SchemeImport",
    "bands_text",
    "choose_scheme",
    "export_scheme",
    "import_scheme",
    "parse_bands",
]
