"""数据交换: where spreadsheets come in from villages and go out to the county.

Each flow opens window-modal with open(), never exec(), so that the event loop keeps running and
tests can drive it; `active_dialog` is the one currently open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.views.widgets import emphasise, subdue

if TYPE_CHECKING:
    from desktop.db import Database
    from desktop.services.lookups import UnitInfo


class ExchangePage(QWidget):
    roster_changed = Signal()  # an import committed: the roster page should reload
    dialog_opened = Signal(QDialog)

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
                    "Import the rosters villages send and export the roster for the county. "
                    "Sync packages with the county centre come in a later version."
                )
            )
        )
        self.sentence_label.setWordWrap(True)
        self.import_button = QPushButton(self.tr("&Import a roster…"))
        self.import_button.clicked.connect(self.import_roster)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self._add_action(
            grid,
            self.import_button,
            self.tr(
                "Read a village's spreadsheet (Excel, WPS, CSV): check every row, see what will "
                "change, then import."
            ),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(self.title_label)
        layout.addWidget(self.sentence_label)
        layout.addSpacing(12)
        layout.addLayout(grid)
        layout.addStretch(1)
        self._grid = grid

    def _add_action(self, grid: QGridLayout, button: QPushButton, sentence: str) -> None:
        row = grid.rowCount()
        button.setMinimumWidth(160)
        label = QLabel(sentence)
        label.setWordWrap(True)
        grid.addWidget(button, row, 0)
        grid.addWidget(label, row, 1)

    def _open(self, dialog: QDialog) -> None:
        self.active_dialog = dialog

        def finished(_result: int) -> None:
            if self.active_dialog is dialog:
                self.active_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def import_roster(self) -> None:
        from desktop.views.import_wizard import ImportWizard

        wizard = ImportWizard(self._db, self._settings, self)
        wizard.imported.connect(lambda _result: self.roster_changed.emit())
        self._open(wizard)
