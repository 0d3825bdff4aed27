"""预警时限 and 预警类型 under 设置: how long a dispatched body has to respond and to finish, by
urgency, and the township's list of warning types.

Each deadline is a number with a unit (小时 or 天), because local rules state them that way
("紧急 2 小时内响应", "一般 7 天内办结"): a clerk copies the rule instead of converting days to
hours. The service keeps hours; a whole number of days above one day is shown in days.

As in the case settings, the spin boxes allow more than the rules do: services.warning_settings
judges the values and says in Chinese what is allowed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.services import warning_settings
from desktop.services.grants import Permission
from desktop.services.warning_settings import WarningDeadlines
from desktop.views import permissions
from desktop.views.form import ErrorForm, make_error_label
from desktop.views.list_model import ListTableModel
from desktop.views.look import subdue
from desktop.views.read_on_show import ReadWhenFirstShown
from desktop.views.settings_panel import (
    change_list,
    save_settings,
    settings_table,
)

if TYPE_CHECKING:
    from desktop.db import Database

SPIN_RANGE = (0, 9999)  # wider than the rules on purpose: see the module docstring
HOURS, DAYS = 1, 24  # hours per unit, the data of the unit combo


class DurationEdit(QWidget):
    """A number and its unit (小时/天); `hours()` is what the service stores. Changing the unit
    keeps the number, as a clerk who types "7" and then picks 天 means seven days."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spin = QSpinBox()
        self.spin.setRange(*SPIN_RANGE)
        self.spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.spin.setMaximumWidth(self.spin.fontMetrics().horizontalAdvance("00000") + 40)
        self.unit_combo = QComboBox()
        self.unit_combo.addItem(self.tr("hours"), HOURS)
        self.unit_combo.addItem(self.tr("days"), DAYS)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.spin)
        layout.addWidget(self.unit_combo)
        layout.addStretch(1)
        self.setFocusProxy(self.spin)  # the caption's shortcut and the error focus land here

    def hours(self) -> int:
        return self.spin.value() * self.unit_combo.currentData()

    def set_hours(self, hours: int) -> None:
        in_days = hours > DAYS and hours % DAYS == 0  # "24 小时" is how rules say one day
        self.unit_combo.setCurrentIndex(self.unit_combo.findData(DAYS if in_days else HOURS))
        self.spin.setValue(hours // DAYS if in_days else hours)

    def text(self) -> str:
        """What a clerk reads, e.g. "7 天"."""
        return f"{self.spin.value()} {self.unit_combo.currentText()}"


class WarningTypeModel(ListTableModel):
    NAME, BUILTIN = range(2)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headers = [self.tr("Warning type"), self.tr("Built in")]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        kind = self.rows[index.row()]
        if index.column() == self.NAME:
            return kind.name
        return self.tr("yes") if kind.builtin else ""


class WarningSettingsPanel(ReadWhenFirstShown, QWidget):
    """Deadlines (saved together) beside the type list (each new type saved at once);
    `settings_saved` tells the warning pages to read both again."""

    settings_saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db

        self.deadline_box = QGroupBox(self.tr("Warning deadlines"))
        note = subdue(
            QLabel(
                self.tr(
                    "Counted from the dispatch (派单); a reassignment or escalation starts them again."
                )
            )
        )
        note.setWordWrap(True)
        self.deadline_form = ErrorForm()
        self.deadline_edits: dict[str, DurationEdit] = {}
        captions = {
            "urgent_response_hours": self.tr("&Urgent: respond within"),
            "urgent_completion_hours": self.tr("Urgent: complete within"),
            "normal_response_hours": self.tr("&Normal: respond within"),
            "normal_completion_hours": self.tr("Normal: complete within"),
        }
        for name, caption in captions.items():
            edit = DurationEdit()
            self.deadline_edits[name] = edit
            self.deadline_form.add_field(name, caption, edit)
        self.save_button = QPushButton(self.tr("&Save deadlines"))
        self.save_button.clicked.connect(self.save_deadlines)
        self.saved_label = subdue(QLabel())
        self.saved_label.setWordWrap(True)
        deadline_layout = QVBoxLayout(self.deadline_box)
        deadline_layout.addWidget(note)
        deadline_layout.addLayout(self.deadline_form)
        deadline_layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        deadline_layout.addWidget(self.saved_label)
        deadline_layout.addStretch(1)

        self.type_box = QGroupBox(self.tr("Warning types"))
        self.model = WarningTypeModel(self)
        self.table = settings_table(self.model, WarningTypeModel.NAME, minimum_height=160)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(30)
        self.name_edit.setPlaceholderText(self.tr("New type, e.g. 防汛"))
        self.add_button = QPushButton(self.tr("&Add type"))
        self.name_edit.returnPressed.connect(self.add_type)
        self.add_button.clicked.connect(self.add_type)
        self.type_error = make_error_label()
        add_row = QHBoxLayout()
        add_row.addWidget(self.name_edit, 1)
        add_row.addWidget(self.add_button)
        type_layout = QVBoxLayout(self.type_box)
        type_layout.addWidget(self.table, 1)
        type_layout.addLayout(add_row)
        type_layout.addWidget(self.type_error)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.deadline_box, 1)
        layout.addWidget(self.type_box, 1)
        self.apply_permissions()

    def apply_permissions(self) -> None:
        """Deadlines and types are settings: others read them."""
        editors = (*self.deadline_edits.values(), self.save_button, self.name_edit, self.add_button)
        permissions.gate(self._db, Permission.SETTINGS, *editors)

    def reload(self) -> None:
        self._loaded = True
        deadlines = warning_settings.load_warning_deadlines(self._db)
        for name, edit in self.deadline_edits.items():
            edit.set_hours(getattr(deadlines, name))
        self._reload_types()

    def _reload_types(self, select_id: int | None = None) -> None:
        self.model.set_rows(warning_settings.list_warning_types(self._db))
        ids = [kind.id for kind in self.model.rows]
        if select_id in ids:
            self.table.selectRow(ids.index(select_id))
            self.table.scrollTo(self.model.index(ids.index(select_id), WarningTypeModel.NAME))

    # ------------------------------------------------------------------------------ deadlines

    def save_deadlines(self) -> None:
        self.saved_label.clear()
        values = WarningDeadlines(
            **{name: edit.hours() for name, edit in self.deadline_edits.items()}
        )
        if not save_settings(
            self.deadline_form, lambda: warning_settings.save_warning_deadlines(self._db, values)
        ):
            return
        self.saved_label.setText(
            self.tr(
                "Saved. Dispatches from now on follow these deadlines; earlier ones keep theirs."
            )
        )
        self.settings_saved.emit()

    # ---------------------------------------------------------------------------------- types

    def add_type(self) -> None:
        added = change_list(
            lambda: warning_settings.add_warning_type(self._db, self.name_edit.text()),
            self.type_error,
        )
        if added is None:
            return
        self.name_edit.clear()
        self._reload_types(added.id)
        self.settings_saved.emit()
