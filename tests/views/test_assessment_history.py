"""考核 → 个人历史: a worker's approved months with the trend chart, and the township's grade
distribution for the month chosen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCharts import QBarSeries, QLineSeries

from desktop.services.assessment_months import approve, open_month, set_entry, submit
from desktop.views.assessment_page import AssessmentPage
from tests.services import assessment_fixtures
from tests.services.assessment_fixtures import MARCH, NOW, REVIEWER, SCORER

assessment_file = assessment_fixtures.assessment_file
db = assessment_fixtures.assessment_db
town = assessment_fixtures.assessment_town


def approved_month(db, town, first: date, points: dict[str, str]) -> None:
    month = open_month(db, town.units["示例镇"], first)
    daily = month.scheme.items[0].key  # 日常走访
    for name, value in points.items():
        set_entry(db, month.id, town.people[name], daily, value, actor=SCORER)
    submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    approve(db, month.id, actor=REVIEWER, now=NOW + timedelta(hours=1))


@pytest.fixture
def history(qtbot, db, town):
    approved_month(db, town, date(2026, 2, 1), {"李青山": "20"})
    # March: 李青山 80 (良好), 张网格 50, the others 30 (不合格); February: 李青山 50
    month = open_month(db, town.units["示例镇"], MARCH)
    keys = {item.name: item.key for item in month.scheme.items}
    for name, value in (
        ("矛盾纠纷排查", "5"),
        ("安全隐患排查", "15"),
        ("重点人员服务管理", "10"),
        ("群众满意度", "5"),
    ):
        set_entry(db, month.id, town.people["李青山"], keys[name], value, actor=SCORER)
    approved_month(db, town, MARCH, {"李青山": "15", "张网格": "20"})
    page = AssessmentPage(db, SCORER, today=lambda: MARCH)
    qtbot.addWidget(page)
    page.resize(1236, 700)
    page.show()
    page.tabs.setCurrentIndex(2)
    yield page.history_tab.content  # the frame keeps the page alive: qtbot holds it weakly


def test_a_workers_months_with_the_trend_of_totals(history):
    assert history.worker_list.currentItem().text() == "李青山（青山村）"
    model = history.model
    rows = [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())]
    assert rows == [
        ["2026-02", "50", "不合格", "1 / 4", "1"],
        ["2026-03", "80", "良好", "1 / 4", "1"],
    ]
    (line,) = history.trend.series()
    assert isinstance(line, QLineSeries)
    assert [(p.x(), p.y()) for p in line.points()] == [(0, 50), (1, 80)]


def test_the_township_grade_distribution_of_the_month_chosen(history):
    assert history.distribution.title() == "全乡镇等次分布（2026-03）"
    (bars,) = history.distribution.series()
    assert isinstance(bars, QBarSeries)
    counts = [bars.barSets()[0].at(i) for i in range(bars.barSets()[0].count())]
    assert history.grade_counts == {"优秀": 0, "良好": 1, "合格": 0, "不合格": 3}
    assert counts == [0, 1, 0, 3]
    history.table.selectRow(0)
    assert history.grade_counts == {"优秀": 0, "良好": 0, "合格": 0, "不合格": 4}


def test_choosing_another_worker_and_searching_by_initials(history):
    history.search_edit.setText("zwg")
    shown = [history.worker_list.item(r).text() for r in range(history.worker_list.count())
             if not history.worker_list.item(r).isHidden()]  # fmt: skip
    assert shown == ["张网格（青山村）"]
    history.show_person(
        history.workers[[w.name for w in history.workers].index("张网格")].person_id
    )
    assert [history.model.index(r, 1).data() for r in range(history.model.rowCount())] == [
        "30",
        "50",
    ]


def test_the_history_model_passes_the_model_tester(qtmodeltester, history):
    qtmodeltester.check(history.model)
