"""A page for a part of the product still to come: its name and one sentence on what it will hold.

Showing the whole navigation now lets clerks see where the product is going, and keeps the main
window's shape stable as the parts arrive.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    def __init__(self, title: str, sentence: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel(title)
        self.title_label.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.sentence_label = QLabel(sentence)
        self.sentence_label.setWordWrap(True)
        self.sentence_label.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(self.title_label)
        layout.addWidget(self.sentence_label)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
