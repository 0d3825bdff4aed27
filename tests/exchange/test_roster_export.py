"""The roster exported for the county: the template clerks know, masked by default, and it
comes back in through the importer."""

import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert

from desktop.cli import main
from desktop.db import open_database
from desktop.errors import FengwangError
from desktop.exchange.roster_export import TEMPLATE_VERSION, export_roster, export_template
from desktop.exchange.roster_import import MASKED_ID_REASON, import_roster
from desktop.models import GridUnit
from desktop.services.roster import PersonDraft, add_person, assign_role, list_people
from tests.exchange.conftest import ZHANG

HEADER = ["姓名*", "身份证号码*", "性别*", "出生年月*", "联系电话", "乡镇(街道)", "村(社区)", "网格", "网格编码", "岗位*", "政治面貌*", "文化程度*", "任职日期*", "备注"]  # fmt: skip
TODAY = date(2026, 3, 1)


def open_jobs(db):
    """(citizen ID, name, phone, unit code, role, start) of every open assignment."""
    return sorted(
        (p.citizen_id, p.name, p.gender, p.phone, p.political_status, p.education, a.unit_code, a.role, a.start_date)
        for p in list_people(db)
        for a in p.assignments
        if a.end_date is None
    )  # fmt: skip


def test_the_template_layout_clerks_know(grid_db, tmp_path):
    path = tmp_path / "roster.xlsx"
    written = export_roster(grid_db, path, today=TODAY)
    assert written == len(open_jobs(grid_db))
    book = load_workbook(path)
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "示例镇 网格员花名册"
    assert "A1:N1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value == "导出日期：2026-03-01"
    assert [c.value for c in sheet[3]] == HEADER
    assert sheet.freeze_panes == "A4"
    assert sheet.max_row == 3 + written
    assert sheet.column_dimensions["B"].width > 18  # an ID fits
    validated = {str(v.sqref).split(":")[0][0] for v in sheet.data_validations.dataValidation}
    assert validated == {"C", "J", "K", "L"}  # 性别, 岗位, 政治面貌, 文化程度

    info = book["模板信息"]
    assert info.sheet_state == "hidden"
    assert (info["A1"].value, info["B1"].value) == ("模板版本", TEMPLATE_VERSION)
    mapping = {row[2]: row[3] for row in info.iter_rows(min_row=2, values_only=True) if row[2]}
    assert mapping["citizen_id"] == "身份证号码*" and mapping["role"] == "岗位*"
    roles = [row[4] for row in info.iter_rows(min_row=2, values_only=True) if row[4]]
    assert "网格长" in roles and "专职网格员" in roles


def test_ids_and_phones_are_masked_by_default_and_text_always(grid_db, tmp_path):
    export_roster(grid_db, tmp_path / "masked.xlsx")
    export_roster(grid_db, tmp_path / "full.xlsx", masked=False)
    masked = load_workbook(tmp_path / "masked.xlsx").worksheets[0]
    full = load_workbook(tmp_path / "full.xlsx").worksheets[0]
    assert masked["B4"].value[6:14] == "********"
    assert "****" in masked["E4"].value
    assert full["B4"].data_type == "s"
    assert len(full["B4"].value) == 18 and "*" not in full["B4"].value
    assert full["E4"].data_type == "s" and "*" not in full["E4"].value
    assert masked["B4"].value == full["B4"].value[:6] + "********" + full["B4"].value[-4:]


@pytest.mark.parametrize("note", ["=1+1", "+86 138", "-减", "@all", '=HYPERLINK("x")'])
def test_formula_looking_text_is_written_as_text(grid_db, tmp_path, note):
    person = add_person(grid_db, PersonDraft(name="张三", citizen_id=ZHANG, notes=note))
    [(village,)] = grid_db.read_rows("SELECT id FROM grid_unit WHERE code = '511922100201'")
    [(role,)] = grid_db.read_rows("SELECT id FROM role WHERE name = '辅警'")
    assign_role(grid_db, person.id, village, role, date(2023, 5, 1))
    path = tmp_path / "roster.xlsx"
    export_roster(grid_db, path)
    sheet = load_workbook(path).worksheets[0]
    [cell] = [row[13] for row in sheet.iter_rows(min_row=4) if row[0].value == "张三"]
    assert (cell.value, cell.data_type) == (note, "s")


def test_a_masked_export_is_refused_on_import_with_the_reason(grid_db, tmp_path):
    path = tmp_path / "masked.xlsx"
    written = export_roster(grid_db, path)
    result = import_roster(grid_db, path, dry_run=True)
    assert result.rejected == written
    assert {e.reason for e in result.errors if e.column == "身份证号码*"} == {MASKED_ID_REASON}
    # shown as the file holds them, not masked a second time (138****5678, not *******5678)
    phones = {e.shown_value for e in result.errors if e.field == "phone"}
    assert phones and all(re.fullmatch(r"1\d\d\*{4}\d{4}", phone) for phone in phones), phones


def test_round_trip_into_the_same_township_changes_nothing(grid_db, tmp_path):
    path = tmp_path / "full.xlsx"
    written = export_roster(grid_db, path, masked=False)
    result = import_roster(grid_db, path)
    assert result.read == written
    assert {o.status for o in result.outcomes} == {"unchanged"}


def test_round_trip_into_an_empty_copy_of_the_grid_reproduces_people_and_roles(grid_db, tmp_path):
    path = tmp_path / "full.xlsx"
    export_roster(grid_db, path, masked=False)
    copy = open_database(f"sqlite:///{tmp_path / 'copy.sqlite'}")
    units = grid_db.read_rows("SELECT id, parent_id, level, code, name, uid FROM grid_unit")
    keys = ("id", "parent_id", "level", "code", "name", "uid")
    with copy.session() as session:
        session.execute(insert(GridUnit), [dict(zip(keys, unit, strict=True)) for unit in units])

    result = import_roster(copy, path)
    assert result.rejected == 0, result.errors[:3]
    assert open_jobs(copy) == open_jobs(grid_db)
    copy.close()


def test_unit_filter_exports_only_that_subtree(grid_db, tmp_path):
    path = tmp_path / "village.xlsx"
    written = export_roster(grid_db, path, unit_code="511922100201")
    codes = {
        row[8] for row in load_workbook(path).worksheets[0].iter_rows(min_row=4, values_only=True)
    }
    assert written > 0 and all(code.startswith("511922100201") for code in codes)
    with pytest.raises(FengwangError, match="没有编码为“999”"):
        export_roster(grid_db, tmp_path / "x.xlsx", unit_code="999")


def test_blank_template_has_header_drop_downs_and_version_but_no_rows(grid_db, tmp_path):
    path = tmp_path / "template.xlsx"
    export_template(grid_db, path)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[3]] == HEADER
    assert sheet.max_row == 3
    assert len(sheet.data_validations.dataValidation) == 4
    assert book["模板信息"]["B1"].value == TEMPLATE_VERSION
    assert sheet.column_dimensions["B"].number_format == "@"  # typed IDs keep every digit


def test_cli_export_roster_template_and_an_unwritable_path(tmp_path, capsys):
    db_file = tmp_path / "town.sqlite"
    assert main(["--db", str(db_file), "demo"]) == 0
    capsys.readouterr()
    out = tmp_path / "roster.xlsx"
    assert main(["--db", str(db_file), "export", "roster", str(out), "--unmasked"]) == 0
    assert "已导出" in capsys.readouterr().out
    assert "*" not in load_workbook(out).worksheets[0]["B4"].value
    assert main(["--db", str(db_file), "export", "template", str(tmp_path / "t.xlsx")]) == 0
    capsys.readouterr()
    code = main(["--db", str(db_file), "export", "roster", str(tmp_path / "no" / "r.xlsx")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "文件夹不存在" in err
