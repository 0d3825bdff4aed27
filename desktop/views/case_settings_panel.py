"""办案期限 and 纠纷类别 under 设置: the township's deadlines for cases, and its category list
with a deadline of its own for any category.

The spin boxes allow more than the rules do: services.case_settings judges the values and says
in Chinese what is allowed, so that the limits live in one place and a clerk learns them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.services import case_settings
from desktop.services.case_settings import CategoryInfo, DeadlineSettings
from desktop.services.grants import Permission
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

SPIN_RANGE = (0, 999)  # wider than the rules on purpose: see the module docstring


class CategoryModel(ListTableModel):
    NAME, BUILTIN, DUE = range(3)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.categories: list[CategoryInfo] = []
        self.default_days = DeadlineSettings().due_days
        self.headers = [self.tr("Category"), self.tr("Built in"), self.tr("Due within")]

    def items(self) -> list[CategoryInfo]:
        return self.categories

    def set_categories(self, categories: list[CategoryInfo], default_days: int) -> None:
        self.beginResetModel()
        self.categories = categories
        self.default_days = default_days
        self.endResetModel()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        category = self.categories[index.row()]
        if index.column() == self.NAME:
            return category.name
        if index.column() == self.BUILTIN:
            return self.tr("yes") if category.builtin else ""
        if category.due_days is None:
            return self.tr("Default ({0} days)").format(self.default_days)
        return self.tr("{0} days").format(category.due_days)


class CaseSettingsPanel(ReadWhenFirstShown, QWidget):
    """Deadlines (saved together) beside the category list (each change saved at once)."""

    categories_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db

        self.deadline_box = QGroupBox(self.tr("Case deadlines"))
        self.deadline_form = ErrorForm()
        self.deadline_spins: dict[str, QSpinBox] = {}
        captions = {
            "due_days": self.tr("&Conclude within"),
            "warn_days": self.tr("&Warn before due"),
            "confirmation_days": self.tr("&Judicial confirmation within"),
            "follow_up_days": self.tr("&Follow-up visit within"),
        }
        for name, caption in captions.items():
            spin = self._day_spin()
            self.deadline_spins[name] = spin
            self.deadline_form.add_field(name, caption, spin)
        self.deadline_spins["due_days"].setToolTip(
            self.tr("Days from acceptance; a category may have its own.")
        )
        self.deadline_spins["confirmation_days"].setToolTip(
            self.tr("Days from the agreement (人民调解法 §33: 30 days).")
        )
        self.deadline_spins["follow_up_days"].setToolTip(self.tr("Days from the agreement."))
        self.save_deadlines_button = QPushButton(self.tr("&Save deadlines"))
        self.save_deadlines_button.clicked.connect(self.save_deadlines)
        self.saved_label = subdue(QLabel())
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_deadlines_button)
        buttons.addWidget(self.saved_label, 1)
        deadline_layout = QVBoxLayout(self.deadline_box)
        deadline_layout.addLayout(self.deadline_form)
        deadline_layout.addLayout(buttons)
        deadline_layout.addStretch(1)

        self.category_box = QGroupBox(self.tr("Dispute categories"))
        self.model = CategoryModel(self)
        self.table = settings_table(self.model, CategoryModel.NAME, minimum_height=200)
        self.table.selectionModel().currentRowChanged.connect(self._on_category_chosen)

        self.category_days_spin = self._day_spin()
        self.set_days_button = QPushButton(self.tr("Set &deadline"))
        self.clear_days_button = QPushButton(self.tr("Use defa&ult"))
        self.set_days_button.clicked.connect(self.set_category_days)
        self.clear_days_button.clicked.connect(self.clear_category_days)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(30)
        self.name_edit.setPlaceholderText(self.tr("New category, e.g. 养老服务"))
        self.add_button = QPushButton(self.tr("&Add category"))
        self.name_edit.returnPressed.connect(self.add_category)
        self.add_button.clicked.connect(self.add_category)
        self.category_error = make_error_label()

        days_row = QHBoxLayout()
        days_row.addWidget(QLabel(self.tr("Chosen category:")))
        days_row.addWidget(self.category_days_spin)
        days_row.addWidget(self.set_days_button)
        days_row.addWidget(self.clear_days_button)
        days_row.addStretch(1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.name_edit, 1)
        add_row.addWidget(self.add_button)
        category_layout = QVBoxLayout(self.category_box)
        category_layout.addWidget(self.table, 1)
        category_layout.addLayout(days_row)
        category_layout.addLayout(add_row)
        category_layout.addWidget(self.category_error)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.deadline_box, 2)
        layout.addWidget(self.category_box, 3)
        self.apply_permissions()

    def apply_permissions(self) -> None:
        """Deadlines and categories are settings: others read them."""
        editors = (
            *self.deadline_spins.values(),
            self.save_deadlines_button,
            self.category_days_spin,
            self.set_days_button,
            self.clear_days_button,
            self.name_edit,
            self.add_button,
        )
        permissions.gate(self._db, Permission.SETTINGS, *editors)
        self._on_category_chosen(self.table.currentIndex())

    def _day_spin(self) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(*SPIN_RANGE)
        spin.setSuffix(self.tr(" days"))
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        spin.setMaximumWidth(spin.fontMetrics().horizontalAdvance("0000 天") + 40)
        return spin

    def reload(self) -> None:
        self._loaded = True
        deadlines = case_settings.load_deadlines(self._db)
        for name, spin in self.deadline_spins.items():
            spin.setValue(getattr(deadlines, name))
        self._reload_categories(deadlines.due_days)

    def _reload_categories(self, default_days: int, select_id: int | None = None) -> None:
        chosen = self.chosen_category()
        wanted = select_id if select_id is not None else chosen.id if chosen else None
        self.model.set_categories(case_settings.list_categories(self._db), default_days)
        ids = [category.id for category in self.model.categories]
        self.table.selectRow(ids.index(wanted) if wanted in ids else 0)

    def chosen_category(self) -> CategoryInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.categories[rows[0].row()] if rows else None

    def _on_category_chosen(self, current: QModelIndex) -> None:
        if current.isValid():
            category = self.model.categories[current.row()]
            self.category_days_spin.setValue(category.due_days or self.model.default_days)
        permissions.enable(
            self.clear_days_button,
            current.isValid() and self.model.categories[current.row()].due_days is not None,
        )

    # ------------------------------------------------------------------------------ deadlines

    def save_deadlines(self) -> None:
        self.saved_label.clear()
        values = DeadlineSettings(
            **{name: spin.value() for name, spin in self.deadline_spins.items()}
        )
        if not save_settings(
            self.deadline_form, lambda: case_settings.save_deadlines(self._db, values)
        ):
            return
        self.saved_label.setText(self.tr("Saved. New cases follow these deadlines."))
        self._reload_categories(values.due_days)

    # ----------------------------------------------------------------------------- categories

    def add_category(self) -> None:
        def add() -> int:
            return case_settings.add_category(self._db, self.name_edit.text()).id

        if (added := self._change_category(add)) is not None:
            self.name_edit.clear()
            self._reload_categories(self.model.default_days, added)

    def set_category_days(self) -> None:
        self._set_days(self.category_days_spin.value())

    def clear_category_days(self) -> None:
        self._set_days(None)

    def _set_days(self, days: int | None) -> None:
        category = self.chosen_category()
        if category is None:
            return

        def change() -> int:
            return case_settings.set_category_due_days(self._db, category.id, days).id

        if self._change_category(change) is not None:
            self._reload_categories(self.model.default_days)

    def _change_category(self, change: Callable[[], int]) -> int | None:
        """Run a change; show its refusal under the list, or clear it and tell the others."""
        changed = change_list(change, self.category_error)
        if changed is not None:
            self.categories_changed.emit()
        return changed
