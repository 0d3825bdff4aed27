"""Cells as villages type them: every date form and phone numbers Excel stored as numbers."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.exchange.cells import CellError, cell_text, id_text, parse_date
from desktop.services.identity import looks_truncated_by_excel, normalize_phone

DAYS = st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31))
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@given(DAYS)
def test_every_written_form_of_a_date_reads_as_that_date(day):
    forms = [
        day,
        datetime(day.year, day.month, day.day),
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day:%Y%m%d}",
        int(f"{day:%Y%m%d}"),
        f"{day.year}年{day.month}月{day.day}日".translate(FULL_WIDTH),
        f" {day.isoformat()} 00:00:00 ",
    ]
    for form in forms:
        assert parse_date(form) == day, form


# Serial numbers are dates only within the plausible range: 1910-01-01 to a year from today.
SERIAL_DAYS = st.dates(min_value=date(1910, 1, 1), max_value=date.today() + timedelta(days=366))


@given(SERIAL_DAYS)
def test_excel_serial_numbers_read_as_the_date_excel_shows(day):
    serial = (day - date(1899, 12, 30)).days
    assert parse_date(serial) == day
    assert parse_date(float(serial)) == day
    assert parse_date(str(serial)) == day  # a serial that went through CSV


def test_known_serial():
    assert parse_date(45047) == date(2023, 5, 1)


@pytest.mark.parametrize("text", ["2023-02-30", "2023年13月1日", "20231301", "明年", "2023-5"])
def test_impossible_or_unreadable_dates_are_refused_in_chinese(text):
    with pytest.raises(CellError) as err:
        parse_date(text, label="任职日期")
    assert "任职日期" in str(err.value)


@pytest.mark.parametrize(
    "value", [2023, 2023.0, "2023", "２０２３", " 2023 ", "2023年", 1900, 2100]
)
def test_a_bare_year_is_refused_not_read_as_a_1905_serial(value):
    with pytest.raises(CellError) as err:
        parse_date(value, label="任职日期")
    assert "只写了年份，请填写完整日期，如 2023-05-01" in str(err.value)
    assert "任职日期" in str(err.value)


@pytest.mark.parametrize("value", [202305, "202305", 190001, "2023-05", "2023年5月", "2023.05"])
def test_a_year_and_month_only_is_refused(value):
    with pytest.raises(CellError) as err:
        parse_date(value, label="任职日期")
    assert "只写了年月" in str(err.value)


@pytest.mark.parametrize("value", ["1980-13", "1980年0月", "1980.20"])
def test_a_month_that_does_not_exist_is_said_so_not_called_a_missing_day(value):
    with pytest.raises(CellError) as err:
        parse_date(value, label="出生日期")
    assert str(err.value) == f"出生日期“{value}”不存在（请核对年、月）"


@given(
    st.one_of(
        st.integers(min_value=1, max_value=3653),
        st.integers(min_value=(date.today() - date(1899, 12, 30)).days + 367, max_value=9_999_999),
    )
)
def test_serial_numbers_outside_the_plausible_range_are_not_dates(number):
    for form in (number, float(number), str(number)):
        try:
            parse_date(form)
        except CellError as err:
            assert "日期" in str(err)
        else:
            raise AssertionError(f"{form!r} was read as a date")


def test_plausible_serial_bounds():
    assert parse_date(3654) == date(1910, 1, 1)
    with pytest.raises(CellError):
        parse_date(3653)
    ahead = (date.today() - date(1899, 12, 30)).days + 366
    assert parse_date(ahead) == date.today() + timedelta(days=366)
    with pytest.raises(CellError):
        parse_date(ahead + 1)


def test_blank_is_no_date():
    assert parse_date("") is None
    assert parse_date("   ") is None
    assert parse_date(None) is None


MOBILES = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@given(MOBILES)
def test_a_mobile_number_stored_as_a_number_reads_back_unchanged(phone):
    for cell in (float(phone), int(phone), phone, phone.translate(FULL_WIDTH), f" {phone} "):
        assert normalize_phone(cell_text(cell)) == phone


@given(MOBILES, st.sampled_from(["{0} {1} {2}", "{0}-{1}-{2}", "+86 {0}{1}{2}"]))
def test_a_mobile_number_with_separators_reads_as_its_digits(phone, layout):
    typed = layout.format(phone[:3], phone[3:7], phone[7:])
    assert normalize_phone(cell_text(typed)) == phone


@given(st.integers(min_value=11 * 10**16, max_value=83 * 10**16))  # area codes 11..82
def test_an_18_digit_number_cell_is_always_recognised_as_truncated(number):
    assert looks_truncated_by_excel(id_text(float(number)))
    assert looks_truncated_by_excel(id_text(number))


def test_cell_text_trims_and_makes_half_width():
    assert cell_text("  ＡＢ１２  ") == "AB12"
    assert cell_text(13812345678.0) == "13812345678"
    assert cell_text(date(2023, 5, 1)) == "2023-05-01"
    assert cell_text(datetime(2023, 5, 1)) == "2023-05-01"
    assert parse_date(datetime(2023, 5, 1) + timedelta(hours=5)) == date(2023, 5, 1)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)))
def test_iso_dates_read_the_same_as_every_other_written_form(day):
    iso = day.isoformat()
    assert parse_date(iso) == parse_date(iso.replace("-", "/")) == parse_date(f" {iso}") == day
