"""The list ↔ record pattern the 矛盾纠纷 and 预警 pages share: a list panel (filters, count,
table) and a one-record page (header, facts, records, a button per step) stacked in the first
tab of a page, so that a clerk moves list → record → list with Enter and Esc.

The subclasses name their filters, columns, facts and steps; what is here is the same for both.
Texts here are translated under their own contexts (QCoreApplication.translate): PySide's
`self.tr` looks a text up under the subclass's name, where lupdate never files it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.crashlog import log_exception
from desktop.errors import FengwangError
from desktop.services.grants import Permission
from desktop.views import messages, permissions
from desktop.views.dialogs import open_dialog
from desktop.views.look import RoomyRowsDelegate, emphasise
from desktop.views.record_table_model import RecordProxyModel, RecordRowsModel
from desktop.views.small_tables import TextRowsModel, small_table
from desktop.views.tabs import show_lazy_tab

if TYPE_CHECKING:
    from desktop.db import Database

T = TypeVar("T")


def when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" if moment is not None else ""


def refill(combo: QComboBox, everything: str, choices: Sequence[tuple[str, Any]]) -> None:
    """Fill a filter combo ("all" first, then the choices) keeping what the clerk had chosen,
    without announcing the change."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for text, data in choices:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
    combo.blockSignals(False)


# ------------------------------------------------------------------------------------ list panel


class RecordListPanel(QWidget):
    """The filters, the count and the table of records. A subclass makes its filters, sets the
    search hint and the new button's text, calls `_lay_out` and gives `refresh_choices`,
    `_load` (the records for the filters), `_filters` (what 清除筛选 resets), `_count_text` and
    `_cannot_read`."""

    open_requested = Signal(int)  # a record's id
    new_requested = Signal()

    def __init__(
        self, model: RecordRowsModel, proxy: RecordProxyModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.last_load_seconds = 0.0
        self.model = model
        self.model.setParent(self)
        self.proxy = proxy
        self.proxy.setParent(self)
        self.proxy.setSourceModel(self.model)

        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.installEventFilter(self)
        self.count_label = QLabel()
        self.new_button = QPushButton()
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.new_requested.emit)
        self.clear_button = QPushButton(
            QCoreApplication.translate("RecordListPanel", "Clear filters")
        )
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear_filters)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(RoomyRowsDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.activated.connect(self._on_activated)
        self.search_edit.textChanged.connect(self._on_search_changed)

    def _lay_out(
        self,
        *,
        widths: Mapping[int, int],
        stretch: int,
        combos: Sequence[tuple[str, QComboBox]],
        checks: Sequence[QCheckBox],
        before_clear: Sequence[QWidget] = (),
        combo_chars: int,
    ) -> None:
        """Columns `widths` wide with `stretch` taking the rest; the search box, the captioned
        combos and the check boxes on the first row; `before_clear`, 清除筛选, the count and the
        new button on the second."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in widths.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

        first = QHBoxLayout()
        first.addWidget(self.search_edit, 2)
        for caption, combo in combos:
            # Long names must not widen the window past a 1366-pixel screen.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(combo_chars)
            label = QLabel(caption)
            label.setBuddy(combo)
            first.addWidget(label)
            first.addWidget(combo, 1)
        for check in checks:
            first.addWidget(check)
        second = QHBoxLayout()
        for widget in before_clear:
            second.addWidget(widget)
        second.addWidget(self.clear_button)
        second.addSpacing(12)
        second.addWidget(self.count_label)
        second.addStretch(1)
        second.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.table, 1)

    # --------------------------------------------------------------------------------- filters

    def refresh_choices(self) -> None:
        """Fill the filters whose choices come from the data, keeping what was chosen."""
        raise NotImplementedError

    def _filters(self) -> Sequence[QComboBox | QCheckBox]:
        raise NotImplementedError

    def clear_filters(self) -> None:
        """Every combo to its first choice ("all"), every box unticked, the search emptied; the
        list is read once, at the end."""
        widgets = self._filters()
        for widget in widgets:
            widget.blockSignals(True)
        for widget in widgets:
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
            else:
                widget.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self._filters_cleared()
        self.search_edit.clear()
        self.reload()

    def _filters_cleared(self) -> None:
        """After the filters are reset without signals: fields that follow them catch up."""

    def set_search_text(self, text: str) -> None:
        self.search_edit.setText(text)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _on_search_changed(self, text: str) -> None:
        keep = self.selected_id()
        self.model.set_search(text)
        self._after_change(keep)

    # ---------------------------------------------------------------------------------- loading

    def _load(self) -> list:
        raise NotImplementedError

    def _cannot_read(self) -> str:
        raise NotImplementedError

    def _count_text(self) -> str:
        raise NotImplementedError

    def reload(self, select_id: int | None = None) -> None:
        """Read the records for the filters again, keeping (or moving to) the selected one."""
        keep = select_id if select_id is not None else self.selected_id()
        started = time.perf_counter()
        try:
            found = self._load()
        except FengwangError as err:
            messages.show_error(self, err.message)
            return
        except Exception as err:  # a broken database must not take the window down
            log_exception(err)
            messages.show_error(self, self._cannot_read())
            return
        self.model.set_records(found)
        self.last_load_seconds = time.perf_counter() - started
        self._after_change(keep)

    def _after_change(self, keep: int | None) -> None:
        self.select(keep)
        self.count_label.setText(self._count_text())

    # -------------------------------------------------------------------------------- selection

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.record(rows[0].row()).id if rows else None

    def select(self, record_id: int | None) -> bool:
        return select_row(
            self.table, self.proxy.row_of(record_id) if record_id is not None else None
        )

    def _on_activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(self.proxy.record(index.row()).id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down arrow in the search box goes to the results; the keyboard never has to leave."""
        if (
            watched is self.search_edit
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.proxy.rowCount()
        ):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.selected_id() is None:
                self.select(self.proxy.record(0).id)
            return True
        return super().eventFilter(watched, event)


# ----------------------------------------------------------------------------------- record page


def add_fact_rows(form: QFormLayout, rows: Sequence[tuple[str, str]]) -> dict[str, QLabel]:
    """A selectable, wrapping plain-text value per (key, caption) row; the labels by key."""
    labels: dict[str, QLabel] = {}
    for key, caption in rows:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        labels[key] = label
        form.addRow(caption, label)
    return labels


def facts_form(rows: Sequence[tuple[str, str]]) -> tuple[QFormLayout, dict[str, QLabel]]:
    """The record's facts: captions right-aligned at the top of each (long) value."""
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    return form, add_fact_rows(form, rows)


def facts_panel(parts: Sequence[QLayout | QWidget], minimum_width: int) -> QScrollArea:
    """The facts (and what goes under them) stacked top-down in a frameless scroll area."""
    inner = QWidget()
    box = QVBoxLayout(inner)
    box.setContentsMargins(0, 0, 6, 0)
    for part in parts:
        if isinstance(part, QLayout):
            box.addLayout(part)
        else:
            box.addWidget(part)
    box.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidget(inner)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setMinimumWidth(minimum_width)
    return scroll


class Step(Protocol):
    """A line of a record's timeline (services' StepInfo and WarningStepInfo)."""

    at: datetime
    actor: str
    label: str
    note: str
    status_from: Any
    status_to: Any
    level_from: Any
    level_to: Any


def step_row(step: Step) -> tuple[str, ...]:
    """A timeline row: a change of status or level is shown as "from → to"."""
    if step.status_from is None or step.status_from is step.status_to:
        status = step.status_to.label
    else:
        status = f"{step.status_from.label} → {step.status_to.label}"
    if step.level_from is not None and step.level_from is not step.level_to:
        to = step.level_to.label if step.level_to is not None else ""
        level = f"{step.level_from.label} → {to}"
    else:
        level = step.level_to.label if step.level_to is not None else ""
    return (when(step.at), step.actor, step.label, status, level, step.note)


class RecordPage(QWidget):
    """One record: the header (back, number, state), a button per step, the facts beside the
    records. A subclass gives the back button its tooltip, adds its buttons
    (`_add_action_buttons`), facts and records, then calls `_lay_out`; `take(action)` opens a
    step's dialog."""

    back_requested = Signal()
    changed = Signal(int)  # a step was taken on the record (its id): lists read it again
    dialog_opened = Signal(QDialog)

    def __init__(self, db: Database, *, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self.active_dialog: QDialog | None = None

        self.back_button = QPushButton(
            QCoreApplication.translate("RecordPage", "← Back to the list")
        )
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.back_requested.emit)
        back = QAction(self)
        back.setShortcuts([QKeySequence(Qt.Key.Key_Escape), QKeySequence("Alt+Left")])
        back.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.triggered.connect(self.back_requested.emit)
        self.addAction(back)
        self.title_label = emphasise(QLabel(), 1.2)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label = emphasise(QLabel())
        self.action_buttons: dict[Any, QPushButton] = {}
        self._button_row = QHBoxLayout()

    def _add_action_buttons(self, texts: Mapping[Enum, str]) -> None:
        """A button per step (shown when the step is allowed), then room for others."""
        for action, text in texts.items():
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, a=action: self.take(a))
            self.action_buttons[action] = button
            self._button_row.addWidget(button)
        self._button_row.addStretch(1)

    def _make_timeline(self) -> None:
        translate = QCoreApplication.translate
        self.timeline_model = TextRowsModel(
            [
                translate("RecordPage", "When"),
                translate("RecordPage", "Who"),
                translate("RecordPage", "Action"),
                translate("RecordPage", "Status"),
                translate("RecordPage", "Level"),
                translate("RecordPage", "Note"),
            ],
            self,
        )
        self.timeline_table = small_table(self.timeline_model, 5)

    def _lay_out(self, beside_title: Sequence[QLabel], sizes: tuple[int, int]) -> None:
        """Header, buttons, then `self._facts_panel` beside `self.records` split `sizes`."""
        title_row = QHBoxLayout()
        title_row.addWidget(self.back_button)
        title_row.addSpacing(8)
        title_row.addWidget(self.title_label)
        for label in beside_title:
            title_row.addSpacing(12)
            title_row.addWidget(label)
        title_row.addStretch(1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self._facts_panel)
        self.splitter.addWidget(self.records)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes(list(sizes))
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(title_row)
        layout.addLayout(self._button_row)
        layout.addWidget(self.splitter, 1)

    def _show_read(self, read: Callable[[], T], show: Callable[[T], None]) -> bool:
        """Read the record and show it; False (with a message) when it cannot be read."""
        try:
            record = read()
        except FengwangError as err:
            messages.show_error(self, err.message)
            return False
        show(record)
        return True

    def take(self, action: Any) -> None:
        raise NotImplementedError

    def apply_permissions(self) -> None:
        raise NotImplementedError

    def focus_actions(self) -> None:
        """Keyboard focus on the first action offered (or Back when there is none)."""
        for button in self.action_buttons.values():
            if not button.isHidden():
                button.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.back_button.setFocus(Qt.FocusReason.OtherFocusReason)


# ------------------------------------------------------------------------------ list and record


class ListAndRecordPage(QWidget):
    """A page whose first tab stacks a RecordListPanel and its RecordPage. A subclass adds its
    other tabs, gives `show_record(id)` (read into the record page) and `new_record()`, then
    calls `apply_permissions()` and `list_panel.reload()`."""

    notice = Signal(str)  # a short message for the status bar
    dialog_opened = Signal(QDialog)

    def __init__(
        self,
        db: Database,
        actor: str,
        list_panel: RecordListPanel,
        record_page: RecordPage,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._list_stale = False
        self._shown_before = False
        self.active_dialog: QDialog | None = None

        self.list_panel = list_panel
        self.record_page = record_page
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list_panel)
        self.stack.addWidget(self.record_page)
        self.tabs = QTabWidget()
        self.tabs.currentChanged.connect(self._on_tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)

        self.new_action = self._action(self.list_panel.new_button.text(), self.new_record, "Ctrl+N")
        self.list_panel.new_button.setToolTip(self.new_action.toolTip())
        self._action(
            QCoreApplication.translate("ListAndRecordPage", "Search"),
            self._focus_search,
            QKeySequence.StandardKey.Find,
        )
        self.list_panel.open_requested.connect(self.open_record)
        self.list_panel.new_requested.connect(self.new_record)
        self.record_page.back_requested.connect(self.show_list)
        self.record_page.changed.connect(self._on_record_changed)
        self.record_page.dialog_opened.connect(self.dialog_opened.emit)

    def apply_permissions(self) -> None:
        """Offer the logged-in user's role only what it may do (again when the user changes)."""
        permissions.gate(self._db, Permission.EDIT, self.new_action, self.list_panel.new_button)
        self.record_page.apply_permissions()

    def _action(self, text: str, slot: Callable[[], None], shortcut: QKeySequence | str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(
            f"{text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
        )
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # -------------------------------------------------------------------------------------- tabs

    def _on_tab_changed(self, position: int) -> None:
        show_lazy_tab(self.tabs, position)

    def reload(self) -> None:
        """Read the filters' choices and the list again (after settings, roster changes, an
        import or a sync)."""
        self.list_panel.refresh_choices()
        self.list_panel.reload()

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the page from another one shows the data as it now is."""
        if self._shown_before and self.stack.currentWidget() is self.list_panel:
            self.reload()
        self._shown_before = True
        super().showEvent(event)

    # ---------------------------------------------------------------------------- list ↔ record

    def show_record(self, record_id: int) -> bool:
        raise NotImplementedError

    def shown_id(self) -> int | None:
        raise NotImplementedError

    def open_record(self, record_id: int) -> None:
        if self.show_record(record_id):
            self.tabs.setCurrentWidget(self.stack)
            self.stack.setCurrentWidget(self.record_page)
            self.record_page.focus_actions()

    def show_list(self) -> None:
        shown = self.shown_id()
        if self._list_stale:
            self._list_stale = False
            self.list_panel.reload(shown)
        else:
            self.list_panel.select(shown)
        self.stack.setCurrentWidget(self.list_panel)
        self.list_panel.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_record_changed(self, _record_id: int) -> None:
        self._list_stale = True
        self.notice.emit(QCoreApplication.translate("ListAndRecordPage", "Saved."))

    def _focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.stack)
        self.show_list()
        self.list_panel.focus_search()

    # ------------------------------------------------------------------------------- new record

    def new_record(self) -> None:
        raise NotImplementedError

    def _open_new(
        self, dialog: QDialog, saved: Callable[[], Any], notice: Callable[[str], str]
    ) -> None:
        """Open the dialog that makes a record; once saved, show it in the list and say so."""

        def finished(accepted: bool) -> None:
            record = saved()
            if accepted and record is not None:
                self._show_new(record.id)
                self.notice.emit(notice(record.number))

        open_dialog(self, dialog, finished)

    def _show_new(self, record_id: int) -> None:
        self.tabs.setCurrentWidget(self.stack)
        self.stack.setCurrentWidget(self.list_panel)
        self.list_panel.reload(record_id)
        if self.list_panel.selected_id() != record_id:
            self.list_panel.clear_filters()  # the clerk wants to see what they just made
            self.list_panel.select(record_id)


def select_row(table: QTableView, row: int | None) -> bool:
    """Select and show the table's `row` (of its model), or clear the selection for None."""
    if row is None:
        table.clearSelection()
        return False
    index = table.model().index(row, 0)
    table.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    table.scrollTo(index)
    return True
