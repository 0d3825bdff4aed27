"""The bundled CJK font, registered as a fallback so Chinese renders on any machine.

Windows has CJK fonts, but bare Linux desktops and Qt's offscreen test platform often do not; text
would then show as empty boxes. Appending the bundled family to the application font's family list
makes Qt fall back to it for every glyph the preferred font lacks.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop.paths import font_path

_registered: list[str] = []


def register_cjk_font(app: QApplication) -> str | None:
    """Add the bundled font to the application's font fallbacks; returns its family name."""
    if not _registered:
        font_id = QFontDatabase.addApplicationFont(str(font_path()))
        if font_id < 0:
            return None
        families = QFontDatabase.applicationFontFamilies(font_id)
        if not families:
            return None
        _registered.append(families[0])
    family = _registered[0]
    font = app.font()
    families = list(font.families()) or [font.family()]
    if family not in families:
        font.setFamilies([*families, family])
        if sys.platform != "win32":
            # Where the bundled font is what draws Chinese: FreeType's auto-hinter bends CJK
            # strokes at small sizes and doubles the time to draw a screenful of new names.
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        app.setFont(font)
    for name in families:
        QFont.insertSubstitution(name, family)
    return family
