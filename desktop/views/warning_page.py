"""One warning: what was seen, where and by whom, whom it is dispatched to and by when, and the
timeline of every step (who, when), its dispatches and the party members who reported for duty;
a button for each step `WarningInfo.actions` allows now.

Dialogs open window-modal with open(), as on the case page; after one the warning is read
again. A warning turned into a dispute case offers to open the case (`open_case`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QLabel, QPushButton, QTabWidget, QWidget

from desktop.services import warnings
from desktop.services.grants import Permission
from desktop.services.warnings import DispatchInfo, WarningInfo
from desktop.views import messages, permissions
from desktop.views.dialogs import open_dialog
from desktop.views.look import emphasise
from desktop.views.record_pages import (
    RecordPage,
    facts_form,
    facts_panel,
    step_row,
    when,
)
from desktop.views.small_tables import TextRowsModel, small_table
from desktop.views.warning_actions import (
    ConvertDialog,
    Now,
    PartyReportDialog,
    WarningCloseDialog,
    WarningDispatchDialog,
    WarningEscalateDialog,
    WarningFeedbackDialog,
    WarningRespondDialog,
    WarningStepDialog,
    wall_clock,
)
from desktop.views.warning_table_model import LATE_TEXT, URGENT_TEXT
from desktop.vocabulary import URGENT, WarningAction

if TYPE_CHECKING:
    from desktop.db import Database

DIALOGS: dict[WarningAction, type[WarningStepDialog]] = {
    WarningAction.DISPATCH: WarningDispatchDialog,
    WarningAction.REASSIGN: WarningDispatchDialog,
    WarningAction.ESCALATE: WarningEscalateDialog,
    WarningAction.RESPOND: WarningRespondDialog,
    WarningAction.FEEDBACK: WarningFeedbackDialog,
    WarningAction.CLOSE: WarningCloseDialog,
    WarningAction.PARTY_REPORT: PartyReportDialog,
    WarningAction.CONVERT: ConvertDialog,
}


class WarningPage(RecordPage):
    open_case = Signal(int)  # the dispute case made from the warning

    def __init__(
        self,
        db: Database,
        *,
        actor: str,
        now: Now = wall_clock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db, actor=actor, parent=parent)
        self._now = now
        self.warning: WarningInfo | None = None

        self.back_button.setToolTip(self.tr("Back to the list (Esc)"))
        self.urgency_label = emphasise(QLabel())
        self.overdue_label = emphasise(QLabel())
        self._make_buttons()
        self._make_facts()
        self._make_records()
        self._lay_out((self.urgency_label, self.state_label, self.overdue_label), (430, 660))
        self.apply_permissions()

    def apply_permissions(self) -> None:
        """Every step on a warning changes data: EDIT."""
        permissions.gate(self._db, Permission.EDIT, *self.action_buttons.values())

    # ---------------------------------------------------------------------------------- layout

    def _make_buttons(self) -> None:
        texts = {
            WarningAction.DISPATCH: self.tr("&Dispatch…"),
            WarningAction.RESPOND: self.tr("&Response…"),
            WarningAction.FEEDBACK: self.tr("&Feedback…"),
            WarningAction.CLOSE: self.tr("&Close…"),
            WarningAction.REASSIGN: self.tr("Re&assign…"),
            WarningAction.ESCALATE: self.tr("&Escalate…"),
            WarningAction.PARTY_REPORT: self.tr("&Party member on duty…"),
            WarningAction.CONVERT: self.tr("&Turn into a case…"),
        }
        self._add_action_buttons(texts)
        self.case_button = QPushButton()
        self.case_button.setAutoDefault(False)
        self.case_button.clicked.connect(self._open_case)
        self._button_row.addWidget(self.case_button)

    def _make_facts(self) -> None:
        self.facts, self.fact_labels = facts_form(
            (
                ("reported", self.tr("Reported")),
                ("type", self.tr("Type")),
                ("urgency", self.tr("Urgency")),
                ("place", self.tr("Place")),
                ("people", self.tr("People affected")),
                ("reporter", self.tr("Reported by")),
                ("level", self.tr("Handled at")),
                ("target", self.tr("Dispatched to")),
                ("deadlines", self.tr("Deadlines")),
                ("timing", self.tr("Response time")),
                ("result", self.tr("Result")),
                ("description", self.tr("What was seen")),
            )
        )
        self._facts_panel = facts_panel((self.facts,), minimum_width=340)

    def _make_records(self) -> None:
        self._make_timeline()
        self.dispatches_model = TextRowsModel(
            [
                self.tr("Dispatched to"),
                self.tr("Level"),
                self.tr("Dispatched"),
                self.tr("Respond by"),
                self.tr("Responded"),
                self.tr("Finish by"),
                self.tr("Ended"),
            ],
            self,
        )
        self.dispatches_table = small_table(self.dispatches_model, 6)
        self.party_model = TextRowsModel(
            [self.tr("Party member"), self.tr("When"), self.tr("What they did")], self
        )
        self.party_table = small_table(self.party_model, 2)
        self.records = QTabWidget()
        self.records.addTab(self.timeline_table, self.tr("Timeline"))
        self.records.addTab(self.dispatches_table, self.tr("Dispatches"))
        self.records.addTab(self.party_table, self.tr("Party members on duty"))

    # ------------------------------------------------------------------------------------ show

    def show_warning(self, warning_id: int) -> bool:
        """Read the warning and show it; False (with a message) when it cannot be read."""
        return self._show_read(
            lambda: warnings.get_warning(self._db, warning_id, now=self._now()), self.set_warning
        )

    def set_warning(self, warning: WarningInfo) -> None:
        self.warning = warning
        self.title_label.setText(warning.number)
        self.state_label.setText(warning.status.label)
        self.urgency_label.setText(warning.urgency)
        self._colour(self.urgency_label, URGENT_TEXT if warning.urgency == URGENT else None)
        self.overdue_label.setText(warning.overdue.label if warning.overdue.late else "")
        self._colour(self.overdue_label, LATE_TEXT if warning.overdue.late else None)
        allowed = set(warning.actions)
        for action, button in self.action_buttons.items():
            button.setVisible(action in allowed)
        self.case_button.setVisible(warning.case_id is not None)
        self.case_button.setText(self.tr("Open case {0}").format(warning.case_number))
        self._show_facts(warning)
        self.timeline_model.set_rows([step_row(step) for step in warning.steps])
        self.dispatches_model.set_rows([self._dispatch_row(d) for d in warning.dispatches])
        self.party_model.set_rows([(r.name, when(r.at), r.work) for r in warning.party_reports])
        for table in (self.timeline_table, self.dispatches_table, self.party_table):
            table.resizeRowsToContents()

    def _colour(self, label: QLabel, brush: QBrush | None) -> None:
        """Text colour through the palette; None: the page's own text colour."""
        palette = label.palette()
        role = label.foregroundRole()
        palette.setColor(role, brush.color() if brush is not None else self.palette().color(role))
        label.setPalette(palette)

    def _show_facts(self, warning: WarningInfo) -> None:
        facts = self.fact_labels
        facts["reported"].setText(when(warning.reported_at))
        facts["type"].setText(warning.type)
        facts["urgency"].setText(warning.urgency)
        self._colour(facts["urgency"], URGENT_TEXT if warning.urgency == URGENT else None)
        facts["place"].setText(warning.place)
        facts["people"].setText(self.tr("{0} people").format(warning.people_affected))
        facts["reporter"].setText(warning.reporter)
        facts["level"].setText(warning.level.label)
        dispatch = warning.current_dispatch
        if dispatch is None and not warning.status.open and warning.dispatches:
            # turned into a case: the dispatch ended then, but it is who handled the warning
            dispatch = max(warning.dispatches, key=lambda d: d.dispatched_at)
        facts["target"].setText(dispatch.target if dispatch is not None else "—")
        deadlines = "—"
        if dispatch is not None:
            lines = [
                self.tr("respond by {0}").format(when(dispatch.response_due))
                if dispatch.responded_at is None
                else self.tr("responded {0}").format(when(dispatch.responded_at)),
                self.tr("finish by {0}").format(when(dispatch.complete_due)),
            ]
            if warning.overdue.late:
                lines.insert(0, warning.overdue.label)
            deadlines = "\n".join(lines)  # one line each: a narrow panel cuts none of them
        facts["deadlines"].setText(deadlines)
        self._colour(facts["deadlines"], LATE_TEXT if warning.overdue.late else None)
        timing = []
        if warning.response_hours is not None:
            timing.append(self.tr("responded after {0} hours").format(warning.response_hours))
        if warning.in_time is not None:
            timing.append(self.tr("handled in time") if warning.in_time else self.tr("late"))
        facts["timing"].setText("，".join(timing) or "—")
        result = warning.result or "—"
        if warning.closed_at is not None:
            result = f"{result}（{when(warning.closed_at)}）"
        facts["result"].setText(result)
        facts["description"].setText(warning.description)

    def _dispatch_row(self, dispatch: DispatchInfo) -> tuple[str, ...]:
        ended = ""
        if dispatch.ended_at is not None:
            ended = f"{when(dispatch.ended_at)} {dispatch.end_reason or ''}".strip()
        return (
            dispatch.target,
            dispatch.level.label,
            when(dispatch.dispatched_at),
            when(dispatch.response_due),
            when(dispatch.responded_at),
            when(dispatch.complete_due),
            ended,
        )

    # --------------------------------------------------------------------------------- actions

    def take(self, action: WarningAction) -> None:
        """Open the dialog of `action` on the shown warning."""
        if self.warning is None:
            return
        extra = {"reassign": True} if action is WarningAction.REASSIGN else {}
        dialog = DIALOGS[action](
            self._db, self.warning, actor=self._actor, now=self._now, parent=self, **extra
        )

        def finished(accepted: bool) -> None:
            updated = dialog.result
            if accepted and updated is not None:
                self.show_warning(updated.id)
                self.changed.emit(updated.id)
                if action is WarningAction.CONVERT and updated.case_id is not None:
                    self._offer_case(updated)
            elif self.warning is not None:
                self.show_warning(self.warning.id)
            self.focus_actions()  # the button just used may be gone now

        open_dialog(self, dialog, finished)

    def _offer_case(self, warning: WarningInfo) -> None:
        question = self.tr("The warning is now dispute case {0}. Open the case?").format(
            warning.case_number
        )
        if messages.confirm(self, question):
            self.open_case.emit(warning.case_id)

    def _open_case(self) -> None:
        if self.warning is not None and self.warning.case_id is not None:
            self.open_case.emit(self.warning.case_id)
