"""Log-in at start: the first start of a database without accounts sets up its administrator;
every later start asks for a user name and password. Cancel means quit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QWidget

from desktop.errors import FengwangError
from desktop.services import access
from desktop.services.access import Role
from desktop.views.form import FormDialog
from desktop.views.look import subdue

if TYPE_CHECKING:
    from desktop.db import Database

LAST_USER_KEY = "login/last_user"  # per computer: the name of who logged in last


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(128)
    return field


def password_rules() -> str:
    """The rules access.check_password applies, said before the user types."""
    return QCoreApplication.translate(
        "password", "A password has at least {0} characters, with both letters and digits."
    ).format(access.MIN_PASSWORD_LENGTH)


class FirstAdminDialog(FormDialog):
    """The first start of a database: create the administrator, who is then logged in."""

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
        self.setWindowTitle(self.tr("Set up the administrator"))
        intro = QLabel(
            self.tr(
                "This database has no user yet. Create the administrator account: the "
                "administrator adds the other users and gives each a role."
            )
        )
        intro.setWordWrap(True)
        self.form.insertRow(0, intro)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(40)
        self.password_edit = password_field()
        self.again_edit = password_field()
        self.form.add_field("name", self.tr("&User name"), self.name_edit)
        self.form.add_field("password", self.tr("&Password"), self.password_edit)
        self.form.add_field("again", self.tr("Password &again"), self.again_edit)
        rules = subdue(QLabel(password_rules()))
        rules.setWordWrap(True)
        self.form.addRow("", rules)
        self.finish_layout(480)
        self.save_button.setText(self.tr("&Create and log in"))
        quit_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        quit_button.setText(self.tr("&Quit"))

    def save(self) -> None:
        password = self.password_edit.text()
        if password != self.again_edit.text():
            self.form.show_errors({"again": self.tr("The two passwords differ")})
            return
        name = self.name_edit.text()

        def create() -> None:
            access.create_user(self._db, name, Role.ADMIN, password)
            access.log_in(self._db, name, password, now=self._now())

        self.save_with(create)


class LoginDialog(FormDialog):
    """User name (remembered per computer) and password; the service's refusal shown as it is."""

    def __init__(
        self,
        db: Database,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._settings = settings
        self._now = now
        self.setWindowTitle(self.tr("Log in to Fengwang"))
        self.name_edit = QLineEdit(str(settings.value(LAST_USER_KEY, "") or ""))
        self.name_edit.setMaxLength(40)
        self.password_edit = password_field()
        self.form.add_field("name", self.tr("&User name"), self.name_edit)
        self.form.add_field("password", self.tr("&Password"), self.password_edit)
        self.finish_layout(400)
        self.save_button.setText(self.tr("&Log in"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("&Quit"))
        (self.password_edit if self.name_edit.text() else self.name_edit).setFocus()

    def save(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            self.form.show_errors({"name": self.tr("Enter your user name")})
            return
        try:
            access.log_in(self._db, name, self.password_edit.text(), now=self._now())
        except FengwangError as err:
            self.form.show_general(err.message)
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        self._settings.setValue(LAST_USER_KEY, name)
        self.accept()


def log_in_at_start(
    db: Database,
    settings: QSettings,
    parent: QWidget | None = None,
    *,
    ask_for_administrator: bool = True,
) -> bool:
    """Ask who works before the main window is built; False when the user chose to quit.

    Without `ask_for_administrator` a database with no account opens in set-up mode (for the
    start-up benchmark); a database with accounts always asks for a password."""
    if access.has_users(db):
        dialog: FormDialog = LoginDialog(db, settings, parent)
    elif ask_for_administrator:
        dialog = FirstAdminDialog(db, parent)
    else:
        return True
    try:
        accepted = dialog.exec() == FormDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
    if accepted and isinstance(dialog, FirstAdminDialog) and db.actor is not None:
        settings.setValue(LAST_USER_KEY, db.actor.name)
    return accepted
