"""The calendar Fengwang works in, and reading the months, years, days and moments a user types.

One range (1900–2100) and one set of Chinese messages for every command and service: a date
beyond it is a slip of the keyboard (9999-12, year 0), and would otherwise overflow the date
arithmetic of a period (the day after 9999-12-31 does not exist) deep inside a query.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from desktop.errors import ValidationError
from desktop.services.identity import to_half_width

FIRST_YEAR, LAST_YEAR = 1900, 2100
EARLIEST, LATEST = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
RANGE_TEXT = f"{FIRST_YEAR} 年至 {LAST_YEAR} 年"

_MONTH = re.compile(r"(\d{4})[-/.年](\d{1,2})月?")
_MOMENT = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})[ T](\d{1,2}:\d{2}(?::\d{2})?)(.*)")
_ZONE = re.compile(r"Z|[+-]\d{2}(?::?\d{2})?")


def in_range(day: date) -> bool:
    return EARLIEST <= day <= LATEST


def check_year(year: int, label: str = "年份", field: str = "year", shown: object = None) -> int:
    """`year` when within the range; `shown`: the value as the user typed it, for the message."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _out_of_range(label, year if shown is None else shown, field)
    return year


def _out_of_range(label: str, shown: object, field: str) -> ValidationError:
    return ValidationError({field: f"{label}“{shown}”超出范围：应在 {RANGE_TEXT}之间"})


def check_day(day: date, label: str = "日期", field: str = "date") -> date:
    if not in_range(day):
        raise _out_of_range(label, day.isoformat(), field)
    return day


def parse_year(text: str, label: str = "年份", field: str = "year") -> int:
    """ "2026" (full-width digits, a trailing 年 allowed) → 2026, within the range."""
    cleaned = re.sub(r"\s+", "", to_half_width(text or "")).removesuffix("年")
    if not re.fullmatch(r"\d{1,4}", cleaned, re.ASCII):
        if re.fullmatch(r"\d+", cleaned, re.ASCII):
            raise _out_of_range(label, text, field)
        raise ValidationError({field: f"{label}“{text}”无法识别，请写成四位数字，如 2026"})
    return check_year(int(cleaned), label, field, shown=text)


def parse_month(text: str, label: str = "月份", field: str = "month") -> date:
    """ "2026-03" (also 2026-3, 2026/03, 2026.3, 2026年3月, full-width digits) → 2026-03-01."""
    cleaned = re.sub(r"\s+", "", to_half_width(text or ""))
    match = _MONTH.fullmatch(cleaned)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationError({field: f"{label}“{text}”无法识别，请写成 YYYY-MM，如 2026-03"})
    check_year(int(match.group(1)), label, field, shown=text)
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first and the last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def parse_moment(text: str, label: str = "时间", field: str = "moment") -> datetime:
    """ "2026-03-05 14:00" (or with T, seconds, a time zone such as +08:00 or Z) → a naive local
    datetime, as every time in the database is: a zoned moment is turned into this computer's
    local time."""
    cleaned = to_half_width(text or "").strip()
    example = "如 2026-03-05 14:00"
    match = _MOMENT.fullmatch(cleaned)
    zone = match.group(3).strip() if match else ""
    if not match or (zone and not _ZONE.fullmatch(zone)):
        raise ValidationError({field: f"{label} 应为时间，{example}，而不是“{text}”"})
    day_text, time_text = match.group(1), match.group(2)
    year, month, day = (int(part) for part in day_text.split("-"))
    check_year(year, label, field, shown=text)
    try:
        moment = datetime.fromisoformat(
            f"{year:04d}-{month:02d}-{day:02d}T{int(time_text.split(':')[0]):02d}"
            f":{time_text.split(':', 1)[1]}" + ("+00:00" if zone == "Z" else zone)
        )
    except ValueError:
        raise ValidationError({field: f"{label}“{text}”不存在（请核对年、月、日和时刻）"}) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
        check_year(moment.year, label, field, shown=text)
    return moment
