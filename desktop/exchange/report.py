"""The result workbook of an import: the rejected rows as they came, each bad cell filled light
red and explained in a comment, and a 错误原因 column, ready to fix and import again."""

from __future__ import annotations

import contextlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop.exchange.files import check_target, writing
from desktop.exchange.roster_import import ImportResult

REASON_HEADER = "错误原因"
BAD_FILL = "FFC7CE"  # Excel's own "light red fill" for bad cells


def write_result_workbook(result: ImportResult, path: Path) -> Path:
    """Write the rejected rows to `path`, replacing it only once the whole file is written.
    Raises FengwangError (Chinese) when the folder is missing, `path` is a folder or the file
    cannot be saved; cell values are the raw ones, unmasked, since the clerk corrects them here."""
    check_target(path)  # before any work, and before openpyxl starts its write-only streams
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("导入结果")
    fill = PatternFill("solid", start_color=BAD_FILL, end_color=BAD_FILL)
    bold = Font(bold=True)

    def cell(value: Any, **style: Any) -> WriteOnlyCell:
        made = WriteOnlyCell(sheet, value=_safe(value))
        if isinstance(made.value, str):
            made.data_type = "s"  # never a formula, whatever the text starts with
        for name, setting in style.items():
            setattr(made, name, setting)
        return made

    header = list(result.header)
    sheet.append([cell(value, font=bold) for value in header] + [cell(REASON_HEADER, font=bold)])
    labels = [str(value).strip() for value in header]
    by_row: dict[int, list] = {}
    for error in result.errors:
        by_row.setdefault(error.row, []).append(error)
    for number, cells in result.rejected_rows:
        errors = by_row.get(number, [])
        row = []
        for column, value in enumerate(cells + [""] * (len(header) - len(cells))):
            reasons = [
                e.reason for e in errors if column < len(labels) and e.column == labels[column]
            ]
            if reasons:
                made = cell(value, fill=fill)
                made.comment = Comment("\n".join(reasons), "枫网")
            else:
                made = cell(value)
            row.append(made)
        reasons = "；".join(f"{e.column}：{e.reason}" for e in errors)
        row.append(cell(reasons))
        sheet.append(row)
    try:
        with writing(path) as temp:
            workbook.save(temp)
    except BaseException:  # a full disk is a FengwangError by now (writing)
        _abandon(workbook)
        raise
    return Path(path)


def _abandon(workbook: Any) -> None:
    """Close the write-only sheets' streams after a failed save, so that they do not print
    "Exception ignored … I/O operation on closed file" when garbage-collected."""
    for sheet in getattr(workbook, "_sheets", []):
        writer = getattr(sheet, "_writer", None)
        for stream in (getattr(sheet, "_rows", None), getattr(writer, "xf", None)):
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.close()
        with contextlib.suppress(Exception):
            writer.out.close()  # type: ignore[union-attr]


def _safe(value: Any) -> Any:
    """Cells keep their type (numbers stay numbers, dates stay dates); text stays text."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float | date | datetime):
        return value
    return str(value)


__all__ = ["REASON_HEADER", "write_result_workbook"]
