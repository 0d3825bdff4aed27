"""Which language the interface speaks, and installing Qt translators for it.

Source strings are English (tr()); Chinese comes from resources/translations/fengwang_zh_CN.qm.
English needs no translator at all.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from desktop.paths import translations_dir

CHINESE = "zh_CN"
ENGLISH = "en"
LANGUAGES = (CHINESE, ENGLISH)
DEFAULT_LANGUAGE = CHINESE
LANGUAGE_KEY = "ui/language"


def saved_language(settings: QSettings) -> str:
    value = settings.value(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def save_language(settings: QSettings, language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(language)
    settings.setValue(LANGUAGE_KEY, language)
    settings.sync()


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install ours and Qt's own (for standard buttons and dialogs); returns what was installed,
    so that a caller can remove them again."""
    installed: list[QTranslator] = []
    if language == ENGLISH:
        QLocale.setDefault(QLocale("en_US"))
        return installed
    QLocale.setDefault(QLocale("zh_CN"))
    ours = QTranslator(app)
    if ours.load(f"fengwang_{language}", str(translations_dir())):
        app.installTranslator(ours)
        installed.append(ours)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QTranslator(app)
    if qtbase.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qtbase)
        installed.append(qtbase)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
