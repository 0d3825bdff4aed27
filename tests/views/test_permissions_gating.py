"""Each role sees what it may do: the viewer reads every page but changes nothing, the clerk
enters data but does not approve, the leader approves and prints but enters nothing; set-up mode
(no account yet) leaves everything on."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QSettings, Qt

from desktop.services import access
from desktop.services.access import Permission, Role
from desktop.views import permissions
from desktop.views.assessment_page import AssessmentPage
from desktop.views.case_settings_panel import CaseSettingsPanel
from desktop.views.coverage_settings_panel import CoverageSettingsPanel
from desktop.views.disputes_page import DisputesPage
from desktop.views.exchange_page import ExchangePage
from desktop.views.export_dialog import ExportRosterDialog
from desktop.views.reports_page import ReportsPage
from desktop.views.role_catalogue import RoleCatalogue
from desktop.views.roster_page import RosterPage
from desktop.views.warning_settings_panel import WarningSettingsPanel
from desktop.views.warnings_page import WarningsPage
from tests.services import assessment_fixtures
from tests.services.case_fixtures import register

assessment_file = assessment_fixtures.assessment_file
db = assessment_fixtures.assessment_db
town = assessment_fixtures.assessment_town

TODAY = date(2026, 3, 20)
AT = datetime(2026, 3, 20, 9, 0)
PASSWORD = "fengwang2026"
ADMIN, CLERK, LEADER, VIEWER = "管理员甲", "经办人乙", "领导丙", "查看丁"
pages: list = []  # pages a test holds on to until it ends (see `keep_pages`)


@pytest.fixture(autouse=True)
def keep_pages():
    yield
    pages.clear()


@pytest.fixture
def case_id(db, town) -> int:
    return register(db, town).id


@pytest.fixture
def accounts(db, town, case_id):
    """The four roles, made after the township (set-up mode) and its case; nobody logged in."""
    access.create_user(db, ADMIN, Role.ADMIN, PASSWORD)
    access.log_in(db, ADMIN, PASSWORD, now=AT)
    for name, role in ((CLERK, Role.CLERK), (LEADER, Role.LEADER), (VIEWER, Role.VIEWER)):
        access.create_user(db, name, role, PASSWORD)
    access.log_out(db)
    return db


def as_user(db, name: str) -> None:
    access.log_in(db, name, PASSWORD, now=AT)


def shown(qtbot, widget, size=(1236, 700)):
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    return widget


def roster_page(qtbot, db) -> RosterPage:
    page = shown(qtbot, RosterPage(db, actor=db.actor.name if db.actor else ""))
    page.load()
    qtbot.waitUntil(lambda: page.roster_complete)
    page.select_person(page.proxy.person_id(0))
    return page


def month_panel(qtbot, db):
    """The March sheet of the 考核 page (the page stays alive as the panel's parent)."""
    actor = db.actor.name if db.actor else "考核员小陈"
    page = shown(qtbot, AssessmentPage(db, actor, today=lambda: TODAY))
    pages.append(page)
    panel = page.month_panel
    panel.choose_month(assessment_fixtures.MARCH)
    return panel


def editable(panel) -> bool:
    """Whether the first manual cell of the sheet takes typing."""
    model = panel.model
    column = next(c for c in range(model.columnCount()) if model.is_entry(model.index(0, c)))
    return bool(model.flags(model.index(0, column)) & Qt.ItemFlag.ItemIsEditable)


def settings_panels(db) -> list:
    return [
        RoleCatalogue(db),
        CaseSettingsPanel(db),
        WarningSettingsPanel(db),
        CoverageSettingsPanel(db),
    ]


def settings_editors(panel) -> list:
    """The controls of a settings panel that change something."""
    if isinstance(panel, RoleCatalogue):
        return [panel.add_button, panel.name_edit]
    if isinstance(panel, CaseSettingsPanel):
        return [panel.save_deadlines_button, panel.add_button, panel.set_days_button]
    if isinstance(panel, WarningSettingsPanel):
        return [panel.save_button, panel.add_button, *panel.deadline_edits.values()]
    return [panel.save_button, panel.min_spin]


# ---------------------------------------------------------------------------------- set-up mode


def test_set_up_mode_leaves_every_action_on(qtbot, db, town, case_id):
    page = roster_page(qtbot, db)
    assert all(button.isEnabled() for button in page.person_buttons.values())
    assert page.new_unit_action.isEnabled() and page.print_button.isEnabled()

    panel = month_panel(qtbot, db)
    assert editable(panel) and panel.submit_button.isEnabled() and panel.print_button.isEnabled()
    assert not any(permissions.denied(b) for b in (panel.approve_button, panel.reopen_button))

    exchange = shown(qtbot, ExchangePage(db, QSettings()))
    assert exchange.import_button.isEnabled() and exchange.export_sync_button.isEnabled()
    for panel in settings_panels(db):
        qtbot.addWidget(panel)
        assert all(widget.isEnabled() for widget in settings_editors(panel))


# ----------------------------------------------------------------------------------- the viewer


def test_the_viewer_reads_the_roster_but_changes_nothing(qtbot, accounts, tmp_path):
    as_user(accounts, VIEWER)
    page = roster_page(qtbot, accounts)
    assert page.proxy.rowCount() > 0 and page.selected_person_id() is not None
    for button in page.person_buttons.values():
        assert not button.isEnabled()
    for action in (page.edit_person_action, page.new_unit_action, page.delete_unit_action):
        assert not action.isEnabled()
    assert not page.print_button.isEnabled()
    assert page.person_buttons["new"].toolTip() == "需要“录入和修改数据”权限（当前：查看丁，查看）"
    assert "打印报表" in page.print_button.toolTip()

    page.table.doubleClicked.emit(page.proxy.index(0, 0))  # nothing opens to edit
    assert page.active_dialog is None
    page.grab().save(str(tmp_path / "roster_viewer.png"))


def test_the_viewer_reads_the_month_sheet_but_enters_nothing(qtbot, accounts, tmp_path):
    as_user(accounts, VIEWER)
    panel = month_panel(qtbot, accounts)
    assert panel.model.rowCount() > 0
    assert not editable(panel)
    assert "只读" in panel.info_label.text()
    for button in (
        panel.submit_button,
        panel.approve_button,
        panel.reopen_button,
        panel.export_button,
        panel.import_button,
        panel.print_button,
    ):
        assert not button.isEnabled(), button.text()
    assert panel.paste("95") is None
    assert "录入和修改数据" in panel.problem_label.text()
    panel.window().grab().save(str(tmp_path / "month_sheet_viewer.png"))


def test_the_viewer_opens_every_other_page_with_every_change_off(qtbot, accounts, case_id):
    as_user(accounts, VIEWER)
    disputes = shown(qtbot, DisputesPage(accounts, VIEWER, today=lambda: TODAY))
    assert disputes.list_panel.proxy.rowCount() == 1  # reads the cases
    assert not disputes.list_panel.new_button.isEnabled()
    assert not disputes.new_case_action.isEnabled()
    disputes.open_case(case_id)
    case_page = disputes.case_page
    assert case_page.case is not None
    offered = [b for b in case_page.action_buttons.values() if not b.isHidden()]
    assert offered and not any(button.isEnabled() for button in offered)
    assert not case_page.print_registration_button.isEnabled()
    disputes.tabs.setCurrentIndex(1)
    dashboard = disputes.dashboard_tab.content
    assert not dashboard.ledger_button.isEnabled() and not dashboard.stats_button.isEnabled()
    disputes.tabs.setCurrentIndex(2)
    assert not disputes.workload_tab.content.specialties_button.isEnabled()

    warnings = shown(qtbot, WarningsPage(accounts, VIEWER))
    assert not warnings.list_panel.new_button.isEnabled()
    assert not any(b.isEnabled() for b in warnings.warning_page.action_buttons.values())

    exchange = shown(qtbot, ExchangePage(accounts, QSettings()))
    for button in (
        exchange.import_button,
        exchange.export_button,
        exchange.template_button,
        exchange.export_sync_button,
        exchange.import_sync_button,
    ):
        assert not button.isEnabled()

    reports = shown(qtbot, ReportsPage(accounts, VIEWER, today=lambda: TODAY))
    assert reports.papers.count() > 0
    assert not reports.preview_button.isEnabled() and not reports.print_button.isEnabled()
    assert reports.make_preview() is False  # Enter among the choices makes nothing either

    for panel in settings_panels(accounts):
        qtbot.addWidget(panel)
        assert not any(widget.isEnabled() for widget in settings_editors(panel))


# ------------------------------------------------------------------------------------ the clerk


def test_the_clerk_enters_and_submits_but_cannot_approve(qtbot, accounts, boxes):
    as_user(accounts, CLERK)
    page = roster_page(qtbot, accounts)
    assert all(button.isEnabled() for button in page.person_buttons.values())
    page.select_person(None)
    rect = page.table.visualRect(page.proxy.index(1, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.person_buttons["edit"].isEnabled()  # a row clicked with the mouse is editable
    assert page.print_button.isEnabled()

    panel = month_panel(qtbot, accounts)
    assert editable(panel) and panel.submit_button.isEnabled()
    assert panel.export_button.isEnabled() and panel.import_button.isEnabled()
    panel.submit_button.click()  # blank cells: the clerk confirms
    assert "已提交" in panel.status_label.text()
    assert not panel.approve_button.isEnabled()
    assert panel.approve_button.toolTip() == "需要“审核考核”权限（当前：经办人乙，经办人）"


def test_a_settings_panel_is_read_only_for_the_clerk(qtbot, accounts):
    as_user(accounts, CLERK)
    for panel in settings_panels(accounts):
        shown(qtbot, panel, (900, 500))
        assert not any(widget.isEnabled() for widget in settings_editors(panel))
        assert "修改设置" in settings_editors(panel)[0].toolTip()
    coverage = panel
    assert coverage.village_list.count() > 0 and coverage.village_list.isEnabled()
    village = coverage.village_list.item(0)
    assert not village.flags() & Qt.ItemFlag.ItemIsUserCheckable  # ticks shown, not changed


def test_the_clerk_may_reveal_full_numbers_in_the_roster_export(qtbot, accounts):
    as_user(accounts, CLERK)
    dialog = ExportRosterDialog(accounts, None)
    qtbot.addWidget(dialog)
    assert dialog.full_numbers.isEnabled()


# ----------------------------------------------------------------------------------- the leader


def test_the_leader_approves_and_prints_but_enters_nothing(qtbot, accounts, boxes):
    as_user(accounts, CLERK)
    month_panel(qtbot, accounts).submit_button.click()
    as_user(accounts, LEADER)
    panel = month_panel(qtbot, accounts)
    assert not editable(panel) and not panel.submit_button.isEnabled()
    assert panel.approve_button.isEnabled() and panel.print_button.isEnabled()
    assert not panel.import_button.isEnabled()
    panel.approve_button.click()
    assert "已审核" in panel.status_label.text() and panel.reopen_button.isEnabled()

    page = roster_page(qtbot, accounts)
    assert not page.person_buttons["edit"].isEnabled() and page.print_button.isEnabled()
    reports = shown(qtbot, ReportsPage(accounts, LEADER, today=lambda: TODAY))
    assert reports.preview_button.isEnabled() and reports.print_button.isEnabled()


# ---------------------------------------------------------------------------- another user


def test_a_new_user_gets_the_gating_of_their_role_again(qtbot, accounts):
    as_user(accounts, VIEWER)
    page = roster_page(qtbot, accounts)
    assert not page.person_buttons["edit"].isEnabled()
    as_user(accounts, ADMIN)
    page.apply_permissions()
    assert page.person_buttons["edit"].isEnabled()
    assert page.person_buttons["new"].toolTip() == page.new_person_action.toolTip()
    assert "权限" not in page.print_button.toolTip()
    page.select_person(None)
    assert not page.person_buttons["edit"].isEnabled()  # the selection still counts


def test_a_control_can_be_hidden_instead_of_disabled(qtbot, accounts):
    from PySide6.QtWidgets import QPushButton

    button = shown(qtbot, QPushButton("用户管理"), (120, 30))
    as_user(accounts, CLERK)
    assert not permissions.gate(accounts, Permission.USERS, button, hide=True)
    assert button.isHidden() and button.isEnabled()
    as_user(accounts, ADMIN)
    assert permissions.gate(accounts, Permission.USERS, button, hide=True)
    assert not button.isHidden()
