"""Tabs whose content is built when first shown, so that a page costs only what the clerk opens."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget


class LazyTab(QWidget):
    """Stands in a tab until first shown, then holds the widget `build` makes (which has a
    `reload()`)."""

    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self.content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def shown(self) -> None:
        """Build on the first showing; read the data afresh on every showing."""
        if self.content is None:
            self.content = self._build()
            self._layout.addWidget(self.content)
        self.content.reload()


def show_lazy_tab(tabs: QTabWidget, position: int) -> bool:
    """For a QTabWidget's currentChanged: build or refresh the tab now shown if it is lazy;
    False when it is not."""
    tab = tabs.widget(position)
    if isinstance(tab, LazyTab):
        tab.shown()
        return True
    return False
