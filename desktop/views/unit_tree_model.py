"""The grid as a tree (county → township → village → grid → micro-grid) over services.grid.

Root-less: the top items are the counties. Each index carries its unit id as internalId, so a
parent lookup is two dictionary reads.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.services.lookups import UnitInfo, subtree_ids

AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invalid index, as the default parent

NAME_COLUMN, LEVEL_COLUMN = 0, 1


class UnitTreeModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._units: dict[int, UnitInfo] = {}
        self._children: dict[int | None, list[int]] = {}
        self._row: dict[int, int] = {}
        self._headers = [self.tr("Unit"), self.tr("Level")]

    # ------------------------------------------------------------------------------ public API

    def set_units(self, units: list[UnitInfo]) -> None:
        """Replace the whole tree (units come parents first, siblings by code)."""
        self.beginResetModel()
        self._units = {unit.id: unit for unit in units}
        self._children = {}
        for unit in units:
            parent = unit.parent_id if unit.parent_id in self._units else None
            self._children.setdefault(parent, []).append(unit.id)
        self._row = {
            unit_id: row
            for siblings in self._children.values()
            for row, unit_id in enumerate(siblings)
        }
        self.endResetModel()

    def units(self) -> list[UnitInfo]:
        """Every unit in tree order (depth first), as a picker lists them."""
        ordered: list[UnitInfo] = []
        stack = list(reversed(self._children.get(None, [])))
        while stack:
            unit_id = stack.pop()
            ordered.append(self._units[unit_id])
            stack.extend(reversed(self._children.get(unit_id, [])))
        return ordered

    def unit(self, index: AnyIndex) -> UnitInfo | None:
        return self._units.get(index.internalId()) if index.isValid() else None

    def unit_by_id(self, unit_id: int) -> UnitInfo | None:
        return self._units.get(unit_id)

    def index_of(self, unit_id: int, column: int = 0) -> QModelIndex:
        if unit_id not in self._units:
            return QModelIndex()
        return self.createIndex(self._row[unit_id], column, unit_id)

    def is_top(self, unit_id: int) -> bool:
        return unit_id in self._children.get(None, [])

    def subtree(self, unit_id: int) -> frozenset[int]:
        links = ((unit.id, unit.parent_id) for unit in self._units.values())
        return frozenset(subtree_ids(links, unit_id))

    # ----------------------------------------------------------------------- QAbstractItemModel

    def index(self, row: int, column: int, parent: AnyIndex = ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        parent_id = parent.internalId() if parent.isValid() else None
        return self.createIndex(row, column, self._children[parent_id][row])

    def parent(self, child: AnyIndex | None = None) -> QModelIndex:  # type: ignore[override]
        if child is None:  # QObject.parent(), which this name hides
            return super().parent()
        if not child.isValid():
            return QModelIndex()
        unit = self._units.get(child.internalId())
        if unit is None or unit.parent_id not in self._units:
            return QModelIndex()
        return self.createIndex(self._row[unit.parent_id], 0, unit.parent_id)

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        if parent.isValid():
            if parent.column() != 0:
                return 0
            return len(self._children.get(parent.internalId(), ()))
        return len(self._children.get(None, ()))

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return len(self._headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        unit = self.unit(index)
        if unit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return unit.name if index.column() == NAME_COLUMN else unit.level.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("{0} ({1}, code {2})").format(unit.name, unit.level.label, unit.code)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None
