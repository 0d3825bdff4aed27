"""考核 → 期间结果: quarter and year results from the approved months, the month's allowances
and the amount per grade."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from desktop.services.assessment_periods import allowance_amounts
from desktop.views.assessment_page import AssessmentPage
from desktop.views.assessment_periods_panel import PeriodModel
from tests.services import assessment_fixtures
from tests.services.assessment_fixtures import MARCH, SCORER
from tests.views.test_assessment_history import approved_month

assessment_file = assessment_fixtures.assessment_file
db = assessment_fixtures.assessment_db
town = assessment_fixtures.assessment_town


def shown(model, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


@pytest.fixture
def periods(qtbot, db, town):
    # 日常走访 on top of the 30 points the others carry: 张网格 50 both months, 李青山 50 then 45
    approved_month(db, town, MARCH.replace(month=2), {"李青山": "20", "张网格": "20"})
    approved_month(db, town, MARCH, {"李青山": "15", "张网格": "20"})
    page = AssessmentPage(db, SCORER, today=lambda: MARCH)
    qtbot.addWidget(page)
    page.resize(1236, 700)
    page.show()
    page.tabs.setCurrentWidget(page.periods_tab)
    yield page.periods_tab.content


def test_the_tab_is_built_only_when_first_shown(qtbot, db, town):
    page = AssessmentPage(db, SCORER, today=lambda: MARCH)
    qtbot.addWidget(page)
    assert page.periods_tab.content is None
    assert page.tabs.tabText(page.tabs.indexOf(page.periods_tab)) == "期间结果"


def test_the_quarter_ranks_workers_from_the_approved_months(periods):
    periods.quarter_combo.setCurrentIndex(1)  # 第1季度
    model = periods.model
    names = shown(model, 0)
    assert names[:2] == ["张网格", "李青山"]  # 50 against a mean of 47.5
    assert shown(model, 3)[:2] == ["50.0", "47.5"]
    assert shown(model, 2)[:2] == ["2", "2"]
    assert shown(model, 5)[:2] == ["1", "2"]
    assert "2026年第1季度" in periods.period_label.text()
    assert "不合格" in periods.distribution_label.text()


def test_workers_below_the_minimum_of_months_are_listed_without_rank(periods):
    periods.quarter_combo.setCurrentIndex(1)
    periods.min_spin.setValue(3)
    assert set(shown(periods.model, 5)) == {"不排名"}
    assert "张网格" in shown(periods.model, 0)


def test_the_half_year_method_on_a_quarter_is_refused_in_chinese(periods):
    periods.quarter_combo.setCurrentIndex(1)
    periods.method_combo.setCurrentIndex(1)
    assert periods.model.rowCount() == 0
    assert "不能平均分为 2 部分" in periods.period_label.text()
    periods.quarter_combo.setCurrentIndex(0)  # the whole year splits in halves
    assert periods.model.rowCount() > 0


def test_setting_an_amount_per_grade_fills_the_months_allowances(periods, db):
    assert periods.month_combo.currentText() == "3月"
    assert periods.allowance_model.rowCount() > 0
    assert "合计 0.00 元" in periods.allowance_label.text()
    periods.grade_combo.setCurrentText("不合格")
    periods.amount_edit.setText("100.5")
    periods.save_button.click()
    assert allowance_amounts(db)["不合格"] == 10050
    workers = periods.allowance_model.rowCount()
    assert set(shown(periods.allowance_model, 3)) == {"100.50"}
    assert f"合计 {100.5 * workers:,.2f} 元" in periods.allowance_label.text()


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("三百", "元"),
        ("999999999999999", "补贴金额应为 0～100,000.00 元"),
    ],  # not yuan; far too large
)
def test_an_amount_refused_is_said_beside_the_form(periods, db, typed, words):
    periods.grade_combo.setCurrentText("优秀")
    periods.amount_edit.setText(typed)
    periods.save_button.click()
    assert periods.amount_error.isVisible()
    assert words in periods.amount_error.text()
    assert "优秀" not in allowance_amounts(db)


def test_the_allowances_open_on_the_last_approved_month_until_one_is_picked(qtbot, db, town):
    approved_month(db, town, MARCH.replace(month=2), {"李青山": "20", "张网格": "20"})
    page = AssessmentPage(db, SCORER, today=lambda: MARCH.replace(month=5))  # May, not approved
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentWidget(page.periods_tab)
    periods = page.periods_tab.content
    assert periods.month_combo.currentText() == "2月"
    assert periods.allowance_model.rowCount() > 0
    periods.month_combo.setCurrentIndex(3)
    periods.month_combo.activated.emit(3)  # the clerk's own choice stays
    periods.min_spin.setValue(2)
    assert periods.month_combo.currentText() == "4月"


def test_the_choices_are_captioned_with_their_alt_keys(periods):
    captions = {label.text() for label in periods.findChildren(QLabel) if label.buddy()}
    assert {"年份(&Y)", "期间(&P)", "计分方法(&M)"} <= captions


def test_a_month_not_approved_says_so(periods):
    periods.month_combo.setCurrentIndex(3)  # April
    assert periods.allowance_model.rowCount() == 0
    assert "尚未审核" in periods.allowance_label.text()


def test_the_period_model_passes_the_model_tester(qtmodeltester, periods):
    assert isinstance(periods.model, PeriodModel)
    qtmodeltester.check(periods.model)


def test_a_township_with_two_schemes_chooses_one(qtbot, tmp_path):
    """The demo scores grid workers and micro-grid workers with different schemes: the tab offers
    the choice instead of stopping at "请指定一套"."""
    from datetime import date

    from desktop.db import open_database
    from desktop.services.demo import build_demo
    from desktop.views.assessment_periods_panel import PeriodsPanel

    today = date(2026, 11, 20)
    demo = open_database(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    build_demo(demo, seed=1, today=today)
    panel = PeriodsPanel(demo, today=lambda: today)
    qtbot.addWidget(panel)
    panel.reload()
    names = [panel.scheme_combo.itemText(i) for i in range(panel.scheme_combo.count())]
    assert sorted(names) == ["微网格员月度考核细则", "网格员月度考核细则"]
    assert panel.model.rowCount() > 0 and "请指定" not in panel.period_label.text()
    first = panel.model.rowCount()
    panel.scheme_combo.setCurrentIndex(1 - panel.scheme_combo.currentIndex())
    assert panel.model.rowCount() > 0 and panel.model.rowCount() != first
    demo.close()
