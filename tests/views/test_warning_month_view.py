"""预警月度统计 for a month built by hand: the tiles, the tables and the bar chart."""

from __future__ import annotations

from datetime import datetime

import pytest

from desktop.services import warnings
from desktop.views.warning_month_view import WarningMonthView
from tests.services import warning_fixtures
from tests.services.case_fixtures import CLERK
from tests.services.warning_fixtures import report

warning_file, db, wtown = (
    warning_fixtures.warning_file,
    warning_fixtures.warning_db,
    warning_fixtures.warning_town,
)
NOW = datetime(2026, 4, 2, 9, 0)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute)


@pytest.fixture
def march(db, wtown) -> None:
    """March 2026: a 一般 hazard answered in 1 hour and closed in time, with a party member on
    duty; an urgent landslide answered in 3 hours (2 allowed) and closed late; a brewing dispute
    not yet dispatched; and a February warning that does not count."""
    calm = report(db, wtown, reported_at=at(2, 9), now=at(2, 9))
    warnings.dispatch(db, calm.id, "村委会", actor=CLERK, now=at(2, 9))
    warnings.respond(db, calm.id, actor=CLERK, now=at(2, 10))
    warnings.party_report(
        db, calm.id, wtown.people["林党员"], "看守现场", actor=CLERK, now=at(2, 10, 30)
    )
    warnings.close(db, calm.id, "已加固护栏", actor=CLERK, now=at(2, 12))
    slide = report(
        db,
        wtown,
        type_id=wtown.types["地质灾害"],
        urgency="紧急",
        reported_at=at(5, 8),
        now=at(5, 8),
    )
    warnings.dispatch(db, slide.id, "自然资源所", actor=CLERK, now=at(5, 8))
    warnings.respond(db, slide.id, actor=CLERK, now=at(5, 11))
    warnings.close(db, slide.id, "已撤离并设警示", actor=CLERK, now=at(5, 20))
    report(db, wtown, type_id=wtown.types["矛盾苗头"], reported_at=at(10, 9), now=at(10, 9))
    report(db, wtown, reported_at=at(20, 9, month=2), now=at(20, 9, month=2))


@pytest.fixture
def view(qtbot, db, march) -> WarningMonthView:
    widget = WarningMonthView(db, now=lambda: NOW)
    qtbot.addWidget(widget)
    widget.resize(1340, 640)
    widget.show()
    widget.show_month(at(1, 0).date())
    return widget


def tile(view: WarningMonthView, key: str) -> tuple[str, str]:
    shown = view.tiles[key]
    return shown.value_label.text(), shown.detail_label.text()


def test_models_pass_the_model_tester(qtmodeltester, view):
    for model in (view.type_model, view.urgency_model, view.participation_model):
        qtmodeltester.check(model)


def test_the_month_in_figures(view):
    assert view.month_combo.currentText() == "2026-03"
    assert tile(view, "reported") == ("3", "其中紧急 1 件")
    assert tile(view, "dispatched")[0] == "2"
    assert tile(view, "closed") == ("2", "其中转案件 0 件")
    assert tile(view, "in_time") == ("50.0%", "按时 1 件，超时 1 件")
    assert tile(view, "response")[0] == "2.0 小时"  # the median of 1 and 3 hours
    assert tile(view, "party") == ("1", "1 名党员")

    by_type = dict(view.type_model.rows)
    assert by_type["安全隐患"] == "1" and by_type["地质灾害"] == "1" and by_type["矛盾苗头"] == "1"
    assert by_type["森林防火"] == "0"  # every type is listed, so a clerk sees what did not happen
    assert dict(view.urgency_model.rows) == {"一般": "2", "紧急": "1"}
    assert view.participation_model.rows[0][0] == "林党员"
    assert view.participation_model.rows[0][2:] == ("1", "1")

    (series,) = view.chart.series()
    assert [series.barSets()[0].at(i) for i in range(3)] == [1.0, 1.0, 0.0]


def test_another_month_reads_again(view):
    view.show_month(at(1, 0, month=2).date())
    assert tile(view, "reported") == ("1", "其中紧急 0 件")
    assert tile(view, "in_time")[0] == "—"
    assert tile(view, "response")[0] == "—"


def test_the_party_members_counts_have_room_for_their_digits(view):
    room = view.fontMetrics().horizontalAdvance("00000")
    header = view.participation_table.horizontalHeader()
    assert [header.sectionSize(column) >= room for column in (2, 3)] == [
        True,
        True,
    ]  # 报到次数, 件数
    for table in (view.type_table, view.urgency_table):
        assert table.horizontalHeader().sectionSize(1) >= room  # 件数
