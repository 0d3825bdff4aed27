"""Add or edit a grid unit, or move one under another parent.

A unit's level follows from its parent (a village's child is a grid), so the dialog shows the
level and asks only for what a clerk knows: code, name, kind, statistics code and counts.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.errors import FengwangError, NotFoundError, ValidationError
from desktop.services import grid
from desktop.services.grid import UnitDraft
from desktop.services.lookups import UnitInfo
from desktop.views.form import FormDialog
from desktop.views.unit_picker import UnitPicker, unit_path
from desktop.vocabulary import MICRO_GRID_KINDS, VILLAGE_KINDS, Level

if TYPE_CHECKING:
    from desktop.db import Database

MAX_COUNT = 9_999_999
# Levels that have a 12-digit 统计用区划代码 (a township's ends in 000).
STATS_CODE_LEVELS = (Level.TOWNSHIP, Level.VILLAGE)


def suggest_code(parent: UnitInfo | None, siblings: int, taken: set[str]) -> str:
    """The parent's code plus the next two-digit number: a default the clerk may overwrite."""
    if parent is None:
        return ""
    number = siblings + 1
    while f"{parent.code}-{number:02d}" in taken:
        number += 1
    return f"{parent.code}-{number:02d}"


def _count(text: str) -> int | None:
    return int(text) if text.strip() else None


class UnitDialog(FormDialog):
    """New unit under `parent_unit` (None: a county), or edit `unit`. `saved_unit_id` after Save."""

    def __init__(
        self,
        db: Database,
        *,
        units: list[UnitInfo],
        parent_unit: UnitInfo | None = None,
        unit: UnitInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._unit = unit
        self.saved_unit_id: int | None = unit.id if unit else None
        if unit is not None:
            # The caller's tree may be older than this form: start from the unit as it is now,
            # so that only a change saved while the form is open refuses its save.
            with suppress(NotFoundError):  # deleted meanwhile: the save says so
                unit = grid.get_unit(db, unit.id)
            self._unit = unit
        by_id = {u.id: u for u in units}
        if unit is not None:
            level = unit.level
            parent_unit = by_id.get(unit.parent_id) if unit.parent_id is not None else None
        else:
            level = parent_unit.level.child if parent_unit else Level.COUNTY
            if level is None:
                raise ValueError("a micro-grid has no lower level")
        self._level = level
        self._parent_unit = parent_unit
        self.setWindowTitle(
            self.tr("Edit unit") if unit else self.tr("New unit: {0}").format(level.label)
        )
        parent_text = unit_path(parent_unit, by_id) if parent_unit else self.tr("(top level)")
        self.form.add_field("parent", self.tr("Parent unit"), QLabel(parent_text))
        self.form.addRow(self.tr("Level"), QLabel(level.label))
        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(32)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(60)
        self.kind_combo = QComboBox()
        if level is Level.MICRO:
            # What a micro-grid covers varies; the list is a suggestion, free text is allowed.
            self.kind_combo.setEditable(True)
            self.kind_combo.addItems(["", *MICRO_GRID_KINDS])
        elif level is Level.VILLAGE:
            self.kind_combo.addItems(list(VILLAGE_KINDS))
        self.stats_edit = QLineEdit()
        self.stats_edit.setMaxLength(12)
        self.stats_edit.setPlaceholderText(self.tr("12 digits"))
        self.households_edit = QLineEdit()
        self.households_edit.setValidator(QIntValidator(0, MAX_COUNT, self))
        self.population_edit = QLineEdit()
        self.population_edit.setValidator(QIntValidator(0, MAX_COUNT, self))

        self.form.add_field("code", self.tr("&Code"), self.code_edit)
        self.form.add_field("name", self.tr("&Name"), self.name_edit)
        self.form.add_field("kind", self.tr("&Kind"), self.kind_combo)
        self.form.add_field("stats_code", self.tr("&Statistics code"), self.stats_edit)
        self.form.add_field("households", self.tr("&Households"), self.households_edit)
        self.form.add_field("population", self.tr("&Population"), self.population_edit)
        self.form.set_field_visible("kind", level in (Level.VILLAGE, Level.MICRO))
        self.form.set_field_visible("stats_code", level in STATS_CODE_LEVELS)

        if unit is not None:
            self.code_edit.setText(unit.code)
            self.name_edit.setText(unit.name)
            if unit.kind:
                if self.kind_combo.findText(unit.kind) < 0:
                    self.kind_combo.addItem(unit.kind)
                self.kind_combo.setCurrentText(unit.kind)
            self.stats_edit.setText(unit.stats_code or "")
            self.households_edit.setText("" if unit.households is None else str(unit.households))
            self.population_edit.setText("" if unit.population is None else str(unit.population))
        else:
            siblings = sum(
                1 for u in units if u.parent_id == (parent_unit.id if parent_unit else None)
            )
            self.code_edit.setText(suggest_code(parent_unit, siblings, {u.code for u in units}))

        self.finish_layout(440)
        (self.name_edit if self.code_edit.text() else self.code_edit).setFocus()

    def draft(self) -> UnitDraft:
        level = self._level
        return UnitDraft(
            level=level,
            code=self.code_edit.text(),
            name=self.name_edit.text(),
            parent_id=self._parent_unit.id if self._parent_unit else None,
            kind=self.kind_combo.currentText() if level in (Level.VILLAGE, Level.MICRO) else None,
            stats_code=self.stats_edit.text() if level in STATS_CODE_LEVELS else None,
            households=_count(self.households_edit.text()),
            population=_count(self.population_edit.text()),
        )

    def save(self) -> None:
        self.form.clear_errors()

        def action() -> None:
            if self._unit is None:
                self.saved_unit_id = grid.create_unit(self._db, self.draft()).id
            else:
                grid.update_unit(self._db, self._unit.id, self.draft(), loaded=self._unit)

        self.save_with(action)


class MoveUnitDialog(FormDialog):
    """Put a unit (and all below it) under another parent of the level above it."""

    def __init__(
        self,
        db: Database,
        unit: UnitInfo,
        *,
        units: list[UnitInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._unit = unit
        self.setWindowTitle(self.tr("Move unit"))
        by_id = {u.id: u for u in units}
        self.form.addRow(self.tr("Unit"), QLabel(unit_path(unit, by_id)))
        self.parent_picker = UnitPicker()
        parent_level = unit.level.parent
        self.parent_picker.set_units(units, levels=(parent_level,) if parent_level else ())
        self.parent_picker.select_unit(unit.parent_id)
        self.form.add_field("parent", self.tr("New &parent"), self.parent_picker)

        self.finish_layout(440)
        self.parent_picker.setFocus()

    def save(self) -> None:
        self.form.clear_errors()
        new_parent = self.parent_picker.unit_id()
        if new_parent is None:
            self.form.show_errors({"parent": self.tr("Choose the new parent unit")})
            return
        try:
            grid.move_unit(self._db, self._unit.id, new_parent)
        except ValidationError as err:
            self.form.show_errors(err.fields)
            return
        except FengwangError as err:
            self.form.show_errors({"parent": err.message})
            return
        self.accept()
