"""网格覆盖 (纵向到底、横向到边): the township's summary on top, a row of ✓/✗ per village, and
the gaps a clerk can act on. Double-clicking a gap (or 到花名册) asks for its unit in the roster
through `unit_chosen`; choosing a village narrows the gaps to it.

Every mark is text as well as colour (✓ 达标, ✗ 2 处, ○ 参考), for clerks who do not tell red from
green and for paper copies of a screenshot.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import FengwangError
from desktop.services import coverage
from desktop.services.coverage import Check, CheckResult, Coverage
from desktop.views.form import ERROR_COLOR
from desktop.views.list_model import ListTableModel
from desktop.views.look import RoomyRowsDelegate, emphasise

if TYPE_CHECKING:
    from desktop.db import Database
    from desktop.views.case_actions import Today

PASS_COLOR, PASS_FILL = "#1e7b3c", "#e3f4e8"
FAIL_FILL = "#f8d3cf"
INFO_COLOR = "#707070"
CODE_ROLE = Qt.ItemDataRole.UserRole  # the unit code a row leads to


class CoverageVillageModel(ListTableModel):
    """One row per village: its name, then one mark per check."""

    NAME = 0

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headers = [self.tr("Village"), *(check.label for check in Check)]
        self._brushes = {
            "pass": (QBrush(QColor(PASS_COLOR)), QBrush(QColor(PASS_FILL))),
            "fail": (QBrush(QColor(ERROR_COLOR)), QBrush(QColor(FAIL_FILL))),
            "info": (QBrush(QColor(INFO_COLOR)), None),
        }

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        village = self.rows[index.row()]
        if role == CODE_ROLE:
            return village.code
        if index.column() == self.NAME:
            if role == Qt.ItemDataRole.DisplayRole:
                return village.name
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("{0}: {1} grids, {2} micro-grids").format(
                    village.code, village.grids, village.micro_grids
                )
            return None
        result = village.checks[index.column() - 1]
        state = "info" if not result.applies else "pass" if result.passed else "fail"
        if role == Qt.ItemDataRole.DisplayRole:
            return self.mark(result)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join((result.note, *(gap.message for gap in result.gaps)))
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._brushes[state][0]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brushes[state][1]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def mark(self, result: CheckResult) -> str:
        if not result.applies:
            return self.tr("○ for reference")
        if result.passed:
            return self.tr("✓ met")
        return self.tr("✗ {0} gap(s)").format(len(result.gaps))


class CoverageGapModel(ListTableModel):
    VILLAGE, UNIT, CODE, CHECK, FIX = range(5)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headers = [
            self.tr("Village"),
            self.tr("Unit"),
            self.tr("Code"),
            self.tr("Check"),
            self.tr("What to fix"),
        ]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        gap = self.rows[index.row()]
        if role == CODE_ROLE:
            return gap.village_code if index.column() == self.VILLAGE else gap.unit_code
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (
                gap.village_name,
                f"{gap.level.label} {gap.unit_name}",
                gap.unit_code,
                gap.check.label,
                gap.message,
            )[index.column()]
        return None


class CoverageView(QWidget):
    """Reads the checks when first shown and on load(); `today` (for tests) fixes the day whose
    assignments count."""

    unit_chosen = Signal(str)  # the code of a unit to open in the roster

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, today: Today = date.today
    ) -> None:
        super().__init__(parent)
        self._db = db
        self.today = today
        self._loaded = False
        self.found: Coverage | None = None

        self.title = emphasise(QLabel(self.tr("Grid coverage")), scale=1.2)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.clicked.connect(self.load)
        self.totals_grid = QGridLayout()
        self.totals_grid.setHorizontalSpacing(18)
        self.total_labels: dict[Check, QLabel] = {}
        for position, check in enumerate(Check):
            label = QLabel()
            self.total_labels[check] = label
            self.totals_grid.addWidget(label, position // 4, position % 4)

        self.village_model = CoverageVillageModel(self)
        self.village_table = self._table(self.village_model)
        header = self.village_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(
            CoverageVillageModel.NAME, QHeaderView.ResizeMode.ResizeToContents
        )
        self.village_table.selectionModel().selectionChanged.connect(self._on_village_chosen)
        self.village_table.doubleClicked.connect(self._choose_village)

        self.gap_model = CoverageGapModel(self)
        self.gap_proxy = QSortFilterProxyModel(self)
        self.gap_proxy.setSourceModel(self.gap_model)
        self.gap_proxy.setFilterKeyColumn(CoverageGapModel.VILLAGE)
        self.gap_proxy.setFilterRole(CODE_ROLE)
        self.gap_table = self._table(self.gap_proxy)
        self.gap_table.setWordWrap(True)
        gap_header = self.gap_table.horizontalHeader()
        gap_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        gap_header.setSectionResizeMode(CoverageGapModel.FIX, QHeaderView.ResizeMode.Stretch)
        self.gap_table.doubleClicked.connect(self._choose_gap)
        self.gap_title = emphasise(QLabel())
        self.all_button = QPushButton(self.tr("&All villages"))
        self.all_button.clicked.connect(self.show_all_gaps)
        self.roster_button = QPushButton(self.tr("Open in r&oster"))
        self.roster_button.setToolTip(self.tr("Or double-click a gap"))
        self.roster_button.clicked.connect(self._choose_gap)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.refresh_button)
        gap_bar = QHBoxLayout()
        gap_bar.addWidget(self.gap_title, 1)
        gap_bar.addWidget(self.all_button)
        gap_bar.addWidget(self.roster_button)
        gap_box = QWidget()
        gap_layout = QVBoxLayout(gap_box)
        gap_layout.setContentsMargins(0, 0, 0, 0)
        gap_layout.addLayout(gap_bar)
        gap_layout.addWidget(self.gap_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.village_table)
        splitter.addWidget(gap_box)
        splitter.setSizes([330, 230])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.totals_grid)
        layout.addWidget(splitter, 1)

    def _table(self, model) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setItemDelegate(RoomyRowsDelegate(table))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.setAlternatingRowColors(False)  # the marks carry their own fill
        return table

    def showEvent(self, event: QShowEvent) -> None:
        if not self._loaded:  # read on first view, not when the page is built
            self.load()
        super().showEvent(event)

    def load(self) -> None:
        """Read the checks again (after the roster or the grid changed)."""
        self._loaded = True
        chosen = self.chosen_village()
        try:
            found = coverage.coverage(self._db, today=self.today())
        except FengwangError as err:
            self.found = None
            self.summary_label.setText(err.message)
            self.village_model.set_rows([])
            self.gap_model.set_rows([])
            for label in self.total_labels.values():
                label.clear()
            self.show_all_gaps()
            return
        self.found = found
        self._show_summary(found)
        self.village_model.set_rows(list(found.villages))
        self.gap_model.set_rows(list(found.gaps))
        codes = [village.code for village in found.villages]
        if chosen in codes:
            self.village_table.selectRow(codes.index(chosen))
        else:
            self.show_all_gaps()

    def _show_summary(self, found: Coverage) -> None:
        township = found.township
        self.summary_label.setText(
            self.tr(
                "{0}, as of {1}: {2} villages, {3} fully covered; {4} grids, {5} micro-grids "
                "({6}–{7} households each); {8} gaps"
            ).format(
                township.name,
                f"{found.today:%Y-%m-%d}",
                township.villages,
                township.villages_covered,
                township.grids,
                township.micro_grids,
                found.settings.min_households,
                found.settings.max_households,
                township.gaps,
            )
        )
        for total in township.totals:
            label = self.total_labels[total.check]
            if not total.villages:
                text, color = self.tr("○ {0}: for reference").format(total.check.label), INFO_COLOR
            elif total.villages_passed == total.villages:
                text = self.tr("✓ {0}: {1}/{2} villages").format(
                    total.check.label, total.villages_passed, total.villages
                )
                color = PASS_COLOR
            else:
                text = self.tr("✗ {0}: {1}/{2} villages, {3} gap(s)").format(
                    total.check.label, total.villages_passed, total.villages, total.gaps
                )
                color = ERROR_COLOR
            label.setText(text)
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor(color))
            label.setPalette(palette)

    def chosen_village(self) -> str | None:
        rows = self.village_table.selectionModel().selectedRows()
        return self.village_model.rows[rows[0].row()].code if rows else None

    def _on_village_chosen(self) -> None:
        code = self.chosen_village()
        pattern = f"^{QRegularExpression.escape(code)}$" if code else ""
        self.gap_proxy.setFilterRegularExpression(pattern)
        names = {village.code: village.name for village in self.village_model.rows}
        self._show_gap_title(names.get(code))

    def show_all_gaps(self) -> None:
        self.village_table.clearSelection()
        self._on_village_chosen()

    def _show_gap_title(self, village: str | None) -> None:
        count = self.gap_proxy.rowCount()
        if village is None:
            text = self.tr("Gaps to fix in all villages: {0}").format(count)
        else:
            text = self.tr("Gaps to fix in {0}: {1}").format(village, count)
        self.gap_title.setText(text)
        self.all_button.setEnabled(village is not None)
        self.roster_button.setEnabled(count > 0)
        if count:
            self.gap_table.selectRow(0)
        self.gap_table.resizeRowsToContents()

    def gap_rows(self) -> list[tuple[str, ...]]:
        """The gap list as the clerk reads it, top to bottom."""
        return [
            tuple(
                self.gap_proxy.index(row, column).data()
                for column in range(self.gap_proxy.columnCount())
            )
            for row in range(self.gap_proxy.rowCount())
        ]

    def _choose_gap(self) -> None:
        rows = self.gap_table.selectionModel().selectedRows(CoverageGapModel.UNIT)
        if rows:
            self.unit_chosen.emit(rows[0].data(CODE_ROLE))

    def _choose_village(self, index: QModelIndex) -> None:
        self.unit_chosen.emit(index.siblingAtColumn(CoverageVillageModel.NAME).data(CODE_ROLE))
