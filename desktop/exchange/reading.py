"""Reading one sheet of a spreadsheet a village sent: xlsx/xls/xlsb/ods through python-calamine,
CSV in UTF-8 (with or without BOM) or GBK. Anything unreadable becomes one Chinese sentence."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.errors import FengwangError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
CSV_SUFFIXES = (".csv",)
# gb18030 is a superset of GBK and GB2312, so it also reads files saved as "ANSI" on Chinese Windows.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[Any]]
    # The rows of a second sheet read from the same open workbook (read_sheet's `also`), or None
    # when the workbook has no such sheet (a CSV file never has one).
    also: list[list[Any]] | None = None


def sheet_names(path: Path, *, visible_only: bool = False) -> list[str]:
    """The sheets of a workbook (a CSV file has one, named after the file); with `visible_only`,
    without the hidden ones (such as a template's 模板信息), which no clerk means to import."""
    path = Path(path)
    if _suffix(path) in CSV_SUFFIXES:
        return [path.stem]
    workbook = _open_workbook(path)
    if visible_only:
        from python_calamine import SheetVisibleEnum

        return [
            sheet.name
            for sheet in workbook.sheets_metadata
            if sheet.visible == SheetVisibleEnum.Visible
        ]
    return list(workbook.sheet_names)


def read_sheet(path: Path, sheet: str | None = None, *, also: str | None = None) -> Sheet:
    """The cells of one sheet (the named one, else the first), row by row, as Python values:
    str, int, float, bool, date, datetime, or "" for an empty cell. With `also`, the sheet of
    that name (e.g. a template's hidden information sheet) is read too, when the workbook has it,
    without opening the file twice."""
    path = Path(path)
    if not path.is_file():
        raise FengwangError(f"找不到文件：{path}")
    if _suffix(path) in CSV_SUFFIXES:
        return Sheet(path.stem, _read_csv(path))
    workbook = _open_workbook(path)
    names = list(workbook.sheet_names)
    if not names:
        raise FengwangError(f"文件 {path.name} 中没有工作表")
    if sheet is None:
        sheet = names[0]
    elif sheet not in names:
        raise FengwangError(
            f"文件 {path.name} 中没有名为“{sheet}”的工作表；现有：{'、'.join(names)}"
        )
    rows = _sheet_rows(workbook, sheet)
    extra = _sheet_rows(workbook, also) if also is not None and also in names else None
    return Sheet(sheet, rows, extra)


def _sheet_rows(workbook, sheet: str) -> list[list[Any]]:
    try:
        rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception as err:  # calamine raises several types for one cause: a damaged file
        raise FengwangError(f"无法读取工作表“{sheet}”：文件可能已损坏（{err}）") from err
    return [row if type(row) is list else list(row) for row in rows]  # no copies


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES + CSV_SUFFIXES:
        raise FengwangError(
            f"不支持的文件类型“{path.suffix or '（无扩展名）'}”：请使用 .xlsx、.xls、.xlsb、.ods 或 .csv 文件"
        )
    return suffix


def _open_workbook(path: Path):
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        return CalamineWorkbook.from_path(str(path))
    except PasswordError as err:
        raise FengwangError(f"文件 {path.name} 设有密码，请先在 WPS 或 Excel 中取消密码") from err
    except FileNotFoundError as err:
        raise FengwangError(f"找不到文件：{path}") from err
    except PermissionError as err:
        raise FengwangError(f"没有权限读取文件 {path}（是否正在被其他程序打开？）") from err
    except Exception as err:
        raise FengwangError(
            f"无法读取文件 {path.name}：它不是有效的 {path.suffix} 表格，或已损坏"
        ) from err


def _read_csv(path: Path) -> list[list[Any]]:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FengwangError(f"无法读取文件 {path}：{err.strerror}") from err
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    raise FengwangError(f"无法识别文件 {path.name} 的文字编码：请另存为 UTF-8 或 GBK 编码的 CSV")
