"""What the panels under 设置 share: saving a form of settings, and a list (categories, types)
whose changes are refused under it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView

from desktop.errors import FengwangError, ValidationError
from desktop.views.form import ErrorForm

T = TypeVar("T")


def save_settings(form: ErrorForm, save: Callable[[], object]) -> bool:
    """Run the service call that saves a form; a refusal is shown in the form (under its fields
    or at the top). True when it saved, the form's errors cleared."""
    try:
        save()
    except ValidationError as err:
        form.show_errors(err.fields)
        return False
    except FengwangError as err:
        form.show_general(err.message)
        return False
    form.clear_errors()
    return True


def settings_table(model: QAbstractItemModel, stretch: int, minimum_height: int) -> QTableView:
    """A read-only list of settings, one row chosen at a time; `stretch` takes the width."""
    table = QTableView()
    table.setModel(model)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setMinimumHeight(minimum_height)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def change_list(change: Callable[[], T], error_label: QLabel) -> T | None:
    """Run a change to a list; its refusal is shown in `error_label` (under the list), which
    is cleared when the change went through. None when refused."""
    try:
        changed = change()
    except ValidationError as err:
        _show_refusal(error_label, "\n".join(err.fields.values()) or err.message)
        return None
    except FengwangError as err:
        _show_refusal(error_label, err.message)
        return None
    _show_refusal(error_label, "")
    return changed


def _show_refusal(error_label: QLabel, text: str) -> None:
    error_label.setText(text)
    error_label.setVisible(bool(text))
