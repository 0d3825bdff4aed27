"""设置 → 网格覆盖: the households range and the villages with a 驻村第一书记, saved when valid."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.services.coverage import CoverageSettings, load_settings
from desktop.views.coverage_settings_panel import CoverageSettingsPanel
from tests.services.coverage_fixtures import VILLAGE, add_empty_community, build_grid


@pytest.fixture
def panel(qtbot, db) -> CoverageSettingsPanel:
    add_empty_community(build_grid(db))
    widget = CoverageSettingsPanel(db)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def villages(panel) -> dict[str, bool]:
    items = map(panel.village_list.item, range(panel.village_list.count()))
    return {item.text(): item.checkState() == Qt.CheckState.Checked for item in items}


def test_shows_the_default_range_and_every_village(panel):
    assert (panel.min_spin.text(), panel.max_spin.text()) == ("10 户", "30 户")
    assert villages(panel) == {"青山村（511922100201）": False, "石门社区（511922100202）": False}


def test_saved_settings_are_kept(qtbot, db, panel):
    panel.min_spin.setValue(12)
    panel.max_spin.setValue(28)
    panel.village_list.item(0).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(panel.settings_saved):
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert load_settings(db) == CoverageSettings(12, 28, frozenset({VILLAGE}))
    assert "已保存" in panel.saved_label.text()

    again = CoverageSettingsPanel(db)
    qtbot.addWidget(again)
    again.reload()
    assert (again.min_spin.value(), again.max_spin.value()) == (12, 28)
    assert villages(again)["青山村（511922100201）"]


def test_a_range_upside_down_is_refused_under_its_field(qtbot, db, panel):
    panel.min_spin.setValue(40)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.form.error_text("max_households") == "最多户数不能少于最少户数"
    assert panel.saved_label.text() == ""
    assert load_settings(db) == CoverageSettings()


def test_zero_households_is_refused(qtbot, db, panel):
    panel.min_spin.setValue(0)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.form.error_text("min_households") == "户数应为 1～1000 户"
