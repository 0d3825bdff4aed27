"""One case: its facts, parties (masked), mediators, sessions, agreement, follow-ups and the
timeline of every step, with a button for each action the workflow allows in its state.

The buttons come from `CaseInfo.actions` (services.case_workflow.allowed), so the page offers
exactly what the service would accept. Dialogs open window-modal with open(), as on the roster
page, and `active_dialog` is the one open; after any dialog the case is read again.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import cases
from desktop.services.case_settings import DeadlineState
from desktop.services.case_workflow import Action
from desktop.services.cases import CaseInfo, MediatorOnCase
from desktop.services.grants import Permission
from desktop.views import permissions
from desktop.views.case_actions import (
    AssessDialog,
    CaseActionDialog,
    CloseDialog,
    ExtendDialog,
    FailDialog,
    FollowUpDialog,
    RouteDialog,
    SessionDialog,
    SettleDialog,
    StartDialog,
    Today,
)
from desktop.views.case_table_model import DUE_TEXT
from desktop.views.dialogs import open_dialog
from desktop.views.look import emphasise, subdue
from desktop.views.record_pages import (
    RecordPage,
    add_fact_rows,
    facts_form,
    facts_panel,
    step_row,
    when,
)
from desktop.views.small_tables import TextRowsModel, fit_to_rows, small_table

if TYPE_CHECKING:
    from desktop.db import Database

ROUTING = (Action.ROUTE, Action.ESCALATE, Action.TRANSFER)  # one dialog, one button: 分流
ACTION_DIALOGS: dict[Action, type[CaseActionDialog]] = {
    Action.ASSESS: AssessDialog,
    Action.ROUTE: RouteDialog,
    Action.START: StartDialog,
    Action.SESSION: SessionDialog,
    Action.SETTLE: SettleDialog,
    Action.FAIL: FailDialog,
    Action.CLOSE: CloseDialog,
    Action.FOLLOW_UP: FollowUpDialog,
    Action.EXTEND: ExtendDialog,
}


def concluded_at(case: CaseInfo) -> str:
    """When the case was concluded, '' while it is open: the time of the step that ended it, or
    the conclusion date alone when that step was recorded on a later day (结案 dated back)."""
    if case.status.open:
        return ""
    ending = [
        step
        for step in case.steps
        if step.status_from is not None and step.status_from.open and not step.status_to.open
    ]
    if ending and (case.concluded_on is None or ending[-1].at.date() == case.concluded_on):
        return when(ending[-1].at)
    return case.concluded_on.isoformat() if case.concluded_on is not None else ""


class CasePage(RecordPage):
    def __init__(
        self,
        db: Database,
        *,
        actor: str,
        today: Today = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db, actor=actor, parent=parent)
        self._today = today
        self.case: CaseInfo | None = None

        self.back_button.setToolTip(self.tr("Back to the list (Esc)"))
        self.deadline_label = QLabel()
        self._make_buttons()
        self._make_facts()
        self._make_records()
        self._lay_out((self.state_label, self.deadline_label), (470, 620))
        self.apply_permissions()

    def apply_permissions(self) -> None:
        """Steps need EDIT; papers need PRINT, and the agreement (full details) REVEAL too."""
        permissions.gate(self._db, Permission.EDIT, *self.action_buttons.values())
        permissions.gate(
            self._db, (Permission.PRINT, Permission.REVEAL), self.print_agreement_button
        )
        permissions.gate(self._db, Permission.PRINT, self.print_registration_button)

    # ---------------------------------------------------------------------------------- layout

    def _make_buttons(self) -> None:
        texts = {
            Action.ASSESS: self.tr("&Assess…"),
            Action.ROUTE: self.tr("&Route…"),
            Action.ASSIGN: self.tr("Assign &mediator…"),
            Action.REASSIGN: self.tr("Re&place mediator…"),
            Action.START: self.tr("&Start mediation…"),
            Action.SESSION: self.tr("Record a s&ession…"),
            Action.SETTLE: self.tr("Se&ttled…"),
            Action.FAIL: self.tr("&Failed…"),
            Action.CLOSE: self.tr("&Close…"),
            Action.FOLLOW_UP: self.tr("F&ollow up…"),
            Action.EXTEND: self.tr("E&xtend…"),
        }
        self._add_action_buttons(texts)
        self.print_agreement_button = QPushButton(self.tr("Print a&greement…"))
        self.print_agreement_button.clicked.connect(lambda: self.print_paper("agreement"))
        self.print_registration_button = QPushButton(self.tr("Print registratio&n form…"))
        self.print_registration_button.clicked.connect(lambda: self.print_paper("registration"))
        for button in (self.print_agreement_button, self.print_registration_button):
            button.setAutoDefault(False)
            self._button_row.addWidget(button)

    def _make_facts(self) -> None:
        self.facts, self.fact_labels = facts_form(
            (
                ("received", self.tr("Received")),
                ("source", self.tr("Source")),
                ("category", self.tr("Category")),
                ("place", self.tr("Place")),
                ("size", self.tr("People, amount")),
                ("risk", self.tr("Risk")),
                ("reporter", self.tr("Reported by")),
                ("level", self.tr("Level")),
                ("due", self.tr("Due")),
                ("outcome", self.tr("Outcome")),
                ("summary", self.tr("Summary")),
            )
        )

        self.parties_model = TextRowsModel(
            [
                self.tr("Type"),
                self.tr("Name"),
                self.tr("Citizen ID"),
                self.tr("Phone"),
                self.tr("Address"),
            ],
            self,
        )
        self.parties_table = small_table(self.parties_model, 4)
        self.mediators_model = TextRowsModel(
            [
                self.tr("Mediator"),
                self.tr("As"),
                self.tr("Assigned"),
                self.tr("Until"),
                self.tr("Reason replaced"),
            ],
            self,
        )
        self.mediators_table = small_table(self.mediators_model, 4)

        self._facts_panel = facts_panel(
            (
                self.facts,
                emphasise(QLabel(self.tr("Parties"))),
                self.parties_table,
                emphasise(QLabel(self.tr("Mediators (current and earlier)"))),
                self.mediators_table,
            ),
            minimum_width=380,
        )

    def _make_records(self) -> None:
        self._make_timeline()
        self.sessions_model = TextRowsModel(
            [
                self.tr("Date"),
                self.tr("Place"),
                self.tr("Mediators present"),
                self.tr("Parties present"),
                self.tr("Record"),
            ],
            self,
        )
        self.sessions_table = small_table(self.sessions_model, 4)
        self.follow_ups_model = TextRowsModel(
            [self.tr("Visited on"), self.tr("Performed"), self.tr("Note")], self
        )
        self.follow_ups_table = small_table(self.follow_ups_model, 2)
        self.agreement_form = QFormLayout()
        self.agreement_labels = add_fact_rows(
            self.agreement_form,
            (
                ("signed_on", self.tr("Signed on")),
                ("facts", self.tr("Facts and disputed points")),
                ("terms", self.tr("Agreed terms")),
                ("obligations", self.tr("Obligations")),
                ("performance", self.tr("Performance")),
                ("perform_by", self.tr("Perform by")),
                ("confirmation", self.tr("Judicial confirmation by")),
                ("follow_up", self.tr("Follow-up due")),
            ),
        )
        self.no_agreement = subdue(QLabel(self.tr("No agreement yet.")))
        agreement = QWidget()
        agreement_box = QVBoxLayout(agreement)
        agreement_box.addWidget(self.no_agreement)
        agreement_box.addLayout(self.agreement_form)
        agreement_box.addStretch(1)
        agreement_scroll = QScrollArea()
        agreement_scroll.setWidget(agreement)
        agreement_scroll.setWidgetResizable(True)

        self.records = QTabWidget()
        self.records.addTab(self.timeline_table, self.tr("Timeline"))
        self.records.addTab(self.sessions_table, self.tr("Sessions"))
        self.records.addTab(agreement_scroll, self.tr("Agreement"))
        self.records.addTab(self.follow_ups_table, self.tr("Follow-ups"))

    # ------------------------------------------------------------------------------------ show

    def show_case(self, case_id: int) -> bool:
        """Read the case and show it; False (with a message) when it cannot be read."""
        return self._show_read(
            lambda: cases.get_case(self._db, case_id, today=self._today()), self.set_case
        )

    def set_case(self, case: CaseInfo) -> None:
        self.case = case
        self.title_label.setText(case.number)
        self.state_label.setText(case.status.label)
        self._show_deadline(case)
        self._show_buttons(case)
        self._show_facts(case)
        self._show_records(case)

    def _show_deadline(self, case: CaseInfo) -> None:
        label = self.deadline_label
        if case.deadline is DeadlineState.NONE:
            label.setText(
                self.tr("Concluded {0}").format(case.concluded_on) if case.concluded_on else ""
            )
        else:
            text = self.tr("Due {0}").format(case.due_on)
            if case.deadline is not DeadlineState.ON_TIME:
                text += f"  {case.deadline.label}"
            label.setText(text)
        brush = DUE_TEXT.get(case.deadline)
        label.setStyleSheet(f"color: {brush.color().name()};" if brush is not None else "")

    def _show_buttons(self, case: CaseInfo) -> None:
        allowed = set(case.actions)
        for action, button in self.action_buttons.items():
            shown = bool(allowed & set(ROUTING)) if action is Action.ROUTE else action in allowed
            button.setVisible(shown)
        self.print_agreement_button.setVisible(case.agreement is not None)

    def _show_facts(self, case: CaseInfo) -> None:
        facts = self.fact_labels
        facts["received"].setText(case.received_on.isoformat())
        facts["source"].setText(case.source)
        facts["category"].setText(case.category)
        facts["place"].setText(case.place)
        size = self.tr("{0} people").format(case.people_involved)
        if case.amount_fen is not None:
            size += self.tr(", {0} yuan").format(case.amount_text)
        facts["size"].setText(size)
        risk = [case.risk]
        if case.criminal_risk:
            risk.append(self.tr("risk of turning criminal"))
        if case.group_risk:
            risk.append(self.tr("group incident risk"))
        facts["risk"].setText("，".join(risk))
        facts["reporter"].setText(case.reporter or "—")
        level = case.level.label if case.level is not None else self.tr("Not routed yet")
        if case.transferred_to:
            level = f"{level}：{case.transferred_to}"
        facts["level"].setText(level)
        due = case.due_on.isoformat()
        if case.due_on != case.original_due_on:
            due = self.tr("{0} (extended; originally {1})").format(due, case.original_due_on)
        facts["due"].setText(due)
        outcome = case.outcome.label if case.outcome is not None else "—"
        if case.concluded_on is not None:
            outcome = f"{outcome}（{case.concluded_on}）"
        facts["outcome"].setText(outcome)
        facts["summary"].setText(case.summary)

        kinds = {"person": self.tr("Person"), "organisation": self.tr("Organisation")}
        self.parties_model.set_rows(
            [
                (kinds.get(p.kind, p.kind), p.name, p.masked_id, p.masked_phone, p.address or "")
                for p in case.parties
            ]
        )
        ended = concluded_at(case)
        self.mediators_model.set_rows([self._mediator_row(m, ended) for m in self._mediators(case)])
        fit_to_rows(self.parties_table)
        fit_to_rows(self.mediators_table)

    def _mediators(self, case: CaseInfo) -> list[MediatorOnCase]:
        """Current mediators first (the lead before the second), then earlier ones."""
        earlier = [m for m in case.mediators if not m.current]
        return [*case.current_mediators, *sorted(earlier, key=lambda m: m.assigned_at)]

    def _mediator_row(self, mediator: MediatorOnCase, case_ended: str) -> tuple[str, ...]:
        """A mediator still on the case is there 至今 while it is open, and until its end once
        it is concluded."""
        place = self.tr("Lead") if mediator.lead else self.tr("Second")
        until = when(mediator.ended_at) if mediator.ended_at else case_ended or self.tr("Now")
        return (
            mediator.name,
            place,
            when(mediator.assigned_at),
            until,
            mediator.end_reason or "",
        )

    def _show_records(self, case: CaseInfo) -> None:
        self.timeline_model.set_rows([step_row(step) for step in case.steps])
        self.sessions_model.set_rows(
            [
                (
                    s.held_on.isoformat(),
                    s.place,
                    s.mediators_present,
                    s.parties_present,
                    s.record,
                )
                for s in case.sessions
            ]
        )
        yes, no = self.tr("Yes"), self.tr("No")
        self.follow_ups_model.set_rows(
            [
                (f.visited_on.isoformat(), yes if f.performed else no, f.note)
                for f in case.follow_ups
            ]
        )
        agreement = case.agreement
        self.no_agreement.setVisible(agreement is None)
        for label in self.agreement_labels.values():
            label.setText("")
        for row in range(self.agreement_form.rowCount()):
            self.agreement_form.setRowVisible(row, agreement is not None)
        if agreement is not None:
            texts = {
                "signed_on": agreement.signed_on.isoformat(),
                "facts": agreement.facts,
                "terms": agreement.terms,
                "obligations": agreement.obligations,
                "performance": agreement.performance,
                "perform_by": agreement.perform_by.isoformat() if agreement.perform_by else "",
                "confirmation": agreement.confirmation_due_on.isoformat(),
                "follow_up": agreement.follow_up_due_on.isoformat(),
            }
            for key, text in texts.items():
                self.agreement_labels[key].setText(text or "—")

    # --------------------------------------------------------------------------------- actions

    def take(self, action: Action) -> None:
        """Open the dialog of `action` on the shown case."""
        if self.case is None:
            return
        if action in (Action.ASSIGN, Action.REASSIGN):
            self._mediator_dialog(action)
            return
        dialog = ACTION_DIALOGS[action](
            self._db, self.case, actor=self._actor, today=self._today, parent=self
        )
        self._open(dialog)

    def _mediator_dialog(self, action: Action) -> None:
        case = self.case
        assert case is not None
        replacing: MediatorOnCase | None = None
        if action is Action.REASSIGN:
            current = list(case.current_mediators)
            if len(current) > 1:
                replacing = self._choose_mediator(current)
                if replacing is None:
                    return
            elif current:
                replacing = current[0]
        from desktop.views.mediator_dialog import AssignMediatorDialog  # loads on first use

        dialog = AssignMediatorDialog(
            self._db,
            case,
            actor=self._actor,
            replacing=replacing,
            today=self._today(),
            parent=self,
        )
        self._open(dialog)

    def _choose_mediator(self, current: list[MediatorOnCase]) -> MediatorOnCase | None:
        """Which of the mediators on the case is replaced: a menu under the button."""
        menu = QMenu(self)
        for mediator in current:
            text = self._mediator_row(mediator)[:2]
            menu.addAction(f"{text[0]}（{text[1]}）").setData(mediator.id)
        button = self.action_buttons[Action.REASSIGN]
        chosen = menu.exec(button.mapToGlobal(button.rect().bottomLeft()))
        menu.deleteLater()
        if chosen is None:
            return None
        return next(m for m in current if m.id == chosen.data())

    def print_paper(self, name: str) -> None:
        """The case's agreement or registration form, to see, print or save."""
        if self.case is None:
            return
        from desktop.reports.request import ReportRequest
        from desktop.views.report_dialog import ReportDialog  # QtPdf loads with the first paper

        request = ReportRequest(
            case_number=self.case.number, today=self._today(), author=self._actor
        )
        dialog = ReportDialog(self._db, name, request, self._actor, self)
        open_dialog(self, dialog, lambda _accepted: None)

    def _open(self, dialog: QDialog) -> None:
        """Window-modal without blocking; afterwards the case is shown as it now is."""

        def finished(accepted: bool) -> None:
            updated = getattr(dialog, "result_case", None)
            if accepted and updated is not None:
                self.show_case(updated.id)  # full detail, read on the page's today
                self.changed.emit(updated.id)
            elif self.case is not None:
                self.show_case(self.case.id)

        open_dialog(self, dialog, finished)
