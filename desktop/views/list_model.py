"""Tables of a plain list under translated headers, and the status filter shown above them: the
previews of the exchange dialogs (import rows, sync records) are both."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

ROOT = QModelIndex()


class ListTableModel(QAbstractTableModel):
    """A table of a plain list, `rows` (one record a row), under translated headers: row and
    column counts, headers, and `set_rows`. Subclasses set `headers` and give `data` (the status
    column's UserRole is what StatusFilter matches); one that keeps its records otherwise gives
    `items()`."""

    headers: list[str]

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def items(self) -> Sequence[Any]:
        return self.rows

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.items())

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        return None


class StatusFilter(QSortFilterProxyModel):
    """Shows the rows of one status ("" for all), matched on a column's UserRole."""

    def __init__(self, status_column: int, parent=None) -> None:
        super().__init__(parent)
        self.setFilterKeyColumn(status_column)
        self.setFilterRole(Qt.ItemDataRole.UserRole)

    def set_status(self, status: str) -> None:
        self.setFilterRegularExpression(f"^{status}$" if status else "")
