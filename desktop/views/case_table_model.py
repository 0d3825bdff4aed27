"""The case list: a QAbstractTableModel over the CaseInfo rows that services.cases.list_cases
returns for the structural filters (status, category, level, mediator, overdue, dates).

The search box is matched here, on every keystroke, against a key per case (number, party names
and their pinyin initials, ID numbers, phones), built once per load. Sorting is done here too,
on sort keys (record_table_model says why).

Rows of open cases are tinted by their deadline: amber when 将到期, red when 已超期; settled cases
whose follow-up visit is due (待回访) are tinted the same way by the visit's date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop.services.case_settings import DeadlineState
from desktop.services.cases import CaseInfo
from desktop.services.pinyin import initials
from desktop.views.look import ALERT_RED
from desktop.views.record_table_model import RecordRowsModel
from desktop.views.rows_model import AnyIndex
from desktop.vocabulary import CaseStatus

COLUMNS = (
    "number",
    "received",
    "category",
    "place",
    "parties",
    "status",
    "level",
    "mediators",
    "due",
)
NUMBER, RECEIVED, CATEGORY, PLACE, PARTIES, STATUS, LEVEL, MEDIATORS, DUE = range(len(COLUMNS))

# Light tints keep black text readable; the 期限 cell says the state in a darker shade too.
ROW_TINTS = {
    DeadlineState.DUE_SOON: QBrush(QColor("#fdebc8")),
    DeadlineState.OVERDUE: QBrush(QColor("#f8d3cf")),
}
DUE_TEXT = {
    DeadlineState.DUE_SOON: QBrush(QColor("#9a5b00")),
    DeadlineState.OVERDUE: QBrush(ALERT_RED),
}


def pressing(case: CaseInfo) -> DeadlineState:
    """The deadline that colours the row: the conclusion's, or else the follow-up visit's when
    it is due (an open case has no visit awaited, a concluded one no conclusion deadline)."""
    return case.follow_up if case.follow_up_due else case.deadline


def due_date(case: CaseInfo) -> date:
    if case.follow_up_due and case.agreement is not None:
        return case.agreement.follow_up_due_on
    return case.due_on


def search_key(case: CaseInfo) -> str:
    parts = [case.number.lower()]
    for party in case.parties:
        parts += [party.name, initials(party.name), (party.citizen_id or "").lower()]
        parts.append(party.phone or "")
    return "\x00".join(parts)


class CaseTableModel(RecordRowsModel[CaseInfo]):
    """One row per case."""

    def __init__(self, parent=None) -> None:
        super().__init__(search_key, parent)
        self._headers = [
            self.tr("Number"),
            self.tr("Received"),
            self.tr("Category"),
            self.tr("Place"),
            self.tr("Parties"),
            self.tr("Status"),
            self.tr("Level"),
            self.tr("Mediators"),
            self.tr("Due"),
        ]
        self._concluded = self.tr("Concluded {0}")
        self._follow_up = self.tr("Follow-up {0}")

    def overdue_count(self) -> int:
        return sum(1 for case in self.shown() if case.deadline is DeadlineState.OVERDUE)

    def follow_ups_overdue_count(self) -> int:
        return sum(1 for case in self.shown() if case.follow_up is DeadlineState.OVERDUE)

    # ---------------------------------------------------------------------- QAbstractTableModel

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        case = self.record(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(case, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return ROW_TINTS.get(pressing(case))
        if role == Qt.ItemDataRole.ForegroundRole and column == DUE:
            return DUE_TEXT.get(pressing(case))
        if role == Qt.ItemDataRole.ToolTipRole and column in (PARTIES, PLACE, MEDIATORS):
            return self._display(case, column) or None
        return None

    def _display(self, case: CaseInfo, column: int) -> str:
        if column == NUMBER:
            return case.number
        if column == RECEIVED:
            return case.received_on.isoformat()
        if column == CATEGORY:
            return case.category
        if column == PLACE:
            return case.place
        if column == PARTIES:
            return case.party_names
        if column == STATUS:
            return case.status.label
        if column == LEVEL:
            return case.level.label if case.level is not None else ""
        if column == MEDIATORS:
            return case.mediator_names
        if case.follow_up_due and case.agreement is not None:
            visit = self._follow_up.format(case.agreement.follow_up_due_on.isoformat())
            return f"{visit} {case.follow_up.label}"
        if case.deadline is DeadlineState.NONE:
            return self._concluded.format(case.concluded_on) if case.concluded_on else ""
        due = case.due_on.isoformat()
        if case.deadline is DeadlineState.ON_TIME:
            return due
        return f"{due} {case.deadline.label}"

    # ------------------------------------------------------------------------------- internals

    def _sort_key(self, column: int) -> Callable[[int], object]:
        cases = self._records
        if column == NUMBER:  # the year and sequence, not the text: 〔2026〕0009 < 〔2026〕0010
            return lambda i: (cases[i].received_on.year, cases[i].number)
        if column == RECEIVED:
            return lambda i: cases[i].received_on
        if column == STATUS:
            order = {status: position for position, status in enumerate(CaseStatus)}
            return lambda i: order[cases[i].status]
        if column == LEVEL:
            return lambda i: cases[i].level.rank if cases[i].level is not None else -1
        if column == DUE:  # open cases and visits due by their date first, then the rest
            return lambda i: (pressing(cases[i]) is DeadlineState.NONE, due_date(cases[i]))
        if column == PARTIES:  # the names' initials are cached from building the search keys
            return lambda i: [initials(party.name) for party in cases[i].parties]
        # Categories, places and mediators repeat: their initials come from the cache.
        return lambda i: initials(self._display(cases[i], column))
