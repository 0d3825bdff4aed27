"""Pinyin initials for searching names (张三丰 → zsf)."""

from __future__ import annotations

from functools import lru_cache
from itertools import product

MAX_VARIANTS = 8


@lru_cache(maxsize=1)
def _converter():  # pypinyin loads large dictionaries; only pay for it when a name is written.
    from pypinyin import Style, pinyin

    return lambda text: pinyin(text, style=Style.FIRST_LETTER, heteronym=True, errors="ignore")


def initials(name: str) -> str:
    """Lower-case initials, every reading of characters that have several (曾 → z or c),
    space-separated: 曾国藩 → "zgf cgf". Letters in the name are kept as they are."""
    choices: list[list[str]] = []
    for readings in _converter()(name):
        letters = list(dict.fromkeys(r[:1].lower() for r in readings if r[:1].isalpha()))
        if letters:
            choices.append(letters)
    variants = []
    for combo in product(*choices):
        variants.append("".join(combo))
        if len(variants) == MAX_VARIANTS:
            break
    return " ".join(variants)
