"""数据交换: where spreadsheets come in from villages and go out to the county, and the list of
sync packages received (at the county: which township sent what, and when).

Each flow opens window-modal with open(), never exec(), so that the event loop keeps running and
tests can drive it; `active_dialog` is the one currently open.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
    SignalInstance,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.crashlog import log_exception
from desktop.errors import FengwangError, ValidationError
from desktop.services.grants import Permission
from desktop.services.received_packages import list_received
from desktop.views import messages, permissions
from desktop.views.background import run_in_background
from desktop.views.dialogs import open_dialog
from desktop.views.list_model import ListTableModel, StatusFilter
from desktop.views.look import emphasise, subdue

if TYPE_CHECKING:
    from desktop.db import Database
    from desktop.services.lookups import UnitInfo


class ReceivedPackagesModel(ListTableModel):
    """The sync packages imported here, the newest first; a township column's UserRole is its
    code (what the township filter matches)."""

    TOWNSHIP, EXPORTED, IMPORTED, BY, ADDED, CHANGED, CONFLICTS, FILE = range(8)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headers = [
            self.tr("Township"),
            self.tr("Exported at"),
            self.tr("Imported at"),
            self.tr("Imported by"),
            self.tr("Added"),
            self.tr("Changed"),
            self.tr("Conflicts"),
            self.tr("File"),
        ]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        item = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole and column == self.TOWNSHIP:
            return item.township_code
        if role == Qt.ItemDataRole.TextAlignmentRole and self.ADDED <= column <= self.CONFLICTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TOWNSHIP:
            return item.township_code
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            item.township_name,
            item.exported_at.isoformat(sep=" ", timespec="minutes"),
            item.imported_at.isoformat(sep=" ", timespec="minutes"),
            item.imported_by,
            str(item.added),
            str(item.changed),
            str(item.conflicts),
            item.file_name,
        )
        return values[column]


class ExchangePage(QWidget):
    roster_changed = Signal()  # an import committed: the roster page should reload
    dialog_opened = Signal(QDialog)
    template_written = Signal(object)  # the path of a blank template
    county_package_written = Signal(object)  # the path of a county package

    def __init__(
        self,
        db: Database,
        settings: QSettings,
        selected_unit: Callable[[], UnitInfo | None] = lambda: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._settings = settings
        self._selected_unit = selected_unit
        self.active_dialog: QDialog | None = None
        self.title_label = emphasise(QLabel(self.tr("Data exchange")), scale=1.4)
        self.sentence_label = subdue(
            QLabel(
                self.tr(
                    "Import the rosters villages send, export the roster for the county, and "
                    "exchange sync packages with the county centre."
                )
            )
        )
        self.sentence_label.setWordWrap(True)
        self.import_button = QPushButton(self.tr("&Import a roster…"))
        self.import_button.clicked.connect(self.import_roster)
        self.export_button = QPushButton(self.tr("&Export the roster…"))
        self.export_button.clicked.connect(self.export_roster)
        self.template_button = QPushButton(self.tr("Export a &blank template…"))
        self.template_button.clicked.connect(self.export_template)
        self.export_sync_button = QPushButton(self.tr("Export a &sync package…"))
        self.export_sync_button.clicked.connect(self.export_sync)
        self.import_sync_button = QPushButton(self.tr("Import a s&ync package…"))
        self.import_sync_button.clicked.connect(self.import_sync)
        self.export_county_button = QPushButton(self.tr("Export the &county package…"))
        self.export_county_button.clicked.connect(self.export_county_package)
        self.import_county_button = QPushButton(self.tr("Import the county p&ackage…"))
        self.import_county_button.clicked.connect(self.import_county_package)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(12)
        self._add_action(
            grid,
            self.import_button,
            self.tr(
                "Read a village's spreadsheet (Excel, WPS, CSV): check every row, see what will "
                "change, then import."
            ),
        )
        self._add_action(
            grid,
            self.export_button,
            self.tr(
                "The roster in the county's template, for the whole township or the unit "
                "selected in the grid tree. ID numbers and phones are masked unless you choose "
                "otherwise."
            ),
        )
        self._add_action(
            grid,
            self.template_button,
            self.tr(
                "An empty roster in the county's template, with drop-downs, for villages to fill."
            ),
        )
        self._add_action(
            grid,
            self.export_sync_button,
            self.tr(
                "The township's grid, people and assignments for the county centre, with full ID "
                "numbers (内部资料)."
            ),
        )
        self._add_action(
            grid,
            self.import_sync_button,
            self.tr(
                "Read a package from the county centre or a township: see what it adds and "
                "changes, decide each conflict, then apply."
            ),
        )
        self._add_action(
            grid,
            self.export_county_button,
            self.tr(
                "County centre: the assessment scheme, the role catalogue and the dispute "
                "categories with their deadlines, for every township to import."
            ),
        )
        self._add_action(
            grid,
            self.import_county_button,
            self.tr(
                "Township: take what the county sent. Roles and categories of your own are kept."
            ),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(self.title_label)
        layout.addWidget(self.sentence_label)
        layout.addSpacing(12)
        layout.addLayout(grid)
        layout.addSpacing(16)
        layout.addLayout(self._received_heading())
        layout.addWidget(self.received_table, 1)
        self._grid = grid
        self.apply_permissions()
        self.refresh_received()

    def _received_heading(self) -> QHBoxLayout:
        """Builds the list of packages received, and returns its heading row."""
        self.received_model = ReceivedPackagesModel(self)
        self.received_proxy = StatusFilter(ReceivedPackagesModel.TOWNSHIP, self)
        self.received_proxy.setSourceModel(self.received_model)
        self.received_table = QTableView()
        self.received_table.setModel(self.received_proxy)
        self.received_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.received_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.received_table.verticalHeader().hide()
        header = self.received_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((150, 130, 130, 90, 56, 56, 56)):
            self.received_table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.received_label = emphasise(QLabel(self.tr("Sync packages received")))
        self.township_combo = QComboBox()
        self.township_combo.currentIndexChanged.connect(
            lambda: self.received_proxy.set_status(self.township_combo.currentData() or "")
        )
        show = QLabel(self.tr("To&wnship:"))
        show.setBuddy(self.township_combo)
        heading = QHBoxLayout()
        heading.addWidget(self.received_label, 1)
        heading.addWidget(show)
        heading.addWidget(self.township_combo)
        return heading

    def refresh_received(self) -> None:
        """Reload the packages received; the township chosen stays chosen while it is listed."""
        received = list_received(self._db)
        self.received_model.set_rows(received)
        self.received_label.setText(self.tr("Sync packages received ({0})").format(len(received)))
        chosen = self.township_combo.currentData() or ""
        townships = sorted({(item.township_code, item.township_name) for item in received})
        self.township_combo.blockSignals(True)
        self.township_combo.clear()
        self.township_combo.addItem(self.tr("All townships"), "")
        for code, name in townships:
            self.township_combo.addItem(f"{name}（{code}）", code)
        self.township_combo.setCurrentIndex(max(self.township_combo.findData(chosen), 0))
        self.township_combo.blockSignals(False)
        self.received_proxy.set_status(self.township_combo.currentData() or "")

    def apply_permissions(self) -> None:
        """Every flow here moves data in or out of the machine: EXCHANGE."""
        buttons = (
            self.import_button,
            self.export_button,
            self.template_button,
            self.export_sync_button,
            self.import_sync_button,
            self.export_county_button,
        )
        permissions.gate(self._db, Permission.EXCHANGE, *buttons)
        # Taking the county's scheme and lists changes the settings too.
        both = (Permission.EXCHANGE, Permission.SETTINGS)
        permissions.gate(self._db, both, self.import_county_button)

    def _add_action(self, grid: QGridLayout, button: QPushButton, sentence: str) -> None:
        row = grid.rowCount()
        button.setMinimumWidth(160)
        label = QLabel(sentence)
        label.setWordWrap(True)
        grid.addWidget(button, row, 0)
        grid.addWidget(label, row, 1)

    def _open(self, dialog: QDialog) -> None:
        open_dialog(self, dialog, lambda _accepted: None)

    def import_roster(self) -> None:
        from desktop.views.import_wizard import ImportWizard

        wizard = ImportWizard(self._db, self._settings, self)
        wizard.imported.connect(lambda _result: self.roster_changed.emit())
        self._open(wizard)

    def export_roster(self) -> None:
        from desktop.views.export_dialog import ExportRosterDialog

        dialog = ExportRosterDialog(self._db, self._selected_unit(), self)
        dialog.exported.connect(self._roster_exported)
        self._open(dialog)

    def _roster_exported(self, path: Path, rows: int) -> None:
        messages.show_info(
            self, self.tr("{0} rows of the roster were saved as {1}").format(rows, path)
        )

    def export_template(self) -> None:
        from desktop.exchange.roster_export import export_template

        db = self._db
        self._write_in_background(
            self.tr("Export a blank template"),
            self.tr("roster template.xlsx"),
            self.tr("Writing the template…"),
            lambda path: export_template(db, path),
            lambda path, _result: self.tr("The blank template was saved as {0}").format(path),
            self.template_written,
        )

    def export_county_package(self) -> None:
        from desktop.exchange.county_package import export_county_package
        from desktop.services.assessment_schemes import list_schemes

        latest = {}
        for scheme in list_schemes(self._db):  # the latest version of each family
            if scheme.version >= latest.get(scheme.family_uid, scheme).version:
                latest[scheme.family_uid] = scheme
        if not latest:
            messages.show_error(self, self.tr("There is no assessment scheme to send yet."))
            return
        schemes = sorted(latest.values(), key=lambda scheme: scheme.name)
        scheme = schemes[0]
        if len(schemes) > 1:
            labels = [item.label for item in schemes]
            label, chosen = QInputDialog.getItem(
                self, self.tr("Export the county package"), self.tr("Scheme:"), labels, 0, False
            )
            if not chosen:
                return
            scheme = schemes[labels.index(label)]
        db = self._db
        self._write_in_background(
            self.tr("Export the county package"),
            self.tr("county package.xlsx"),
            self.tr("Writing the county package…"),
            lambda path: export_county_package(db, path, scheme_id=scheme.id),
            lambda path, summary: self.tr("The county package ({1}) was saved as {0}").format(
                path, summary
            ),
            self.county_package_written,
        )

    def import_county_package(self) -> None:
        from desktop.exchange.county_package import import_county_package
        from desktop.views import sync_dialogs

        chosen = sync_dialogs.choose_package(self, self.tr("Import the county package"))
        if not chosen:
            return
        try:
            done = import_county_package(self._db, Path(chosen))
        except ValidationError as err:
            messages.show_error(self, "\n".join(err.fields.values()))
            return
        except FengwangError as err:
            messages.show_error(self, err.message)
            return
        self.roster_changed.emit()  # the role catalogue may have grown
        messages.show_info(self, done.message)

    def _write_in_background(
        self,
        caption: str,
        file_name: str,
        busy_text: str,
        write: Callable[[Path], Any],
        done_text: Callable[[Path, Any], str],
        written: SignalInstance,
    ) -> None:
        """Ask where, write in the background behind a busy dialog, then say where it went or,
        in Chinese, why not."""
        from desktop.views import export_dialog

        chosen = export_dialog.choose_save_path(self, caption, str(Path.home() / file_name))
        if not chosen:
            return
        path = export_dialog.as_xlsx(chosen)
        progress = export_dialog.busy_dialog(self, busy_text)

        def done(result: object) -> None:
            progress.close()
            progress.deleteLater()
            messages.show_info(self, done_text(path, result))
            written.emit(path)

        def failed(err: Exception) -> None:
            progress.close()
            progress.deleteLater()
            if isinstance(err, FengwangError):
                messages.show_error(self, err.message)
            elif isinstance(err, OSError):
                messages.show_error(
                    self, self.tr("Cannot write the file: {0}").format(err.strerror or err)
                )
            else:
                log_exception(err)
                messages.show_error(
                    self, self.tr("The export failed; the details were written to the log.")
                )

        run_in_background(self, lambda: write(path), done, failed)

    def export_sync(self) -> None:
        from desktop.views.sync_dialogs import ExportSyncDialog

        dialog = ExportSyncDialog(self._db, self)
        dialog.exported.connect(
            lambda path, manifest: messages.show_info(self, dialog.exported_text(path, manifest))
        )
        self._open(dialog)

    def import_sync(self) -> None:
        from desktop.views import sync_dialogs

        chosen = sync_dialogs.choose_package(self, self.tr("Import a sync package"))
        if not chosen:
            return
        dialog = sync_dialogs.ImportSyncDialog(self._db, Path(chosen), self)

        def applied(result: object) -> None:
            self.refresh_received()
            self.roster_changed.emit()
            messages.show_info(self, dialog.applied_text(result))

        dialog.applied.connect(applied)
        self._open(dialog)
