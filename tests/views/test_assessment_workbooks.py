"""考核 workbooks from the GUI: the month's fill-in sheet exported and imported back (a dry run
first, then confirmed; the result workbook offered when cells were refused)."""

from __future__ import annotations

from datetime import timedelta

import openpyxl
import pytest

from desktop.services.assessment_months import approve, open_month, submit
from desktop.views import assessment_month_panel, export_dialog
from desktop.views.assessment_page import AssessmentPage
from tests.services import assessment_fixtures
from tests.services.assessment_fixtures import MARCH, NOW, REVIEWER, SCORER
from tests.views.test_assessment_page import cell

assessment_file = assessment_fixtures.assessment_file
db = assessment_fixtures.assessment_db
town = assessment_fixtures.assessment_town


@pytest.fixture
def panel(qtbot, db, town):
    page = AssessmentPage(db, SCORER, today=lambda: MARCH)
    qtbot.addWidget(page)
    page.resize(1236, 700)
    page.show()
    yield page.month_panel


def exported(qtbot, panel, monkeypatch, target) -> None:
    monkeypatch.setattr(export_dialog, "choose_save_path", lambda *_args: str(target))
    panel.export_button.click()
    qtbot.waitUntil(target.exists)


def fill(path, values: dict[str, str], item: str = "日常走访") -> None:
    """Write `values` (worker → value) into the item's column, as a village clerk would."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows())
    header = next(row for row in rows if any(c.value == "姓名" for c in row))
    name_column = next(c.column for c in header if c.value == "姓名")
    item_column = next(c.column for c in header if str(c.value or "").startswith(item))
    for row in rows[header[0].row :]:
        wanted = values.get(sheet.cell(row[0].row, name_column).value)
        if wanted is not None:
            sheet.cell(row[0].row, item_column).value = wanted
    book.save(path)


def test_the_months_sheet_is_exported_with_its_workers(qtbot, panel, monkeypatch, tmp_path):
    target = tmp_path / "三月考核表.xlsx"
    with qtbot.waitSignal(panel.notice):
        exported(qtbot, panel, monkeypatch, target)
    names = {
        row[2] for row in openpyxl.load_workbook(target).worksheets[0].iter_rows(values_only=True)
    }
    assert {"李青山", "张网格"} <= names


def test_import_tries_first_then_writes_and_offers_the_result_workbook(
    qtbot, panel, monkeypatch, tmp_path, boxes
):
    target = tmp_path / "sheet.xlsx"
    exported(qtbot, panel, monkeypatch, target)
    fill(target, {"李青山": "15", "张网格": "999"})
    report = tmp_path / "result.xlsx"
    monkeypatch.setattr(assessment_month_panel, "choose_open_path", lambda *_args: str(target))
    monkeypatch.setattr(export_dialog, "choose_save_path", lambda *_args: str(report))
    boxes.answer = True
    panel.import_button.click()
    qtbot.waitUntil(report.exists)
    asked = boxes.texts("confirm")
    assert "1 格待写入" in asked[0] and "拒绝 1 格" in asked[0]
    assert "1 格被拒绝" in asked[1]
    assert cell(panel.model, "李青山", "日常走访") == "15"
    assert cell(panel.model, "张网格", "日常走访") == ""


def test_declining_after_the_trial_writes_nothing(qtbot, panel, monkeypatch, tmp_path, boxes):
    target = tmp_path / "sheet.xlsx"
    exported(qtbot, panel, monkeypatch, target)
    fill(target, {"李青山": "15"})
    monkeypatch.setattr(assessment_month_panel, "choose_open_path", lambda *_args: str(target))
    boxes.answer = False
    panel.import_button.click()
    qtbot.waitUntil(lambda: bool(boxes.texts("confirm")))
    qtbot.wait(100)
    assert cell(panel.model, "李青山", "日常走访") == ""


def test_importing_into_an_approved_month_is_refused_in_chinese(
    qtbot, panel, db, town, monkeypatch, tmp_path, boxes
):
    target = tmp_path / "sheet.xlsx"
    exported(qtbot, panel, monkeypatch, target)
    fill(target, {"李青山": "15"})
    month = open_month(db, town.units["示例镇"], MARCH)
    submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    approve(db, month.id, actor=REVIEWER, now=NOW + timedelta(hours=1))
    monkeypatch.setattr(assessment_month_panel, "choose_open_path", lambda *_args: str(target))
    panel.import_button.click()
    qtbot.waitUntil(lambda: bool(boxes.texts("error")))
    assert "已审核锁定，不能导入" in boxes.texts("error")[0]
    assert not boxes.texts("confirm")


@pytest.fixture
def schemes(qtbot, db, town):
    page = AssessmentPage(db, SCORER, today=lambda: MARCH)
    qtbot.addWidget(page)
    page.resize(1236, 700)
    page.show()
    page.tabs.setCurrentWidget(page.schemes_tab)
    yield page.schemes_tab.content


def test_a_scheme_exported_and_imported_unchanged_says_so(
    qtbot, schemes, monkeypatch, tmp_path, boxes
):
    target = tmp_path / "细则.xlsx"
    monkeypatch.setattr(export_dialog, "choose_save_path", lambda *_args: str(target))
    schemes.export_button.click()
    qtbot.waitUntil(target.exists)
    monkeypatch.setattr(assessment_month_panel, "choose_open_path", lambda *_args: str(target))
    schemes.import_button.click()
    qtbot.waitUntil(lambda: bool(boxes.texts("info")))
    assert "相同，未作改动" in boxes.texts("info")[0]
    assert schemes.list.count() == 1


def test_a_changed_scheme_used_by_an_approved_month_comes_back_as_a_new_version(
    qtbot, schemes, db, town, monkeypatch, tmp_path, boxes
):
    target = tmp_path / "细则.xlsx"
    monkeypatch.setattr(export_dialog, "choose_save_path", lambda *_args: str(target))
    schemes.export_button.click()
    qtbot.waitUntil(target.exists)
    month = open_month(db, town.units["示例镇"], MARCH)
    submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    approve(db, month.id, actor=REVIEWER, now=NOW + timedelta(hours=1))
    book = openpyxl.load_workbook(target)
    sheet = book.worksheets[0]
    header = next(r for r in sheet.iter_rows() if r[0].value == "大则")
    rule = next(c.column for c in header if c.value == "计分规则说明")
    sheet.cell(header[0].row + 1, rule).value = "县里修订后的说明"
    book.save(target)
    monkeypatch.setattr(assessment_month_panel, "choose_open_path", lambda *_args: str(target))
    schemes.import_button.click()
    qtbot.waitUntil(lambda: bool(boxes.texts("info")))
    assert "已另存为新版本" in boxes.texts("info")[0]
    assert schemes.list.count() == 2


def test_a_file_that_is_not_a_scheme_is_refused_in_chinese(
    qtbot, schemes, monkeypatch, tmp_path, boxes
):
    target = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(target)
    monkeypatch.setattr(assessment_month_panel, "choose_open_path", lambda *_args: str(target))
    schemes.import_button.click()
    qtbot.waitUntil(lambda: bool(boxes.texts("error")))
    assert "工作表" in boxes.texts("error")[0]
