"""A form layout whose fields each carry an inline error line, filled from ValidationError.fields.

The services validate and name the bad fields in Chinese; a dialog only has to put each message
under its field, so that a clerk sees at once what to fix without a message box in the way.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop.errors import FengwangError, ValidationError

ERROR_COLOR = "#c0392b"


def make_error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    label.hide()
    return label


class ErrorForm(QFormLayout):
    """QFormLayout with `add_field(key, label, widget)`; `show_errors` puts each message under the
    field of the same key, and anything else (or a refusal) in the general line at the top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.general_error = make_error_label()
        self.addRow(self.general_error)
        self.error_labels: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}
        self.rows: dict[str, QWidget] = {}

    def add_field(self, key: str, label: str, widget: QWidget) -> QWidget:
        """Add a row; returns the container holding the field and its error line."""
        container = QWidget()
        box = QVBoxLayout(container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        error = make_error_label()
        box.addWidget(error)
        self.addRow(label, container)
        caption = self.labelForField(container)
        if isinstance(caption, QLabel):
            caption.setBuddy(widget)
            # Align the caption with the field, not with the field-plus-error box.
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            caption.setContentsMargins(0, 4, 0, 0)
        self.error_labels[key] = error
        self.fields[key] = widget
        self.rows[key] = container
        return container

    def set_field_visible(self, key: str, visible: bool) -> None:
        self.setRowVisible(self.rows[key], visible)

    def clear_errors(self) -> None:
        for label in (self.general_error, *self.error_labels.values()):
            label.clear()
            label.hide()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message by its field (unknown keys at the top) and focus the first bad field."""
        self.clear_errors()
        general = []
        first: QWidget | None = None
        for key, message in errors.items():
            label = self.error_labels.get(key)
            if label is None or not self.isRowVisible(self.rows[key]):
                general.append(message)
                continue
            label.setText(message)
            label.show()
            if first is None:
                first = self.fields[key]
        if general:
            self.show_general("\n".join(general))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_general(self, message: str) -> None:
        self.general_error.setText(message)
        self.general_error.show()

    def error_text(self, key: str) -> str:
        """The message shown under a field ("" when none): what a clerk reads, for tests too."""
        label = self.error_labels[key]
        return label.text() if not label.isHidden() else ""


class FormDialog(QDialog):
    """A dialog that is one ErrorForm above 保存 / 取消: Enter saves (保存 is the default button),
    Esc cancels. Subclasses add fields to `self.form`, call `finish_layout()` and implement
    `save()`, which shows errors in the form and accepts only when the service has saved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = ErrorForm()

    def finish_layout(self, minimum_width: int = 460) -> None:
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(minimum_width)

    def save(self) -> None:
        raise NotImplementedError

    def save_with(self, action: Callable[[], None]) -> None:
        """Run the service calls of a save: the dialog closes when they succeed; otherwise it
        stays open with each error under its field (or at the top)."""
        try:
            action()
        except ValidationError as err:
            self.form.show_errors(err.fields)
            return
        except FengwangError as err:
            self.form.show_general(err.message)
            return
        self.accept()
