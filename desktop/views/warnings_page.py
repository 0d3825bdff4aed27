"""预警派单: the warning list with its filters and one warning's page (预警), the month's figures
(月度统计) and the grid's coverage (网格覆盖).

As on the 矛盾纠纷 page, the structural filters (month, status, type, urgency, overdue) ask
services.warnings.list_warnings again and the search box filters the loaded rows on every
keystroke; the warning's page replaces the list in the same tab (Enter opens, Esc goes back).
The page's clock is `now` (tests fix it): overdue states and every step are judged and stamped
by it. A warning turned into a case is opened through `open_case`, which the main window routes
to the 矛盾纠纷 page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QVBoxLayout, QWidget

from desktop.services import lookups, warnings
from desktop.services.warning_settings import list_warning_types
from desktop.services.warnings import WarningFilter, WarningInfo
from desktop.views.record_pages import ListAndRecordPage, RecordListPanel, refill
from desktop.views.tabs import LazyTab
from desktop.views.warning_actions import Now, wall_clock
from desktop.views.warning_month_view import MONTHS_LISTED, month_of, months_back
from desktop.views.warning_page import WarningPage
from desktop.views.warning_table_model import (
    DESCRIPTION,
    DUE,
    LEVEL,
    NUMBER,
    PLACE,
    REPORTED,
    STATUS,
    TARGET,
    TYPE,
    URGENCY,
    WarningProxyModel,
    WarningTableModel,
)
from desktop.vocabulary import URGENCIES, WarningStatus

if TYPE_CHECKING:
    from desktop.db import Database

OPEN = "open"  # the status filter's "still being handled"


class WarningListPanel(RecordListPanel):
    """The filters, the count and the table of warnings."""

    def __init__(self, db: Database, *, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(WarningTableModel(), WarningProxyModel(), parent)
        self._db = db
        self._now = now

        self.search_edit.setPlaceholderText(self.tr("Number, place, description, reporter"))
        self.search_edit.setMinimumWidth(200)
        self.month_combo = QComboBox()
        self.month_combo.addItem(self.tr("All months"), None)
        for first in months_back(now().date(), MONTHS_LISTED):
            self.month_combo.addItem(f"{first:%Y-%m}", first.isoformat())
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("All statuses"), None)
        self.status_combo.addItem(self.tr("Open"), OPEN)
        for status in WarningStatus:
            self.status_combo.addItem(status.label, status.value)
        self.type_combo = QComboBox()
        self.urgency_combo = QComboBox()
        self.urgency_combo.addItem(self.tr("All urgencies"), None)
        for urgency in URGENCIES:
            self.urgency_combo.addItem(urgency, urgency)
        self.overdue_box = QCheckBox(self.tr("O&verdue only"))
        self.new_button.setText(self.tr("Report a warning"))

        widths = {NUMBER: 180, REPORTED: 118, TYPE: 70, URGENCY: 60, PLACE: 140}
        widths |= {DESCRIPTION: 160, STATUS: 64, TARGET: 90, LEVEL: 64, DUE: 190}
        self._lay_out(
            widths=widths,
            stretch=DESCRIPTION,
            combos=(
                (self.tr("&Month"), self.month_combo),
                (self.tr("&Status"), self.status_combo),
                (self.tr("&Type"), self.type_combo),
                (self.tr("&Urgency"), self.urgency_combo),
            ),
            checks=(self.overdue_box,),
            combo_chars=5,
        )

        self.refresh_choices()
        for combo in (self.month_combo, self.status_combo, self.type_combo, self.urgency_combo):
            combo.currentIndexChanged.connect(self.reload)
        self.overdue_box.toggled.connect(self.reload)

    selected_warning_id = RecordListPanel.selected_id  # the tests' name for it

    # --------------------------------------------------------------------------------- filters

    def refresh_choices(self) -> None:
        """Fill the type filter from the list as it now is, keeping what was chosen."""
        refill(
            self.type_combo,
            self.tr("All types"),
            [(kind.name, kind.id) for kind in list_warning_types(self._db)],
        )

    def current_filter(self) -> WarningFilter:
        status = self.status_combo.currentData()
        return WarningFilter(
            month=month_of(self.month_combo.currentData()),
            status=WarningStatus(status) if status not in (None, OPEN) else None,
            open_only=status == OPEN,
            type_id=self.type_combo.currentData(),
            urgency=self.urgency_combo.currentData(),
            overdue_only=self.overdue_box.isChecked(),
        )

    def _filters(self) -> tuple[QComboBox | QCheckBox, ...]:
        return (
            self.month_combo,
            self.status_combo,
            self.type_combo,
            self.urgency_combo,
            self.overdue_box,
        )

    # ---------------------------------------------------------------------------------- loading

    def _load(self) -> list[WarningInfo]:
        return warnings.list_warnings(self._db, self.current_filter(), now=self._now())

    def _cannot_read(self) -> str:
        return self.tr("Cannot read the warnings; see the log.")

    def _count_text(self) -> str:
        return self.tr("Total: {0} warnings, {1} overdue, {2} urgent still open").format(
            self.proxy.rowCount(), self.model.overdue_count(), self.model.urgent_open_count()
        )


class CoverageTab(QWidget):
    """The coverage view in a lazy tab, read again on every showing (a roster change in
    between may have closed a gap)."""

    def __init__(self, db: Database, *, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.views.coverage_view import CoverageView  # loads with the tab

        self.view = CoverageView(db, today=lambda: now().date())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def reload(self) -> None:
        self.view.load()


class WarningsPage(ListAndRecordPage):
    open_case = Signal(int)  # a dispute case to show on the 矛盾纠纷 page
    open_unit = Signal(str)  # the code of a unit whose coverage gap is fixed in the roster

    def __init__(
        self,
        db: Database,
        actor: str,
        parent: QWidget | None = None,
        *,
        now: Now = wall_clock,
    ) -> None:
        super().__init__(
            db,
            actor,
            WarningListPanel(db, now=now),
            WarningPage(db, actor=actor, now=now),
            parent,
        )
        self._now = now
        # the warning's names for the parts, as the tests know them
        self.warning_page = self.record_page
        self.warnings_stack = self.stack

        self.month_tab = LazyTab(self._build_month_view)
        self.coverage_tab = LazyTab(self._build_coverage)
        self.tabs.addTab(self.warnings_stack, self.tr("Warnings"))
        self.tabs.addTab(self.month_tab, self.tr("Month"))
        self.tabs.addTab(self.coverage_tab, self.tr("Grid coverage"))
        self.warning_page.open_case.connect(self.open_case.emit)

        self.apply_permissions()
        self.list_panel.reload()

    # -------------------------------------------------------------------------------------- tabs

    def _build_month_view(self) -> QWidget:
        from desktop.views.warning_month_view import WarningMonthView

        return WarningMonthView(self._db, now=self._now)

    def _build_coverage(self) -> QWidget:
        tab = CoverageTab(self._db, now=self._now)
        tab.view.unit_chosen.connect(self.open_unit.emit)
        return tab

    # --------------------------------------------------------------------------- list ↔ warning

    def show_record(self, record_id: int) -> bool:
        return self.warning_page.show_warning(record_id)

    def shown_id(self) -> int | None:
        return self.warning_page.warning.id if self.warning_page.warning is not None else None

    open_warning = ListAndRecordPage.open_record  # the tests' name for it

    # ------------------------------------------------------------------------------ new warning

    def new_record(self) -> None:
        from desktop.views.warning_form import NewWarningDialog  # loads on first use

        dialog = NewWarningDialog(
            self._db,
            units=lookups.list_units(self._db),
            actor=self._actor,
            now=self._now,
            parent=self,
        )
        self._open_new(dialog, lambda: dialog.saved, self.tr("Reported {0}.").format)
