"""调解员工作量: open, overdue and concluded-this-month counts on a given day, and 擅长类别."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.services import mediators
from desktop.views.mediator_workload import (
    OVERDUE_BRUSH,
    MediatorWorkload,
    SpecialtiesDialog,
    WorkloadModel,
)
from desktop.vocabulary import CaseStatus
from tests.services.case_fixtures import build_case_town, case_in


@pytest.fixture
def town(db):
    town = build_case_town(db)
    case_in(db, town, CaseStatus.FOLLOWED_UP, lead="陈明")  # concluded 2026-03-02
    case_in(db, town, CaseStatus.MEDIATING, lead="陈明")  # due 2026-04-01
    case_in(db, town, CaseStatus.ASSESSED, lead="刘芳", received_on=date(2026, 1, 10))  # due 02-09
    return town


def open_view(qtbot, db, today: date) -> MediatorWorkload:
    view = MediatorWorkload(db, today=lambda: today)
    qtbot.addWidget(view)
    view.resize(1000, 400)
    view.show()
    return view


def row(view, name: str) -> dict[str, str]:
    proxy = view.proxy
    position = view.names().index(name)
    return {
        proxy.headerData(column, Qt.Orientation.Horizontal): proxy.index(position, column).data()
        for column in range(proxy.columnCount())
    }


def counts(view, name: str) -> tuple[str, str, str]:
    found = row(view, name)
    return found["在办"], found["超期"], found["本月办结"]


def test_counts_on_the_given_day(qtbot, db, town):
    view = open_view(qtbot, db, date(2026, 3, 20))
    qtbot.waitUntil(lambda: view.as_of_label.width() >= view.as_of_label.sizeHint().width())
    assert view.names() == ["陈明", "刘芳", "吴律", "王秀英", "周建国"]  # by pinyin; not 郑离任
    assert counts(view, "陈明") == ("1", "0", "1")
    assert counts(view, "刘芳") == ("1", "1", "0")
    assert counts(view, "周建国") == ("0", "0", "0")
    assert row(view, "刘芳")["调解委员会"] == "村人民调解委员会"
    assert row(view, "周建国")["调解委员会"] == "镇人民调解委员会"

    view.today = lambda: date(2026, 4, 5)  # a new month: March's conclusion no longer counts
    view.reload()
    assert counts(view, "陈明") == ("1", "1", "0")


def test_overdue_is_red_and_the_table_sorts_by_it(qtbot, db, town):
    view = open_view(qtbot, db, date(2026, 3, 20))
    view.table.sortByColumn(WorkloadModel.OVERDUE, Qt.SortOrder.DescendingOrder)
    assert view.names()[0] == "刘芳"
    overdue = view.proxy.index(0, WorkloadModel.OVERDUE)
    assert overdue.data(Qt.ItemDataRole.ForegroundRole) == OVERDUE_BRUSH
    assert view.proxy.index(1, WorkloadModel.OVERDUE).data(Qt.ItemDataRole.ForegroundRole) is None

    view.table.sortByColumn(WorkloadModel.OPEN, Qt.SortOrder.AscendingOrder)
    assert view.names()[-2:] in (["陈明", "刘芳"], ["刘芳", "陈明"])


def test_setting_specialties_shows_in_the_table(qtbot, db, town):
    view = open_view(qtbot, db, date(2026, 3, 20))
    view.select(town.people["陈明"])
    qtbot.mouseClick(view.specialties_button, Qt.MouseButton.LeftButton)
    dialog = view.active_dialog
    assert isinstance(dialog, SpecialtiesDialog)
    assert dialog.windowTitle() == "陈明的擅长类别"
    for text in ("邻里", "婚姻家庭"):
        item = dialog.category_list.findItems(text, Qt.MatchFlag.MatchExactly)[0]
        item.setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert view.active_dialog is None
    assert row(view, "陈明")["擅长类别"] == "婚姻家庭、邻里"
    assert view.selected_mediator().name == "陈明"
    (chen,) = [m for m in mediators.list_mediators(db) if m.name == "陈明"]
    assert set(chen.specialties) == {"婚姻家庭", "邻里"}


def test_double_click_opens_the_specialties_of_that_mediator(qtbot, db, town):
    view = open_view(qtbot, db, date(2026, 3, 20))
    position = view.names().index("刘芳")
    rect = view.table.visualRect(view.proxy.index(position, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.active_dialog.windowTitle() == "刘芳的擅长类别"
    view.active_dialog.reject()


def test_workload_model_passes_the_model_tester(qtmodeltester, qtbot, db, town):
    view = open_view(qtbot, db, date(2026, 3, 20))
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)
