"""网格与花名册 as a clerk uses it: search, filter by the tree, read the masked table."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from desktop.services.roster import get_person
from desktop.views.roster_table_model import CITIZEN_ID, NAME, PHONE
from tests.views.helpers import citizen_id, table_names, table_row


def click_unit(qtbot, page, name: str) -> None:
    """Click a unit in the tree, opening its ancestors first as a clerk would."""
    unit_id = next(unit.id for unit in page.units if unit.name == name)
    index = page.tree_model.index_of(unit_id)
    parent = index.parent()
    while parent.isValid():
        page.tree_view.expand(parent)
        parent = parent.parent()
    page.tree_view.scrollTo(index)
    rect = page.tree_view.visualRect(index)
    qtbot.mouseClick(page.tree_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected_unit().name == name


def test_everyone_is_listed_with_a_count(page):
    assert sorted(table_names(page)) == sorted(["张三丰", "李四", "王秀英", "赵敏", "张伟"])
    assert page.count_label.text() == "共 5 人"


def test_ids_and_phones_are_masked_in_every_cell(page, db, township):
    full = {get_person(db, pid).citizen_id for pid in township.people.values()}
    full |= {get_person(db, pid).phone for pid in township.people.values()} - {None}
    shown = [
        page.proxy.index(row, column).data(role)
        for row in range(page.proxy.rowCount())
        for column in range(page.proxy.columnCount())
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    ]
    assert not full & {text for text in shown if text}
    row = table_row(page, "张三丰")
    assert row["身份证号码"] == "511922********" + citizen_id("511922", "19800101", 11)[-4:]
    assert row["联系电话"] == "138****5678"
    assert table_row(page, "张伟")["联系电话"] == "0827-***4567"


def test_row_shows_post_unit_date_and_status(page):
    row = table_row(page, "张三丰")
    assert row["性别"] == "男"
    assert row["岗位"] == "网格长"
    assert row["所属单位"] == "青山村第一网格"
    assert row["任职日期"] == "2023-03-01"
    assert row["状态"] == "在岗"
    assert table_row(page, "赵敏")["状态"] == "未分配"


def test_pinyin_initials_find_the_person(qtbot, page):
    qtbot.keyClicks(page.search_edit, "zsf")
    assert table_names(page) == ["张三丰"]
    assert page.count_label.text() == "共 1 人"


def test_search_narrows_and_widens_as_the_clerk_types(qtbot, page):
    qtbot.keyClicks(page.search_edit, "z")
    assert sorted(table_names(page)) == ["张三丰", "张伟", "赵敏"]
    qtbot.keyClicks(page.search_edit, "w")
    assert table_names(page) == ["张伟"]
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Backspace)
    assert sorted(table_names(page)) == ["张三丰", "张伟", "赵敏"]


def test_search_by_name_id_tail_and_phone(page):
    page.set_search_text("李")
    assert table_names(page) == ["李四"]
    page.set_search_text(citizen_id("511922", "19800101", 22)[-4:])
    assert table_names(page) == ["王秀英"]
    page.set_search_text("0827")
    assert table_names(page) == ["张伟"]
    assert page.empty_label.isHidden()
    page.set_search_text("nobody")
    assert table_names(page) == []
    assert page.count_label.text() == "共 0 人"
    assert not page.empty_label.isHidden()  # the empty table says why and how to look further
    assert "没有与“nobody”相符的人员" in page.empty_label.text()
    assert "在左侧选上级单位可扩大范围" in page.empty_label.text()
    page.set_search_text("")
    assert page.empty_label.isHidden()


def test_selecting_a_unit_shows_its_subtree_and_the_county_everyone(qtbot, page):
    click_unit(qtbot, page, "青山村")
    assert sorted(table_names(page)) == ["张三丰", "王秀英"]
    click_unit(qtbot, page, "石门社区")
    assert table_names(page) == ["李四"]
    click_unit(qtbot, page, "示例镇")
    assert sorted(table_names(page)) == ["张三丰", "张伟", "李四", "王秀英"]  # 赵敏 has no post
    click_unit(qtbot, page, "南江县")
    assert len(table_names(page)) == 5


def test_tree_filter_and_search_combine(qtbot, page):
    click_unit(qtbot, page, "青山村")
    qtbot.keyClicks(page.search_edit, "wxy")
    assert table_names(page) == ["王秀英"]
    qtbot.keyClicks(page.search_edit, "z")
    assert table_names(page) == []


def test_status_and_post_filters(page):
    page.status_combo.setCurrentIndex(page.status_combo.findText("未分配"))
    assert table_names(page) == ["赵敏"]
    page.status_combo.setCurrentIndex(page.status_combo.findText("在岗"))
    assert len(table_names(page)) == 4
    page.status_combo.setCurrentIndex(page.status_combo.findText("全部"))
    page.role_combo.setCurrentIndex(page.role_combo.findText("人民调解员"))
    assert table_names(page) == ["张伟"]
    assert page.role_combo.itemText(0) == "全部岗位"


def test_sorting_by_name_follows_pinyin_and_keeps_the_selection(qtbot, page):
    page.select_person(page.proxy.person_id(table_names(page).index("王秀英")))
    header = page.table.horizontalHeader()
    position = QPoint(header.sectionViewportPosition(NAME) + 5, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=position)
    assert table_names(page) == ["李四", "王秀英", "赵敏", "张三丰", "张伟"]  # ls wxy zm zsf zw
    assert page.table.selectionModel().selectedRows()[0].data() == "王秀英"
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=position)
    assert table_names(page) == ["张伟", "张三丰", "赵敏", "王秀英", "李四"]
    assert page.table.selectionModel().selectedRows()[0].data() == "王秀英"


def test_sort_order_holds_while_searching(qtbot, page):
    page.table.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)
    qtbot.keyClicks(page.search_edit, "z")
    assert table_names(page) == ["张伟", "张三丰", "赵敏"]


def test_masked_columns_sort_without_revealing(page):
    page.table.sortByColumn(CITIZEN_ID, Qt.SortOrder.DescendingOrder)
    ids = [page.proxy.index(row, CITIZEN_ID).data() for row in range(page.proxy.rowCount())]
    assert all("********" in text for text in ids)
    page.table.sortByColumn(PHONE, Qt.SortOrder.AscendingOrder)
    assert page.proxy.rowCount() == 5


def test_ctrl_f_focuses_search_and_down_arrow_reaches_the_results(qtbot, page):
    page.activateWindow()
    qtbot.waitActive(page)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_edit.hasFocus()
    qtbot.keyClicks(page.search_edit, "ls")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    assert page.selected_person_id() is not None
    assert page.table.currentIndex().data() == "李四"


def test_a_large_roster_shows_a_first_page_at_once_then_everyone(qtbot, db, township, monkeypatch):
    """Start-up does not wait for 100,000 people: the first page shows, the rest follows."""
    from desktop.services.roster_index import count_people
    from desktop.views.roster_page import RosterPage

    monkeypatch.setattr(RosterPage, "FIRST_PAGE", 2)
    everyone = count_people(db)
    assert everyone > 2
    page = RosterPage(db)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.roster_completed, timeout=10_000):
        page.load()
        assert page.proxy.rowCount() == 2
        assert "正在载入" in page.count_label.text()
        assert not page.roster_complete
    assert page.proxy.rowCount() == everyone
    assert page.count_label.text() == f"共 {everyone} 人"
    last = page.model.roster.names[-1]  # not in the first page: searchable once all is loaded
    page.set_search_text(last)
    assert last in [page.proxy.index(row, 0).data() for row in range(page.proxy.rowCount())]
