"""导入花名册: a wizard from a village's spreadsheet to people in the roster.

file → sheet (only when the workbook has several) → header row → column mapping → preview (a dry
run, row by row) → import (in the background, with progress and Cancel) → summary. The column
mapping a clerk confirms is remembered per file layout (QSettings, keyed by layout_signature), so
next month's file from the same village maps itself. Dialogs the wizard opens go through the
module-level functions below, which tests replace.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.crashlog import log_exception
from desktop.errors import FengwangError
from desktop.exchange.cells import cell_text
from desktop.exchange.reading import Sheet, sheet_names
from desktop.exchange.report import write_result_workbook
from desktop.exchange.roster_import import (
    FIELD_LABELS,
    HEADER_FIELDS,
    ImportResult,
    Layout,
    RowOutcome,
    TemplateVersionError,
    import_roster,
    layout_from,
    layout_of,
    layout_signature,
    normalise_header,
    read_roster_sheet,
)
from desktop.services.identity import mask_sensitive
from desktop.views.background import BackgroundTask, run_in_background
from desktop.views.form import make_error_label
from desktop.views.list_model import ListTableModel, StatusFilter
from desktop.views.look import ALERT_RED, RoomyRowsDelegate, emphasise, subdue

if TYPE_CHECKING:
    from desktop.db import Database

PREVIEW_ROWS = 20  # raw rows shown for choosing the header row
COLUMN_PADDING = 12  # pixels beside a column fitted to its text, so cells do not touch
SETTINGS_GROUP = "import/layouts"
FILE_FILTER = "*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv"
FILE_PAGE, SHEET_PAGE, HEADER_PAGE, MAPPING_PAGE, PREVIEW_PAGE, SUMMARY_PAGE = range(6)


def choose_roster_file(parent: QWidget, caption: str, filter_name: str) -> str:
    """The open-file dialog ('' when cancelled); tests replace it."""
    path, _ = QFileDialog.getOpenFileName(parent, caption, "", f"{filter_name} ({FILE_FILTER})")
    return path


def choose_result_path(parent: QWidget, caption: str, suggested: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, "Excel (*.xlsx)")
    return path


def open_file(path: Path) -> bool:
    """Open a file in the program the system associates with it (Excel, WPS)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


@dataclass(frozen=True)
class Loaded:
    """A sheet read for the wizard: its cells, the layout found in them (from our hidden template
    mapping, else by synonyms; None when no header row was recognised), and the columns that
    hold anything: one value typed far to the right makes every row 16,384 cells wide, and the
    pages must not build a widget for each empty column on the UI thread."""

    sheet: Sheet
    layout: Layout | None
    used_columns: tuple[int, ...]


def read_for_wizard(path: Path, sheet: str | None) -> Loaded:
    """On a worker thread: the sheet read and measured. A template from a newer Fengwang is
    refused (TemplateVersionError)."""
    read = read_roster_sheet(path, sheet)
    try:
        layout = layout_of(read)
    except TemplateVersionError:
        raise
    except FengwangError:
        layout = None
    used: set[int] = set()
    for row in read.rows:
        used.update(column for column, value in enumerate(row) if value not in (None, ""))
    return Loaded(read, layout, tuple(sorted(used)))


def _text(value: Any) -> str:
    return cell_text(value) if value is not None else ""


def _shown(value: Any) -> str:
    """A cell of the file as the wizard shows it: ID numbers and phones masked."""
    return mask_sensitive(_text(value))


class ImportWizard(QWizard):
    imported = Signal(object)  # ImportResult of an import that committed

    def __init__(self, db: Database, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.settings = settings
        self.path: Path | None = None
        self.sheets: list[str] = []
        self.sheet: str | None = None
        self.rows: list[list[Any]] = []
        self.detected: Layout | None = None
        self.detected_header: int | None = None
        self.header_row = 0
        self.used_columns: tuple[int, ...] = ()
        self.columns: dict[str, int] = {}
        self.result: ImportResult | None = None
        self.setWindowTitle(self.tr("Import a roster"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.file_page = FilePage()
        self.sheet_page = SheetPage()
        self.header_page = HeaderPage()
        self.mapping_page = MappingPage()
        self.preview_page = PreviewPage()
        self.summary_page = SummaryPage()
        for key, page in (
            (FILE_PAGE, self.file_page),
            (SHEET_PAGE, self.sheet_page),
            (HEADER_PAGE, self.header_page),
            (MAPPING_PAGE, self.mapping_page),
            (PREVIEW_PAGE, self.preview_page),
            (SUMMARY_PAGE, self.summary_page),
        ):
            self.setPage(key, page)
        self.resize(980, 620)  # inside 1366×768 with the taskbar

    def set_loaded(self, loaded: Loaded) -> None:
        self.sheet = loaded.sheet.name
        self.rows = loaded.sheet.rows
        self.used_columns = loaded.used_columns
        self.detected = layout = loaded.layout
        self.detected_header = layout.header_row if layout is not None else None

    def header_cells(self) -> list[Any]:
        return list(self.rows[self.header_row]) if self.header_row < len(self.rows) else []

    def remembered_mapping(self) -> dict[str, int] | None:
        key = f"{SETTINGS_GROUP}/{layout_signature(self.header_cells())}"
        stored = self.settings.value(key)
        if not stored:
            return None
        try:
            mapping = json.loads(str(stored))
        except ValueError:
            return None
        return {str(k): int(v) for k, v in mapping.items() if str(k) in FIELD_LABELS}

    def remember_mapping(self) -> None:
        key = f"{SETTINGS_GROUP}/{layout_signature(self.header_cells())}"
        self.settings.setValue(key, json.dumps(self.columns, sort_keys=True))
        self.settings.sync()

    def layout(self):  # -> Layout
        return layout_from(self.rows, self.header_row, self.columns)


class _Page(QWizardPage):
    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.box = QVBoxLayout(self)
        self.error_label = make_error_label()
        # Shown while the file is read in the background: the wizard stays responsive.
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        self.loading = False
        self.ready = False  # the background read finished: the next validatePage lets it go
        self._load_id = 0
        self.inputs: list[QWidget] = []

    def wiz(self) -> ImportWizard:
        wizard = self.wizard()
        assert isinstance(wizard, ImportWizard)
        return wizard

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def isComplete(self) -> bool:
        return not self.loading and super().isComplete()

    def read_then_continue(self, begin: Callable[[], None]) -> bool:
        """validatePage of a page that reads the file: Next runs `begin` (which starts the
        background read, or shows an error) and holds; once the read is done, the wizard moves
        on and this lets it."""
        if self.ready:
            self.ready = False
            return True
        if not self.loading:
            self.clear_error()
            begin()
        return False

    def start_loading(self, work, on_loaded) -> None:
        """Run `work` (reading the file) off the UI thread with a busy bar and the page's inputs
        disabled; then `on_loaded(result)` and the wizard moves on."""
        self._load_id += 1
        load_id = self._load_id
        self._set_loading(True)
        run_in_background(
            self,
            work,
            lambda result: self._loaded(load_id, on_loaded, result),
            lambda err: self._load_failed(load_id, err),
        )

    def _set_loading(self, loading: bool) -> None:
        self.loading = loading
        self.busy_bar.setVisible(loading)
        for widget in self.inputs:
            widget.setEnabled(not loading)
        self.completeChanged.emit()

    def _current(self, load_id: int) -> bool:
        """Whether a finished read is still wanted: the latest, and the page still shown."""
        wizard = self.wizard()
        return (
            load_id == self._load_id
            and wizard is not None
            and wizard.isVisible()
            and wizard.currentPage() is self
        )

    def _loaded(self, load_id: int, on_loaded, result) -> None:
        if load_id != self._load_id:
            return
        self._set_loading(False)
        if not self._current(load_id):
            return
        on_loaded(result)
        self.ready = True
        self.wiz().next()

    def _load_failed(self, load_id: int, err: Exception) -> None:
        if load_id != self._load_id:
            return
        self._set_loading(False)
        if not self._current(load_id):
            return
        if isinstance(err, FengwangError):
            self.show_error(err.message)
        else:  # a file no reader understands; details go to the log
            log_exception(err)
            self.show_error(
                QCoreApplication.translate("FilePage", "This file cannot be read as a spreadsheet.")
            )

    def cleanupPage(self) -> None:  # Back: a read still running is no longer wanted
        self._load_id += 1
        self._set_loading(False)
        super().cleanupPage()


class FilePage(_Page):
    def __init__(self) -> None:
        super().__init__(
            self.tr("Choose the file"),
            self.tr("A roster a village sent: Excel, WPS, OpenDocument or CSV."),
        )
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("Path of the spreadsheet"))
        self.browse_button = QPushButton(self.tr("&Browse…"))
        self.browse_button.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        caption = QLabel(self.tr("&File:"))
        caption.setBuddy(self.path_edit)
        self.box.addWidget(caption)
        self.box.addLayout(row)
        self.box.addWidget(self.busy_bar)
        self.box.addWidget(self.error_label)
        self.box.addStretch(1)
        self.inputs = [self.path_edit, self.browse_button]
        self.path_edit.textChanged.connect(self.completeChanged)
        self.registerField("path*", self.path_edit)

    def browse(self) -> None:
        path = choose_roster_file(self, self.tr("Choose a roster"), self.tr("Spreadsheets"))
        if path:
            self.path_edit.setText(path)
            self.wizard().next()

    def validatePage(self) -> bool:
        return self.read_then_continue(self._begin_read)

    def _begin_read(self) -> None:
        wizard = self.wiz()
        wizard.path = path = Path(self.path_edit.text().strip())
        if not path.is_file():
            self.show_error(self.tr("File not found: {0}").format(path))
            return

        def work() -> tuple[list[str], Loaded | None]:
            names = sheet_names(path, visible_only=True)
            if len(names) > 1:
                return names, None
            return names, read_for_wizard(path, names[0] if names else None)

        self.start_loading(work, self._read)

    def _read(self, result: tuple[list[str], Loaded | None]) -> None:
        wizard = self.wiz()
        wizard.sheets, loaded = result
        if loaded is not None:
            wizard.set_loaded(loaded)

    def nextId(self) -> int:
        wizard = self.wizard()
        if isinstance(wizard, ImportWizard) and len(wizard.sheets) <= 1:
            return HEADER_PAGE
        return SHEET_PAGE


class SheetPage(_Page):
    def __init__(self) -> None:
        super().__init__(self.tr("Choose the sheet"), self.tr("The workbook has several sheets."))
        self.combo = QComboBox()
        caption = QLabel(self.tr("&Sheet:"))
        caption.setBuddy(self.combo)
        self.box.addWidget(caption)
        self.box.addWidget(self.combo)
        self.box.addWidget(self.busy_bar)
        self.box.addWidget(self.error_label)
        self.box.addStretch(1)
        self.inputs = [self.combo]

    def initializePage(self) -> None:
        self.clear_error()
        self.combo.clear()
        self.combo.addItems(self.wiz().sheets)
        self.combo.setFocus()

    def validatePage(self) -> bool:
        return self.read_then_continue(self._begin_read)

    def _begin_read(self) -> None:
        wizard = self.wiz()
        path, sheet = wizard.path, self.combo.currentText()
        assert path is not None
        self.start_loading(lambda: read_for_wizard(path, sheet), wizard.set_loaded)


class HeaderPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            self.tr("Choose the header row"),
            self.tr(
                "The row holding the column names is selected; title rows above it are skipped. "
                "Click another row if it is wrong."
            ),
        )
        self.table = QTableWidget()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setDefaultSectionSize(110)
        self.note = subdue(QLabel())
        self.box.addWidget(self.table, 1)
        self.box.addWidget(self.note)
        self.box.addWidget(self.error_label)
        self.table.itemSelectionChanged.connect(self._on_selection)

    def initializePage(self) -> None:
        wizard = self.wiz()
        rows = wizard.rows[:PREVIEW_ROWS]
        columns = wizard.used_columns
        self.table.clear()
        self.table.setRowCount(len(rows))
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels([_column_name(c) for c in columns])
        bold = QFont(self.font())
        bold.setBold(True)
        for r, row in enumerate(rows):
            for position, column in enumerate(columns):
                item = QTableWidgetItem(_shown(row[column]) if column < len(row) else "")
                if r == wizard.detected_header:
                    item.setFont(bold)
                self.table.setItem(r, position, item)
        self.select_row(wizard.detected_header if wizard.detected_header is not None else 0)
        if wizard.detected_header is None:
            self.note.setText(self.tr("No header row was recognised: choose it yourself."))
        else:
            self.note.setText(
                self.tr("Row {0} was recognised as the header (in bold).").format(
                    wizard.detected_header + 1
                )
            )
        self.table.setFocus()

    def select_row(self, row: int) -> None:
        if 0 <= row < self.table.rowCount():
            self.table.selectRow(row)
            self.table.scrollToItem(self.table.item(row, 0) or QTableWidgetItem())

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _on_selection(self) -> None:
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.selected_row() is not None

    def validatePage(self) -> bool:
        row = self.selected_row()
        if row is None:
            return False
        self.wiz().header_row = row
        return True


def _column_name(index: int) -> str:
    """A, B, … Z, AA: as the spreadsheet program names columns."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


class MappingPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            self.tr("Match the columns"),
            self.tr(
                "For each column of the file, the field it holds. Columns were matched by their "
                "names; correct any that are wrong. The choice is remembered for files laid out "
                "the same way."
            ),
        )
        self.combos: dict[int, QComboBox] = {}  # by the file's column
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.source_label = subdue(QLabel())
        self.box.addWidget(self.scroll, 1)
        self.box.addWidget(self.source_label)
        self.box.addWidget(self.error_label)

    def initializePage(self) -> None:
        self.clear_error()
        wizard = self.wiz()
        header = wizard.header_cells()
        sample = (
            wizard.rows[wizard.header_row + 1] if wizard.header_row + 1 < len(wizard.rows) else []
        )
        remembered = wizard.remembered_mapping()
        detected = wizard.detected
        if remembered is not None:
            mapping = remembered
            self.source_label.setText(self.tr("The mapping saved for this layout was applied."))
        elif detected is not None and detected.header_row == wizard.header_row:
            mapping = dict(detected.columns)  # our template's hidden mapping, or synonyms
            self.source_label.setText(self.tr("Columns were matched by their names."))
        else:
            mapping = {}
            for column, cell in enumerate(header):
                found = HEADER_FIELDS.get(normalise_header(cell))
                if found and found not in mapping:
                    mapping[found] = column
            self.source_label.setText(self.tr("Columns were matched by their names."))
        by_column = {column: name for name, column in mapping.items()}
        container = QWidget()
        grid = QGridLayout(container)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.combos = {}
        for position, column in enumerate(wizard.used_columns):
            example = _shown(sample[column]) if column < len(sample) else ""
            title = (_text(header[column]) if column < len(header) else "") or self.tr("(no name)")
            caption = QLabel(f"{_column_name(column)}  {title}")
            if example:
                caption.setToolTip(self.tr("e.g. {0}").format(example))
            combo = QComboBox()
            combo.addItem(self.tr("Do not import"), "")
            for name, label in FIELD_LABELS.items():
                combo.addItem(label, name)
            combo.setCurrentIndex(max(combo.findData(by_column.get(column, "")), 0))
            caption.setBuddy(combo)
            row, side = divmod(position, 2)
            grid.addWidget(caption, row, side * 2)
            grid.addWidget(combo, row, side * 2 + 1)
            self.combos[column] = combo
        grid.setRowStretch(len(self.combos), 1)
        self.scroll.setWidget(container)
        if self.combos:
            next(iter(self.combos.values())).setFocus()

    def mapping(self) -> dict[str, int]:
        columns: dict[str, int] = {}
        for column, combo in self.combos.items():
            name = combo.currentData()
            if name:
                if name in columns:
                    label = FIELD_LABELS[name]
                    raise FengwangError(
                        self.tr("{0} is chosen for two columns: keep it on one.").format(label)
                    )
                columns[name] = column
        return columns

    def set_field(self, column: int, name: str) -> None:
        combo = self.combos[column]
        combo.setCurrentIndex(max(combo.findData(name), 0))

    def field_of(self, column: int) -> str:
        return self.combos[column].currentData()

    def validatePage(self) -> bool:
        wizard = self.wiz()
        try:
            wizard.columns = self.mapping()
            wizard.layout()
        except FengwangError as err:
            self.show_error(err.message)
            return False
        wizard.remember_mapping()
        return True


STATUSES = ("created", "updated", "unchanged", "rejected")


class OutcomeModel(ListTableModel):
    """The rows of a dry run: row number, status, name, masked ID, unit, role, reason."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.outcomes: list[RowOutcome] = []
        self.headers = [
            self.tr("Row"),
            self.tr("Status"),
            self.tr("Name"),
            self.tr("ID number"),
            self.tr("Unit"),
            self.tr("Role"),
            self.tr("Reason"),
        ]

    def status_text(self, status: str) -> str:
        return {
            "created": self.tr("New"),
            "updated": self.tr("Updated"),
            "unchanged": self.tr("Unchanged"),
            "rejected": self.tr("Rejected"),
        }.get(status, status)

    def set_outcomes(self, outcomes: list[RowOutcome]) -> None:
        self.beginResetModel()
        self.outcomes = list(outcomes)
        self.endResetModel()

    def items(self) -> list:
        return self.outcomes

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        outcome = self.outcomes[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return outcome.status
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 6:
            return self._reason(outcome) or None
        if role == Qt.ItemDataRole.ForegroundRole and outcome.status == "rejected":
            return ALERT_RED  # what the clerk has to fix stands out in a long file
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            str(outcome.row),
            self.status_text(outcome.status),
            outcome.name,
            outcome.masked_id,
            outcome.unit,
            outcome.role,
            self._reason(outcome),
        )[index.column()]

    def _reason(self, outcome: RowOutcome) -> str:
        """Every error of the row; with several, their number first, so a cut cell still says
        there is more to fix than the first."""
        joined = "；".join(f"{e.column}：{e.reason}" for e in outcome.errors)
        if len(outcome.errors) > 1:
            return self.tr("{0} errors: {1}").format(len(outcome.errors), joined)
        return joined

    def details(self, row: int) -> str:
        """The row's reasons one to a line, for the pane under the table."""
        outcome = self.outcomes[row]
        if not outcome.errors:
            return ""
        lines = [self.tr("Row {0} ({1}):").format(outcome.row, outcome.name)]
        lines += [f"{e.column}：{e.reason}" for e in outcome.errors]
        return "\n".join(lines)


class PreviewPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            self.tr("Check before importing"),
            self.tr("What the import will do with each row; nothing has been written yet."),
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Import"))
        self.model = OutcomeModel(self)
        self.proxy = StatusFilter(1, self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(RoomyRowsDelegate(self.table, extra_pixels=4))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((44, 60, 80, 150, 130, 90)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        # The full reasons of the chosen row, wrapped: a cell holds one line of them at most.
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.details_label.setTextFormat(Qt.TextFormat.PlainText)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_label.hide()
        self.filter_combo = QComboBox()
        self.filter_combo.addItem(self.tr("All rows"), "")
        for status in STATUSES:
            self.filter_combo.addItem(self.model.status_text(status), status)
        self.filter_combo.currentIndexChanged.connect(
            lambda: self.proxy.set_status(self.filter_combo.currentData())
        )
        self.counts_label = emphasise(QLabel())
        top = QHBoxLayout()
        top.addWidget(self.counts_label, 1)
        show = QLabel(self.tr("S&how:"))
        show.setBuddy(self.filter_combo)
        top.addWidget(show)
        top.addWidget(self.filter_combo)
        self.valid_only = QRadioButton(
            self.tr("Import the valid rows only (rejected rows are left out)")
        )
        self.all_or_nothing = QRadioButton(
            self.tr("All or nothing: import only if no row is rejected")
        )
        self.valid_only.setChecked(True)
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.valid_only)
        self.mode_group.addButton(self.all_or_nothing)
        self.box.addLayout(top)
        self.box.addWidget(self.table, 1)
        self.box.addWidget(self.details_label)
        self.box.addWidget(self.valid_only)
        self.box.addWidget(self.all_or_nothing)
        self.nothing_label = emphasise(QLabel())
        self.nothing_label.setWordWrap(True)
        palette = self.nothing_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, ALERT_RED)
        self.nothing_label.setPalette(palette)
        self.rejected_workbook_button = QPushButton(self.tr("&Open the result workbook"))
        self.rejected_workbook_button.clicked.connect(self.open_rejected_workbook)
        nothing_row = QHBoxLayout()
        nothing_row.addWidget(self.nothing_label, 1)
        nothing_row.addWidget(self.rejected_workbook_button)
        self.box.addLayout(nothing_row)
        self.box.addWidget(self.error_label)
        self._show_nothing_to_import(False)
        self.preview: ImportResult | None = None
        self.running = False
        self.task: BackgroundTask | None = None
        self.progress: QProgressDialog | None = None

    def initializePage(self) -> None:
        self.clear_error()
        self._show_nothing_to_import(False)
        self.preview = None
        self.model.set_outcomes([])
        self.details_label.hide()
        self.counts_label.setText(self.tr("Checking the rows…"))
        wizard = self.wiz()
        path, sheet, layout, db = wizard.path, wizard.sheet, wizard.layout(), wizard.db
        self.running = True
        self.completeChanged.emit()
        run_in_background(
            self,
            lambda: import_roster(db, path, sheet=sheet, layout=layout, dry_run=True),
            self._previewed,
            self._failed,
        )

    def _previewed(self, result: ImportResult) -> None:
        self.running = False
        self.preview = result
        self.model.set_outcomes(result.outcomes)
        self._fit_columns()
        self._select_first_rejected()
        self.counts_label.setText(summary_text(self, result))
        self._show_nothing_to_import(not importable(result))
        if not importable(result):
            self.nothing_label.setText(nothing_imported_text(result))
        self.completeChanged.emit()
        self.filter_combo.setFocus()

    def _fit_columns(self) -> None:
        """The short columns as wide as what they hold (an empty 单位 needs only its header),
        so that 原因, stretched last, gets the rest of the width."""
        for column in range(self.model.columnCount() - 1):
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, self.table.columnWidth(column) + COLUMN_PADDING)

    def _select_first_rejected(self) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole) == "rejected":
                self.table.selectRow(row)
                return

    def _show_details(self, current: QModelIndex) -> None:
        text = (
            self.model.details(self.proxy.mapToSource(current).row()) if current.isValid() else ""
        )
        self.details_label.setText(text)
        self.details_label.setVisible(bool(text))

    def _show_nothing_to_import(self, shown: bool) -> None:
        """No row of the file can go in: 导入 is off, and the clerk is told why and given the
        rejected rows to correct, instead of an import that writes nothing."""
        self.nothing_label.setVisible(shown)
        self.rejected_workbook_button.setVisible(shown)
        self.valid_only.setEnabled(not shown)
        self.all_or_nothing.setEnabled(not shown)

    def open_rejected_workbook(self) -> None:
        self.clear_error()
        if self.preview is not None:
            save_and_open_result(self, self.preview)

    def _failed(self, err: Exception) -> None:
        self.running = False
        self.close_progress()
        if isinstance(err, FengwangError):
            self.show_error(err.message)
        else:
            log_exception(err)
            self.show_error(
                self.tr("The import failed; nothing was written. The details are in the log.")
            )
        self.counts_label.clear()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.preview is not None and not self.running and importable(self.preview)

    def set_filter(self, status: str) -> None:
        self.filter_combo.setCurrentIndex(self.filter_combo.findData(status))

    def validatePage(self) -> bool:
        if self.wiz().result is not None:
            return True
        self.start_import()
        return False  # the wizard moves on when the import has finished

    def start_import(self) -> None:
        self.clear_error()
        wizard = self.wiz()
        path, sheet, layout, db = wizard.path, wizard.sheet, wizard.layout(), wizard.db
        atomic = self.all_or_nothing.isChecked()
        self.running = True
        self.completeChanged.emit()
        self.progress = QProgressDialog(
            self.tr("Importing…"), self.tr("Cancel"), 0, max(len(self.model.outcomes), 1), self
        )
        self.progress.setWindowTitle(self.tr("Import a roster"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel_import)
        self.progress.show()

        def work(task: BackgroundTask) -> ImportResult:
            return import_roster(
                db,
                path,
                sheet=sheet,
                layout=layout,
                atomic=atomic,
                progress=task.report,
                cancelled=task.cancelled,
            )

        self.task = run_in_background(
            self, work, self._imported, self._failed, on_progress=self._on_progress
        )

    def _on_progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(min(done, total))

    def cancel_import(self) -> None:
        if self.task is not None:
            self.task.cancel()
        if self.progress is not None:
            self.progress.setLabelText(self.tr("Cancelling…"))

    def close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel_import)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _imported(self, result: ImportResult) -> None:
        self.running = False
        self.close_progress()
        wizard = self.wiz()
        wizard.result = result
        self.completeChanged.emit()
        if result.committed:
            wizard.imported.emit(result)
        wizard.next()


def importable(result: ImportResult) -> bool:
    """Whether any row of the file is valid (new, updated or already there unchanged)."""
    return result.read > result.rejected


def nothing_imported_text(result: ImportResult) -> str:
    if result.rejected == result.read:
        text = QCoreApplication.translate(
            "ImportWizard",
            "Nothing can be imported: all {0} rows were rejected. Correct them in the file "
            "and import it again.",
        )
        return text.format(result.read)
    text = QCoreApplication.translate(
        "ImportWizard", "Nothing can be imported: the file has no rows."
    )
    return text


def outcome_text(result: ImportResult) -> str:
    """What the import really did, in one line: never "imported" when nothing went in."""
    translate = QCoreApplication.translate
    written = result.created + result.updated
    if not result.committed:
        return translate(
            "SummaryPage", "Nothing was imported: all or nothing was chosen and rows were rejected."
        )
    if written and result.rejected:
        return translate(
            "SummaryPage", "The roster was imported, except {0} rejected rows."
        ).format(result.rejected)
    if written:
        return translate("SummaryPage", "The roster was imported.")
    if result.rejected and result.rejected == result.read:
        return translate("SummaryPage", "Nothing was imported: all {0} rows were rejected.").format(
            result.read
        )
    if result.rejected:
        return translate(
            "SummaryPage",
            "Nothing was imported: {0} rows were rejected and the others are already in the "
            "roster unchanged.",
        ).format(result.rejected)
    return translate("SummaryPage", "Nothing changed: every row is already in the roster as it is.")


def save_and_open_result(page: _Page, result: ImportResult) -> Path | None:
    """Write the result workbook beside the imported file (elsewhere, chosen, when that folder is
    read-only) and open it; None when the clerk gives up or it cannot be saved (shown on page)."""
    wizard = page.wiz()
    assert wizard.path is not None
    translate = QCoreApplication.translate
    target = wizard.path.with_name(
        translate("SummaryPage", "{0} import result.xlsx").format(wizard.path.stem)
    )
    try:
        workbook = write_result_workbook(result, target)
    except (OSError, FengwangError):  # the folder is read-only (a CD, a locked share)
        chosen = choose_result_path(
            page, translate("SummaryPage", "Save the result workbook"), target.name
        )
        if not chosen:
            return None
        try:
            workbook = write_result_workbook(result, Path(chosen))
        except (OSError, FengwangError) as err:
            message = err.message if isinstance(err, FengwangError) else str(err)
            page.show_error(
                translate("SummaryPage", "Cannot save the result workbook: {0}").format(message)
            )
            return None
    open_file(workbook)
    return workbook


def summary_text(owner: QWidget, result: ImportResult) -> str:
    text = QCoreApplication.translate(
        "ImportWizard", "{0} rows: {1} new, {2} updated, {3} unchanged, {4} rejected"
    )
    return text.format(
        result.read, result.created, result.updated, result.unchanged, result.rejected
    )


class SummaryPage(_Page):
    def __init__(self) -> None:
        super().__init__(self.tr("Import finished"), "")
        self.outcome_label = emphasise(QLabel(), scale=1.2)
        self.outcome_label.setWordWrap(True)
        self.counts_label = QLabel()
        self.rejected_label = QLabel()
        self.rejected_label.setWordWrap(True)
        self.open_button = QPushButton(self.tr("&Open the result workbook"))
        self.open_button.clicked.connect(self.open_result_workbook)
        self.saved_label = subdue(QLabel())
        self.saved_label.setWordWrap(True)
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (self.outcome_label, self.counts_label, self.rejected_label):
            self.box.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        self.box.addLayout(row)
        self.box.addWidget(self.saved_label)
        self.box.addWidget(self.error_label)
        self.box.addStretch(1)
        self.workbook: Path | None = None

    def initializePage(self) -> None:
        result = self.wiz().result
        assert result is not None
        self.outcome_label.setText(outcome_text(result))
        self.counts_label.setText(summary_text(self, result))
        has_rejected = result.rejected > 0
        self.rejected_label.setVisible(has_rejected)
        self.rejected_label.setText(
            self.tr(
                "The result workbook lists the rejected rows as they came, with each bad cell "
                "marked and explained: correct them there and import that file again."
            )
        )
        self.open_button.setVisible(has_rejected)
        if has_rejected:
            self.open_button.setFocus()

    def open_result_workbook(self) -> None:
        self.clear_error()
        result = self.wiz().result
        assert result is not None
        workbook = save_and_open_result(self, result)
        if workbook is None:
            return
        self.workbook = workbook
        self.saved_label.setText(self.tr("Saved as {0}").format(self.workbook))
