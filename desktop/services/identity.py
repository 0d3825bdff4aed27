"""Citizen ID numbers (GB 11643-1999), phone numbers, and masking them for display."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from operator import mul

from desktop.services.text import strip_invisible

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"  # remainder 0..10 → check character (ISO 7064 MOD 11-2)
EARLIEST_BIRTH = date(1850, 1, 1)  # the standard's own test vector is born in 1880


class IdNumberError(ValueError):
    """Why a text is not a valid citizen ID, as a Chinese sentence."""


@dataclass(frozen=True)
class CitizenId:
    number: str  # always the 18-character form
    birth_date: date
    gender: str  # 男 / 女
    upgraded_from_15: bool = False


# Compiled once: these run for every row of a 100,000-row import.
WHITESPACE = re.compile(r"\s+")
SCIENTIFIC = re.compile(r"\d(\.\d+)?[eE]\+?1[67]")
EIGHTEEN_DIGITS = re.compile(r"\d{18}(\.0+)?")
ID_18 = re.compile(r"\d{17}[\dX]")


def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(map(mul, map(int, first17), WEIGHTS)) % 11]


def to_half_width(text: str) -> str:
    """Full-width digits and letters (１２３ＡＢＣ) to ASCII; NFKC does exactly this and no harm here.
    Control, bidirectional and zero-width characters go too (desktop.services.text)."""
    text = strip_invisible(text)
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def clean_id_text(text: str) -> str:
    cleaned = WHITESPACE.sub("", to_half_width(str(text)))
    return cleaned[:-1] + "X" if cleaned.endswith("x") else cleaned


def looks_truncated_by_excel(text: str) -> bool:
    """An 18-digit ID read from a numeric cell: scientific notation, or 15 significant digits
    padded with zeros. Such a number has lost its last digits and cannot be repaired."""
    return _truncated(clean_id_text(text))


def _truncated(cleaned: str) -> bool:
    if SCIENTIFIC.fullmatch(cleaned):
        return True
    if EIGHTEEN_DIGITS.fullmatch(cleaned):
        digits = cleaned[:18]
        return digits.endswith("000") and check_char(digits[:17]) != digits[17]
    return False


def parse_citizen_id(text: str, *, today: date | None = None) -> CitizenId:
    """Validate a citizen ID; 15-digit numbers are upgraded to 18. Raises IdNumberError."""
    number = clean_id_text(text)
    if not number:
        raise IdNumberError("身份证号码为空")
    if _truncated(number):
        raise IdNumberError(
            "身份证号码被表格软件当作数字保存，末尾几位已经丢失；请把该列设为“文本”格式后重新录入"
        )
    upgraded = False
    if len(number) == 15:
        if not number.isdigit():
            raise IdNumberError("15 位身份证号码只能由数字组成")
        first17 = number[:6] + "19" + number[6:]
        number = first17 + check_char(first17)
        upgraded = True
    if len(number) != 18:
        raise IdNumberError(f"身份证号码应为 18 位，实际为 {len(number)} 位")
    if not ID_18.fullmatch(number):
        raise IdNumberError("身份证号码只能由数字组成，最后一位可以是 X")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError(f"身份证号码中的出生日期 {number[6:14]} 不存在") from None
    if not EARLIEST_BIRTH <= birth <= (today or date.today()):
        raise IdNumberError(f"身份证号码中的出生日期 {birth:%Y-%m-%d} 不合理")
    expected = check_char(number[:17])
    if number[17] != expected:
        raise IdNumberError(f"身份证号码校验码错误：最后一位应为 {expected}，请核对号码")
    gender = "男" if int(number[16]) % 2 else "女"
    return CitizenId(number, birth, gender, upgraded)


MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")


FLOAT_CELL = re.compile(r"\d+\.0")
PHONE_SEPARATORS = re.compile(r"[\s()（）]")
COUNTRY_CODE = re.compile(r"^\+?86(?=1\d{10}$)")
LANDLINE_DIGITS = re.compile(r"0\d{9,11}")


class PhoneError(ValueError):
    pass


def normalize_phone(text: str) -> str:
    """A mobile (13812345678) or landline (0827-1234567) number; +86 and separators dropped."""
    cleaned = to_half_width(str(text)).strip()
    if FLOAT_CELL.fullmatch(cleaned):  # a number cell read as float
        cleaned = cleaned[:-2]
    cleaned = PHONE_SEPARATORS.sub("", cleaned)
    compact = COUNTRY_CODE.sub("", cleaned.replace("-", ""))
    if MOBILE.fullmatch(compact):
        return compact
    if LANDLINE_DIGITS.fullmatch(compact):
        area = 3 if compact[1] in "12" else 4  # 010, 02x are three digits; others four
        return f"{compact[:area]}-{compact[area:]}"
    if LANDLINE.fullmatch(cleaned):  # with an extension: 0827-1234567-801
        return cleaned
    raise PhoneError(f"联系电话“{text}”不是有效的手机号码或座机号码")


def mask_id(number: str | None) -> str:
    """511922199001011234 → 511922********1234 (area code and last four kept)."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """13812345678 → 138****5678; 0827-1234567 → 0827-***4567; 0827-1234567-801 → 0827-***4567-801
    (the area code and an extension are no secret; the number itself keeps its last four)."""
    if not phone:
        return ""
    if MOBILE.fullmatch(phone):
        return phone[:3] + "****" + phone[-4:]
    area, *rest = phone.split("-")
    if rest:
        number, *extension = rest
        return "-".join([area, _keep_last_four(number), *extension])
    return _keep_last_four(phone)


def _keep_last_four(text: str) -> str:
    return "*" * max(len(text) - 4, 0) + text[-4:]


SENSITIVE_ID = re.compile(r"\d{15}|\d{17}[\dXx]|\d(\.\d+)?[eE]\+?1[67]")
SENSITIVE_PHONE = re.compile(r"(\+?86)?1\d{10}(\.0)?|0\d{2,3}-?\d{7,8}(-\d{1,6})?")


def mask_sensitive(text: str) -> str:
    """Any cell shown as it came from a file: ID numbers and phones masked, the rest unchanged."""
    compact = WHITESPACE.sub("", to_half_width(text))
    if SENSITIVE_ID.fullmatch(compact):
        return mask_id(compact)
    if SENSITIVE_PHONE.fullmatch(compact):
        return mask_phone(compact)
    return text
