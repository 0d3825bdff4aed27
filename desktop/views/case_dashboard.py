"""矛盾纠纷统计: the month's (or any period's) figures a leader asks for, at a glance.

The numbers come from services.case_stats.figures and are labelled and explained with its
FIGURE_LABELS, so that the dashboard, the statistics workbook and the CLI say the same thing;
each tile's tooltip is the figure's written definition. 导出台账… and 导出统计表… write the ledger
and the statistics workbook of the period shown, in the background.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.services import case_stats, lookups
from desktop.services.case_stats import FIGURE_LABELS, RATE_FIELDS, CaseFigures, format_rate
from desktop.services.grants import Permission
from desktop.views import messages, permissions
from desktop.views.background import run_in_background
from desktop.views.form import ERROR_COLOR, make_error_label
from desktop.views.list_model import ListTableModel
from desktop.views.look import emphasise, subdue
from desktop.views.small_tables import give_counts_room
from desktop.views.widgets import DateEdit, within_calendar

if TYPE_CHECKING:
    from desktop.db import Database
    from desktop.views.case_actions import Today

LABELS = {name: (label, definition) for name, label, definition in FIGURE_LABELS}
MONTH, RANGE = 0, 1


class CountsModel(ListTableModel):
    """A small read-only table: a label and its counts per row."""

    def __init__(self, headers: list[str], parent=None) -> None:
        super().__init__(parent)
        self.headers = headers

    def set_rows(
        self, rows: Sequence[tuple[object, ...]], headers: list[str] | None = None
    ) -> None:
        """Show `rows` as texts, under new `headers` when the columns change (inside the
        reset: a view asked for the columns between would read past its own)."""
        self.beginResetModel()
        if headers is not None:
            self.headers = headers
        self.rows = [tuple(str(value) for value in row) for row in rows]
        self.endResetModel()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class FigureTile(QFrame):
    """One headline figure: what it is, the big number, a line of detail; the definition as
    the tooltip."""

    def __init__(self, caption: str, definition: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setToolTip(definition)
        self.caption_label = QLabel(caption)
        self.value_label = emphasise(QLabel("—"), scale=2.2)
        self.detail_label = subdue(QLabel())
        self.detail_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.caption_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.detail_label)
        layout.addStretch(1)

    def set_value(self, value: str, detail: str = "", *, alarming: bool = False) -> None:
        self.value_label.setText(value)
        self.detail_label.setText(detail)
        palette = self.value_label.palette()
        role = self.value_label.foregroundRole()  # Text on the tile's Base background
        palette.setColor(role, QColor(ERROR_COLOR) if alarming else self.palette().color(role))
        self.value_label.setPalette(palette)


def township_name(db: Database) -> str:
    """The first township's name, as the workbooks' titles give it ("" before any is made)."""
    return next((u.name for u in lookups.list_townships(db)), "")


class CaseDashboard(QWidget):
    """Reads the figures when first shown and whenever the period changes; `today` (for tests)
    fixes the default month and the day overdue cases are judged on."""

    exported = Signal(object)  # the path of a workbook written

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, today: Today = date.today
    ) -> None:
        super().__init__(parent)
        self._db = db
        self.today = today
        self._loaded = False
        self.figures: CaseFigures | None = None
        current = today()

        self.title = emphasise(QLabel(self.tr("Dispute figures")), scale=1.4)
        self.mode_combo = QComboBox()
        self.mode_combo.addItem(self.tr("Month"), MONTH)
        self.mode_combo.addItem(self.tr("Date range"), RANGE)
        self.month_edit = within_calendar(QDateEdit())
        self.month_edit.setDisplayFormat("yyyy-MM")
        self.month_edit.setDate(QDate(current.year, current.month, 1))
        self.from_edit = DateEdit()
        self.to_edit = DateEdit()
        start, end = case_stats.month_bounds(current.year, current.month)
        self.from_edit.set_value(start)
        self.to_edit.set_value(end)
        self.month_edit.setCurrentSection(QDateEdit.Section.MonthSection)  # ↑↓ step months
        self.range_row = self._range_row()
        self.range_row.hide()
        self.period_label = subdue(QLabel())
        self.error_label = make_error_label()
        self.ledger_button = QPushButton(self.tr("Export the &ledger…"))
        self.ledger_button.setToolTip(
            self.tr("The cases received or concluded in the period, ready to print")
        )
        self.ledger_button.clicked.connect(self.export_ledger)
        self.stats_button = QPushButton(self.tr("Export the &statistics…"))
        self.stats_button.setToolTip(self.tr("These figures and tables, with their definitions"))
        self.stats_button.clicked.connect(self.export_stats)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(16)
        top.addWidget(self.mode_combo)
        top.addWidget(self.month_edit)
        top.addWidget(self.range_row)
        top.addWidget(self.period_label)
        top.addWidget(self.error_label)
        top.addStretch(1)
        top.addWidget(self.ledger_button)
        top.addWidget(self.stats_button)

        self.tiles: dict[str, FigureTile] = {}
        tiles = QGridLayout()
        tiles.setSpacing(8)
        for position, name in enumerate(TILES):
            label, definition = LABELS[name]
            tile = FigureTile(label, definition)
            self.tiles[name] = tile
            tiles.addWidget(tile, position // 4, position % 4)

        self.category_model = CountsModel([self.tr("Category"), self.tr("Received")], self)
        self.level_model = CountsModel([self.tr("Level"), self.tr("Concluded")], self)
        self.source_model = CountsModel([self.tr("Source"), self.tr("Received")], self)
        self.bands_model = CountsModel([self.tr("People involved"), self.tr("Cases")], self)
        self.prevented_model = CountsModel(
            [self.tr("Prevented"), self.tr("Cases"), self.tr("People")], self
        )
        tables = QGridLayout()
        tables.setSpacing(8)
        tables.addWidget(self._table_box(self.tr("By category"), self.category_model), 0, 0, 2, 1)
        tables.addWidget(self._table_box(self.tr("By level"), self.level_model), 0, 1)
        tables.addWidget(self._table_box(self.tr("By source"), self.source_model), 0, 2)
        tables.addWidget(self._table_box(self.tr("People involved"), self.bands_model), 1, 1)
        prevented = self._table_box(self.tr("Prevented escalation"), self.prevented_model)
        prevented.setToolTip(
            "\n".join(
                LABELS[name][1] for name in ("criminal_prevented_cases", "group_prevented_cases")
            )
        )
        tables.addWidget(prevented, 1, 2)
        # A county database holding several townships: each township's figures side by side,
        # ranked as case_stats.county_figures ranks them; the tiles above are the county's.
        self.township_model = CountsModel(
            [
                self.tr("Township"),
                self.tr("Rank"),
                # the columns of case_stats.township_cells (TOWNSHIP_HEADERS)
                self.tr("Received"),
                self.tr("Concluded"),
                self.tr("Settled"),
                self.tr("Success rate"),
                self.tr("Stays in the village"),
                self.tr("Stays in the township"),
                self.tr("Sent to the county"),
                self.tr("Overdue"),
            ],
            self,
        )
        self.townships_box = self._table_box(
            self.tr("Townships side by side (ranked by the share settled in the township)"),
            self.township_model,
        )
        self.townships_box.hide()
        # Under the county's tiles, before the breakdowns: what a county centre reads first. Room
        # for a dozen townships at once; the page scrolls (a county has up to ~40).
        self.townships_box.setMinimumHeight(14 * (self.fontMetrics().height() + 8))
        for column in range(3):
            tables.setColumnStretch(column, 1)

        # Greyed while the period is wrong, so that old numbers are not read as the new period's.
        self.figures_area = QWidget()
        area = QVBoxLayout(self.figures_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.addLayout(tiles)
        area.addWidget(self.townships_box)
        area.addLayout(tables, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.figures_area)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

        self.mode_combo.currentIndexChanged.connect(self._on_mode_changed)
        for edit in (self.month_edit, self.from_edit, self.to_edit):
            edit.dateChanged.connect(self.reload)
        self.apply_permissions()

    def apply_permissions(self) -> None:
        """The ledger and the statistics leave the machine as workbooks: EXCHANGE."""
        permissions.gate(self._db, Permission.EXCHANGE, self.ledger_button, self.stats_button)
        self._set_period_valid(self.figures_area.isEnabled())

    def _range_row(self) -> QWidget:
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.from_edit)
        box.addWidget(QLabel(self.tr("to")))
        box.addWidget(self.to_edit)
        return row

    def _table_box(self, title: str, model: CountsModel) -> QGroupBox:
        table = QTableView()
        table.setModel(model)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        give_counts_room(table)
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(table)
        return box

    def showEvent(self, event: QShowEvent) -> None:
        if not self._loaded:  # read on first view, not when the page is built
            self.reload()
        super().showEvent(event)

    def period(self) -> tuple[date, date]:
        if self.mode_combo.currentData() == MONTH:
            return self.period_from_month()
        start, end = self.from_edit.value(), self.to_edit.value()
        assert start is not None and end is not None  # the range fields are never blank
        return start, end

    def _on_mode_changed(self) -> None:
        if self.mode_combo.currentData() == RANGE:
            # The range starts as the month that was shown, to be narrowed or widened.
            start, end = self.period_from_month()
            with QSignalBlocker(self.from_edit), QSignalBlocker(self.to_edit):
                self.from_edit.set_value(start)
                self.to_edit.set_value(end)
        self.month_edit.setVisible(self.mode_combo.currentData() == MONTH)
        self.range_row.setVisible(self.mode_combo.currentData() == RANGE)
        self.reload()

    def period_from_month(self) -> tuple[date, date]:
        chosen = self.month_edit.date()
        return case_stats.month_bounds(chosen.year(), chosen.month())

    def reload(self) -> None:
        self._loaded = True
        start, end = self.period()
        townships = lookups.list_townships(self._db)
        try:
            if len(townships) > 1:
                county = case_stats.county_figures(self._db, start, end, today=self.today())
                figures = county.total
            else:
                county = None
                figures = case_stats.figures(self._db, start, end, today=self.today())
        except ValidationError as err:
            self.error_label.setText("；".join(err.fields.values()) or err.message)
            self.error_label.show()
            self.period_label.clear()
            self._set_period_valid(False)
            return
        self.error_label.hide()
        self._set_period_valid(True)
        self.period_label.setText(case_stats.period_label(start, end))
        self.show_figures(figures)
        self.show_townships(county)

    def show_townships(self, county: case_stats.CountyFigures | None) -> None:
        self.townships_box.setVisible(county is not None)
        if county is None:
            return
        cells = case_stats.township_cells
        rows = [(row.name, row.rank or "—", *cells(row.figures)) for row in county.townships]
        self.township_model.set_rows([*rows, (self.tr("County total"), "", *cells(county.total))])

    def _set_period_valid(self, valid: bool) -> None:
        self.figures_area.setEnabled(valid)
        for button in (self.ledger_button, self.stats_button):
            permissions.enable(button, valid)

    # ---------------------------------------------------------------------------------- export

    def export_ledger(self) -> None:
        from desktop.exchange.case_ledger import export_ledger

        self._export(
            self.tr("Export the dispute ledger"),
            self.tr("{0}dispute ledger {1}.xlsx"),
            self.tr("Writing the ledger…"),
            export_ledger,
            lambda path, count: self.tr("The ledger of {0} cases was saved as {1}").format(
                count, path
            ),
        )

    def export_stats(self) -> None:
        from desktop.exchange.case_ledger import export_case_stats

        self._export(
            self.tr("Export the dispute statistics"),
            self.tr("{0}dispute statistics {1}.xlsx"),
            self.tr("Writing the statistics…"),
            export_case_stats,
            lambda path, _figures: self.tr("The statistics were saved as {0}").format(path),
        )

    def _export(
        self,
        caption: str,
        file_name: str,
        busy_text: str,
        write: Callable[..., object],
        done_text: Callable[[Path, Any], str],
    ) -> None:
        """Ask where (proposing the township, the workbook and the period as the name), write
        `write(db, path, start, end, today=)` in the background, then say where it went or, in
        Chinese, why not."""
        from desktop.views import export_dialog

        start, end = self.period()
        name = file_name.format(township_name(self._db), case_stats.period_label(start, end))
        chosen = export_dialog.choose_save_path(self, caption, str(Path.home() / name))
        if not chosen:
            return
        path = export_dialog.as_xlsx(chosen)
        db, today = self._db, self.today()
        progress = export_dialog.busy_dialog(self, busy_text)

        def finish() -> None:
            progress.close()
            progress.deleteLater()

        def done(written: object) -> None:
            finish()
            messages.show_info(self, done_text(path, written))
            self.exported.emit(path)

        def failed(err: Exception) -> None:
            finish()
            fallback = self.tr("The export failed; the details were written to the log.")
            messages.show_error(self, export_dialog.error_text(self, err, fallback))

        run_in_background(self, lambda: write(db, path, start, end, today=today), done, failed)

    def show_figures(self, figures: CaseFigures) -> None:
        self.figures = figures
        for name, tile in self.tiles.items():
            value = getattr(figures, name)
            text = format_rate(value) if name in RATE_FIELDS else str(value)
            tile.set_value(
                text, self._detail(name, figures), alarming=name == "overdue" and bool(value)
            )
        self.category_model.set_rows(list(figures.by_category.items()))
        self.level_model.set_rows(list(figures.by_level.items()))
        self.source_model.set_rows(list(figures.by_source.items()))
        self.bands_model.set_rows(list(figures.people_bands.items()))
        self.prevented_model.set_rows(
            [
                (
                    self.tr("Civil turning criminal (民转刑)"),
                    figures.criminal_prevented_cases,
                    figures.criminal_prevented_people,
                ),
                (
                    self.tr("Group incidents (群体性)"),
                    figures.group_prevented_cases,
                    figures.group_prevented_people,
                ),
            ]
        )

    def _detail(self, name: str, f: CaseFigures) -> str:
        if name == "concluded":
            return self.tr("settled {0}, not settled {1}, transferred {2}").format(
                f.settled, f.not_settled, f.transferred
            )
        if name == "success_rate":
            return self.tr("{0} settled of {1} mediated to an end").format(
                f.settled, f.settled + f.not_settled
            )
        if name == "village_closed_rate":
            return self.tr("Small matters stay in the village: {0} of {1} concluded").format(
                f.village_closed, f.concluded
            )
        if name == "township_closed_rate":
            return self.tr("Big matters stay in the township: {0} of {1} concluded").format(
                f.township_closed, f.concluded
            )
        if name == "escalated":
            return self.tr("sent up to the county")
        if name == "overdue":
            return self.tr("open and past the due date")
        return ""

    def tile_text(self, name: str) -> str:
        """The big number of a tile, as the leader reads it."""
        return self.tiles[name].value_label.text()


TILES = (
    "received",
    "concluded",
    "settled",
    "success_rate",
    "village_closed_rate",
    "township_closed_rate",
    "escalated",
    "overdue",
)
