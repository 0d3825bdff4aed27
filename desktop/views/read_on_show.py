"""Reading a panel's data when it is first shown: a page costs only what the clerk opens."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent


class ReadWhenFirstShown:
    """Mixed into a panel or view (before its Qt class): its data is read on first view, not when
    the page is built or at start-up. The panel gives `reload()`, which sets `_loaded`."""

    _loaded = False

    def reload(self) -> None:
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        if not self._loaded:
            self.reload()
        super().showEvent(event)  # the Qt class after this one
