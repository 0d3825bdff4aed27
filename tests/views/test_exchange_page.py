"""数据交换: exporting the roster for the county and a blank template for the villages."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from desktop.views import export_dialog
from desktop.views.export_dialog import ExportRosterDialog
from tests.views.helpers import citizen_id

ZHANG_ID = citizen_id("511922", "19800101", 11)


@pytest.fixture
def exchange(window):
    window.show_page("exchange")
    return window.page("exchange")


def cells(path) -> list[str]:
    book = load_workbook(path, read_only=True)
    return [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]


def export(qtbot, exchange, path, *, full: bool = False) -> ExportRosterDialog:
    exchange.export_button.click()
    dialog = exchange.active_dialog
    assert isinstance(dialog, ExportRosterDialog)
    assert not dialog.full_numbers.isChecked()  # masked unless the clerk asks
    dialog.path_edit.setText(str(path))
    dialog.full_numbers.setChecked(full)
    with qtbot.waitSignal(dialog.exported):
        dialog.export_button.click()
    return dialog


def test_the_roster_is_exported_masked_by_default(qtbot, exchange, boxes, tmp_path):
    export(qtbot, exchange, tmp_path / "花名册")  # .xlsx is added
    written = tmp_path / "花名册.xlsx"
    texts = cells(written)
    assert "张三丰" in texts
    assert ZHANG_ID not in texts and "13812345678" not in texts
    assert any(text.startswith("511922") and "*" in text for text in texts)
    assert boxes.texts("info") and str(written) in boxes.texts("info")[0]


def test_full_numbers_come_with_a_warning(qtbot, exchange, tmp_path):
    exchange.export_button.click()
    dialog = exchange.active_dialog
    assert dialog.privacy_warning.isHidden()
    dialog.full_numbers.setChecked(True)
    assert dialog.privacy_warning.isVisibleTo(dialog)
    assert "个人信息" in dialog.privacy_warning.text()
    assert "县综治中心" in dialog.full_numbers.text()
    dialog.reject()

    export(qtbot, exchange, tmp_path / "上报.xlsx", full=True)
    assert ZHANG_ID in cells(tmp_path / "上报.xlsx")


def test_only_the_selected_unit_when_chosen(qtbot, window, township, exchange, tmp_path):
    window.roster_page.select_unit(township.units["石门社区"])
    exchange.export_button.click()
    dialog = exchange.active_dialog
    assert "石门社区" in dialog.selected.text()
    dialog.selected.setChecked(True)
    dialog.path_edit.setText(str(tmp_path / "石门.xlsx"))
    with qtbot.waitSignal(dialog.exported):
        dialog.export_button.click()
    texts = cells(tmp_path / "石门.xlsx")
    assert "李四" in texts and "张三丰" not in texts


def test_a_blank_template_is_written(qtbot, exchange, boxes, tmp_path, monkeypatch):
    target = tmp_path / "空白模板.xlsx"
    monkeypatch.setattr(export_dialog, "choose_save_path", lambda *_args: str(target))
    with qtbot.waitSignal(exchange.template_written):
        exchange.template_button.click()
    assert target.exists()
    assert "张三丰" not in cells(target)
    assert str(target) in boxes.texts("info")[0]


def test_an_unwritable_place_is_explained_in_chinese(qtbot, exchange, tmp_path):
    exchange.export_button.click()
    dialog = exchange.active_dialog
    dialog.path_edit.setText(str(tmp_path / "没有这个文件夹" / "花名册.xlsx"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.error_label.isHidden())
    assert "Traceback" not in dialog.error_label.text()
    assert dialog.isVisible()


def test_the_county_package_goes_out_and_comes_back_in(
    qtbot, exchange, db, boxes, tmp_path, monkeypatch
):
    from desktop.services import assessment_schemes, roster
    from desktop.views import sync_dialogs

    exchange.export_county_button.click()
    assert boxes.texts("error") == ["还没有可下发的考核细则。"]

    assessment_schemes.create_scheme(db, assessment_schemes.default_scheme_draft())
    roster.add_role(db, "网格指导员")
    target = tmp_path / "下发.xlsx"
    monkeypatch.setattr(export_dialog, "choose_save_path", lambda *_args: str(target))
    with qtbot.waitSignal(exchange.county_package_written):
        exchange.export_county_button.click()
    assert "县级下发包（" in boxes.texts("info")[-1]

    monkeypatch.setattr(sync_dialogs, "choose_package", lambda *_args: str(target))
    exchange.import_county_button.click()  # the same database: everything already there
    assert boxes.texts("info")[-1].endswith("岗位目录和纠纷类别与县里一致")
