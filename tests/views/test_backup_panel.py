"""备份 under 设置: the list, a backup on demand, restoring (checked, confirmed, then handed to the
app to do with the database closed) and the second folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.db import Actor
from desktop.paths import data_dir
from desktop.services import backup
from desktop.views.background import wait_for_background_work
from desktop.views.backup_panel import SECOND_FOLDER_KEY, BackupPanel, backup_folders

WAIT = 20_000  # ms: checking backups runs on a thread pool, slow on a busy test machine


@pytest.fixture
def panel(qtbot, db, settings):
    widget = BackupPanel(db, settings)
    widget.restarts = []
    widget.restart = widget.restarts.append
    qtbot.addWidget(widget)
    widget.resize(900, 480)
    widget.show()
    qtbot.waitUntil(lambda: not widget._busy, timeout=WAIT)
    return widget


def settle(qtbot, panel) -> None:
    qtbot.waitUntil(lambda: not panel._busy, timeout=WAIT)


def test_the_column_headers_are_whole_before_any_backup(panel):
    assert panel.table.rowCount() == 0
    header = panel.table.horizontalHeader()
    metrics = header.fontMetrics()
    for column in range(panel.table.columnCount() - 1):
        text = panel.table.horizontalHeaderItem(column).text()
        assert header.sectionSize(column) > metrics.horizontalAdvance(text) + 8, text


def test_back_up_now_lists_the_checked_backup(qtbot, panel, db, tmp_path):
    assert panel.table.rowCount() == 0 and panel.status_label.text() == "还没有备份。"
    panel.backup_button.click()
    assert not panel.backup_button.isEnabled()  # one at a time, without freezing the window
    settle(qtbot, panel)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=WAIT)
    settle(qtbot, panel)
    cells = [panel.table.item(0, c).text() for c in range(panel.table.columnCount())]
    assert cells[1:4] == ["手动", cells[2], "通过"] and cells[2].endswith("KB")
    assert cells[4] == str(backup.default_folder(data_dir()))
    (made,) = backup.list_backups(backup.default_folder(data_dir()))
    assert panel.status_label.text() == f"已备份并检查通过：{made.path}"
    panel.grab().save(str(tmp_path / "backup_panel.png"))


def test_a_damaged_backup_shows_failed_and_cannot_be_restored(qtbot, panel, db, boxes):
    made = backup.make_backup(db, backup.default_folder(data_dir()), kind="daily")
    made.path.write_bytes(made.path.read_bytes()[:3000])
    panel.load()
    settle(qtbot, panel)
    assert panel.table.item(0, 3).text() == "未通过"
    panel.table.selectRow(0)
    panel.restore_button.click()
    qtbot.waitUntil(lambda: boxes.shown != [], timeout=WAIT)
    ((kind, text),) = boxes.shown
    assert kind == "error" and text.startswith("未恢复：") and "备份文件" in text
    assert panel.restarts == []


def test_restoring_asks_then_hands_the_backup_to_the_app(qtbot, panel, db, boxes):
    made = backup.make_backup(db, backup.default_folder(data_dir()), kind="daily")
    panel.load()
    settle(qtbot, panel)
    panel.table.selectRow(0)
    boxes.answer = False
    panel.restore_button.click()
    qtbot.waitUntil(lambda: boxes.shown != [], timeout=WAIT)
    assert "先另存一份" in boxes.texts("confirm")[0] and panel.restarts == []
    boxes.answer = True
    panel.restore_button.click()
    qtbot.waitUntil(lambda: panel.restarts != [], timeout=WAIT)
    assert panel.restarts == [made.path]


def test_restoring_from_a_file_of_another_program_is_refused(qtbot, panel, boxes, tmp_path):
    other = tmp_path / "表格.xlsx"
    other.write_bytes(b"PK\x03\x04 not a database")
    panel.choose_file = lambda: str(other)
    panel.restore_file_button.click()
    qtbot.waitUntil(lambda: boxes.shown != [], timeout=WAIT)
    assert "不是枫网数据库" in boxes.texts("error")[0] or "已损坏" in boxes.texts("error")[0]
    assert panel.restarts == []


def test_the_second_folder_is_kept_per_computer_and_backed_up_to(qtbot, panel, settings, tmp_path):
    usb = tmp_path / "U盘"
    usb.mkdir()
    panel.choose_folder = lambda: str(usb)
    panel.second_button.click()
    assert settings.value(SECOND_FOLDER_KEY) == str(usb)
    assert panel.second_edit.text() == str(usb) and panel.clear_second_button.isEnabled()
    settle(qtbot, panel)
    panel.backup_button.click()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=WAIT)
    settle(qtbot, panel)
    assert len(backup.list_backups(usb)) == 1
    panel.clear_second_button.click()
    settle(qtbot, panel)
    assert backup_folders(settings) == [backup.default_folder(data_dir())]
    assert panel.table.rowCount() == 1


def test_only_an_administrator_may_back_up_or_restore(qtbot, db, settings):
    db.actor = Actor("李四", "clerk")
    widget = BackupPanel(db, settings)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: not widget._busy, timeout=WAIT)
    assert not widget.backup_button.isEnabled() and not widget.restore_file_button.isEnabled()
    wait_for_background_work()


def test_a_server_database_is_explained(qtbot, settings):
    class ServerDatabase:
        sqlite_path = None
        read_only = False
        actor = None

    widget = BackupPanel(ServerDatabase(), settings)  # type: ignore[arg-type]
    qtbot.addWidget(widget)
    widget.show()
    assert "县信息化部门" in widget.status_label.text()
    assert not widget.backup_button.isEnabled()


def test_backup_folders_skip_an_unplugged_drive(settings, tmp_path):
    settings.setValue(SECOND_FOLDER_KEY, str(tmp_path / "not-plugged-in"))
    assert backup_folders(settings) == [backup.default_folder(data_dir())]
    assert Path(settings.value(SECOND_FOLDER_KEY)).name == "not-plugged-in"
