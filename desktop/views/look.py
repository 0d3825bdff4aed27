"""How text and rows look: emphasis, secondary text, roomy rows, a path cut in the middle — through fonts, palettes and a
delegate, never style sheets (those re-polish widgets and slow the start). Kept apart from the
dialogs' input widgets, so that the first screen loads only this."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QSize, Qt
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

# The red of what needs doing or fixing: an overdue case, a rejected row.
ALERT_RED = QColor("#b03a2e")


def emphasise(label: QLabel, scale: float = 1.0) -> QLabel:
    """Bold (and optionally larger) text through the font: style sheets re-polish widgets and
    cost start-up time."""
    font = label.font()
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def subdue(label: QLabel) -> QLabel:
    """Grey secondary text, through the palette."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class RoomyRowsDelegate(QStyledItemDelegate):
    """Taller rows in item views: easier to hit with the mouse, without a style sheet."""

    def __init__(self, parent: QObject | None = None, *, extra_pixels: int = 6) -> None:
        super().__init__(parent)
        self._extra = extra_pixels

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + self._extra)


class ElidedLabel(QLabel):
    """One line too long for its place (a file path): cut in the middle, so that both ends — the
    folder it starts from and the file name — stay in sight, the whole text in the tooltip. A
    word-wrapped label in a form row is given one line's height and hides the rest."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.set_full_text(text)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self.updateGeometry()
        self._elide()

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._full) + margins.left() + margins.right()
        return QSize(width + 2, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(
            self.fontMetrics().horizontalAdvance("…") * 8, super().minimumSizeHint().height()
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideMiddle, self.contentsRect().width()
        )
        self.setText(shown)
        # what a clerk selects and copies is the whole text, never a cut one
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            if shown == self._full
            else Qt.TextInteractionFlag.NoTextInteraction
        )
