"""预警派单 as a clerk uses it: report a warning through the form, dispatch it, record the
response, close it; overdue marks by the page's clock; filters and search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

from desktop.services import warnings
from desktop.views.warning_actions import WarningDispatchDialog
from desktop.views.warning_form import NewWarningDialog
from desktop.views.warning_page import WarningPage
from desktop.views.warning_table_model import DUE, LATE_TINT, NUMBER, STATUS, URGENCY, URGENT_TEXT
from desktop.views.warnings_page import WarningsPage
from desktop.vocabulary import WarningAction
from tests.services import warning_fixtures
from tests.services.case_fixtures import CLERK, NOW
from tests.services.warning_fixtures import report
from tests.views.helpers import type_text

warning_file, db, wtown = (
    warning_fixtures.warning_file,
    warning_fixtures.warning_db,
    warning_fixtures.warning_town,
)
ACTOR = "王文书"


@dataclass
class Clock:
    """The page's clock; a test moves it on between steps."""

    moment: datetime = NOW

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make_page(qtbot, db, clock) -> WarningsPage:
    page = WarningsPage(db, ACTOR, now=clock)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    return page


def cells(page: WarningsPage, column: int) -> list[str]:
    proxy = page.list_panel.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def open_step(qtbot, page: WarningsPage, action: WarningAction) -> QDialog:
    button = page.warning_page.action_buttons[action]
    assert button.isVisible(), f"{action.label} is not offered"
    with qtbot.wait_signal(page.dialog_opened):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return page.warning_page.active_dialog


def timeline(page: WarningPage) -> list[tuple[str, str, str]]:
    """(when, who, action) of every step, as the timeline shows them."""
    model = page.timeline_model
    return list(zip(model.column(0), model.column(1), model.column(2), strict=True))


def test_list_model_passes_the_model_tester(qtmodeltester, qtbot, db, wtown, clock):
    report(db, wtown)
    report(db, wtown, urgency="紧急")
    page = make_page(qtbot, db, clock)
    qtmodeltester.check(page.list_panel.model)


def test_report_dispatch_respond_and_close(qtbot, db, wtown, clock):
    page = make_page(qtbot, db, clock)
    assert page.list_panel.proxy.rowCount() == 0

    with qtbot.wait_signal(page.dialog_opened):
        page.new_action.trigger()
    form = page.active_dialog
    assert isinstance(form, NewWarningDialog)
    form.save_button.click()  # nothing filled in: every message by its field, nothing saved
    assert form.form.error_text("type") == "请选择预警类型"
    assert form.form.error_text("description") == "请简要写明看到的情况"
    assert form.form.error_text("unit")
    assert form.isVisible()

    form.unit_picker.select_unit(wtown.units["青山一组"])
    reporters = form.reporter_names()
    assert any(name.startswith("王秀英") for name in reporters)
    assert not any(name.startswith(("刘芳", "周建国", "郑离任")) for name in reporters)
    form.choose_reporter(wtown.people["王秀英"])
    form.type_combo.setCurrentIndex(form.type_combo.findText("地质灾害"))
    form.urgency_combo.setCurrentIndex(form.urgency_combo.findText("紧急"))
    type_text(qtbot, form.description_edit, "后山边坡出现裂缝，有滑坡迹象")
    form.people_spin.setValue(12)
    with qtbot.wait_signal(form.finished):
        form.save_button.click()

    assert cells(page, STATUS) == ["待派单"]
    assert cells(page, URGENCY) == ["紧急"]
    number = cells(page, NUMBER)[0]
    assert number == "示例镇预警〔2026〕0001号"
    assert page.list_panel.selected_warning_id() is not None

    warning_id = page.list_panel.selected_warning_id()
    page.open_warning(warning_id)
    shown = page.warning_page
    assert shown.title_label.text() == number
    assert shown.fact_labels["description"].text() == "后山边坡出现裂缝，有滑坡迹象"
    offered = {a for a, b in shown.action_buttons.items() if b.isVisible()}
    assert WarningAction.DISPATCH in offered and WarningAction.CLOSE not in offered

    clock.advance(minutes=10)
    dialog = open_step(qtbot, page, WarningAction.DISPATCH)
    assert isinstance(dialog, WarningDispatchDialog)
    # 紧急: 2 hours to respond, 24 to finish, from the dispatch (09:10)
    assert "2 小时" in dialog.deadline_label.text()
    assert "03-02 11:10" in dialog.deadline_label.text()
    assert "03-03 09:10" in dialog.deadline_label.text()
    dialog.choose_body("应急办")
    with qtbot.wait_signal(dialog.finished):
        dialog.save_button.click()
    assert shown.state_label.text() == "已派单"
    assert shown.fact_labels["target"].text() == "应急办"

    clock.advance(minutes=50)
    dialog = open_step(qtbot, page, WarningAction.RESPOND)
    type_text(qtbot, dialog.note_edit, "已到场")
    with qtbot.wait_signal(dialog.finished):
        dialog.save_button.click()
    assert shown.state_label.text() == "处置中"

    clock.advance(hours=3)
    dialog = open_step(qtbot, page, WarningAction.CLOSE)
    dialog.save_button.click()  # no result: refused by the field
    assert dialog.form.error_text("result") == "请写明办结结果"
    type_text(qtbot, dialog.note_edit, "已疏散群众并设置警示")
    with qtbot.wait_signal(dialog.finished):
        dialog.save_button.click()
    assert shown.state_label.text() == "已办结"
    assert timeline(shown) == [
        ("2026-03-02 09:00", ACTOR, "上报预警"),
        ("2026-03-02 09:10", ACTOR, "派单"),
        ("2026-03-02 10:00", ACTOR, "响应"),
        ("2026-03-02 13:00", ACTOR, "办结"),
    ]
    assert "按时" in shown.fact_labels["timing"].text()

    qtbot.mouseClick(shown.back_button, Qt.MouseButton.LeftButton)
    assert page.warnings_stack.currentWidget() is page.list_panel
    assert cells(page, STATUS) == ["已办结"]
    assert "按时" in cells(page, DUE)[0]


def test_activating_a_row_opens_the_warning_and_esc_returns(qtbot, db, wtown, clock):
    first = report(db, wtown, description="村道边坡护栏松动")
    report(db, wtown, description="河堤渗水")
    page = make_page(qtbot, db, clock)
    panel = page.list_panel
    type_text(qtbot, panel.search_edit, "护栏")
    assert panel.proxy.rowCount() == 1
    panel.table.activated.emit(panel.proxy.index(0, 0))  # Enter or a double click
    assert page.warnings_stack.currentWidget() is page.warning_page
    assert page.warning_page.title_label.text() == first.number
    (back,) = [
        a for a in page.warning_page.actions() if a.shortcut() == QKeySequence(Qt.Key.Key_Escape)
    ]
    back.trigger()
    assert page.warnings_stack.currentWidget() is panel
    assert panel.selected_warning_id() == first.id


def test_overdue_rows_say_so_in_words_and_colour(qtbot, db, wtown, clock):
    urgent = report(db, wtown, urgency="紧急", description="山火隐患")
    calm = report(db, wtown, description="路灯损坏")
    for warning in (urgent, calm):
        warnings.dispatch(db, warning.id, "村委会", actor=CLERK, now=NOW)

    clock.moment = NOW + timedelta(hours=1)  # within both response deadlines
    page = make_page(qtbot, db, clock)
    model = page.list_panel.model
    assert not any("超时" in text for text in cells(page, DUE))
    assert page.list_panel.proxy.index(0, DUE).data(Qt.ItemDataRole.BackgroundRole) is None

    clock.moment = NOW + timedelta(hours=3)  # past the urgent one's 2 hours
    page.list_panel.reload()
    row = page.list_panel.proxy.row_of_warning(urgent.id)
    index = page.list_panel.proxy.index(row, DUE)
    assert index.data().startswith("响应超时")
    assert index.data(Qt.ItemDataRole.BackgroundRole) == LATE_TINT
    urgency = page.list_panel.proxy.index(row, URGENCY)
    assert urgency.data() == "紧急"
    assert urgency.data(Qt.ItemDataRole.ForegroundRole) == URGENT_TEXT
    other = page.list_panel.proxy.row_of_warning(calm.id)
    assert "超时" not in page.list_panel.proxy.index(other, DUE).data()
    assert model.overdue_count() == 1
    assert "超期 1 件" in page.list_panel.count_label.text()

    page.list_panel.overdue_box.setChecked(True)
    assert page.list_panel.proxy.rowCount() == 1
    assert page.list_panel.proxy.warning(0).id == urgent.id

    page.open_warning(urgent.id)
    assert page.warning_page.overdue_label.text() == "响应超时"
    assert page.warning_page.overdue_label.isVisible()


def test_filters_and_search(qtbot, db, wtown, clock):
    report(db, wtown, description="村道边坡护栏松动")
    report(db, wtown, urgency="紧急", description="河堤渗水", type_id=wtown.types["地质灾害"])
    april = report(
        db, wtown, description="四月的隐患", now=NOW + timedelta(days=40), reported_at=None
    )
    clock.moment = NOW + timedelta(days=40)
    page = make_page(qtbot, db, clock)
    panel = page.list_panel
    assert panel.proxy.rowCount() == 3

    panel.month_combo.setCurrentIndex(panel.month_combo.findData("2026-03-01"))
    assert panel.proxy.rowCount() == 2
    panel.urgency_combo.setCurrentIndex(panel.urgency_combo.findData("紧急"))
    assert [w for w in cells(page, URGENCY)] == ["紧急"]
    panel.clear_filters()
    assert panel.proxy.rowCount() == 3
    panel.type_combo.setCurrentIndex(panel.type_combo.findText("地质灾害"))
    assert panel.proxy.rowCount() == 1
    panel.clear_filters()

    panel.set_search_text("wxy")  # 王秀英's initials: the reporter
    assert panel.proxy.rowCount() == 3
    panel.set_search_text("四月")
    assert panel.proxy.rowCount() == 1
    assert panel.proxy.warning(0).id == april.id


def test_every_tab_fits_a_1366_by_768_screen(qtbot, db, wtown, clock):
    hazard = report(db, wtown)
    page = make_page(qtbot, db, clock)
    page.open_warning(hazard.id)
    for position in range(page.tabs.count()):
        page.tabs.setCurrentIndex(position)
        hint = page.minimumSizeHint()
        # the main window's navigation, frame, title and status bars take about 150 pixels each way
        assert hint.width() <= 1366 - 150 and hint.height() <= 768 - 150, page.tabs.tabText(
            position
        )
