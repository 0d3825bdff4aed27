"""Changing a password: a user's own (the old one asked again) or, for an administrator, anyone's
(a forgotten password; the reset also lifts a lock)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

from desktop.services import access
from desktop.views.form import FormDialog
from desktop.views.login_dialog import password_field, password_rules
from desktop.views.look import subdue

if TYPE_CHECKING:
    from desktop.db import Database


class PasswordDialog(FormDialog):
    def __init__(
        self, db: Database, name: str, *, reset: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._name = name
        self._reset = reset
        if reset:
            self.setWindowTitle(self.tr("Reset the password of {0}").format(name))
        else:
            self.setWindowTitle(self.tr("Change my password"))
        self.old_edit = password_field()
        self.new_edit = password_field()
        self.again_edit = password_field()
        if not reset:
            self.form.add_field("old", self.tr("&Current password"), self.old_edit)
        self.form.add_field("new", self.tr("&New password"), self.new_edit)
        self.form.add_field("again", self.tr("New password &again"), self.again_edit)
        rules = subdue(QLabel(password_rules()))
        rules.setWordWrap(True)
        self.form.addRow("", rules)
        self.finish_layout(440)

    def save(self) -> None:
        new = self.new_edit.text()
        if new != self.again_edit.text():
            self.form.show_errors({"again": self.tr("The two passwords differ")})
            return
        if self._reset:
            self.save_with(lambda: access.reset_password(self._db, self._name, new))
        else:
            old = self.old_edit.text()
            self.save_with(lambda: access.change_password(self._db, self._name, old, new))
