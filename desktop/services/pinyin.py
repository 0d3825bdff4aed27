"""Pinyin initials for searching names (张三丰 → zsf)."""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from itertools import product

MAX_VARIANTS = 8


@lru_cache(maxsize=1)
def _converter():  # pypinyin loads large dictionaries; only pay for it when a name is written.
    from pypinyin import Style, pinyin

    return lambda text: pinyin(text, style=Style.FIRST_LETTER, heteronym=True, errors="ignore")


@lru_cache(maxsize=1)
def _dictionaries() -> tuple[dict[int, str], dict[str, list]]:
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict, phrases_dict


@cache
def _letters(char: str) -> tuple[str, ...] | None:
    """The distinct first letters of a character's readings ("zhāng,zhàng" → ("z",)), or None
    when pypinyin's character table does not know it."""
    readings = _dictionaries()[0].get(ord(char))
    if readings is None:
        return None
    firsts = (unicodedata.normalize("NFD", reading)[:1].lower() for reading in readings.split(","))
    return tuple(dict.fromkeys(letter for letter in firsts if letter.isalpha())) or None


def _choices(name: str) -> list[list[str]]:
    """The letters to choose from, character by character. A fast path straight from pypinyin's
    character table; names in which pypinyin would use its phrase table (红艳 is read hóng yàn
    only), or with characters the table lacks, go through pypinyin itself, so the result is the
    same either way."""
    phrases = _dictionaries()[1]
    fast = [_letters(char) for char in name]
    if None not in fast and not any(
        name[i:j] in phrases for i in range(len(name)) for j in range(i + 2, len(name) + 1)
    ):
        return [list(letters) for letters in fast if letters]
    choices: list[list[str]] = []
    for readings in _converter()(name):
        letters = list(dict.fromkeys(r[:1].lower() for r in readings if r[:1].isalpha()))
        if letters:
            choices.append(letters)
    return choices


@lru_cache(maxsize=65536)
def initials(name: str) -> str:
    """Lower-case initials, every reading of characters that have several (曾 → z or c),
    space-separated: 曾国藩 → "cgf zgf"."""
    variants = []
    for combo in product(*_choices(name)):
        variants.append("".join(combo))
        if len(variants) == MAX_VARIANTS:
            break
    return " ".join(variants)
