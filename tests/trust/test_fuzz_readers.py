"""Hypothesis fuzzing of the readers: valid small files with bytes flipped, cut short, or cells
filled with whatever a strategy draws. Every read ends in a result or a Chinese FengwangError,
quickly, and a dry run writes nothing."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from desktop.errors import FengwangError
from desktop.exchange import guard
from desktop.exchange.reading import read_sheet
from desktop.exchange.roster_import import import_roster
from desktop.exchange.scheme_workbook import import_scheme
from desktop.exchange.sync import export_sync_package, read_sync_package
from desktop.services.grid import UnitDraft, create_unit
from desktop.vocabulary import Level
from tests.trust import hostile
from tests.trust.test_hostile_files import CJK, counts

TODAY = date(2026, 4, 15)
SECONDS = 5.0
FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

VALID_XLSX = hostile.roster_xlsx(hostile.VALID_ROWS)
VALID_CSV = "\r\n".join(
    ",".join(str(value) for value in row) for row in [hostile.ROSTER_HEADER, *hostile.VALID_ROWS]
).encode("gbk")


def survives(path: Path, *readers) -> None:
    """Each reader returns or raises a FengwangError in Chinese, within SECONDS."""
    for read in readers:
        started = time.perf_counter()
        try:
            read(path)
        except FengwangError as err:
            assert any(ord(char) in CJK for char in err.message), err.message
        assert time.perf_counter() - started < SECONDS


@pytest.fixture
def roster_readers(db):
    before = counts(db)
    yield (
        read_sheet,
        lambda path: import_roster(db, path, dry_run=True, today=TODAY),
        lambda path: import_scheme(db, path),
    )
    assert counts(db) == before


def flipped(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    mutable = bytearray(data)
    for position, value in flips:
        mutable[position % len(mutable)] = value
    return bytes(mutable)


FLIPS = st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 255)), min_size=1, max_size=8)


@FUZZ
@given(flips=FLIPS, suffix=st.sampled_from([".xlsx", ".ods", ".xls", ".xlsb"]))
def test_a_workbook_with_flipped_bytes(tmp_path, roster_readers, flips, suffix):
    path = tmp_path / f"roster{suffix}"
    path.write_bytes(flipped(VALID_XLSX, flips))
    survives(path, *roster_readers)


VALID_XLSB = hostile.xlsb_bytes(
    [
        (0, list(enumerate(hostile.ROSTER_HEADER))),
        *((n, list(enumerate(map(str, row)))) for n, row in enumerate(hostile.VALID_ROWS, 1)),
    ]
)


@FUZZ
@given(part=st.sampled_from(["xl/workbook.bin", "xl/worksheets/sheet1.bin"]), flips=FLIPS)
def test_an_xlsb_with_flipped_bytes_in_its_records(tmp_path, roster_readers, part, flips):
    """Inside the zip, so that calamine parses the damage (a flip in the zip fails its CRC):
    calamine panics on some, which pyo3 raises as a BaseException."""
    source = zipfile.ZipFile(io.BytesIO(VALID_XLSB))
    path = tmp_path / "roster.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            archive.writestr(name, flipped(data, flips) if name == part else data)
    survives(path, *roster_readers)


@FUZZ
@given(cut=st.integers(0, len(VALID_XLSX) - 1))
def test_a_workbook_cut_short(tmp_path, roster_readers, cut):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(VALID_XLSX[:cut])
    survives(path, *roster_readers)


CELLS = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.sampled_from("#=+-@ 0123456789/.年月日XxＸ０１２"), max_size=20),
    st.sampled_from(sorted(("#DIV/0!", "#REF!", "#N/A", "#VALUE!", "", " ", "\u3000"))),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.none(),
)


@FUZZ
@given(rows=st.lists(st.lists(CELLS, min_size=1, max_size=9), min_size=1, max_size=6))
def test_a_roster_of_any_cell_values(tmp_path, roster_readers, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(hostile.ROSTER_HEADER)
    try:
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
    except (IllegalCharacterError, ValueError, OverflowError):
        assume(False)  # openpyxl cannot write it: no village will send it either
    path = tmp_path / "roster.xlsx"
    path.write_bytes(buffer.getvalue())
    survives(path, *roster_readers)


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.builds(flipped, st.just(VALID_CSV), FLIPS),
        st.text(max_size=200).map(lambda text: text.encode("utf-16")),
        st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass")),
    )
)
def test_a_csv_of_any_bytes(tmp_path, roster_readers, data):
    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    survives(path, *roster_readers)


@pytest.fixture
def small_package(db, tmp_path) -> bytes:
    county = create_unit(db, UnitDraft(Level.COUNTY, "511922", "示例县"))
    create_unit(db, UnitDraft(Level.TOWNSHIP, "511922100", "小镇", county.id))
    path = tmp_path / "package.xlsx"
    export_sync_package(db, path, township_code="511922100")
    return path.read_bytes()


@FUZZ
@given(flips=FLIPS, cut=st.none() | st.integers(0, 10_000))
def test_a_sync_package_with_flipped_bytes(tmp_path, small_package, flips, cut):
    path = tmp_path / "package.xlsx"
    path.write_bytes(flipped(small_package, flips)[:cut])
    survives(path, read_sync_package)


XLSB_SHEET = hostile.xlsb_sheet(
    [(0, [(0, "姓名"), (1, "身" * 300)]), (7, [(3, 1.5)]), (200_000, [(130, "尾")])]
)


@FUZZ
@given(cuts=st.lists(st.integers(0, len(XLSB_SHEET)), max_size=12))
def test_the_xlsb_scan_finds_the_same_rectangle_however_the_records_are_cut(cuts):
    """Inflated chunks end anywhere: in a record's header, in its first bytes, in a long body."""
    scan = guard._XlsbScan()
    edges = [0, *sorted(cuts), len(XLSB_SHEET)]
    for start, end in pairwise(edges):
        scan.feed(XLSB_SHEET[start:end])
    assert (scan.rows, scan.columns) == (200_001, 131)
