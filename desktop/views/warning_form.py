"""上报预警: the new-warning form.

services.warnings.report_warning validates everything and names each bad field in Chinese; the
form puts each message under its field and stays open. The reporter is chosen from the people in
post in the village (or township) where the warning was seen, those of the unit itself first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget

from desktop.services import roster, warnings
from desktop.services.lookups import UnitInfo
from desktop.services.warning_settings import list_warning_types
from desktop.services.warnings import WarningDraft, WarningInfo
from desktop.views.case_actions import text_box
from desktop.views.form import FormDialog
from desktop.views.unit_picker import UnitPicker
from desktop.views.warning_actions import MomentEdit, Now, area_units, people_in_post, wall_clock
from desktop.views.widgets import choice_combo
from desktop.vocabulary import URGENCIES, WARNING_LEVELS

if TYPE_CHECKING:
    from desktop.db import Database

WHERE_LEVELS = (*WARNING_LEVELS[::-1],)  # a warning is seen in a township, village, grid…


class NewWarningDialog(FormDialog):
    """`saved` holds the reported warning once saved."""

    def __init__(
        self,
        db: Database,
        *,
        units: list[UnitInfo],
        actor: str,
        now: Now = wall_clock,
        default_unit_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._units = units
        self._people = roster.list_people(db)  # read once: the list is refilled per unit
        self._actor = actor
        self._now = now
        self.saved: WarningInfo | None = None
        self.setWindowTitle(self.tr("Report a warning"))

        moment = now()
        self.reported_edit = MomentEdit(moment, moment)
        self.unit_picker = UnitPicker()
        self.unit_picker.set_units(units, levels=WHERE_LEVELS, blank="")
        self.unit_picker.select_unit(default_unit_id)
        self.type_combo = QComboBox()
        self.type_combo.addItem("", None)
        for kind in list_warning_types(db):
            self.type_combo.addItem(kind.name, kind.id)
        self.urgency_combo = choice_combo(URGENCIES, blank=False)
        self.description_edit = text_box(4)
        self.people_spin = QSpinBox()
        self.people_spin.setRange(0, 100000)
        self.people_spin.setSuffix(self.tr(" people"))
        self.reporter_combo = QComboBox()
        self.reporter_combo.setMaxVisibleItems(20)

        self.form.add_field("reported_at", self.tr("&When"), self.reported_edit)
        self.form.add_field("unit", self.tr("W&here"), self.unit_picker)
        self.form.add_field("type", self.tr("&Type"), self.type_combo)
        self.form.add_field("urgency", self.tr("&Urgency"), self.urgency_combo)
        self.form.add_field("description", self.tr("What was &seen"), self.description_edit)
        self.form.add_field("people_affected", self.tr("&People affected"), self.people_spin)
        self.form.add_field("reporter", self.tr("&Reported by"), self.reporter_combo)
        self.finish_layout(600)

        self.unit_picker.currentIndexChanged.connect(self._fill_reporters)
        self.reported_edit.dateChanged.connect(self._fill_reporters)  # who was in post that day
        self._fill_reporters()
        self.unit_picker.setFocus()

    def _fill_reporters(self) -> None:
        chosen = self.reporter_combo.currentData()
        self.reporter_combo.clear()
        self.reporter_combo.addItem("", None)
        unit_id = self.unit_picker.unit_id()
        if unit_id is None:
            return
        near = area_units(self._units, unit_id)
        day = self.reported_edit.value().date()
        # those posted in the unit itself first, then the rest of its village
        for person, posts in people_in_post(self._people, day, near={unit_id}):
            if any(a.unit_id in near and a.active_on(day) for a in person.assignments):
                self.reporter_combo.addItem(f"{person.name}（{posts}）", person.id)
        self.reporter_combo.setCurrentIndex(max(self.reporter_combo.findData(chosen), 0))

    def reporter_names(self) -> list[str]:
        """The reporters offered, as listed (tests too)."""
        return [self.reporter_combo.itemText(i) for i in range(1, self.reporter_combo.count())]

    def choose_reporter(self, person_id: int) -> None:
        self.reporter_combo.setCurrentIndex(max(self.reporter_combo.findData(person_id), 0))

    def draft(self) -> WarningDraft:
        return WarningDraft(
            unit_id=self.unit_picker.unit_id() or 0,
            type_id=self.type_combo.currentData() or 0,
            urgency=self.urgency_combo.currentData(),
            description=self.description_edit.toPlainText(),
            reporter_id=self.reporter_combo.currentData() or 0,
            reported_at=self.reported_edit.value(),
            people_affected=self.people_spin.value(),
        )

    def save(self) -> None:
        def report() -> None:
            self.saved = warnings.report_warning(
                self._db, self.draft(), actor=self._actor, now=self._now()
            )

        self.form.clear_errors()
        self.save_with(report)
