"""设置, in tabs: the interface language (applied at the next start), the font papers print with,
where the data lives; the role catalogue; the rules for dispute cases (deadlines, categories), for
warnings (deadlines by urgency, types) and for grid coverage; backups; and, for administrators,
the accounts and the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop import __version__
from desktop.services.grants import Permission
from desktop.views.audit_panel import AuditPanel
from desktop.views.backup_panel import BackupPanel
from desktop.views.case_settings_panel import CaseSettingsPanel
from desktop.views.coverage_settings_panel import CoverageSettingsPanel
from desktop.views.i18n import CHINESE, ENGLISH, save_language, saved_language
from desktop.views.look import ElidedLabel, emphasise, subdue
from desktop.views.paper_font import REPORT_FONT_KEY, saved_report_font
from desktop.views.permissions import allowed
from desktop.views.role_catalogue import RoleCatalogue
from desktop.views.tabs import LazyTab, show_lazy_tab
from desktop.views.users_panel import UsersPanel
from desktop.views.warning_settings_panel import WarningSettingsPanel

if TYPE_CHECKING:
    from desktop.db import Database

# Each language is named in itself, so that a clerk who cannot read the current one finds theirs.
LANGUAGE_NAMES = ((CHINESE, "中文"), (ENGLISH, "English"))


class SettingsPage(QWidget):
    def __init__(self, settings: QSettings, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.role_catalogue = RoleCatalogue(db)
        self.case_settings = CaseSettingsPanel(db)
        self.warning_settings = WarningSettingsPanel(db)
        self.coverage_settings = CoverageSettingsPanel(db)
        self.language_combo = QComboBox()
        for code, name in LANGUAGE_NAMES:
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(
            max(self.language_combo.findData(saved_language(settings)), 0)
        )
        self.language_combo.currentIndexChanged.connect(self._on_language_changed)
        self.language_note = QLabel(
            self.tr("A new language applies the next time Fengwang starts.")
        )
        self.language_note.setWordWrap(True)
        subdue(self.language_note)
        self.font_combo = QComboBox()
        self.font_note = QLabel()
        self.font_note.setWordWrap(True)
        subdue(self.font_note)
        self._fill_fonts()
        self.font_combo.currentIndexChanged.connect(self._on_font_changed)
        self.database_label = ElidedLabel(db.describe())

        title = emphasise(QLabel(self.tr("Settings")), scale=1.4)
        general = QWidget()
        form = QFormLayout(general)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("&Language"), self.language_combo)
        form.addRow("", self.language_note)
        form.addRow(self.tr("Report &font"), self.font_combo)
        form.addRow("", self.font_note)
        form.addRow(self.tr("Database"), self.database_label)
        form.addRow(self.tr("Version"), QLabel(__version__))
        for field in (self.language_combo, self.font_combo):
            label = form.labelForField(field)
            if isinstance(label, QLabel):
                label.setBuddy(field)

        self.tabs = QTabWidget()
        self.tabs.addTab(general, self.tr("General"))
        self.tabs.addTab(self.role_catalogue, self.tr("Roles"))
        self.tabs.addTab(self.case_settings, self.tr("Dispute cases"))
        self.tabs.addTab(self.warning_settings, self.tr("Warnings"))
        self.tabs.addTab(self.coverage_settings, self.tr("Grid coverage"))
        self.backup_panel = BackupPanel(db, settings)
        self.tabs.addTab(self.backup_panel, self.tr("Backups"))
        # Accounts are the administrator's: other roles do not see the tab at all.
        self.users_panel: UsersPanel | None = None
        self.audit_tab: LazyTab | None = None
        if allowed(db, Permission.USERS):
            self.users_panel = UsersPanel(db)
            self.tabs.addTab(self.users_panel, self.tr("Users"))
            self.audit_tab = LazyTab(lambda: AuditPanel(db))  # the trail is read when opened
            self.tabs.addTab(self.audit_tab, self.tr("Audit trail"))
        self.tabs.currentChanged.connect(lambda position: show_lazy_tab(self.tabs, position))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

    def _fill_fonts(self) -> None:
        from desktop.reports.fonts import available_main_fonts

        choices = available_main_fonts()
        for setting, label in choices:
            self.font_combo.addItem(label, setting)
        self.font_combo.setCurrentIndex(
            max(self.font_combo.findData(saved_report_font(self._settings)), 0)
        )
        self.font_combo.setEnabled(len(choices) > 1)
        self.font_note.setText(
            self.tr("Printed papers embed this font.")
            if len(choices) > 1
            else self.tr(
                "Only the bundled font is on this computer; on Windows 宋体, 仿宋 and 黑体 can "
                "be chosen here."
            )
        )

    def _on_font_changed(self) -> None:
        from desktop.reports.fonts import use_main_font

        chosen = self.font_combo.currentData()
        self._settings.setValue(REPORT_FONT_KEY, chosen)
        use_main_font(chosen)

    def _on_language_changed(self) -> None:
        save_language(self._settings, self.language_combo.currentData())
