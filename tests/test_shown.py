"""Text for a person: a file name that is not UTF-8 shows as �, and printing it never fails."""

import io
import os

from desktop.shown import ERRORS, printable

GBK_NAME = os.fsdecode(b"\xd6\xd0.csv")  # 中.csv from a Windows USB stick, as Linux reads it


def test_printable_replaces_each_undecodable_byte():
    assert printable(GBK_NAME) == "\ufffd\ufffd.csv"
    assert printable("正常的名字.xlsx") == "正常的名字.xlsx"


def test_a_stream_with_the_handler_prints_any_name():
    for encoding, expected in (("utf-8", "\ufffd\ufffd.csv 䶮"), ("gbk", "??.csv ?")):
        buffer = io.BytesIO()
        stream = io.TextIOWrapper(buffer, encoding=encoding, errors=ERRORS)
        stream.write(f"{GBK_NAME} 䶮")
        stream.flush()
        assert buffer.getvalue().decode(encoding) == expected
