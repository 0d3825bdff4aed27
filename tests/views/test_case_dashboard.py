"""矛盾纠纷统计: the numbers a leader reads for a small hand-built set of cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QTableView
from python_calamine import CalamineWorkbook

from desktop.errors import os_reason
from desktop.exchange import files
from desktop.views import export_dialog
from desktop.views.case_dashboard import RANGE, CaseDashboard
from desktop.vocabulary import CaseStatus, HandlingLevel
from tests.services.case_fixtures import build_case_town, case_in, citizen_id

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
    view = CaseDashboard(db, today=lambda: TODAY)
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


def test_a_year_typed_as_9999_stops_at_the_end_of_the_calendar(qtbot, dashboard):
    dashboard.month_edit.setDate(QDate(9999, 12, 1))
    assert (dashboard.month_edit.date().year(), dashboard.month_edit.date().month()) == (2100, 12)
    assert dashboard.period_label.text() == "2100年12月"
    assert dashboard.error_label.isHidden()
    dashboard.mode_combo.setCurrentIndex(dashboard.mode_combo.findData(RANGE))
    dashboard.from_edit.setDate(QDate(1, 1, 1))
    dashboard.to_edit.setDate(QDate(9999, 12, 31))
    assert (dashboard.from_edit.value(), dashboard.to_edit.value()) == (
        date(1900, 1, 1),
        date(2100, 12, 31),
    )
    assert dashboard.error_label.isHidden()


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
    assert not dashboard.ledger_button.isEnabled() and not dashboard.stats_button.isEnabled()
    dashboard.to_edit.set_value(date(2026, 1, 31))
    assert not dashboard.error_label.isVisible()
    assert dashboard.figures_area.isEnabled() and dashboard.ledger_button.isEnabled()
    assert dashboard.tile_text("received") == "1"


def test_the_tiles_fit_without_scrolling(qtbot, dashboard):
    qtbot.waitUntil(lambda: dashboard.tiles["overdue"].isVisible())
    for tile in dashboard.tiles.values():
        assert tile.height() >= tile.minimumSizeHint().height()
        bottom_right = tile.mapTo(dashboard, tile.rect().bottomRight())
        assert dashboard.rect().contains(bottom_right)


def test_counts_model_passes_the_model_tester(qtmodeltester, dashboard):
    qtmodeltester.check(dashboard.category_model)
    qtmodeltester.check(dashboard.prevented_model)


# ---------------------------------------------------------------------------------------- export


def rows_of(path) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


@dataclass
class SaveDialog:
    """The save dialog as a test answers it: `path` ("" is Cancel); what it was asked."""

    path: str = ""
    asked: list[tuple[str, str]] = field(default_factory=list)

    def choose(self, _parent, caption: str, suggested: str) -> str:
        self.asked.append((caption, suggested))
        return self.path


@pytest.fixture
def save_as(monkeypatch) -> SaveDialog:
    dialog = SaveDialog()
    monkeypatch.setattr(export_dialog, "choose_save_path", dialog.choose)
    return dialog


def test_the_month_s_ledger_is_exported(qtbot, dashboard, boxes, save_as, tmp_path):
    save_as.path = str(tmp_path / "三月台账")  # .xlsx is added
    with qtbot.waitSignal(dashboard.exported):
        dashboard.ledger_button.click()
    ((caption, suggested),) = save_as.asked
    assert caption == "导出矛盾纠纷台账"
    assert suggested.endswith("示例镇矛盾纠纷排查化解台账2026年3月.xlsx")
    written = tmp_path / "三月台账.xlsx"
    rows = rows_of(written)
    assert rows[0][0] == "示例镇矛盾纠纷排查化解台账"
    assert rows[1][0].startswith("统计期间：2026年3月")
    listed = rows[3:]
    assert len(listed) == 4  # received in March; the January case is neither received nor done
    assert all(row[1] == date(2026, 3, 2) for row in listed)
    parties = {row[5] for row in listed}
    number = citizen_id("19700505", 31)
    assert all(number not in text for text in parties)  # IDs are masked on the ledger
    assert f"李大山（511922********{number[-4:]}）、李小河" in parties
    assert boxes.texts("info") == [f"已导出 4 件案件的台账：{written}"]
    assert boxes.texts("error") == []


def test_the_range_s_statistics_are_exported(qtbot, dashboard, boxes, save_as, tmp_path):
    dashboard.mode_combo.setCurrentIndex(dashboard.mode_combo.findData(RANGE))
    dashboard.from_edit.set_value(date(2026, 1, 1))
    save_as.path = str(tmp_path / "统计.xlsx")
    with qtbot.waitSignal(dashboard.exported):
        dashboard.stats_button.click()
    ((caption, suggested),) = save_as.asked
    assert caption == "导出矛盾纠纷统计表"
    assert suggested.endswith("示例镇矛盾纠纷排查化解统计表2026年1月1日至2026年3月31日.xlsx")
    rows = rows_of(tmp_path / "统计.xlsx")
    assert rows[0][0] == "示例镇矛盾纠纷排查化解统计表"
    values = {row[0]: row[1] for row in rows[3:] if row and row[0]}
    assert values["受理案件"] == 5  # the same as the 受理案件 tile for the range
    assert values["超期未结"] == 1
    assert boxes.texts("info") == [f"统计表已导出：{tmp_path / '统计.xlsx'}"]


def test_cancelling_the_save_dialog_writes_nothing(qtbot, dashboard, boxes, save_as, tmp_path):
    dashboard.ledger_button.click()  # the dialog answers "" as when cancelled
    assert save_as.asked and boxes.shown == []
    assert list(tmp_path.glob("**/*.xlsx")) == []


def test_a_missing_folder_is_explained_in_chinese(qtbot, dashboard, boxes, save_as, tmp_path):
    save_as.path = str(tmp_path / "没有这个文件夹" / "台账.xlsx")
    dashboard.ledger_button.click()
    qtbot.waitUntil(lambda: bool(boxes.texts("error")))
    assert boxes.texts("error") == [f"文件夹不存在：{tmp_path / '没有这个文件夹'}"]
    assert boxes.texts("info") == []


def test_a_file_open_in_another_program_is_explained_in_chinese(
    qtbot, dashboard, boxes, save_as, tmp_path, monkeypatch
):
    """On Windows a workbook open in WPS or Excel cannot be replaced: the clerk is told so, and
    the old file stays as it was."""
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "统计.xlsx"
    target.write_bytes(b"old")

    def locked(_source, _target) -> None:
        raise PermissionError(13, "拒绝访问。")

    monkeypatch.setattr(files.os, "replace", locked)
    save_as.path = str(target)
    dashboard.stats_button.click()
    qtbot.waitUntil(lambda: bool(boxes.texts("error")))
    (error,) = boxes.texts("error")
    assert error == f"无法保存 {target}：{os_reason(PermissionError(13, '拒绝访问。'))}"
    assert "正在被其他程序（如 Excel、WPS）打开" in error
    assert "Traceback" not in error
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["统计.xlsx"]  # no temporary file left


def test_a_county_database_sets_its_townships_side_by_side(qtbot, dashboard):
    # the town holds 示例镇, with every case, and 北坝镇, with none
    qtbot.waitUntil(lambda: dashboard.townships_box.isVisible())
    assert dashboard.townships_box.title().startswith("各乡镇(街道)并列")
    assert [row[:4] for row in rows(dashboard.township_model)] == [
        ("示例镇", "1", "4", "3"),
        ("北坝镇", "—", "0", "0"),
        ("全县合计", "", "4", "3"),
    ]
    assert dashboard.tile_text("received") == "4"  # the tiles are the county's


def test_every_count_column_has_room_for_its_digits(qtbot, dashboard):
    qtbot.waitUntil(lambda: dashboard.period_label.text() == "2026年3月")
    room = dashboard.fontMetrics().horizontalAdvance("00000")
    for table in dashboard.findChildren(QTableView):
        header = table.horizontalHeader()
        for column in range(1, header.count()):  # 件, 人, 受理 … after the name column
            assert header.sectionSize(column) >= room, table.model().headerData(
                column, Qt.Orientation.Horizontal
            )
