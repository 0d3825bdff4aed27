"""Reading a county sync package and checking it before anything is shown or written: the
manifest, the format version, the checksum and counts, and every value one this program can
store. The rules are in desktop/exchange/sync.py.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path

from sqlalchemy import BigInteger, Integer, String

from desktop.errors import FengwangError
from desktop.exchange.reading import open_workbook
from desktop.exchange.sync_assessment import SHAPES, parsed
from desktop.exchange.sync_format import (
    BOOLEANS,
    MANIFEST_SHEET,
    MODELS,
    READABLE_VERSIONS,
    SHEET_BY_KIND,
    SHEETS,
    STORED_AS,
    Row,
    SheetSpec,
    SyncManifest,
    SyncPackage,
    as_text,
    checksum,
    entry_digests,
)
from desktop.exchange.sync_warnings import WARNING_SHAPES
from desktop.models import SyncBase

CHECKSUM_REFUSED = "同步包校验失败：内容与清单不符，可能已被修改或损坏，已拒绝导入"


def read_sync_package(path: Path) -> SyncPackage:
    """Read and check a package: manifest present, format known, checksum and counts match, and
    every value one this program can store."""
    path = Path(path)
    if not path.exists():
        raise FengwangError(f"找不到同步包 {path}")
    book = open_workbook(path)  # refuses a folder, what is no workbook, damaged, encrypted, a bomb
    sheet_rows = book.rows
    try:
        names = set(book.workbook.sheet_names)
        if MANIFEST_SHEET not in names:
            raise FengwangError(f"{path.name} 不是枫网同步包：缺少“{MANIFEST_SHEET}”工作表")
        items = {
            as_text(row[0]): as_text(row[1]) if len(row) > 1 else ""
            for row in sheet_rows(MANIFEST_SHEET)
            if row and row[0] not in (None, "")
        }
        version = items.get("格式版本", "")
        if version not in READABLE_VERSIONS:
            raise FengwangError(
                f"同步包的格式版本（{version or '无'}）本程序不认识，请升级枫网后再导入。"
            )
        rows: dict[str, list[Row]] = {}
        for spec in SHEETS:
            if int(spec.since) > int(version):  # an older package: the sheet came later
                rows[spec.kind] = []
                continue
            if spec.title not in names:
                raise FengwangError(f"同步包缺少“{spec.title}”工作表，已拒绝导入")
            found = sheet_rows(spec.title)
            header = tuple(as_text(value) for value in found[0]) if found else ()
            if header[: len(spec.headers)] != spec.headers:
                raise FengwangError(f"同步包“{spec.title}”工作表的表头不对，已拒绝导入")
            rows[spec.kind] = [
                {name: as_text(value) for name, value in zip(spec.fields, values, strict=False)}
                for values in found[1:]
                if any(value not in (None, "") for value in values)
            ]
    finally:
        book.workbook.close()
    for spec in SHEETS:  # a short row reads as empty trailing fields
        for row in rows[spec.kind]:
            for name in spec.fields:
                row.setdefault(name, "")
    if checksum(rows) != items.get("校验码"):
        raise FengwangError(CHECKSUM_REFUSED)
    counts = {}
    for spec in SHEETS:
        if int(spec.since) > int(version):
            continue
        stated = items.get(f"行数:{spec.title}", "")
        if stated != str(len(rows[spec.kind])):
            raise FengwangError(
                f"同步包“{spec.title}”有 {len(rows[spec.kind])} 行，清单写的是 {stated or '无'}，已拒绝导入"
            )
        counts[spec.title] = int(stated)
    manifest = SyncManifest(
        format_version=version,
        township_code=items.get("乡镇代码", ""),
        township_name=items.get("乡镇名称", ""),
        exported_at=items.get("导出时间", ""),
        app_version=items.get("程序版本", ""),
        schema_version=items.get("结构版本", ""),
        counts=counts,
        checksum=items["校验码"],
        classification=items.get("密级", ""),
    )
    if not manifest.township_code:
        raise FengwangError("同步包清单缺少乡镇代码，已拒绝导入")
    longest = SyncBase.__table__.c.peer.type.length
    if len(manifest.township_code) > longest:
        raise FengwangError(f"同步包清单的乡镇代码超过 {longest} 个字，已拒绝导入")
    try:  # packages from a peer are ordered by it (see desktop/exchange/sync.py)
        exported = datetime.fromisoformat(manifest.exported_at)
    except ValueError:
        exported = None
    if exported is None or exported.tzinfo is not None:  # ours are local times, never zoned
        raise FengwangError(
            f"同步包清单的导出时间（{manifest.exported_at or '无'}）不是有效的时间，已拒绝导入"
        )
    for spec in SHEETS:
        _check_rows(spec, rows[spec.kind])
    digests = entry_digests(rows["score_entry"])
    for number, row in enumerate(rows["month"], start=2):
        if row["entries"] != digests.get(row["uid"], digests[""]):
            raise FengwangError(
                f"同步包“考核月份”第 {number} 行的各项得分校验码与“考核得分”工作表不符，"
                "可能已被修改或损坏，已拒绝导入"
            )
    return SyncPackage(path, manifest, rows)


TYPE_NAMES = {
    "date": "日期（如 2026-03-01）",
    "datetime": "时间（如 2026-03-01 09:30:00）",
    "int": "非负整数",
    "bool": "“是”或“否”",
}


def _check_rows(spec: SheetSpec, rows: list[Row]) -> None:
    """Refuse, in Chinese, a sheet whose values this program could not store: a damaged or
    hand-edited package is stopped before anything is previewed or written."""
    headers = dict(spec.columns)
    types = dict(spec.types)
    limits = _limits(spec.kind)
    for number, row in enumerate(rows, start=2):
        where = f"同步包“{spec.title}”第 {number} 行"
        for name in spec.required:
            if not row[name]:
                raise FengwangError(f"{where}缺少“{headers[name]}”，已拒绝导入")
        for name, kind in types.items():
            value = row[name]
            if value and not _valid(kind, value):
                problem = (
                    f"应为{TYPE_NAMES[kind]}" if isinstance(kind, str) else "不是本程序认识的取值"
                )
                raise FengwangError(f"{where}的“{headers[name]}”（{value}）{problem}，已拒绝导入")
        for name in spec.composite:
            shape = SHAPES.get(name) or WARNING_SHAPES.get(name)
            if shape and (row[name] or name in spec.required) and not shape(parsed(row[name])):
                raise FengwangError(
                    f"{where}的“{headers[name]}”内容不完整或格式不对，可能已被修改或损坏，已拒绝导入"
                )
        for name, limit in limits.items():
            value = row[name]
            if types.get(name) == "int":  # digits by now (checked above)
                if value and int(value) > limit:
                    raise FengwangError(
                        f"{where}的“{headers[name]}”（{value}）超出本程序能保存的范围，已拒绝导入"
                    )
            elif len(value) > limit:  # the value itself may be an ID number: not repeated
                raise FengwangError(
                    f"{where}的“{headers[name]}”超过 {limit} 个字（有 {len(value)} 个字），"
                    "已拒绝导入"
                )


@cache
def _limits(kind: str) -> dict[str, int]:
    """The most each field of a sheet may hold where its column sets a bound: the characters of
    a text column, the largest value of an integer one. SQLite stores more without a word;
    PostgreSQL refuses it, in English, half-way through an import."""
    table = MODELS[kind].__table__
    limits = {}
    spec = SHEET_BY_KIND[kind]
    for name in spec.fields:
        if name in spec.composite:
            continue
        if name in STORED_AS:
            column = STORED_AS[name]
        elif name in table.c:
            column = table.c[name]
        else:  # a reference to another record, by its uid
            column = SyncBase.__table__.c.uid
        if isinstance(column.type, BigInteger):
            limits[name] = 2**63 - 1
        elif isinstance(column.type, Integer):
            limits[name] = 2**31 - 1
        elif isinstance(column.type, String) and column.type.length:
            limits[name] = column.type.length
    return limits


def _valid(kind: str | tuple[str, ...], value: str) -> bool:
    if isinstance(kind, tuple):
        return value in kind
    if kind == "int":
        return value.isascii() and value.isdigit()
    if kind == "bool":
        return value in BOOLEANS
    try:
        (date if kind == "date" else datetime).fromisoformat(value)
    except ValueError:
        return False
    return kind == "datetime" or len(value) == 10
