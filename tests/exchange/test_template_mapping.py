"""Our own exports and templates are read by their hidden 模板信息 mapping, not by header
synonyms: a village may rename a header and the file still imports; a template from a newer
Fengwang is refused with a sentence telling the clerk to update."""

from datetime import date

import pytest
from openpyxl import load_workbook

from desktop.errors import FengwangError
from desktop.exchange.reading import read_sheet
from desktop.exchange.roster_export import (
    FIELD_COLUMN,
    HEADER_ROW,
    INFO_SHEET,
    TEMPLATE_VERSION,
    export_roster,
    export_template,
)
from desktop.exchange.roster_import import (
    TemplateVersionError,
    detect_layout,
    find_layout,
    import_roster,
)
from tests.exchange.conftest import HEADER, ZHANG

TODAY = date(2026, 3, 1)


def edit(path, change):
    book = load_workbook(path)
    change(book)
    book.save(path)
    return path


def rename_headers(book):
    sheet = book.worksheets[0]
    for column, text in ((1, "网格员"), (2, "证号"), (10, "担任"), (13, "起始")):
        sheet.cell(HEADER_ROW + 1, column).value = text


def test_an_export_with_renamed_headers_imports_by_the_hidden_mapping(grid_db, tmp_path):
    path = tmp_path / "renamed.xlsx"
    written = export_roster(grid_db, path, masked=False, today=TODAY)
    edit(path, rename_headers)
    with pytest.raises(FengwangError):  # synonyms alone no longer find 姓名 / 身份证号码
        find_layout(read_sheet(path).rows)

    layout = detect_layout(path)
    assert layout.template == TEMPLATE_VERSION
    assert layout.header_row == HEADER_ROW
    assert layout.columns == FIELD_COLUMN
    assert layout.unknown == []
    result = import_roster(grid_db, path)
    assert result.read == written
    assert result.rejected == 0, result.errors[:3]
    assert {o.status for o in result.outcomes} == {"unchanged"}


def test_a_column_inserted_by_a_village_is_skipped_by_header(grid_db, tmp_path):
    path = tmp_path / "inserted.xlsx"
    written = export_roster(grid_db, path, masked=False, today=TODAY)
    edit(path, lambda book: book.worksheets[0].insert_cols(1))
    layout = detect_layout(path)
    assert layout.columns == {name: column + 1 for name, column in FIELD_COLUMN.items()}
    result = import_roster(grid_db, path)
    assert (result.read, result.rejected) == (written, 0), result.errors[:3]


def test_a_newer_template_version_is_refused_with_a_chinese_sentence(grid_db, tmp_path):
    path = tmp_path / "newer.xlsx"
    export_template(grid_db, path, today=TODAY)
    edit(path, lambda book: setattr(book[INFO_SHEET]["B1"], "value", "fengwang-roster-99"))
    with pytest.raises(TemplateVersionError) as caught:
        detect_layout(path)
    assert "fengwang-roster-99" in caught.value.message
    assert "请将枫网更新到最新版本" in caught.value.message
    with pytest.raises(FengwangError, match="请将枫网更新到最新版本"):
        import_roster(grid_db, path, dry_run=True)


@pytest.mark.parametrize(
    ("version", "words"),
    [
        ("fengwang-scores-1", "这是枫网导出的考核评分表，不是花名册：请在“考核 → 月度考核”中导入"),
        ("fengwang-scheme-1", "这是枫网导出的考核细则，不是花名册：请在“考核 → 考核细则”中导入"),
    ],
)
def test_another_of_our_workbooks_is_named_not_taken_for_a_newer_roster(
    grid_db, tmp_path, version, words
):
    path = tmp_path / "other.xlsx"
    export_template(grid_db, path, today=TODAY)
    edit(path, lambda book: setattr(book[INFO_SHEET]["B1"], "value", version))
    with pytest.raises(FengwangError, match=words):
        import_roster(grid_db, path, dry_run=True)


def test_a_file_that_is_not_ours_is_read_by_synonyms(roster_file):
    path = roster_file(
        [
            HEADER,
            [
                "张三",
                ZHANG,
                "男",
                "13800000000",
                "青石村",
                "青石村第1网格",
                "专职网格员",
                "2023-05-01",
            ],
        ]
    )
    layout = detect_layout(path)
    assert layout.template == ""
    assert layout.columns["citizen_id"] == 1


def test_a_foreign_sheet_named_like_ours_does_not_make_the_file_ours(roster_file):
    path = roster_file([HEADER])

    def add_other_info(book):
        book.create_sheet(INFO_SHEET)["A1"] = "说明"

    edit(path, add_other_info)
    assert detect_layout(path).template == ""
