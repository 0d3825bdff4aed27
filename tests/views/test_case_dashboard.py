"""矛盾纠纷统计: the numbers a leader reads for a small hand-built set of cases."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate

from desktop.views.case_dashboard import RANGE, CaseDashboard
from desktop.vocabulary import CaseStatus, HandlingLevel
from tests.services.case_fixtures import build_case_town, case_in

TODAY = date(2026, 3, 20)


@pytest.fixture
def town(db):
    """Four cases received on 2026-03-02 and one on 2026-01-10 (still open, due 2026-02-09)."""
    town = build_case_town(db)
    case_in(db, town, CaseStatus.FOLLOWED_UP, level=HandlingLevel.VILLAGE)
    case_in(db, town, CaseStatus.CLOSED, settled=False, level=HandlingLevel.TOWNSHIP)
    case_in(db, town, CaseStatus.ROUTED, level=HandlingLevel.COUNTY, source="当事人申请")
    case_in(
        db,
        town,
        CaseStatus.SETTLED,
        level=HandlingLevel.TOWNSHIP,
        category_id=town.categories["婚姻家庭"],
        people_involved=60,
        criminal_risk=True,
    )
    case_in(db, town, CaseStatus.REGISTERED, received_on=date(2026, 1, 10))
    return town


@pytest.fixture
def dashboard(qtbot, db, town):
    view = CaseDashboard(db, today=TODAY)
    qtbot.addWidget(view)
    view.resize(1080, 640)  # the page beside the navigation on a 1366×768 screen
    view.show()
    return view


def tiles(view) -> dict[str, str]:
    return {name: view.tile_text(name) for name in view.tiles}


def rows(model) -> list[tuple[str, ...]]:
    return model.rows


def test_the_month_figures(qtbot, dashboard):
    qtbot.waitUntil(lambda: dashboard.period_label.text() == "2026年3月")
    dashboard.grab().save("/tmp/shots/case_dashboard.png")
    assert tiles(dashboard) == {
        "received": "4",
        "concluded": "3",
        "settled": "2",
        "success_rate": "66.7%",
        "village_closed_rate": "33.3%",
        "township_closed_rate": "66.7%",
        "escalated": "1",
        "overdue": "1",
    }
    assert (
        dashboard.tiles["concluded"].detail_label.text()
        == "调解成功 2 件，调解不成 1 件，移送 0 件"
    )
    assert (
        dashboard.tiles["village_closed_rate"].detail_label.text() == "小事不出村：办结 3 件中 1 件"
    )
    assert dashboard.tiles["success_rate"].toolTip() == "调解成功 ÷（调解成功 + 调解不成）"
    assert ("邻里", "3") in rows(dashboard.category_model)
    assert ("婚姻家庭", "1") in rows(dashboard.category_model)
    assert ("合同", "0") in rows(dashboard.category_model)
    assert rows(dashboard.level_model) == [
        ("村级", "1"),
        ("镇级", "2"),
        ("县级", "0"),
        ("移送", "0"),
    ]
    assert ("网格上报", "3") in rows(dashboard.source_model)
    assert ("当事人申请", "1") in rows(dashboard.source_model)
    assert rows(dashboard.bands_model)[:2] == [("<50", "3"), ("50–100", "1")]
    assert rows(dashboard.prevented_model) == [("民转刑", "1", "60"), ("群体性事件", "0", "0")]


def test_overdue_is_red_only_when_there_are_any(qtbot, dashboard):
    overdue = dashboard.tiles["overdue"].value_label
    assert overdue.palette().color(overdue.foregroundRole()).name() == "#c0392b"
    dashboard.month_edit.setDate(QDate(2026, 1, 1))
    assert dashboard.tile_text("overdue") == "0"  # on 31 January it was not yet due
    assert overdue.palette().color(overdue.foregroundRole()).name() != "#c0392b"


def test_an_earlier_month_and_nothing_to_divide_by(qtbot, dashboard):
    dashboard.month_edit.setDate(QDate(2026, 1, 1))
    assert dashboard.period_label.text() == "2026年1月"
    assert dashboard.tile_text("received") == "1"
    assert dashboard.tile_text("concluded") == "0"
    assert dashboard.tile_text("success_rate") == "—"
    assert dashboard.tile_text("village_closed_rate") == "—"


def test_a_date_range(qtbot, dashboard):
    assert dashboard.month_edit.isVisible() and not dashboard.range_row.isVisible()
    dashboard.mode_combo.setCurrentIndex(dashboard.mode_combo.findData(RANGE))
    assert dashboard.range_row.isVisible() and not dashboard.month_edit.isVisible()
    assert (dashboard.from_edit.value(), dashboard.to_edit.value()) == (
        date(2026, 3, 1),
        date(2026, 3, 31),
    )
    dashboard.from_edit.set_value(date(2026, 1, 1))
    assert dashboard.period_label.text() == "2026年1月1日至2026年3月31日"
    assert dashboard.tile_text("received") == "5"
    assert dashboard.tile_text("overdue") == "1"

    dashboard.to_edit.set_value(date(2025, 12, 31))
    assert dashboard.error_label.text() == "结束日期不能早于开始日期"
    assert dashboard.error_label.isVisible()
    assert dashboard.period_label.text() == ""
    assert not dashboard.figures_area.isEnabled()  # the old numbers are greyed
    dashboard.to_edit.set_value(date(2026, 1, 31))
    assert not dashboard.error_label.isVisible()
    assert dashboard.figures_area.isEnabled()
    assert dashboard.tile_text("received") == "1"
    dashboard.grab().save("/tmp/shots/case_dashboard_range.png")


def test_the_tiles_fit_without_scrolling(qtbot, dashboard):
    qtbot.waitUntil(lambda: dashboard.tiles["overdue"].isVisible())
    for tile in dashboard.tiles.values():
        assert tile.height() >= tile.minimumSizeHint().height()
        bottom_right = tile.mapTo(dashboard, tile.rect().bottomRight())
        assert dashboard.rect().contains(bottom_right)


def test_counts_model_passes_the_model_tester(qtmodeltester, dashboard):
    qtmodeltester.check(dashboard.category_model)
    qtmodeltester.check(dashboard.prevented_model)
