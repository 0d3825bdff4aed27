"""The main window: navigation for the whole product beside the page it shows, a status bar
saying which township, which database and which user this is, and the idle lock."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from desktop.views.look import emphasise
from desktop.views.paper_font import apply_saved_report_font
from desktop.views.roster_page import RosterPage
from desktop.vocabulary import Level

if TYPE_CHECKING:
    from desktop.db import Database

DEFAULT_SIZE = (1280, 720)  # fits a 1366×768 screen with the taskbar
MINIMUM_SIZE = (900, 560)


def current_user() -> str:
    """The OS user: who acts in a database that has no account yet (set-up mode)."""
    try:
        return getpass.getuser()
    except Exception:  # getpass raises OSError or KeyError where no name can be found
        return os.environ.get("USERNAME") or os.environ.get("USER") or "?"


class MainWindow(QMainWindow):
    def __init__(
        self,
        db: Database,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        idle_interval_ms: int | None = None,
    ) -> None:
        """`idle_interval_ms` replaces the stored idle minutes (tests use a short one)."""
        super().__init__(parent)
        self._db = db
        self.active_dialog = None  # the open dialog (see views.dialogs.open_dialog)
        self.lock_cover: QLabel | None = None
        self.lock_dialog = None  # the LockDialog while locked
        self.idle_watcher = None  # set when someone is logged in (see _start_idle_lock)
        self.setWindowTitle(self.tr("Fengwang"))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.stack = QStackedWidget()
        self._settings = settings
        apply_saved_report_font(settings)
        self.roster_page = RosterPage(db, actor=self.actor_name())
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
        self.user_label = self._user_button()
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
        if db.actor is not None:
            self._start_idle_lock(idle_interval_ms)

    def actor_name(self) -> str:
        """Who acts, as the pages record it: the logged-in user, else the OS user (set-up mode)."""
        return self._db.actor.name if self._db.actor is not None else current_user()

    def _user_button(self) -> QToolButton:
        """The user in the status bar; when logged in, its menu changes the password or locks."""
        button = QToolButton()
        button.setAutoRaise(True)
        actor = self._db.actor
        if actor is None:
            button.setText(self.tr("User: {0}").format(current_user()))
            return button
        from desktop.services.access import Role

        button.setText(self.tr("User: {0}").format(f"{actor.name}（{Role(actor.role).label}）"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        self.password_action = menu.addAction(self.tr("Change my &password…"))
        self.password_action.triggered.connect(self.change_password)
        self.lock_action = menu.addAction(self.tr("&Lock now"))
        self.lock_action.triggered.connect(lambda: self.lock())
        button.setMenu(menu)
        return button

    def change_password(self) -> None:
        from desktop.views.dialogs import open_dialog
        from desktop.views.password_dialog import PasswordDialog

        dialog = PasswordDialog(self._db, self._db.actor.name, parent=self)

        def finished(changed: bool) -> None:
            if changed:
                self.statusBar().showMessage(self.tr("Your password was changed."), 5000)

        open_dialog(self, dialog, finished)

    # ------------------------------------------------------------------------------ idle lock

    def _start_idle_lock(self, interval_ms: int | None) -> None:
        from desktop.services.security_settings import idle_minutes
        from desktop.views.idle_lock import IdleWatcher

        if interval_ms is None:
            interval_ms = idle_minutes(self._db) * 60_000
        self.idle_watcher = IdleWatcher(interval_ms, self)
        self.idle_watcher.idle.connect(lambda: self.lock(idle=True))
        self.idle_watcher.start()

    def set_idle_minutes(self, minutes: int) -> None:
        """Follow a changed setting at once (connect the users panel's idle_minutes_saved)."""
        if self.idle_watcher is not None:
            self.idle_watcher.set_interval(minutes * 60_000)

    @property
    def locked(self) -> bool:
        return self.lock_cover is not None

    def lock(self, *, idle: bool = False) -> None:
        """Cover the window and ask for the same user's password; quitting closes the window.
        `idle`: locked by the idle watcher, not on the user's own 立即锁定 (the dialog says which)."""
        if self.locked or self._db.actor is None:
            return
        from desktop.views.idle_lock import LockDialog

        self.idle_watcher.stop()
        if self.active_dialog is not None:  # a half-filled dialog stays under the cover
            self.active_dialog.hide()
        self.lock_cover = emphasise(QLabel(self.tr("Locked"), self), 1.6)
        self.lock_cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lock_cover.setAutoFillBackground(True)
        self.lock_cover.setBackgroundRole(QPalette.ColorRole.Window)
        self.lock_cover.setGeometry(self.rect())
        self.lock_cover.show()
        self.lock_cover.raise_()
        self.lock_dialog = LockDialog(self._db, self._db.actor.name, self, idle=idle)
        self.lock_dialog.finished.connect(self._on_lock_finished)
        self.lock_dialog.open()

    def _on_lock_finished(self, result: int) -> None:
        self.lock_dialog.deleteLater()
        self.lock_dialog = None
        if result != QDialog.DialogCode.Accepted:
            self.close()
            return
        self.lock_cover.deleteLater()
        self.lock_cover = None
        if self.active_dialog is not None:
            self.active_dialog.show()
        self.idle_watcher.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self.lock_cover is not None:
            self.lock_cover.setGeometry(self.rect())
        super().resizeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.idle_watcher is not None:
            self.idle_watcher.stop()  # the application-wide filter goes with the window
        if "reports" not in self._builders:  # built: its paper is let go before the window goes
            self.pages["reports"].preview.release()
        super().closeEvent(event)

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
        if page.users_panel is not None:
            page.users_panel.idle_minutes_saved.connect(self.set_idle_minutes)
        return page

    def _build_exchange_page(self) -> QWidget:
        from desktop.views.exchange_page import ExchangePage

        page = ExchangePage(self._db, self._settings, self.roster_page.selected_unit)
        page.roster_changed.connect(self.roster_page.load)
        return page

    def _build_disputes_page(self) -> QWidget:
        from desktop.views.disputes_page import DisputesPage

        page = DisputesPage(self._db, self.actor_name())
        page.notice.connect(lambda text: self.statusBar().showMessage(text, 5000))
        return page

    def _build_assessment_page(self) -> QWidget:
        from desktop.views.assessment_page import AssessmentPage

        page = AssessmentPage(self._db, self.actor_name())
        page.notice.connect(lambda text: self.statusBar().showMessage(text, 5000))
        return page

    def _build_warnings_page(self) -> QWidget:
        from desktop.views.warnings_page import WarningsPage

        page = WarningsPage(self._db, self.actor_name())
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

        return ReportsPage(self._db, self.actor_name())

    def load(self) -> None:
        """Read the data (after the window is shown, so that it appears at once)."""
        self.roster_page.load()

    def place_name(self) -> str:
        """The township worked in; in a county database seen whole, the county and how many
        townships it holds."""
        units = self.roster_page.units
        townships = [unit.name for unit in units if unit.level is Level.TOWNSHIP]
        if len(townships) == 1:
            return townships[0]
        county = next((unit.name for unit in units if unit.level is Level.COUNTY), "")
        return self.tr("{0} ({1} townships)").format(county, len(townships)) if townships else ""

    def _update_township(self) -> None:
        name = self.place_name()
        self.township_label.setText(name or self.tr("No township set"))
        title = self.tr("Fengwang")
        self.setWindowTitle(f"{title} — {name}" if name else title)
