"""考核 → 期间结果: a quarter's or a year's results from the approved months (ranks in the
township and the village, grade distribution), the payable allowances of a month, and the
amount paid per grade."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import FengwangError, NotFoundError
from desktop.services.assessment_periods import (
    AllowanceList,
    allowance_amounts,
    allowance_fen,
    known_grades,
    month_allowances,
    period_results,
    set_allowance,
)
from desktop.services.assessment_schemes import list_schemes
from desktop.services.cases import format_yuan
from desktop.services.grants import Permission
from desktop.services.scoring import PeriodMethod
from desktop.views import permissions
from desktop.views.assessment_month_panel import fill_townships
from desktop.views.form import make_error_label
from desktop.views.list_model import ListTableModel

if TYPE_CHECKING:
    from desktop.db import Database

AnyIndex = QModelIndex | QPersistentModelIndex
Today = Callable[[], date]
WHOLE_YEAR = 0
METHODS = ((100,), (40, 60))


def read_only_table(model: ListTableModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


class PeriodModel(ListTableModel):
    """One row per worker: the ranked in rank order, then the unranked without a rank."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headers = [
            self.tr("Name"),
            self.tr("Village"),
            self.tr("Months scored"),
            self.tr("Total"),
            self.tr("Grade"),
            self.tr("Rank"),
            self.tr("Village rank"),
        ]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.name,
                row.village,
                str(row.months_scored),
                format(row.total, "f"),
                row.grade + (self.tr(" (veto)") if row.veto_months else ""),
                str(row.rank) if row.rank is not None else self.tr("Not ranked"),
                str(row.village_rank) if row.village_rank is not None else "",
            )[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 1:
            return Qt.AlignmentFlag.AlignCenter
        return None


class AllowanceModel(ListTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headers = [
            self.tr("Name"),
            self.tr("Village"),
            self.tr("Grade"),
            self.tr("Amount (yuan)"),
        ]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        line = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (line.name, line.village, line.grade, format_yuan(line.amount_fen))[
                index.column()
            ]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


def captioned(box: QHBoxLayout, caption: str, widget: QWidget) -> QLabel:
    """A caption before `widget`, whose Alt key goes to it."""
    label = QLabel(caption)
    label.setBuddy(widget)
    box.addWidget(label)
    box.addWidget(widget)
    return label


class PeriodsPanel(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None, *, today: Today) -> None:
        super().__init__(parent)
        self._db = db
        self.township_combo = QComboBox()
        self.township_combo.currentIndexChanged.connect(self.show_period)
        self.township_combo.currentIndexChanged.connect(self.show_allowances)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(today().year)
        self.year_spin.setSuffix(self.tr(" (year)"))
        # A township may score different roles with different schemes: results are per scheme.
        self.scheme_combo = QComboBox()
        self.scheme_combo.currentIndexChanged.connect(self.show_period)
        self.quarter_combo = QComboBox()
        self.quarter_combo.addItem(self.tr("Whole year"), WHOLE_YEAR)
        for quarter in range(1, 5):
            self.quarter_combo.addItem(self.tr("Quarter {0}").format(quarter), quarter)
        self.method_combo = QComboBox()
        self.method_combo.addItem(self.tr("Mean of the months"), METHODS[0])
        self.method_combo.addItem(self.tr("First half 40% + second half 60%"), METHODS[1])
        self.min_spin = QSpinBox()
        self.min_spin.setRange(1, 12)
        self.min_spin.setPrefix(self.tr("Ranked from "))
        self.min_spin.setSuffix(self.tr(" months"))
        for spin in (self.year_spin, self.min_spin):
            spin.valueChanged.connect(self.show_period)
        for combo in (self.quarter_combo, self.method_combo):
            combo.currentIndexChanged.connect(self.show_period)
        self.period_label = QLabel()
        self.period_label.setWordWrap(True)
        self.model = PeriodModel(self)
        self.table = read_only_table(self.model)
        self.distribution_label = QLabel()

        self.month_combo = QComboBox()
        for month in range(1, 13):
            self.month_combo.addItem(self.tr("Month {0}").format(month), month)
        self.month_combo.setCurrentIndex(today().month - 1)
        self.month_combo.currentIndexChanged.connect(self.show_allowances)
        # until the clerk picks a month, the allowances shown are those of the last approved one
        self._month_picked = False
        self.month_combo.activated.connect(lambda _: setattr(self, "_month_picked", True))
        self.allowance_model = AllowanceModel(self)
        self.allowance_table = read_only_table(self.allowance_model)
        self.allowance_label = QLabel()
        self.allowance_label.setWordWrap(True)
        self.grade_combo = QComboBox()
        self.grade_combo.currentIndexChanged.connect(self._show_amount)
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText(self.tr("Yuan per month"))
        self.amount_edit.returnPressed.connect(self.save_amount)
        self.save_button = QPushButton(self.tr("Set amount"))
        self.save_button.clicked.connect(self.save_amount)
        self.amount_error = make_error_label()

        choices = QHBoxLayout()
        choices.addWidget(self.township_combo)
        self.scheme_label = captioned(choices, self.tr("&Scheme"), self.scheme_combo)
        captioned(choices, self.tr("&Year"), self.year_spin)
        captioned(choices, self.tr("&Period"), self.quarter_combo)
        captioned(choices, self.tr("&Method"), self.method_combo)
        choices.addWidget(self.min_spin)
        choices.addStretch(1)
        top = QWidget()
        top_box = QVBoxLayout(top)
        top_box.setContentsMargins(0, 0, 0, 0)
        top_box.addLayout(choices)
        top_box.addWidget(self.period_label)
        top_box.addWidget(self.table, 1)
        top_box.addWidget(self.distribution_label)
        allowance_choices = QHBoxLayout()
        allowance_choices.addWidget(QLabel(self.tr("Allowances of")))
        allowance_choices.addWidget(self.month_combo)
        allowance_choices.addStretch(1)
        allowance_choices.addWidget(QLabel(self.tr("Amount for grade")))
        allowance_choices.addWidget(self.grade_combo)
        allowance_choices.addWidget(self.amount_edit)
        allowance_choices.addWidget(self.save_button)
        bottom = QWidget()
        bottom_box = QVBoxLayout(bottom)
        bottom_box.setContentsMargins(0, 0, 0, 0)
        bottom_box.addLayout(allowance_choices)
        bottom_box.addWidget(self.amount_error)
        bottom_box.addWidget(self.allowance_label)
        bottom_box.addWidget(self.allowance_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.apply_permissions()

    def apply_permissions(self) -> None:
        """The allowance per grade is a setting of the township."""
        permissions.gate(self._db, Permission.SETTINGS, self.amount_edit, self.save_button)

    def reload(self) -> None:
        self.township_combo.setVisible(fill_townships(self._db, self.township_combo))
        self._fill_schemes()
        chosen = self.grade_combo.currentText()
        self.grade_combo.blockSignals(True)
        self.grade_combo.clear()
        self.grade_combo.addItems(known_grades(self._db))
        self.grade_combo.blockSignals(False)
        self.grade_combo.setCurrentIndex(max(0, self.grade_combo.findText(chosen)))
        self._show_amount()
        self.show_period()
        self.show_allowances()

    def _fill_schemes(self) -> None:
        chosen = self.scheme_combo.currentData()
        self.scheme_combo.blockSignals(True)
        self.scheme_combo.clear()
        families = {s.family_uid: s.name for s in list_schemes(self._db)}
        for family, name in families.items():
            self.scheme_combo.addItem(name, family)
        self.scheme_combo.setCurrentIndex(max(0, self.scheme_combo.findData(chosen)))
        self.scheme_combo.blockSignals(False)
        self.scheme_combo.setVisible(len(families) > 1)
        self.scheme_label.setVisible(len(families) > 1)

    def _township(self) -> int:
        township_id = self.township_combo.currentData()
        if township_id is None:
            raise NotFoundError(self.tr("There is no township in the database yet."))
        return township_id

    def method(self) -> PeriodMethod:
        return PeriodMethod(
            weights=self.method_combo.currentData(), min_months=self.min_spin.value()
        )

    def show_period(self) -> None:
        quarter = self.quarter_combo.currentData() or None
        try:
            result = period_results(
                self._db,
                self._township(),
                self.year_spin.value(),
                quarter,
                self.method(),
                scheme_family=self.scheme_combo.currentData(),
            )
        except FengwangError as err:
            self.model.set_rows([])
            self.period_label.setText(err.message)
            self.distribution_label.clear()
            return
        self.model.set_rows(list(result.rows))
        shown = date(self.year_spin.value(), self.month_combo.currentData(), 1)
        if not self._month_picked and result.approved and shown not in result.approved:
            self.month_combo.setCurrentIndex(max(result.approved).month - 1)
        text = self.tr("{0}: {1} approved months, {2} workers.").format(
            result.label, len(result.approved), len(result.rows)
        )
        if result.pending:
            pending = "、".join(f"{month.month}" for month in result.pending)
            text += self.tr(" Not yet approved, not counted: month {0}.").format(pending)
        self.period_label.setText(text)
        self.distribution_label.setText(
            self.tr("Grades: {0}").format(
                "；".join(f"{grade} {count}" for grade, count in result.distribution.items())
            )
            if result.distribution
            else ""
        )

    def show_allowances(self) -> None:
        month = date(self.year_spin.value(), self.month_combo.currentData(), 1)
        try:
            listed = month_allowances(self._db, self._township(), month)
        except FengwangError as err:
            self.allowance_model.set_rows([])
            self.allowance_label.setText(err.message)
            return
        self.allowance_model.set_rows(list(listed.lines))
        self.allowance_label.setText(self._allowance_summary(listed))

    def _allowance_summary(self, listed: AllowanceList) -> str:
        grades = "；".join(
            self.tr("{0} {1} people {2} yuan").format(grade, count, format_yuan(fen))
            for grade, (count, fen) in listed.by_grade.items()
        )
        text = self.tr("{0}, {1}: {2} people, total {3} yuan ({4}).").format(
            listed.township_name,
            f"{listed.month:%Y-%m}",
            len(listed.lines),
            format_yuan(listed.total_fen),
            grades,
        )
        if listed.pending:
            text += self.tr(" Not yet approved, missing: {0}.").format("、".join(listed.pending))
        return text

    def _show_amount(self) -> None:
        fen = allowance_amounts(self._db).get(self.grade_combo.currentText())
        self.amount_edit.setText(format_yuan(fen).replace(",", ""))
        self.amount_error.hide()

    def save_amount(self) -> None:
        grade = self.grade_combo.currentText()
        try:
            fen = allowance_fen(self.amount_edit.text())
        except FengwangError as err:  # far too large: the range it may be
            self._refuse(err.message)
            return
        except ValueError:
            fen = -1  # typed but not an amount: refused below as set_allowance would
        if fen is None or fen < 0:
            self._refuse(self.tr("Type the amount in yuan, such as 300 or 300.50"))
            return
        try:
            set_allowance(self._db, grade, fen)
        except FengwangError as err:
            self._refuse(err.message)
            return
        self.amount_error.hide()
        self.show_allowances()

    def _refuse(self, message: str) -> None:
        self.amount_error.setText(message)
        self.amount_error.show()
