"""A combo box to choose a grid unit, each shown with its path ("青山村 / 第一网格").

Names such as 第一网格 repeat in every village, so a bare name would be ambiguous once the popup
closes; the path starts at the village, since every unit in one database shares the county and
usually the township.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from desktop.services.lookups import UnitInfo
from desktop.vocabulary import Level

PATH_FROM = (Level.VILLAGE, Level.GRID, Level.MICRO)


def unit_path(unit: UnitInfo, units: dict[int, UnitInfo]) -> str:
    if unit.level not in PATH_FROM:
        return unit.name
    names = [unit.name]
    parent = units.get(unit.parent_id) if unit.parent_id is not None else None
    while parent is not None and parent.level in PATH_FROM:
        names.append(parent.name)
        parent = units.get(parent.parent_id) if parent.parent_id is not None else None
    return " / ".join(reversed(names))


class UnitPicker(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.setMaxVisibleItems(20)

    def set_units(
        self,
        units: list[UnitInfo],
        *,
        levels: tuple[Level, ...] | None = None,
        blank: str | None = None,
    ) -> None:
        """List `units` (in tree order), optionally only some levels, optionally with a first
        blank item meaning "none chosen"."""
        by_id = {unit.id: unit for unit in units}
        self.clear()
        if blank is not None:
            self.addItem(blank, None)
        for unit in units:
            if levels is None or unit.level in levels:
                label = unit_path(unit, by_id)
                if unit.level not in PATH_FROM:
                    label = self.tr("{0} ({1})").format(label, unit.level.label)
                self.addItem(label, unit.id)

    def unit_id(self) -> int | None:
        return self.currentData()

    def select_unit(self, unit_id: int | None) -> bool:
        position = self.findData(unit_id)
        if position < 0:
            return False
        self.setCurrentIndex(position)
        return True
