"""Turning the cells of a messy village spreadsheet into clean text, dates and phone numbers.

Pure functions over the values python-calamine or the csv module give back (str, int, float,
bool, date, datetime); no database, so they can be tested on every input.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from desktop.services.identity import to_half_width

# Excel's day 0 in the 1900 date system; 1900-02-29, which never was, is why it is not 12-31.
EXCEL_EPOCH = date(1899, 12, 30)
LAST_EXCEL_SERIAL = 2958465  # 9999-12-31


class CellError(ValueError):
    """Why a cell cannot be understood, as a Chinese sentence."""


def cell_text(value: object) -> str:
    """A cell as the text a user would see: numbers without a spurious ".0", dates as ISO dates,
    full-width characters made half-width, whitespace trimmed."""
    if type(value) is str:  # most cells: checked first, and NFKC leaves ASCII alone
        return (value if value.isascii() else to_half_width(value)).strip()
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
        if float(value).is_integer() and 19000101 <= value <= 99991231:
            return _compact_date(str(int(value)), value, label)
        return _serial_date(value, label)
    text = _TIME_TAIL.sub("", to_half_width(str(value)).strip())
    if not text:
        return None
    if match := _SEPARATED.fullmatch(text):
        return _make_date(*match.groups(), original=value, label=label)
    if _COMPACT.fullmatch(text):
        return _compact_date(text, value, label)
    if re.fullmatch(r"\d{1,7}(\.0+)?", text):  # a serial number that went through CSV
        return _serial_date(float(text), label)
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


def _serial_date(serial: float, label: str) -> date:
    if not 1 <= serial <= LAST_EXCEL_SERIAL:
        raise CellError(f"{label}“{cell_text(serial)}”不是有效的日期")
    return EXCEL_EPOCH + timedelta(days=int(serial))


def collapse_spaces(text: str) -> str:
    return " ".join(to_half_width(text).split())
