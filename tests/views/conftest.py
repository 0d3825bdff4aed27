"""View fixtures: a small township built through the services, and windows on it.

The views run in Chinese, as clerks see them, with the bundled font registered so that grabbed
screenshots show real characters. Message boxes are replaced (see `boxes`): a test never leaves a
modal dialog open on the offscreen screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QSettings

from desktop.views import messages
from desktop.views.fonts import register_cjk_font
from desktop.views.i18n import CHINESE, install_translators, remove_translators
from tests.views.helpers import Township, build_township


@pytest.fixture(scope="session", autouse=True)
def _cjk_font(qapp):
    register_cjk_font(qapp)


@pytest.fixture(autouse=True)
def chinese(qapp):
    """The Chinese interface, as clerks use it; removed again after the test."""
    translators = install_translators(qapp, CHINESE)
    assert translators, "fengwang_zh_CN.qm was not found"
    yield translators
    remove_translators(qapp, translators)


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@dataclass
class Boxes:
    """Message boxes that would have been shown: (kind, text)."""

    shown: list[tuple[str, str]] = field(default_factory=list)
    answer: bool = True  # what confirm() answers

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, text in self.shown if kind is None or k == kind]


@pytest.fixture(autouse=True)
def boxes(monkeypatch) -> Boxes:
    record = Boxes()
    for kind in ("error", "warning", "info"):
        monkeypatch.setattr(
            messages, f"show_{kind}", lambda _parent, text, k=kind: record.shown.append((k, text))
        )

    def confirm(_parent, text: str) -> bool:
        record.shown.append(("confirm", text))
        return record.answer

    monkeypatch.setattr(messages, "confirm", confirm)
    return record


@pytest.fixture
def township(db) -> Township:
    return build_township(db)


@pytest.fixture
def page(qtbot, db, township):
    from desktop.views.roster_page import RosterPage

    widget = RosterPage(db)
    qtbot.addWidget(widget)
    widget.resize(1200, 650)
    widget.show()
    widget.load()
    return widget


@pytest.fixture
def window(qtbot, db, township, settings):
    from desktop.views.main_window import MainWindow

    main = MainWindow(db, settings)
    qtbot.addWidget(main)
    main.show()
    main.load()
    return main


def pytest_collection_modifyitems(items):
    """Qt's offscreen platform cannot pass a window's size limits to a window system and says so
    whenever a dialog's layout grows (an error line appears); that note is not a fault here."""
    marker = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
    for item in items:
        if "views" in item.path.parts:
            item.add_marker(marker)
