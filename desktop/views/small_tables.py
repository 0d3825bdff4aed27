"""Small read-only tables of texts: the record pages' parties, timelines and dispatches, and the
month figures' breakdowns."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView

from desktop.views.list_model import ListTableModel
from desktop.views.look import RoomyRowsDelegate


class TextRowsModel(ListTableModel):
    """A small read-only table of texts under translated headers."""

    def __init__(self, headers: list[str], parent=None) -> None:
        super().__init__(parent)
        self.headers = headers

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()] or None
        return None

    def column(self, column: int) -> list[str]:
        """One column top to bottom, as the clerk reads it (tests too)."""
        return [row[column] for row in self.rows]


def fit_to_rows(table: QTableView) -> None:
    """As tall as its rows (at least one): short lists stacked in a scroll area, each whole."""
    table.resizeRowsToContents()
    rows = max(table.model().rowCount(), 1)
    height = sum(table.rowHeight(row) for row in range(table.model().rowCount()))
    height = max(height, table.verticalHeader().defaultSectionSize() * rows)
    frame = 2 * table.frameWidth()
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + height + frame + 2)


COUNT_ROOM = "00000"  # the widest count a breakdown column shows without widening


def give_counts_room(table: QTableView) -> None:
    """No column narrower than a five-digit count: a one-character header (件, 人) and counts of
    0 would otherwise size a column to 16 px, and it would widen as the counts grow."""
    header = table.horizontalHeader()
    padding = 2 * table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 8
    header.setMinimumSectionSize(table.fontMetrics().horizontalAdvance(COUNT_ROOM) + padding)


def small_table(model: QAbstractItemModel, stretch: int) -> QTableView:
    """Read-only rows, no row numbers; columns as wide as their texts but `stretch`."""
    table = QTableView()
    table.setModel(model)
    table.setItemDelegate(RoomyRowsDelegate(table))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
