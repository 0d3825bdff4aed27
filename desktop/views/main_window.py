"""The main window: navigation for the whole product beside the page it shows, and a status bar
saying which township, which database and which user this is."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop.views.paper_font import apply_saved_report_font
from desktop.views.roster_page import RosterPage
from desktop.vocabulary import Level

if TYPE_CHECKING:
    from desktop.db import Database

DEFAULT_SIZE = (1280, 720)  # fits a 1366×768 screen with the taskbar
MINIMUM_SIZE = (900, 560)


def current_user() -> str:
    """The OS user for now; a later issue brings log-in."""
    try:
        return getpass.getuser()
    except Exception:  # getpass raises OSError or KeyError where no name can be found
        return os.environ.get("USERNAME") or os.environ.get("USER") or "?"


class MainWindow(QMainWindow):
    def __init__(self, db: Database, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.setWindowTitle(self.tr("Fengwang"))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.stack = QStackedWidget()
        self._settings = settings
        apply_saved_report_font(settings)
        self.roster_page = RosterPage(db, actor=current_user())
        self.pages: dict[str, QWidget] = {}
        # Pages other than the roster are built when first shown: start-up builds only what the
        # clerk sees first.
        self._builders: dict[str, Callable[[], QWidget]] = {}
        self._add_page("roster", self.tr("Grid and roster"), self.roster_page)
        self._add_page("disputes", self.tr("Disputes"), self._build_disputes_page)
        self._add_page("assessment", self.tr("Assessment"), self._build_assessment_page)
        self._add_page("warnings", self.tr("Warnings and dispatch"), self._build_warnings_page)
        self._add_page("reports", self.tr("Reports"), self._build_reports_page)
        self._add_page("exchange", self.tr("Data exchange"), self._build_exchange_page)
        self._add_page("settings", self.tr("Settings"), self._build_settings_page)
        self.nav.currentRowChanged.connect(self._on_navigation)
        self.nav.setCurrentRow(0)
        widest = max(
            self.nav.fontMetrics().horizontalAdvance(self.nav.item(i).text())
            for i in range(self.nav.count())
        )
        self.nav.setFixedWidth(widest + 40)
        row_height = self.nav.fontMetrics().height() + 16  # roomy rows, easy to hit
        for row in range(self.nav.count()):
            self.nav.item(row).setSizeHint(QSize(widest + 12, row_height))

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.township_label = QLabel()
        self.database_label = QLabel(self.tr("Database: {0}").format(db.describe()))
        self.user_label = QLabel(self.tr("User: {0}").format(current_user()))
        for label in (self.township_label, self.database_label, self.user_label):
            label.setContentsMargins(6, 0, 6, 0)
            self.statusBar().addPermanentWidget(label)
        self.database_label.setToolTip(db.describe())
        self._update_township()

        self.roster_page.loaded.connect(self._update_township)
        self.roster_page.units_changed.connect(self._update_township)
        self.roster_page.notice.connect(lambda text: self.statusBar().showMessage(text, 5000))
        # An explicit minimum: otherwise every text change re-derives it from the layout and
        # pushes new size hints to the window system on each keystroke.
        self.setMinimumSize(self.minimumSizeHint().expandedTo(QSize(*MINIMUM_SIZE)))
        self.resize(*DEFAULT_SIZE)

    def _add_page(self, key: str, title: str, page: QWidget | Callable[[], QWidget]) -> None:
        if not isinstance(page, QWidget):
            self._builders[key] = page
            page = QWidget()  # stands in until the page is first shown
        self.pages[key] = page
        self.stack.addWidget(page)
        QListWidgetItem(title, self.nav)
        number = self.nav.count()
        action = QAction(self)
        action.setShortcut(QKeySequence(f"Ctrl+{number}"))
        action.triggered.connect(lambda: self.show_page(key))
        self.addAction(action)

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(list(self.pages).index(key))

    def page(self, key: str) -> QWidget:
        """The page, built now if it has not been shown yet."""
        builder = self._builders.pop(key, None)
        if builder is not None:
            stand_in = self.pages[key]
            built = builder()
            self.stack.insertWidget(self.stack.indexOf(stand_in), built)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
            self.pages[key] = built
        return self.pages[key]

    @property
    def settings_page(self):  # -> SettingsPage
        return self.page("settings")

    def _on_navigation(self, row: int) -> None:
        self.stack.setCurrentWidget(self.page(list(self.pages)[row]))

    def _build_settings_page(self) -> QWidget:
        from desktop.views.settings_page import SettingsPage

        page = SettingsPage(self._settings, self._db)
        page.role_catalogue.roles_changed.connect(self.roster_page.reload_roles)
        return page

    def _build_exchange_page(self) -> QWidget:
        from desktop.views.exchange_page import ExchangePage

        page = ExchangePage(self._db, self._settings, self.roster_page.selected_unit)
        page.roster_changed.connect(self.roster_page.load)
        return page

    def _build_disputes_page(self) -> QWidget:
        from desktop.views.disputes_page import DisputesPage

        page = DisputesPage(self._db, current_user())
        page.notice.connect(lambda text: self.statusBar().showMessage(text, 5000))
        return page

    def _build_assessment_page(self) -> QWidget:
        from desktop.views.assessment_page import AssessmentPage

        page = AssessmentPage(self._db, current_user())
        page.notice.connect(lambda text: self.statusBar().showMessage(text, 5000))
        return page

    def _build_warnings_page(self) -> QWidget:
        from desktop.views.warnings_page import WarningsPage

        page = WarningsPage(self._db, current_user())
        page.notice.connect(lambda text: self.statusBar().showMessage(text, 5000))
        page.open_case.connect(self.open_case)
        page.open_unit.connect(self.open_unit)
        return page

    def open_case(self, case_id: int) -> None:
        """Show a dispute case on the 矛盾纠纷 page (a warning turned into a case)."""
        self.show_page("disputes")
        self.page("disputes").open_case(case_id)

    def open_unit(self, code: str) -> None:
        """Show a unit in the roster (a coverage gap to fix)."""
        unit_id = next((u.id for u in self.roster_page.units if u.code == code), None)
        self.show_page("roster")
        self.roster_page.select_unit(unit_id)

    def _build_reports_page(self) -> QWidget:
        from desktop.views.reports_page import ReportsPage

        return ReportsPage(self._db, current_user())

    def load(self) -> None:
        """Read the data (after the window is shown, so that it appears at once)."""
        self.roster_page.load()

    def township_name(self) -> str:
        for unit in self.roster_page.units:
            if unit.level is Level.TOWNSHIP:
                return unit.name
        return ""

    def _update_township(self) -> None:
        name = self.township_name()
        self.township_label.setText(name or self.tr("No township set"))
        title = self.tr("Fengwang")
        self.setWindowTitle(f"{title} — {name}" if name else title)
