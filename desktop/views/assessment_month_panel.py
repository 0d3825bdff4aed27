"""考核 → 月度考核: choose the township's month (and the scheme when several apply), fill the
sheet from the keyboard, and move it 草稿 → 已提交 → 已审核 (or reopen it, with a reason).

Keys on the sheet: typing starts an entry; Tab saves and moves right (passing over automatic
items), Enter saves and moves down; Ctrl+Enter opens the cell's note; Ctrl+V pastes a block
copied from Excel at the current cell; Delete clears the selected cells; Ctrl+Z undoes the last
entry, note, clearing or pasted block.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.crashlog import log_exception
from desktop.errors import FengwangError
from desktop.services import assessment_months, lookups
from desktop.services.assessment_months import (
    BlanksRefused,
    CellResult,
    EntryInput,
    MonthRef,
    MonthSheet,
    MonthStatus,
)
from desktop.services.assessment_queries import schemes_for_month
from desktop.services.assessment_sheet import month_bounds
from desktop.services.case_stats import period_label
from desktop.services.grants import Permission
from desktop.views import messages, permissions
from desktop.views.assessment_sheet_model import FIRST_ITEM, NAME, VILLAGE, PasteResult, SheetModel
from desktop.views.background import run_in_background
from desktop.views.dialogs import open_dialog
from desktop.views.form import FormDialog, make_error_label
from desktop.vocabulary import Level

if TYPE_CHECKING:
    from desktop.db import Database

Today = Callable[[], date]
MONTHS_LISTED = 24
SHOWN_REFUSALS = 3  # a paste summary names this many refused cells; the tooltip names them all


def parse_block(text: str) -> list[list[str]]:
    """Tab-separated rows as Excel and WPS copy them (a trailing line break ends the block)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    return [line.split("\t") for line in lines]


def choose_open_path(parent: QWidget, caption: str) -> str:
    """The open-file dialog for a filled-in sheet ('' when cancelled); tests replace it."""
    path, _ = QFileDialog.getOpenFileName(parent, caption, "", "Excel (*.xlsx)")
    return path


def in_background(owner: QWidget, text: str, work: Callable[[], object], done: Callable) -> None:
    """Run `work` behind a busy dialog; a failure is shown in Chinese, never a traceback."""
    from desktop.views import export_dialog  # with the first workbook, not the first screen

    busy = export_dialog.busy_dialog(owner, text)

    def finished(result: object) -> None:
        busy.close()
        done(result)

    def failed(err: Exception) -> None:
        busy.close()
        fallback = QCoreApplication.translate(
            "MonthPanel", "The file could not be processed; see the log."
        )
        messages.show_error(owner, export_dialog.error_text(owner, err, fallback))

    run_in_background(owner, work, finished, failed)


def fill_townships(db: Database, combo: QComboBox) -> bool:
    """List the townships (id as data) keeping the one chosen, without signalling; True when
    there are several to choose from."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for unit in lookups.list_units(db):
        if unit.level is Level.TOWNSHIP:
            combo.addItem(unit.name, unit.id)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
    combo.blockSignals(False)
    return combo.count() > 1


class SheetView(QTableView):
    """A table that moves like a spreadsheet: Enter goes down, Tab across."""

    note_requested = Signal()
    paste_requested = Signal()
    undo_requested = Signal()
    clear_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        key, modifiers = event.key(), event.modifiers()
        if not editing and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if modifiers & Qt.KeyboardModifier.ControlModifier:
                self.note_requested.emit()
            else:
                self.move_down()
            return
        if not editing and event.matches(QKeySequence.StandardKey.Paste):
            self.paste_requested.emit()
            return
        if not editing and event.matches(QKeySequence.StandardKey.Undo):
            self.undo_requested.emit()
            return
        if not editing and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear_requested.emit()
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter in the editor
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.move_down()
            return
        super().closeEditor(editor, hint)

    def move_down(self) -> None:
        current = self.currentIndex()
        if current.isValid() and current.row() + 1 < self.model().rowCount():
            self.setCurrentIndex(current.siblingAtRow(current.row() + 1))


class NoteDialog(FormDialog):
    """The note of one entry (why points were deducted, say)."""

    def __init__(self, title: str, note: str, save: Callable[[str], None], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Note"))
        self._save = save
        self.note_edit = QLineEdit(note)
        self.note_edit.setMaxLength(assessment_months.MAX_NOTE)
        self.form.add_field("note", title, self.note_edit)
        self.finish_layout()

    def save(self) -> None:
        self.save_with(lambda: self._save(self.note_edit.text()))


class ReopenDialog(FormDialog):
    """Reopening an approved month: the reason is required and kept in the month's history."""

    def __init__(self, db: Database, sheet: MonthSheet, actor: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reopen {0}").format(sheet.month.label))
        self._db, self._sheet, self._actor = db, sheet, actor
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setPlaceholderText(self.tr("What must be corrected, and at whose request"))
        self.reason_edit.setFixedHeight(80)
        self.form.add_field("reason", self.tr("Reason"), self.reason_edit)
        self.finish_layout()

    def save(self) -> None:
        self.save_with(
            lambda: assessment_months.reopen(
                self._db,
                self._sheet.month.id,
                self.reason_edit.toPlainText(),
                actor=self._actor,
                loaded=self._sheet,
            )
        )


class MonthPanel(QWidget):
    notice = Signal(str)
    dialog_opened = Signal(QDialog)

    def __init__(
        self, db: Database, actor: str, *, today: Today = date.today, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._today = today
        self.active_dialog: QDialog | None = None
        self.last_load_seconds = 0.0
        self.model = SheetModel(parent=self)
        self.model.refused.connect(self._show_problem)
        self.model.changed.connect(self._after_entry)

        self.township_combo = QComboBox()
        self.month_combo = QComboBox()
        first = self._today().replace(day=1)
        self._months: list[date] = []
        for _ in range(MONTHS_LISTED):
            self._months.append(first)
            self.month_combo.addItem(period_label(*month_bounds(first)))
            first = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
        self.scheme_label = QLabel(self.tr("&Scheme"))
        self.scheme_combo = QComboBox()
        self.scheme_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scheme_combo.setMinimumContentsLength(10)
        self.scheme_label.setBuddy(self.scheme_combo)
        self.status_label = QLabel()
        self.undo_button = self._button(self.tr("Undo"), self.undo)
        self.submit_button = self._button(self.tr("Submit"), self.submit)
        self.approve_button = self._button(self.tr("Approve"), self.approve)
        self.reopen_button = self._button(self.tr("Reopen…"), self.reopen)
        self.export_button = self._button(self.tr("Export sheet…"), self.export_sheet)
        self.import_button = self._button(self.tr("Import sheet…"), self.import_sheet)
        self.print_button = self._button(self.tr("Print report…"), self.print_report)
        self.info_label = QLabel()
        self.problem_label = make_error_label()

        self.table = SheetView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.verticalHeader().hide()
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.note_requested.connect(self.edit_note)
        self.table.paste_requested.connect(self.paste)
        self.table.undo_requested.connect(self.undo)
        self.table.clear_requested.connect(self.clear_selected)

        top = QHBoxLayout()
        self.township_label = QLabel(self.tr("&Township"))
        self.township_label.setBuddy(self.township_combo)
        top.addWidget(self.township_label)
        top.addWidget(self.township_combo)
        month_label = QLabel(self.tr("&Month"))
        month_label.setBuddy(self.month_combo)
        top.addWidget(month_label)
        top.addWidget(self.month_combo)
        top.addWidget(self.scheme_label)
        top.addWidget(self.scheme_combo, 1)
        top.addStretch(1)
        for button in (self.undo_button, self.submit_button, self.approve_button):
            top.addWidget(button)
        top.addWidget(self.reopen_button)
        top.addWidget(self.export_button)
        top.addWidget(self.import_button)
        top.addWidget(self.print_button)
        # the state under the choices: beside the buttons, a long one (草稿（已重新打开 1 次）)
        # cut the scheme's name short at 1366 pixels
        second = QHBoxLayout()
        second.addWidget(self.info_label)
        second.addSpacing(12)
        second.addWidget(self.status_label)
        second.addSpacing(12)
        second.addWidget(self.problem_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.table, 1)

        self._fill_townships()
        self.township_combo.currentIndexChanged.connect(self.reload)
        self.month_combo.currentIndexChanged.connect(self.reload)
        self.scheme_combo.currentIndexChanged.connect(self.reload)
        self.apply_permissions()

    def apply_permissions(self) -> None:
        """Offer the logged-in user's role only what it may do (again when the user changes)."""
        db = self._db
        editing = permissions.gate(db, Permission.EDIT, self.undo_button, self.submit_button)
        self.model.set_read_only(not editing)
        permissions.gate(db, Permission.APPROVE, self.approve_button, self.reopen_button)
        permissions.gate(db, Permission.EXCHANGE, self.export_button)
        permissions.gate(db, (Permission.EXCHANGE, Permission.EDIT), self.import_button)
        permissions.gate(db, Permission.PRINT, self.print_button)
        self._update_state()

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # ---------------------------------------------------------------------------------- choices

    def _fill_townships(self) -> None:
        several = fill_townships(self._db, self.township_combo)
        self.township_label.setVisible(several)
        self.township_combo.setVisible(several)

    def _fill_schemes(self, township_id: int, month: date) -> None:
        chosen = self.scheme_combo.currentData()
        choices = schemes_for_month(self._db, township_id, month)
        self.scheme_combo.blockSignals(True)
        self.scheme_combo.clear()
        for choice in choices:
            self.scheme_combo.addItem(choice.label, choice.family_uid)
        self.scheme_combo.setCurrentIndex(max(0, self.scheme_combo.findData(chosen)))
        self.scheme_combo.blockSignals(False)
        several = len(choices) > 1
        self.scheme_label.setVisible(several)
        self.scheme_combo.setVisible(several)

    def choose_month(self, month: date) -> None:
        self.month_combo.setCurrentIndex(self._months.index(month.replace(day=1)))

    # ---------------------------------------------------------------------------------- loading

    def reload(self) -> None:
        """Read the chosen month's sheet (a month not opened yet is scored without being saved:
        its first entry or submitting it creates it)."""
        self._fill_townships()
        township_id = self.township_combo.currentData()
        month = self._months[self.month_combo.currentIndex()]
        self.problem_label.hide()
        if township_id is None:
            self._show_sheet(None, self.tr("There is no township in the database yet."))
            return
        started = time.perf_counter()
        try:
            self._fill_schemes(township_id, month)
            sheet = assessment_months.month_sheet(
                self._db,
                township_id,
                month,
                scheme_family=self.scheme_combo.currentData(),
                today=self._today(),
            )
        except FengwangError as err:
            self._show_sheet(None, err.message)
            return
        except Exception as err:  # a broken database must not take the window down
            log_exception(err)
            self._show_sheet(None, self.tr("Cannot read the assessment; see the log."))
            return
        self._show_sheet(sheet)
        self.last_load_seconds = time.perf_counter() - started

    def _show_sheet(self, sheet, message: str = "") -> None:
        self.model.set_sheet(sheet, self._write_cells if sheet is not None else None)
        if sheet is not None:
            self._size_columns()
        if message:
            self._show_problem(message)
        self._update_state()

    def _write_cells(self, cells: list[tuple[int, str, str, str]]) -> list[CellResult]:
        """The model's writer. Checked against the sheet as shown, which then takes the month's
        new row version: a write saved elsewhere meanwhile refuses every cell (they stay red
        with the message, as typed), this sheet's own writes do not."""
        sheet = self.model.sheet
        saved = assessment_months.save_cells(
            self._db, sheet, [EntryInput(*cell) for cell in cells], actor=self._actor
        )
        if not sheet.month.opened:  # writing opened the month: from now on it has an id
            self._read_month()
        shown = self.model.sheet
        self.model.sheet = replace(shown, month=replace(shown.month, row_version=saved.row_version))
        return saved.cells

    def _read_month(self) -> None:
        sheet = self.model.sheet
        try:
            month = assessment_months.open_month(
                self._db,
                sheet.month.township_id,
                sheet.month.month,
                scheme_family=sheet.month.scheme.family_uid,
                today=self._today(),
            )
        except FengwangError as err:
            self._show_problem(err.message)
            return
        self.model.sheet = replace(sheet, month=month)

    def _month_ref(self) -> MonthRef:
        """The shown month's id, or its MonthInfo while it is not opened (the service opens it)."""
        month = self.model.sheet.month
        return month.id if month.opened else month

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = header.fontMetrics()
        header.setMinimumHeight(metrics.height() * 3 + 12)
        header.resizeSection(VILLAGE, metrics.horizontalAdvance("石门社区村") + 12)
        header.resizeSection(NAME, metrics.horizontalAdvance("欧阳小明") + 16)
        for column in range(FIRST_ITEM, self.model.columnCount()):
            lines = str(self.model.headerData(column, Qt.Orientation.Horizontal)).split("\n")
            widest = max(metrics.horizontalAdvance(line) for line in lines)
            header.resizeSection(column, max(48, widest + 14))

    # ----------------------------------------------------------------------------------- state

    def _update_state(self) -> None:
        sheet = self.model.sheet
        status = sheet.month.status if sheet is not None else None
        permissions.enable(self.submit_button, status is MonthStatus.DRAFT)
        permissions.enable(self.approve_button, status is MonthStatus.SUBMITTED)
        permissions.enable(self.reopen_button, status is MonthStatus.APPROVED)
        for button in (self.export_button, self.import_button, self.print_button):
            permissions.enable(button, sheet is not None)
        permissions.enable(self.undo_button, self.model.can_undo() and not self._closed())
        if sheet is None:
            self.status_label.clear()
            self.status_label.setToolTip("")
            self.info_label.clear()
            return
        month = sheet.month
        if month.opened:
            text = self.tr("Status: {0}").format(month.status.label)
        else:
            text = self.tr("Status: not started (created at the first entry)")
        if month.reopened:
            text += self.tr(" (reopened {0} times)").format(month.reopen_count)
        self.status_label.setText(text)
        self.status_label.setToolTip(
            "\n".join(
                f"{event.at:%Y-%m-%d %H:%M} {event.actor} {event.action.label}"
                + (f"：{event.note}" if event.note else "")
                for event in month.events
            )
        )
        info = self.tr("{0} · {1} workers").format(month.scheme.label, len(sheet.rows))
        if month.locked:
            info += self.tr(" · approved and locked: reopen it to correct an entry")
        elif self.model.read_only:
            info += self.tr(" · read only: your role does not enter scores")
        self.info_label.setText(info)

    def _after_entry(self) -> None:
        self._update_state()
        self.notice.emit(self.tr("Saved."))

    def _closed(self) -> bool:
        """No entry now: the month is approved, or the user's role may not enter scores."""
        return self.model.locked or self.model.read_only

    def _show_problem(self, message: str) -> None:
        self.problem_label.setText(message)
        self.problem_label.setToolTip("")
        self.problem_label.show()

    # ---------------------------------------------------------------------------------- entries

    def paste(self, text: str | None = None) -> PasteResult | None:
        """Paste a tab-separated block at the current cell, each cell validated."""
        if self.model.sheet is not None and self.model.locked:
            self._show_problem(self._locked_text())
            return None
        if self.model.read_only:
            self._show_problem(permissions.needs_text(self._db, Permission.EDIT))
            return None
        current = self.table.currentIndex()
        if self.model.sheet is None or not current.isValid():
            return None
        block = parse_block(QGuiApplication.clipboard().text() if text is None else text)
        cells = []
        for r, values in enumerate(block):
            for c, value in enumerate(values):
                row, column = current.row() + r, current.column() + c
                if row < self.model.rowCount() and column < self.model.columnCount():
                    cells.append((row, column, value))
        outside = sum(len(values) for values in block) - len(cells)
        result = self.model.write(cells)
        self.problem_label.hide()
        if result.refused or outside:
            summary = self.tr("Pasted {0} cells, {1} not saved").format(
                result.saved, len(result.refused) + outside
            )
            shown = "；".join(result.refused[:SHOWN_REFUSALS])
            if outside:
                shown += self.tr("; {0} cells fall outside the sheet").format(outside)
            self._show_problem(f"{summary}：{shown}")
            self.problem_label.setToolTip("\n".join(result.refused))
        else:
            self.notice.emit(self.tr("Pasted {0} cells.").format(result.saved))
        self._update_state()
        return result

    def clear_selected(self) -> None:
        if self._closed():
            return
        cells = [
            (index.row(), index.column(), "")
            for index in self.table.selectionModel().selectedIndexes()
            if self.model.is_entry(index) and self.model.entry(index) is not None
        ]
        if cells:
            self.model.write(cells)
            self._update_state()

    def undo(self) -> None:
        if self._closed():
            return
        self.problem_label.hide()
        problem = self.model.undo()
        if problem:
            self._show_problem(problem)
        self._update_state()

    def edit_note(self, index: QModelIndex | None = None) -> None:
        index = index if index is not None else self.table.currentIndex()
        if not index.isValid() or not self.model.is_entry(index) or self._closed():
            return
        entry = self.model.entry(index)
        if entry is None:
            self._show_problem(self.tr("Fill in the cell before adding a note to it."))
            return
        row, item = self.model.row(index.row()), self.model.item(index.column())
        dialog = NoteDialog(
            f"{row.name} · {item.name}",
            entry.note,
            lambda note: self.model.set_note(index, note),
            parent=self,
        )
        open_dialog(self, dialog, lambda _accepted: self._update_state())

    def _context_menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        menu = QMenu(self)
        note = menu.addAction(self.tr("Note…"))
        note.setEnabled(index.isValid() and self.model.is_entry(index) and not self._closed())
        note.triggered.connect(lambda: self.edit_note(index))
        clear = menu.addAction(self.tr("Clear"))
        clear.setEnabled(not self._closed())
        clear.triggered.connect(self.clear_selected)
        undo = menu.addAction(self.tr("Undo"))
        undo.setEnabled(self.undo_button.isEnabled())
        undo.triggered.connect(self.undo)
        menu.popup(self.table.viewport().mapToGlobal(point))

    # ---------------------------------------------------------------------------------- actions

    def _locked_text(self) -> str:
        return self.tr("{0} is approved and locked; reopen it to correct an entry.").format(
            self.model.sheet.month.label
        )

    def submit(self) -> None:
        """Submit; blank manual cells (they count 0) are submitted only once the clerk agrees."""
        if self.model.sheet is None:
            return
        try:
            assessment_months.submit(
                self._db, self._month_ref(), actor=self._actor, loaded=self.model.sheet
            )
        except BlanksRefused as err:
            question = self.tr(
                "Manual items are still blank for: {0}. Blank cells count 0. Submit anyway?"
            ).format(err.named)
            if messages.confirm(self, question):
                self._act(
                    lambda month: assessment_months.submit(
                        self._db,
                        month,
                        actor=self._actor,
                        allow_blank=True,
                        loaded=self.model.sheet,
                    )
                )
            return
        except FengwangError as err:
            messages.show_error(self, err.message)
            return
        self._acted()

    def approve(self) -> None:
        sheet = self.model.sheet
        if sheet is None:
            return
        question = self.tr(
            "Approve {0}? The month is then locked: its results are kept as they are now."
        ).format(sheet.month.label)
        if messages.confirm(self, question):
            self._act(
                lambda month: assessment_months.approve(
                    self._db, month, actor=self._actor, loaded=self.model.sheet
                )
            )

    def reopen(self) -> None:
        sheet = self.model.sheet
        if sheet is None:
            return
        dialog = ReopenDialog(self._db, sheet, self._actor, self)
        open_dialog(self, dialog, lambda accepted: accepted and self._acted())

    def _act(self, action: Callable[[MonthRef], object]) -> None:
        if self.model.sheet is None:
            return
        try:
            action(self._month_ref())
        except FengwangError as err:
            messages.show_error(self, err.message)
            return
        self._acted()

    def _acted(self) -> None:
        self.reload()
        self.notice.emit(self.status_label.text())

    def print_report(self) -> None:
        """The month's assessment report for the township, to see, print or save."""
        from desktop.reports.request import ReportRequest
        from desktop.views.report_dialog import ReportDialog  # QtPdf loads with the first paper

        month = self.model.sheet.month
        codes = {unit.id: unit.code for unit in lookups.list_units(self._db)}
        request = ReportRequest(
            month=month.month,
            unit_code=codes.get(month.township_id),
            scheme_family=month.scheme.family_uid,
            today=self._today(),
            author=self._actor,
        )
        dialog = ReportDialog(self._db, "monthly-assessment", request, self._actor, self)
        open_dialog(self, dialog, lambda _accepted: None)

    # ---------------------------------------------------------------------------- workbooks

    def export_sheet(self) -> None:
        """Write the shown month's fill-in sheet for a village to fill offline."""
        from desktop.exchange.score_workbook import export_score_sheet
        from desktop.views import export_dialog

        month = self.model.sheet.month
        chosen = export_dialog.choose_save_path(
            self, self.tr("Export assessment sheet"), f"{month.label}考核表.xlsx"
        )
        if not chosen:
            return
        path = export_dialog.as_xlsx(chosen)
        family = month.scheme.family_uid
        in_background(
            self,
            self.tr("Exporting the sheet…"),
            lambda: export_score_sheet(
                self._db, path, month.township_id, month.month, scheme_family=family
            ),
            lambda sheet: self.notice.emit(
                self.tr("Exported the sheet of {0} workers to {1}").format(len(sheet.rows), path)
            ),
        )

    def import_sheet(self) -> None:
        """Import a filled-in sheet: a dry run first says what would be written, then the clerk
        confirms."""
        chosen = choose_open_path(self, self.tr("Import assessment sheet"))
        if chosen:
            self._run_import(Path(chosen), dry_run=True)

    def _run_import(self, path: Path, *, dry_run: bool) -> None:
        from desktop.exchange.score_workbook import import_score_sheet

        month = self.model.sheet.month
        family = month.scheme.family_uid
        in_background(
            self,
            self.tr("Checking the file…") if dry_run else self.tr("Importing…"),
            lambda: import_score_sheet(
                self._db,
                path,
                month.township_id,
                month.month,
                actor=self._actor,
                dry_run=dry_run,
                scheme_family=family,
            ),
            lambda result: self._tried(path, result) if dry_run else self._imported(result),
        )

    def _counts(self, result) -> str:
        return self.tr("{0} workers read: {1} cells to write, {2} unchanged, {3} refused.").format(
            result.read, result.written, result.unchanged, result.rejected
        )

    def _tried(self, path: Path, result) -> None:
        if not result.written:
            messages.show_info(self, self.tr("Nothing to import. {0}").format(self._counts(result)))
            if result.rejected:
                self._offer_report(result)
            return
        question = self.tr("Trial import of {0}: {1} Import the cells that passed?").format(
            path.name, self._counts(result)
        )
        if messages.confirm(self, question):
            self._run_import(path, dry_run=False)

    def _imported(self, result) -> None:
        self.reload()
        self.notice.emit(self.tr("Imported {0} cells.").format(result.written))
        if result.rejected:
            self._offer_report(result)

    def _offer_report(self, result) -> None:
        """Refused cells: offer the result workbook, which marks each with its reason."""
        from desktop.exchange.score_workbook import write_score_report
        from desktop.views import export_dialog

        question = self.tr("{0} cells were refused. Save the result workbook with the reasons?")
        if not messages.confirm(self, question.format(result.rejected)):
            return
        chosen = export_dialog.choose_save_path(
            self, self.tr("Save import result"), f"{result.month.label}考核表导入结果.xlsx"
        )
        if not chosen:
            return
        path = export_dialog.as_xlsx(chosen)
        in_background(
            self,
            self.tr("Saving the result…"),
            lambda: write_score_report(result, path),
            lambda _written: self.notice.emit(self.tr("Result saved to {0}").format(path)),
        )
