"""Invisible characters never reach the database: controls, bidirectional marks, zero widths."""

from __future__ import annotations

import pytest

from desktop.services.identity import to_half_width
from desktop.services.text import clean_text, strip_invisible

HIDDEN = "\x1b\x07\x00\x7f\x85\x9b\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\ufeff"


@pytest.mark.parametrize("hidden", list(HIDDEN))
def test_each_invisible_character_is_removed(hidden):
    assert strip_invisible(f"张{hidden}三") == "张三"
    assert to_half_width(f"Ｘ{hidden}1") == "X1"
    assert clean_text(f" 更正{hidden} ") == "更正"


def test_a_terminal_sequence_loses_its_escape():
    assert clean_text("X\x1b[2JY") == "X[2JY"


def test_line_breaks_are_kept_only_in_multi_line_text():
    assert clean_text("第一行\r\n\t第二行\x1b", multiline=True) == "第一行\r\n\t第二行"
    assert clean_text("第一行\n第二行") == "第一行 第二行"
    assert to_half_width("甲\n乙") == "甲\n乙"  # callers collapse whitespace as they need


def test_ordinary_text_is_returned_as_it_is():
    text = "李青山（兼）平安志愿者 123"
    assert strip_invisible(text) is text
