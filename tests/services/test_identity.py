from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.services.identity import (
    IdNumberError,
    PhoneError,
    check_char,
    looks_truncated_by_excel,
    mask_id,
    mask_phone,
    mask_sensitive,
    normalize_phone,
    parse_citizen_id,
)


@pytest.mark.parametrize(
    ("number", "birth", "gender"),
    [
        ("11010519491231002X", date(1949, 12, 31), "女"),
        ("440524188001010014", date(1880, 1, 1), "男"),
    ],
)
def test_standard_vectors_are_valid(number, birth, gender):
    parsed = parse_citizen_id(number)
    assert (parsed.number, parsed.birth_date, parsed.gender) == (number, birth, gender)


def test_lower_case_x_full_width_digits_and_spaces_are_accepted():
    assert parse_citizen_id(" １１０１０５１９４９１２３１００２x ").number == "11010519491231002X"


def test_wrong_check_digit_names_the_right_one():
    with pytest.raises(IdNumberError, match=r"校验码.*应为 X"):
        parse_citizen_id("110105194912310021")


def test_impossible_birth_date_is_refused():
    first17 = "11010519490230002"  # 30 February
    with pytest.raises(IdNumberError, match="出生日期 19490230 不存在"):
        parse_citizen_id(first17 + check_char(first17))


def test_birth_in_the_future_is_refused():
    first17 = "11010520300101002"
    with pytest.raises(IdNumberError, match="不合理"):
        parse_citizen_id(first17 + check_char(first17), today=date(2026, 1, 1))


def test_fifteen_digit_number_is_upgraded():
    parsed = parse_citizen_id("110105491231002")
    assert parsed.number == "11010519491231002X"
    assert parsed.upgraded_from_15


@pytest.mark.parametrize("text", ["1101051949123100", "11010519491231002XX", "1101051949123100A2"])
def test_wrong_length_or_letters_are_refused(text):
    with pytest.raises(IdNumberError):
        parse_citizen_id(text)


@pytest.mark.parametrize(
    "text", ["5.11922199001011E+17", "5.11922199001011e17", "110105194912310000"]
)
def test_numbers_mangled_by_excel_are_recognised_not_fixed(text):
    assert looks_truncated_by_excel(text)
    with pytest.raises(IdNumberError, match="文本"):
        parse_citizen_id(text)


@given(
    area=st.integers(110000, 659999),
    birth=st.dates(date(1900, 1, 1), date(2020, 12, 31)),
    sequence=st.integers(0, 999),
)
def test_every_generated_number_validates_and_one_changed_digit_does_not(area, birth, sequence):
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    number = first17 + check_char(first17)
    parsed = parse_citizen_id(number)
    assert parsed.birth_date == birth
    assert parsed.gender == ("男" if sequence % 2 else "女")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(IdNumberError):
        parse_citizen_id(wrong)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("13812345678.0", "13812345678"),
        ("０８２７－１２３４５６７", "0827-1234567"),
        ("08271234567", "0827-1234567"),
        ("(010)12345678", "010-12345678"),
    ],
)
def test_phone_numbers_are_normalised(text, expected):
    assert normalize_phone(text) == expected


@pytest.mark.parametrize("text", ["12345", "1381234567", "abc", "23812345678"])
def test_bad_phone_numbers_are_refused(text):
    with pytest.raises(PhoneError, match="联系电话"):
        normalize_phone(text)


def test_masks_keep_only_what_identifies_a_row():
    assert mask_id("511922199001011234") == "511922********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0827-1234567") == "0827-***4567"
    assert mask_phone("0827-1234567-801") == "0827-***4567-801"
    assert mask_id(None) == mask_phone("") == ""


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("511922199001011234", "511922********1234"),
        ("５１１９２２１９９００１０１１２３Ｘ", "511922********123X"),
        ("5.11922199001011E+17", "5.1192**********E+17"),
        ("13812345678", "138****5678"),
        ("0827-1234567", "0827-***4567"),
        ("张三丰", "张三丰"),
        ("2023-05-01", "2023-05-01"),
        ("青石村第1网格", "青石村第1网格"),
    ],
)
def test_cells_shown_from_a_file_hide_ids_and_phones(cell, shown):
    assert mask_sensitive(cell) == shown
