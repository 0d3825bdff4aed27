"""导出花名册 and 导出空白模板: the county's template, written in the background.

IDs and phones are masked unless the clerk ticks the box for a report to the county centre; the
dialog then says plainly that the file holds personal information. Save dialogs go through
`choose_save_path`, which tests replace.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.crashlog import log_exception
from desktop.errors import FengwangError
from desktop.exchange.roster_export import export_roster
from desktop.services.grants import Permission
from desktop.views import permissions
from desktop.views.background import run_in_background
from desktop.views.form import ERROR_COLOR, make_error_label

if TYPE_CHECKING:
    from desktop.db import Database
    from desktop.services.lookups import UnitInfo


def choose_save_path(parent: QWidget, caption: str, suggested: str) -> str:
    """The save-file dialog ('' when cancelled); tests replace it."""
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, "Excel (*.xlsx)")
    return path


def as_xlsx(path: str) -> Path:
    chosen = Path(path.strip())
    return chosen if chosen.suffix.lower() == ".xlsx" else chosen.with_name(chosen.name + ".xlsx")


def busy_dialog(parent: QWidget, text: str) -> QProgressDialog:
    """A progress dialog without steps or Cancel: the export writes one file, quickly."""
    progress = QProgressDialog(text, "", 0, 0, parent)
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.show()
    return progress


class ExportFileDialog(QDialog):
    """A dialog that writes one file in the background: the subclass's own widgets around a
    "save as" row with 浏览, an error line and 导出 / 取消. Subclasses give `write_job` and call
    `finish_layout`."""

    exported = Signal(object, object)  # path, what the job returned

    def __init__(
        self, title: str, suggested: Path, busy_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._busy_text = busy_text
        self.path_edit = QLineEdit(str(suggested))
        self.browse_button = QPushButton(self.tr("&Browse…"))
        self.browse_button.clicked.connect(self.browse)
        self.error_label = make_error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        self.progress: QProgressDialog | None = None
        self.path: Path | None = None

    def finish_layout(self, above: list[QWidget], below: list[QWidget]) -> None:
        file_caption = QLabel(self.tr("Save &as:"))
        file_caption.setBuddy(self.path_edit)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        layout = QVBoxLayout(self)
        for widget in above:
            layout.addWidget(widget)
        if above:
            layout.addSpacing(8)
        layout.addWidget(file_caption)
        layout.addLayout(file_row)
        layout.addSpacing(8)
        for widget in below:
            layout.addWidget(widget)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def browse(self) -> None:
        path = choose_save_path(self, self.windowTitle(), self.path_edit.text())
        if path:
            self.path_edit.setText(path)

    def export(self) -> None:
        self.error_label.hide()
        if not self.path_edit.text().strip():
            self._show_error(self.tr("Choose where to save the file."))
            return
        self.path = path = as_xlsx(self.path_edit.text())
        self.export_button.setEnabled(False)
        self.progress = busy_dialog(self, self._busy_text)
        run_in_background(self, self.write_job(path), self._done, self._failed)

    def write_job(self, path: Path) -> Callable[[], Any]:
        """What the worker runs to write `path`, with the options as they are now (read here, on
        the UI thread); it returns what `exported` reports."""
        raise NotImplementedError

    def _close_progress(self) -> None:
        self.export_button.setEnabled(True)
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _done(self, written: Any) -> None:
        self._close_progress()
        self.exported.emit(self.path, written)
        self.accept()

    def _failed(self, err: Exception) -> None:
        self._close_progress()
        self._show_error(
            error_text(
                self, err, self.tr("The export failed; the details were written to the log.")
            )
        )

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()


def error_text(widget: QWidget, err: Exception, fallback: str) -> str:
    """A FengwangError says itself; a file that cannot be used, briefly; anything else goes to
    the log behind `fallback`, one sentence."""
    if isinstance(err, FengwangError):
        return err.message
    if isinstance(err, OSError):
        return QCoreApplication.translate("ExportFileDialog", "Cannot use the file: {0}").format(
            err.strerror or err
        )
    log_exception(err)
    return fallback


class ExportRosterDialog(ExportFileDialog):
    def __init__(self, db: Database, unit: UnitInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(
            QCoreApplication.translate("ExportRosterDialog", "Export the roster"),
            Path.home()
            / QCoreApplication.translate("ExportRosterDialog", "roster {0}.xlsx").format(
                date.today()
            ),
            QCoreApplication.translate("ExportRosterDialog", "Exporting the roster…"),
            parent,
        )
        self._db = db
        self._unit = unit
        self.everyone = QRadioButton(self.tr("The whole roster"))
        self.selected = QRadioButton()
        self.scope = QButtonGroup(self)
        self.scope.addButton(self.everyone)
        self.scope.addButton(self.selected)
        self.everyone.setChecked(True)
        if unit is not None:
            self.selected.setText(self.tr("Only {0} and the units under it").format(unit.name))
        else:
            self.selected.hide()

        self.full_numbers = QCheckBox(
            self.tr("Show full ID numbers and phones (only for reports to the county centre)")
        )
        self.privacy_warning = QLabel(
            self.tr(
                "The file will then hold personal information: keep it safe, hand it only to the "
                "county centre, and delete copies you no longer need."
            )
        )
        self.privacy_warning.setWordWrap(True)
        self.privacy_warning.setStyleSheet(f"color: {ERROR_COLOR};")
        self.privacy_warning.setVisible(False)
        self.full_numbers.toggled.connect(self.privacy_warning.setVisible)
        permissions.gate(db, Permission.REVEAL, self.full_numbers)
        self.finish_layout(
            [],
            [self.everyone, self.selected, self.full_numbers, self.privacy_warning],
        )

    def write_job(self, path: Path) -> Callable[[], int]:
        db, masked = self._db, not self.full_numbers.isChecked()
        unit_code = self._unit.code if self._unit and self.selected.isChecked() else None
        return lambda: export_roster(db, path, masked=masked, unit_code=unit_code)
