"""Add or edit a person; a new person may get a first post in the same step.

The dialog validates nothing itself: services.roster does, and its ValidationError names each bad
field in Chinese, which is shown under that field. Invalid input saves nothing and keeps the
dialog open.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.services import roster
from desktop.services.identity import IdNumberError, parse_citizen_id
from desktop.services.lookups import RoleInfo, UnitInfo
from desktop.services.roster import PersonDraft, PersonInfo
from desktop.views.form import FormDialog
from desktop.views.unit_picker import UnitPicker, unit_path
from desktop.views.widgets import DateEdit, choice_combo, set_combo_value
from desktop.vocabulary import EDUCATION_LEVELS, GENDERS, POLITICAL_STATUSES

if TYPE_CHECKING:
    from desktop.db import Database


class PersonDialog(FormDialog):
    """`saved_person_id` holds the person's id once saved."""

    def __init__(
        self,
        db: Database,
        *,
        units: list[UnitInfo],
        roles: list[RoleInfo],
        person: PersonInfo | None = None,
        default_unit_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._person = person
        self.saved_person_id: int | None = person.id if person else None
        self._role_assigned = False
        self.remove_boxes: dict[str, QCheckBox] = {}  # masked field → "remove the stored number"
        self.setWindowTitle(self.tr("Edit person") if person else self.tr("New person"))
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(40)
        self.id_edit = QLineEdit()
        self.id_edit.setMaxLength(24)  # room for pasted spaces; the service cleans them
        self.id_edit.setPlaceholderText(self.tr("18 digits; gender and birth date follow from it"))
        self.gender_combo = choice_combo(GENDERS)
        self.birth_edit = DateEdit(blank_text=self.tr("Not given"), latest=date.today())
        self.phone_edit = QLineEdit()
        self.phone_edit.setMaxLength(20)
        self.political_combo = choice_combo(POLITICAL_STATUSES)
        self.education_combo = choice_combo(EDUCATION_LEVELS)
        self.notes_edit = QLineEdit()
        self.notes_edit.setMaxLength(200)

        self.form.add_field("name", self.tr("&Name"), self.name_edit)
        self.form.add_field("citizen_id", self.tr("&Citizen ID"), self.id_edit)
        self.form.add_field("gender", self.tr("&Gender"), self.gender_combo)
        self.form.add_field("birth_date", self.tr("&Birth date"), self.birth_edit)
        self.form.add_field("phone", self.tr("&Phone"), self.phone_edit)
        self.form.add_field("political_status", self.tr("P&olitical status"), self.political_combo)
        self.form.add_field("education", self.tr("&Education"), self.education_combo)
        self.form.add_field("notes", self.tr("No&tes"), self.notes_edit)

        # A new person's first post; blank post = none.
        self.role_combo = QComboBox()
        self.unit_picker = UnitPicker()
        self.start_edit = DateEdit(latest=date.today())
        if person is None:
            heading = QLabel(self.tr("First post (optional)"))
            heading.setStyleSheet("font-weight: bold; margin-top: 6px;")
            self.form.addRow(heading)
            self.role_combo.addItem(self.tr("(none)"), None)
            for role in roles:
                self.role_combo.addItem(role.name, role.id)
            self.unit_picker.set_units(units, blank="")
            self.unit_picker.select_unit(default_unit_id)
            self.form.add_field("role", self.tr("&Role"), self.role_combo)
            self.form.add_field("unit", self.tr("&Unit"), self.unit_picker)
            self.form.add_field("start_date", self.tr("&Since"), self.start_edit)
            self.role_combo.currentIndexChanged.connect(self._on_role_changed)
            self._on_role_changed()
        else:
            self._fill(person, units)

        self.finish_layout(480)

        self.id_edit.textChanged.connect(self._fill_from_id)
        self.name_edit.setFocus()

    # ------------------------------------------------------------------------------------ fill

    def _fill(self, person: PersonInfo, units: list[UnitInfo]) -> None:
        self.name_edit.setText(person.name)
        # Privacy (DESIGN.md): the stored number and phone stay masked here too; the fields
        # start empty and only what the clerk types replaces them.
        if person.citizen_id:
            self.id_edit.setPlaceholderText(
                self.tr("{0} (type a new number to change it)").format(person.masked_id)
            )
            self._offer_removal("citizen_id", self.id_edit)
        set_combo_value(self.gender_combo, person.gender)
        self.birth_edit.set_value(person.birth_date)
        if person.phone:
            self.phone_edit.setPlaceholderText(
                self.tr("{0} (type a new number to change it)").format(person.masked_phone)
            )
            self._offer_removal("phone", self.phone_edit)
        set_combo_value(self.political_combo, person.political_status)
        set_combo_value(self.education_combo, person.education)
        self.notes_edit.setText(person.notes or "")
        if person.assignments:
            by_id = {unit.id: unit for unit in units}
            lines = []
            for held in reversed(person.assignments):
                unit = by_id.get(held.unit_id)
                place = unit_path(unit, by_id) if unit else held.unit_name
                if held.end_date is None:
                    lines.append(
                        self.tr("{0}, {1}, since {2}").format(held.role, place, held.start_date)
                    )
                else:
                    lines.append(
                        self.tr("{0}, {1}, {2} to {3}").format(
                            held.role, place, held.start_date, held.end_date
                        )
                    )
            history = QLabel("\n".join(lines))
            history.setWordWrap(True)
            self.form.addRow(self.tr("Posts held"), history)

    def _offer_removal(self, field: str, edit: QLineEdit) -> None:
        """An empty masked field keeps the stored number; this box is how one is removed."""
        box = QCheckBox(self.tr("Remove the stored number"))
        box.toggled.connect(lambda checked: (edit.clear(), edit.setEnabled(not checked)))
        row, _ = self.form.getWidgetPosition(self.form.rows[field])
        self.form.insertRow(row + 1, "", box)
        self.remove_boxes[field] = box

    def _fill_from_id(self, text: str) -> None:
        """A valid ID states gender and birth date; fill them in so the clerk need not."""
        if len(text.strip()) < 15:
            return
        try:
            parsed = parse_citizen_id(text)
        except IdNumberError:
            return
        set_combo_value(self.gender_combo, parsed.gender)
        self.birth_edit.set_value(parsed.birth_date)

    def _on_role_changed(self) -> None:
        chosen = self.role_combo.currentData() is not None
        self.unit_picker.setEnabled(chosen)
        self.start_edit.setEnabled(chosen)

    # ------------------------------------------------------------------------------------ save

    def _kept(self, field: str) -> str:
        """The stored value of a masked field left empty (an edit keeps it, unless removed)."""
        if self._person is None or (
            field in self.remove_boxes and self.remove_boxes[field].isChecked()
        ):
            return ""
        return getattr(self._person, field) or ""

    def draft(self) -> PersonDraft:
        return PersonDraft(
            name=self.name_edit.text(),
            citizen_id=self.id_edit.text().strip() or self._kept("citizen_id"),
            gender=self.gender_combo.currentData() or "",
            birth_date=self.birth_edit.value(),
            phone=self.phone_edit.text().strip() or self._kept("phone"),
            political_status=self.political_combo.currentData() or "",
            education=self.education_combo.currentData() or "",
            notes=self.notes_edit.text(),
        )

    def save(self) -> None:
        self.form.clear_errors()
        role_id = self.role_combo.currentData() if self._person is None else None
        unit_id = self.unit_picker.unit_id()
        # Check the person and the post together before anything is written, so that every
        # mistake shows at once and a half-entered post saves nothing.
        errors: dict[str, str] = {}
        try:
            roster.clean_person(self.draft())
        except ValidationError as err:
            errors.update(err.fields)
        if role_id is not None and unit_id is None:
            errors["unit"] = self.tr("Choose the unit where the post is held")
        if errors:
            self.form.show_errors(errors)
            return

        def action() -> None:
            if self.saved_person_id is None:
                self.saved_person_id = roster.add_person(self._db, self.draft()).id
            else:
                # Against the person as loaded: a change saved meanwhile elsewhere refuses this
                # save (shown at the top), the clerk's input stays in the form.
                roster.update_person(
                    self._db, self.saved_person_id, self.draft(), loaded=self._person
                )
            if role_id is not None and not self._role_assigned:
                start = self.start_edit.value() or date.today()
                roster.assign_role(self._db, self.saved_person_id, unit_id, role_id, start)
                self._role_assigned = True

        self.save_with(action)
