"""备份 under 设置: the backups (when, kind, size, whether they pass their check now), a backup on
demand, restoring one, and an optional second folder (a USB drive) kept per computer in QSettings.

Restoring replaces the database file, which must be closed first: the panel checks the chosen
backup, asks, then ends the window's event loop with RESTORE_EXIT_CODE; desktop.app closes the
database, restores it (saving the current file first) and opens the restored one in place.
Backing up and checking run in the background (desktop.views.background).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.paths import data_dir
from desktop.services import backup
from desktop.services.backup import BackupInfo
from desktop.views import messages
from desktop.views.background import run_in_background
from desktop.views.look import subdue

if TYPE_CHECKING:
    from desktop.db import Database

SECOND_FOLDER_KEY = "backup/second_folder"  # a drive letter belongs to this computer: QSettings
RESTORE_EXIT_CODE = 75  # the event loop ends so that the app can restore (see the docstring)
_pending_restore: list[Path] = []


def second_folder(settings: QSettings) -> Path | None:
    value = settings.value(SECOND_FOLDER_KEY, "", str)
    return Path(value) if value else None


def backup_folders(settings: QSettings) -> list[Path]:
    """Where automatic backups go: the data folder's, and the second folder while it is there (a
    USB drive is not always plugged in)."""
    folders = [backup.default_folder(data_dir())]
    extra = second_folder(settings)
    if extra is not None and extra.is_dir():
        folders.append(extra)
    return folders


def request_restore(path: Path) -> None:
    """End the event loop so that desktop.app restores `path` with the database closed."""
    _pending_restore[:] = [path]
    QCoreApplication.exit(RESTORE_EXIT_CODE)


def take_pending_restore() -> Path | None:
    return _pending_restore.pop() if _pending_restore else None


class BackupPanel(QGroupBox):
    COLUMNS = 5

    def __init__(self, db: Database, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Backups"), parent)
        self._db = db
        self._settings = settings
        self._backups: list[BackupInfo] = []
        self._busy = False
        self._notice = ""  # shown once the list that follows it is loaded
        # Replaced by tests: the file dialogs and the restart.
        self.choose_file: Callable[[], str] = self._choose_file
        self.choose_folder: Callable[[], str] = self._choose_folder
        self.restart: Callable[[Path], None] = request_restore

        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Made"), self.tr("Kind"), self.tr("Size"), self.tr("Check"), self.tr("Folder")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()  # as wide as their contents, also while there are none
        for column, sample in enumerate(("2026-11-29 18:00", "恢复前", "99,999 KB", "未通过")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.backup_button = QPushButton(self.tr("&Back up now"))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(self.tr("&Restore the selected backup…"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton(self.tr("Restore from a &file…"))
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.status_label = subdue(QLabel())
        self.status_label.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.restore_file_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.second_edit = QLineEdit()
        self.second_edit.setReadOnly(True)
        self.second_edit.setPlaceholderText(self.tr("None: backups stay on this computer only"))
        self.second_button = QPushButton(self.tr("&Choose…"))
        self.second_button.clicked.connect(self.pick_second_folder)
        self.clear_second_button = QPushButton(self.tr("&Stop using it"))
        self.clear_second_button.clicked.connect(self.clear_second_folder)
        second = QHBoxLayout()
        second.addWidget(QLabel(self.tr("Second folder (e.g. a USB drive):")))
        second.addWidget(self.second_edit, 1)
        second.addWidget(self.second_button)
        second.addWidget(self.clear_second_button)

        self.rule_label = subdue(
            QLabel(
                self.tr(
                    "Fengwang backs up by itself every day and on closing, to {0} and to the "
                    "second folder when it is plugged in. It keeps the last 14 daily, the last 10 "
                    "closing and one backup per month for 12 months; backups made here are kept "
                    "until you delete them."
                ).format(backup.default_folder(data_dir()))
            )
        )
        self.rule_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.rule_label)
        layout.addLayout(second)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        self._show_second_folder()
        self._update_buttons()

    # ------------------------------------------------------------------------------- listing

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load()

    def load(self) -> None:
        """List and check the backups in the background."""
        if self._db.sqlite_path is None:
            self.status_label.setText(backup.SERVER_REFUSAL)
            return
        stem = self._db.sqlite_path.stem
        folders = backup_folders(self._settings)

        def work() -> list[BackupInfo]:
            found = [b for f in folders for b in backup.list_backups(f, database=stem, check=True)]
            return sorted(found, key=lambda b: b.when, reverse=True)

        self._set_busy(True, self.tr("Checking the backups…"))
        run_in_background(self, work, self._show_backups, self._failed)

    def _show_backups(self, backups: list[BackupInfo]) -> None:
        self._set_busy(False, self._notice or ("" if backups else self.tr("No backup yet.")))
        self._notice = ""
        self._backups = backups
        self.table.setRowCount(len(backups))
        for row, info in enumerate(backups):
            check = {True: self.tr("Passed"), False: self.tr("FAILED"), None: ""}[info.verified]
            cells = (
                f"{info.when:%Y-%m-%d %H:%M}",
                info.kind_label,
                f"{max(info.size // 1024, 1):,} KB",
                check,
                str(info.path.parent),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self._update_buttons()

    # ------------------------------------------------------------------------------ actions

    def back_up_now(self) -> None:
        db, folders = self._db, backup_folders(self._settings)

        def work() -> list[BackupInfo]:
            made = [backup.make_backup(db, folder, kind="manual") for folder in folders]
            for info in made:
                backup.log_backup(db, info)
            return made

        self._set_busy(True, self.tr("Backing up…"))
        run_in_background(self, work, self._backed_up, self._failed)

    def _backed_up(self, made: list[BackupInfo]) -> None:
        self._set_busy(False, "")
        self._notice = self.tr("Backed up and checked: {0}").format(
            "；".join(str(b.path) for b in made)
        )
        self.load()

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.restore_from(self._backups[rows[0].row()].path)

    def restore_from_file(self) -> None:
        chosen = self.choose_file()
        if chosen:
            self.restore_from(Path(chosen))

    def restore_from(self, path: Path) -> None:
        """Check the backup (in the background), ask, then restart onto it."""
        self._set_busy(True, self.tr("Checking the backup…"))
        run_in_background(
            self,
            lambda: backup.verify(path, as_backup=True),
            lambda _revision: self._confirm_restore(path),
            self._refused,
        )

    def _confirm_restore(self, path: Path) -> None:
        self._set_busy(False, "")
        question = self.tr(
            "Replace the current database with the backup {0}? The current database is saved "
            "first, as a backup made before restoring. Fengwang closes the database and opens "
            "the restored one; what was entered after that backup is not in it."
        ).format(path)
        if messages.confirm(self, question):
            self.restart(path)

    def _refused(self, error: Exception) -> None:
        self._set_busy(False, "")
        reason = getattr(error, "message", str(error))
        messages.show_error(self, self.tr("Not restored: {0}").format(reason))

    def _failed(self, error: Exception) -> None:
        self._set_busy(False, "")
        messages.show_error(self, getattr(error, "message", str(error)))

    # -------------------------------------------------------------------------- second folder

    def pick_second_folder(self) -> None:
        chosen = self.choose_folder()
        if not chosen:
            return
        if Path(chosen).resolve() == backup.default_folder(data_dir()).resolve():
            messages.show_warning(self, self.tr("That is the first backup folder already."))
            return
        self._settings.setValue(SECOND_FOLDER_KEY, str(Path(chosen)))
        self._show_second_folder()
        self.load()

    def clear_second_folder(self) -> None:
        self._settings.remove(SECOND_FOLDER_KEY)
        self._show_second_folder()
        self.load()

    def _show_second_folder(self) -> None:
        folder = second_folder(self._settings)
        self.second_edit.setText(str(folder) if folder else "")
        self.clear_second_button.setEnabled(folder is not None)

    # ------------------------------------------------------------------------------- helpers

    def _may_manage(self) -> bool:
        # Backups hold every citizen's details and restoring replaces all data: administrators
        # only (and set-up mode). Imported here: access loads SQLAlchemy, start-up must not.
        from desktop.services.access import Permission, may

        return (
            self._db.sqlite_path is not None
            and not self._db.read_only
            and may(self._db.actor, Permission.SETTINGS)
        )

    def _set_busy(self, busy: bool, text: str) -> None:
        self._busy = busy
        if text or not busy:
            self.status_label.setText(text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        may = self._may_manage() and not self._busy
        self.backup_button.setEnabled(may)
        self.restore_file_button.setEnabled(may)
        self.restore_button.setEnabled(may and bool(self.table.selectionModel().selectedRows()))
        self.second_button.setEnabled(may)

    def _choose_file(self) -> str:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Restore from a backup file"),
            str(backup.default_folder(data_dir())),
            self.tr("Fengwang databases (*.sqlite *.db);;All files (*)"),
        )
        return chosen

    def _choose_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, self.tr("Second backup folder"))
