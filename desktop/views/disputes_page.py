"""矛盾纠纷: the case list with its filters and the case page (案件), the month's figures (统计)
and the mediators' workload (调解员).

The structural filters (status, category, level, mediator, overdue, 待回访, received period) ask
services.cases.list_cases again; the search box filters the loaded rows on every keystroke. The
case page replaces the list in the same tab, so that a clerk moves list → case → list with Enter
and Esc. The 统计 and 调解员 tabs are built the first time they are shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSignalBlocker,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.crashlog import log_exception
from desktop.errors import FengwangError
from desktop.services import case_settings, case_stats, cases, lookups, mediators
from desktop.services.cases import CaseFilter
from desktop.services.grants import Permission
from desktop.views import messages, permissions
from desktop.views.case_actions import Today
from desktop.views.case_page import CasePage
from desktop.views.case_table_model import (
    CATEGORY,
    DUE,
    LEVEL,
    NUMBER,
    PARTIES,
    PLACE,
    RECEIVED,
    STATUS,
    CaseProxyModel,
    CaseTableModel,
)
from desktop.views.dialogs import open_dialog
from desktop.views.look import RoomyRowsDelegate
from desktop.views.tabs import LazyTab, show_lazy_tab
from desktop.views.widgets import DateEdit
from desktop.vocabulary import CaseStatus, HandlingLevel

if TYPE_CHECKING:
    from desktop.db import Database

MONTHS_LISTED = 36  # the period combo offers this many recent months
OPEN = "open"  # the status filter's "still being worked on"
ALL_TIME, CUSTOM = "all", "custom"


class CaseListPanel(QWidget):
    """The filters, the count and the table of cases."""

    open_requested = Signal(int)  # a case id
    new_requested = Signal()

    def __init__(self, db: Database, *, today: Today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._today = today
        self.last_load_seconds = 0.0
        self.model = CaseTableModel(self)
        self.proxy = CaseProxyModel(self)
        self.proxy.setSourceModel(self.model)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Number, party name or initials, ID, phone"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(230)
        self.search_edit.installEventFilter(self)
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("All statuses"), None)
        self.status_combo.addItem(self.tr("Open"), OPEN)
        for status in CaseStatus:
            self.status_combo.addItem(status.label, status.value)
        self.category_combo = QComboBox()
        self.level_combo = QComboBox()
        self.level_combo.addItem(self.tr("All levels"), None)
        for level in HandlingLevel:
            self.level_combo.addItem(level.label, level.value)
        self.mediator_combo = QComboBox()
        self.overdue_box = QCheckBox(self.tr("O&verdue only"))
        self.follow_up_box = QCheckBox(self.tr("&Follow-up due"))
        self.follow_up_box.setToolTip(
            self.tr("Settled cases not yet visited whose follow-up visit is due soon or overdue")
        )
        self.period_combo = QComboBox()
        self.from_edit = DateEdit(blank_text=self.tr("Any"))
        self.to_edit = DateEdit(blank_text=self.tr("Any"))
        self.count_label = QLabel()
        self.new_button = QPushButton(self.tr("Register a case"))
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.new_requested.emit)
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear_filters)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(RoomyRowsDelegate(parent=self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        widths = {NUMBER: 160, RECEIVED: 92, CATEGORY: 110, PLACE: 150, PARTIES: 150}
        widths |= {STATUS: 70, LEVEL: 50, DUE: 150}
        for column, width in widths.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(PARTIES, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._on_activated)

        for combo in (
            self.status_combo,
            self.category_combo,
            self.level_combo,
            self.mediator_combo,
        ):
            # Long category names must not widen the window past a 1366-pixel screen.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)
        first = QHBoxLayout()
        first.addWidget(self.search_edit, 2)
        for caption, combo in (
            (self.tr("&Status"), self.status_combo),
            (self.tr("Ca&tegory"), self.category_combo),
            (self.tr("&Level"), self.level_combo),
            (self.tr("&Mediator"), self.mediator_combo),
        ):
            label = QLabel(caption)
            label.setBuddy(combo)
            first.addWidget(label)
            first.addWidget(combo, 1)
        first.addWidget(self.overdue_box)
        first.addWidget(self.follow_up_box)
        second = QHBoxLayout()
        period_label = QLabel(self.tr("&Received"))
        period_label.setBuddy(self.period_combo)
        second.addWidget(period_label)
        second.addWidget(self.period_combo)
        second.addWidget(self.from_edit)
        self.range_dash = QLabel("—")
        second.addWidget(self.range_dash)
        second.addWidget(self.to_edit)
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

        self._fill_choices()
        self._update_period_fields()
        for combo in (
            self.status_combo,
            self.category_combo,
            self.level_combo,
            self.mediator_combo,
        ):
            combo.currentIndexChanged.connect(self.reload)
        self.period_combo.currentIndexChanged.connect(self._on_period_changed)
        self.from_edit.dateChanged.connect(self.reload)
        self.to_edit.dateChanged.connect(self.reload)
        self.overdue_box.toggled.connect(lambda on: self._on_check(self.follow_up_box, on))
        self.follow_up_box.toggled.connect(lambda on: self._on_check(self.overdue_box, on))
        self.search_edit.textChanged.connect(self._on_search_changed)

    # --------------------------------------------------------------------------------- filters

    def _fill_choices(self) -> None:
        self.refresh_choices()
        self.period_combo.addItem(self.tr("All time"), ALL_TIME)
        year, month = self._today().year, self._today().month
        for _ in range(MONTHS_LISTED):
            self.period_combo.addItem(f"{year}-{month:02d}", (year, month))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        self.period_combo.addItem(self.tr("Date range…"), CUSTOM)

    def refresh_choices(self) -> None:
        """Fill the category and mediator filters from the data as it now is (settings or the
        roster may have changed them), keeping what the clerk had chosen."""
        fills = (
            (
                self.category_combo,
                self.tr("All categories"),
                [(c.name, c.id) for c in case_settings.list_categories(self._db)],
            ),
            (
                self.mediator_combo,
                self.tr("All mediators"),
                [
                    (m.name, m.person_id)
                    for m in mediators.list_mediators(self._db, today=self._today())
                ],
            ),
        )
        for combo, everything, choices in fills:
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for text, data in choices:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)

    def _on_period_changed(self) -> None:
        self._update_period_fields()
        self.reload()

    def _update_period_fields(self) -> None:
        custom = self.period_combo.currentData() == CUSTOM
        for widget in (self.from_edit, self.range_dash, self.to_edit):
            widget.setVisible(custom)

    def current_filter(self) -> CaseFilter:
        period = self.period_combo.currentData()
        start = end = None
        if isinstance(period, tuple | list):
            start, end = case_stats.month_bounds(*period)
        elif period == CUSTOM:
            start, end = self.from_edit.value(), self.to_edit.value()
        status = self.status_combo.currentData()
        level = self.level_combo.currentData()
        return CaseFilter(
            received_from=start,
            received_to=end,
            status=CaseStatus(status) if status not in (None, OPEN) else None,
            open_only=status == OPEN,
            category_id=self.category_combo.currentData(),
            level=HandlingLevel(level) if level else None,
            mediator_id=self.mediator_combo.currentData(),
            overdue_only=self.overdue_box.isChecked(),
            follow_up_due_only=self.follow_up_box.isChecked(),
        )

    def _on_check(self, other: QCheckBox, checked: bool) -> None:
        """超期 is about open cases and 待回访 about settled ones: together they would list
        nothing, so ticking one clears the other."""
        if checked and other.isChecked():
            with QSignalBlocker(other):
                other.setChecked(False)
        self.reload()

    def clear_filters(self) -> None:
        widgets = (
            self.status_combo,
            self.category_combo,
            self.level_combo,
            self.mediator_combo,
            self.period_combo,
            self.overdue_box,
            self.follow_up_box,
        )
        for widget in widgets:
            widget.blockSignals(True)
        for combo in widgets[:-2]:
            combo.setCurrentIndex(0)
        self.overdue_box.setChecked(False)
        self.follow_up_box.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self._update_period_fields()
        self.search_edit.clear()
        self.reload()

    def set_search_text(self, text: str) -> None:
        self.search_edit.setText(text)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _on_search_changed(self, text: str) -> None:
        keep = self.selected_case_id()
        self.model.set_search(text)
        self._after_change(keep)

    # ---------------------------------------------------------------------------------- loading

    def reload(self, select_case_id: int | None = None) -> None:
        """Read the cases for the filters again, keeping (or moving to) the selected case."""
        keep = select_case_id if select_case_id is not None else self.selected_case_id()
        started = time.perf_counter()
        try:
            found = cases.list_cases(
                self._db, self.current_filter(), today=self._today(), full=False
            )
        except FengwangError as err:
            messages.show_error(self, err.message)
            return
        except Exception as err:  # a broken database must not take the window down
            log_exception(err)
            messages.show_error(self, self.tr("Cannot read the cases; see the log."))
            return
        self.model.set_cases(found)
        self.last_load_seconds = time.perf_counter() - started
        self._after_change(keep)

    def _after_change(self, keep: int | None) -> None:
        self.select_case(keep)
        if self.follow_up_box.isChecked():  # these are concluded: no conclusion is overdue
            text = self.tr("Total: {0} cases, {1} follow-up visits overdue").format(
                self.proxy.rowCount(), self.model.follow_ups_overdue_count()
            )
        else:
            text = self.tr("Total: {0} cases, {1} overdue").format(
                self.proxy.rowCount(), self.model.overdue_count()
            )
        self.count_label.setText(text)

    # -------------------------------------------------------------------------------- selection

    def selected_case_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.case(rows[0].row()).id if rows else None

    def select_case(self, case_id: int | None) -> bool:
        row = self.proxy.row_of_case(case_id) if case_id is not None else None
        if row is None:
            self.table.clearSelection()
            return False
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _on_activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(self.proxy.case(index.row()).id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down arrow in the search box goes to the results; the keyboard never has to leave."""
        if (
            watched is self.search_edit
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.proxy.rowCount()
        ):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.selected_case_id() is None:
                self.select_case(self.proxy.case(0).id)
            return True
        return super().eventFilter(watched, event)


class DisputesPage(QWidget):
    notice = Signal(str)  # a short message for the status bar
    dialog_opened = Signal(QDialog)

    def __init__(
        self,
        db: Database,
        actor: str,
        parent: QWidget | None = None,
        *,
        today: Today = date.today,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._today = today
        self._list_stale = False
        self._shown_before = False
        self.active_dialog: QDialog | None = None

        self.list_panel = CaseListPanel(db, today=today)
        self.case_page = CasePage(db, actor=actor, today=today)
        self.cases_stack = QStackedWidget()
        self.cases_stack.addWidget(self.list_panel)
        self.cases_stack.addWidget(self.case_page)

        self.dashboard_tab = LazyTab(self._build_dashboard)
        self.workload_tab = LazyTab(self._build_workload)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.cases_stack, self.tr("Cases"))
        self.tabs.addTab(self.dashboard_tab, self.tr("Statistics"))
        self.tabs.addTab(self.workload_tab, self.tr("Mediators"))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)

        self.new_case_action = self._action(self.tr("Register a case"), self.new_case, "Ctrl+N")
        self.list_panel.new_button.setToolTip(self.new_case_action.toolTip())
        self._action(self.tr("Search"), self._focus_search, QKeySequence.StandardKey.Find)
        self.list_panel.open_requested.connect(self.open_case)
        self.list_panel.new_requested.connect(self.new_case)
        self.case_page.back_requested.connect(self.show_list)
        self.case_page.changed.connect(self._on_case_changed)
        self.case_page.dialog_opened.connect(self.dialog_opened.emit)

        self.apply_permissions()
        self.list_panel.reload()

    def apply_permissions(self) -> None:
        """Offer the logged-in user's role only what it may do (again when the user changes)."""
        permissions.gate(
            self._db, Permission.EDIT, self.new_case_action, self.list_panel.new_button
        )
        self.case_page.apply_permissions()
        for tab in (self.dashboard_tab, self.workload_tab):
            if tab.content is not None:
                tab.content.apply_permissions()

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

    def _build_dashboard(self) -> QWidget:
        from desktop.views.case_dashboard import CaseDashboard

        return CaseDashboard(self._db, today=self._today)

    def _build_workload(self) -> QWidget:
        from desktop.views.mediator_workload import MediatorWorkload

        return MediatorWorkload(self._db, today=self._today)

    def _on_tab_changed(self, position: int) -> None:
        show_lazy_tab(self.tabs, position)

    def reload(self) -> None:
        """Read the filters' choices and the list again (after settings, roster changes, an
        import or a sync)."""
        self.list_panel.refresh_choices()
        self.list_panel.reload()

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the page from another one shows the data as it now is."""
        if self._shown_before and self.cases_stack.currentWidget() is self.list_panel:
            self.reload()
        self._shown_before = True
        super().showEvent(event)

    # ------------------------------------------------------------------------------ list ↔ case

    def open_case(self, case_id: int) -> None:
        if self.case_page.show_case(case_id):
            self.cases_stack.setCurrentWidget(self.case_page)
            self.case_page.focus_actions()

    def show_list(self) -> None:
        shown = self.case_page.case.id if self.case_page.case is not None else None
        if self._list_stale:
            self._list_stale = False
            self.list_panel.reload(shown)
        else:
            self.list_panel.select_case(shown)
        self.cases_stack.setCurrentWidget(self.list_panel)
        self.list_panel.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_case_changed(self, _case_id: int) -> None:
        self._list_stale = True
        self.notice.emit(self.tr("Saved."))

    def _focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.cases_stack)
        self.show_list()
        self.list_panel.focus_search()

    # --------------------------------------------------------------------------------- new case

    def new_case(self) -> None:
        from desktop.views.case_form import NewCaseDialog  # loads on first use

        dialog = NewCaseDialog(
            self._db,
            units=lookups.list_units(self._db),
            actor=self._actor,
            today=self._today,
            parent=self,
        )

        def finished(accepted: bool) -> None:
            if accepted and dialog.saved_case is not None:
                self._case_registered(dialog.saved_case.id, dialog.saved_case.number)

        open_dialog(self, dialog, finished)

    def _case_registered(self, case_id: int, number: str) -> None:
        self.tabs.setCurrentWidget(self.cases_stack)
        self.cases_stack.setCurrentWidget(self.list_panel)
        self.list_panel.reload(case_id)
        if self.list_panel.selected_case_id() != case_id:
            self.list_panel.clear_filters()  # the clerk wants to see what they just registered
            self.list_panel.select_case(case_id)
        self.notice.emit(self.tr("Registered {0}.").format(number))
