"""考核: the month sheet (月度考核), the schemes (考核细则), a worker's history (个人历史),
the quarter's or year's results with the allowances (期间结果), and in a county database seen
whole, the townships side by side (各乡镇).

Only the month sheet is built with the page; the other tabs are built the first time they are
shown, and every tab reads its data afresh when shown.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QTabWidget, QVBoxLayout, QWidget

from desktop.services.lookups import list_townships
from desktop.views.assessment_month_panel import MonthPanel, Today
from desktop.views.tabs import LazyTab, show_lazy_tab

if TYPE_CHECKING:
    from desktop.db import Database


class AssessmentPage(QWidget):
    notice = Signal(str)
    dialog_opened = Signal(QDialog)

    def __init__(
        self,
        db: Database,
        actor: str,
        parent: QWidget | None = None,
        *,
        today: Today = date.today,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._today = today
        self._shown_before = False
        self.month_panel = MonthPanel(db, actor, today=today)
        self.month_panel.notice.connect(self.notice)
        self.month_panel.dialog_opened.connect(self.dialog_opened)
        self.tabs = QTabWidget()
        self.schemes_tab = LazyTab(self._build_schemes)
        self.tabs.addTab(self.month_panel, self.tr("Monthly sheet"))
        self.history_tab = LazyTab(self._build_history)
        self.tabs.addTab(self.schemes_tab, self.tr("Schemes"))
        self.tabs.addTab(self.history_tab, self.tr("Worker history"))
        self.periods_tab = LazyTab(self._build_periods)
        self.tabs.addTab(self.periods_tab, self.tr("Period results"))
        self.townships_tab: LazyTab | None = None
        if len(list_townships(db)) > 1:  # a county database seen whole
            self.townships_tab = LazyTab(self._build_townships)
            self.tabs.addTab(self.townships_tab, self.tr("Townships"))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        self.month_panel.reload()

    def _build_schemes(self) -> QWidget:
        from desktop.views.assessment_schemes_panel import SchemesPanel

        panel = SchemesPanel(self._db, today=self._today)
        panel.notice.connect(self.notice)
        panel.dialog_opened.connect(self.dialog_opened)
        return panel

    def _build_history(self) -> QWidget:
        from desktop.views.assessment_history_panel import HistoryPanel

        return HistoryPanel(self._db)

    def _build_periods(self) -> QWidget:
        from desktop.views.assessment_periods_panel import PeriodsPanel

        return PeriodsPanel(self._db, today=self._today)

    def _build_townships(self) -> QWidget:
        from desktop.views.county_assessment_panel import CountyAssessmentPanel

        return CountyAssessmentPanel(self._db, today=self._today)

    def _on_tab_changed(self, position: int) -> None:
        if (
            not show_lazy_tab(self.tabs, position)
            and self.tabs.widget(position) is self.month_panel
        ):
            self.month_panel.reload()

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the page shows the data as it now is (cases feed automatic items)."""
        if self._shown_before and self.tabs.currentWidget() is self.month_panel:
            self.month_panel.reload()
        self._shown_before = True
        super().showEvent(event)
