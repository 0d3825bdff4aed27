"""各乡镇 under 考核 in a county database: each township's month side by side with the county's
line, as the county monthly report prints it (issue 9)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.services import grid
from desktop.services.grid import UnitDraft
from desktop.services.lookups import list_units
from desktop.views.assessment_page import AssessmentPage
from desktop.vocabulary import Level

TODAY = date(2026, 11, 20)


@pytest.fixture
def page(qtbot, tmp_path):
    """The demo township (its months approved up to the last) and 北坝镇, which has scored
    nothing yet."""
    from desktop.db import open_database
    from desktop.services.demo import build_demo

    db = open_database(f"sqlite:///{tmp_path / 'county.sqlite'}")
    build_demo(db, seed=1, today=TODAY)
    county = next(u for u in list_units(db) if u.level is Level.COUNTY)
    grid.create_unit(db, UnitDraft(Level.TOWNSHIP, "511922101", "北坝镇", parent_id=county.id))
    widget = AssessmentPage(db, "县里", today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    db.close()


def cells(model) -> list[tuple[str, ...]]:
    return [
        tuple(model.index(row, column).data() for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def test_the_townships_sit_side_by_side_with_the_county_line(qtbot, page):
    tabs = page.tabs
    assert tabs.tabText(tabs.count() - 1) == "各乡镇"
    tabs.setCurrentIndex(tabs.count() - 1)
    panel = page.townships_tab.content
    panel.month_combo.setCurrentIndex(panel.month_combo.findText("2026年6月"))
    model = panel.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:4] == ["乡镇(街道)", "考核状态", "考核人数", "平均分"]
    assert "优秀" in headers[4:]
    rows = {row[0]: row for row in cells(model)}
    assert set(rows) == {"示例镇", "北坝镇", "全县合计"}
    assert rows["示例镇"][1] == "已审核" and int(rows["示例镇"][2]) > 0
    assert rows["北坝镇"][1:4] == ("未开始", "—", "—")
    assert rows["全县合计"][2:] == rows["示例镇"][2:]  # only approved months count
    assert cells(model)[-1][0] == "全县合计"
