"""The one reader of months, years, days and moments: a sane range, Chinese reasons."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from desktop.errors import ValidationError
from desktop.services import dates


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("2026-03", date(2026, 3, 1)),
        ("２０２６年３月", date(2026, 3, 1)),
        ("2100/12", date(2100, 12, 1)),
    ],
)
def test_months_in_any_common_form(text, first):
    assert dates.parse_month(text) == first


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("9999-12", "月份“9999-12”超出范围：应在 1900 年至 2100 年之间"),
        ("1899-12", "超出范围"),
        ("2026-13", "无法识别"),
        ("三月", "无法识别"),
    ],
)
def test_months_outside_the_calendar_are_refused(text, reason):
    with pytest.raises(ValidationError, match=reason):
        dates.parse_month(text)


@pytest.mark.parametrize("text", ["0", "99999999999999999999", "1899", "2101"])
def test_years_outside_the_calendar_are_refused(text):
    with pytest.raises(ValidationError, match=f"年份“{text}”超出范围"):
        dates.parse_year(text)


def test_years_in_range_and_garbage():
    assert dates.parse_year("２０２６年") == 2026
    with pytest.raises(ValidationError, match="无法识别"):
        dates.parse_year("明年")


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31), date(1899, 12, 31)])
def test_days_outside_the_calendar_are_refused(day):
    with pytest.raises(ValidationError, match="超出范围"):
        dates.check_day(day, "开始日期")


def test_a_zoned_moment_becomes_local_naive_time():
    expected = datetime(2026, 3, 5, 6, tzinfo=UTC).astimezone().replace(tzinfo=None)
    for text in ("2026-03-05T14:00+08:00", "2026-03-05 06:00Z", "2026-03-05T14:00:00+0800"):
        moment = dates.parse_moment(text)
        assert moment.tzinfo is None and moment == expected
    assert dates.parse_moment("2026-03-05 14:00") == datetime(2026, 3, 5, 14)
    assert dates.parse_moment("2026-3-5T9:30") == datetime(2026, 3, 5, 9, 30)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("9999-12-31T23:59-08:00", "超出范围"),
        ("2026-02-30 10:00", "不存在"),
        ("2026-03-05 14:00 北京", "应为时间"),
        ("3月2日 25:00", "应为时间"),
    ],
)
def test_bad_moments_are_refused(text, reason):
    with pytest.raises(ValidationError, match=reason):
        dates.parse_moment(text, "--now")


def test_services_refuse_a_month_beyond_the_calendar():
    from desktop.services.assessment_sheet import month_bounds
    from desktop.services.scoring import period_months
    from desktop.services.warnings import month_span

    with pytest.raises(ValidationError, match="超出范围"):
        month_span(date(9999, 12, 1))
    with pytest.raises(ValidationError, match="超出范围"):
        month_bounds(date(9999, 12, 1))
    with pytest.raises(ValidationError, match="超出范围"):
        period_months(0)
    assert month_span(date(2100, 12, 1))[1] - month_span(date(2100, 12, 1))[0] == timedelta(31)
