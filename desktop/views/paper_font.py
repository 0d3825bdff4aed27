"""The font printed papers use, chosen under 设置 and kept per computer (the system fonts a
clerk may choose are on this machine or not)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

REPORT_FONT_KEY = "reports/font"
BUNDLED = "bundled"  # desktop.reports.fonts.BUNDLED, without importing reportlab at start-up


def saved_report_font(settings: QSettings) -> str:
    return str(settings.value(REPORT_FONT_KEY, BUNDLED))


def apply_saved_report_font(settings: QSettings) -> None:
    """Print with the saved font; reportlab is loaded only when a system font was chosen."""
    chosen = saved_report_font(settings)
    if chosen != BUNDLED:
        from desktop.reports.fonts import use_main_font

        use_main_font(chosen)
