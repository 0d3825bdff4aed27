"""The idle lock: after some minutes without keyboard or mouse input the main window is covered
and only the same user's password opens it again (or the program is closed, so that another
user starts it and logs in: pages keep who acts, so switching users in place is not offered)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QWidget

from desktop.errors import FengwangError
from desktop.services import access
from desktop.views.form import FormDialog
from desktop.views.login_dialog import password_field

if TYPE_CHECKING:
    from desktop.db import Database

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """Emits `idle` after `interval_ms` without input anywhere in the application. The filter
    only restarts a timer: it sees every event, so it must stay that cheap."""

    idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.idle)
        self._watching = False

    def start(self) -> None:
        if not self._watching:
            QApplication.instance().installEventFilter(self)
            self._watching = True
        self._timer.start()

    def stop(self) -> None:
        if self._watching:
            QApplication.instance().removeEventFilter(self)
            self._watching = False
        self._timer.stop()

    def set_interval(self, interval_ms: int) -> None:
        self._timer.setInterval(interval_ms)
        if self._watching:
            self._timer.start()

    def interval(self) -> int:
        return self._timer.interval()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._timer.start()
        return False


class LockDialog(FormDialog):
    """The locked window's password prompt. Esc does not close it; 退出程序 does (rejected)."""

    def __init__(
        self,
        db: Database,
        name: str,
        parent: QWidget | None = None,
        *,
        idle: bool = True,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._name = name
        self._now = now
        self.setWindowTitle(self.tr("Fengwang is locked"))
        self.intro_label = QLabel(
            (
                self.tr(
                    "The window was locked after a time without use. Enter the password of {0}."
                )
                if idle
                else self.tr("The window is locked. Enter the password of {0} to go on.")
            ).format(name)
        )
        self.intro_label.setWordWrap(True)
        self.form.insertRow(0, self.intro_label)
        self.password_edit = password_field()
        self.form.add_field("password", self.tr("&Password"), self.password_edit)
        self.finish_layout(420)
        self.save_button.setText(self.tr("&Unlock"))
        self.quit_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.quit_button.setText(self.tr("&Quit Fengwang"))
        self.quit_button.clicked.connect(self.quit)
        self.password_edit.setFocus()

    def save(self) -> None:
        try:
            access.log_in(self._db, self._name, self.password_edit.text(), now=self._now())
        except FengwangError as err:
            self.form.show_general(err.message)
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        self.accept()

    def reject(self) -> None:  # Esc and the title bar's close button leave the lock in place
        pass

    def quit(self) -> None:
        super().reject()
