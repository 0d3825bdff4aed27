"""导出同步包 and 导入同步包: the township's exchange with the county centre.

The export says plainly that the package carries full ID numbers. The import reads and checks the
package and previews it in the background, lists every record that is not unchanged, and asks the
clerk to decide each conflict (保留本机 or 采用对方) before 应用 is enabled; applying is one
transaction in the background. File dialogs go through `export_dialog.choose_save_path` and
`choose_package`, which tests replace.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.exchange.sync import (
    CONFLICT,
    OURS,
    SHEET_BY_KIND,
    STATUS_LABELS,
    THEIRS,
    UNCHANGED,
    RecordChange,
    SyncManifest,
    SyncPackage,
    SyncPreview,
    SyncResult,
    apply_sync,
    export_sync_package,
    preview_sync,
    read_sync_package,
)
from desktop.views.background import run_in_background
from desktop.views.export_dialog import ExportFileDialog, busy_dialog, error_text
from desktop.views.form import ERROR_COLOR, make_error_label
from desktop.views.list_model import ListTableModel, StatusFilter
from desktop.views.look import RoomyRowsDelegate, emphasise

if TYPE_CHECKING:
    from desktop.db import Database


def choose_package(parent: QWidget, caption: str) -> str:
    """The open-file dialog for a package ('' when cancelled); tests replace it."""
    path, _ = QFileDialog.getOpenFileName(parent, caption, "", "Excel (*.xlsx)")
    return path


class ExportSyncDialog(ExportFileDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(
            QCoreApplication.translate("ExportSyncDialog", "Export a sync package"),
            Path.home()
            / QCoreApplication.translate("ExportSyncDialog", "sync package {0}.xlsx").format(
                date.today()
            ),
            QCoreApplication.translate("ExportSyncDialog", "Writing the sync package…"),
            parent,
        )
        self._db = db
        self.sentence_label = QLabel(
            self.tr(
                "The package holds the township's grid units, people and assignments for the "
                "county centre, which imports it into its own Fengwang."
            )
        )
        self.sentence_label.setWordWrap(True)
        self.privacy_warning = emphasise(
            QLabel(
                self.tr(
                    "The package carries full ID numbers and phones and is classified internal "
                    "(内部资料). Hand it only to the county centre, carry it only on a trusted "
                    "drive, and delete copies you no longer need."
                )
            )
        )
        self.privacy_warning.setWordWrap(True)
        self.privacy_warning.setStyleSheet(f"color: {ERROR_COLOR};")
        self.finish_layout([self.sentence_label], [self.privacy_warning])

    def write_job(self, path: Path) -> Callable[[], SyncManifest]:
        db = self._db
        return lambda: export_sync_package(db, path)

    def exported_text(self, path: Path, manifest: SyncManifest) -> str:
        counts = self.tr(", ").join(
            self.tr("{0}: {1} rows").format(title, count)
            for title, count in manifest.counts.items()
        )
        return self.tr(
            "The sync package of {0} was saved as {1} ({2}). It holds full ID numbers: hand it "
            "only to the county centre."
        ).format(manifest.township_name, path, counts)


class SyncChangesModel(ListTableModel):
    """Every record of a preview that is not unchanged, and the clerk's decision on conflicts."""

    KIND, NAME, STATUS, FIELDS, REASON, DECISION = range(6)

    decisions_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.records: list[RecordChange] = []
        self.decisions: dict[str, str] = {}  # conflict uid → OURS / THEIRS
        self.headers = [
            self.tr("Kind"),
            self.tr("Name"),
            self.tr("Status"),
            self.tr("Fields that differ"),
            self.tr("Note"),
            self.tr("Decision"),
        ]

    def kind_text(self, kind: str) -> str:
        return {
            "unit": self.tr("Grid unit"),
            "person": self.tr("Person"),
            "assignment": self.tr("Assignment"),
        }.get(kind) or SHEET_BY_KIND[kind].title  # the case records: their sheets' Chinese names

    def decision_text(self, choice: str | None) -> str:
        return {
            OURS: self.tr("Keep ours"),
            THEIRS: self.tr("Take theirs"),
        }.get(choice or "", self.tr("To decide"))

    def set_preview(self, preview: SyncPreview) -> None:
        self.beginResetModel()
        self.records = [r for r in preview.records if r.status != UNCHANGED]
        self.decisions = {}
        self.endResetModel()
        self.decisions_changed.emit()

    def undecided(self) -> int:
        return sum(1 for r in self.records if r.status == CONFLICT and r.uid not in self.decisions)

    def decide(self, rows: list[int], choice: str) -> None:
        """Record `choice` for the conflicts among `rows`; "theirs" only where it is allowed."""
        changed = []
        for row in rows:
            record = self.records[row]
            if record.status != CONFLICT or (choice == THEIRS and not record.theirs_allowed):
                continue
            self.decisions[record.uid] = choice
            changed.append(row)
        for row in changed:
            index = self.index(row, self.DECISION)
            self.dataChanged.emit(index, index)
        if changed:
            self.decisions_changed.emit()

    def decide_all(self, choice: str) -> None:
        """Every conflict; one that cannot take theirs keeps ours (the only choice it has)."""
        for row, record in enumerate(self.records):
            if record.status == CONFLICT:
                self.decide([row], choice if record.theirs_allowed else OURS)

    def items(self) -> list:
        return self.records

    def differences_text(self, record: RecordChange) -> str:
        """Each differing field with both values, so that a conflict can be decided."""
        return "; ".join(
            self.tr("{0}: ours {1}, theirs {2}").format(header, ours or "—", theirs or "—")
            for header, ours, theirs in record.differences
        )

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        record = self.records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return record.status
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.DECISION and record.status == CONFLICT and not record.theirs_allowed:
                return self.tr("Only ours can be kept: {0}").format(record.reason)
            if column == self.REASON and record.reason:
                return record.reason
            if column == self.FIELDS:
                return self.differences_text(record) or None
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.KIND:
            return self.kind_text(record.kind)
        if column == self.NAME:
            return record.label
        if column == self.STATUS:
            return STATUS_LABELS.get(record.status, record.status)
        if column == self.FIELDS:
            return self.differences_text(record) or "、".join(record.fields)
        if column == self.REASON:
            return record.reason
        if record.status != CONFLICT:
            return ""
        return self.decision_text(self.decisions.get(record.uid))


class ImportSyncDialog(QDialog):
    """Opened on a chosen file: checks and previews it at once, applies on 应用."""

    applied = Signal(object)  # SyncResult

    def __init__(self, db: Database, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.path = Path(path)
        self.package: SyncPackage | None = None
        self.preview: SyncPreview | None = None
        self.running = False
        self.progress: QProgressDialog | None = None
        self.setWindowTitle(self.tr("Import a sync package"))
        self.source_label = emphasise(QLabel(self.tr("Checking {0}…").format(self.path.name)))
        self.source_label.setWordWrap(True)
        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)
        self.model = SyncChangesModel(self)
        self.proxy = StatusFilter(SyncChangesModel.STATUS, self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(RoomyRowsDelegate(self.table, extra_pixels=4))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # the differing values are what a conflict is decided on: they get the room
        for column, width in enumerate((60, 150, 90, 330, 180, 90)):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        # the selected record in full: both values of each differing field, and why
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.filter_combo = QComboBox()
        self.filter_combo.addItem(self.tr("All records that change"), "")
        for status, text in STATUS_LABELS.items():
            if status != UNCHANGED:
                self.filter_combo.addItem(text, status)
        self.filter_combo.currentIndexChanged.connect(
            lambda: self.proxy.set_status(self.filter_combo.currentData())
        )
        show = QLabel(self.tr("S&how:"))
        show.setBuddy(self.filter_combo)
        top = QHBoxLayout()
        top.addWidget(self.counts_label, 1)
        top.addWidget(show)
        top.addWidget(self.filter_combo)

        self.keep_ours_button = QPushButton(self.tr("&Keep ours"))
        self.take_theirs_button = QPushButton(self.tr("&Take theirs"))
        self.all_ours_button = QPushButton(self.tr("Keep ours for &all"))
        self.all_theirs_button = QPushButton(self.tr("Take theirs for a&ll"))
        self.keep_ours_button.clicked.connect(lambda: self._decide_selected(OURS))
        self.take_theirs_button.clicked.connect(lambda: self._decide_selected(THEIRS))
        self.all_ours_button.clicked.connect(lambda: self.model.decide_all(OURS))
        self.all_theirs_button.clicked.connect(lambda: self.model.decide_all(THEIRS))
        conflicts_caption = QLabel(self.tr("Conflicts (changed on both sides):"))
        decide_row = QHBoxLayout()
        decide_row.addWidget(conflicts_caption)
        for button in (
            self.keep_ours_button,
            self.take_theirs_button,
            self.all_ours_button,
            self.all_theirs_button,
        ):
            decide_row.addWidget(button)
        decide_row.addStretch(1)
        self.decide_note = QLabel()
        self.decide_note.setWordWrap(True)
        self.error_label = make_error_label()
        # what a package that cannot be read has nothing to show in
        self._preview_widgets: list[QWidget] = [
            self.counts_label,
            show,
            self.filter_combo,
            self.table,
            self.detail_label,
            conflicts_caption,
            self.keep_ours_button,
            self.take_theirs_button,
            self.all_ours_button,
            self.all_theirs_button,
            self.decide_note,
        ]

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton(
            self.tr("&Apply"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setDefault(True)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.source_label)
        layout.addWidget(self.error_label)  # at the top: a refused package is the whole story
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail_label)
        layout.addLayout(decide_row)
        layout.addWidget(self.decide_note)
        layout.addWidget(self.buttons)
        self.resize(940, 560)  # fits 1366×768 with the taskbar and window frame

        self.model.decisions_changed.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.selectionModel().currentChanged.connect(lambda *_: self._show_detail())
        self._update_buttons()
        self._start_preview()

    # ------------------------------------------------------------------------ preview

    def _start_preview(self) -> None:
        db, path = self._db, self.path
        self.running = True

        def work() -> tuple[SyncPackage, SyncPreview]:
            package = read_sync_package(path)
            return package, preview_sync(db, package)

        run_in_background(self, work, self._previewed, self._preview_failed)

    def _previewed(self, outcome: tuple[SyncPackage, SyncPreview]) -> None:
        self.running = False
        self.package, self.preview = outcome
        manifest = self.package.manifest
        self.source_label.setText(
            self.tr("Package from {0} ({1}), exported {2}; nothing has been written yet.").format(
                self.preview.township_name, self.preview.peer, manifest.exported_at
            )
        )
        self.counts_label.setText(
            self.tr(", ").join(
                f"{STATUS_LABELS[status]} {count}"
                for status, count in self.preview.counts().items()
            )
        )
        self.model.set_preview(self.preview)
        conflicts = [row for row, r in enumerate(self.model.records) if r.status == CONFLICT]
        if self.model.rowCount():  # the first conflict, which needs the clerk first
            self.table.selectRow(
                self.proxy.mapFromSource(
                    self.model.index(conflicts[0] if conflicts else 0, 0)
                ).row()
            )
        self._update_buttons()
        self.table.setFocus()

    def _preview_failed(self, err: Exception) -> None:
        """The reason alone, and 关闭: an empty preview with buttons that can never work would
        only make the clerk look for what went wrong."""
        self.running = False
        self.source_label.setText(self.tr("The package was not imported; nothing was written."))
        self._show_error(
            error_text(
                self, err, self.tr("The package cannot be read; the details are in the log.")
            )
        )
        self._update_buttons()
        for widget in self._preview_widgets:
            widget.hide()
        self.apply_button.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        self.setMinimumSize(0, 0)
        self.resize(560, 10)  # as low as the sentence needs

    # ------------------------------------------------------------------------ decisions

    def _selected_rows(self) -> list[int]:
        rows = {
            self.proxy.mapToSource(index).row()
            for index in self.table.selectionModel().selectedRows()
        }
        current = self.table.currentIndex()
        if not rows and current.isValid():
            rows.add(self.proxy.mapToSource(current).row())
        return sorted(rows)

    def _show_detail(self) -> None:
        current = self.table.currentIndex()
        if not current.isValid():
            self.detail_label.clear()
            return
        record = self.model.records[self.proxy.mapToSource(current).row()]
        lines = [
            f"{record.label}：{self.model.differences_text(record) or '、'.join(record.fields)}"
        ]
        if record.reason:
            lines.append(record.reason)
        self.detail_label.setText("\n".join(lines))

    def _decide_selected(self, choice: str) -> None:
        self.model.decide(self._selected_rows(), choice)

    def select_record(self, label: str) -> None:
        """Make the row of `label` the current one (for tests and for the keyboard)."""
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, SyncChangesModel.NAME).data() == label:
                self.table.selectRow(row)
                return
        raise KeyError(label)

    def _update_buttons(self) -> None:
        ready = self.preview is not None and not self.running
        conflicts = [r for r in self.model.records if r.status == CONFLICT]
        chosen = [self.model.records[row] for row in self._selected_rows()] if ready else []
        chosen_conflicts = [r for r in chosen if r.status == CONFLICT]
        self.keep_ours_button.setEnabled(bool(chosen_conflicts))
        blocked = [r for r in chosen_conflicts if not r.theirs_allowed]
        self.take_theirs_button.setEnabled(bool(chosen_conflicts) and not blocked)
        self.take_theirs_button.setToolTip(
            self.tr("Only ours can be kept: {0}").format(blocked[0].reason) if blocked else ""
        )
        self.all_ours_button.setEnabled(ready and bool(conflicts))
        self.all_theirs_button.setEnabled(ready and bool(conflicts))
        undecided = self.model.undecided()
        if not ready:
            self.decide_note.clear()
        elif undecided:
            self.decide_note.setText(
                self.tr(
                    "{0} conflicts still need a decision: keep ours or take theirs, row by row "
                    "or for all."
                ).format(undecided)
            )
        elif conflicts:
            self.decide_note.setText(self.tr("Every conflict is decided."))
        else:
            self.decide_note.setText(self.tr("No conflicts."))
        self.apply_button.setEnabled(ready and undecided == 0)

    # ------------------------------------------------------------------------ applying

    def apply(self) -> None:
        if self.package is None or self.preview is None or self.model.undecided():
            return
        self.error_label.hide()
        db, package, preview = self._db, self.package, self.preview
        resolutions = dict(self.model.decisions)
        self.running = True
        self._update_buttons()
        self.progress = busy_dialog(self, self.tr("Applying the sync package…"))
        run_in_background(
            self,
            lambda: apply_sync(db, package, preview, resolutions),
            self._applied,
            self._apply_failed,
        )

    def _close_progress(self) -> None:
        self.running = False
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self._update_buttons()

    def _applied(self, result: SyncResult) -> None:
        self._close_progress()
        self.applied.emit(result)
        self.accept()

    def _apply_failed(self, err: Exception) -> None:
        self._close_progress()
        self._show_error(
            error_text(
                self,
                err,
                self.tr("The sync failed; nothing was written. The details are in the log."),
            )
        )

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def applied_text(self, result: SyncResult) -> str:
        text = self.tr(
            "The sync package was applied: {0} added, {1} updated, {2} kept as ours."
        ).format(result.added, result.updated, result.kept_ours)
        if result.deleted:
            text += "\n" + self.tr("Units the township deleted, deleted here: {0}").format(
                result.deleted
            )
        if result.roles_created:
            text += "\n" + self.tr("New roles: {0}").format("、".join(result.roles_created))
        if result.categories_created:
            text += "\n" + self.tr("New dispute categories: {0}").format(
                "、".join(result.categories_created)
            )
        if result.warning_types_created:
            text += "\n" + self.tr("New warning types: {0}").format(
                "、".join(result.warning_types_created)
            )
        if result.skipped:
            text += "\n" + self.tr("Left out: {0}").format("；".join(result.skipped[:10]))
        return text
