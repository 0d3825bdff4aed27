"""The .xls survey finds the rectangle python-calamine builds, for every kind of cell: exactly,
or larger where a formula has no cached value (calamine leaves that cell out; the scan counts it)."""

from __future__ import annotations

import io
import struct

import xlwt
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from desktop.exchange.xls_scan import sheet_sizes, workbook_sheets

VALUES = st.one_of(
    st.text(min_size=1, max_size=5),
    st.integers(-(10**6), 10**6),  # RK cells, several in a row make a MULRK
    st.floats(allow_nan=False, allow_infinity=False),  # NUMBER
    st.booleans(),  # BOOLERR
    st.just(xlwt.Formula("1+1")),  # FORMULA
    st.just(xlwt.Formula('"a"&"b"')),  # FORMULA with a STRING result
)
CELLS = st.dictionaries(
    st.tuples(st.integers(0, 3000), st.integers(0, 255)), VALUES, min_size=1, max_size=40
)


@settings(max_examples=40, deadline=None)
@given(sheets=st.lists(CELLS, min_size=1, max_size=3))
def test_the_scan_finds_the_rectangle_calamine_builds(sheets):
    book = xlwt.Workbook(encoding="utf-8")
    for number, cells in enumerate(sheets):
        sheet = book.add_sheet(f"表{number}")
        for (row, column), value in cells.items():
            sheet.write(row, column, value)
    buffer = io.BytesIO()
    book.save(buffer)

    found = sheet_sizes(buffer.getvalue())

    read = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue()))
    assert [sheet.name for sheet in found] == read.sheet_names
    for sheet, cells in zip(found, sheets, strict=True):
        rows = read.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
        built = (len(rows), max(map(len, rows)) if rows else 0)
        if any(isinstance(value, xlwt.Formula) for value in cells.values()):
            assert sheet.rows >= built[0] and sheet.columns >= built[1]
        else:
            assert (sheet.rows, sheet.columns) == built


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def test_several_numbers_in_one_record_reach_as_far_as_calamine_places_them():
    """MULRK (which xlwt never writes): calamine places its numbers from the first column on,
    one per six bytes, whatever its last-column field says."""
    rk = struct.pack("<HI", 15, 2 << 2 | 2)  # a format and the integer 2
    sheet = (
        _record(0x0809, struct.pack("<HH", 0x0600, 0x10))  # BOF of a worksheet
        + _record(0x00BD, struct.pack("<HH", 4, 65_534) + rk * 3 + struct.pack("<H", 7))
        + _record(0x000A, b"")  # EOF
    )

    def workbook(place: int) -> bytes:
        name = struct.pack("<BB", 2, 1) + "花名".encode("utf-16-le")  # two wide characters
        return (
            _record(0x0809, struct.pack("<HH", 0x0600, 0x05))  # BOF of the globals
            + _record(0x0085, struct.pack("<IBB", place, 0, 0) + name)  # BOUNDSHEET
            + _record(0x000A, b"")
        )

    [found] = workbook_sheets(workbook(len(workbook(0))) + sheet)

    assert (found.name, found.rows, found.columns) == ("花名", 5, 65_537)
