"""设置 → 操作日志: the audit trail, filtered by user, kind of record, kind of action, dates and
text; the selected entry's changes field by field; export to a workbook; 校验 of the chain.

A trail grows to millions of entries: the table reads a page at a time, newest first, and the
next page when the clerk scrolls to the end (Qt's canFetchMore / fetchMore). Only an
administrator may read it: the services refuse anyone else, and the panel says so in place of
the table.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import FengwangError
from desktop.services import audit
from desktop.services.audit import PAGE_SIZE, AuditFilter, ChainReport, EntryInfo
from desktop.views import messages
from desktop.views.background import run_in_background
from desktop.views.export_dialog import as_xlsx, choose_save_path, error_text
from desktop.views.list_model import ListTableModel
from desktop.views.look import RoomyRowsDelegate, subdue
from desktop.views.widgets import DateEdit

if TYPE_CHECKING:
    from desktop.db import Database

AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
TIME, USER, ACTION, RECORD, SUMMARY = range(5)
TEXT_DELAY_MS = 300  # typing in the search box filters once the clerk pauses


class EntriesModel(ListTableModel):
    """The entries read so far, newest first; `load(before_id)` reads the next page."""

    def __init__(self, load: Callable[[int | None], list[EntryInfo]], parent=None) -> None:
        super().__init__(parent)
        self._load = load
        self.entries: list[EntryInfo] = []
        self._more = False
        self.headers = [
            self.tr("Time"),
            self.tr("User"),
            self.tr("Action"),
            self.tr("Record"),
            self.tr("Summary"),
        ]

    def items(self) -> list[EntryInfo]:
        return self.entries

    def restart(self) -> None:
        """Read the first page afresh (the filters changed)."""
        self.beginResetModel()
        self.entries = []
        self._more = False
        page = self._load(None)
        self.entries, self._more = page[:PAGE_SIZE], len(page) > PAGE_SIZE
        self.endResetModel()

    def canFetchMore(self, parent: AnyIndex = ROOT) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: AnyIndex = ROOT) -> None:
        if parent.isValid() or not self._more or not self.entries:
            return
        page = self._load(self.entries[-1].id)
        self._more = len(page) > PAGE_SIZE
        page = page[:PAGE_SIZE]
        if page:
            start = len(self.entries)
            self.beginInsertRows(ROOT, start, start + len(page) - 1)
            self.entries.extend(page)
            self.endInsertRows()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            record = f"{entry.entity_label} {entry.entity_id}".strip()
            return (
                f"{entry.at:%Y-%m-%d %H:%M:%S}",
                entry.user_name,
                entry.action_label,
                record,
                entry.summary,
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == SUMMARY:
            return entry.summary
        return None


class DetailModel(ListTableModel):
    """The selected entry's detail: each field with its old and new value."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headers = [self.tr("Field"), self.tr("Before"), self.tr("After")]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        line = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (line.label, line.old, line.new)[index.column()]
        return None


class AuditPanel(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.refusal = ""  # why the trail cannot be shown (not an administrator), else ""
        self.user_combo = QComboBox()
        self.entity_combo = QComboBox()
        self.entity_combo.addItem(self.tr("All records"), "")
        for code, label in audit.ENTITY_LABELS.items():
            self.entity_combo.addItem(label, code)
        self.action_combo = QComboBox()
        self.action_combo.addItem(self.tr("All actions"), "")
        for code, label in audit.ACTION_LABELS.items():
            self.action_combo.addItem(label, code)
        self.start_edit = DateEdit(blank_text=self.tr("any day"))
        self.end_edit = DateEdit(blank_text=self.tr("any day"))
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText(self.tr("Search the summaries"))
        self.text_edit.setClearButtonEnabled(True)
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_DELAY_MS)
        self._text_timer.timeout.connect(self.apply_filters)
        self.text_edit.textChanged.connect(self._text_timer.start)
        self.text_edit.returnPressed.connect(self.apply_filters)
        for combo in (self.user_combo, self.entity_combo, self.action_combo):
            combo.activated.connect(self.apply_filters)
        for field in (self.start_edit, self.end_edit):
            field.dateChanged.connect(self.apply_filters)

        self.model = EntriesModel(self._page, self)
        self.model.rowsInserted.connect(self._show_count)  # a page more was read
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setItemDelegate(RoomyRowsDelegate(self.table))
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (TIME, USER, ACTION, RECORD):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.detail_model = DetailModel(self)
        self.detail_table = QTableView()
        self.detail_table.setModel(self.detail_model)
        self.detail_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.detail_table.verticalHeader().hide()
        detail_header = self.detail_table.horizontalHeader()
        detail_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        detail_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        detail_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.detail_title = QLabel()

        self.status_label = subdue(QLabel())
        self.status_label.setWordWrap(True)
        self.verify_label = QLabel()
        self.verify_label.setWordWrap(True)
        self.verify_label.hide()  # until the trail is verified
        self.verify_button = QPushButton(self.tr("&Verify"))
        self.verify_button.setToolTip(
            self.tr("Check that no entry of the trail has been altered or removed")
        )
        self.verify_button.clicked.connect(self.verify)
        self.export_button = QPushButton(self.tr("&Export…"))
        self.export_button.clicked.connect(self.export)

        filters = QHBoxLayout()
        for label, widget in (
            (self.tr("User"), self.user_combo),
            (self.tr("Record"), self.entity_combo),
            (self.tr("Action"), self.action_combo),
            (self.tr("From"), self.start_edit),
            (self.tr("To"), self.end_edit),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addWidget(self.text_edit, 1)
        detail = QWidget()
        detail_box = QVBoxLayout(detail)
        detail_box.setContentsMargins(0, 0, 0, 0)
        detail_box.addWidget(self.detail_title)
        detail_box.addWidget(self.detail_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.verify_label)
        layout.addLayout(buttons)

    # ------------------------------------------------------------------------------ reading

    def reload(self) -> None:
        """Read the users and the first page afresh (each time the tab is shown)."""
        self.refusal = ""
        try:
            users = audit.entry_users(self._db)
        except FengwangError as err:
            self._refuse(err.message)
            return
        for widget in self._guarded():
            widget.setEnabled(True)  # an administrator has logged in since a refusal
        chosen = self.user_combo.currentData()
        self.user_combo.clear()
        self.user_combo.addItem(self.tr("All users"), "")
        for name in users:
            self.user_combo.addItem(name, name)
        self.user_combo.setCurrentIndex(max(self.user_combo.findData(chosen or ""), 0))
        self.apply_filters()

    def filters(self) -> AuditFilter:
        return AuditFilter(
            user=self.user_combo.currentData() or "",
            entity=self.entity_combo.currentData() or "",
            action=self.action_combo.currentData() or "",
            start=self.start_edit.value(),
            end=self.end_edit.value(),
            text=self.text_edit.text(),
        )

    def apply_filters(self) -> None:
        self._text_timer.stop()
        if self.refusal:
            return
        self.model.restart()
        self._show_count()
        if self.model.entries:
            self.table.selectRow(0)
        else:
            self._show_detail(QModelIndex())

    def _page(self, before_id: int | None) -> list[EntryInfo]:
        try:
            return audit.list_entries(
                self._db, self.filters(), before_id=before_id, limit=PAGE_SIZE + 1
            )
        except FengwangError as err:
            self._refuse(err.message)
            return []

    def _refuse(self, message: str) -> None:
        self.refusal = message
        self.status_label.setText(message)
        for widget in self._guarded():
            widget.setEnabled(False)

    def _guarded(self) -> tuple[QWidget, ...]:
        return (self.table, self.detail_table, self.verify_button, self.export_button)

    def _show_count(self) -> None:
        if self.refusal:
            return
        shown = len(self.model.entries)
        if self.model.canFetchMore():
            text = self.tr("Showing the newest {0} entries; scroll down for older ones.")
        elif shown:
            text = self.tr("{0} entries.")
        else:
            text = self.tr("No entry matches these filters.")
        self.status_label.setText(text.format(shown))

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if not current.isValid() or current.row() >= len(self.model.entries):
            self.detail_title.setText("")
            self.detail_model.set_rows([])
            return
        entry = self.model.entries[current.row()]
        self.detail_title.setText(entry.summary)
        self.detail_model.set_rows(entry.lines())

    # ------------------------------------------------------------------------------ actions

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.verify_label.setText(self.tr("Verifying the trail…"))
        self.verify_label.show()
        run_in_background(self, lambda: audit.verify_chain(self._db), self._verified, self._failed)

    def _verified(self, report: ChainReport) -> None:
        self.verify_button.setEnabled(True)
        self.verify_label.setText(report.message)
        if report.intact:
            messages.show_info(self, report.message)
        else:
            messages.show_warning(self, report.message)

    def export(self) -> None:
        suggested = Path.home() / self.tr("audit trail {0}.xlsx").format(date.today())
        path = choose_save_path(self, self.tr("Export the audit trail"), str(suggested))
        if not path:
            return
        target = as_xlsx(path)
        filters = self.filters()
        self.export_button.setEnabled(False)
        run_in_background(
            self,
            lambda: audit.export_entries(self._db, target, filters),
            lambda count: self._exported(target, count),
            self._failed,
        )

    def _exported(self, target: Path, count: int) -> None:
        self.export_button.setEnabled(True)
        messages.show_info(self, self.tr("Exported {0} entries to {1}").format(count, target))

    def _failed(self, error: Exception) -> None:
        self.verify_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self.verify_label.hide()
        fallback = self.tr("The audit trail could not be read or written; see the log.")
        messages.show_error(self, error_text(self, error, fallback))
