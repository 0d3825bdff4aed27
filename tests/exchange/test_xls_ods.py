"""The same village roster saved as .xlsx, .xls (Excel 97–2003, WPS's default on old machines)
and .ods (LibreOffice) imports exactly alike: title row skipped, synonyms matched, an ID typed as
text, dates as real date cells. xlwt and odfpy write the fixtures (test-only dependencies)."""

from datetime import date
from pathlib import Path

import pytest

from desktop.exchange.reading import read_sheet
from desktop.exchange.roster_import import import_roster
from tests.exchange.conftest import LI, WANG, ZHANG, write_xlsx

TITLE = "示例镇青石村网格员花名册"
HEADER = ["名字", "证件号码", "性别", "手机", "村", "所属网格", "职务", "任职时间"]
ROWS = [
    [TITLE],
    HEADER,
    ["张三", ZHANG, "男", "13812345678", "青石村", "青石村第1网格", "网格长", date(2023, 5, 1)],
    ["李四", LI, "女", "13912345678", "青石村", "", "人民调解员", date(2022, 11, 30)],
    ["王五", WANG, "女", "", "青石村", "", "辅警", date(2021, 1, 15)],  # gender contradicts ID
]
TODAY = date(2026, 3, 1)


def write_xls(path: Path, rows) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名册")
    as_date = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    sheet.write_merge(0, 0, 0, len(HEADER) - 1, rows[0][0])
    for r, row in enumerate(rows[1:], start=1):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write(r, c, value, as_date)
            else:
                sheet.write(r, c, value)  # str: a text cell, so the ID keeps all 18 characters
    book.save(str(path))
    return path


def write_ods(path: Path, rows) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="花名册")
    for row in rows:
        line = TableRow()
        for value in row:
            if isinstance(value, date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            line.addElement(cell)
        table.addElement(line)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    return {
        ".xlsx": write_xlsx(tmp_path / "roster.xlsx", ROWS, merges=["A1:H1"]),
        ".xls": write_xls(tmp_path / "roster.xls", ROWS),
        ".ods": write_ods(tmp_path / "roster.ods", ROWS),
    }


def outcome(result):
    return (
        result.summary(),
        result.header_row,
        result.unknown_columns,
        [(o.row, o.status, o.name, o.masked_id, o.unit, o.role, o.errors) for o in result.outcomes],
    )


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_the_cells_read_as_in_the_xlsx(files, suffix):
    rows = read_sheet(files[suffix]).rows
    assert rows[2][1] == ZHANG and isinstance(rows[2][1], str)
    assert rows[1:] == ROWS[1:]  # every date a real date cell, as in the .xlsx
    assert rows == read_sheet(files[".xlsx"]).rows


def test_xls_and_ods_import_exactly_like_the_xlsx(grid_db, files):
    expected = outcome(import_roster(grid_db, files[".xlsx"], dry_run=True, today=TODAY))
    assert expected[0]["created"] == 2 and expected[0]["rejected"] == 1
    assert expected[1] == 2  # 1-based: the header is row 2, the title row above is skipped
    assert [e.column for o in expected[3] for e in o[6]] == ["性别"]  # 王五 contradicts the ID
    for suffix in (".xls", ".ods"):
        assert outcome(import_roster(grid_db, files[suffix], dry_run=True, today=TODAY)) == expected

    import_roster(grid_db, files[".xlsx"], today=TODAY)
    for suffix in (".xls", ".ods"):  # the same people, roles and dates: nothing to change
        result = import_roster(grid_db, files[suffix], dry_run=True, today=TODAY)
        assert [o.status for o in result.outcomes] == ["unchanged", "unchanged", "rejected"]
