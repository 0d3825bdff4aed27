"""The table model the roster and the case list share: read-only rows that are positions in a
list the subclass keeps, sortable in place with the selection following its rows."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invalid index, as the default parent


class RowsModel(QAbstractTableModel):
    """Subclasses set `_headers` (translated once) and `_rows`, and implement `_sorted`, which
    puts rows in the order of `_sort_column` / `_sort_order` (-1: the rows' own order)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        self._rows: list[int] = []
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return section + 1

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the shown rows; -1 restores their own order. Persistent indexes (the selection,
        the current cell) follow their rows."""
        self._sort_column = column if 0 <= column < len(self._headers) else -1
        self._sort_order = order
        self.layoutAboutToBeChanged.emit()
        old_rows = self._rows
        self._rows = self._sorted(sorted(old_rows))
        persistent = self.persistentIndexList()
        if persistent:
            position = {row: i for i, row in enumerate(self._rows)}
            self.changePersistentIndexList(
                persistent,
                [self.index(position[old_rows[p.row()]], p.column()) for p in persistent],
            )
        self.layoutChanged.emit()

    def _sorted(self, rows: list[int]) -> list[int]:
        raise NotImplementedError
