"""设置: the interface language (applied at the next start), the role catalogue, the rules for
dispute cases (deadlines, categories) and where the data lives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop import __version__
from desktop.views.case_settings_panel import CaseSettingsPanel
from desktop.views.i18n import CHINESE, ENGLISH, save_language, saved_language
from desktop.views.look import emphasise, subdue
from desktop.views.role_catalogue import RoleCatalogue

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
        self.database_label = QLabel(db.describe())
        self.database_label.setWordWrap(True)
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        title = emphasise(QLabel(self.tr("Settings")), scale=1.4)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("&Language"), self.language_combo)
        form.addRow("", self.language_note)
        form.addRow(self.tr("Database"), self.database_label)
        form.addRow(self.tr("Version"), QLabel(__version__))
        label = form.labelForField(self.language_combo)
        if isinstance(label, QLabel):
            label.setBuddy(self.language_combo)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(title)
        layout.addLayout(form)
        # Side by side, so that the whole page fits a 1366×768 screen without scrolling.
        catalogues = QHBoxLayout()
        catalogues.addWidget(self.role_catalogue, 2)
        catalogues.addWidget(self.case_settings, 5)
        layout.addLayout(catalogues, 1)  # the lists take the height there is

    def _on_language_changed(self) -> None:
        save_language(self._settings, self.language_combo.currentData())
