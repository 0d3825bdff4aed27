"""预警派单: the warning list with its filters and one warning's page (预警), the month's figures
(月度统计) and the grid's coverage (网格覆盖).

As on the 矛盾纠纷 page, the structural filters (month, status, type, urgency, overdue) ask
services.warnings.list_warnings again and the search box filters the loaded rows on every
keystroke; the warning's page replaces the list in the same tab (Enter opens, Esc goes back).
The page's clock is `now` (tests fix it): overdue states and every step are judged and stamped
by it. A warning turned into a case is opened through `open_case`, which the main window routes
to the 矛盾纠纷 page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
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
from desktop.services import lookups, warnings
from desktop.services.grants import Permission
from desktop.services.warning_settings import list_warning_types
from desktop.services.warnings import WarningFilter
from desktop.views import messages, permissions
from desktop.views.dialogs import open_dialog
from desktop.views.look import RoomyRowsDelegate
from desktop.views.tabs import LazyTab, show_lazy_tab
from desktop.views.warning_actions import Now, wall_clock
from desktop.views.warning_month_view import MONTHS_LISTED, month_of, months_back
from desktop.views.warning_page import WarningPage
from desktop.views.warning_table_model import (
    DESCRIPTION,
    DUE,
    LEVEL,
    NUMBER,
    PLACE,
    REPORTED,
    STATUS,
    TARGET,
    TYPE,
    URGENCY,
    WarningProxyModel,
    WarningTableModel,
)
from desktop.vocabulary import URGENCIES, WarningStatus

if TYPE_CHECKING:
    from desktop.db import Database

OPEN = "open"  # the status filter's "still being handled"


class WarningListPanel(QWidget):
    """The filters, the count and the table of warnings."""

    open_requested = Signal(int)  # a warning id
    new_requested = Signal()

    def __init__(self, db: Database, *, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._now = now
        self.model = WarningTableModel(self)
        self.proxy = WarningProxyModel(self)
        self.proxy.setSourceModel(self.model)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Number, place, description, reporter"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(200)
        self.search_edit.installEventFilter(self)
        self.month_combo = QComboBox()
        self.month_combo.addItem(self.tr("All months"), None)
        for first in months_back(now().date(), MONTHS_LISTED):
            self.month_combo.addItem(f"{first:%Y-%m}", first.isoformat())
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("All statuses"), None)
        self.status_combo.addItem(self.tr("Open"), OPEN)
        for status in WarningStatus:
            self.status_combo.addItem(status.label, status.value)
        self.type_combo = QComboBox()
        self.urgency_combo = QComboBox()
        self.urgency_combo.addItem(self.tr("All urgencies"), None)
        for urgency in URGENCIES:
            self.urgency_combo.addItem(urgency, urgency)
        self.overdue_box = QCheckBox(self.tr("O&verdue only"))
        self.count_label = QLabel()
        self.new_button = QPushButton(self.tr("Report a warning"))
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
        widths = {NUMBER: 180, REPORTED: 118, TYPE: 70, URGENCY: 60, PLACE: 140}
        widths |= {DESCRIPTION: 160, STATUS: 64, TARGET: 90, LEVEL: 64, DUE: 190}
        for column, width in widths.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._on_activated)

        combos = (self.month_combo, self.status_combo, self.type_combo, self.urgency_combo)
        for combo in combos:
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(5)
        first = QHBoxLayout()
        first.addWidget(self.search_edit, 2)
        for caption, combo in (
            (self.tr("&Month"), self.month_combo),
            (self.tr("&Status"), self.status_combo),
            (self.tr("&Type"), self.type_combo),
            (self.tr("&Urgency"), self.urgency_combo),
        ):
            label = QLabel(caption)
            label.setBuddy(combo)
            first.addWidget(label)
            first.addWidget(combo, 1)
        first.addWidget(self.overdue_box)
        second = QHBoxLayout()
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

        self.refresh_choices()
        for combo in combos:
            combo.currentIndexChanged.connect(self.reload)
        self.overdue_box.toggled.connect(self.reload)
        self.search_edit.textChanged.connect(self._on_search_changed)

    # --------------------------------------------------------------------------------- filters

    def refresh_choices(self) -> None:
        """Fill the type filter from the list as it now is, keeping what was chosen."""
        chosen = self.type_combo.currentData()
        self.type_combo.blockSignals(True)
        self.type_combo.clear()
        self.type_combo.addItem(self.tr("All types"), None)
        for kind in list_warning_types(self._db):
            self.type_combo.addItem(kind.name, kind.id)
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(chosen)))
        self.type_combo.blockSignals(False)

    def current_filter(self) -> WarningFilter:
        status = self.status_combo.currentData()
        return WarningFilter(
            month=month_of(self.month_combo.currentData()),
            status=WarningStatus(status) if status not in (None, OPEN) else None,
            open_only=status == OPEN,
            type_id=self.type_combo.currentData(),
            urgency=self.urgency_combo.currentData(),
            overdue_only=self.overdue_box.isChecked(),
        )

    def clear_filters(self) -> None:
        combos = (self.month_combo, self.status_combo, self.type_combo, self.urgency_combo)
        for widget in (*combos, self.overdue_box):
            widget.blockSignals(True)
        for combo in combos:
            combo.setCurrentIndex(0)
        self.overdue_box.setChecked(False)
        for widget in (*combos, self.overdue_box):
            widget.blockSignals(False)
        self.search_edit.clear()
        self.reload()

    def set_search_text(self, text: str) -> None:
        self.search_edit.setText(text)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _on_search_changed(self, text: str) -> None:
        keep = self.selected_warning_id()
        self.model.set_search(text)
        self._after_change(keep)

    # ---------------------------------------------------------------------------------- loading

    def reload(self, select_warning_id: int | None = None) -> None:
        """Read the warnings for the filters again, keeping (or moving to) the selected one."""
        keep = select_warning_id if select_warning_id is not None else self.selected_warning_id()
        try:
            found = warnings.list_warnings(self._db, self.current_filter(), now=self._now())
        except FengwangError as err:
            messages.show_error(self, err.message)
            return
        except Exception as err:  # a broken database must not take the window down
            log_exception(err)
            messages.show_error(self, self.tr("Cannot read the warnings; see the log."))
            return
        self.model.set_warnings(found)
        self._after_change(keep)

    def _after_change(self, keep: int | None) -> None:
        self.select_warning(keep)
        self.count_label.setText(
            self.tr("Total: {0} warnings, {1} overdue, {2} urgent still open").format(
                self.proxy.rowCount(), self.model.overdue_count(), self.model.urgent_open_count()
            )
        )

    # -------------------------------------------------------------------------------- selection

    def selected_warning_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.warning(rows[0].row()).id if rows else None

    def select_warning(self, warning_id: int | None) -> bool:
        row = self.proxy.row_of_warning(warning_id) if warning_id is not None else None
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
        self.open_requested.emit(self.proxy.warning(index.row()).id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down arrow in the search box goes to the results; the keyboard never has to leave."""
        if (
            watched is self.search_edit
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.proxy.rowCount()
        ):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.selected_warning_id() is None:
                self.select_warning(self.proxy.warning(0).id)
            return True
        return super().eventFilter(watched, event)


class CoverageTab(QWidget):
    """The coverage view in a lazy tab, read again on every showing (a roster change in
    between may have closed a gap)."""

    def __init__(self, db: Database, *, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.views.coverage_view import CoverageView  # loads with the tab

        self.view = CoverageView(db, today=lambda: now().date())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def reload(self) -> None:
        self.view.load()


class WarningsPage(QWidget):
    notice = Signal(str)  # a short message for the status bar
    open_case = Signal(int)  # a dispute case to show on the 矛盾纠纷 page
    open_unit = Signal(str)  # the code of a unit whose coverage gap is fixed in the roster
    dialog_opened = Signal(QDialog)

    def __init__(
        self,
        db: Database,
        actor: str,
        parent: QWidget | None = None,
        *,
        now: Now = wall_clock,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._now = now
        self._list_stale = False
        self._shown_before = False
        self.active_dialog: QDialog | None = None

        self.list_panel = WarningListPanel(db, now=now)
        self.warning_page = WarningPage(db, actor=actor, now=now)
        self.warnings_stack = QStackedWidget()
        self.warnings_stack.addWidget(self.list_panel)
        self.warnings_stack.addWidget(self.warning_page)

        self.month_tab = LazyTab(self._build_month_view)
        self.coverage_tab = LazyTab(self._build_coverage)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.warnings_stack, self.tr("Warnings"))
        self.tabs.addTab(self.month_tab, self.tr("Month"))
        self.tabs.addTab(self.coverage_tab, self.tr("Grid coverage"))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)

        self.new_action = self._action(self.tr("Report a warning"), self.new_warning, "Ctrl+N")
        self.list_panel.new_button.setToolTip(self.new_action.toolTip())
        self._action(self.tr("Search"), self._focus_search, QKeySequence.StandardKey.Find)
        self.list_panel.open_requested.connect(self.open_warning)
        self.list_panel.new_requested.connect(self.new_warning)
        self.warning_page.back_requested.connect(self.show_list)
        self.warning_page.changed.connect(self._on_warning_changed)
        self.warning_page.open_case.connect(self.open_case.emit)
        self.warning_page.dialog_opened.connect(self.dialog_opened.emit)

        self.apply_permissions()
        self.list_panel.reload()

    def apply_permissions(self) -> None:
        """Offer the logged-in user's role only what it may do (again when the user changes)."""
        permissions.gate(self._db, Permission.EDIT, self.new_action, self.list_panel.new_button)
        self.warning_page.apply_permissions()

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

    def _build_month_view(self) -> QWidget:
        from desktop.views.warning_month_view import WarningMonthView

        return WarningMonthView(self._db, now=self._now)

    def _build_coverage(self) -> QWidget:
        tab = CoverageTab(self._db, now=self._now)
        tab.view.unit_chosen.connect(self.open_unit.emit)
        return tab

    def _on_tab_changed(self, position: int) -> None:
        show_lazy_tab(self.tabs, position)

    def reload(self) -> None:
        """Read the type filter and the list again (after settings, an import or a sync)."""
        self.list_panel.refresh_choices()
        self.list_panel.reload()

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the page from another one shows the data as it now is."""
        if self._shown_before and self.warnings_stack.currentWidget() is self.list_panel:
            self.reload()
        self._shown_before = True
        super().showEvent(event)

    # --------------------------------------------------------------------------- list ↔ warning

    def open_warning(self, warning_id: int) -> None:
        if self.warning_page.show_warning(warning_id):
            self.tabs.setCurrentWidget(self.warnings_stack)
            self.warnings_stack.setCurrentWidget(self.warning_page)
            self.warning_page.focus_actions()

    def show_list(self) -> None:
        shown = self.warning_page.warning.id if self.warning_page.warning is not None else None
        if self._list_stale:
            self._list_stale = False
            self.list_panel.reload(shown)
        else:
            self.list_panel.select_warning(shown)
        self.warnings_stack.setCurrentWidget(self.list_panel)
        self.list_panel.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_warning_changed(self, _warning_id: int) -> None:
        self._list_stale = True
        self.notice.emit(self.tr("Saved."))

    def _focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.warnings_stack)
        self.show_list()
        self.list_panel.focus_search()

    # ------------------------------------------------------------------------------ new warning

    def new_warning(self) -> None:
        from desktop.views.warning_form import NewWarningDialog  # loads on first use

        dialog = NewWarningDialog(
            self._db,
            units=lookups.list_units(self._db),
            actor=self._actor,
            now=self._now,
            parent=self,
        )

        def finished(accepted: bool) -> None:
            if accepted and dialog.saved is not None:
                self._reported(dialog.saved.id, dialog.saved.number)

        open_dialog(self, dialog, finished)

    def _reported(self, warning_id: int, number: str) -> None:
        self.tabs.setCurrentWidget(self.warnings_stack)
        self.warnings_stack.setCurrentWidget(self.list_panel)
        self.list_panel.reload(warning_id)
        if self.list_panel.selected_warning_id() != warning_id:
            self.list_panel.clear_filters()  # the clerk wants to see what they just reported
            self.list_panel.select_warning(warning_id)
        self.notice.emit(self.tr("Reported {0}.").format(number))
