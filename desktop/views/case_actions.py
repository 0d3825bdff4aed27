"""The small dialogs behind the case page's action buttons: one per step of the workflow.

Each dialog calls one function of services.cases and keeps nothing itself: a ValidationError is
shown under its field, a refusal (the case changed meanwhile) in a message box, after which the
dialog closes and the page shows the case as it now is. `result_case` holds the case after a
successful step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from desktop.errors import ConflictError, FengwangError, RefusedError, ValidationError
from desktop.services import cases
from desktop.services.case_workflow import Action
from desktop.services.cases import AgreementDraft, CaseInfo, SessionDraft
from desktop.views import messages
from desktop.views.form import FormDialog
from desktop.views.widgets import DateEdit, choice_combo, set_combo_value
from desktop.vocabulary import RISK_LEVELS, TRANSFER_TARGETS, CaseStatus, HandlingLevel

if TYPE_CHECKING:
    from desktop.db import Database

Today = Callable[[], date]


def moment(today: Today) -> datetime:
    """When a step is recorded: the time of day now, on the page's today (injected in tests)."""
    return datetime.combine(today(), datetime.now().time().replace(microsecond=0))


def text_box(lines: int = 4) -> QPlainTextEdit:
    """A multi-line field in which Tab moves on, as everywhere else in a form."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


class StepDialog(FormDialog):
    """One step on one record (a case, a warning): a heading that names the record, the
    subclass's fields, and `step()`, the service call. A ValidationError is shown under its
    fields; a ConflictError (saved elsewhere meanwhile) at the top, the clerk's input kept; any
    other refusal (the step no longer allowed) in a message box, and the dialog closes."""

    def __init__(self, db: Database, heading: str, *, actor: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        label = QLabel(heading)
        label.setWordWrap(True)
        self.form.addRow(label)

    def note_field(self, label: str, key: str = "note", lines: int = 3) -> QPlainTextEdit:
        self.note_edit = text_box(lines)
        self.form.add_field(key, label, self.note_edit)
        return self.note_edit

    def note(self) -> str:
        return self.note_edit.toPlainText()

    def step(self) -> object:
        raise NotImplementedError

    def _keep(self, record: object) -> None:
        """Hold the record as the step left it, for the page to show."""
        raise NotImplementedError

    def save(self) -> None:
        self.form.clear_errors()
        try:
            self._keep(self.step())
        except ValidationError as err:
            self.show_errors(err.fields)
            return
        except ConflictError as err:  # saved elsewhere meanwhile: keep what the clerk wrote
            self.form.show_general(err.message)
            return
        except RefusedError as err:
            messages.show_error(self, err.message)
            self.reject()
            return
        except FengwangError as err:
            self.form.show_general(err.message)
            return
        self.accept()

    def show_errors(self, errors: dict[str, str]) -> None:
        self.form.show_errors(errors)


class CaseActionDialog(StepDialog):
    """One step on one case; subclasses build the form and implement `step()`."""

    def __init__(
        self,
        db: Database,
        case: CaseInfo,
        *,
        actor: str,
        today: Today = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db, f"{case.number}  {case.party_names}", actor=actor, parent=parent)
        self.case = case
        self._today = today
        self.result_case: CaseInfo | None = None

    def now(self) -> datetime:
        return moment(self._today)

    def _keep(self, record: CaseInfo) -> None:
        self.result_case = record


class AssessDialog(CaseActionDialog):
    """研判: weigh the risk; the level and flags given at intake may be corrected."""

    def __init__(self, db: Database, case: CaseInfo, **kwargs) -> None:
        super().__init__(db, case, **kwargs)
        self.setWindowTitle(self.tr("Assess the case"))
        self.risk_combo = choice_combo(RISK_LEVELS, blank=False)
        set_combo_value(self.risk_combo, case.risk)
        self.criminal_box = QCheckBox(self.tr("Risk of turning criminal"))
        self.criminal_box.setChecked(case.criminal_risk)
        self.group_box = QCheckBox(self.tr("Group incident risk"))
        self.group_box.setChecked(case.group_risk)
        flags = QWidget()
        row = QHBoxLayout(flags)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.criminal_box)
        row.addWidget(self.group_box)
        row.addStretch(1)
        self.form.add_field("risk", self.tr("&Risk"), self.risk_combo)
        self.form.add_field("flags", self.tr("Flags"), flags)
        self.note_field(self.tr("&Assessment"), lines=4)
        self.finish_layout(520)
        self.note_edit.setFocus()

    def step(self) -> CaseInfo:
        return cases.assess(
            self._db,
            self.case.id,
            actor=self._actor,
            loaded=self.case,
            note=self.note(),
            risk=self.risk_combo.currentData(),
            criminal_risk=self.criminal_box.isChecked(),
            group_risk=self.group_box.isChecked(),
            now=self.now(),
        )


class RouteDialog(CaseActionDialog):
    """分流: the level that handles the case, or a transfer to another body. Going higher than
    the case was (or to the county) is an escalation, and the reason is required."""

    def __init__(self, db: Database, case: CaseInfo, **kwargs) -> None:
        super().__init__(db, case, **kwargs)
        self.setWindowTitle(self.tr("Route the case"))
        self.level_group = QButtonGroup(self)
        self.level_buttons: dict[HandlingLevel, QRadioButton] = {}
        levels = QWidget()
        row = QHBoxLayout(levels)
        row.setContentsMargins(0, 0, 0, 0)
        texts = {
            HandlingLevel.VILLAGE: self.tr("&Village"),
            HandlingLevel.TOWNSHIP: self.tr("&Township"),
            HandlingLevel.COUNTY: self.tr("&County"),
            HandlingLevel.TRANSFERRED: self.tr("T&ransfer"),
        }
        for level, text in texts.items():
            button = QRadioButton(text)
            self.level_group.addButton(button)
            self.level_buttons[level] = button
            row.addWidget(button)
        row.addStretch(1)
        self.target_combo = QComboBox()
        self.target_combo.setEditable(True)
        self.target_combo.addItems(TRANSFER_TARGETS)
        self.target_combo.setCurrentIndex(-1)
        self.target_combo.lineEdit().setPlaceholderText(self.tr("Court, police or a department"))
        self.form.add_field("level", self.tr("Handled at"), levels)
        self.form.add_field("transferred_to", self.tr("Transfer t&o"), self.target_combo)
        self.note_field(self.tr("Reaso&n"))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.form.addRow("", self.hint)
        self.finish_layout(520)
        start = case.level
        if start is None or start is HandlingLevel.TRANSFERRED:
            start = HandlingLevel.VILLAGE if case.village_name else HandlingLevel.TOWNSHIP
        self.level_buttons[start].setChecked(True)
        self.level_group.buttonToggled.connect(lambda *_: self._update())
        self._update()
        self.level_buttons[start].setFocus()

    def level(self) -> HandlingLevel:
        for level, button in self.level_buttons.items():
            if button.isChecked():
                return level
        raise AssertionError("one level is always checked")

    def _update(self) -> None:
        level = self.level()
        transfer = level is HandlingLevel.TRANSFERRED
        self.form.set_field_visible("transferred_to", transfer)
        escalation = cases.routing_action(self.case.level, level) is Action.ESCALATE
        if transfer:
            self.hint.setText(self.tr("A transferred case leaves the centre's handling."))
        elif escalation:
            self.hint.setText(self.tr("This escalates the case: the reason is required."))
        else:
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))

    def step(self) -> CaseInfo:
        level = self.level()
        return cases.route(
            self._db,
            self.case.id,
            level,
            actor=self._actor,
            loaded=self.case,
            note=self.note(),
            transferred_to=self.target_combo.currentText()
            if level is HandlingLevel.TRANSFERRED
            else "",
            now=self.now(),
        )


class StartDialog(CaseActionDialog):
    """开始调解."""

    def __init__(self, db: Database, case: CaseInfo, **kwargs) -> None:
        super().__init__(db, case, **kwargs)
        self.setWindowTitle(self.tr("Start mediation"))
        mediators = QLabel(case.mediator_names)
        self.form.addRow(self.tr("Mediators"), mediators)
        self.note_field(self.tr("&Note"), lines=2)
        self.finish_layout()
        self.note_edit.setFocus()

    def step(self) -> CaseInfo:
        return cases.start_mediation(
            self._db,
            self.case.id,
            actor=self._actor,
            loaded=self.case,
            note=self.note(),
            now=self.now(),
        )


class SessionDialog(CaseActionDialog):
    """调解记录: one mediation session."""

    def __init__(self, db: Database, case: CaseInfo, **kwargs) -> None:
        super().__init__(db, case, **kwargs)
        self.setWindowTitle(self.tr("Record a session"))
        self.held_edit = DateEdit()
        self.held_edit.set_value(self._today())
        self.place_edit = QLineEdit()
        self.place_edit.setMaxLength(100)
        self.mediators_edit = QLineEdit(case.mediator_names)
        self.mediators_edit.setMaxLength(200)
        self.parties_edit = QLineEdit(case.party_names)
        self.parties_edit.setMaxLength(200)
        self.record_edit = text_box(6)
        self.form.add_field("held_on", self.tr("&Date"), self.held_edit)
        self.form.add_field("place", self.tr("&Place"), self.place_edit)
        self.form.add_field("mediators_present", self.tr("&Mediators present"), self.mediators_edit)
        self.form.add_field("parties_present", self.tr("P&arties present"), self.parties_edit)
        self.form.add_field("record", self.tr("&Record"), self.record_edit)
        self.finish_layout(560)
        self.place_edit.setFocus()

    def step(self) -> CaseInfo:
        draft = SessionDraft(
            held_on=self.held_edit.value(),
            place=self.place_edit.text(),
            mediators_present=self.mediators_edit.text(),
            parties_present=self.parties_edit.text(),
            record=self.record_edit.toPlainText(),
        )
        return cases.record_session(
            self._db, self.case.id, draft, actor=self._actor, loaded=self.case, now=self.now()
        )


class SettleDialog(CaseActionDialog):
    """调解成功: the agreement, as the printed 调解协议书 will state it."""

    def __init__(self, db: Database, case: CaseInfo, **kwargs) -> None:
        super().__init__(db, case, **kwargs)
        self.setWindowTitle(self.tr("Mediation agreement"))
        self.signed_edit = DateEdit()
        self.signed_edit.set_value(self._today())
        self.facts_edit = text_box(3)
        self.terms_edit = text_box(4)
        self.obligations_edit = text_box(2)
        self.performance_edit = QLineEdit()
        self.performance_edit.setPlaceholderText(self.tr("How and where it is carried out"))
        self.perform_by_edit = DateEdit(blank_text=self.tr("Not given"))
        self.form.add_field("signed_on", self.tr("&Signed on"), self.signed_edit)
        self.form.add_field("facts", self.tr("&Facts and disputed points"), self.facts_edit)
        self.form.add_field("terms", self.tr("Agreed &terms"), self.terms_edit)
        self.form.add_field("obligations", self.tr("&Obligations"), self.obligations_edit)
        self.form.add_field("performance", self.tr("&Performance"), self.performance_edit)
        self.form.add_field("perform_by", self.tr("Perform &by"), self.perform_by_edit)
        self.finish_layout(600)
        self.facts_edit.setFocus()

    def step(self) -> CaseInfo:
        draft = AgreementDraft(
            signed_on=self.signed_edit.value(),
            terms=self.terms_edit.toPlainText(),
            facts=self.facts_edit.toPlainText(),
            obligations=self.obligations_edit.toPlainText(),
            performance=self.performance_edit.text(),
            perform_by=self.perform_by_edit.value(),
        )
        return cases.settle(
            self._db, self.case.id, draft, actor=self._actor, loaded=self.case, now=self.now()
        )


class FailDialog(CaseActionDialog):
    """调解不成: why; the case is then routed again, escalated, transferred or closed."""

    def __init__(self, db: Database, case: CaseInfo, **kwargs) -> None:
        super().__init__(db, case, **kwargs)
        self.setWindowTitle(self.tr("Mediation failed"))
        self.note_field(self.tr("&Reason"), lines=4)
        self.finish_layout()
        self.note_edit.setFocus()

    def step(self) -> CaseInfo:
        return cases.fail(
            self._db,
            self.case.id,
            actor=self._actor,
            loaded=self.case,
            note=self.note(),
            now=self.now(),
        )


class CloseDialog(CaseActionDialog):
    """结案. A case that failed is concluded as not settled, on the date given here."""

    def __init__(self, db: Database, case: CaseInfo, **kwargs) -> None:
        super().__init__(db, case, **kwargs)
        self.setWindowTitle(self.tr("Close the case"))
        self.failed = case.status is CaseStatus.FAILED
        self.on_edit = DateEdit()
        self.on_edit.set_value(self._today())
        if self.failed:
            self.form.add_field("on", self.tr("&Closed on"), self.on_edit)
            self.note_field(self.tr("&Reason and other routes told to the parties"), lines=4)
        else:
            self.note_field(self.tr("&Note"), lines=2)
        self.finish_layout(520)
        self.note_edit.setFocus()

    def step(self) -> CaseInfo:
        return cases.close(
            self._db,
            self.case.id,
            actor=self._actor,
            loaded=self.case,
            note=self.note(),
            on=self.on_edit.value() if self.failed else None,
            now=self.now(),
        )


class FollowUpDialog(CaseActionDialog):
    """回访: is the agreement being honoured?"""

    def __init__(self, db: Database, case: CaseInfo, **kwargs) -> None:
        super().__init__(db, case, **kwargs)
        self.setWindowTitle(self.tr("Follow-up visit"))
        self.visited_edit = DateEdit()
        self.visited_edit.set_value(self._today())
        self.performed_box = QCheckBox(self.tr("The agreement is being &honoured"))
        self.performed_box.setChecked(True)
        self.form.add_field("visited_on", self.tr("&Visited on"), self.visited_edit)
        self.form.add_field("performed", self.tr("Performed"), self.performed_box)
        self.note_field(self.tr("&Note"))
        self.finish_layout()
        self.note_edit.setFocus()

    def step(self) -> CaseInfo:
        return cases.follow_up(
            self._db,
            self.case.id,
            self.visited_edit.value(),
            self.performed_box.isChecked(),
            actor=self._actor,
            loaded=self.case,
            note=self.note(),
            now=self.now(),
        )


class ExtendDialog(CaseActionDialog):
    """延期: a later due date, with the reason (e.g. both parties agreed)."""

    def __init__(self, db: Database, case: CaseInfo, **kwargs) -> None:
        super().__init__(db, case, **kwargs)
        self.setWindowTitle(self.tr("Extend the deadline"))
        self.form.addRow(self.tr("Due now"), QLabel(case.due_on.isoformat()))
        self.due_edit = DateEdit()
        self.due_edit.set_value(max(case.due_on, self._today()) + timedelta(days=15))
        self.form.add_field("due_on", self.tr("&New due date"), self.due_edit)
        self.note_field(self.tr("&Reason"), key="reason")
        self.finish_layout()
        self.note_edit.setFocus()

    def step(self) -> CaseInfo:
        return cases.extend(
            self._db,
            self.case.id,
            self.due_edit.value(),
            actor=self._actor,
            loaded=self.case,
            reason=self.note(),
            now=self.now(),
        )
