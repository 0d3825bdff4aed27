"""调解员工作量: per mediator, the cases open, overdue and concluded this month, and where the
clerk sets what each mediator is good at (擅长类别), which the assignment dialog ranks by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import case_settings, mediators
from desktop.services.grants import Permission
from desktop.services.mediators import MediatorInfo, WorkloadRow
from desktop.services.pinyin import initials
from desktop.views import permissions
from desktop.views.dialogs import open_dialog
from desktop.views.form import ERROR_COLOR, FormDialog
from desktop.views.list_model import ListTableModel
from desktop.views.look import RoomyRowsDelegate, emphasise, subdue
from desktop.views.read_on_show import ReadWhenFirstShown

if TYPE_CHECKING:
    from desktop.db import Database
    from desktop.views.case_actions import Today

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_BRUSH = QBrush(QColor(ERROR_COLOR))


@dataclass(frozen=True)
class MediatorLoad:
    mediator: MediatorInfo | None  # None: no longer in a mediator post, still on open cases
    load: WorkloadRow


class WorkloadModel(ListTableModel):
    NAME, COMMITTEE, PLACE, SPECIALTIES, OPEN, OVERDUE, CLOSED = range(7)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._overdue_font = QFont()  # made with the model: a QFont wants the application
        self._overdue_font.setBold(True)
        self.headers = [
            self.tr("Name"),
            self.tr("Committee"),
            self.tr("Serves at"),
            self.tr("Specialties"),
            self.tr("Open"),
            self.tr("Overdue"),
            self.tr("Concluded this month"),
        ]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._value(row, column)
            return str(value) if isinstance(value, int) else value
        if role == SORT_ROLE:  # names by pinyin, as clerks look them up; counts as numbers
            value = self._value(row, column)
            return initials(value) + value if column == self.NAME else value
        if column == self.OVERDUE and row.load.overdue:
            if role == Qt.ItemDataRole.ForegroundRole:
                return OVERDUE_BRUSH
            if role == Qt.ItemDataRole.FontRole:
                return self._overdue_font
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= self.OPEN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.SPECIALTIES:
            return self._value(row, column) or None
        return None

    def _value(self, row: MediatorLoad, column: int) -> str | int:
        mediator, load = row.mediator, row.load
        return (
            load.name,
            load.committee,
            "、".join(mediator.unit_names) if mediator else "",
            "、".join(mediator.specialties) if mediator else "",
            load.open,
            load.overdue,
            load.closed_this_month,
        )[column]


class SpecialtiesDialog(FormDialog):
    """Tick the categories a mediator is good at."""

    def __init__(self, db: Database, mediator: MediatorInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self._mediator = mediator
        self.setWindowTitle(self.tr("Specialties of {0}").format(mediator.name))
        self.category_list = QListWidget()
        for category in case_settings.list_categories(db):
            item = QListWidgetItem(category.name)
            item.setData(Qt.ItemDataRole.UserRole, category.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = category.id in mediator.specialty_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.category_list.addItem(item)
        self.category_list.setCurrentRow(0)
        self.category_list.setMinimumHeight(340)
        self.form.add_field("specialties", self.tr("&Good at"), self.category_list)
        self.finish_layout(360)
        self.category_list.setFocus()

    def checked_ids(self) -> list[int]:
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in map(self.category_list.item, range(self.category_list.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def save(self) -> None:
        self.save_with(
            lambda: mediators.set_specialties(
                self._db, self._mediator.person_id, self.checked_ids()
            )
        )


class MediatorWorkload(ReadWhenFirstShown, QWidget):
    """The workload table; `today` (for tests) fixes the day overdue and this month are judged on."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, today: Today = date.today
    ) -> None:
        super().__init__(parent)
        self._db = db
        self.today = today
        self.active_dialog: QDialog | None = None

        self.title = emphasise(QLabel(self.tr("Mediator workload")), scale=1.2)
        self.as_of_label = subdue(QLabel())
        self.specialties_button = QPushButton(self.tr("&Specialties…"))
        self.specialties_button.clicked.connect(self.edit_specialties)
        self.model = WorkloadModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(RoomyRowsDelegate(self.table))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(WorkloadModel.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WorkloadModel.SPECIALTIES, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.edit_specialties)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.as_of_label)
        top.addStretch(1)
        top.addWidget(self.specialties_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.apply_permissions()

    def apply_permissions(self) -> None:
        """Specialties are part of the township's settings."""
        permissions.gate(self._db, Permission.SETTINGS, self.specialties_button)

    def reload(self) -> None:
        self._loaded = True
        today = self.today()
        chosen = self.selected_mediator()
        infos = {m.person_id: m for m in mediators.list_mediators(self._db, today=today)}
        self.model.set_rows(
            [
                MediatorLoad(infos.get(row.person_id), row)
                for row in mediators.workload(self._db, today=today)
            ]
        )
        self.as_of_label.setText(
            self.tr("as of {0}; concluded since {1}").format(
                f"{today:%Y-%m-%d}", f"{today.replace(day=1):%Y-%m-%d}"
            )
        )
        self.select(chosen.person_id if chosen else None)

    def names(self) -> list[str]:
        """The 姓名 column top to bottom, as sorted on screen."""
        return [self.proxy.index(row, 0).data() for row in range(self.proxy.rowCount())]

    def select(self, person_id: int | None) -> None:
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0))
            if self.model.rows[source.row()].load.person_id == person_id:
                self.table.selectRow(row)
                return
        if self.proxy.rowCount():
            self.table.selectRow(0)

    def selected_mediator(self) -> MediatorInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.rows[self.proxy.mapToSource(rows[0]).row()].mediator

    def edit_specialties(self) -> None:
        mediator = self.selected_mediator()
        if mediator is None or not self.specialties_button.isEnabled():
            return
        dialog = SpecialtiesDialog(self._db, mediator, self)
        open_dialog(self, dialog, lambda accepted: self.reload() if accepted else None)
