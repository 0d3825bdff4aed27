"""考核 → 考核细则: the versions, the editor's inline refusals, and a frozen version saved as the
next one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QTableWidgetItem

from desktop.services.assessment_months import approve, open_month, submit
from desktop.services.assessment_schemes import list_schemes
from desktop.views.assessment_page import AssessmentPage
from desktop.views.assessment_schemes_panel import BANDS, LOWER, MAX, NAME, UPPER
from tests.services import assessment_fixtures
from tests.services.assessment_fixtures import MARCH, NOW, REVIEWER, SCORER

assessment_file = assessment_fixtures.assessment_file
db = assessment_fixtures.assessment_db
town = assessment_fixtures.assessment_town


@pytest.fixture
def panel(qtbot, db, town):
    page = AssessmentPage(db, SCORER, today=lambda: MARCH)
    qtbot.addWidget(page)
    page.resize(1236, 700)
    page.show()
    page.tabs.setCurrentIndex(1)
    yield page.schemes_tab.content  # the frame keeps the page alive: qtbot holds it weakly


def open_editor(panel):
    opened = []
    panel.dialog_opened.connect(opened.append)
    panel.edit_button.click()
    (editor,) = opened
    return editor


def row_of(table, name: str) -> int:
    return next(r for r in range(table.rowCount()) if table.item(r, NAME).text() == name)


def test_the_scheme_shows_its_items_and_grades(panel):
    assert panel.list.count() == 1
    assert panel.list.item(0).text() == "网格员月度考核细则（第1版，2026-01起）"
    assert "优秀 ≥90" in panel.summary.text() and "专职网格员" in panel.summary.text()
    names = [panel.items_view.item(r, 1).text() for r in range(panel.items_view.rowCount())]
    assert names[:3] == ["日常走访", "信息录入", "台账资料"] and len(names) == 11
    kinds = {panel.items_view.item(r, 1).text(): panel.items_view.item(r, 2).text()
             for r in range(panel.items_view.rowCount())}  # fmt: skip
    assert (kinds["信息录入"], kinds["按期化解率"], kinds["安全事故"]) == (
        "按次扣分",
        "自动计分",
        "一票否决",
    )


def test_a_long_rule_is_shown_whole_on_a_taller_row(panel):
    view = panel.items_view
    view.horizontalHeader().resizeSection(3, 150)
    rows = {view.item(r, 1).text(): r for r in range(view.rowCount())}
    long, short = rows["按期化解率"], rows["台账资料"]  # a rule of bands; a plain 5 points
    assert view.rowHeight(long) > view.rowHeight(short) * 1.5
    assert view.wordWrap()


def test_a_gap_between_grades_is_refused_beside_the_grades(panel, db):
    editor = open_editor(panel)
    good = next(r for r in range(editor.bands_table.rowCount())
                if editor.bands_table.item(r, 0).text() == "良好")  # fmt: skip
    editor.bands_table.setItem(good, UPPER, QTableWidgetItem("85"))
    editor.save_button.click()
    assert editor.error_text("bands") == (
        "“良好”与“优秀”之间有空档：85 分至 90 分之间的总分没有等次"
    )
    assert editor.isVisible()
    (scheme,) = list_schemes(db)
    assert scheme.bands[1].upper == 90  # nothing saved


def test_an_item_refused_by_the_rules_is_selected_with_its_message(panel):
    editor = open_editor(panel)
    row = row_of(editor.items_table, "按期化解率")
    editor.items_table.setItem(row, BANDS, QTableWidgetItem("0:0；90:20；60:10"))
    editor.save_button.click()
    assert editor.error_text("items") == "“按期化解率”的分档门槛应从低到高排列"
    assert editor.items_table.currentRow() == row
    editor.items_table.setItem(row, MAX, QTableWidgetItem("二十"))
    editor.save_button.click()
    assert editor.error_text("items") == "“按期化解率”的分值应为数字：二十"


def test_an_edit_is_saved_in_place_until_the_scheme_is_used(panel, db):
    editor = open_editor(panel)
    editor.items_table.setItem(row_of(editor.items_table, "日常走访"), MAX, QTableWidgetItem("25"))
    editor.bands_table.setItem(0, LOWER, QTableWidgetItem("95"))
    editor.bands_table.setItem(1, UPPER, QTableWidgetItem("95"))
    editor.save_button.click()
    assert not editor.isVisible()
    (scheme,) = list_schemes(db)
    assert (scheme.version, scheme.items[0].max_points, scheme.bands[0].lower) == (1, 25, 95)


def test_saving_a_frozen_version_makes_the_next_one_and_says_so(panel, db, town, boxes):
    month = open_month(db, town.units["示例镇"], MARCH)
    submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    approve(db, month.id, actor=REVIEWER, now=NOW + timedelta(hours=1))
    panel.reload()
    assert "已冻结" in panel.list.item(0).text()
    editor = open_editor(panel)
    editor.items_table.setItem(row_of(editor.items_table, "台账资料"), MAX, QTableWidgetItem("6"))
    editor.save_button.click()
    (message,) = boxes.texts("info")
    assert "已另存为第2版" in message
    assert [s.version for s in list_schemes(db)] == [1, 2]
    assert panel.list.currentItem().text().startswith("网格员月度考核细则（第2版")
