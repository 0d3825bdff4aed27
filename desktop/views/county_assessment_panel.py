"""各乡镇 under 考核, for a county database seen whole: every township's month side by side
with the county's line, as the county monthly report prints them (services.county).

A township's month counts once approved; one not yet approved shows its state and no figures,
so that the county sees who is late.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.case_stats import month_bounds, period_label
from desktop.services.county import assessment_cells, county_assessment, county_total, grade_names
from desktop.views.case_dashboard import CountsModel
from desktop.views.look import RoomyRowsDelegate, subdue

if TYPE_CHECKING:
    from desktop.db import Database
    from desktop.views.assessment_month_panel import Today

MONTHS_LISTED = 24


class CountyAssessmentPanel(QWidget):
    def __init__(self, db: Database, *, today: Today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.month_combo = QComboBox()
        first = today().replace(day=1)
        self._months: list[date] = []
        for _ in range(MONTHS_LISTED):
            self._months.append(first)
            self.month_combo.addItem(period_label(*month_bounds(first.year, first.month)))
            first = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
        self.month_combo.currentIndexChanged.connect(self.reload)
        month_label = QLabel(self.tr("&Month"))
        month_label.setBuddy(self.month_combo)

        self.headers = [
            self.tr("Township"),
            self.tr("Assessment state"),
            self.tr("Workers"),
            self.tr("Average"),
        ]
        self.model = CountsModel(self.headers, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(RoomyRowsDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(8 * self.fontMetrics().horizontalAdvance("0"))

        note = subdue(
            QLabel(
                self.tr(
                    "Only approved months count; a township not yet approved shows its state and "
                    "is left out of the county line. The county monthly report (Reports) prints "
                    "this table with the dispute figures."
                )
            )
        )
        note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(month_label)
        top.addWidget(self.month_combo)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)

    def month(self) -> date:
        return self._months[self.month_combo.currentIndex()]

    def reload(self) -> None:
        assessed = county_assessment(self._db, self.month())
        grades = grade_names(assessed)
        rows = [assessment_cells(row, grades) for row in assessed]
        total = assessment_cells(county_total(assessed), grades)
        self.model.set_rows([*rows, total], [*self.headers, *grades])
