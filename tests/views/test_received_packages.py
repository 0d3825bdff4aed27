"""数据交换 → 收到的同步包: the county sees which township sent what and when, refreshed after
each import."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from desktop.db import open_database
from desktop.views import sync_dialogs
from desktop.views.exchange_page import ExchangePage, ReceivedPackagesModel
from tests.exchange.county_fixtures import BEIBA, SHIJIANG, build_township, send


@pytest.fixture
def packages(tmp_path) -> dict[str, Path]:
    """示例镇's package (exported 3月1日 9:00) and 北坝镇's (10:00), by township name."""
    made = {}
    for spec, hour in ((SHIJIANG, 9), (BEIBA, 10)):
        township = open_database(f"sqlite:///{tmp_path / spec.code}.sqlite")
        try:
            build_township(township, spec)
            path = tmp_path / f"{spec.name}同步包.xlsx"
            send(township, path, datetime(2026, 3, 1, hour))
        finally:
            township.close()
        made[spec.name] = path
    return made


@pytest.fixture
def exchange(qtbot, db, settings) -> ExchangePage:
    page = ExchangePage(db, settings)
    qtbot.addWidget(page)
    page.resize(1100, 640)  # the page's share of a 1366×768 window
    page.show()
    return page


def import_package(qtbot, exchange, monkeypatch, path: Path) -> None:
    monkeypatch.setattr(sync_dialogs, "choose_package", lambda *_args: str(path))
    exchange.import_sync_button.click()
    dialog = exchange.active_dialog
    qtbot.waitUntil(lambda: not dialog.running)
    with qtbot.waitSignal(dialog.applied):
        dialog.apply_button.click()


def shown(exchange) -> list[list[str]]:
    """The rows of the table as the clerk reads them, but the import time (the real clock)."""
    proxy = exchange.received_proxy
    return [
        [
            proxy.index(row, column).data()
            for column in range(proxy.columnCount())
            if column != ReceivedPackagesModel.IMPORTED
        ]
        for row in range(proxy.rowCount())
    ]


def test_each_import_adds_a_row_newest_first(qtbot, exchange, packages, monkeypatch, boxes):
    proxy = exchange.received_proxy
    headers = [proxy.headerData(c, sync_dialogs.Qt.Orientation.Horizontal) for c in range(8)]
    assert headers == [
        "乡镇(街道)",
        "导出时间",
        "导入时间",
        "导入人",
        "新增",
        "修改",
        "冲突",
        "文件",
    ]
    assert exchange.received_label.text() == "收到的同步包（0 个）" and shown(exchange) == []

    import_package(qtbot, exchange, monkeypatch, packages["示例镇"])
    assert shown(exchange) == [
        ["示例镇", "2026-03-01 09:00", "系统", "9", "0", "0", "示例镇同步包.xlsx"]
    ]
    import_package(qtbot, exchange, monkeypatch, packages["北坝镇"])
    assert exchange.received_label.text() == "收到的同步包（2 个）"
    assert [row[0] for row in shown(exchange)] == ["北坝镇", "示例镇"]
    assert shown(exchange)[0][1:] == [
        "2026-03-01 10:00",
        "系统",
        "8",
        "0",
        "0",
        "北坝镇同步包.xlsx",
    ]
    assert proxy.index(0, ReceivedPackagesModel.IMPORTED).data().startswith("20")
    assert len(boxes.texts("info")) == 2  # each import still tells what it applied


def test_the_list_can_show_one_township(qtbot, exchange, packages, monkeypatch, qtmodeltester):
    for name in ("示例镇", "北坝镇"):
        import_package(qtbot, exchange, monkeypatch, packages[name])
    combo = exchange.township_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "全部乡镇",
        "示例镇（511922100）",
        "北坝镇（511922101）",
    ]
    combo.setCurrentIndex(2)
    assert [row[0] for row in shown(exchange)] == ["北坝镇"]
    exchange.refresh_received()  # the township chosen stays chosen
    assert combo.currentData() == BEIBA.code and [row[0] for row in shown(exchange)] == ["北坝镇"]
    combo.setCurrentIndex(0)
    assert len(shown(exchange)) == 2
    qtmodeltester.check(exchange.received_model)


def test_a_refused_older_package_adds_no_row(qtbot, exchange, packages, monkeypatch, tmp_path):
    township = open_database(f"sqlite:///{tmp_path / SHIJIANG.code}.sqlite")
    try:
        newer = tmp_path / "新的.xlsx"
        send(township, newer, datetime(2026, 3, 1, 12))
    finally:
        township.close()
    import_package(qtbot, exchange, monkeypatch, newer)
    monkeypatch.setattr(sync_dialogs, "choose_package", lambda *_args: str(packages["示例镇"]))
    exchange.import_sync_button.click()
    dialog = exchange.active_dialog
    qtbot.waitUntil(lambda: not dialog.running)
    assert "导出于 2026-03-01 09:00:00" in dialog.error_label.text()
    assert "2026-03-01 12:00:00" in dialog.error_label.text()
    assert not dialog.apply_button.isEnabled()
    dialog.reject()
    assert [row[-1] for row in shown(exchange)] == ["新的.xlsx"]
