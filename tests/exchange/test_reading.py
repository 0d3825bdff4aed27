"""Reading a sheet: workbooks through calamine, CSV in UTF-8 or GBK, unreadable files as sentences.

.xls and .ods fixtures are generated in test_xls_ods.py (xlwt and odfpy, test-only dependencies).
"""

import pytest
from openpyxl import Workbook

from desktop.errors import FengwangError
from desktop.exchange.reading import read_sheet, sheet_names

ROWS = [["姓名", "身份证号码", "备注"], ["张三", "11010519491231002X", "村口小卖部"]]


def test_first_sheet_by_default_and_a_named_one_on_request(tmp_path):
    workbook = Workbook()
    workbook.active.title = "说明"
    workbook.active.append(["本表由村委会填写"])
    roster = workbook.create_sheet("花名册")
    for row in ROWS:
        roster.append(row)
    path = tmp_path / "village.xlsx"
    workbook.save(path)

    assert sheet_names(path) == ["说明", "花名册"]
    assert read_sheet(path).rows == [["本表由村委会填写"]]
    assert read_sheet(path, "花名册").rows == ROWS


def test_a_missing_sheet_names_the_sheets_there_are(tmp_path):
    workbook = Workbook()
    workbook.active.title = "花名册"
    path = tmp_path / "village.xlsx"
    workbook.save(path)
    with pytest.raises(FengwangError) as err:
        read_sheet(path, "Sheet1")
    assert "没有名为“Sheet1”的工作表" in err.value.message
    assert "花名册" in err.value.message


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_csv_in_gbk_or_utf8_with_or_without_bom(tmp_path, encoding):
    path = tmp_path / "village.csv"
    path.write_bytes("\r\n".join(",".join(row) for row in ROWS).encode(encoding))
    assert read_sheet(path).rows == ROWS


def test_a_damaged_workbook_is_a_sentence_not_a_traceback(tmp_path):
    path = tmp_path / "village.xlsx"
    path.write_bytes(b"this was never a spreadsheet")
    with pytest.raises(FengwangError) as err:
        read_sheet(path)
    assert "无法读取文件 village.xlsx" in err.value.message


def test_a_workbook_renamed_csv_is_named_for_what_it_is(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "花名册.csv"
    Workbook().save(path)
    with pytest.raises(FengwangError, match=r"其实是 Excel 工作簿（\.xlsx 格式），不是 CSV"):
        read_sheet(path)


def test_unsupported_and_missing_files(tmp_path):
    doc = tmp_path / "village.docx"
    doc.write_bytes(b"x")
    with pytest.raises(FengwangError, match="不支持的文件类型"):
        read_sheet(doc)
    with pytest.raises(FengwangError, match="找不到文件"):
        read_sheet(tmp_path / "gone.xlsx")
    folder = tmp_path / "花名册.xlsx"  # a folder named like a workbook
    folder.mkdir()
    with pytest.raises(FengwangError, match="是一个文件夹，不是文件"):
        read_sheet(folder)
