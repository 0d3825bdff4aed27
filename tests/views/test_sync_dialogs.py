"""导出同步包 and 导入同步包 as a clerk uses them: a package to the county, a package back."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QDialogButtonBox

from desktop.db import Database, open_database
from desktop.exchange.sync import (
    CHECKSUM_REFUSED,
    THEIRS,
    RecordChange,
    SyncPreview,
    SyncResult,
    export_sync_package,
    read_sync_package,
)
from desktop.services import roster
from desktop.services.demo import build_demo
from desktop.views import export_dialog, sync_dialogs
from desktop.views.exchange_page import ExchangePage
from desktop.views.sync_dialogs import ExportSyncDialog, ImportSyncDialog, SyncChangesModel

THEIR_PHONE = "13900001111"
OUR_PHONE = "13700002222"


@pytest.fixture(scope="module")
def agreed(tmp_path_factory) -> Path:
    """A demo township that has sent the county one package: both sides know that content."""
    folder = tmp_path_factory.mktemp("agreed")
    path = folder / "township.db"
    database = open_database(f"sqlite:///{path}")
    try:
        build_demo(database, seed=1)
        export_sync_package(database, folder / "first.xlsx")
    finally:
        database.close()
    return path


@dataclasses.dataclass
class Sides:
    ours: Database  # the database the clerk's window runs on
    theirs_path: Path
    folder: Path

    def change_phone(self, db: Database, phone: str) -> roster.PersonInfo:
        person = roster.list_people(db)[0]
        return roster.update_person(db, person.id, dataclasses.replace(person.draft(), phone=phone))

    def their_package(self, phone: str = THEIR_PHONE) -> Path:
        """The other side corrects the first person's phone and sends a package."""
        database = open_database(f"sqlite:///{self.theirs_path}")
        try:
            self.change_phone(database, phone)
            export_sync_package(database, self.folder / "package.xlsx")
        finally:
            database.close()
        return self.folder / "package.xlsx"


@pytest.fixture
def sides(agreed, tmp_path) -> Sides:
    shutil.copy(agreed, tmp_path / "ours.db")
    shutil.copy(agreed, tmp_path / "theirs.db")
    ours = open_database(f"sqlite:///{tmp_path / 'ours.db'}")
    yield Sides(ours, tmp_path / "theirs.db", tmp_path)
    ours.close()


@pytest.fixture
def exchange(qtbot, sides, settings) -> ExchangePage:
    page = ExchangePage(sides.ours, settings)
    qtbot.addWidget(page)
    page.show()
    return page


def open_package(qtbot, exchange, monkeypatch, path: Path) -> ImportSyncDialog:
    monkeypatch.setattr(sync_dialogs, "choose_package", lambda *_args: str(path))
    exchange.import_sync_button.click()
    dialog = exchange.active_dialog
    assert isinstance(dialog, ImportSyncDialog)
    qtbot.waitUntil(lambda: not dialog.running)
    return dialog


def rows(dialog: ImportSyncDialog) -> list[dict[str, str]]:
    proxy = dialog.proxy
    headers = [proxy.headerData(c, sync_dialogs.Qt.Orientation.Horizontal) for c in range(6)]
    return [
        {headers[c]: proxy.index(r, c).data() for c in range(proxy.columnCount())}
        for r in range(proxy.rowCount())
    ]


def test_the_export_warns_and_writes_a_package(qtbot, exchange, sides, boxes, monkeypatch):
    target = sides.folder / "给县里"
    monkeypatch.setattr(export_dialog, "choose_save_path", lambda *_args: str(target))
    exchange.export_sync_button.click()
    dialog = exchange.active_dialog
    assert isinstance(dialog, ExportSyncDialog)
    warning = dialog.privacy_warning.text()
    assert dialog.privacy_warning.isVisibleTo(dialog)
    assert "身份证" in warning and "内部资料" in warning and "县综治中心" in warning
    dialog.browse_button.click()
    with qtbot.waitSignal(dialog.exported):
        dialog.export_button.click()
    written = sides.folder / "给县里.xlsx"
    package = read_sync_package(written)
    assert package.manifest.township_name == "示例镇"
    assert package.manifest.counts["人员"] == 330
    told = boxes.texts("info")[0]
    assert str(written) in told and "人员：330 行" in told


def test_a_phone_changed_over_there_is_applied_and_the_roster_reloads(
    qtbot, exchange, sides, boxes, monkeypatch
):
    dialog = open_package(qtbot, exchange, monkeypatch, sides.their_package())
    assert "示例镇" in dialog.source_label.text()
    assert "对方修改 1" in dialog.counts_label.text() and "冲突 0" in dialog.counts_label.text()
    [row] = rows(dialog)
    person = roster.list_people(sides.ours)[0]
    assert row["名称"] == person.name and row["状态"] == "对方修改"
    assert row["类别"] == "人员" and row["不同的字段"].startswith("联系电话：本机 ")
    assert dialog.apply_button.isEnabled()  # nothing to decide
    assert not dialog.take_theirs_button.isEnabled()  # the selected row is no conflict
    with qtbot.waitSignal(exchange.roster_changed):
        dialog.apply_button.click()
    assert roster.get_person(sides.ours, person.id).phone == THEIR_PHONE
    assert "更新 1" in boxes.texts("info")[0]


def test_a_conflict_must_be_decided_before_applying(qtbot, exchange, sides, boxes, monkeypatch):
    person = sides.change_phone(sides.ours, OUR_PHONE)  # changed here too
    dialog = open_package(qtbot, exchange, monkeypatch, sides.their_package())
    [row] = rows(dialog)
    assert row["状态"] == "冲突" and row["处理"] == "待定"
    # Both values, to decide between them, masked as every screen masks phones.
    ours, theirs = (f"{p[:3]}****{p[-4:]}" for p in (OUR_PHONE, THEIR_PHONE))
    assert row["不同的字段"] == f"联系电话：本机 {ours}，对方 {theirs}"
    assert OUR_PHONE not in row["不同的字段"] and THEIR_PHONE not in row["不同的字段"]
    # the first conflict is selected and shown in full under the table, however narrow the column
    detail = dialog.detail_label.text()
    assert detail.startswith(f"{person.name}：联系电话：本机 {ours}，对方 {theirs}")
    assert "两边都修改" in detail  # why it is a conflict
    assert not dialog.apply_button.isEnabled()
    assert "1 条冲突" in dialog.decide_note.text()
    dialog.filter_combo.setCurrentIndex(dialog.filter_combo.findData("changed"))
    assert rows(dialog) == []
    dialog.filter_combo.setCurrentIndex(dialog.filter_combo.findData("conflict"))

    dialog.select_record(person.name)
    dialog.take_theirs_button.click()
    assert rows(dialog)[0]["处理"] == "采用对方"
    assert dialog.model.decisions == {dialog.model.records[0].uid: THEIRS}
    assert dialog.apply_button.isEnabled()
    with qtbot.waitSignal(exchange.roster_changed):
        dialog.apply_button.click()
    assert roster.get_person(sides.ours, person.id).phone == THEIR_PHONE


def test_keep_ours_for_all_keeps_our_phone(qtbot, exchange, sides, monkeypatch):
    person = sides.change_phone(sides.ours, OUR_PHONE)
    dialog = open_package(qtbot, exchange, monkeypatch, sides.their_package())
    dialog.all_ours_button.click()
    assert rows(dialog)[0]["处理"] == "保留本机"
    with qtbot.waitSignal(dialog.applied) as applied:
        dialog.apply_button.click()
    assert applied.args[0].kept_ours == 1
    assert roster.get_person(sides.ours, person.id).phone == OUR_PHONE


def test_a_tampered_package_is_refused_in_chinese(qtbot, exchange, sides, monkeypatch):
    path = sides.their_package()
    book = load_workbook(path)
    sheet = book["人员"]
    sheet.cell(row=2, column=2).value = "改过的名字"
    book.save(path)
    person = roster.list_people(sides.ours)[0]
    dialog = open_package(qtbot, exchange, monkeypatch, path)
    assert dialog.error_label.text() == CHECKSUM_REFUSED
    assert not dialog.error_label.isHidden()
    assert not dialog.apply_button.isEnabled()
    assert dialog.model.rowCount() == 0
    assert roster.get_person(sides.ours, person.id) == person  # nothing written
    # the reason and 关闭, not an empty preview with buttons that can never work
    assert dialog.table.isHidden() and dialog.apply_button.isHidden()
    assert dialog.keep_ours_button.isHidden() and dialog.filter_combo.isHidden()
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert close.text() == "关闭" and close.isVisible()


def test_theirs_is_disabled_where_only_ours_can_be_kept(qtbot, qtmodeltester):
    model = SyncChangesModel()
    blocked = RecordChange(
        "person", "u1", "conflict", "王五", ("公民身份号码",), "身份证号码已属于本机另一人", False
    )
    model.set_preview(
        SyncPreview(
            "511922100",
            "示例镇",
            [
                blocked,
                RecordChange("unit", "u2", "added", "新村（511922100200）"),
                RecordChange("person", "u3", "unchanged", "赵六"),
            ],
        )
    )
    qtmodeltester.check(model)
    assert model.rowCount() == 2  # unchanged records are not listed
    model.decide([0], THEIRS)
    assert model.undecided() == 1
    tip = model.index(0, SyncChangesModel.DECISION).data(sync_dialogs.Qt.ItemDataRole.ToolTipRole)
    assert "身份证号码已属于本机另一人" in tip
    model.decide_all(THEIRS)
    assert model.decisions == {"u1": "ours"}
    qtmodeltester.check(model)


def test_an_export_the_core_refuses_is_explained_in_chinese(qtbot, db, tmp_path):
    dialog = ExportSyncDialog(db)  # an empty database: no township yet
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(str(tmp_path / "同步包.xlsx"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.error_label.isHidden())
    assert "还没有乡镇" in dialog.error_label.text()
    assert dialog.isVisible() and dialog.export_button.isEnabled()
    assert not (tmp_path / "同步包.xlsx").exists()


def test_a_conflict_that_cannot_take_theirs_says_why(qtbot, exchange, sides, monkeypatch):
    """A citizen ID that belongs to another person here: only ours can be kept."""
    path = sides.their_package()
    real_preview = sync_dialogs.preview_sync

    def duplicate_id(db, package):
        preview = real_preview(db, package)
        preview.records = [
            dataclasses.replace(
                r, status="conflict", reason="身份证号码已属于本机另一人", theirs_allowed=False
            )
            if r.status == "changed"
            else r
            for r in preview.records
        ]
        return preview

    monkeypatch.setattr(sync_dialogs, "preview_sync", duplicate_id)
    dialog = open_package(qtbot, exchange, monkeypatch, path)
    assert dialog.keep_ours_button.isEnabled()
    assert not dialog.take_theirs_button.isEnabled()
    assert "身份证号码已属于本机另一人" in dialog.take_theirs_button.toolTip()
    dialog.all_theirs_button.click()  # the one that cannot take theirs keeps ours
    assert rows(dialog)[0]["处理"] == "保留本机"
    assert dialog.apply_button.isEnabled()


def test_the_result_names_the_categories_and_warning_types_it_created(
    qtbot, exchange, sides, monkeypatch
):
    sides.change_phone(sides.ours, OUR_PHONE)
    dialog = open_package(qtbot, exchange, monkeypatch, sides.their_package())
    made = SyncResult(
        added=2, categories_created=["宗教纠纷"], warning_types_created=["山洪", "防汛"]
    )
    text = dialog.applied_text(made)
    assert "新增纠纷类别：宗教纠纷" in text
    assert "新增预警类型：山洪、防汛" in text
