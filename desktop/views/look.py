"""How text and rows look: emphasis, secondary text, roomy rows — through fonts, palettes and a
delegate, never style sheets (those re-polish widgets and slow the start). Kept apart from the
dialogs' input widgets, so that the first screen loads only this."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QSize
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QStyledItemDelegate, QStyleOptionViewItem

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
