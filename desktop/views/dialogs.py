"""Opening a dialog window-modal without blocking, the one way pages do it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QWidget


def open_dialog(host: QWidget, dialog: QDialog, on_finished: Callable[[bool], None]) -> None:
    """Show `dialog` over `host` without a nested event loop; call `on_finished(accepted)` when
    it closes, then let it go. While it is open `host.active_dialog` names it, and the host's
    `dialog_opened` signal (when it has one) announces it: tests drive the dialog from there."""
    host.active_dialog = dialog

    def finished(result: int) -> None:
        if host.active_dialog is dialog:
            host.active_dialog = None
        on_finished(result == QDialog.DialogCode.Accepted)
        dialog.deleteLater()

    dialog.finished.connect(finished)
    dialog.open()
    announce = getattr(host, "dialog_opened", None)
    if announce is not None:
        announce.emit(dialog)
