"""考核 → 考核细则: every version of every scheme, what it holds, and the editor.

The editor is two tables (小则 and 等次) under the scheme's name, start month, roles, quota and
bonus cap. Nothing is checked here that the service checks: a refused save shows the service's
Chinese message beside the part at fault (a gap between grade bands under the bands, say), and
the row of the item named is selected. Saving a version already used by an approved month makes
the next version, and the clerk is told so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import FengwangError, ValidationError
from desktop.services import assessment_schemes, lookups
from desktop.services.assessment_figures import METRICS
from desktop.services.assessment_schemes import ItemDraft, SchemeDraft, SchemeInfo, SectionDraft
from desktop.services.grants import Permission
from desktop.services.identity import to_half_width
from desktop.services.scoring import GradeBand, ItemKind
from desktop.views import assessment_month_panel, messages, permissions
from desktop.views.assessment_month_panel import in_background
from desktop.views.dialogs import open_dialog
from desktop.views.form import make_error_label
from desktop.views.look import RoomyRowsDelegate
from desktop.views.widgets import within_calendar

if TYPE_CHECKING:
    from desktop.db import Database

SECTION, NAME, KIND, MAX, PER, METRIC, BANDS, RULE = range(8)
GRADE, LOWER, UPPER = range(3)
KEY_ROLE = Qt.ItemDataRole.UserRole


def number_text(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def kind_labels() -> dict[ItemKind, str]:
    translate = QCoreApplication.translate
    return {
        ItemKind.MANUAL: translate("SchemeKinds", "Points entered"),
        ItemKind.DEDUCTION: translate("SchemeKinds", "Deduction per time"),
        ItemKind.BONUS: translate("SchemeKinds", "Bonus per time"),
        ItemKind.AUTO: translate("SchemeKinds", "Automatic"),
        ItemKind.VETO: translate("SchemeKinds", "Veto"),
    }


def bands_text(bands: tuple[tuple[Decimal, Decimal], ...]) -> str:
    """(figure at least, points) pairs as typed: 0:0；60:10；80:16."""
    return "；".join(f"{number_text(least)}:{number_text(points)}" for least, points in bands)


def parse_bands(text: str, name: str) -> tuple[tuple[Decimal, Decimal], ...]:
    pairs = []
    for part in re.split(r"[;；,，\s]+", to_half_width(text).strip()):
        if not part:
            continue
        least, _, points = part.partition(":")
        pairs.append(
            (parse_number(least, f"“{name}”的分档"), parse_number(points, f"“{name}”的分档"))
        )
    return tuple(pairs)


def parse_number(text: str, what: str) -> Decimal:
    cleaned = to_half_width(text or "").strip()
    try:
        value = Decimal(cleaned or "0")
    except InvalidOperation:
        raise ValidationError({"items": f"{what}应为数字：{text}"}) from None
    if not value.is_finite():
        raise ValidationError({"items": f"{what}应为数字：{text}"})
    return value


class SchemeEditor(QDialog):
    """Edit a scheme (or a new one) and save it through the service."""

    def __init__(
        self,
        db: Database,
        scheme: SchemeInfo | None,
        draft: SchemeDraft,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._scheme = scheme
        self.saved_message = ""
        self.new_version = False  # the save made the next version of a frozen one
        self.saved_id: int | None = None
        self.setWindowTitle(scheme.label if scheme is not None else self.tr("New scheme"))
        self.general_error = make_error_label()
        self.name_edit = QLineEdit(draft.name)
        self.name_edit.setMaxLength(assessment_schemes.MAX_NAME)
        self.start_edit = within_calendar(QDateEdit())
        self.start_edit.setDisplayFormat("yyyy-MM")
        start = draft.start_month
        self.start_edit.setDate(QDate(start.year, start.month, 1))
        self.roles_list = QListWidget()
        self.roles_list.setFixedHeight(86)
        for role in lookups.list_roles(db):
            entry = QListWidgetItem(role.name, self.roles_list)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(
                Qt.CheckState.Checked if role.name in draft.roles else Qt.CheckState.Unchecked
            )
        self.quota_spin = QSpinBox()
        self.quota_spin.setRange(0, 100)
        self.quota_spin.setSuffix("%")
        self.quota_spin.setSpecialValueText(self.tr("No quota"))
        self.quota_spin.setValue(draft.top_quota_percent or 0)
        self.bonus_edit = QLineEdit(number_text(draft.bonus_cap))
        self.bonus_edit.setPlaceholderText(self.tr("No cap"))
        self.errors: dict[str, QLabel] = {}

        head = QFormLayout()
        for key, caption, widget in (
            ("name", self.tr("Name"), self.name_edit),
            ("start_month", self.tr("From month"), self.start_edit),
            ("roles", self.tr("Roles"), self.roles_list),
            ("top_quota_percent", self.tr("Top grade at most"), self.quota_spin),
            ("bonus_cap", self.tr("Bonus items together at most"), self.bonus_edit),
        ):
            head.addRow(caption, self._with_error(key, widget))

        self.items_table = QTableWidget(0, 8)
        self.items_table.setHorizontalHeaderLabels(
            [
                self.tr("Section"),
                self.tr("Item"),
                self.tr("Kind"),
                self.tr("Points"),
                self.tr("Per time"),
                self.tr("Figure"),
                self.tr("Bands (figure:points)"),
                self.tr("Rule"),
            ]
        )
        self.items_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items_table.verticalHeader().hide()
        widths = {SECTION: 120, NAME: 110, KIND: 96, MAX: 48, PER: 56, METRIC: 150, BANDS: 150}
        for column, width in widths.items():
            self.items_table.horizontalHeader().resizeSection(column, width)
        self.items_table.horizontalHeader().setSectionResizeMode(
            RULE, QHeaderView.ResizeMode.Stretch
        )
        for section in draft.sections:
            for item in section.items:
                self._add_item_row(section.name, item)
        add_item = QPushButton(self.tr("Add item"))
        add_item.clicked.connect(self._add_new_item)
        remove_item = QPushButton(self.tr("Remove item"))
        remove_item.clicked.connect(lambda: self._remove_selected(self.items_table))

        self.bands_table = QTableWidget(0, 3)
        self.bands_table.setHorizontalHeaderLabels(
            [self.tr("Grade"), self.tr("From (incl.)"), self.tr("Below")]
        )
        self.bands_table.verticalHeader().hide()
        self.bands_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for band in draft.bands:
            self._add_band_row(band)
        add_band = QPushButton(self.tr("Add grade"))
        add_band.clicked.connect(lambda: self._add_band_row(GradeBand("", Decimal(0), None)))
        remove_band = QPushButton(self.tr("Remove grade"))
        remove_band.clicked.connect(lambda: self._remove_selected(self.bands_table))
        for button in (add_item, remove_item, add_band, remove_band):
            button.setAutoDefault(False)

        items_box = QVBoxLayout()
        items_box.addWidget(QLabel(self.tr("Items")))
        items_box.addWidget(self.items_table, 1)
        items_box.addWidget(self._error_label("items"))
        item_buttons = QHBoxLayout()
        item_buttons.addWidget(add_item)
        item_buttons.addWidget(remove_item)
        item_buttons.addStretch(1)
        items_box.addLayout(item_buttons)
        bands_box = QVBoxLayout()
        bands_box.addWidget(QLabel(self.tr("Grades")))
        bands_box.addWidget(self.bands_table, 1)
        bands_box.addWidget(self._error_label("bands"))
        band_buttons = QHBoxLayout()
        band_buttons.addWidget(add_band)
        band_buttons.addWidget(remove_band)
        bands_box.addLayout(band_buttons)
        top = QHBoxLayout()
        top.addLayout(head, 3)
        top.addLayout(bands_box, 2)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addLayout(top)
        layout.addLayout(items_box, 1)
        layout.addWidget(self.buttons)
        self.resize(1180, 660)

    # ------------------------------------------------------------------------------- the rows

    def _with_error(self, key: str, widget: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(self._error_label(key))
        return box

    def _error_label(self, key: str) -> QLabel:
        label = make_error_label()
        self.errors[key] = label
        return label

    def _add_item_row(self, section: str, item: ItemDraft) -> None:
        table = self.items_table
        row = table.rowCount()
        table.insertRow(row)
        name = QTableWidgetItem(item.name)
        name.setData(KEY_ROLE, item.key)
        table.setItem(row, SECTION, QTableWidgetItem(section))
        table.setItem(row, NAME, name)
        kind = QComboBox()
        for value, label in kind_labels().items():
            kind.addItem(label, value.value)
        kind.setCurrentIndex(kind.findData(item.kind.value))
        table.setCellWidget(row, KIND, kind)
        table.setItem(row, MAX, QTableWidgetItem(number_text(item.max_points)))
        table.setItem(row, PER, QTableWidgetItem(number_text(item.per_count)))
        metric = QComboBox()
        metric.addItem("", "")
        for value, label in METRICS.items():
            metric.addItem(label, value)
        metric.setCurrentIndex(max(0, metric.findData(item.metric)))
        table.setCellWidget(row, METRIC, metric)
        table.setItem(row, BANDS, QTableWidgetItem(bands_text(item.bands)))
        table.setItem(row, RULE, QTableWidgetItem(item.rule_text))

    def _add_new_item(self) -> None:
        current = self.items_table.currentRow()
        section = self._text(self.items_table, current, SECTION) if current >= 0 else ""
        self._add_item_row(section, ItemDraft("", ItemKind.MANUAL))
        self.items_table.setCurrentCell(self.items_table.rowCount() - 1, NAME)

    def _add_band_row(self, band: GradeBand) -> None:
        table = self.bands_table
        row = table.rowCount()
        table.insertRow(row)
        table.setItem(row, GRADE, QTableWidgetItem(band.grade))
        table.setItem(row, LOWER, QTableWidgetItem(number_text(band.lower)))
        table.setItem(row, UPPER, QTableWidgetItem(number_text(band.upper)))

    def _remove_selected(self, table: QTableWidget) -> None:
        if table.currentRow() >= 0:
            table.removeRow(table.currentRow())

    @staticmethod
    def _text(table: QTableWidget, row: int, column: int) -> str:
        cell = table.item(row, column)
        return cell.text() if cell is not None else ""

    # --------------------------------------------------------------------------------- saving

    def draft(self) -> SchemeDraft:
        """The scheme as filled in; ValidationError for a number that is not one."""
        sections: list[SectionDraft] = []
        table = self.items_table
        for row in range(table.rowCount()):
            section = self._text(table, row, SECTION).strip()
            name = self._text(table, row, NAME).strip()
            kind = ItemKind(table.cellWidget(row, KIND).currentData())
            item = ItemDraft(
                name=name,
                kind=kind,
                max_points=parse_number(self._text(table, row, MAX), f"“{name}”的分值"),
                per_count=parse_number(self._text(table, row, PER), f"“{name}”的每次分值"),
                bands=parse_bands(self._text(table, row, BANDS), name)
                if kind is ItemKind.AUTO
                else (),
                metric=table.cellWidget(row, METRIC).currentData() if kind is ItemKind.AUTO else "",
                rule_text=self._text(table, row, RULE),
                key=table.item(row, NAME).data(KEY_ROLE) or "",
            )
            if sections and sections[-1].name == section:
                sections[-1] = replace(sections[-1], items=(*sections[-1].items, item))
            else:
                sections.append(SectionDraft(section, (item,)))
        bands = []
        for row in range(self.bands_table.rowCount()):
            grade = self._text(self.bands_table, row, GRADE).strip()
            what = self.tr("the score line of {0}").format(grade)
            upper = self._text(self.bands_table, row, UPPER).strip()
            try:
                lower_value = parse_number(self._text(self.bands_table, row, LOWER), what)
                upper_value = parse_number(upper, what) if upper else None
            except ValidationError as err:
                raise ValidationError({"bands": err.fields["items"]}) from None
            bands.append(GradeBand(grade, lower_value, upper_value))
        cap = self.bonus_edit.text().strip()
        picked = self.start_edit.date()
        return SchemeDraft(
            name=self.name_edit.text(),
            start_month=date(picked.year(), picked.month(), 1),
            roles=tuple(
                self.roles_list.item(i).text()
                for i in range(self.roles_list.count())
                if self.roles_list.item(i).checkState() == Qt.CheckState.Checked
            ),
            sections=tuple(sections),
            bands=tuple(bands),
            top_quota_percent=self.quota_spin.value() or None,
            bonus_cap=parse_number(cap, self.tr("The bonus cap")) if cap else None,
        )

    def error_text(self, key: str) -> str:
        label = self.errors.get(key, self.general_error)
        return label.text() if not label.isHidden() else ""

    def save(self) -> None:
        for label in (self.general_error, *self.errors.values()):
            label.clear()
            label.hide()
        try:
            draft = self.draft()
            if self._scheme is None:
                saved = assessment_schemes.create_scheme(self._db, draft)
                self.saved_id = saved.id
                self.saved_message = self.tr("Saved {0}").format(saved.label)
            else:
                update = assessment_schemes.update_scheme(self._db, self._scheme.id, draft)
                self.saved_message = update.message
                self.new_version = update.new_version
                self.saved_id = update.scheme.id
        except ValidationError as err:
            self._show_errors(err.fields)
            return
        except FengwangError as err:
            self.general_error.setText(err.message)
            self.general_error.show()
            return
        self.accept()

    def _show_errors(self, fields: dict[str, str]) -> None:
        keys = {
            self.items_table.item(row, NAME).data(KEY_ROLE)
            or self._text(self.items_table, row, NAME): row
            for row in range(self.items_table.rowCount())
        }
        for key, message in fields.items():
            if key in keys:  # scoring names an item by its key (by its name when it is new)
                self.items_table.selectRow(keys[key])
                key = "items"
            label = self.errors.get(key, self.general_error)
            label.setText(message)
            label.show()


class SchemesPanel(QWidget):
    """The versions on the left, the chosen one on the right; 新建 and 编辑 open the editor."""

    notice = Signal(str)
    dialog_opened = Signal(QDialog)
    changed = Signal()

    def __init__(
        self, db: Database, *, today: Callable[[], date] = date.today, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._today = today
        self.active_dialog: QDialog | None = None
        self.schemes: list[SchemeInfo] = []
        self.list = QListWidget()
        # a version's label is long (name, version, start, in use): wrapped, never cut
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._show_scheme)
        self.new_button = QPushButton(self.tr("New scheme"))
        self.new_button.clicked.connect(self.new_scheme)
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.clicked.connect(self.edit_scheme)
        self.export_button = QPushButton(self.tr("Export scheme…"))
        self.export_button.clicked.connect(self.export_scheme)
        self.import_button = QPushButton(self.tr("Import scheme…"))
        self.import_button.clicked.connect(self.import_scheme)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.items_view = QTableWidget(0, 5)
        self.items_view.setHorizontalHeaderLabels(
            [
                self.tr("Section"),
                self.tr("Item"),
                self.tr("Kind"),
                self.tr("Points"),
                self.tr("Rule"),
            ]
        )
        self.items_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items_view.verticalHeader().hide()
        # a scheme has a dozen items or two: each row as tall as its longest rule, whole
        self.items_view.setWordWrap(True)
        self.items_view.setItemDelegate(RoomyRowsDelegate(self.items_view))
        self.items_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        header = self.items_view.horizontalHeader()
        for column, width in ((0, 150), (1, 120), (2, 90), (3, 150)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        left_box.addLayout(buttons)
        workbooks = QHBoxLayout()
        workbooks.addWidget(self.export_button)
        workbooks.addWidget(self.import_button)
        left_box.addLayout(workbooks)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(self.summary)
        right_box.addWidget(self.items_view, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([300, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.apply_permissions()

    def apply_permissions(self) -> None:
        """Schemes are the township's rules: SETTINGS to change, EXCHANGE for workbooks."""
        db = self._db
        permissions.gate(db, Permission.SETTINGS, self.new_button, self.edit_button)
        permissions.gate(db, Permission.EXCHANGE, self.export_button)
        permissions.gate(db, (Permission.SETTINGS, Permission.EXCHANGE), self.import_button)
        self._update_buttons()

    def _update_buttons(self) -> None:
        permissions.enable(self.edit_button, bool(self.schemes))
        permissions.enable(self.export_button, bool(self.schemes))

    def reload(self, select_id: int | None = None) -> None:
        chosen = select_id if select_id is not None else self.selected_id()
        self.schemes = assessment_schemes.list_schemes(self._db)
        self.list.clear()
        for scheme in self.schemes:
            text = scheme.label + (self.tr(" · in use, frozen") if scheme.frozen else "")
            QListWidgetItem(text, self.list).setToolTip(text)
        ids = [scheme.id for scheme in self.schemes]
        self._update_buttons()
        if not self.schemes:
            self._show_scheme(-1)
            return
        self.list.setCurrentRow(ids.index(chosen) if chosen in ids else 0)

    def selected_id(self) -> int | None:
        row = self.list.currentRow()
        return self.schemes[row].id if 0 <= row < len(self.schemes) else None

    def _show_scheme(self, row: int) -> None:
        self.items_view.setRowCount(0)
        if not 0 <= row < len(self.schemes):
            self.summary.setText(self.tr("No scheme yet: create one with New scheme."))
            return
        scheme = self.schemes[row]
        grades = "，".join(
            f"{band.grade} ≥{number_text(band.lower)}"
            + (f" 且 <{number_text(band.upper)}" if band.upper is not None else "")
            for band in scheme.bands
        )
        lines = [
            scheme.label,
            self.tr("Roles: {0}").format("、".join(scheme.roles)),
            self.tr("Grades: {0}").format(grades),
        ]
        if scheme.top_quota_percent:
            lines.append(
                self.tr("Top grade: at most {0}% of the workers").format(scheme.top_quota_percent)
            )
        if scheme.bonus_cap is not None:
            lines.append(
                self.tr("Bonus items together: at most {0} pts").format(
                    number_text(scheme.bonus_cap)
                )
            )
        self.summary.setText("\n".join(lines))
        labels = kind_labels()
        for section in scheme.sections:
            for item in section.items:
                at = self.items_view.rowCount()
                self.items_view.insertRow(at)
                points = number_text(item.max_points)
                if item.kind in (ItemKind.DEDUCTION, ItemKind.BONUS):
                    points += self.tr(", {0} per time").format(number_text(item.per_count))
                elif item.kind is ItemKind.AUTO:
                    points += f"，{METRICS.get(item.metric, item.metric)}"
                    if item.bands:
                        points += f"（{bands_text(item.bands)}）"
                for column, text in enumerate(
                    (section.name, item.name, labels[item.kind], points, item.rule_text)
                ):
                    cell = QTableWidgetItem(text)
                    cell.setToolTip(text)
                    self.items_view.setItem(at, column, cell)

    def new_scheme(self) -> None:
        self._open_editor(None, assessment_schemes.default_scheme_draft(self._today()))

    def edit_scheme(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.schemes):
            scheme = self.schemes[row]
            self._open_editor(scheme, scheme.draft())

    def _open_editor(self, scheme: SchemeInfo | None, draft: SchemeDraft) -> None:
        dialog = SchemeEditor(self._db, scheme, draft, parent=self)

        def finished(accepted: bool) -> None:
            if accepted:
                self.reload(dialog.saved_id)
                if dialog.new_version:
                    messages.show_info(self, dialog.saved_message)
                self.notice.emit(dialog.saved_message)
                self.changed.emit()

        open_dialog(self, dialog, finished)

    def export_scheme(self) -> None:
        """Write the chosen version as the county's scheme workbook."""
        from desktop.exchange.scheme_workbook import export_scheme
        from desktop.views import export_dialog

        row = self.list.currentRow()
        if not 0 <= row < len(self.schemes):
            return
        scheme = self.schemes[row]
        chosen = export_dialog.choose_save_path(
            self, self.tr("Export scheme"), f"{scheme.label}.xlsx"
        )
        if not chosen:
            return
        path = export_dialog.as_xlsx(chosen)
        in_background(
            self,
            self.tr("Exporting the scheme…"),
            lambda: export_scheme(self._db, path, scheme_id=scheme.id),
            lambda _scheme: self.notice.emit(self.tr("Exported the scheme to {0}").format(path)),
        )

    def import_scheme(self) -> None:
        """Read a county's scheme workbook: a new scheme, a new version, or nothing changed."""
        from desktop.exchange.scheme_workbook import import_scheme

        chosen = assessment_month_panel.choose_open_path(self, self.tr("Import scheme"))
        if not chosen:
            return
        path = Path(chosen)
        in_background(
            self,
            self.tr("Importing the scheme…"),
            lambda: import_scheme(self._db, path),
            self._imported,
        )

    def _imported(self, result) -> None:
        self.reload(result.scheme.id)
        messages.show_info(self, result.message)
        self.notice.emit(result.message)
        if result.status != "unchanged":
            self.changed.emit()
