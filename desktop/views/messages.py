"""Every message box the views open goes through here.

One place to keep them consistent, and one place for tests to replace: a test monkeypatches these
functions instead of leaving a modal box open on the offscreen screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def _boxes():  # QMessageBox loads on the first message, not with the first screen
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox


def _title() -> str:
    return QCoreApplication.translate("messages", "Fengwang")


def show_error(parent: QWidget | None, text: str) -> None:
    _boxes().critical(parent, _title(), text)


def show_warning(parent: QWidget | None, text: str) -> None:
    _boxes().warning(parent, _title(), text)


def show_info(parent: QWidget | None, text: str) -> None:
    _boxes().information(parent, _title(), text)


def confirm(parent: QWidget | None, text: str) -> bool:
    """Ask before something that cannot be undone; No is the default answer."""
    buttons = _boxes().StandardButton
    answer = _boxes().question(parent, _title(), text, buttons.Yes | buttons.No, buttons.No)
    return answer == buttons.Yes
