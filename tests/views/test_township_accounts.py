"""The main window for an account of one township in a county database (issue 9): the tree,
the roster and the status bar show that township only; a county account sees the county."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt

from desktop.services import access
from desktop.services.access import Role
from desktop.views.main_window import MainWindow
from desktop.views.users_panel import AddUserDialog
from tests.services.test_county_figures import county as county
from tests.services.test_jurisdiction import PASSWORD, make_accounts
from tests.views.helpers import table_names


@pytest.fixture(scope="module")
def accounts(county):
    """The county database of tests/services/test_jurisdiction.py, with its accounts."""
    return make_accounts(county)[0]


@pytest.fixture
def window_of(qtbot, accounts, settings):
    def open_as(name: str) -> MainWindow:
        access.log_in(accounts, name, PASSWORD)
        main = MainWindow(accounts, settings)
        qtbot.addWidget(main)
        main.show()
        main.load()
        qtbot.waitUntil(lambda: main.roster_page.proxy.rowCount() > 0)
        return main

    yield open_as
    access.log_out(accounts)


@contextmanager
def logged_in(db, name: str):
    access.log_in(db, name, PASSWORD)
    try:
        yield
    finally:
        access.log_out(db)


def tree_names(window: MainWindow) -> list[str]:
    return [unit.name for unit in window.roster_page.tree_model.units()]


def test_a_township_account_works_in_its_township_only(window_of):
    window = window_of("北坝经办")
    assert table_names(window.roster_page) == ["李调解"]
    assert tree_names(window) == ["南江县", "北坝镇", "北坝村", "北坝村第一网格", "北坝一组"]
    assert window.township_label.text() == "北坝镇"
    assert window.windowTitle().endswith("北坝镇")


def test_a_county_account_sees_the_county(window_of):
    window = window_of("县管理员")
    assert {"张伟", "李调解"} <= set(table_names(window.roster_page))
    assert {"示例镇", "北坝镇"} <= set(tree_names(window))
    assert window.township_label.text() == "南江县（2 个乡镇）"


def test_the_county_administrator_picks_the_township_of_a_new_account(qtbot, accounts):
    with logged_in(accounts, "县管理员"):
        dialog = AddUserDialog(accounts)
        qtbot.addWidget(dialog)
        combo = dialog.township_combo
        assert [combo.itemText(i) for i in range(combo.count())] == [
            "全部乡镇（县级账户）",
            "示例镇",
            "北坝镇",
        ]
        dialog.name_edit.setText("示例查看")
        dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.VIEWER))
        dialog.password_edit.setText(PASSWORD)
        dialog.again_edit.setText(PASSWORD)
        combo.setCurrentIndex(1)
        dialog.save()
        made = {user.name: user for user in access.list_users(accounts)}["示例查看"]
        assert made.township_name == "示例镇"


def test_the_accounts_list_says_where_each_works(qtbot, accounts):
    from desktop.views.users_panel import WORKS_IN, UsersPanel

    with logged_in(accounts, "县管理员"):
        panel = UsersPanel(accounts)
        qtbot.addWidget(panel)
        panel.reload()
        model = panel.model
        shown = {
            model.index(row, 0).data(): model.index(row, WORKS_IN).data()
            for row in range(model.rowCount())
        }
        assert shown["县管理员"] == "全部乡镇" and shown["北坝经办"] == "北坝镇"
        assert model.headerData(WORKS_IN, Qt.Orientation.Horizontal) == "工作乡镇"
        assert not panel.table.isColumnHidden(WORKS_IN)


def test_a_township_administrator_finds_the_shared_settings_locked(qtbot, accounts):
    from desktop.views.case_settings_panel import CaseSettingsPanel
    from desktop.views.role_catalogue import RoleCatalogue

    with logged_in(accounts, "北坝管理员"):
        roles, rules = RoleCatalogue(accounts), CaseSettingsPanel(accounts)
        for panel in (roles, rules):
            qtbot.addWidget(panel)
            panel.show()
        assert not roles.add_button.isEnabled() and not rules.add_button.isEnabled()
        assert not rules.save_deadlines_button.isEnabled()


def test_the_county_administrator_moves_an_account(qtbot, accounts):
    from desktop.views.users_panel import WORKS_IN, UsersPanel

    with logged_in(accounts, "县管理员"):
        access.create_user(accounts, "窗口调动", Role.CLERK, PASSWORD)
        panel = UsersPanel(accounts)
        qtbot.addWidget(panel)
        panel.show()
        panel.reload()
        assert panel.works_in_button.isVisible()
        panel.select_user("窗口调动")
        assert panel.works_in_combo.currentText() == "全部乡镇"
        panel.works_in_combo.setCurrentIndex(panel.works_in_combo.findText("北坝镇"))
        qtbot.mouseClick(panel.works_in_button, Qt.MouseButton.LeftButton)
        row = next(r for r, u in enumerate(panel.model.items()) if u.name == "窗口调动")
        assert panel.model.index(row, WORKS_IN).data() == "北坝镇"
        assert panel.works_in_combo.currentText() == "北坝镇"


def test_a_township_administrator_does_not_move_accounts(qtbot, accounts):
    from desktop.views.users_panel import UsersPanel

    with logged_in(accounts, "北坝管理员"):
        panel = UsersPanel(accounts)
        qtbot.addWidget(panel)
        panel.show()
        panel.reload()
        assert not panel.works_in_button.isVisible()
