"""用户 under 设置: the accounts with their role and state, adding one, changing a role,
disabling and enabling, resetting a forgotten password, and the idle-lock minutes.

Every button calls the service, which refuses what the acting user's role does not allow; the
refusal is shown above the list, so a non-administrator sees why nothing changed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import FengwangError
from desktop.services import access, security_settings
from desktop.services.access import Permission, Role, UserInfo
from desktop.services.lookups import list_townships
from desktop.views.dialogs import open_dialog
from desktop.views.form import ErrorForm, FormDialog, make_error_label
from desktop.views.list_model import ListTableModel
from desktop.views.login_dialog import password_field, password_rules
from desktop.views.look import RoomyRowsDelegate, subdue
from desktop.views.password_dialog import PasswordDialog
from desktop.views.read_on_show import ReadWhenFirstShown
from desktop.views.settings_panel import save_settings

if TYPE_CHECKING:
    from desktop.db import Database


WORKS_IN = 3  # the column of the township an account works in


def state_label(user: UserInfo, at: datetime) -> str:
    if not user.active:
        return "停用"
    return "已锁定" if user.locked(at) else "在用"


class UsersModel(ListTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = [
            self.tr("User name"),
            self.tr("Role"),
            self.tr("State"),
            self.tr("Works in"),
        ]
        self._users: list[UserInfo] = []
        self._states: list[str] = []

    def items(self) -> Sequence[UserInfo]:
        return self._users

    def set_users(self, users: list[UserInfo], at: datetime) -> None:
        self.beginResetModel()
        self._users = users
        self._states = [state_label(user, at) for user in users]
        self.endResetModel()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        user = self._users[index.row()]
        township = user.township_name or self.tr("All townships")
        return (user.name, user.role.label, self._states[index.row()], township)[index.column()]


class AddUserDialog(FormDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.setWindowTitle(self.tr("Add a user"))
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(40)
        self.role_combo = role_combo()
        self.role_combo.setCurrentIndex(self.role_combo.findData(Role.CLERK))
        self.password_edit = password_field()
        self.again_edit = password_field()
        self.form.add_field("name", self.tr("&User name"), self.name_edit)
        self.form.add_field("role", self.tr("&Role"), self.role_combo)
        # In a county database, the township the account works in (a township's own
        # administrator adds accounts of that township only, and is not asked).
        self.township_combo = QComboBox(self)
        self.township_combo.addItem(self.tr("All townships (a county account)"), None)
        townships = list_townships(db) if db.actor is None or db.actor.township_id is None else []
        for township in townships:
            self.township_combo.addItem(township.name, township.id)
        if len(townships) > 1:
            self.form.add_field("township", self.tr("&Works in"), self.township_combo)
        else:
            self.township_combo.hide()
        self.form.add_field("password", self.tr("&Password"), self.password_edit)
        self.form.add_field("again", self.tr("Password &again"), self.again_edit)
        rules = subdue(QLabel(password_rules()))
        rules.setWordWrap(True)
        self.form.addRow("", rules)
        self.finish_layout(460)

    def save(self) -> None:
        password = self.password_edit.text()
        if password != self.again_edit.text():
            self.form.show_errors({"again": self.tr("The two passwords differ")})
            return
        name, role = self.name_edit.text(), self.role_combo.currentData()
        township = self.township_combo.currentData()
        self.save_with(
            lambda: access.create_user(self._db, name, role, password, township_id=township)
        )


def role_combo() -> QComboBox:
    combo = QComboBox()
    for role in Role:
        combo.addItem(role.label, role)
    return combo


class UsersPanel(ReadWhenFirstShown, QWidget):
    idle_minutes_saved = Signal(int)
    dialog_opened = Signal(QDialog)

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._now = now
        self.active_dialog: QDialog | None = None

        self.refusal_label = make_error_label()
        self.model = UsersModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setItemDelegate(RoomyRowsDelegate(self.table))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_selection)

        self.add_button = QPushButton(self.tr("&Add a user…"))
        self.add_button.clicked.connect(self.add_user)
        self.role_combo = role_combo()
        self.role_button = QPushButton(self.tr("Change &role"))
        self.role_button.clicked.connect(self.change_role)
        # In a county database seen whole: move the selected account to another township.
        self.works_in_combo = QComboBox()
        self.works_in_combo.addItem(self.tr("All townships"), None)
        self.works_in_button = QPushButton(self.tr("Change &township"))
        self.works_in_button.clicked.connect(self.change_township)
        self.active_button = QPushButton(self.tr("&Disable"))
        self.active_button.clicked.connect(self.toggle_active)
        self.reset_button = QPushButton(self.tr("Reset &password…"))
        self.reset_button.clicked.connect(self.reset_password)
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addSpacing(16)
        actions.addWidget(QLabel(self.tr("Selected user:")))
        actions.addWidget(self.role_combo)
        actions.addWidget(self.role_button)
        actions.addWidget(self.works_in_combo)
        actions.addWidget(self.works_in_button)
        actions.addWidget(self.active_button)
        actions.addWidget(self.reset_button)
        actions.addStretch(1)

        lock_box = QGroupBox(self.tr("Idle lock"))
        self.lock_form = ErrorForm()
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(0, 999)  # the service says which values are allowed
        self.idle_spin.setSuffix(self.tr(" minutes"))
        self.idle_spin.setMaximumWidth(
            self.idle_spin.fontMetrics().horizontalAdvance("000" + self.idle_spin.suffix()) + 40
        )
        self.lock_form.add_field(
            "idle_minutes", self.tr("Lock the window after no use for"), self.idle_spin
        )
        self.idle_button = QPushButton(self.tr("&Save"))
        self.idle_button.clicked.connect(self.save_idle_minutes)
        self.idle_saved_label = subdue(QLabel())
        idle_row = QHBoxLayout()
        idle_row.addWidget(self.idle_button)
        idle_row.addWidget(self.idle_saved_label, 1)
        lock_layout = QVBoxLayout(lock_box)
        lock_layout.addLayout(self.lock_form)
        lock_layout.addLayout(idle_row)

        roles = subdue(
            QLabel(
                self.tr(
                    "{0}: everything, users and settings. {1}: enter and edit data, imports and "
                    "exports. {2}: read, approve assessments, print reports. {3}: read only, ID "
                    "numbers and phones masked."
                ).format(*(role.label for role in Role))
            )
        )
        roles.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.refusal_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(roles)
        layout.addWidget(lock_box)
        self._on_selection()

    def reload(self) -> None:
        self._loaded = True
        chosen = self.selected_user()
        self.model.set_users(access.list_users(self._db), self._now())
        # Where each account works matters only in a county database; a township's own
        # administrator does not move accounts.
        townships = list_townships(self._db)
        self.table.setColumnHidden(WORKS_IN, len(townships) <= 1)
        county = self._db.actor is None or self._db.actor.township_id is None
        while self.works_in_combo.count() > 1:
            self.works_in_combo.removeItem(1)
        for township in townships:
            self.works_in_combo.addItem(township.name, township.id)
        for widget in (self.works_in_combo, self.works_in_button):
            widget.setVisible(len(townships) > 1 and county)
        self.select_user(chosen.name if chosen else None)
        self.idle_spin.setValue(security_settings.idle_minutes(self._db))

    def selected_user(self) -> UserInfo | None:
        row = self.table.currentIndex().row()
        users = self.model.items()
        return users[row] if 0 <= row < len(users) else None

    def select_user(self, name: str | None) -> None:
        rows = [i for i, user in enumerate(self.model.items()) if user.name == name]
        if rows:
            self.table.setCurrentIndex(self.model.index(rows[0], 0))
        else:
            self.table.clearSelection()
            self.table.setCurrentIndex(QModelIndex())
        self._on_selection()

    def _on_selection(self) -> None:
        user = self.selected_user()
        for widget in (
            self.role_combo,
            self.role_button,
            self.works_in_combo,
            self.works_in_button,
            self.active_button,
            self.reset_button,
        ):
            widget.setEnabled(user is not None)
        if user is None:
            return
        self.role_combo.setCurrentIndex(self.role_combo.findData(user.role))
        self.works_in_combo.setCurrentIndex(self.works_in_combo.findData(user.township_id))
        self.active_button.setText(self.tr("&Enable") if not user.active else self.tr("&Disable"))

    def _run(self, action: Callable[[], object]) -> bool:
        """Call the service; a refusal is shown above the list. True when it went through."""
        self.refusal_label.hide()
        try:
            action()
        except FengwangError as err:
            self.refusal_label.setText(err.message)
            self.refusal_label.show()
            return False
        return True

    def _may_manage(self) -> bool:
        """Say at once, before any typing, when the acting user may not manage accounts."""
        return self._run(lambda: access.require(self._db, Permission.USERS))

    def add_user(self) -> None:
        if not self._may_manage():
            return
        dialog = AddUserDialog(self._db, self)
        open_dialog(self, dialog, lambda added: self.reload() if added else None)

    def change_role(self) -> None:
        user = self.selected_user()
        role = self.role_combo.currentData()
        if self._run(lambda: access.set_role(self._db, user.name, role, active=user.active)):
            self.reload()

    def change_township(self) -> None:
        user = self.selected_user()
        township = self.works_in_combo.currentData()
        if self._run(lambda: access.set_township(self._db, user.name, township)):
            self.reload()

    def toggle_active(self) -> None:
        user = self.selected_user()
        if self._run(
            lambda: access.set_role(self._db, user.name, user.role, active=not user.active)
        ):
            self.reload()

    def reset_password(self) -> None:
        user = self.selected_user()
        if not self._may_manage():
            return
        dialog = PasswordDialog(self._db, user.name, reset=True, parent=self)
        open_dialog(self, dialog, lambda reset: self.reload() if reset else None)

    def save_idle_minutes(self) -> None:
        self.idle_saved_label.clear()
        self.lock_form.clear_errors()
        minutes = self.idle_spin.value()
        if not save_settings(
            self.lock_form, lambda: security_settings.save_idle_minutes(self._db, minutes)
        ):
            return
        self.idle_saved_label.setText(self.tr("Saved."))
        self.idle_minutes_saved.emit(minutes)
