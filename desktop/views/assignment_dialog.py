"""Give a person a post in a unit, or end one of the posts they hold.

Ending keeps the record as history (the roster then shows 已离任 once no post is open).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.services import roster
from desktop.services.lookups import RoleInfo, UnitInfo
from desktop.services.roster import AssignmentInfo, PersonInfo
from desktop.views.form import FormDialog
from desktop.views.unit_picker import UnitPicker, unit_path
from desktop.views.widgets import DateEdit

if TYPE_CHECKING:
    from desktop.db import Database


class AssignRoleDialog(FormDialog):
    def __init__(
        self,
        db: Database,
        person: PersonInfo,
        *,
        units: list[UnitInfo],
        roles: list[RoleInfo],
        default_unit_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._person = person
        self.setWindowTitle(self.tr("Assign a post"))
        self.form.addRow(self.tr("Person"), QLabel(f"{person.name}  {person.masked_id}"))
        self.unit_picker = UnitPicker()
        self.unit_picker.set_units(units, blank="")
        self.unit_picker.select_unit(default_unit_id)
        self.role_combo = QComboBox()
        self.role_combo.addItem("", None)
        for role in roles:
            self.role_combo.addItem(role.name, role.id)
        self.start_edit = DateEdit(latest=date.today())
        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(200)
        self.form.add_field("unit", self.tr("&Unit"), self.unit_picker)
        self.form.add_field("role", self.tr("P&ost"), self.role_combo)
        self.form.add_field("start_date", self.tr("&Since"), self.start_edit)
        self.form.add_field("note", self.tr("No&te"), self.note_edit)

        self.finish_layout(460)
        (self.role_combo if default_unit_id is not None else self.unit_picker).setFocus()

    def save(self) -> None:
        unit_id = self.unit_picker.unit_id()
        role_id = self.role_combo.currentData()
        missing = {}
        # An empty choice would reach the database as a NULL key; say so in the form instead.
        if unit_id is None:
            missing["unit"] = self.tr("Choose the unit where the post is held")
        if role_id is None:
            missing["role"] = self.tr("Choose a post")
        if missing:
            self.form.show_errors(missing)
            return

        def action() -> None:
            roster.assign_role(
                self._db,
                self._person.id,
                unit_id,
                role_id,
                self.start_edit.value() or date.today(),
                self.note_edit.text(),
            )

        self.save_with(action)


class EndAssignmentDialog(FormDialog):
    """Choose which of the person's open posts ends, and when."""

    def __init__(
        self,
        db: Database,
        person: PersonInfo,
        open_assignments: list[AssignmentInfo],
        *,
        units: list[UnitInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._held = {held.id: held for held in open_assignments}  # as loaded, to save against
        self.setWindowTitle(self.tr("End a post"))
        by_id = {unit.id: unit for unit in units}
        self.form.addRow(self.tr("Person"), QLabel(f"{person.name}  {person.masked_id}"))
        self.assignment_combo = QComboBox()
        for held in open_assignments:
            unit = by_id.get(held.unit_id)
            place = unit_path(unit, by_id) if unit else held.unit_name
            self.assignment_combo.addItem(
                self.tr("{0}, {1}, since {2}").format(held.role, place, held.start_date), held.id
            )
        self.end_edit = DateEdit()
        self.form.add_field("assignment", self.tr("P&ost"), self.assignment_combo)
        self.form.add_field("end_date", self.tr("&Left on"), self.end_edit)

        self.finish_layout(460)
        self.end_edit.setFocus()

    def save(self) -> None:
        def action() -> None:
            chosen = self.assignment_combo.currentData()
            roster.end_assignment(
                self._db,
                chosen,
                self.end_edit.value() or date.today(),
                loaded=self._held[chosen],
            )

        self.save_with(action)
