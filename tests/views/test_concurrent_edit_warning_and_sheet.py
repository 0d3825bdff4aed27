"""Two workstations on one database, as the clerk sees it: a warning's step dialog and the month
score sheet refuse to save over what was saved elsewhere meanwhile, say what changed, by whom and
when, and keep what the clerk typed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop.db import Actor, Database
from desktop.services import warnings
from desktop.services.access import Role
from desktop.services.assessment_months import MonthStatus, get_sheet, set_entry
from desktop.services.assessment_schemes import list_schemes
from desktop.views.assessment_page import AssessmentPage
from desktop.views.assessment_sheet_model import REFUSED, entry_text
from desktop.views.warning_actions import WarningFeedbackDialog
from desktop.views.warning_page import WarningPage
from desktop.vocabulary import WarningAction, WarningStatus
from tests.services import assessment_fixtures, warning_fixtures
from tests.services.case_fixtures import CLERK, NOW
from tests.services.warning_fixtures import report
from tests.views.helpers import type_text
from tests.views.test_assessment_page import cell, go_to, type_cell
from tests.views.test_warnings_page import Clock

REOPEN = "请关闭此窗口，重新打开后再改。"
OTHER = "李经办"
SCORER = "考核员小陈"
TODAY = date(2026, 3, 20)


def elsewhere_of(db) -> Database:
    """Another workstation on the same database, where 李经办 works."""
    other = Database(db.engine.url.render_as_string(hide_password=False))
    other.actor = Actor(OTHER, Role.ADMIN.value)
    return other


# ------------------------------------------------------------------------------------- warnings


warning_file = warning_fixtures.warning_file
warning_town_db = warning_fixtures.warning_db
wtown = warning_fixtures.warning_town


@pytest.fixture
def warning_page(qtbot, warning_town_db) -> WarningPage:
    widget = WarningPage(warning_town_db, actor="王文书", now=Clock(NOW + timedelta(hours=1)))
    qtbot.addWidget(widget)
    widget.resize(1300, 640)
    widget.show()
    return widget


def feedback_dialog(qtbot, page: WarningPage, db, wtown) -> WarningFeedbackDialog:
    warning = report(db, wtown, urgency="紧急")
    warnings.dispatch(db, warning.id, "派出所", actor=CLERK, now=NOW)
    warnings.respond(db, warning.id, actor=CLERK, now=NOW)
    page.show_warning(warning.id)
    with qtbot.wait_signal(page.dialog_opened):
        qtbot.mouseClick(page.action_buttons[WarningAction.FEEDBACK], Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, WarningFeedbackDialog)
    type_text(qtbot, dialog.note_edit, "已加固护栏，设置警示牌")
    return dialog


def test_a_warning_step_taken_elsewhere_keeps_the_dialog_open_with_the_clerks_text(
    qtbot, warning_page, warning_town_db, wtown
):
    db = warning_town_db
    dialog = feedback_dialog(qtbot, warning_page, db, wtown)
    other = elsewhere_of(db)
    try:
        theirs = warnings.get_warning(other, dialog.warning.id, now=NOW)
        warnings.party_report(
            other, theirs.id, wtown.people["林党员"], "现场劝导", actor=OTHER, now=NOW,
            loaded=theirs,
        )  # fmt: skip
    finally:
        other.close()

    dialog.save_button.click()

    assert dialog.isVisible()
    shown = dialog.form.general_error.text()
    assert shown.startswith(f"保存未成功：预警 {theirs.number} 已被 {OTHER} 于 "), shown
    assert shown.endswith(f"修改（党员报到）。{REOPEN}")
    assert dialog.note_edit.toPlainText() == "已加固护栏，设置警示牌"
    now = warnings.get_warning(db, theirs.id, now=NOW)
    assert now.status is WarningStatus.RESPONDED
    assert [step.action for step in now.steps][-1] is WarningAction.PARTY_REPORT
    dialog.reject()


def test_a_warning_step_no_longer_allowed_is_refused_in_a_box_and_the_dialog_closes(
    qtbot, warning_page, warning_town_db, wtown, boxes
):
    db = warning_town_db
    dialog = feedback_dialog(qtbot, warning_page, db, wtown)
    warnings.close(db, dialog.warning.id, "已修复", actor=OTHER, now=NOW)

    with qtbot.wait_signal(dialog.finished):
        dialog.save_button.click()

    assert boxes.texts("error") == ["预警已办结，不能再反馈"]
    assert warning_page.warning.status is WarningStatus.CLOSED


# ----------------------------------------------------------------------------- the month sheet


assessment_file = assessment_fixtures.assessment_file
assessment_town_db = assessment_fixtures.assessment_db
town = assessment_fixtures.assessment_town


@pytest.fixture
def sheet_page(qtbot, assessment_town_db, town) -> AssessmentPage:
    widget = AssessmentPage(assessment_town_db, SCORER, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1236, 700)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def enter(qtbot, panel, worker: str, item: str, text: str) -> None:
    """Type into the worker's cell and press Enter; wait for the save (the editor commits after
    the key, and the cursor then moves down)."""
    go_to(panel, worker, item)
    row = panel.table.currentIndex().row()
    type_cell(qtbot, panel, text, end=Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.currentIndex().row() == row + 1)


def entries_saved(db, month_id: int) -> dict[tuple[str, str], str]:
    """(worker, item name) → the entry as the sheet shows it, as saved."""
    sheet = get_sheet(db, month_id)
    items = {item.key: item for item in sheet.items}
    return {
        (r.name, items[key].name): entry_text(items[key], e)
        for r in sheet.rows
        for key, e in r.entries.items()
    }


def test_a_sheet_scored_elsewhere_refuses_the_next_cell_and_keeps_it_typed(
    qtbot, sheet_page, assessment_town_db, town, boxes
):
    db = assessment_town_db
    panel = sheet_page.month_panel
    model = panel.model
    enter(qtbot, panel, "李青山", "日常走访", "18")
    enter(qtbot, panel, "李青山", "信息录入", "1")  # the sheet's own writes follow one another
    month_id = model.sheet.month.id
    (scheme,) = list_schemes(db)
    daily = next(item.key for item in scheme.items if item.name == "日常走访")
    other = elsewhere_of(db)
    try:
        set_entry(other, month_id, town.people["赵石门"], daily, "15", actor="考核员小张")
    finally:
        other.close()

    enter(qtbot, panel, "张网格", "日常走访", "17")

    message = cell(model, "张网格", "日常走访", Qt.ItemDataRole.ToolTipRole)
    assert message.startswith("保存未成功：示例镇2026年3月的考核已被 考核员小张 于 "), message
    assert message.endswith("修改（赵石门·日常走访）。请重新选择该月份，载入最新的考核表后再改。")
    assert cell(model, "张网格", "日常走访") == "17"  # as typed, red
    assert cell(model, "张网格", "日常走访", Qt.ItemDataRole.BackgroundRole) == REFUSED
    assert message in panel.problem_label.text() and panel.problem_label.isVisible()
    assert cell(model, "赵石门", "日常走访") == ""  # this sheet does not pretend to know
    expected = {
        ("李青山", "日常走访"): "18",
        ("李青山", "信息录入"): "1",
        ("赵石门", "日常走访"): "15",
    }
    assert entries_saved(db, month_id) == expected

    panel.submit_button.click()  # nor is the month submitted from the stale sheet
    (refusal,) = boxes.texts("error")
    assert refusal.startswith("保存未成功：示例镇2026年3月的考核已被 考核员小张 于 ")
    assert get_sheet(db, month_id).month.status is MonthStatus.DRAFT

    panel.reload()  # read again: the other's score shows, and the cell saves
    assert cell(model, "赵石门", "日常走访") == "15"
    enter(qtbot, panel, "张网格", "日常走访", "17")
    assert entries_saved(db, month_id)[("张网格", "日常走访")] == "17"
