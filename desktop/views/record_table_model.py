"""The table model the case list and the warning list share: the records a service returned for
the structural filters (each with an `id`), searched here on every keystroke against a key per
record built once per load, and sorted here on sort keys.

Sorting in the model, with `RecordProxyModel` forwarding to it, as RosterProxyModel does: a few
thousand records sort in milliseconds this way, where QSortFilterProxyModel would call back into
Python per pair.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QSortFilterProxyModel, Qt

from desktop.services.roster_index import normalise_query
from desktop.views.rows_model import RowsModel


class Record(Protocol):
    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=Record)


class RecordRowsModel(RowsModel, Generic[R]):
    """One row per record. `set_records` after loading, `set_search` as the clerk types;
    subclasses give `_sort_key(column)` and the headers."""

    def __init__(self, search_key: Callable[[R], str], parent=None) -> None:
        super().__init__(parent)
        self._search_key = search_key
        self._records: list[R] = []
        self._keys: list[str] = []
        self._search = ""

    def set_records(self, records: list[R]) -> None:
        self.beginResetModel()
        self._records = records
        self._keys = [self._search_key(record) for record in records]
        self._rows = self._sorted(self._matching())
        self.endResetModel()

    def set_search(self, text: str) -> None:
        wanted = normalise_query(text)
        if wanted == self._search:
            return
        self.beginResetModel()
        self._search = wanted
        self._rows = self._sorted(self._matching())
        self.endResetModel()

    def record(self, row: int) -> R:
        return self._records[self._rows[row]]

    def row_of(self, record_id: int) -> int | None:
        for row, position in enumerate(self._rows):
            if self._records[position].id == record_id:
                return row
        return None

    def shown(self) -> Iterator[R]:
        """The records the search lets through, in their rows' order (for the counts)."""
        return (self._records[position] for position in self._rows)

    def _matching(self) -> list[int]:
        if not self._search:
            return list(range(len(self._records)))
        return [i for i, key in enumerate(self._keys) if self._search in key]

    def _sort_key(self, column: int) -> Callable[[int], object]:
        raise NotImplementedError

    def _sorted(self, rows: list[int]) -> list[int]:
        if self._sort_column < 0:
            return rows
        result = sorted(rows, key=self._sort_key(self._sort_column))
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            result.reverse()
        return result


class RecordProxyModel(QSortFilterProxyModel):
    """Pass-through proxy: the RecordRowsModel behind it sorts and searches."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def record(self, row: int):
        return self.sourceModel().record(self.mapToSource(self.index(row, 0)).row())

    def row_of(self, record_id: int) -> int | None:
        source_row = self.sourceModel().row_of(record_id)
        if source_row is None:
            return None
        return self.mapFromSource(self.sourceModel().index(source_row, 0)).row()
