"""Reading one sheet of a spreadsheet a village sent: xlsx/xls/xlsb/ods through python-calamine,
CSV in UTF-8 (with or without BOM) or GBK. Anything unreadable becomes one Chinese sentence."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.errors import FengwangError
from desktop.exchange import guard

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
    book = open_workbook(path)
    try:
        if visible_only:
            from python_calamine import SheetVisibleEnum

            return [
                sheet.name
                for sheet in book.workbook.sheets_metadata
                if sheet.visible == SheetVisibleEnum.Visible
            ]
        return list(book.workbook.sheet_names)
    finally:
        book.workbook.close()


def read_sheet(path: Path, sheet: str | None = None, *, also: str | None = None) -> Sheet:
    """The cells of one sheet (the named one, else the first), row by row, as Python values:
    str, int, float, bool, date, datetime, or "" for an empty cell. With `also`, the sheet of
    that name (e.g. a template's hidden information sheet) is read too, when the workbook has it,
    without opening the file twice."""
    path = Path(path)
    guard.check_file(path)
    if _suffix(path) in CSV_SUFFIXES:
        rows = _read_csv(path)
        guard.check_rows(path.stem, rows)
        return Sheet(path.stem, rows)
    book = open_workbook(path)
    try:
        names = list(book.workbook.sheet_names)
        if not names:
            raise FengwangError(f"文件 {path.name} 中没有工作表")
        if sheet is None:
            sheet = names[0]
        elif sheet not in names:
            raise FengwangError(
                f"文件 {path.name} 中没有名为“{sheet}”的工作表；现有：{'、'.join(names)}"
            )
        rows = book.rows(sheet)
        extra = book.rows(also) if also is not None and also in names else None
    finally:
        book.workbook.close()
    return Sheet(sheet, rows, extra)


@dataclass(frozen=True)
class Book:
    """An open calamine workbook with what guard.survey_workbook found in it before it opened."""

    path: Path
    workbook: Any
    survey: guard.Survey

    def rows(self, sheet: str) -> list[list[Any]]:
        """The cells of one sheet, refused (Chinese FengwangError) when too large, holding an
        over-long cell or a formula error, or damaged."""
        guard.check_survey(self.path, self.survey, sheet)
        try:
            found = self.workbook.get_sheet_by_name(sheet)
            guard.check_size(self.path, sheet, found.height, found.width)
            rows = found.to_python(skip_empty_area=False)
        except FengwangError:
            raise
        except BaseException as err:  # calamine raises several types for one cause: a damaged file
            if not _calamine_failed(err):
                raise
            raise FengwangError(f"无法读取工作表“{sheet}”：文件可能已损坏（{err}）") from err
        rows = [row if type(row) is list else list(row) for row in rows]  # no copies
        guard.check_rows(sheet, rows)
        return rows


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES + CSV_SUFFIXES:
        raise FengwangError(
            f"不支持的文件类型“{path.suffix or '（无扩展名）'}”：请使用 .xlsx、.xls、.xlsb、.ods 或 .csv 文件"
        )
    return suffix


def open_workbook(path: Path) -> Book:
    """Open a workbook a user picked, after guard.survey_workbook found it safe to; the caller
    closes book.workbook."""
    from python_calamine import CalamineWorkbook, PasswordError

    survey = guard.survey_workbook(path)
    try:
        return Book(path, _calamine_open(CalamineWorkbook, path), survey)
    except PasswordError as err:
        raise FengwangError(
            f"工作簿 {path.name} 有密码保护，请先在 Excel/WPS 中取消密码后再导入"
        ) from err
    except FileNotFoundError as err:
        raise FengwangError(f"找不到文件：{path}") from err
    except PermissionError as err:
        raise FengwangError(guard.cannot_read(path)) from err
    except BaseException as err:
        if not _calamine_failed(err):
            raise
        raise FengwangError(
            f"无法读取文件 {path.name}：{guard.NOT_A_WORKBOOK}（不是有效的 {path.suffix} 文件，或已损坏）"
        ) from err


def _calamine_open(workbook_class: Any, path: Path) -> Any:
    """calamine takes a path as UTF-8 only: a name that is not (a GBK name on Linux, see
    desktop.shown) is opened here and read through the file object."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        with open(path, "rb") as file:
            return workbook_class.from_filelike(file)
    return workbook_class.from_path(str(path))


def _calamine_failed(err: BaseException) -> bool:
    """An error of calamine's, or a panic inside it on a damaged file: pyo3 raises a panic as a
    PanicException, which derives from BaseException (so `except Exception` lets it through)."""
    return isinstance(err, Exception) or type(err).__name__ == "PanicException"


def _read_csv(path: Path) -> list[list[Any]]:
    guard.check_file(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FengwangError(f"无法读取文件 {path}：{err.strerror}") from err
    text = _decode(path, data).replace("\ufeff", "")  # a BOM left mid-file by joined files
    rows = []
    cells = width = 0
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            rows.append(row)
            cells += len(row)
            width = max(width, len(row))
            if cells > guard.MAX_CELLS:  # then rows × width is too
                guard.check_size(path, path.stem, len(rows), width)
    except csv.Error as err:  # a field beyond csv's own limit (131,072 characters)
        raise FengwangError(
            f"文件 {path.name} 第 {len(rows) + 1} 行的单元格内容过长或格式错误，已拒绝读取"
        ) from err
    return rows


def _decode(path: Path, data: bytes) -> str:
    for head, kind in ((b"PK\x03\x04", ".xlsx"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".xls")):
        if data.startswith(head):  # a workbook renamed .csv: no encoding would read it
            raise FengwangError(
                f"文件 {path.name} 其实是 Excel 工作簿（{kind} 格式），不是 CSV：请把扩展名改为 "
                f"{kind} 后再导入"
            )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        for encoding in CSV_ENCODINGS:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise FengwangError(
        f"无法识别文件 {path.name} 的文字编码（或它不是文本文件）：请另存为 UTF-8 或 GBK 编码的 CSV"
    )
