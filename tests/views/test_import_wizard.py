"""导入花名册 as a clerk walks through it: a messy village file in, people in the roster."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QCoreApplication, Qt, QThreadPool
from PySide6.QtWidgets import QPushButton, QWizard

from desktop.exchange import roster_import
from desktop.exchange.roster_export import COLUMNS, INFO_SHEET, export_template
from desktop.services.roster import list_people
from desktop.services.roster_index import count_people
from desktop.views import import_wizard
from desktop.views.import_wizard import (
    FILE_PAGE,
    HEADER_PAGE,
    MAPPING_PAGE,
    PREVIEW_PAGE,
    SHEET_PAGE,
    SUMMARY_PAGE,
    ImportWizard,
)
from desktop.views.look import ALERT_RED
from tests.views.helpers import citizen_id, table_names

GOOD_ID = citizen_id("511922", "19900101", 31)
OTHER_ID = citizen_id("511922", "19920304", 42)
BAD_ID = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")  # wrong check digit
HEADER = ["序号", "名字", "证件号码", "手机", "职务", "村(社区)", "所属网格", "任职时间", "民族"]


def messy_roster(folder: Path, name: str = "青山村花名册.xlsx") -> Path:
    """As villages send them: a merged title, a date line, synonyms, an unknown column, a bad ID."""
    book = Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(["青山村网格员花名册"])
    sheet.merge_cells("A1:I1")
    sheet.append(["填报单位：青山村", "", "", "", "", "", "", "填报日期：2024年3月"])
    sheet.append(HEADER)
    sheet.append(
        [
            1,
            "陈  小 龙",
            GOOD_ID,
            "13800001111",
            "专职网格员",
            "青山村",
            "第一网格",
            "2023-05-01",
            "汉",
        ]
    )
    sheet.append(
        [2, "刘芳", BAD_ID, "13800002222", "专职网格员", "青山村", "第一网格", "2023/5/1", "汉"]
    )
    sheet.append(
        [3, "周杰", OTHER_ID, "13800003333", "网格长", "青山村", "第二网格", "2023年5月1日", "汉"]
    )
    path = folder / name
    book.save(path)
    return path


@pytest.fixture
def roster_file(tmp_path) -> Path:
    return messy_roster(tmp_path)


@pytest.fixture
def choose(monkeypatch):
    """The open-file dialog answers with the path a test sets."""
    chosen = {"path": ""}
    monkeypatch.setattr(import_wizard, "choose_roster_file", lambda *_args: str(chosen["path"]))
    return chosen


@pytest.fixture
def opened(monkeypatch) -> list[Path]:
    files: list[Path] = []
    monkeypatch.setattr(import_wizard, "open_file", lambda path: files.append(path) or True)
    return files


@pytest.fixture
def wizard(qtbot, db, township, settings, choose, opened):
    made = ImportWizard(db, settings)
    qtbot.addWidget(made)
    made.show()
    return made


def pick_file(qtbot, wizard: ImportWizard, choose, path: Path) -> None:
    choose["path"] = path
    wizard.file_page.browse_button.click()  # the dialog answers; the wizard moves on by itself
    qtbot.waitUntil(lambda: not wizard.file_page.loading)  # once the file is read (background)


def preview(qtbot, wizard: ImportWizard) -> None:
    wizard.next()
    assert wizard.currentId() == PREVIEW_PAGE
    page = wizard.preview_page
    qtbot.waitUntil(lambda: page.preview is not None and not page.running)  # the dry run is done


def shown_rows(page) -> list[tuple[str, str, str]]:
    """(name, status, reason) of every row the preview table shows."""
    proxy = page.proxy
    return [
        (proxy.index(r, 2).data(), proxy.index(r, 1).data(), proxy.index(r, 6).data())
        for r in range(proxy.rowCount())
    ]


def test_messy_file_is_imported_end_to_end(qtbot, window, choose, opened, roster_file, boxes):
    window.show_page("exchange")
    page = window.page("exchange")
    page.import_button.click()
    wizard = page.active_dialog
    assert isinstance(wizard, ImportWizard)

    pick_file(qtbot, wizard, choose, roster_file)
    assert wizard.currentId() == HEADER_PAGE  # one sheet: no sheet page
    assert wizard.header_page.selected_row() == 2  # the title rows are skipped
    assert "第 3 行" in wizard.header_page.note.text()
    table = wizard.header_page.table
    shown = [
        table.item(r, c).text()
        for r in range(table.rowCount())
        for c in range(table.columnCount())
        if table.item(r, c)
    ]
    assert any("********" in text for text in shown)  # the file's ID numbers, masked
    assert not any(re.fullmatch(r"\d{17}[\dX]", text) for text in shown)

    wizard.next()
    assert wizard.currentId() == MAPPING_PAGE
    mapping = wizard.mapping_page
    fields = [mapping.field_of(column) for column in range(len(HEADER))]
    assert fields == [
        "",
        "name",
        "citizen_id",
        "phone",
        "role",
        "village",
        "grid",
        "start_date",
        "",
    ]
    assert mapping.combos[1].currentText() == "姓名"

    preview(qtbot, wizard)
    page_ = wizard.preview_page
    assert "3 行" in page_.counts_label.text() and "拒绝 1" in page_.counts_label.text()
    rows = shown_rows(page_)
    assert [status for _name, status, _reason in rows] == ["新增", "拒绝", "新增"]
    rejected = rows[1]
    assert rejected[0] == "刘芳" and "校验" in rejected[2] and "证件号码" in rejected[2]
    colours = [page_.proxy.index(r, 1).data(Qt.ItemDataRole.ForegroundRole) for r in range(3)]
    assert (
        colours[1] == ALERT_RED and colours[0] is None is colours[2]
    )  # the rejected row stands out
    page_.set_filter("rejected")
    assert [name for name, *_ in shown_rows(page_)] == ["刘芳"]
    page_.set_filter("created")
    assert [name for name, *_ in shown_rows(page_)] == ["陈小龙", "周杰"]
    assert count_people(window.roster_page._db) == 5  # a preview writes nothing

    wizard.next()  # 导入
    qtbot.waitUntil(lambda: wizard.currentId() == SUMMARY_PAGE)
    summary = wizard.summary_page
    assert "已导入" in summary.outcome_label.text()
    assert summary.open_button.isVisibleTo(wizard)
    assert {"陈小龙", "周杰"} <= set(table_names(window.roster_page))
    assert "刘芳" not in table_names(window.roster_page)

    summary.open_button.click()
    assert len(opened) == 1 and opened[0].parent == roster_file.parent
    assert opened[0].exists() and opened[0].suffix == ".xlsx"
    assert boxes.shown == []


def test_the_mapping_is_remembered_for_the_same_layout(
    qtbot, wizard, choose, db, settings, tmp_path
):
    pick_file(qtbot, wizard, choose, messy_roster(tmp_path))
    wizard.next()
    wizard.mapping_page.set_field(8, "notes")  # the clerk keeps 民族 in 备注
    wizard.mapping_page.set_field(3, "")  # and leaves the phones out
    wizard.next()
    assert wizard.currentId() == PREVIEW_PAGE

    second = ImportWizard(db, settings)
    qtbot.addWidget(second)
    second.show()
    pick_file(qtbot, second, choose, messy_roster(tmp_path, "下月花名册.xlsx"))
    second.next()
    assert second.mapping_page.field_of(8) == "notes"
    assert second.mapping_page.field_of(3) == ""
    assert "保存" in second.mapping_page.source_label.text()


def test_choosing_another_header_row_changes_the_mapping(qtbot, wizard, choose, tmp_path):
    pick_file(qtbot, wizard, choose, messy_roster(tmp_path))
    wizard.header_page.select_row(0)  # the title row
    wizard.next()
    assert len(wizard.mapping_page.combos) == 9  # the merged title spans the columns
    assert [wizard.mapping_page.field_of(c) for c in range(9)] == [""] * 9
    wizard.next()  # 姓名 and 身份证号码 are not chosen: refused in Chinese
    assert wizard.currentId() == MAPPING_PAGE
    assert "必填" in wizard.mapping_page.error_label.text()

    wizard.back()
    wizard.header_page.select_row(2)
    wizard.next()
    assert wizard.mapping_page.field_of(2) == "citizen_id"


def test_cancel_during_import_leaves_the_database_untouched(
    qtbot, wizard, choose, db, roster_file, monkeypatch
):
    pick_file(qtbot, wizard, choose, roster_file)
    wizard.next()
    preview(qtbot, wizard)
    before = count_people(db)

    gate = threading.Event()
    real = roster_import.import_roster

    def held_import(*args, **kwargs):
        gate.wait(5)  # the clerk presses Cancel while the import is under way
        return real(*args, **kwargs)

    monkeypatch.setattr(import_wizard, "import_roster", held_import)
    wizard.next()
    progress = wizard.preview_page.progress
    assert progress is not None and progress.isVisible()
    cancel_button = progress.findChild(QPushButton)
    assert cancel_button.text() == "取消"
    cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: not wizard.preview_page.running)
    assert wizard.currentId() == PREVIEW_PAGE
    assert wizard.preview_page.error_label.text() == "导入已取消，数据库没有任何改动"
    assert count_people(db) == before
    assert "陈小龙" not in {p.name for p in list_people(db)}


def test_all_or_nothing_with_a_rejected_row_imports_nothing(qtbot, wizard, choose, db, roster_file):
    pick_file(qtbot, wizard, choose, roster_file)
    wizard.next()
    preview(qtbot, wizard)
    wizard.preview_page.all_or_nothing.setChecked(True)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == SUMMARY_PAGE)
    assert "没有导入" in wizard.summary_page.outcome_label.text()
    assert count_people(db) == 5


def test_a_file_that_cannot_be_read_is_explained_in_chinese(qtbot, wizard, choose, tmp_path):
    broken = tmp_path / "花名册.xlsx"
    broken.write_bytes(b"this is not a workbook")
    pick_file(qtbot, wizard, choose, broken)
    assert wizard.currentId() != HEADER_PAGE
    text = wizard.file_page.error_label.text()
    assert text and any("\u4e00" <= char <= "\u9fff" for char in text)
    assert "Traceback" not in text


def test_preview_model_passes_the_model_tester(qtbot, qtmodeltester, wizard, choose, roster_file):
    pick_file(qtbot, wizard, choose, roster_file)
    wizard.next()
    preview(qtbot, wizard)
    qtmodeltester.check(wizard.preview_page.model)
    qtmodeltester.check(wizard.preview_page.proxy)


def test_a_workbook_with_several_sheets_asks_which(qtbot, wizard, choose, tmp_path):
    path = messy_roster(tmp_path)
    book = load_workbook(path)
    notes = book.create_sheet("说明", 0)  # the roster is no longer the first sheet
    notes.append(["填表说明：身份证号码请设置为文本格式"])
    book.save(path)
    pick_file(qtbot, wizard, choose, path)
    assert wizard.currentId() == SHEET_PAGE
    assert [wizard.sheet_page.combo.itemText(i) for i in range(2)] == ["说明", "花名册"]
    wizard.sheet_page.combo.setCurrentText("花名册")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == HEADER_PAGE)
    assert wizard.header_page.selected_row() == 2


def test_the_wizard_fits_a_1366_by_768_screen(wizard):
    assert wizard.width() <= 1366 and wizard.height() <= 700
    assert wizard.minimumSizeHint().height() <= 700


def test_the_file_is_read_in_the_background_with_a_busy_bar(
    qtbot, wizard, choose, roster_file, monkeypatch
):
    release = threading.Event()
    real = import_wizard.read_for_wizard

    def slow_read(path, sheet):
        assert threading.current_thread() is not threading.main_thread()
        release.wait(10)  # as a 100,000-row file would take
        return real(path, sheet)

    monkeypatch.setattr(import_wizard, "read_for_wizard", slow_read)
    page = wizard.file_page
    choose["path"] = roster_file
    page.browse_button.click()
    assert page.loading and page.busy_bar.isVisible()  # the click returned: the UI is free
    assert wizard.currentId() == FILE_PAGE
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert not page.path_edit.isEnabled() and not page.browse_button.isEnabled()
    assert wizard.button(QWizard.WizardButton.CancelButton).isEnabled()
    release.set()
    qtbot.waitUntil(lambda: wizard.currentId() == HEADER_PAGE)
    assert not page.busy_bar.isVisible() and page.path_edit.isEnabled()
    assert wizard.header_page.selected_row() == 2


def test_going_back_while_a_sheet_is_read_drops_that_read(
    qtbot, wizard, choose, tmp_path, monkeypatch
):
    path = messy_roster(tmp_path)
    book = load_workbook(path)
    book.create_sheet("说明", 0)
    book.save(path)
    pick_file(qtbot, wizard, choose, path)
    assert wizard.currentId() == SHEET_PAGE
    release = threading.Event()
    real = import_wizard.read_for_wizard
    monkeypatch.setattr(
        import_wizard, "read_for_wizard", lambda *args: release.wait(10) and real(*args)
    )
    wizard.sheet_page.combo.setCurrentText("花名册")
    wizard.next()
    assert wizard.sheet_page.loading
    wizard.back()
    assert wizard.currentId() == FILE_PAGE
    release.set()  # the read finishes; its result must not move the wizard
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0)
    QCoreApplication.processEvents()  # delivers the queued result
    assert wizard.currentId() == FILE_PAGE
    assert not wizard.sheet_page.loading


def rename_template_headers(path: Path) -> Path:
    book = load_workbook(path)
    sheet = book.worksheets[0]
    sheet.cell(3, 1).value = "网格员"  # was 姓名*: no synonym knows it
    sheet.cell(3, 2).value = "证号"  # was 身份证号码*
    book.save(path)
    return path


def test_our_template_is_mapped_by_its_hidden_sheet(qtbot, wizard, choose, db, township, tmp_path):
    path = tmp_path / "模板.xlsx"
    export_template(db, path)
    pick_file(qtbot, wizard, choose, rename_template_headers(path))
    assert wizard.currentId() == HEADER_PAGE  # the hidden 模板信息 sheet is not offered
    assert wizard.header_page.selected_row() == 2
    wizard.next()
    assert wizard.currentId() == MAPPING_PAGE
    mapping = wizard.mapping_page
    assert [mapping.field_of(c) for c in range(len(COLUMNS))] == [c.field for c in COLUMNS]


def test_a_template_from_a_newer_fengwang_is_refused(qtbot, wizard, choose, db, township, tmp_path):
    path = tmp_path / "新模板.xlsx"
    export_template(db, path)
    book = load_workbook(path)
    book[INFO_SHEET]["B1"] = "fengwang-roster-99"
    book.save(path)
    pick_file(qtbot, wizard, choose, path)
    assert wizard.currentId() == FILE_PAGE
    assert "请将枫网更新到最新版本" in wizard.file_page.error_label.text()


def rejected_roster(folder: Path) -> Path:
    """A file in which no row can go in: a village the township does not have, a bad ID."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(
        [1, "陈小龙", GOOD_ID, "13800001111", "专职网格员", "白云村", "第一网格", "2023-05-01", ""]
    )
    sheet.append(
        [2, "刘芳", BAD_ID, "13800002222", "专职网格员", "白云村", "第一网格", "2023-05-01", ""]
    )
    sheet.append(
        [3, "周杰", OTHER_ID, "13800003333", "网格长", "白云村", "第二网格", "2023-05-01", ""]
    )
    path = folder / "全错花名册.xlsx"
    book.save(path)
    return path


def test_a_file_with_no_valid_row_cannot_be_imported(qtbot, wizard, choose, opened, db, tmp_path):
    pick_file(qtbot, wizard, choose, rejected_roster(tmp_path))
    wizard.next()
    preview(qtbot, wizard)
    page_ = wizard.preview_page
    assert "拒绝 3" in page_.counts_label.text()
    import_button = wizard.button(QWizard.WizardButton.CommitButton)
    assert import_button.text() == "导入(&I)" and not import_button.isEnabled()
    assert page_.nothing_label.isVisibleTo(wizard)
    assert "没有可导入的行" in page_.nothing_label.text() and "3 行" in page_.nothing_label.text()

    page_.rejected_workbook_button.click()  # what to correct, without importing nothing
    assert len(opened) == 1 and load_workbook(opened[0]).active.max_row == 4
    assert count_people(db) == 5


def test_importing_the_same_file_again_says_nothing_was_imported(
    qtbot, wizard, choose, db, settings, roster_file
):
    pick_file(qtbot, wizard, choose, roster_file)
    wizard.next()
    preview(qtbot, wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == SUMMARY_PAGE)
    assert wizard.summary_page.outcome_label.text() == "花名册已导入，1 行被拒绝未导入。"

    again = ImportWizard(db, settings)
    qtbot.addWidget(again)
    again.show()
    pick_file(qtbot, again, choose, roster_file)
    again.next()
    preview(qtbot, again)  # 2 rows unchanged, 1 rejected: still something valid
    assert again.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert not again.preview_page.nothing_label.isVisibleTo(again)
    again.next()
    qtbot.waitUntil(lambda: again.currentId() == SUMMARY_PAGE)
    outcome = again.summary_page.outcome_label.text()
    assert outcome.startswith("没有导入任何人员") and "已导入" not in outcome


def test_every_reason_of_a_rejected_row_is_shown(qtbot, wizard, choose, tmp_path):
    pick_file(qtbot, wizard, choose, rejected_roster(tmp_path))
    wizard.next()
    preview(qtbot, wizard)
    page_ = wizard.preview_page
    table = page_.table
    cell = page_.proxy.index(1, 6).data()  # 刘芳: a bad ID and a village the township lacks
    assert cell.startswith("2 处错误：") and "证件号码" in cell and "白云村" in cell
    # 原因 has the room: the empty 单位 column is no wider than its header needs
    assert table.columnWidth(4) < 80
    assert table.columnWidth(6) > table.viewport().width() // 2

    table.selectRow(1)  # the pane under the table lists them one to a line, uncut
    lines = page_.details_label.text().splitlines()
    assert page_.details_label.isVisibleTo(wizard)
    assert lines[0] == "第 3 行（刘芳）：" and len(lines) == 3
    assert lines[1].startswith("证件号码：") and "白云村" in lines[2]
