"""The item models obey Qt's model rules (qtmodeltester), also while filtering and sorting."""

from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex, Qt

from desktop.services.lookups import list_units
from desktop.services.roster_index import RosterFilter, Status, load_roster
from desktop.views.roster_table_model import NAME, STATUS, RosterProxyModel, RosterTableModel
from desktop.views.unit_tree_model import UnitTreeModel


def roster_model(db) -> RosterTableModel:
    model = RosterTableModel()
    model.set_index(load_roster(db))
    return model


def test_roster_table_model(qtmodeltester, db, township):
    model = roster_model(db)
    qtmodeltester.check(model)
    # The tester stays attached and checks every change below as it happens.
    model.set_filter(RosterFilter(text="z"))
    model.sort(NAME, Qt.SortOrder.DescendingOrder)
    model.set_filter(RosterFilter(status=Status.UNASSIGNED))
    model.set_index(load_roster(db))
    assert model.rowCount() == 1


def test_roster_proxy_model(qtmodeltester, db, township):
    model = roster_model(db)
    proxy = RosterProxyModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.sort(NAME, Qt.SortOrder.AscendingOrder)
    model.set_filter(RosterFilter(units=frozenset({township.units["青山村第一网格"]})))
    assert proxy.rowCount() == 1


def test_unit_tree_model(qtmodeltester, db, township):
    model = UnitTreeModel()
    model.set_units(list_units(db))
    qtmodeltester.check(model)
    county = model.index(0, 0)
    assert county.data() == "南江县" and model.rowCount(county) == 1
    township_index = model.index(0, 0, county)
    assert [model.index(r, 0, township_index).data() for r in range(2)] == ["青山村", "石门社区"]
    assert model.index(0, 1, township_index).data() == "村(社区)"
    assert model.parent(township_index) == county


def test_sorting_is_done_by_the_source_and_persistent_indexes_follow(db, township):
    model = roster_model(db)
    proxy = RosterProxyModel()
    proxy.setSourceModel(model)
    names = [model.index(r, NAME).data() for r in range(model.rowCount())]
    held = QPersistentModelIndex(proxy.index(names.index("王秀英"), STATUS))
    proxy.sort(NAME, Qt.SortOrder.AscendingOrder)
    assert proxy.sortColumn() == -1  # the proxy itself never sorts (see its docstring)
    assert [proxy.index(r, NAME).data() for r in range(5)] == [
        "李四",
        "王秀英",
        "赵敏",
        "张三丰",
        "张伟",
    ]
    assert held.row() == 1 and held.column() == STATUS
    proxy.sort(-1)
    assert [proxy.index(r, NAME).data() for r in range(5)] == names


def test_unhandled_roles_give_none(db, township):
    model = roster_model(db)
    index = model.index(0, NAME)
    assert model.data(index, Qt.ItemDataRole.DecorationRole) is None
    assert model.data(index, Qt.ItemDataRole.EditRole) is None
    assert model.headerData(NAME, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole) is None
