"""矛盾纠纷: the case list with its filters and the case page (案件), the month's figures (统计)
and the mediators' workload (调解员).

The structural filters (status, category, level, mediator, overdue, 待回访, received period) ask
services.cases.list_cases again; the search box filters the loaded rows on every keystroke. The
case page replaces the list in the same tab, so that a clerk moves list → case → list with Enter
and Esc. The 统计 and 调解员 tabs are built the first time they are shown.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QWidget

from desktop.services import case_settings, case_stats, cases, lookups, mediators
from desktop.services.cases import CaseFilter, CaseInfo
from desktop.views.case_actions import Today
from desktop.views.case_page import CasePage
from desktop.views.case_table_model import (
    CATEGORY,
    DUE,
    LEVEL,
    NUMBER,
    PARTIES,
    PLACE,
    RECEIVED,
    STATUS,
    CaseTableModel,
)
from desktop.views.record_pages import ListAndRecordPage, RecordListPanel, refill
from desktop.views.record_table_model import RecordProxyModel
from desktop.views.tabs import LazyTab
from desktop.views.widgets import DateEdit
from desktop.vocabulary import CaseStatus, HandlingLevel

if TYPE_CHECKING:
    from desktop.db import Database

MONTHS_LISTED = 36  # the period combo offers this many recent months
OPEN = "open"  # the status filter's "still being worked on"
ALL_TIME, CUSTOM = "all", "custom"


class CaseListPanel(RecordListPanel):
    """The filters, the count and the table of cases."""

    def __init__(self, db: Database, *, today: Today, parent: QWidget | None = None) -> None:
        super().__init__(CaseTableModel(), RecordProxyModel(), parent)
        self._db = db
        self._today = today

        self.search_edit.setPlaceholderText(self.tr("Number, party name or initials, ID, phone"))
        self.search_edit.setMinimumWidth(230)
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("All statuses"), None)
        self.status_combo.addItem(self.tr("Open"), OPEN)
        for status in CaseStatus:
            self.status_combo.addItem(status.label, status.value)
        self.category_combo = QComboBox()
        self.level_combo = QComboBox()
        self.level_combo.addItem(self.tr("All levels"), None)
        for level in HandlingLevel:
            self.level_combo.addItem(level.label, level.value)
        self.mediator_combo = QComboBox()
        self.overdue_box = QCheckBox(self.tr("O&verdue only"))
        self.follow_up_box = QCheckBox(self.tr("&Follow-up due"))
        self.follow_up_box.setToolTip(
            self.tr("Settled cases not yet visited whose follow-up visit is due soon or overdue")
        )
        self.period_combo = QComboBox()
        self.from_edit = DateEdit(blank_text=self.tr("Any"))
        self.to_edit = DateEdit(blank_text=self.tr("Any"))
        self.new_button.setText(self.tr("Register a case"))

        period_label = QLabel(self.tr("&Received"))
        period_label.setBuddy(self.period_combo)
        self.range_dash = QLabel("—")
        widths = {NUMBER: 160, RECEIVED: 92, CATEGORY: 150, PLACE: 210, PARTIES: 150}
        widths |= {STATUS: 70, LEVEL: 50, DUE: 150}
        self._lay_out(
            widths=widths,
            stretch=PARTIES,
            combos=(
                (self.tr("&Status"), self.status_combo),
                (self.tr("Ca&tegory"), self.category_combo),
                (self.tr("&Level"), self.level_combo),
                (self.tr("&Mediator"), self.mediator_combo),
            ),
            checks=(self.overdue_box, self.follow_up_box),
            before_clear=(
                period_label,
                self.period_combo,
                self.from_edit,
                self.range_dash,
                self.to_edit,
            ),
            combo_chars=6,
        )

        self._fill_choices()
        self._update_period_fields()
        for combo in (
            self.status_combo,
            self.category_combo,
            self.level_combo,
            self.mediator_combo,
        ):
            combo.currentIndexChanged.connect(self.reload)
        self.period_combo.currentIndexChanged.connect(self._on_period_changed)
        self.from_edit.dateChanged.connect(self.reload)
        self.to_edit.dateChanged.connect(self.reload)
        self.overdue_box.toggled.connect(lambda on: self._on_check(self.follow_up_box, on))
        self.follow_up_box.toggled.connect(lambda on: self._on_check(self.overdue_box, on))

    # the case's names for the selection, as the tests know them
    selected_case_id = RecordListPanel.selected_id
    select_case = RecordListPanel.select

    # --------------------------------------------------------------------------------- filters

    def _fill_choices(self) -> None:
        self.refresh_choices()
        self.period_combo.addItem(self.tr("All time"), ALL_TIME)
        year, month = self._today().year, self._today().month
        for _ in range(MONTHS_LISTED):
            self.period_combo.addItem(f"{year}-{month:02d}", (year, month))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        self.period_combo.addItem(self.tr("Date range…"), CUSTOM)

    def refresh_choices(self) -> None:
        """Fill the category and mediator filters from the data as it now is (settings or the
        roster may have changed them), keeping what the clerk had chosen."""
        refill(
            self.category_combo,
            self.tr("All categories"),
            [(c.name, c.id) for c in case_settings.list_categories(self._db)],
        )
        refill(
            self.mediator_combo,
            self.tr("All mediators"),
            [
                (m.name, m.person_id)
                for m in mediators.list_mediators(self._db, today=self._today())
            ],
        )

    def _on_period_changed(self) -> None:
        self._update_period_fields()
        self.reload()

    def _update_period_fields(self) -> None:
        custom = self.period_combo.currentData() == CUSTOM
        for widget in (self.from_edit, self.range_dash, self.to_edit):
            widget.setVisible(custom)

    def current_filter(self) -> CaseFilter:
        period = self.period_combo.currentData()
        start = end = None
        if isinstance(period, tuple | list):
            start, end = case_stats.month_bounds(*period)
        elif period == CUSTOM:
            start, end = self.from_edit.value(), self.to_edit.value()
        status = self.status_combo.currentData()
        level = self.level_combo.currentData()
        return CaseFilter(
            received_from=start,
            received_to=end,
            status=CaseStatus(status) if status not in (None, OPEN) else None,
            open_only=status == OPEN,
            category_id=self.category_combo.currentData(),
            level=HandlingLevel(level) if level else None,
            mediator_id=self.mediator_combo.currentData(),
            overdue_only=self.overdue_box.isChecked(),
            follow_up_due_only=self.follow_up_box.isChecked(),
        )

    def _on_check(self, other: QCheckBox, checked: bool) -> None:
        """超期 is about open cases and 待回访 about settled ones: together they would list
        nothing, so ticking one clears the other."""
        if checked and other.isChecked():
            with QSignalBlocker(other):
                other.setChecked(False)
        self.reload()

    def _filters(self) -> tuple[QComboBox | QCheckBox, ...]:
        return (
            self.status_combo,
            self.category_combo,
            self.level_combo,
            self.mediator_combo,
            self.period_combo,
            self.overdue_box,
            self.follow_up_box,
        )

    def _filters_cleared(self) -> None:
        self._update_period_fields()

    # ---------------------------------------------------------------------------------- loading

    def _load(self) -> list[CaseInfo]:
        return cases.list_cases(self._db, self.current_filter(), today=self._today(), full=False)

    def _cannot_read(self) -> str:
        return self.tr("Cannot read the cases; see the log.")

    def _count_text(self) -> str:
        if self.follow_up_box.isChecked():  # these are concluded: no conclusion is overdue
            return self.tr("Total: {0} cases, {1} follow-up visits overdue").format(
                self.proxy.rowCount(), self.model.follow_ups_overdue_count()
            )
        overdue, visits = self.model.overdue_count(), self.model.follow_ups_overdue_count()
        if visits:  # red in the list too: counted apart, so that the counts add up to the red rows
            return self.tr("Total: {0} cases, {1} overdue, {2} follow-up visits overdue").format(
                self.proxy.rowCount(), overdue, visits
            )
        return self.tr("Total: {0} cases, {1} overdue").format(self.proxy.rowCount(), overdue)


class DisputesPage(ListAndRecordPage):
    def __init__(
        self,
        db: Database,
        actor: str,
        parent: QWidget | None = None,
        *,
        today: Today = date.today,
    ) -> None:
        super().__init__(
            db,
            actor,
            CaseListPanel(db, today=today),
            CasePage(db, actor=actor, today=today),
            parent,
        )
        self._today = today
        # the case's names for the parts, as the main window and tests know them
        self.case_page = self.record_page
        self.cases_stack = self.stack
        self.new_case_action = self.new_action

        self.dashboard_tab = LazyTab(self._build_dashboard)
        self.workload_tab = LazyTab(self._build_workload)
        self.tabs.addTab(self.cases_stack, self.tr("Cases"))
        self.tabs.addTab(self.dashboard_tab, self.tr("Statistics"))
        self.tabs.addTab(self.workload_tab, self.tr("Mediators"))

        self.apply_permissions()
        self.list_panel.reload()

    def apply_permissions(self) -> None:
        """Offer the logged-in user's role only what it may do (again when the user changes)."""
        super().apply_permissions()
        for tab in (self.dashboard_tab, self.workload_tab):
            if tab.content is not None:
                tab.content.apply_permissions()

    # -------------------------------------------------------------------------------------- tabs

    def _build_dashboard(self) -> QWidget:
        from desktop.views.case_dashboard import CaseDashboard

        return CaseDashboard(self._db, today=self._today)

    def _build_workload(self) -> QWidget:
        from desktop.views.mediator_workload import MediatorWorkload

        return MediatorWorkload(self._db, today=self._today)

    # ------------------------------------------------------------------------------ list ↔ case

    def show_record(self, record_id: int) -> bool:
        return self.case_page.show_case(record_id)

    def shown_id(self) -> int | None:
        return self.case_page.case.id if self.case_page.case is not None else None

    open_case = ListAndRecordPage.open_record  # the main window's name for it

    # --------------------------------------------------------------------------------- new case

    def new_record(self) -> None:
        from desktop.views.case_form import NewCaseDialog  # loads on first use

        dialog = NewCaseDialog(
            self._db,
            units=lookups.list_units(self._db),
            actor=self._actor,
            today=self._today,
            parent=self,
        )
        self._open_new(dialog, lambda: dialog.saved_case, self.tr("Registered {0}.").format)
