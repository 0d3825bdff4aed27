"""The month's fill-in sheet: exported pre-filled for villages, read back cell by cell through
the month's own validation, refused cells explained in a result workbook."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.errors import RefusedError, ValidationError
from desktop.exchange.report import REASON_HEADER
from desktop.exchange.score_workbook import (
    export_score_sheet,
    import_score_sheet,
    write_score_report,
)
from desktop.services.assessment_months import approve, month_sheet, open_month, set_entry, submit
from desktop.services.assessment_schemes import list_schemes
from tests.services import assessment_fixtures
from tests.services.assessment_fixtures import MARCH, NOW, REVIEWER, SCORER

assessment_file = assessment_fixtures.assessment_file
db = assessment_fixtures.assessment_db
town = assessment_fixtures.assessment_town

HEADER_ROW = 3
FIRST = HEADER_ROW + 1
VILLAGER = "村里的小李"


def keys(db) -> dict[str, str]:
    (scheme,) = list_schemes(db)
    return {item.name: item.key for item in scheme.items}


def columns(path: Path) -> dict[str, int]:
    """item or fixed header (without its hint) → 1-based column"""
    sheet = load_workbook(path)["考核表"]
    return {str(cell.value).split("\n")[0]: cell.column for cell in sheet[HEADER_ROW] if cell.value}


def rows(path: Path) -> dict[str, int]:
    sheet = load_workbook(path)["考核表"]
    return {sheet.cell(row, 3).value: row for row in range(FIRST, sheet.max_row + 1)}


def fill(path: Path, cells: dict[tuple[str, str], object]) -> Path:
    """Type values as a village would: (worker, column) → value."""
    at, where = rows(path), columns(path)
    book = load_workbook(path)
    for (name, column), value in cells.items():
        book["考核表"].cell(at[name], where[column]).value = value
    book.save(path)
    return path


def entries(db, town) -> dict[tuple[str, str], object]:
    sheet = month_sheet(db, town.units["示例镇"], MARCH)
    names = {item.key: item.name for item in sheet.items}
    return {
        (row.name, names[key]): entry.value
        for row in sheet.rows
        for key, entry in row.entries.items()
    }


@pytest.fixture
def exported(db, town, tmp_path) -> Path:
    month = open_month(db, town.units["示例镇"], MARCH)
    set_entry(db, month.id, town.people["张网格"], keys(db)["信息录入"], "1", actor=SCORER)
    path = tmp_path / "三月考核表.xlsx"
    export_score_sheet(db, path, town.units["示例镇"], MARCH)
    return path


def run(db, town, path, **options):
    return import_score_sheet(db, path, town.units["示例镇"], MARCH, actor=VILLAGER, **options)


def test_the_sheet_lists_the_workers_by_village_with_a_column_per_item(exported):
    book = load_workbook(exported)
    sheet = book["考核表"]
    header = [cell.value for cell in sheet[HEADER_ROW]]
    assert header[:5] == ["人员编号", "村(社区)", "姓名", "岗位", "日常走访\n（0～20分）"]
    assert "信息录入\n（次数，每次扣2分）" in header and "安全事故\n（是/否）" in header
    assert "按期化解率\n（自动计分，仅供参考）" in header
    listed = [
        [sheet.cell(row, column).value for column in (2, 3, 4)]
        for row in range(FIRST, sheet.max_row + 1)
    ]
    assert listed == [
        ["青山村", "李青山", "专职网格员"],
        ["青山村", "孙新来", "专职网格员"],
        ["青山村", "张网格", "网格长"],
        ["石门社区", "赵石门", "专职网格员"],
    ]
    assert sheet.column_dimensions["A"].hidden and len(sheet.cell(FIRST, 1).value) == 36
    at = columns(exported)
    assert sheet.cell(FIRST + 2, at["信息录入"]).value == 1  # what was entered comes pre-filled
    automatic = sheet.cell(FIRST, at["按期化解率"])
    assert automatic.value == 15 and automatic.fill.fgColor.rgb.endswith("E7E6E6")
    rules = {
        str(check.sqref).split(":")[0]: (check.type, check.formula1, check.formula2)
        for check in sheet.data_validations.dataValidation
    }
    letter = sheet.cell(FIRST, at["日常走访"]).column_letter
    assert rules[f"{letter}{FIRST}"] == ("decimal", "0", "20")
    letter = sheet.cell(FIRST, at["信息录入"]).column_letter
    assert rules[f"{letter}{FIRST}"][:2] == ("whole", "0")
    letter = sheet.cell(FIRST, at["安全事故"]).column_letter
    assert rules[f"{letter}{FIRST}"][:2] == ("list", '"是,否"')
    assert book["模板信息"].sheet_state == "hidden"


def test_filled_cells_are_entered_and_refused_ones_explained(db, town, exported, tmp_path):
    fill(
        exported,
        {
            ("李青山", "日常走访"): 18.5,
            ("李青山", "宣传报道"): 2,
            ("赵石门", "日常走访"): 25,  # over the maximum
            ("赵石门", "安全事故"): "是",
            ("孙新来", "信息录入"): 1.5,  # not a whole count
            ("孙新来", "按期化解率"): 0,  # automatic: ignored
        },
    )
    result = run(db, town, exported)
    # 赵石门's row has a refused cell: his 安全事故 is not written either
    assert result.committed and (result.read, result.written, result.rejected) == (4, 2, 2)
    assert result.unchanged == 1  # 张网格's 信息录入, already 1
    assert [(row.name, row.status) for row in result.rows] == [
        ("李青山", "written"),
        ("孙新来", "rejected"),
        ("张网格", "unchanged"),
        ("赵石门", "rejected"),
    ]
    assert set(result.ignored_columns) == {"按期化解率", "小事不出村"}
    problems = {(e.row, e.column.split("\n")[0], e.value): e.reason for e in result.errors}
    assert problems == {
        (FIRST + 3, "日常走访", "25"): "“日常走访”应为 0～20 分",
        (FIRST + 1, "信息录入", "1.5"): "“信息录入”次数应为不小于 0 的整数",
    }
    assert entries(db, town) == {
        ("李青山", "日常走访"): Decimal("18.5"),
        ("李青山", "宣传报道"): 2,
        ("张网格", "信息录入"): 1,
    }
    report = write_score_report(result, tmp_path / "导入结果.xlsx")
    sheet = load_workbook(report).active
    header = [cell.value for cell in sheet[1]]
    assert header[-1] == REASON_HEADER
    names = [sheet.cell(row, 3).value for row in range(2, sheet.max_row + 1)]
    assert names == ["孙新来", "赵石门"]  # only the rows with a refused cell
    bad = sheet.cell(3, header.index("日常走访\n（0～20分）") + 1)
    assert bad.value == 25 and "0～20 分" in bad.comment.text
    assert bad.fill.fgColor.rgb.endswith("FFC7CE")


def test_the_corrected_result_workbook_imports_again(db, town, exported, tmp_path):
    fill(exported, {("赵石门", "日常走访"): 25, ("赵石门", "台账资料"): 4})
    report = write_score_report(run(db, town, exported), tmp_path / "导入结果.xlsx")
    book = load_workbook(report)
    header = [cell.value for cell in book.active[1]]
    book.active.cell(2, header.index("日常走访\n（0～20分）") + 1).value = 19
    book.save(report)
    again = run(db, town, report)
    assert (again.written, again.unchanged, again.rejected) == (2, 0, 0)  # the row, whole
    assert entries(db, town)[("赵石门", "日常走访")] == Decimal(19)
    assert entries(db, town)[("赵石门", "台账资料")] == Decimal(4)


def test_a_huge_count_is_refused_like_any_bad_cell(db, town, exported):
    fill(exported, {("孙新来", "信息录入"): 1e20, ("李青山", "信息录入"): 99999999999})
    result = run(db, town, exported)
    assert (result.written, result.rejected) == (0, 2)
    assert {e.value: e.reason for e in result.errors} == {
        "1.00000000000000E+20": "“信息录入”次数不能超过 9999",
        "99999999999": "“信息录入”次数不能超过 9999",
    }
    assert entries(db, town) == {("张网格", "信息录入"): 1}


def test_all_or_nothing_writes_no_cell_when_one_is_refused(db, town, exported):
    fill(exported, {("李青山", "日常走访"): 18, ("赵石门", "安全事故"): "也许"})
    result = run(db, town, exported, atomic=True)
    assert not result.committed and result.written == 0 and result.rejected == 1
    assert "应填“是”或“否”" in result.errors[0].reason
    assert entries(db, town) == {("张网格", "信息录入"): 1}


def test_importing_the_same_file_twice_changes_nothing_and_blanks_erase_nothing(db, town, exported):
    fill(exported, {("李青山", "日常走访"): 18, ("张网格", "信息录入"): None})
    first = run(db, town, exported)
    assert (first.written, first.unchanged) == (1, 0)
    second = run(db, town, exported)
    assert (second.written, second.unchanged, second.rejected) == (0, 1, 0)
    assert entries(db, town) == {("李青山", "日常走访"): 18, ("张网格", "信息录入"): 1}


def test_workers_are_found_by_their_hidden_number_whatever_the_village_typed(db, town, exported):
    book = load_workbook(exported)
    sheet = book["考核表"]
    at = rows(exported)
    sheet.cell(at["李青山"], 3).value = "李 青山（网格员）"  # a renamed row still maps by number
    sheet.cell(at["李青山"], 5).value = 17
    sheet.cell(at["孙新来"], 1).value = None  # no number: found by village and name
    sheet.cell(at["孙新来"], 5).value = 16
    book.save(exported)
    result = run(db, town, exported)
    assert result.rejected == 0 and result.written == 2
    assert entries(db, town)[("李青山", "日常走访")] == 17
    assert entries(db, town)[("孙新来", "日常走访")] == 16


def test_a_stranger_or_a_repeated_worker_is_refused_by_row(db, town, exported):
    book = load_workbook(exported)
    sheet = book["考核表"]
    sheet.append([None, "青山村", "王不在", "专职网格员", 10])
    sheet.append([None, "青山村", "李青山", "专职网格员", 10])
    book.save(exported)
    result = run(db, town, exported)
    reasons = [e.reason for e in result.errors]
    assert reasons == [
        "青山村的“王不在”不在本月的考核名单中",
        f"与第 {FIRST} 行是同一人，每人只能填一行",
    ]
    assert result.written == 0


def test_an_approved_month_refuses_the_import(db, town, exported):
    month = open_month(db, town.units["示例镇"], MARCH)
    submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    approve(db, month.id, actor=REVIEWER, now=NOW)
    fill(exported, {("李青山", "日常走访"): 18})
    with pytest.raises(RefusedError, match="已审核锁定，不能导入"):
        run(db, town, exported)
    assert entries(db, town) == {("张网格", "信息录入"): 1}


def test_another_months_sheet_is_refused(db, town, exported):
    from datetime import date

    fill(exported, {("李青山", "日常走访"): 18})
    with pytest.raises(ValidationError, match="该表格是 2026-03 的考核表，不是 2026-02 的"):
        import_score_sheet(db, exported, town.units["示例镇"], date(2026, 2, 1), actor=VILLAGER)


def test_the_sheet_is_found_behind_a_sheet_the_village_added_in_front(db, town, exported):
    fill(exported, {("李青山", "日常走访"): 18})
    book = load_workbook(exported)
    book.create_sheet("填表说明", 0)["A1"] = "村里自己的说明"
    book.save(exported)
    result = run(db, town, exported)
    assert (result.written, result.rejected) == (1, 0)
    assert entries(db, town)[("李青山", "日常走访")] == 18


def test_an_unknown_number_refuses_the_row_and_a_typed_village_is_never_ignored(db, town, exported):
    book = load_workbook(exported)
    sheet = book["考核表"]
    at = rows(exported)
    sheet.cell(at["李青山"], 1).value = "0" * 36  # a number not on this month's sheet …
    sheet.cell(at["李青山"], 5).value = 17  # … although the name is
    sheet.append([None, "石门社区", "孙新来", "专职网格员", 12])  # 孙新来 is in 青山村
    book.save(exported)
    result = run(db, town, exported)
    reasons = [e.reason for e in result.errors]
    assert reasons == [
        "人员编号不在本月名单中（可能已离任）",
        "石门社区的“孙新来”不在本月的考核名单中",
    ]
    assert result.written == 0 and entries(db, town) == {("张网格", "信息录入"): 1}


def test_a_dry_run_shows_the_outcome_and_saves_nothing(db, town, tmp_path):
    path = tmp_path / "三月考核表.xlsx"
    export_score_sheet(db, path, town.units["示例镇"], MARCH)
    assert not month_sheet(db, town.units["示例镇"], MARCH).month.opened  # export saves nothing
    fill(path, {("李青山", "日常走访"): 18, ("赵石门", "日常走访"): 25})
    result = run(db, town, path, dry_run=True)
    assert (result.written, result.rejected, result.committed) == (1, 1, False)
    assert result.summary()["dry_run"] and result.summary()["rows"][0]["status"] == "written"
    assert not month_sheet(db, town.units["示例镇"], MARCH).month.opened
    assert run(db, town, path).committed  # for real: the month is opened by the import
    assert entries(db, town) == {("李青山", "日常走访"): 18}


def test_a_changed_count_drops_the_note_of_the_old_one(db, town, exported):
    month = open_month(db, town.units["示例镇"], MARCH)
    key = keys(db)["信息录入"]
    set_entry(db, month.id, town.people["张网格"], key, "1", "3月5日一户未更新", actor=SCORER)
    fill(exported, {("张网格", "信息录入"): 2})
    run(db, town, exported)
    (row,) = [r for r in month_sheet(db, town.units["示例镇"], MARCH).rows if r.name == "张网格"]
    assert (row.entries[key].value, row.entries[key].note) == (2, "")
