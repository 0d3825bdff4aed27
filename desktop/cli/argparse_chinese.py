"""argparse in Chinese: its own sentences (a missing argument, a choice not among the choices, the
headings of --help) come from `argparse._`, gettext with no catalogue, so a clerk read
"the following arguments are required: FILE". `install()` gives argparse this table instead; a
sentence not in it (a newer Python's) stays as argparse wrote it."""

from __future__ import annotations

import argparse

SENTENCES = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r 不是可选的值（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的数字",  # the CLI converts only int
    "expected one argument": "须跟一个值",
    "expected at most one argument": "最多跟一个值",
    "expected at least one argument": "须至少跟一个值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "须给出以下参数之一：%s",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "ignored explicit argument %r": "多余的值 %r 被忽略",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}
COUNTED = {("expected %s argument", "expected %s arguments"): "须跟 %s 个值"}


def _translate(message: str) -> str:
    return SENTENCES.get(message, message)


def _translate_counted(singular: str, plural: str, count: int) -> str:
    found = COUNTED.get((singular, plural))
    return found if found is not None else singular if count == 1 else plural


def install() -> None:
    """Make argparse speak Chinese in this process (the CLI's own)."""
    argparse._ = _translate  # type: ignore[attr-defined]
    argparse.ngettext = _translate_counted  # type: ignore[attr-defined]


__all__ = ["SENTENCES", "install"]
