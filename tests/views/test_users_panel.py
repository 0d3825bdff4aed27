"""用户 under 设置: accounts with role and state, adding, role changes, disabling, password
resets and the idle-lock minutes; a non-administrator sees the service's refusal."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop.services import access, security_settings
from desktop.services.access import Role
from desktop.views.users_panel import AddUserDialog, UsersPanel

NOW = datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def accounts(db):
    access.create_user(db, "李主任", Role.ADMIN, "guanli2026")
    access.log_in(db, "李主任", "guanli2026", now=NOW)
    access.create_user(db, "张三", Role.CLERK, "jingban2026")
    access.create_user(db, "王五", Role.VIEWER, "chakan2026")
    return db


@pytest.fixture
def panel(qtbot, accounts):
    widget = UsersPanel(accounts, now=lambda: NOW)
    qtbot.addWidget(widget)
    widget.resize(900, 560)
    widget.show()
    return widget


def rows(panel: UsersPanel) -> list[tuple[str, str, str]]:
    model = panel.model
    return [
        tuple(model.index(row, column).data() for column in range(3))
        for row in range(model.rowCount())
    ]


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_lists_accounts_with_role_and_state(qtbot, qtmodeltester, panel, accounts, tmp_path):
    for _ in range(5):
        with pytest.raises(access.RefusedError):
            access.log_in(accounts, "王五", "wrong2026", now=NOW)
    access.set_role(accounts, "张三", Role.CLERK, active=False)
    panel.reload()
    assert rows(panel) == [
        ("李主任", "管理员", "在用"),
        ("张三", "经办人", "停用"),
        ("王五", "查看", "已锁定"),
    ]
    assert [panel.model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "用户名",
        "角色",
        "状态",
    ]
    qtmodeltester.check(panel.model)
    panel.select_user("张三")
    assert panel.active_button.text() == "启用(&E)"
    panel.grab().save(str(tmp_path / "users_panel.png"))


def test_nothing_selected_leaves_the_user_buttons_off(panel):
    assert panel.selected_user() is None
    assert not panel.role_button.isEnabled() and not panel.reset_button.isEnabled()
    assert panel.add_button.isEnabled()


def test_an_administrator_adds_a_user(qtbot, panel, accounts, tmp_path):
    click(qtbot, panel.add_button)
    dialog = panel.active_dialog
    assert isinstance(dialog, AddUserDialog)
    dialog.name_edit.setText("赵六")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.LEADER))
    dialog.password_edit.setText("short1")
    dialog.again_edit.setText("short1")
    click(qtbot, dialog.save_button)
    assert dialog.form.error_text("password") == "密码至少 8 位"
    dialog.grab().save(str(tmp_path / "add_user.png"))
    dialog.password_edit.setText("lingdao2026")
    dialog.again_edit.setText("lingdao2026")
    click(qtbot, dialog.save_button)
    assert panel.active_dialog is None
    assert rows(panel)[-1] == ("赵六", "领导", "在用")


def test_change_role_and_disable(qtbot, panel, accounts):
    panel.select_user("张三")
    panel.role_combo.setCurrentIndex(panel.role_combo.findData(Role.LEADER))
    click(qtbot, panel.role_button)
    assert rows(panel)[1] == ("张三", "领导", "在用")
    click(qtbot, panel.active_button)
    assert rows(panel)[1] == ("张三", "领导", "停用")
    assert panel.selected_user().name == "张三"  # the selection stays on the user changed
    with pytest.raises(access.RefusedError, match="已停用"):
        access.log_in(accounts, "张三", "jingban2026", now=NOW)


def test_the_last_administrator_stays(qtbot, panel):
    panel.select_user("李主任")
    click(qtbot, panel.active_button)
    assert panel.refusal_label.text() == "至少要保留一个在用的管理员"
    assert panel.refusal_label.isVisible()
    assert rows(panel)[0] == ("李主任", "管理员", "在用")


def test_resetting_a_password_lifts_a_lock(qtbot, panel, accounts):
    for _ in range(5):
        with pytest.raises(access.RefusedError):
            access.log_in(accounts, "王五", "wrong2026", now=NOW)
    access.log_in(accounts, "李主任", "guanli2026", now=NOW)
    panel.reload()
    panel.select_user("王五")
    click(qtbot, panel.reset_button)
    dialog = panel.active_dialog
    dialog.new_edit.setText("chongshe2026")
    dialog.again_edit.setText("chongshe2026")
    click(qtbot, dialog.save_button)
    assert rows(panel)[2] == ("王五", "查看", "在用")
    access.log_in(accounts, "王五", "chongshe2026", now=NOW + timedelta(minutes=1))


def test_a_clerk_is_refused_and_told_why(qtbot, panel, accounts, tmp_path):
    access.log_in(accounts, "张三", "jingban2026", now=NOW)
    click(qtbot, panel.add_button)
    assert panel.active_dialog is None
    assert panel.refusal_label.text() == "张三（经办人）没有“管理用户和查看操作日志”的权限"
    panel.select_user("王五")
    click(qtbot, panel.reset_button)
    assert panel.active_dialog is None
    panel.role_combo.setCurrentIndex(panel.role_combo.findData(Role.ADMIN))
    click(qtbot, panel.role_button)
    assert "没有“管理用户和查看操作日志”的权限" in panel.refusal_label.text()
    assert rows(panel)[2] == ("王五", "查看", "在用")
    panel.grab().save(str(tmp_path / "users_panel_refused.png"))


def test_the_idle_minutes_are_saved(qtbot, panel, accounts):
    saved = []
    panel.idle_minutes_saved.connect(saved.append)
    assert panel.idle_spin.value() == 15
    panel.idle_spin.setValue(0)
    click(qtbot, panel.idle_button)
    assert panel.lock_form.error_text("idle_minutes") == "自动锁定时间应为 1～240 分钟"
    panel.idle_spin.setValue(10)
    click(qtbot, panel.idle_button)
    assert saved == [10] and panel.idle_saved_label.text() == "已保存。"
    assert security_settings.idle_minutes(accounts) == 10


def test_a_one_township_database_does_not_show_where_accounts_work(panel):
    from desktop.views.users_panel import WORKS_IN

    panel.reload()
    assert panel.table.isColumnHidden(WORKS_IN)
