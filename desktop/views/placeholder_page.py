"""A page for a part of the product still to come: its name and one sentence on what it will hold.

Showing the whole navigation now lets clerks see where the product is going, and keeps the main
window's shape stable as the parts arrive.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.views.look import emphasise, subdue


class PlaceholderPage(QWidget):
    def __init__(self, title: str, sentence: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = emphasise(QLabel(title), scale=1.4)
        self.sentence_label = subdue(QLabel(sentence))
        self.sentence_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(self.title_label)
        layout.addWidget(self.sentence_label)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
