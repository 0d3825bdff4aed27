"""The dialog start-up shows for a database that cannot be used as it is (damaged, read-only, on
a full disk): what is wrong, in a sentence, and the ways forward this case has."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.views.look import emphasise, subdue

if TYPE_CHECKING:
    from desktop.services.backup import BackupInfo

RESTORE, READ_ONLY, QUIT = "restore", "read-only", "quit"


class DatabaseProblemDialog(QDialog):
    def __init__(
        self,
        message: str,
        ways: list[str],
        latest: BackupInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cannot open the database"))
        self.chosen = QUIT  # closing the dialog is quitting
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        self.message_label = emphasise(QLabel(message))
        self.message_label.setWordWrap(True)
        text = QVBoxLayout()
        text.setSpacing(12)
        text.addWidget(self.message_label)
        if latest is not None and RESTORE in ways:
            self.backup_label = subdue(
                QLabel(
                    self.tr(
                        "Newest good backup: {0} ({1}), {2}. Restoring it keeps the current file "
                        "aside; what was entered after the backup must be entered again."
                    ).format(f"{latest.when:%Y-%m-%d %H:%M}", latest.kind_label, latest.path)
                )
            )
            self.backup_label.setWordWrap(True)
            text.addWidget(self.backup_label)
        top = QHBoxLayout()
        top.addWidget(icon, 0)
        top.addLayout(text, 1)
        labels = {
            RESTORE: self.tr("&Restore the newest backup"),
            READ_ONLY: self.tr("Open &read-only"),
            QUIT: self.tr("&Quit"),
        }
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.addStretch(1)
        for way in ways:
            button = QPushButton(labels[way])
            button.clicked.connect(lambda _=False, w=way: self._choose(w))
            row.addWidget(button)
            self.buttons[way] = button
        self.buttons[ways[0]].setDefault(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addLayout(row)
        # Wrapped labels need a width to find their height: fix the width, let the height follow.
        self.setFixedWidth(560)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinAndMaxSize)

    def _choose(self, way: str) -> None:
        self.chosen = way
        self.accept()


def ask_way_forward(
    parent: QWidget | None, message: str, ways: list[str], latest: BackupInfo | None
) -> str:
    """RESTORE, READ_ONLY or QUIT, as the user chooses (tests replace this function)."""
    dialog = DatabaseProblemDialog(message, ways, latest, parent)
    dialog.exec()
    return dialog.chosen
