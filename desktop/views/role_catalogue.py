"""岗位目录: the roles people can hold. The seed practice's roles are built in; a township adds
its own (e.g. 平安志愿者) here, and they appear in every role list at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import FengwangError, ValidationError
from desktop.services import lookups
from desktop.services.grants import Permission
from desktop.views import permissions
from desktop.views.form import make_error_label

if TYPE_CHECKING:
    from desktop.db import Database


class RoleCatalogue(QGroupBox):
    roles_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Roles"), parent)
        self._db = db
        self._loaded = False
        self.role_list = QListWidget()
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("New role, e.g. 平安志愿者"))
        self.name_edit.setMaxLength(20)
        self.add_button = QPushButton(self.tr("&Add role"))
        self.error_label = make_error_label()
        self.name_edit.returnPressed.connect(self.add_role)
        self.add_button.clicked.connect(self.add_role)

        row = QHBoxLayout()
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.role_list, 1)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        self.apply_permissions()

    def apply_permissions(self) -> None:
        """The catalogue is a setting: others read it."""
        permissions.gate(self._db, Permission.SETTINGS, self.name_edit, self.add_button)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._loaded:  # read on first view, not at start-up
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        self._loaded = True
        self.role_list.clear()
        for role in lookups.list_roles(self._db):
            self.role_list.addItem(
                role.name if not role.builtin else self.tr("{0} (built in)").format(role.name)
            )

    def add_role(self) -> None:
        from desktop.services.roster import add_role  # the ORM loads on first write

        try:
            add_role(self._db, self.name_edit.text())
        except ValidationError as err:
            self._show_error(err.fields.get("name", err.message))
            return
        except FengwangError as err:
            self._show_error(err.message)
            return
        self._show_error("")
        self.name_edit.clear()
        self.reload()
        self.role_list.setCurrentRow(self.role_list.count() - 1)
        self.roles_changed.emit()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
