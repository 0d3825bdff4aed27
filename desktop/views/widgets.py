"""Small widgets and widget helpers the views share."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, QObject, QSize
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

DATE_FORMAT = "yyyy-MM-dd"
BLANK_DATE = QDate(1800, 1, 1)  # shown as the special "not given" text; earlier than any birth


class DateEdit(QDateEdit):
    """A date field in yyyy-MM-dd with a calendar popup; optionally blank ("not given")."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        blank_text: str | None = None,
        latest: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setDisplayFormat(DATE_FORMAT)
        self.setCalendarPopup(True)
        self._blankable = blank_text is not None
        if blank_text is not None:
            self.setMinimumDate(BLANK_DATE)
            self.setSpecialValueText(blank_text)
        if latest is not None:
            self.setMaximumDate(QDate(latest.year, latest.month, latest.day))
        self.set_value(None if self._blankable else date.today())

    def value(self) -> date | None:
        current = self.date()
        if self._blankable and current == self.minimumDate():
            return None
        return date(current.year(), current.month(), current.day())

    def set_value(self, value: date | None) -> None:
        if value is None:
            self.setDate(self.minimumDate() if self._blankable else QDate.currentDate())
        else:
            self.setDate(QDate(value.year, value.month, value.day))


def choice_combo(values: tuple[str, ...] | list[str], *, blank: bool = True) -> QComboBox:
    """A fixed list of data values (政治面貌, 文化程度…); the first, empty item means not given."""
    combo = QComboBox()
    if blank:
        combo.addItem("", "")
    for value in values:
        combo.addItem(value, value)
    return combo


def set_combo_value(combo: QComboBox, value: str | None) -> None:
    position = combo.findData(value or "")
    if position < 0 and value:
        combo.addItem(value, value)  # a value from an older list stays visible, not lost
        position = combo.count() - 1
    combo.setCurrentIndex(max(position, 0))


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

    def __init__(self, extra_pixels: int = 6, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._extra = extra_pixels

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + self._extra)
