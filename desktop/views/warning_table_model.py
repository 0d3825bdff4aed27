"""The warning list: a RowsModel over the WarningInfo rows services.warnings.list_warnings returns
for the structural filters (month, status, type, urgency, overdue), searched and sorted here as
the case list is.

Colour never speaks alone: 紧急 is written in the 紧急程度 column (in red, bold), and an overdue
warning's 时限 cell says 响应超时 or 办结超时 (in dark red) on a row tinted red.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.services.case_settings import DeadlineState
from desktop.services.pinyin import initials
from desktop.services.warnings import WarningInfo
from desktop.views.case_table_model import DUE_TEXT, ROW_TINTS
from desktop.views.record_table_model import RecordProxyModel, RecordRowsModel
from desktop.views.rows_model import AnyIndex
from desktop.vocabulary import URGENT, WARNING_LEVELS, WarningStatus

COLUMNS = (
    "number",
    "reported",
    "type",
    "urgency",
    "place",
    "description",
    "status",
    "target",
    "level",
    "due",
)
(
    NUMBER,
    REPORTED,
    TYPE,
    URGENCY,
    PLACE,
    DESCRIPTION,
    STATUS,
    TARGET,
    LEVEL,
    DUE,
) = range(len(COLUMNS))

# The case list's shades, so that the two lists speak one colour language.
LATE_TINT = ROW_TINTS[DeadlineState.OVERDUE]
LATE_TEXT = DUE_TEXT[DeadlineState.OVERDUE]
URGENT_TEXT = QBrush(QColor("#c0392b"))


def short(moment) -> str:
    return f"{moment:%m-%d %H:%M}"


def search_key(warning: WarningInfo) -> str:
    parts = [
        warning.number.lower(),
        warning.description,
        warning.place,
        warning.type,
        warning.reporter,
        initials(warning.reporter),
        warning.target,
        initials(warning.target),
        warning.case_number.lower(),
    ]
    return "\x00".join(parts)


class WarningTableModel(RecordRowsModel[WarningInfo]):
    """One row per warning."""

    def __init__(self, parent=None) -> None:
        super().__init__(search_key, parent)
        self._headers = [
            self.tr("Number"),
            self.tr("Reported"),
            self.tr("Type"),
            self.tr("Urgency"),
            self.tr("Place"),
            self.tr("What was seen"),
            self.tr("Status"),
            self.tr("Dispatched to"),
            self.tr("Level"),
            self.tr("Deadline"),
        ]
        self._respond_by = self.tr("Respond by {0}")
        self._finish_by = self.tr("Finish by {0}")
        self._in_time = self.tr("Concluded {0}, in time")
        self._late = self.tr("Concluded {0}, late")
        self._concluded = self.tr("Concluded {0}")
        self._bold = QFont()
        self._bold.setBold(True)

    def overdue_count(self) -> int:
        return sum(1 for warning in self.shown() if warning.overdue.late)

    def urgent_open_count(self) -> int:
        return sum(1 for w in self.shown() if w.urgency == URGENT and w.status.open)

    # ---------------------------------------------------------------------- QAbstractTableModel

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        warning = self.record(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(warning, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return LATE_TINT if warning.overdue.late else None
        urgent = column == URGENCY and warning.urgency == URGENT
        if role == Qt.ItemDataRole.ForegroundRole:
            if urgent:
                return URGENT_TEXT
            if column == DUE and warning.overdue.late:
                return LATE_TEXT
            return None
        if role == Qt.ItemDataRole.FontRole and (
            urgent or (column == DUE and warning.overdue.late)
        ):
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and column in (PLACE, DESCRIPTION, TARGET, DUE):
            return self._display(warning, column) or None
        return None

    def _display(self, warning: WarningInfo, column: int) -> str:
        if column == NUMBER:
            return warning.number
        if column == REPORTED:
            return f"{warning.reported_at:%Y-%m-%d %H:%M}"
        if column == TYPE:
            return warning.type
        if column == URGENCY:
            return warning.urgency
        if column == PLACE:
            return warning.place
        if column == DESCRIPTION:
            return warning.description
        if column == STATUS:
            return warning.status.label
        if column == TARGET:
            return warning.target or warning.case_number
        if column == LEVEL:
            return warning.level.label
        return self.due_text(warning)

    def due_text(self, warning: WarningInfo) -> str:
        """The deadline that runs now and its state, or how the warning was concluded."""
        if warning.closed_at is not None:
            day = f"{warning.closed_at:%Y-%m-%d}"
            if warning.in_time is None:
                return self._concluded.format(day)
            return (self._in_time if warning.in_time else self._late).format(day)
        dispatch = warning.current_dispatch
        if dispatch is None:
            return ""
        if dispatch.responded_at is None:
            text = self._respond_by.format(short(dispatch.response_due))
        else:
            text = self._finish_by.format(short(dispatch.complete_due))
        if warning.overdue.late:
            text = f"{warning.overdue.label}  {text}"
        return text

    # ------------------------------------------------------------------------------- internals

    def _sort_key(self, column: int) -> Callable[[int], object]:
        items = self._records
        if column in (NUMBER, REPORTED):
            return lambda i: (items[i].reported_at, items[i].number)
        if column == URGENCY:
            return lambda i: items[i].urgency == URGENT
        if column == STATUS:
            order = {status: position for position, status in enumerate(WarningStatus)}
            return lambda i: order[items[i].status]
        if column == LEVEL:
            order = {level: position for position, level in enumerate(WARNING_LEVELS)}
            return lambda i: order.get(items[i].level, -1)
        if column == DUE:  # late first, then by the deadline that runs, concluded last
            return lambda i: (not items[i].overdue.late, self._running_due(items[i]))
        return lambda i: initials(self._display(items[i], column))

    @staticmethod
    def _running_due(warning: WarningInfo) -> tuple[int, str]:
        dispatch = warning.current_dispatch
        if warning.closed_at is not None or dispatch is None:
            return (1, "")
        due = dispatch.response_due if dispatch.responded_at is None else dispatch.complete_due
        return (0, due.isoformat())


class WarningProxyModel(RecordProxyModel):
    """The record proxy, with the warning's names for its lookups."""

    warning = RecordProxyModel.record
    row_of_warning = RecordProxyModel.row_of
