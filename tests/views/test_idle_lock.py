"""The idle lock: after the set time without input the window is covered, and only the same
user's password opens it; quitting closes the window."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from desktop.services import access, security_settings
from desktop.services.access import Role
from desktop.views.main_window import MainWindow

NOW = datetime(2026, 3, 2, 9, 0)
IDLE_MS = 150


@pytest.fixture
def clerk(db, township):
    access.create_user(db, "李主任", Role.ADMIN, "guanli2026")
    access.log_in(db, "李主任", "guanli2026", now=NOW)
    access.create_user(db, "张三", Role.CLERK, "jingban2026")
    access.log_in(db, "张三", "jingban2026", now=NOW)
    return db


@pytest.fixture
def locking_window(qtbot, clerk, settings):
    window = MainWindow(clerk, settings, idle_interval_ms=IDLE_MS)
    qtbot.addWidget(window)
    window.show()
    window.load()
    yield window
    window.close()  # the application-wide filter goes with it


def test_the_status_bar_names_the_user_and_role(locking_window):
    assert locking_window.user_label.text() == "用户：张三（经办人）"


def test_idling_locks_and_the_right_password_unlocks(qtbot, locking_window, tmp_path):
    qtbot.waitUntil(lambda: locking_window.locked, timeout=3000)
    dialog = locking_window.lock_dialog
    assert dialog.isVisible() and "请输入 张三 的密码" in dialog.intro_label.text()
    assert "长时间未操作" in dialog.intro_label.text()
    assert locking_window.lock_cover.isVisible()
    assert locking_window.lock_cover.geometry() == locking_window.rect()
    locking_window.grab().save(str(tmp_path / "locked_window.png"))
    dialog.grab().save(str(tmp_path / "lock_dialog.png"))

    dialog.password_edit.setText("jingban2025")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "用户名或密码不正确" in dialog.form.general_error.text()
    assert locking_window.locked and dialog.isVisible()

    dialog.password_edit.setText("jingban2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not locking_window.locked
    assert locking_window.isVisible()
    qtbot.waitUntil(lambda: locking_window.locked, timeout=3000)  # the watch starts again


def test_locking_now_does_not_blame_a_time_without_use(qtbot, clerk, settings):
    window = MainWindow(clerk, settings, idle_interval_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    window.load()
    window.lock_action.trigger()  # 立即锁定
    text = window.lock_dialog.intro_label.text()
    assert window.locked and "窗口已锁定" in text and "长时间未操作" not in text
    window.close()


def test_escape_keeps_the_lock_and_quit_closes_the_window(qtbot, locking_window):
    locking_window.lock()
    dialog = locking_window.lock_dialog
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and locking_window.locked
    qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert not locking_window.isVisible()


def test_input_keeps_the_window_open(qtbot, locking_window):
    for step in range(6):  # longer in all than the idle time, but never idle for that long
        qtbot.wait(IDLE_MS // 3)
        qtbot.mouseMove(locking_window.nav, QPoint(10, 10 + step))
        QApplication.processEvents()
    assert not locking_window.locked


def test_the_idle_time_comes_from_the_setting(qtbot, clerk, settings):
    access.log_in(clerk, "李主任", "guanli2026", now=NOW)
    security_settings.save_idle_minutes(clerk, 7)
    window = MainWindow(clerk, settings)
    qtbot.addWidget(window)
    assert window.idle_watcher.interval() == 7 * 60_000
    window.set_idle_minutes(3)
    assert window.idle_watcher.interval() == 3 * 60_000
    window.close()


def test_a_database_without_accounts_never_locks(window):
    assert window.idle_watcher is None
    window.lock()
    assert not window.locked


def test_change_password_from_the_user_menu(qtbot, locking_window, clerk):
    locking_window.password_action.trigger()
    dialog = locking_window.active_dialog
    dialog.old_edit.setText("jingban2026")
    dialog.new_edit.setText("xinmima2026")
    dialog.again_edit.setText("xinmima2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert locking_window.active_dialog is None
    assert locking_window.statusBar().currentMessage() == "密码已修改。"
    access.log_in(clerk, "张三", "xinmima2026", now=NOW)
