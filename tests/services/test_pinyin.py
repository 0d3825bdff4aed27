"""Pinyin initials: the fast path through pypinyin's character table gives what pypinyin gives."""

import random
from itertools import product

from pypinyin import Style, pinyin

from desktop.services.demo import PersonFactory
from desktop.services.pinyin import initials


def initials_through_pypinyin(name: str) -> str:
    """The former implementation: every name through pypinyin.pinyin."""
    choices = []
    for readings in pinyin(name, style=Style.FIRST_LETTER, heteronym=True, errors="ignore"):
        letters = list(dict.fromkeys(r[:1].lower() for r in readings if r[:1].isalpha()))
        if letters:
            choices.append(letters)
    return " ".join(["".join(combo) for combo in product(*choices)][:8])


def test_the_fast_path_matches_pypinyin_on_demo_names_and_odd_ones():
    factory = PersonFactory(random.Random(7))
    names = {factory.make().name for _ in range(800)}
    # phrases pypinyin reads one way only (红艳, 东家), rare and non-Chinese characters
    names |= {
        "吕红艳",
        "余东家",
        "曾国藩",
        "单于",
        "欧阳娜娜",
        "阿依·古丽",
        "张A三",
        "Tom",
        "",
        "𠀀",
    }
    assert {name: initials(name) for name in names} == {
        name: initials_through_pypinyin(name) for name in names
    }


def test_every_reading_of_a_heteronym_is_searchable():
    assert set(initials("曾国藩").split()) == {"zgf", "cgf"}
    assert initials("吕红艳") == "lhy"  # 红艳 is a phrase: hóng only, not gōng
