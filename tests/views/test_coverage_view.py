"""网格覆盖情况: the clerk sees each village's marks and the gaps, and goes from a gap to its unit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.services.coverage import Check
from desktop.views.coverage_view import CoverageGapModel, CoverageView, CoverageVillageModel
from desktop.views.form import ERROR_COLOR
from desktop.vocabulary import Level
from tests.services.coverage_fixtures import TODAY, VILLAGE, add_empty_community, build_grid

COMMUNITY = "511922100202"
LAWYER_GAP = "“石门社区”没有在岗的法律顾问（一村一法律顾问），请为本村聘请法律顾问并录入花名册。"


@pytest.fixture
def made(db):
    made = build_grid(db)
    add_empty_community(made)
    return made


@pytest.fixture
def view(qtbot, db, made) -> CoverageView:
    widget = CoverageView(db, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1340, 620)
    widget.show()
    return widget


def marks(view: CoverageView, village: str) -> dict[str, str]:
    model = view.village_model
    row = [v.name for v in model.rows].index(village)
    return {
        model.headerData(column, Qt.Orientation.Horizontal): model.index(row, column).data()
        for column in range(1, model.columnCount())
    }


def cell(view: CoverageView, village: str, check: Check):
    model = view.village_model
    row = [v.name for v in model.rows].index(village)
    return model.index(row, list(Check).index(check) + 1)


def test_shows_the_summary_the_marks_and_the_gaps(view):
    assert view.summary_label.text() == (
        "示例镇，截至 2025-06-01：2 个村(社区)，1 个全部达标；1 个网格、2 个微网格"
        "（每个 10～30 户）；共 5 处缺口"
    )
    assert (
        view.total_labels[Check.LEGAL_ADVISER].text() == "✗ 一村一法律顾问：1/2 个村达标，1 处缺口"
    )
    assert view.total_labels[Check.HOUSEHOLDS].text() == "✓ 微网格户数：2/2 个村达标"
    assert view.total_labels[Check.FIRST_SECRETARY].text() == "○ 驻村第一书记：仅供参考"
    assert set(marks(view, "青山村").values()) == {"✓ 达标", "○ 参考"}
    assert marks(view, "石门社区")["一村一法律顾问"] == "✗ 1 处"
    assert marks(view, "石门社区")["微网格员"] == "✓ 达标"
    assert view.gap_title.text() == "全部村(社区)待整改的缺口：5 处"
    assert (
        "石门社区",
        "村(社区) 石门社区",
        COMMUNITY,
        "一村一法律顾问",
        LAWYER_GAP,
    ) in view.gap_rows()


def test_a_mark_is_told_by_its_text_and_its_colour(view):
    failed = cell(view, "石门社区", Check.LEGAL_ADVISER)
    passed = cell(view, "青山村", Check.LEGAL_ADVISER)
    assert failed.data(Qt.ItemDataRole.ForegroundRole).color() == QColor(ERROR_COLOR)
    assert passed.data(Qt.ItemDataRole.ForegroundRole).color() != QColor(ERROR_COLOR)
    assert failed.data(Qt.ItemDataRole.BackgroundRole) != passed.data(
        Qt.ItemDataRole.BackgroundRole
    )
    assert LAWYER_GAP in failed.data(Qt.ItemDataRole.ToolTipRole)
    assert passed.data(Qt.ItemDataRole.ToolTipRole) == "在岗：王律师"


def test_choosing_a_village_narrows_the_gaps_to_it(qtbot, view, made):
    made.unit(Level.GRID, f"{VILLAGE}-02", "青山村第二网格", "青山村")
    view.load()
    view.village_table.selectRow(0)
    assert view.gap_title.text() == "青山村待整改的缺口：3 处"
    assert {row[1] for row in view.gap_rows()} == {"网格 青山村第二网格"}
    assert view.all_button.isEnabled()
    qtbot.mouseClick(view.all_button, Qt.MouseButton.LeftButton)
    assert len(view.gap_rows()) == 8
    assert not view.all_button.isEnabled()


def test_double_clicking_a_gap_asks_for_its_unit(qtbot, view):
    rows = [row[2] for row in view.gap_rows()]
    index = view.gap_proxy.index(rows.index(COMMUNITY), CoverageGapModel.FIX)
    view.gap_table.scrollTo(index)
    point = view.gap_table.visualRect(index).center()
    qtbot.mouseClick(view.gap_table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    with qtbot.waitSignal(view.unit_chosen) as chosen:
        qtbot.mouseDClick(view.gap_table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert chosen.args == [COMMUNITY]


def test_the_roster_button_asks_for_the_chosen_gap(qtbot, view, made):
    made.post("孙网格", "网格长", "石门社区")
    made.unit(Level.MICRO, f"{VILLAGE}-01-03", "青山三组", "青山村第一网格", households=40)
    made.post("孙微", "微网格员", "青山三组")
    view.load()
    view.village_table.selectRow(0)
    assert view.gap_rows() == [
        (
            "青山村",
            "微网格 青山三组",
            f"{VILLAGE}-01-03",
            "微网格户数",
            "“青山三组”有 40 户，超过 30 户，请考虑拆分为两个或多个微网格。",
        )
    ]
    with qtbot.waitSignal(view.unit_chosen) as chosen:
        qtbot.mouseClick(view.roster_button, Qt.MouseButton.LeftButton)
    assert chosen.args == [f"{VILLAGE}-01-03"]


def test_loading_again_shows_a_gap_fixed(view, made):
    made.post("吴律师", "法律顾问", "石门社区")
    assert marks(view, "石门社区")["一村一法律顾问"] == "✗ 1 处"
    view.load()
    assert marks(view, "石门社区")["一村一法律顾问"] == "✓ 达标"
    assert LAWYER_GAP not in {row[4] for row in view.gap_rows()}


def test_an_empty_database_says_what_is_missing(qtbot, db):
    widget = CoverageView(db, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.summary_label.text() == "数据库中还没有乡镇(街道)"
    assert widget.village_model.rowCount() == 0
    assert not widget.roster_button.isEnabled()


def test_models_behave(qtmodeltester, view):
    qtmodeltester.check(view.village_model)
    qtmodeltester.check(view.gap_model)
    assert isinstance(view.village_model, CoverageVillageModel)


def test_fits_a_1366_by_768_screen(view):
    hint = view.minimumSizeHint()
    assert hint.width() <= 1340 and hint.height() <= 600
