"""The result workbook: rejected rows as they came, bad cells marked and explained, text as text."""

from openpyxl import load_workbook

from desktop.exchange.report import REASON_HEADER, write_result_workbook
from desktop.exchange.roster_import import import_roster
from tests.exchange.conftest import HEADER, LI, WANG, ZHANG

BAD_ROLE = ["李四", LI, "女", "=1+1", "青石村", "", "厨师", "2023-05-01"]
BAD_VILLAGE = ["王五", WANG, "男", "", "无此村", "@foo", "辅警", "+86 abc"]


def test_rejected_rows_come_back_marked_explained_and_ready_to_fix(grid_db, roster_file, tmp_path):
    rows = [
        ["示例镇花名册"],
        HEADER,
        ["张三", ZHANG, "男", "", "青石村", "", "辅警", "2023-05-01"],
        BAD_ROLE,
        BAD_VILLAGE,
    ]
    result = import_roster(grid_db, roster_file(rows, merges=["A1:H1"]))
    out = write_result_workbook(result, tmp_path / "结果.xlsx")

    sheet = load_workbook(out).active
    table = [[cell for cell in row] for row in sheet.iter_rows()]
    assert [cell.value for cell in table[0]] == [*HEADER, REASON_HEADER]
    assert len(table) == 3  # the header and the two rejected rows; the accepted row is not there

    role_row, village_row = table[1], table[2]
    assert [c.value or "" for c in role_row[: len(HEADER)]] == BAD_ROLE
    role_cell = role_row[HEADER.index("岗位")]
    assert role_cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert "岗位“厨师”不在岗位目录中" in role_cell.comment.text
    assert "岗位" in role_row[-1].value and "厨师" in role_row[-1].value
    untouched = role_row[HEADER.index("姓名")]
    assert untouched.comment is None and not untouched.fill.fgColor.rgb.endswith("FFC7CE")

    village_cell = village_row[HEADER.index("村(社区)")]
    assert "无此村" in village_cell.comment.text


def test_text_that_looks_like_a_formula_stays_text(grid_db, roster_file, tmp_path):
    result = import_roster(grid_db, roster_file([HEADER, BAD_ROLE, BAD_VILLAGE]))
    out = write_result_workbook(result, tmp_path / "结果.xlsx")
    sheet = load_workbook(out).active
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value}
    for text in ("=1+1", "@foo", "+86 abc"):
        assert cells[text].data_type == "s", text
    assert not any(cell.data_type == "f" for cell in cells.values())
