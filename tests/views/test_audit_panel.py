"""设置 → 操作日志: filters, the selected entry's changes, export, 校验, paging, administrators only."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate

from desktop.services import access, audit, roster
from desktop.services.access import Role
from desktop.services.roster import PersonDraft
from desktop.views import audit_panel
from desktop.views.audit_panel import AuditPanel

PASSWORD = "mima2026ok"


@pytest.fixture
def trail_db(db):
    """An administrator, people added and changed by a clerk, an export on an earlier day."""
    access.create_user(db, "管理员", Role.ADMIN, PASSWORD)
    access.log_in(db, "管理员", PASSWORD, now=datetime(2026, 3, 2, 8))
    access.create_user(db, "李经办", Role.CLERK, PASSWORD)
    access.log_in(db, "李经办", PASSWORD, now=datetime(2026, 3, 2, 9))
    zhang = roster.add_person(db, PersonDraft(name="张三", phone="13812345678"))
    roster.add_person(db, PersonDraft(name="李四"))
    roster.update_person(db, zhang.id, PersonDraft(name="张三", phone="13900000000"))
    audit.log_event(
        db, "export", entity="person", summary="导出花名册 12 人", at=datetime(2026, 3, 1, 16)
    )
    access.log_in(db, "管理员", PASSWORD, now=datetime(2026, 3, 2, 10))
    return db


@pytest.fixture
def panel(qtbot, trail_db):
    widget = AuditPanel(trail_db)
    qtbot.addWidget(widget)
    widget.resize(1100, 560)
    widget.show()
    widget.reload()
    return widget


def shown(panel) -> list[list[str]]:
    model = panel.model
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))
    combo.activated.emit(combo.currentIndex())


def test_the_newest_first_with_the_selected_entrys_changes(panel, qtmodeltester, tmp_path):
    qtmodeltester.check(panel.model)
    rows = shown(panel)
    assert rows[0][1:4] == ["管理员", "登录", "用户 1"]
    summaries = [row[4] for row in rows]
    assert "修改人员 张三：联系电话 138****5678 → 139****0000" in summaries
    position = summaries.index("修改人员 张三：联系电话 138****5678 → 139****0000")
    panel.table.selectRow(position)
    detail = panel.detail_model
    assert [[detail.index(r, c).data() for c in range(3)] for r in range(detail.rowCount())] == [
        ["联系电话", "138****5678", "139****0000"]
    ]
    assert panel.detail_title.text().startswith("修改人员 张三")
    panel.grab().save(str(tmp_path / "audit_panel.png"))


def test_filters_by_user_record_action_dates_and_text(qtbot, panel):
    choose(panel.user_combo, "李经办")
    assert {row[1] for row in shown(panel)} == {"李经办"}
    choose(panel.entity_combo, "person")
    choose(panel.action_combo, "create")
    assert [row[4] for row in shown(panel)] == ["新增人员 李四", "新增人员 张三"]
    choose(panel.user_combo, "")
    choose(panel.action_combo, "")
    choose(panel.entity_combo, "")
    panel.start_edit.setDate(QDate(2026, 3, 1))
    panel.end_edit.setDate(QDate(2026, 3, 1))
    assert [row[4] for row in shown(panel)] == ["导出花名册 12 人"]
    panel.start_edit.set_value(None)
    panel.end_edit.set_value(None)
    panel.text_edit.setText("李四")
    qtbot.waitUntil(lambda: [row[4] for row in shown(panel)] == ["新增人员 李四"])
    panel.text_edit.setText("没有这回事")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    assert panel.status_label.text() == "没有符合条件的记录。"
    assert panel.detail_model.rowCount() == 0


def test_a_long_trail_is_read_a_page_at_a_time(panel, trail_db, monkeypatch):
    monkeypatch.setattr(audit_panel, "PAGE_SIZE", 3)
    with trail_db.session() as session:
        for number in range(7):
            audit.append(session, user_name="管理员", action="print", summary=f"打印 {number}")
    panel.apply_filters()
    assert panel.model.rowCount() == 3 and panel.model.canFetchMore()
    assert "最新的 3 条" in panel.status_label.text()
    newest = [row[4] for row in shown(panel)]
    assert newest == ["打印 6", "打印 5", "打印 4"]
    panel.model.fetchMore()
    assert [row[4] for row in shown(panel)][3:] == ["打印 3", "打印 2", "打印 1"]
    total = len(audit.list_entries(trail_db, limit=1000))
    while panel.model.canFetchMore():
        panel.model.fetchMore()
    assert panel.model.rowCount() == total
    ids = [entry.id for entry in panel.model.entries]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == total


def test_export_writes_the_filtered_entries(qtbot, panel, boxes, tmp_path, monkeypatch):
    target = tmp_path / "日志"
    monkeypatch.setattr(audit_panel, "choose_save_path", lambda *_: str(target))
    choose(panel.action_combo, "update")
    panel.export_button.click()
    qtbot.waitUntil(lambda: bool(boxes.texts("info")))
    written = target.with_suffix(".xlsx")
    assert boxes.texts("info") == [f"已导出 1 条操作日志到 {written}"]
    rows = list(load_workbook(written).active.iter_rows(values_only=True))
    assert [row[6] for row in rows[1:]] == ["修改人员 张三：联系电话 138****5678 → 139****0000"]
    choose(panel.action_combo, "export")
    assert shown(panel)[0][4] == "导出操作日志 1 条 → 日志.xlsx"


def test_verify_says_the_trail_is_whole_or_names_the_broken_entry(qtbot, panel, trail_db, boxes):
    panel.verify_button.click()
    qtbot.waitUntil(lambda: bool(boxes.texts()))
    assert boxes.texts("info")[0].startswith("操作日志完整：")
    assert panel.verify_label.text() == boxes.texts("info")[0]
    from sqlalchemy import text

    with trail_db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET summary = '新增人员 王五' WHERE id = 3"))
    panel.verify_button.click()
    qtbot.waitUntil(lambda: bool(boxes.texts("warning")))
    assert "第 3 号记录的内容与其校验值不符" in boxes.texts("warning")[0]


def test_anyone_but_an_administrator_is_told_why_nothing_is_shown(qtbot, trail_db):
    access.log_in(trail_db, "李经办", PASSWORD, now=datetime(2026, 3, 2, 11))
    widget = AuditPanel(trail_db)
    qtbot.addWidget(widget)
    widget.reload()
    assert widget.model.rowCount() == 0
    assert widget.status_label.text() == "李经办（经办人）没有“管理用户和查看操作日志”的权限"
    assert not widget.export_button.isEnabled() and not widget.verify_button.isEnabled()
    access.log_in(trail_db, "管理员", PASSWORD, now=datetime(2026, 3, 2, 12))
    widget.reload()  # the tab shown again
    assert widget.model.rowCount() > 0 and widget.export_button.isEnabled()
    assert widget.status_label.text().startswith("共 ")
