"""Log-in at start: the first start sets up the administrator; later starts ask for a password,
with the service's refusal shown; cancel means quit."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from desktop.services import access
from desktop.services.access import Role
from desktop.views.login_dialog import (
    LAST_USER_KEY,
    FirstAdminDialog,
    LoginDialog,
    log_in_at_start,
)
from desktop.views.password_dialog import PasswordDialog

NOW = datetime(2026, 3, 2, 9, 0)
PASSWORD = "guanli2026"


@pytest.fixture
def accounts(db):
    access.create_user(db, "李主任", Role.ADMIN, PASSWORD)
    access.log_in(db, "李主任", PASSWORD, now=NOW)
    access.create_user(db, "张三", Role.CLERK, "jingban2026")
    access.log_out(db)
    return db


def login_dialog(qtbot, db, settings, now=lambda: NOW) -> LoginDialog:
    dialog = LoginDialog(db, settings, now=now)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def try_password(qtbot, dialog, name: str, password: str) -> None:
    dialog.name_edit.setText(name)
    dialog.password_edit.setText(password)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def when_modal(action) -> None:
    """Act on the modal dialog log_in_at_start opens, once its event loop runs."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        action(dialog)

    QTimer.singleShot(0, act)


def test_first_start_creates_the_administrator_and_logs_in(qtbot, db, settings, tmp_path):
    def fill(dialog) -> None:
        assert isinstance(dialog, FirstAdminDialog)
        dialog.name_edit.setText("李主任")  # keyClicks types Latin-1 only
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        qtbot.keyClicks(dialog.again_edit, PASSWORD)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_modal(fill)
    assert log_in_at_start(db, settings) is True
    assert db.actor is not None and (db.actor.name, db.actor.role) == ("李主任", "admin")
    assert [(u.name, u.role) for u in access.list_users(db)] == [("李主任", Role.ADMIN)]
    assert settings.value(LAST_USER_KEY) == "李主任"


def test_the_administrators_form_shows_the_rules_and_errors_by_field(qtbot, db, tmp_path):
    dialog = FirstAdminDialog(db, now=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "密码至少 8 位，须同时含有字母和数字。" in texts
    dialog.password_edit.setText("abc12345")
    dialog.again_edit.setText("abc12346")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("again") == "两次输入的密码不一致"
    dialog.password_edit.setText("12345678")
    dialog.again_edit.setText("12345678")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("name") == "请填写用户名"
    assert dialog.form.error_text("password") == "密码须同时含有字母和数字"
    assert dialog.isVisible() and not access.has_users(db)
    dialog.grab().save(str(tmp_path / "first_admin.png"))


def test_a_wrong_password_says_how_many_attempts_are_left(qtbot, accounts, settings, tmp_path):
    dialog = login_dialog(qtbot, accounts, settings)
    try_password(qtbot, dialog, "张三", "wrong2026")
    assert dialog.form.general_error.text() == "用户名或密码不正确（再错 4 次将锁定 5 分钟）"
    assert dialog.password_edit.text() == "" and dialog.isVisible()
    assert accounts.actor is None
    dialog.grab().save(str(tmp_path / "login_wrong.png"))


def test_a_locked_account_says_for_how_long(qtbot, accounts, settings, tmp_path):
    dialog = login_dialog(qtbot, accounts, settings)
    for _ in range(5):
        try_password(qtbot, dialog, "张三", "wrong2026")
    assert "锁定 5 分钟" in dialog.form.general_error.text()
    try_password(qtbot, dialog, "张三", "jingban2026")  # even the right password waits
    assert dialog.form.general_error.text() == "密码错误次数过多，账户已锁定，请 5 分钟后再试"
    assert accounts.actor is None
    dialog.grab().save(str(tmp_path / "login_locked.png"))
    later = login_dialog(qtbot, accounts, settings, now=lambda: NOW + timedelta(minutes=6))
    try_password(qtbot, later, "张三", "jingban2026")
    assert later.result() == LoginDialog.DialogCode.Accepted
    assert accounts.actor.name == "张三"


def test_the_user_name_is_remembered_on_this_computer(qtbot, accounts, settings):
    dialog = login_dialog(qtbot, accounts, settings)
    try_password(qtbot, dialog, "张三", "jingban2026")
    assert accounts.actor == access.log_in(accounts, "张三", "jingban2026", now=NOW)
    again = login_dialog(qtbot, accounts, settings)
    assert again.name_edit.text() == "张三"
    assert again.focusWidget() is again.password_edit


def test_cancel_at_the_log_in_means_quit(qtbot, accounts, settings):
    when_modal(lambda dialog: dialog.reject())
    assert log_in_at_start(accounts, settings) is False
    assert accounts.actor is None


def test_cancel_at_the_first_start_means_quit(qtbot, db, settings):
    when_modal(lambda dialog: dialog.reject())
    assert log_in_at_start(db, settings) is False
    assert not access.has_users(db)


def test_log_in_at_start_asks_the_password_when_accounts_exist(qtbot, accounts, settings):
    def log_in(dialog) -> None:
        assert isinstance(dialog, LoginDialog)
        try_password(qtbot, dialog, "李主任", PASSWORD)

    when_modal(log_in)
    assert log_in_at_start(accounts, settings) is True
    assert accounts.actor.name == "李主任"


def test_changing_ones_password_asks_the_old_one(qtbot, accounts, tmp_path):
    access.log_in(accounts, "张三", "jingban2026", now=NOW)
    dialog = PasswordDialog(accounts, "张三")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.old_edit.setText("jingban2025")
    dialog.new_edit.setText("xinmima2026")
    dialog.again_edit.setText("xinmima2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("old") == "原密码不正确"
    dialog.grab().save(str(tmp_path / "change_password.png"))
    dialog.old_edit.setText("jingban2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == PasswordDialog.DialogCode.Accepted
    access.log_in(accounts, "张三", "xinmima2026", now=NOW)


def test_the_benchmark_may_skip_only_the_administrators_set_up(qtbot, db, settings):
    assert log_in_at_start(db, settings, ask_for_administrator=False) is True
    assert db.actor is None and not access.has_users(db)
    access.create_user(db, "李主任", Role.ADMIN, PASSWORD)
    when_modal(lambda dialog: dialog.reject())  # with accounts, the password is always asked
    assert log_in_at_start(db, settings, ask_for_administrator=False) is False
