"""The dialogs of the steps on one warning: 派单, 改派, 提级, 响应, 反馈, 办结, 党员报到 and
转为矛盾纠纷案件.

Each dialog calls one function of services.warnings with the warning as the page read it
(`loaded`); a ValidationError puts each message under its field; a ConflictError (another step
was taken on the warning meanwhile, though this one is still allowed) is shown at the top and the
dialog stays open with what the clerk wrote; a RefusedError (the step is no longer allowed, e.g.
another clerk closed the warning first) is shown in a message box and the dialog closes. `result` holds the warning as the step left it.
The clock is the page's (`now`), so that tests fix the time of every step.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import case_settings, lookups, roster, warnings
from desktop.services.lookups import UnitInfo
from desktop.services.roster import PersonInfo
from desktop.services.warning_settings import deadlines_for
from desktop.services.warnings import WarningInfo
from desktop.views.case_actions import StepDialog, text_box
from desktop.views.case_form import PartyRows
from desktop.views.record_pages import when
from desktop.vocabulary import DISPATCH_BODIES, Level

if TYPE_CHECKING:
    from desktop.db import Database

Now = Callable[[], datetime]
MOMENT_FORMAT = "yyyy-MM-dd HH:mm"


def wall_clock() -> datetime:
    """The machine's time to the minute: what a step is stamped with outside tests."""
    return datetime.now().replace(second=0, microsecond=0)


class MomentEdit(QDateTimeEdit):
    """A date and time to the minute with a calendar popup, never later than `latest`."""

    def __init__(self, value: datetime, latest: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(MOMENT_FORMAT)
        self.setCalendarPopup(True)
        self.setMaximumDateTime(to_qt(latest))
        self.setDateTime(to_qt(value))

    def value(self) -> datetime:
        moment = self.dateTime()
        day, time = moment.date(), moment.time()
        return datetime(day.year(), day.month(), day.day(), time.hour(), time.minute())


def to_qt(moment: datetime) -> QDateTime:
    return QDateTime(
        QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)
    )


def posts_on(person: PersonInfo, day: date) -> str:
    """The posts a person holds that day, as "网格长·青山村第一网格，…" ("" when none)."""
    return "，".join(f"{a.role}·{a.unit_name}" for a in person.assignments if a.active_on(day))


def area_units(units: list[UnitInfo], unit_id: int) -> set[int]:
    """The units of the village (or, above villages, the township) a unit lies in: the people
    posted there know the place and are offered first."""
    by_id = {unit.id: unit for unit in units}
    area = by_id.get(unit_id)
    while area is not None and area.level not in (Level.VILLAGE, Level.TOWNSHIP):
        area = by_id.get(area.parent_id) if area.parent_id is not None else None
    if area is None:
        return {unit_id}
    return lookups.subtree_ids(((u.id, u.parent_id) for u in units), area.id)


def people_in_post(
    people: list[PersonInfo], day: date, *, near: Collection[int] = ()
) -> list[tuple[PersonInfo, str]]:
    """Those of `people` holding a post on `day`, with their posts; those posted in a unit of
    `near` first."""
    found = []
    for person in people:
        posts = posts_on(person, day)
        if posts:
            close_by = any(a.unit_id in near and a.active_on(day) for a in person.assignments)
            found.append((not close_by, person.name, person, posts))
    found.sort(key=lambda entry: entry[:2])
    return [(person, posts) for _far, _name, person, posts in found]


class WarningStepDialog(StepDialog):
    """One step on one warning; subclasses build the form and implement `step()`."""

    def __init__(
        self,
        db: Database,
        warning: WarningInfo,
        *,
        actor: str,
        now: Now = wall_clock,
        parent: QWidget | None = None,
    ) -> None:
        heading = (
            f"{warning.number}  {warning.type}·{warning.urgency}  {warning.place}\n"
            f"{warning.description}"
        )
        super().__init__(db, heading, actor=actor, parent=parent)
        self.warning = warning
        self._now = now
        self.result: WarningInfo | None = None

    def _keep(self, record: WarningInfo) -> None:
        self.result = record


class WarningDispatchDialog(WarningStepDialog):
    """派单 (or 改派, with `reassign`): to a body (派出所 … or any named body) or to a person in
    post. The deadlines shown are those the urgency gives from now."""

    def __init__(self, db: Database, warning: WarningInfo, *, reassign: bool = False, **kwargs):
        super().__init__(db, warning, **kwargs)
        self.reassign = reassign
        self.setWindowTitle(self.tr("Reassign") if reassign else self.tr("Dispatch"))
        if reassign and warning.target:
            self.form.addRow(self.tr("Dispatched to"), QLabel(warning.target))
        self.body_button = QRadioButton(self.tr("A &body"))
        self.person_button = QRadioButton(self.tr("A &person"))
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.body_button)
        self.kind_group.addButton(self.person_button)
        self.body_combo = QComboBox()
        self.body_combo.setEditable(True)
        self.body_combo.addItems(DISPATCH_BODIES)
        self.body_combo.setCurrentIndex(-1)
        self.body_combo.lineEdit().setPlaceholderText(self.tr("Choose or type a body"))
        self.person_combo = QComboBox()
        self.person_combo.addItem("", None)
        today = self._now().date()
        near = area_units(lookups.list_units(db), warning.unit_id)
        for person, posts in people_in_post(roster.list_people(db), today, near=near):
            self.person_combo.addItem(f"{person.name}（{posts}）", person.id)
        self.person_combo.setMaxVisibleItems(20)
        target = QWidget()
        box = QVBoxLayout(target)
        box.setContentsMargins(0, 0, 0, 0)
        kinds = QHBoxLayout()
        kinds.addWidget(self.body_button)
        kinds.addWidget(self.person_button)
        kinds.addStretch(1)
        box.addLayout(kinds)
        box.addWidget(self.body_combo)
        box.addWidget(self.person_combo)
        self.form.add_field("target", self.tr("&To"), target)
        self.deadline_label = QLabel(self.deadlines_text())
        self.deadline_label.setWordWrap(True)
        self.form.addRow(self.tr("Deadlines"), self.deadline_label)
        if reassign:
            self.note_field(self.tr("&Reason"), key="reason")
        else:
            self.note_field(self.tr("&Note"), lines=2)
        self.finish_layout(560)
        self.body_button.setChecked(True)
        self.kind_group.buttonToggled.connect(lambda *_: self._update())
        self._update()
        self.body_combo.setFocus()

    def deadlines_text(self) -> str:
        """The deadlines a dispatch made now would get, as the service sets them from the
        urgency: "紧急：2 小时内响应（03-02 11:00 前），24 小时内办结（03-03 09:00 前）"."""
        start = self._now()
        response_due, complete_due = deadlines_for(self._db, self.warning.urgency, start)
        return self.tr(
            "{0}: respond within {1} hours (by {2}), finish within {3} hours (by {4})"
        ).format(
            self.warning.urgency,
            int((response_due - start).total_seconds() // 3600),
            f"{response_due:%m-%d %H:%M}",
            int((complete_due - start).total_seconds() // 3600),
            f"{complete_due:%m-%d %H:%M}",
        )

    def _update(self) -> None:
        person = self.person_button.isChecked()
        self.body_combo.setVisible(not person)
        self.person_combo.setVisible(person)
        (self.person_combo if person else self.body_combo).setFocus()

    def choose_body(self, body: str) -> None:
        self.body_button.setChecked(True)
        self.body_combo.setCurrentText(body)

    def choose_person(self, person_id: int) -> None:
        self.person_button.setChecked(True)
        self.person_combo.setCurrentIndex(max(self.person_combo.findData(person_id), 0))

    def step(self) -> WarningInfo:
        person_id = self.person_combo.currentData() if self.person_button.isChecked() else None
        target = "" if self.person_button.isChecked() else self.body_combo.currentText()
        if self.reassign:
            return warnings.reassign(
                self._db,
                self.warning.id,
                target,
                person_id=person_id,
                reason=self.note(),
                actor=self._actor,
                now=self._now(),
                loaded=self.warning,
            )
        return warnings.dispatch(
            self._db,
            self.warning.id,
            target,
            person_id=person_id,
            actor=self._actor,
            note=self.note(),
            now=self._now(),
            loaded=self.warning,
        )


class WarningEscalateDialog(WarningStepDialog):
    """提级: the unit above (as the service will choose it) takes the warning and dispatches it
    again."""

    def __init__(self, db: Database, warning: WarningInfo, **kwargs) -> None:
        super().__init__(db, warning, **kwargs)
        self.setWindowTitle(self.tr("Escalate"))
        self.target_label = QLabel(
            self.tr("{0} ({1} level)").format(
                warning.escalates_to_unit,
                warning.escalates_to.label if warning.escalates_to is not None else "",
            )
        )
        self.form.addRow(self.tr("Escalate to"), self.target_label)
        explained = QLabel(
            self.tr(
                "Handled at {0} now. That level takes it over and dispatches it again;"
                " the current dispatch ends."
            ).format(warning.level.label)
        )
        explained.setWordWrap(True)
        self.form.addRow("", explained)
        self.note_field(self.tr("&Reason"), key="reason", lines=4)
        self.finish_layout(520)
        self.note_edit.setFocus()

    def step(self) -> WarningInfo:
        return warnings.escalate(
            self._db,
            self.warning.id,
            reason=self.note(),
            actor=self._actor,
            now=self._now(),
            loaded=self.warning,
        )


class WarningRespondDialog(WarningStepDialog):
    """响应: the dispatched body or person took the job, at the time they did (a phone call may
    be recorded after it came)."""

    def __init__(self, db: Database, warning: WarningInfo, **kwargs) -> None:
        super().__init__(db, warning, **kwargs)
        self.setWindowTitle(self.tr("Response"))
        dispatch = warning.current_dispatch
        if dispatch is not None:
            self.form.addRow(
                self.tr("Dispatched to"),
                QLabel(
                    self.tr("{0}, respond by {1}").format(
                        dispatch.target, when(dispatch.response_due)
                    )
                ),
            )
        now = self._now()
        self.at_edit = MomentEdit(now, now)
        self.form.add_field("at", self.tr("Responded &at"), self.at_edit)
        self.note_field(self.tr("&Note"), lines=2)
        self.finish_layout()
        self.at_edit.setFocus()

    def step(self) -> WarningInfo:
        return warnings.respond(
            self._db,
            self.warning.id,
            actor=self._actor,
            note=self.note(),
            at=self.at_edit.value(),
            now=self._now(),
            loaded=self.warning,
        )


class WarningFeedbackDialog(WarningStepDialog):
    """反馈: what the body did or found; may be given more than once."""

    def __init__(self, db: Database, warning: WarningInfo, **kwargs) -> None:
        super().__init__(db, warning, **kwargs)
        self.setWindowTitle(self.tr("Feedback"))
        self.note_field(self.tr("&What was done"), key="text", lines=5)
        self.finish_layout(520)
        self.note_edit.setFocus()

    def step(self) -> WarningInfo:
        return warnings.feedback(
            self._db,
            self.warning.id,
            self.note(),
            actor=self._actor,
            now=self._now(),
            loaded=self.warning,
        )


class WarningCloseDialog(WarningStepDialog):
    """办结 with the result."""

    def __init__(self, db: Database, warning: WarningInfo, **kwargs) -> None:
        super().__init__(db, warning, **kwargs)
        self.setWindowTitle(self.tr("Close the warning"))
        self.note_field(self.tr("&Result"), key="result", lines=5)
        self.finish_layout(520)
        self.note_edit.setFocus()

    def step(self) -> WarningInfo:
        return warnings.close(
            self._db,
            self.warning.id,
            self.note(),
            actor=self._actor,
            now=self._now(),
            loaded=self.warning,
        )


class PartyReportDialog(WarningStepDialog):
    """党员报到: a party member in post (中共党员 only), when, and what they did."""

    def __init__(self, db: Database, warning: WarningInfo, **kwargs) -> None:
        super().__init__(db, warning, **kwargs)
        self.setWindowTitle(self.tr("Party member on duty"))
        now = self._now()
        self.person_combo = QComboBox()
        self.person_combo.addItem("", None)
        for member in warnings.party_members(db, warning.unit_id, on=now.date()):
            self.person_combo.addItem(f"{member.name}（{member.posts}）", member.person_id)
        self.person_combo.setMaxVisibleItems(20)
        self.at_edit = MomentEdit(now, now)
        self.form.add_field("person", self.tr("&Party member"), self.person_combo)
        self.form.add_field("at", self.tr("&When"), self.at_edit)
        self.note_field(self.tr("What they &did"), key="work", lines=4)
        self.finish_layout(560)
        self.person_combo.setFocus()

    def member_names(self) -> list[str]:
        """The party members offered, as listed (tests too)."""
        return [self.person_combo.itemText(i) for i in range(1, self.person_combo.count())]

    def step(self) -> WarningInfo:
        return warnings.party_report(
            self._db,
            self.warning.id,
            self.person_combo.currentData() or 0,
            self.note(),
            actor=self._actor,
            at=self.at_edit.value(),
            now=self._now(),
            loaded=self.warning,
        )


class ConvertDialog(PartyRows, WarningStepDialog):
    """转为矛盾纠纷案件: the case's category and parties (at least two); the warning's place,
    reporter and people go with it, its description is the summary unless changed."""

    def __init__(self, db: Database, warning: WarningInfo, **kwargs) -> None:
        super().__init__(db, warning, **kwargs)
        self.setWindowTitle(self.tr("Turn into a dispute case"))
        self.category_combo = QComboBox()
        self.category_combo.addItem("", None)
        for category in case_settings.list_categories(db):
            self.category_combo.addItem(category.name, category.id)
        self.form.add_field("category", self.tr("&Category"), self.category_combo)
        self.form.addRow(self._make_parties_box(lambda row: row.name_edit))
        self.summary_edit = text_box(3)
        self.summary_edit.setPlainText(warning.description)
        self.form.add_field("summary", self.tr("Su&mmary"), self.summary_edit)
        self.finish_layout(860)
        self.category_combo.setFocus()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Party messages (party0.name …) under their rows, the rest in the form."""
        by_row: dict[int, list[str]] = {}
        rest: dict[str, str] = {}
        for key, message in errors.items():
            position = self._party_position(key)
            if position is not None:
                by_row.setdefault(position, []).append(message)
            elif key != "parties":
                rest[key] = message
        self._show_party_errors(by_row, errors)
        self.form.show_errors(rest)

    def step(self) -> WarningInfo:
        return warnings.convert_to_case(
            self._db,
            self.warning.id,
            tuple(row.draft() for row in self.party_rows),
            category_id=self.category_combo.currentData() or 0,
            actor=self._actor,
            summary=self.summary_edit.toPlainText(),
            now=self._now(),
            loaded=self.warning,
        )
