"""登记案件: the new-case form.

services.cases.register_case validates everything; its ValidationError names each bad field
(party fields as party0.name, party1.citizen_id …) and each message is shown where it belongs:
under the field, or under the party's row. A refused form saves nothing and stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import FengwangError, ValidationError
from desktop.services import case_settings, cases, roster
from desktop.services.cases import CaseDraft, CaseInfo, PartyDraft
from desktop.services.lookups import UnitInfo
from desktop.views.case_actions import Today, moment, text_box
from desktop.views.form import ErrorForm, make_error_label
from desktop.views.unit_picker import UnitPicker
from desktop.views.widgets import DateEdit, choice_combo
from desktop.vocabulary import CASE_SOURCES, RISK_LEVELS, Level

if TYPE_CHECKING:
    from desktop.db import Database

MIN_PARTIES = 2
# Field widths of a party row, shared by the column captions above the rows.
KIND_WIDTH, NAME_WIDTH, ID_WIDTH, PHONE_WIDTH = 76, 130, 180, 130
CASE_LEVELS = (Level.TOWNSHIP, Level.VILLAGE, Level.GRID, Level.MICRO)


class PartyRow(QWidget):
    """One party on one line: 个人/单位, name, ID, phone, address; its errors below it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("Person"), "person")
        self.kind_combo.addItem(self.tr("Organisation"), "organisation")
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(80)
        self.id_edit = QLineEdit()
        self.id_edit.setMaxLength(24)
        self.phone_edit = QLineEdit()
        self.phone_edit.setMaxLength(20)
        self.address_edit = QLineEdit()
        self.address_edit.setMaxLength(200)
        self.remove_button = QToolButton()
        self.remove_button.setText(self.tr("Remove"))
        for widget, width in (
            (self.kind_combo, KIND_WIDTH),
            (self.name_edit, NAME_WIDTH),
            (self.id_edit, ID_WIDTH),
            (self.phone_edit, PHONE_WIDTH),
        ):
            widget.setFixedWidth(width)
        self.error_label = make_error_label()
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        for widget in (self.kind_combo, self.name_edit, self.id_edit, self.phone_edit):
            line.addWidget(widget)
        line.addWidget(self.address_edit, 1)
        line.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(line)
        layout.addWidget(self.error_label)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)

    def _on_kind_changed(self) -> None:
        person = self.kind_combo.currentData() == "person"
        if not person:
            self.id_edit.clear()
        self.id_edit.setEnabled(person)

    def draft(self) -> PartyDraft:
        return PartyDraft(
            name=self.name_edit.text(),
            kind=self.kind_combo.currentData(),
            citizen_id=self.id_edit.text().strip(),
            phone=self.phone_edit.text().strip(),
            address=self.address_edit.text(),
        )

    def show_errors(self, messages: list[str]) -> None:
        self.error_label.setText("\n".join(messages))
        self.error_label.setVisible(bool(messages))


class PartyRows:
    """The parties box of the new-case form and of 转为案件 (a dialog mixes this in): at least
    MIN_PARTIES rows under column captions, a button that adds one, and the parties' own error
    line. Its texts are translated under "PartyRows", whichever dialog shows them."""

    party_rows: list[PartyRow]

    def _make_parties_box(self, focus_on_add: Callable[[PartyRow], QWidget]) -> QGroupBox:
        """The box, with its first rows; the add button moves the focus to `focus_on_add(row)`."""
        self.party_rows = []
        self.parties_box = QGroupBox(
            QCoreApplication.translate("PartyRows", "Parties (at least two)")
        )
        self._party_layout = QVBoxLayout(self.parties_box)
        self._party_layout.addLayout(self._party_captions())
        self.parties_error = make_error_label()
        self._party_layout.addWidget(self.parties_error)
        self.add_party_button = QPushButton(QCoreApplication.translate("PartyRows", "A&dd a party"))
        self.add_party_button.setAutoDefault(False)
        self.add_party_button.clicked.connect(lambda: focus_on_add(self.add_party()).setFocus())
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_party_button)
        add_row.addStretch(1)
        self._party_layout.addLayout(add_row)
        for _ in range(MIN_PARTIES):
            self.add_party()
        return self.parties_box

    @staticmethod
    def _party_captions() -> QHBoxLayout:
        """Column captions above the party rows, as wide as the rows' fields."""
        translate = QCoreApplication.translate
        captions = QHBoxLayout()
        captions.setContentsMargins(0, 0, 0, 0)
        for text, width in (
            (translate("PartyRows", "Type"), KIND_WIDTH),
            (translate("PartyRows", "Name"), NAME_WIDTH),
            (translate("PartyRows", "Citizen ID"), ID_WIDTH),
            (translate("PartyRows", "Phone"), PHONE_WIDTH),
        ):
            label = QLabel(text)
            label.setFixedWidth(width)
            captions.addWidget(label)
        captions.addWidget(QLabel(translate("PartyRows", "Address")), 1)
        return captions

    def add_party(self) -> PartyRow:
        row = PartyRow()
        row.remove_button.clicked.connect(lambda: self.remove_party(row))
        # After the captions and the rows so far; the error line and the add button stay last.
        self._party_layout.insertWidget(1 + len(self.party_rows), row)
        self.party_rows.append(row)
        self._update_remove_buttons()
        return row

    def remove_party(self, row: PartyRow) -> None:
        if len(self.party_rows) <= MIN_PARTIES:
            return
        self.party_rows.remove(row)
        self._party_layout.removeWidget(row)
        row.deleteLater()
        self._update_remove_buttons()

    def _update_remove_buttons(self) -> None:
        for row in self.party_rows:
            row.remove_button.setEnabled(len(self.party_rows) > MIN_PARTIES)

    def _party_position(self, key: str) -> int | None:
        """The row an error key names (party1.citizen_id: 1), when the form has that row."""
        head = key.split(".")[0]
        number = head.removeprefix("party")
        if head.startswith("party") and number.isdigit() and int(number) < len(self.party_rows):
            return int(number)
        return None

    def _show_party_errors(self, by_row: dict[int, list[str]], errors: dict[str, str]) -> None:
        """Each row's messages under it; the parties' own ("parties") above the add button."""
        for position, row in enumerate(self.party_rows):
            row.show_errors(by_row.get(position, []))
        self.parties_error.setText(errors.get("parties", ""))
        self.parties_error.setVisible("parties" in errors)


class NewCaseDialog(PartyRows, QDialog):
    """`saved_case` holds the registered case once saved."""

    def __init__(
        self,
        db: Database,
        *,
        units: list[UnitInfo],
        actor: str,
        today: Today = date.today,
        default_unit_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._today = today
        self._units = {unit.id: unit for unit in units}
        self.saved_case: CaseInfo | None = None
        self.setWindowTitle(self.tr("Register a case"))

        self.received_edit = DateEdit(latest=today())
        self.received_edit.set_value(today())
        self.source_combo = choice_combo(CASE_SOURCES, blank=False)
        self.category_combo = QComboBox()
        self.category_combo.addItem("", None)
        for category in case_settings.list_categories(db):
            self.category_combo.addItem(category.name, category.id)
        self.unit_picker = UnitPicker()
        self.unit_picker.set_units(units, levels=CASE_LEVELS, blank="")
        self.unit_picker.select_unit(default_unit_id)
        self.reporter_combo = QComboBox()
        self.people_spin = QSpinBox()
        self.people_spin.setRange(0, 100000)
        self.people_spin.setSpecialValueText(self.tr("Count the parties"))
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText(self.tr("Yuan, e.g. 12000 or 3500.50"))
        self.risk_combo = choice_combo(RISK_LEVELS, blank=False)
        self.criminal_box = QCheckBox(self.tr("Risk of turning criminal"))
        self.group_box = QCheckBox(self.tr("Group incident risk"))
        flags = QWidget()
        flag_row = QHBoxLayout(flags)
        flag_row.setContentsMargins(0, 0, 0, 0)
        flag_row.addWidget(self.criminal_box)
        flag_row.addWidget(self.group_box)
        flag_row.addStretch(1)
        self.summary_edit = text_box(4)

        self.form = ErrorForm()  # where and when, and the general error line
        self.form.add_field("received_on", self.tr("&Received on"), self.received_edit)
        self.form.add_field("source", self.tr("S&ource"), self.source_combo)
        self.form.add_field("category", self.tr("&Category"), self.category_combo)
        self.form.add_field("unit", self.tr("&Where"), self.unit_picker)
        self.form.add_field("reporter", self.tr("Re&ported by"), self.reporter_combo)
        self.more = ErrorForm()  # how large and how risky
        self.more.add_field("people_involved", self.tr("&People involved"), self.people_spin)
        self.more.add_field("amount", self.tr("&Amount"), self.amount_edit)
        self.more.add_field("risk", self.tr("Ris&k"), self.risk_combo)
        self.more.add_field("flags", self.tr("Flags"), flags)
        self.details = ErrorForm()
        self.details.add_field("summary", self.tr("Su&mmary"), self.summary_edit)

        self._make_parties_box(lambda row: row.kind_combo)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addLayout(self.form, 3)
        top.addSpacing(12)
        top.addLayout(self.more, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.parties_box)
        layout.addLayout(self.details)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(940)

        self.unit_picker.currentIndexChanged.connect(self._fill_reporters)
        self._fill_reporters()
        self.category_combo.setFocus()

    # --------------------------------------------------------------------------------- reporter

    def _area_of(self, unit_id: int | None) -> UnitInfo | None:
        """The village a unit lies in (or the township itself): its grid workers report."""
        unit = self._units.get(unit_id) if unit_id is not None else None
        while unit is not None and unit.level not in (Level.VILLAGE, Level.TOWNSHIP):
            unit = self._units.get(unit.parent_id) if unit.parent_id is not None else None
        return unit

    def _fill_reporters(self) -> None:
        current = self.reporter_combo.currentData()
        self.reporter_combo.clear()
        self.reporter_combo.addItem(self.tr("(none)"), None)
        area = self._area_of(self.unit_picker.unit_id())
        if area is None:
            return
        today = self._today()
        for person in roster.list_people(self._db, area.code):
            posts = [a for a in person.assignments if a.active_on(today)]
            if posts:
                said = "，".join(f"{a.role}·{a.unit_name}" for a in posts)
                self.reporter_combo.addItem(f"{person.name}（{said}）", person.id)
        position = self.reporter_combo.findData(current)
        self.reporter_combo.setCurrentIndex(max(position, 0))

    # ------------------------------------------------------------------------------------- save

    def draft(self) -> CaseDraft:
        return CaseDraft(
            received_on=self.received_edit.value(),
            source=self.source_combo.currentData(),
            category_id=self.category_combo.currentData() or 0,
            unit_id=self.unit_picker.unit_id() or 0,
            parties=tuple(row.draft() for row in self.party_rows),
            summary=self.summary_edit.toPlainText(),
            people_involved=self.people_spin.value(),
            amount=self.amount_edit.text(),
            risk=self.risk_combo.currentData(),
            criminal_risk=self.criminal_box.isChecked(),
            group_risk=self.group_box.isChecked(),
            reporter_id=self.reporter_combo.currentData(),
        )

    def save(self) -> None:
        try:
            self.saved_case = cases.register_case(
                self._db, self.draft(), actor=self._actor, now=moment(self._today)
            )
        except ValidationError as err:
            self.show_errors(err.fields)
            return
        except FengwangError as err:
            self.show_errors({})
            self.form.show_general(err.message)
            return
        self.accept()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message where it belongs; the topmost bad field gets the focus."""
        by_row: dict[int, list[str]] = {}
        forms: list[tuple[ErrorForm, dict[str, str]]] = [
            (self.details, {}),
            (self.more, {}),
            (self.form, {}),
        ]
        first_party: QWidget | None = None
        for key, message in errors.items():
            position = self._party_position(key)
            if position is not None:
                by_row.setdefault(position, []).append(message)
                if first_party is None:
                    first_party = self._party_field(position, key.split(".")[1])
                continue
            if key == "parties":
                continue
            owner = next((form for form, _ in forms if key in form.error_labels), self.form)
            next(found for form, found in forms if form is owner)[key] = message
        self._show_party_errors(by_row, errors)
        # Bottom up, so that the topmost bad field ends up with the focus.
        self.details.show_errors(forms[0][1])
        if first_party is not None:
            first_party.setFocus(Qt.FocusReason.OtherFocusReason)
        for form, found in forms[1:]:
            form.show_errors(found)

    def _party_field(self, position: int, field: str) -> QWidget:
        row = self.party_rows[position]
        return {
            "name": row.name_edit,
            "citizen_id": row.id_edit,
            "phone": row.phone_edit,
            "kind": row.kind_combo,
        }.get(field, row.name_edit)

    def error_text(self, key: str) -> str:
        """The message shown for a field or a party ("" when none), as a clerk reads it."""
        if key == "parties":
            return self.parties_error.text() if not self.parties_error.isHidden() else ""
        if key.startswith("party"):
            label = self.party_rows[int(key.removeprefix("party"))].error_label
            return label.text() if not label.isHidden() else ""
        for form in (self.form, self.more, self.details):
            if key in form.error_labels:
                return form.error_text(key)
        raise KeyError(key)

    def general_error(self) -> str:
        label = self.form.general_error
        return label.text() if not label.isHidden() else ""
