"""Input widgets the dialogs share (date fields, choice combos)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QWidget,
)

from desktop.services import dates

DATE_FORMAT = "yyyy-MM-dd"
BLANK_DATE = QDate(1800, 1, 1)  # shown as the special "not given" text; earlier than any birth


def within_calendar(edit: QDateEdit) -> QDateEdit:
    """Keep a date or month picker within the years the services accept (1900–2100), instead of
    Qt's 1752–9999: a year typed as 9999 stops at 2100 rather than being refused later."""
    first, last = dates.EARLIEST, dates.LATEST
    edit.setDateRange(QDate(first.year, first.month, first.day), QDate(last.year, 12, 31))
    return edit


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
        within_calendar(self)
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
