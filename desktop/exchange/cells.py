"""Turning the cells of a messy village spreadsheet into clean text, dates and phone numbers,
and the few helpers every workbook we write shares (a cell that is never a formula, a column's
letter, points as numbers and text).

Pure functions over the values python-calamine or the csv module give back (str, int, float,
bool, date, datetime); no database, so they can be tested on every input.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from desktop.services.identity import to_half_width
from desktop.services.text import strip_invisible

# Excel's day 0 in the 1900 date system; 1900-02-29, which never was, is why it is not 12-31.
EXCEL_EPOCH = date(1899, 12, 30)
LAST_EXCEL_SERIAL = 2958465  # 9999-12-31
# Serial numbers taken as dates: none before 1910-01-01 (no one on a roster was born earlier,
# and smaller numbers are far likelier a year, a count or a code), none more than a year ahead.
FIRST_PLAUSIBLE_SERIAL = 3654  # 1910-01-01
PLAUSIBLE_DAYS_AHEAD = 366
YEAR_ONLY = range(1900, 2101)


class CellError(ValueError):
    """Why a cell cannot be understood, as a Chinese sentence."""


def cell_text(value: object) -> str:
    """A cell as the text a user would see: numbers without a spurious ".0", dates as ISO dates,
    full-width characters made half-width, whitespace trimmed."""
    if type(value) is str:  # most cells: checked first, and NFKC leaves ASCII alone
        return (value if value.isascii() and value.isprintable() else to_half_width(value)).strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        if value.is_integer():  # more digits than Excel keeps: show it as Excel does
            return f"{value:.14E}"
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return to_half_width(str(value)).strip()


def plain_text(value: object) -> str:
    """A cell's text as typed (names keep their full-width brackets); numbers as cell_text."""
    return strip_invisible(value).strip() if isinstance(value, str) else cell_text(value)


def id_text(value: object) -> str:
    """A citizen-ID cell. A number of 16 digits or more cannot hold an 18-digit ID exactly (Excel
    keeps 15 significant digits), so it is shown in the scientific form Excel displays, which the
    ID check recognises as truncated rather than as a wrong check digit."""
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= 1e15:
        return f"{float(value):.14E}"
    return cell_text(value)


_SEPARATED = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH_ONLY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


def parse_date(value: object, *, label: str = "日期") -> date | None:
    """A date in any form a village types or Excel stores: date/datetime objects, Excel serial
    numbers, 2023-05-01, 2023/5/1, 2023.5.1, 2023年5月1日, 20230501. Empty → None."""
    if value is None or value == "":
        return None
    if type(value) is str and len(value) == 10 and _ISO_DATE.fullmatch(value):
        try:  # the common case, 2023-05-01, without the general search below
            return date.fromisoformat(value)
        except ValueError:
            pass  # 2023-02-30: the general path explains what is wrong
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number_date(value, value, label)
    text = _TIME_TAIL.sub("", to_half_width(str(value)).strip())
    if not text:
        return None
    if match := _SEPARATED.fullmatch(text):
        return _make_date(*match.groups(), original=value, label=label)
    if _COMPACT.fullmatch(text):
        return _compact_date(text, value, label)
    if re.fullmatch(r"\d{1,7}(\.0+)?", text):  # a serial number that went through CSV
        return _number_date(float(text), value, label)
    if re.fullmatch(r"\d{4}\s*年", text):
        raise CellError(_year_only(label, value))
    if match := _MONTH_ONLY.fullmatch(text):
        if not 1 <= int(match.group(2)) <= 12:  # 1980-13: a slip, not a missing day
            raise CellError(f"{label}“{value}”不存在（请核对年、月）")
        raise CellError(_year_month_only(label, value))
    raise CellError(
        f"{label}“{value}”无法识别：请写成 2023-05-01、2023/5/1、2023.5.1、2023年5月1日 或 20230501"
    )


def parse_year_month(value: object) -> tuple[int, int] | None:
    """出生年月 is often only a year and month (1990.01, 1990年1月, 1990-1): (year, month) then;
    None for a full date or anything else."""
    if isinstance(value, date | int | float) or value is None:
        return None
    text = to_half_width(str(value)).strip()
    if match := _MONTH_ONLY.fullmatch(text):
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            return year, month
    return None


def _compact_date(text: str, original: object, label: str) -> date:
    return _make_date(text[:4], text[4:6], text[6:8], original=original, label=label)


def _make_date(year: str, month: str, day: str, *, original: object, label: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(f"{label}“{original}”不存在（请核对年、月、日）") from None


def _number_date(number: float, original: object, label: str) -> date:
    """A number: 20230501 (compact), a bare year or year-month (refused: a day is needed), or an
    Excel serial number within the plausible range."""
    if float(number).is_integer():
        whole = int(number)
        if 19000101 <= whole <= 99991231:
            return _compact_date(str(whole), original, label)
        if whole in YEAR_ONLY:
            raise CellError(_year_only(label, original))
        if whole // 100 in YEAR_ONLY and 1 <= whole % 100 <= 12:
            raise CellError(_year_month_only(label, original))
    return _serial_date(number, label)


def _year_only(label: str, original: object) -> str:
    return f"{label}“{cell_text(original)}”只写了年份，请填写完整日期，如 2023-05-01"


def _year_month_only(label: str, original: object) -> str:
    return f"{label}“{cell_text(original)}”只写了年月，请填写完整日期，如 2023-05-01"


def last_plausible_serial(today: date | None = None) -> int:
    return ((today or date.today()) - EXCEL_EPOCH).days + PLAUSIBLE_DAYS_AHEAD


def _serial_date(serial: float, label: str) -> date:
    if not FIRST_PLAUSIBLE_SERIAL <= serial <= last_plausible_serial():
        raise CellError(
            f"{label}“{cell_text(serial)}”不是有效的日期：请写成 2023-05-01 这样的完整日期"
        )
    return EXCEL_EPOCH + timedelta(days=int(serial))


def collapse_spaces(text: str) -> str:
    return " ".join(to_half_width(text).split())


# ------------------------------------------------------------------------- writing workbooks


def put_cell(sheet, row: int, column: int, value: Any):
    """Write `value` to an openpyxl cell; text is always text, never a formula."""
    cell = sheet.cell(row, column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def column_letter(column: int) -> str:
    """1 → A, 27 → AA."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def as_number(value: Decimal | None) -> int | float | None:
    """Points as a spreadsheet or JSON number: 20, 2.5 (one decimal place, exact as a float)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def decimal_text(value: Decimal) -> str:
    """A number as a message or header shows it: 90, 79.5."""
    return format(value.normalize(), "f")
