"""The roster table: a QAbstractTableModel over services.roster_index.RosterIndex.

Built for ~100,000 people. The model keeps the list of visible row numbers of the index;
filtering and sorting happen here, on plain Python lists, and the view is told with one reset
(filter) or one layout change (sort). Nothing per row is computed until the view asks for it, and
it only asks for the rows on screen.

`RosterProxyModel` sits between this model and the view because views and other code expect the
usual model/proxy pair, but it must not sort or filter itself: QSortFilterProxyModel calls back
into Python for every comparison (lessThan) or row (filterAcceptsRow), which takes seconds at this
size. Its sort() is therefore forwarded to the source model, and it filters nothing.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import (
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop.services.roster_index import RosterFilter, RosterIndex, Status
from desktop.views.rows_model import AnyIndex, RowsModel

# The RosterIndex.sort_key field behind each column, in column order.
COLUMNS = ("name", "gender", "citizen_id", "phone", "roles", "units", "since", "status")
NAME, GENDER, CITIZEN_ID, PHONE, ROLES, UNITS, SINCE, STATUS = range(len(COLUMNS))

RECENT_RESULTS = 16  # lists of row numbers, at most 100,000 ints each

ENDED_BRUSH = QBrush(QColor("#7f8c8d"))


class RosterTableModel(RowsModel):
    """One row per person. Call `set_index` after loading, `set_filter` as the clerk types."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._index = RosterIndex([], {}, {}, {})
        self._filter = RosterFilter()
        self._ranks: dict[int, list[int]] = {}
        # Recent results by (filter, sort): backspacing returns to a query just typed, and a
        # structural filter (a unit, a post) would otherwise be recomputed over every person.
        self._recent: OrderedDict[tuple[RosterFilter, int, Qt.SortOrder], list[int]] = OrderedDict()
        # Translated once: data() runs for every visible cell on every repaint.
        self._headers = [
            self.tr("Name"),
            self.tr("Gender"),
            self.tr("Citizen ID"),
            self.tr("Phone"),
            self.tr("Post"),
            self.tr("Unit"),
            self.tr("Since"),
            self.tr("Status"),
        ]
        self._status_texts = {
            Status.ACTIVE: self.tr("In post"),
            Status.ENDED: self.tr("Left"),
            Status.UNASSIGNED: self.tr("No post"),
        }

    # ------------------------------------------------------------------------------ public API

    @property
    def roster(self) -> RosterIndex:
        return self._index

    @property
    def current_filter(self) -> RosterFilter:
        return self._filter

    def set_index(self, index: RosterIndex) -> None:
        """Show a freshly loaded roster with the current filter and sort order."""
        self.beginResetModel()
        self._index = index
        self._ranks.clear()
        self._recent.clear()
        self._rows = self._rows_for(self._filter)
        self.endResetModel()

    def set_filter(self, wanted: RosterFilter) -> None:
        if wanted == self._filter:
            return
        self.beginResetModel()
        self._filter = wanted
        self._rows = self._rows_for(wanted)
        self.endResetModel()

    def person_id(self, row: int) -> int:
        return self._index.person_ids[self._rows[row]]

    def row_of_person(self, person_id: int) -> int | None:
        """The visible row of a person, or None when the filter hides them."""
        index_row = self._index.row_of(person_id)
        if index_row is None:
            return None
        try:
            return self._rows.index(index_row)
        except ValueError:
            return None

    def status_of(self, row: int) -> Status:
        return self._index.status(self._rows[row])

    # ---------------------------------------------------------------------- QAbstractTableModel

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and self._index.status(row) is not Status.ACTIVE:
            return ENDED_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and column in (ROLES, UNITS):
            return self._display(row, column) or None
        return None

    def _display(self, row: int, column: int) -> str:
        index = self._index
        if column == NAME:
            return index.names[row]
        if column == GENDER:
            return index.genders[row]
        if column == CITIZEN_ID:
            return index.masked_id(row)  # never the full number: see DESIGN.md, Privacy
        if column == PHONE:
            return index.masked_phone(row)
        if column == ROLES:
            return index.roles_text(row)
        if column == UNITS:
            return index.units_text(row)
        if column == SINCE:
            return index.since(row)
        return self._status_texts[index.status(row)]

    # ------------------------------------------------------------------------------- internals

    def _rows_for(self, wanted: RosterFilter) -> list[int]:
        key = (wanted, self._sort_column, self._sort_order)
        rows = self._recent.get(key)
        if rows is None:
            rows = self._sorted(self._index.filter(wanted))
            self._recent[key] = rows
            if len(self._recent) > RECENT_RESULTS:
                self._recent.popitem(last=False)
        else:
            self._recent.move_to_end(key)
        return rows

    def _sorted(self, rows: list[int]) -> list[int]:
        """Rows (in index order) put in the current sort order.

        Each column's full order is computed once per loaded roster as a rank per row; sorting a
        filtered subset is then a C-level sort on integers, cheap enough for every keystroke."""
        if self._sort_column < 0:
            return rows
        ranks = self._ranks.get(self._sort_column)
        if ranks is None:
            field = COLUMNS[self._sort_column]
            order = sorted(range(len(self._index)), key=self._index.sort_key(field))
            ranks = [0] * len(order)
            for position, index_row in enumerate(order):
                ranks[index_row] = position
            self._ranks[self._sort_column] = ranks
        result = sorted(rows, key=ranks.__getitem__)
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            result.reverse()
        return result


class RosterProxyModel(QSortFilterProxyModel):
    """Pass-through proxy: sorting is done by RosterTableModel, never row by row in Python."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def person_id(self, row: int) -> int:
        source_row = self.mapToSource(self.index(row, 0)).row()
        return self.sourceModel().person_id(source_row)

    def row_of_person(self, person_id: int) -> int | None:
        source_row = self.sourceModel().row_of_person(person_id)
        if source_row is None:
            return None
        return self.mapFromSource(self.sourceModel().index(source_row, 0)).row()
