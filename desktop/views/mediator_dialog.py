"""指派调解员 / 更换调解员: the candidates for a case, best first, each with why.

The ranking and its reasons come from services.mediators.rank_candidates; the dialog only shows
them. A candidate who must step aside (回避) stays visible, greyed at the bottom with the reason,
so that the clerk sees why a familiar name cannot be chosen; one with a flag is shown in amber for
the clerk to judge.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableView,
    QWidget,
)

from desktop.services import mediators
from desktop.services.cases import CaseInfo, MediatorOnCase
from desktop.services.mediators import Candidate
from desktop.views.case_actions import moment
from desktop.views.form import FormDialog
from desktop.views.list_model import ListTableModel
from desktop.views.look import RoomyRowsDelegate, emphasise

if TYPE_CHECKING:
    from desktop.db import Database

EXCLUDED_BRUSH = QBrush(QColor("#7f8c8d"))
FLAGGED_BRUSH = QBrush(QColor("#b9770e"))  # amber, readable on white


class CandidateModel(ListTableModel):
    """The ranked candidates; those excluded (回避) cannot be selected."""

    NAME, COMMITTEE, PLACE, SPECIALTIES, OPEN, POINTS, WHY = range(7)

    def __init__(self, candidates: list[Candidate], parent=None) -> None:
        super().__init__(parent)
        self.candidates = candidates
        self.headers = [
            self.tr("Name"),
            self.tr("Committee"),
            self.tr("Serves at"),
            self.tr("Specialties"),
            self.tr("Open cases"),
            self.tr("Points"),
            self.tr("Why"),
        ]

    def items(self) -> list[Candidate]:
        return self.candidates

    def why_text(self, candidate: Candidate) -> str:
        if candidate.excluded:
            return self.tr("Must step aside: {0}").format(candidate.excluded)
        return "；".join((*candidate.reasons, *candidate.flags)) or self.tr("No particular fit")

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        candidate = self.candidates[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(candidate, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if candidate.excluded:
                return EXCLUDED_BRUSH
            if candidate.flags and column in (self.NAME, self.WHY):
                return FLAGGED_BRUSH
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.WHY, self.SPECIALTIES):
            return self._display(candidate, column).replace("；", "\n") or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.OPEN, self.POINTS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, candidate: Candidate, column: int) -> str:
        mediator = candidate.mediator
        if column == self.NAME:
            return mediator.name
        if column == self.COMMITTEE:
            return mediator.committee
        if column == self.PLACE:
            return "、".join(mediator.unit_names)
        if column == self.SPECIALTIES:
            return "、".join(mediator.specialties)
        if column == self.OPEN:
            return str(mediator.open_cases)
        if column == self.POINTS:
            return "" if candidate.excluded else str(candidate.points)
        return self.why_text(candidate)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.candidates[index.row()].excluded:
            return Qt.ItemFlag.ItemNeverHasChildren  # shown, but neither selectable nor enabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class AssignMediatorDialog(FormDialog):
    """Choose a mediator for the case (as lead or second), or one to replace `replacing`.

    On success `result_case` holds the case as the service returned it."""

    def __init__(
        self,
        db: Database,
        case: CaseInfo,
        *,
        actor: str,
        replacing: MediatorOnCase | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._case = case
        self._actor = actor
        self._replacing = replacing
        self._today = today
        self.result_case: CaseInfo | None = None
        self.setWindowTitle(
            self.tr("Replace a mediator") if replacing else self.tr("Assign a mediator")
        )

        place = case.village_name or case.unit_name
        level = case.level.label if case.level else self.tr("not routed yet")
        self.case_label = emphasise(
            QLabel(self.tr("{0}  {1}, {2}, {3}").format(case.number, case.category, place, level))
        )
        self.case_label.setWordWrap(True)

        self.model = CandidateModel(mediators.rank_candidates(db, case.id, today=today), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(RoomyRowsDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CandidateModel.WHY, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._on_double_click)

        self.lead_radio = QRadioButton(self.tr("&Lead mediator"))
        self.second_radio = QRadioButton(self.tr("&Second mediator"))
        self.place_group = QButtonGroup(self)
        self.place_group.addButton(self.lead_radio)
        self.place_group.addButton(self.second_radio)
        places = QWidget()
        row = QHBoxLayout(places)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.lead_radio)
        row.addWidget(self.second_radio)
        row.addStretch(1)
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(200)
        self.reason_edit.setPlaceholderText(self.tr("e.g. the mediator is away for training"))

        if replacing is not None:
            self.form.addRow(
                self.tr("Replacing"),
                QLabel(
                    self.tr("{0} (lead)").format(replacing.name)
                    if replacing.lead
                    else self.tr("{0} (second)").format(replacing.name)
                ),
            )
            # The newcomer takes the place of the one replaced, lead or second.
            (self.lead_radio if replacing.lead else self.second_radio).setChecked(True)
            places.setEnabled(False)
        else:
            has_lead = any(m.lead for m in case.current_mediators)
            (self.second_radio if has_lead else self.lead_radio).setChecked(True)
        self.form.add_field("place", self.tr("As"), places)
        if replacing is not None:
            self.form.add_field("reason", self.tr("Reaso&n"), self.reason_edit)

        self.finish_layout(900)
        self.save_button.setText(self.tr("&Replace") if replacing else self.tr("&Assign"))
        layout = self.layout()
        layout.insertWidget(0, self.case_label)
        layout.insertWidget(1, self.table, 1)
        # The table, not the form's trailing stretch, takes the height the dialog is given.
        for position in range(layout.count()):
            if layout.itemAt(position).spacerItem() is not None:
                layout.setStretch(position, 0)
        self.resize(1000, 480)

        if self.model.rowCount() and self.model.candidates[0].eligible:
            self.table.selectRow(0)
        else:
            self.form.show_general(self.tr("No mediator can take this case."))
            self.save_button.setEnabled(False)
        self.table.setFocus()

    def chosen(self) -> Candidate | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.candidates[rows[0].row()] if rows else None

    def _on_double_click(self, index: QModelIndex) -> None:
        if self.model.candidates[index.row()].eligible:
            self.save()

    def save(self) -> None:
        candidate = self.chosen()
        if candidate is None:
            self.form.show_general(self.tr("Choose a mediator from the list"))
            self.table.setFocus()
            return

        def action() -> None:
            person_id = candidate.mediator.person_id
            # On the injected day (tests), as every other step of the case page is recorded.
            now = moment(lambda: self._today) if self._today is not None else None
            if self._replacing is not None:
                self.result_case = mediators.reassign(
                    self._db,
                    self._case.id,
                    self._replacing.person_id,
                    person_id,
                    reason=self.reason_edit.text(),
                    actor=self._actor,
                    now=now,
                    today=self._today,
                )
            else:
                self.result_case = mediators.assign(
                    self._db,
                    self._case.id,
                    person_id,
                    lead=self.lead_radio.isChecked(),
                    actor=self._actor,
                    now=now,
                    today=self._today,
                )

        self.save_with(action)
