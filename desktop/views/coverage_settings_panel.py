"""网格覆盖 under 设置: how many households a micro-grid should hold, and the villages the county
has sent a 驻村第一书记 to (only there is an empty post a coverage gap).

As in the case settings, the spin boxes allow more than the rules do: services.coverage judges
the values and says in Chinese what is allowed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.services import coverage, lookups
from desktop.services.coverage import CoverageSettings
from desktop.services.grants import Permission
from desktop.views import permissions
from desktop.views.form import ErrorForm
from desktop.views.look import subdue
from desktop.views.read_on_show import ReadWhenFirstShown
from desktop.views.settings_panel import save_settings
from desktop.vocabulary import Level

if TYPE_CHECKING:
    from desktop.db import Database

SPIN_RANGE = (0, 9999)  # wider than the rules on purpose: see the module docstring


class CoverageSettingsPanel(ReadWhenFirstShown, QGroupBox):
    settings_saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Grid coverage"), parent)
        self._db = db
        self.form = ErrorForm()
        self.min_spin = self._household_spin()
        self.max_spin = self._household_spin()
        self.form.add_field(
            "min_households", self.tr("Households per micro-grid, at &least"), self.min_spin
        )
        self.form.add_field(
            "max_households", self.tr("Households per micro-grid, at &most"), self.max_spin
        )

        self.village_list = QListWidget()
        self.village_list.setMinimumHeight(120)
        self.village_list.setToolTip(
            self.tr(
                "Tick the villages the county has sent a first secretary to: only there is an "
                "empty post a gap."
            )
        )
        self.form.add_field(
            "first_secretary_villages", self.tr("&First secretary sent to"), self.village_list
        )
        self.save_button = QPushButton(self.tr("&Save coverage settings"))
        self.save_button.clicked.connect(self.save)
        self.saved_label = subdue(QLabel())
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.saved_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        self.apply_permissions()

    def apply_permissions(self) -> None:
        """Coverage rules are settings: others read them (the list still scrolls)."""
        permissions.gate(
            self._db, Permission.SETTINGS, self.min_spin, self.max_spin, self.save_button
        )
        tickable = not permissions.denied(self.save_button)
        for item in map(self.village_list.item, range(self.village_list.count())):
            item.setFlags(self._village_flags(item.flags(), tickable))

    @staticmethod
    def _village_flags(flags: Qt.ItemFlag, tickable: bool) -> Qt.ItemFlag:
        checkable = Qt.ItemFlag.ItemIsUserCheckable
        return flags | checkable if tickable else flags & ~checkable

    def _household_spin(self) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(*SPIN_RANGE)
        spin.setSuffix(self.tr(" households"))
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        spin.setMaximumWidth(spin.fontMetrics().horizontalAdvance("0000" + spin.suffix()) + 40)
        return spin

    def reload(self) -> None:
        self._loaded = True
        settings = coverage.load_settings(self._db)
        self.min_spin.setValue(settings.min_households)
        self.max_spin.setValue(settings.max_households)
        self.village_list.clear()
        for unit in lookups.list_units(self._db):
            if unit.level != Level.VILLAGE:
                continue
            item = QListWidgetItem(f"{unit.name}（{unit.code}）")
            item.setData(Qt.ItemDataRole.UserRole, unit.code)
            item.setFlags(
                self._village_flags(item.flags(), not permissions.denied(self.save_button))
            )
            sent = unit.code in settings.first_secretary_villages
            item.setCheckState(Qt.CheckState.Checked if sent else Qt.CheckState.Unchecked)
            self.village_list.addItem(item)

    def checked_villages(self) -> frozenset[str]:
        return frozenset(
            item.data(Qt.ItemDataRole.UserRole)
            for item in map(self.village_list.item, range(self.village_list.count()))
            if item.checkState() == Qt.CheckState.Checked
        )

    def save(self) -> None:
        self.saved_label.clear()
        values = CoverageSettings(
            self.min_spin.value(), self.max_spin.value(), self.checked_villages()
        )
        if not save_settings(self.form, lambda: coverage.save_settings(self._db, values)):
            return
        self.saved_label.setText(self.tr("Saved. The coverage view follows these settings."))
        self.settings_saved.emit()
