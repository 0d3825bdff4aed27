"""Every message box the views open goes through here.

One place to keep them consistent, and one place for tests to replace: a test monkeypatches these
functions instead of leaving a modal box open on the offscreen screen.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def _title() -> str:
    return QCoreApplication.translate("messages", "Fengwang")


def show_error(parent: QWidget | None, text: str) -> None:
    QMessageBox.critical(parent, _title(), text)


def show_warning(parent: QWidget | None, text: str) -> None:
    QMessageBox.warning(parent, _title(), text)


def show_info(parent: QWidget | None, text: str) -> None:
    QMessageBox.information(parent, _title(), text)


def confirm(parent: QWidget | None, text: str) -> bool:
    """Ask before something that cannot be undone; No is the default answer."""
    answer = QMessageBox.question(
        parent,
        _title(),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
