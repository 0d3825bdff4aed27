"""网格与花名册: the grid tree beside the roster table, with everything a clerk does to them.

The tree filters the table to a unit and everything below it (a top unit shows everyone). The
search box filters on every keystroke, without debouncing: RosterTableModel keeps that under
50 ms at 100,000 people. Dialogs open window-modal with open(), never exec(), so that the event
loop keeps running and tests can drive them; `active_dialog` is the one currently open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.crashlog import log_exception
from desktop.errors import FengwangError, RefusedError
from desktop.services import lookups
from desktop.services.grants import Permission
from desktop.services.lookups import RoleInfo, UnitInfo
from desktop.services.roster_index import (
    RosterFilter,
    RosterIndex,
    Status,
    count_people,
    load_roster,
)
from desktop.views import messages, permissions
from desktop.views.background import run_in_background
from desktop.views.dialogs import open_dialog
from desktop.views.look import RoomyRowsDelegate, emphasise, subdue
from desktop.views.record_pages import select_row
from desktop.views.roster_table_model import (
    CITIZEN_ID,
    GENDER,
    NAME,
    PHONE,
    ROLES,
    SINCE,
    STATUS,
    UNITS,
    RosterProxyModel,
    RosterTableModel,
)
from desktop.views.unit_tree_model import LEVEL_COLUMN, NAME_COLUMN, UnitTreeModel
from desktop.vocabulary import Level

if TYPE_CHECKING:
    from desktop.db import Database
    from desktop.services.roster import PersonInfo


class RosterPage(QWidget):
    # A roster larger than this shows its first FIRST_PAGE people at once and loads the whole
    # in the background: reading 100,000 people takes longer than opening the window itself.
    FIRST_PAGE = 300

    loaded = Signal()  # units, roles and the roster (or its first page) are loaded and shown
    roster_completed = Signal()  # the whole roster is loaded: search and filters see everyone
    units_changed = Signal()  # a unit was added, edited, moved or deleted
    notice = Signal(str)  # a short message for the status bar
    dialog_opened = Signal(QDialog)

    def __init__(self, db: Database, parent: QWidget | None = None, *, actor: str = "") -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor  # who prints the roster (its 制表人 line)
        self._roles: list[RoleInfo] = []
        self._generation = 0  # the latest roster load; older results arriving late are dropped
        self._after_next_paint: list[Callable[[], None]] = []
        self.roster_complete = False
        self.active_dialog: QDialog | None = None

        self.tree_model = UnitTreeModel(self)
        self.model = RosterTableModel(self)
        self.proxy = RosterProxyModel(self)
        self.proxy.setSourceModel(self.model)

        self._make_actions()
        self._make_tree_panel()
        self._make_roster_panel()

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self._tree_panel)
        self.splitter.addWidget(self._roster_panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([270, 900])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)
        self.apply_permissions()

    # ---------------------------------------------------------------------------------- layout

    def _action(
        self, text: str, slot: Callable[[], None], shortcut: QKeySequence | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(
                f"{text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            )
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work while the page is shown, wherever the focus is
        return action

    def _make_actions(self) -> None:
        self.new_person_action = self._action(self.tr("New person"), self.new_person, "Ctrl+N")
        self.edit_person_action = self._action(self.tr("Edit"), self.edit_person, "F2")
        self.assign_action = self._action(self.tr("Assign post"), self.assign_role, "Ctrl+R")
        self.end_action = self._action(self.tr("End post"), self.end_assignment, "Ctrl+E")
        self.new_unit_action = self._action(self.tr("New unit"), self.new_unit, "Ctrl+Shift+N")
        self.edit_unit_action = self._action(self.tr("Edit unit"), self.edit_unit)
        self.move_unit_action = self._action(self.tr("Move unit"), self.move_unit)
        self.delete_unit_action = self._action(self.tr("Delete unit"), self.delete_unit)
        self.focus_search_action = self._action(
            self.tr("Search"), self.focus_search, QKeySequence.StandardKey.Find
        )

    def _make_tree_panel(self) -> None:
        self.tree_view = QTreeView()
        self.tree_view.setModel(self.tree_model)
        self.tree_view.setUniformRowHeights(True)
        self.tree_view.setItemDelegate(RoomyRowsDelegate(self.tree_view))
        self.tree_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in (
            self.new_unit_action,
            self.edit_unit_action,
            self.move_unit_action,
            self.delete_unit_action,
        ):
            self.tree_view.addAction(action)
        header = self.tree_view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(LEVEL_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self.tree_view.selectionModel().currentChanged.connect(self._on_unit_changed)
        self.tree_view.doubleClicked.connect(lambda _index: self.edit_unit())

        buttons = QGridLayout()
        buttons.setSpacing(4)
        for position, action in enumerate(
            (
                self.new_unit_action,
                self.edit_unit_action,
                self.move_unit_action,
                self.delete_unit_action,
            )
        ):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            buttons.addWidget(button, position // 2, position % 2)

        self._tree_panel = QWidget()
        layout = QVBoxLayout(self._tree_panel)
        layout.setContentsMargins(0, 0, 0, 0)
        title = emphasise(QLabel(self.tr("Grid")))
        layout.addWidget(title)
        layout.addWidget(self.tree_view, 1)
        layout.addLayout(buttons)
        self._tree_panel.setMinimumWidth(200)

    def _make_roster_panel(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Name, pinyin initials, ID or phone"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(200)
        self.search_edit.textChanged.connect(self._on_search_changed)
        # Down arrow goes from the search box to the results, so the keyboard never has to leave.
        # A shortcut rather than an event filter: a filter would route every event of the box
        # through Python, which start-up pays for.
        to_results = QAction(self.search_edit)
        to_results.setShortcut(QKeySequence(Qt.Key.Key_Down))
        to_results.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        to_results.triggered.connect(self._go_to_results)
        self.search_edit.addAction(to_results)

        self.role_combo = QComboBox()
        self.role_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.role_combo.addItem(self.tr("All posts"), None)
        self.role_combo.currentIndexChanged.connect(self._apply_filter)

        self.status_combo = QComboBox()
        for text, status in (
            (self.tr("All"), Status.ALL),
            (self.tr("In post"), Status.ACTIVE),
            (self.tr("Left"), Status.ENDED),
            (self.tr("No post"), Status.UNASSIGNED),
        ):
            self.status_combo.addItem(text, status)
        self.status_combo.currentIndexChanged.connect(self._apply_filter)

        self.count_label = QLabel()
        # an empty table says why, and how to look further
        self.empty_label = subdue(QLabel())
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        search_label = QLabel(self.tr("Searc&h"))
        search_label.setBuddy(self.search_edit)
        role_label = QLabel(self.tr("P&ost"))
        role_label.setBuddy(self.role_combo)
        status_label = QLabel(self.tr("Stat&us"))
        status_label.setBuddy(self.status_combo)

        filters = QHBoxLayout()
        filters.addWidget(search_label)
        filters.addWidget(self.search_edit, 2)
        filters.addSpacing(8)
        filters.addWidget(role_label)
        filters.addWidget(self.role_combo)
        filters.addSpacing(8)
        filters.addWidget(status_label)
        filters.addWidget(self.status_combo)
        filters.addStretch(1)
        filters.addWidget(self.count_label)

        actions = QHBoxLayout()
        self.person_buttons: dict[str, QPushButton] = {}
        self._button_actions = {
            "new": self.new_person_action,
            "edit": self.edit_person_action,
            "assign": self.assign_action,
            "end": self.end_action,
        }
        for key, action in self._button_actions.items():
            button = QPushButton(action.text())
            button.setToolTip(action.toolTip())
            button.setAutoDefault(False)
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
            actions.addWidget(button)
            self.person_buttons[key] = button
        actions.addStretch(1)
        self.print_button = QPushButton(self.tr("Print roster…"))
        self.print_button.setToolTip(self.tr("The roster of the unit chosen in the grid tree"))
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_roster)
        actions.addWidget(self.print_button)

        self.table = QTableView()
        # Our own viewport, held here: asking the view for its viewport() would make PySide look
        # up the widget's class among every QWidget subclass, a cost start-up would pay.
        self.table_viewport = QWidget()
        self.table.setViewport(self.table_viewport)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setCornerButtonEnabled(False)
        # Fixed row heights: the view never measures rows, which keeps 100,000 rows instant.
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        vertical.hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = self.fontMetrics()
        for column, sample in (
            (NAME, "欧阳某某某"),
            (GENDER, "性别"),
            (CITIZEN_ID, "511922********1234"),
            (PHONE, "0827-****4567"),
            (ROLES, "专职网格员、人民调解员"),
            (UNITS, "青山村第一网格、示例镇"),
            (SINCE, "2024-01-01"),
            (STATUS, "已离任"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # index order until clicked
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(self._on_row_double_clicked)
        # A mouse click makes the row current before it selects it: follow both.
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        # Enter on a row edits it (a table-only shortcut, so Enter elsewhere keeps its meaning).
        open_action = QAction(self)
        open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_action.triggered.connect(self.edit_person_action.trigger)
        self.table.addAction(open_action)

        self._roster_panel = QWidget()
        layout = QVBoxLayout(self._roster_panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)

    # ----------------------------------------------------------------------------------- state

    @property
    def units(self) -> list[UnitInfo]:
        return self.tree_model.units()

    @property
    def roles(self) -> list[RoleInfo]:
        return list(self._roles)

    def selected_unit(self) -> UnitInfo | None:
        return self.tree_model.unit(self.tree_view.currentIndex())

    def selected_person_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.proxy.person_id(index.row())

    def select_person(self, person_id: int | None) -> bool:
        row = self.proxy.row_of_person(person_id) if person_id is not None else None
        shown = select_row(self.table, row)
        if not shown:
            self._update_actions()
        return shown

    def select_unit(self, unit_id: int | None) -> None:
        index = self.tree_model.index_of(unit_id) if unit_id is not None else QModelIndex()
        if index.isValid():
            self.tree_view.setCurrentIndex(index)
            self.tree_view.scrollTo(index)
        else:
            self.tree_view.setCurrentIndex(QModelIndex())

    # ---------------------------------------------------------------------------------- loading

    def load(self) -> None:
        """Read units, roles and the roster (at start, and after changes to units)."""
        unit_id = self.selected_unit().id if self.selected_unit() else None
        expanded = self._expanded_ids()
        units = lookups.list_units(self._db)
        self._roles = lookups.list_roles(self._db)
        self.tree_model.set_units(units)
        if expanded:
            for expanded_id in expanded:
                self.tree_view.setExpanded(self.tree_model.index_of(expanded_id), True)
        else:
            self._expand_to(Level.VILLAGE)
        self._fill_role_combo()
        self.select_unit(unit_id)
        self.reload_roster()
        self.loaded.emit()

    def reload_roster(self, select_person_id: int | None = None) -> None:
        """Reload the roster index after a change, keeping (or moving to) the selected person.

        A large roster is read on a worker thread; until it arrives the table keeps what it shows
        (at start, the first page) and the count says it is still loading."""
        keep = select_person_id if select_person_id is not None else self.selected_person_id()
        self._generation += 1
        if count_people(self._db) <= self.FIRST_PAGE:
            self._show_roster(load_roster(self._db), keep)
            return
        self.roster_complete = False
        first_page = not len(self.model.roster)
        if first_page:
            self.model.set_index(load_roster(self._db, first=self.FIRST_PAGE))
        generation = self._generation

        def read_all() -> RosterIndex:
            index = load_roster(self._db)
            index.prepare_search()
            return index

        def arrived(index: RosterIndex) -> None:
            if generation == self._generation:
                self._show_roster(index, keep if keep is not None else self.selected_person_id())

        def failed(err: Exception) -> None:
            if generation == self._generation:
                log_exception(err)
                messages.show_error(
                    self, self.tr("Cannot read the roster; the details were written to the log.")
                )

        def start() -> None:
            run_in_background(self, read_all, arrived, failed)

        self._after_filter(keep)
        if self.table.isVisible() and first_page:
            self.call_after_next_paint(start)  # the reader would compete with painting for the GIL
        else:
            start()

    def call_after_next_paint(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the table has next been painted (e.g. the first page on screen)."""
        self._after_next_paint.append(callback)
        self.table_viewport.installEventFilter(self)

    def _show_roster(self, index: RosterIndex, keep: int | None) -> None:
        self.model.set_index(index)
        self.roster_complete = True
        self._after_filter(keep)
        self.roster_completed.emit()

    def _expanded_ids(self) -> list[int]:
        found = []
        for unit in self.tree_model.units():
            if self.tree_view.isExpanded(self.tree_model.index_of(unit.id)):
                found.append(unit.id)
        return found

    def _expand_to(self, level: Level) -> None:
        """Open the tree down to villages: a township's villages are what clerks look for."""
        order = list(Level)
        for unit in self.tree_model.units():
            if order.index(unit.level) < order.index(level):
                self.tree_view.setExpanded(self.tree_model.index_of(unit.id), True)

    def reload_roles(self) -> None:
        """After the role catalogue changed: the filter lists every role again."""
        self._roles = lookups.list_roles(self._db)
        self._fill_role_combo()

    def _fill_role_combo(self) -> None:
        current = self.role_combo.currentData()
        self.role_combo.blockSignals(True)
        self.role_combo.clear()
        self.role_combo.addItem(self.tr("All posts"), None)
        for role in self._roles:
            self.role_combo.addItem(role.name, role.id)
        position = self.role_combo.findData(current)
        self.role_combo.setCurrentIndex(max(position, 0))
        self.role_combo.blockSignals(False)

    # -------------------------------------------------------------------------------- filtering

    def set_search_text(self, text: str) -> None:
        """Filter as if the clerk had typed `text` (benchmarks call this directly)."""
        if self.search_edit.text() != text:
            self.search_edit.setText(text)  # textChanged filters
        else:
            self._apply_filter()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def current_filter(self) -> RosterFilter:
        unit = self.selected_unit()
        units = None
        if unit is not None and not self.tree_model.is_top(unit.id):
            units = self.tree_model.subtree(unit.id)
        return RosterFilter(
            units=units,
            role_id=self.role_combo.currentData(),
            # QVariant hands the enum back as a plain str; RosterIndex compares by identity.
            status=Status(self.status_combo.currentData() or Status.ALL),
            text=self.search_edit.text(),
        )

    def _on_search_changed(self, _text: str) -> None:
        self._apply_filter()

    def _on_unit_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._apply_filter()
        self._update_actions()

    def _apply_filter(self) -> None:
        keep = self.selected_person_id()
        self.model.set_filter(self.current_filter())
        self._after_filter(keep)

    def _after_filter(self, keep: int | None) -> None:
        self.select_person(keep)
        count = self.proxy.rowCount()
        self.count_label.setText(
            self.tr("Total: {0}").format(count)
            if self.roster_complete
            else self.tr("Loading… {0} shown").format(count)
        )
        self._explain_empty(count)
        self._update_actions()

    def _explain_empty(self, count: int) -> None:
        if count or not self.roster_complete:
            self.empty_label.hide()
            return
        unit = self.selected_unit()
        where = unit.name if unit is not None else self.tr("the whole grid")
        text = self.search_edit.text().strip()
        self.empty_label.setText(
            self.tr(
                "No one in {0} matches “{1}”. Search by name, pinyin initials (such as zsf), the "
                "last digits of an ID number or a phone; choose a unit higher in the tree to "
                "search more widely."
            ).format(where, text)
            if text
            else self.tr("No one in {0} with the post and status chosen.").format(where)
        )
        self.empty_label.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Work waiting for the table to be painted starts once it is on screen."""
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            for callback in self._after_next_paint:
                QTimer.singleShot(0, callback)  # after this paint completes
            self._after_next_paint.clear()
        return False

    def _go_to_results(self) -> None:
        if not self.proxy.rowCount():
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.selected_person_id() is None:
            self.select_person(self.proxy.person_id(0))

    def apply_permissions(self) -> None:
        """Offer the logged-in user's role only what it may do (again when the user changes)."""
        changing = (
            self.new_person_action,
            self.edit_person_action,
            self.assign_action,
            self.end_action,
            self.new_unit_action,
            self.edit_unit_action,
            self.move_unit_action,
            self.delete_unit_action,
        )
        permissions.gate(self._db, Permission.EDIT, *changing, *self.person_buttons.values())
        permissions.gate(self._db, Permission.PRINT, self.print_button)
        self._update_actions()

    def _update_actions(self) -> None:
        person = self.selected_person_id() is not None
        for action in (self.edit_person_action, self.assign_action, self.end_action):
            permissions.enable(action, person)
        permissions.enable(self.new_person_action, True)
        unit = self.selected_unit()
        permissions.enable(self.new_unit_action, unit is None or unit.level.child is not None)
        permissions.enable(self.edit_unit_action, unit is not None)
        permissions.enable(self.delete_unit_action, unit is not None)
        permissions.enable(
            self.move_unit_action, unit is not None and unit.level.parent is not None
        )
        for key, action in self._button_actions.items():
            self.person_buttons[key].setEnabled(action.isEnabled())

    # ---------------------------------------------------------------------------------- dialogs

    def _open(self, dialog: QDialog, on_accepted: Callable[[QDialog], None]) -> None:
        """Show a dialog window-modal without blocking; act on Save."""
        open_dialog(self, dialog, lambda accepted: on_accepted(dialog) if accepted else None)

    def print_roster(self) -> None:
        """The roster of the unit chosen in the tree (the township when none is, or the county),
        to see, print or save; reportlab and QtPdf load now, not at start-up."""
        from desktop.reports.request import ReportRequest
        from desktop.views.report_dialog import ReportDialog

        unit = self.selected_unit()
        within = unit is not None and unit.level is not Level.COUNTY  # the county: its township
        request = ReportRequest(unit_code=unit.code if within else None)
        dialog = ReportDialog(self._db, "roster", request, self._actor, self)
        open_dialog(self, dialog, lambda _accepted: None)

    def _person_or_warn(self) -> PersonInfo | None:
        from desktop.services import roster  # the ORM loads on the first change, not at start

        person_id = self.selected_person_id()
        if person_id is None:
            return None
        try:
            return roster.get_person(self._db, person_id)
        except FengwangError as err:
            messages.show_error(self, err.message)
            self.reload_roster()
            return None

    def _default_unit_id(self) -> int | None:
        unit = self.selected_unit()
        return unit.id if unit else None

    def _on_row_double_clicked(self, index: QModelIndex) -> None:
        self.select_person(self.proxy.person_id(index.row()))
        if self.edit_person_action.isEnabled():  # a role that only reads opens nothing to edit
            self.edit_person()

    def new_person(self) -> None:
        from desktop.views.person_dialog import PersonDialog  # dialogs load on first use

        dialog = PersonDialog(
            self._db,
            units=self.units,
            roles=self._roles,
            default_unit_id=self._default_unit_id(),
            parent=self,
        )
        self._open(dialog, self._person_saved)

    def edit_person(self) -> None:
        from desktop.views.person_dialog import PersonDialog

        person = self._person_or_warn()
        if person is None:
            return
        dialog = PersonDialog(
            self._db, units=self.units, roles=self._roles, person=person, parent=self
        )
        self._open(dialog, self._person_saved)

    def _person_saved(self, dialog: QDialog) -> None:
        person_id = dialog.saved_person_id
        self.reload_roster(person_id)
        if self.selected_person_id() != person_id and self.search_edit.text():
            self.search_edit.clear()  # the clerk wants to see whom they just saved
            self.select_person(person_id)
        if self.selected_person_id() != person_id:
            self.notice.emit(self.tr("Saved. The current filter hides this person."))
        else:
            self.notice.emit(self.tr("Saved."))

    def assign_role(self) -> None:
        from desktop.views.assignment_dialog import AssignRoleDialog

        person = self._person_or_warn()
        if person is None:
            return
        dialog = AssignRoleDialog(
            self._db,
            person,
            units=self.units,
            roles=self._roles,
            default_unit_id=self._default_unit_id(),
            parent=self,
        )
        self._open(dialog, lambda _d: self._roster_changed(person.id))

    def end_assignment(self) -> None:
        from desktop.views.assignment_dialog import EndAssignmentDialog

        person = self._person_or_warn()
        if person is None:
            return
        open_ones = [held for held in person.assignments if held.end_date is None]
        if not open_ones:
            messages.show_info(
                self, self.tr("{0} holds no post that could end.").format(person.name)
            )
            return
        dialog = EndAssignmentDialog(self._db, person, open_ones, units=self.units, parent=self)
        self._open(dialog, lambda _d: self._roster_changed(person.id))

    def _roster_changed(self, person_id: int) -> None:
        self.reload_roster(person_id)
        self.notice.emit(self.tr("Saved."))

    def new_unit(self) -> None:
        from desktop.views.unit_dialog import UnitDialog

        parent_unit = self.selected_unit()
        if parent_unit is not None and parent_unit.level.child is None:
            messages.show_info(self, self.tr("A micro-grid has no units below it."))
            return
        dialog = UnitDialog(self._db, units=self.units, parent_unit=parent_unit, parent=self)
        self._open(dialog, self._unit_saved)

    def edit_unit(self) -> None:
        from desktop.views.unit_dialog import UnitDialog

        unit = self.selected_unit()
        if unit is None:
            return
        dialog = UnitDialog(self._db, units=self.units, unit=unit, parent=self)
        self._open(dialog, self._unit_saved)

    def _unit_saved(self, dialog: QDialog) -> None:
        parent_id = self.selected_unit().id if self.selected_unit() else None
        self.load()
        if parent_id is not None:
            self.tree_view.setExpanded(self.tree_model.index_of(parent_id), True)
        self.select_unit(dialog.saved_unit_id)
        self.units_changed.emit()
        self.notice.emit(self.tr("Saved."))

    def move_unit(self) -> None:
        from desktop.views.unit_dialog import MoveUnitDialog

        unit = self.selected_unit()
        if unit is None or unit.level.parent is None:
            return
        dialog = MoveUnitDialog(self._db, unit, units=self.units, parent=self)

        def moved(_dialog: QDialog) -> None:
            self.load()
            self.select_unit(unit.id)
            self.units_changed.emit()
            self.notice.emit(self.tr("Moved."))

        self._open(dialog, moved)

    def delete_unit(self) -> None:
        unit = self.selected_unit()
        if unit is None:
            return
        question = self.tr("Delete “{0}” ({1})? This cannot be undone.").format(
            unit.name, unit.level.label
        )
        if not messages.confirm(self, question):
            return
        from desktop.services import grid

        try:
            grid.delete_unit(self._db, unit.id)
        except RefusedError as err:
            messages.show_warning(self, err.message)
            return
        except FengwangError as err:
            messages.show_error(self, err.message)
            return
        self.select_unit(unit.parent_id)
        self.load()
        self.units_changed.emit()
        self.notice.emit(self.tr("Deleted."))
