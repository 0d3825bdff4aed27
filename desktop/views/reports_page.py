"""报表: choose a paper, its period and scope, see it, print it or save it as PDF.

The papers come from desktop/reports/catalog.py; the scope fields shown are those the chosen
paper needs. The preview is made in the background (PaperPreview); 打印 and 另存为 act on the
paper shown, and make it first when the choices have changed since.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.crashlog import log_exception
from desktop.errors import FengwangError
from desktop.reports import catalog
from desktop.reports.catalog import PaperInfo, Period
from desktop.reports.request import ReportRequest
from desktop.services import lookups
from desktop.services.assessment_schemes import list_schemes
from desktop.services.case_stats import month_bounds, period_label
from desktop.services.grants import Permission
from desktop.views import messages, permissions
from desktop.views.background import run_in_background
from desktop.views.form import ERROR_COLOR
from desktop.views.look import emphasise
from desktop.views.report_dialog import PaperPreview, full_details_note
from desktop.views.unit_picker import UnitPicker
from desktop.views.widgets import DateEdit
from desktop.vocabulary import Level

if TYPE_CHECKING:
    from desktop.db import Database
    from desktop.services.roster_index import RosterIndex

Today = Callable[[], date]
MONTHS_LISTED = 36
WORKERS_LISTED = 50  # matches shown for a search; typing more narrows them
PAPER_ROLE = Qt.ItemDataRole.UserRole


class ReportsPage(QWidget):
    def __init__(
        self,
        db: Database,
        actor: str,
        *,
        today: Today = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._today = today
        self._unit_codes: dict[int, str] = {}
        self._shown_before = False
        self._roster: RosterIndex | None = None
        # month → the people on its sheets: a score card is made only for someone assessed
        self._assessed: dict[date, set[int]] = {}
        self._assessed_asked: set[date] = set()  # being read
        self._worker_wanted: str | None = None  # the ID number of the worker last chosen
        self._cases_loaded = False

        self.papers = QListWidget()
        self._fill_papers()
        self.title_label = emphasise(QLabel(), 1.2)
        self.title_label.setWordWrap(True)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.note_label = QLabel(full_details_note())
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self._make_scope()
        self.preview_button = QPushButton(self.tr("Pre&view"))
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self.make_preview)
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.clicked.connect(self.print_paper)
        self.save_button = QPushButton(self.tr("&Save as PDF…"))
        self.save_button.clicked.connect(self.save_paper)
        for button in (self.print_button, self.save_button):
            button.setAutoDefault(False)
        self.preview = PaperPreview(
            db, actor, hint=self.tr("Choose the paper and what it covers, then Preview (Enter).")
        )

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 6, 0)
        column.addWidget(self.papers)
        column.addSpacing(6)
        column.addWidget(self.title_label)
        column.addWidget(self.summary_label)
        column.addLayout(self.form)
        column.addWidget(self.note_label)
        column.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        column.addLayout(buttons)
        left.setMinimumWidth(300)
        # Enter anywhere among the choices makes the paper, as the default button of a dialog would.
        enter = QAction(left)
        enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        enter.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        enter.triggered.connect(self.make_preview)
        left.addAction(enter)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([340, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

        self.papers.currentItemChanged.connect(lambda *_: self._show_paper())
        self.reload()
        self.papers.setCurrentRow(1)  # the first paper, under its group's heading

    # ---------------------------------------------------------------------------------- layout

    def _fill_papers(self) -> None:
        groups = dict.fromkeys(paper.group for paper in catalog.PAPERS)
        for group in groups:
            heading = QListWidgetItem(group, self.papers)
            heading.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading: neither clicked nor keyed to
            heading.setForeground(self.papers.palette().windowText())  # yet not greyed out
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            for paper in catalog.PAPERS:
                if paper.group == group:
                    item = QListWidgetItem(f"　{paper.title}", self.papers)
                    item.setData(PAPER_ROLE, paper.name)
                    item.setToolTip(paper.summary)
        rows = self.papers.count()
        self.papers.setFixedHeight(
            self.papers.sizeHintForRow(0) * rows + 2 * self.papers.frameWidth() + 4
        )

    def _make_scope(self) -> None:
        self.month_combo = QComboBox()
        self._months: list[date] = []
        first = self._today().replace(day=1)
        for _ in range(MONTHS_LISTED):
            self._months.append(first)
            self.month_combo.addItem(period_label(*month_bounds(first.year, first.month)))
            first = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)

        self.by_month = QRadioButton(self.tr("A month"))
        self.by_range = QRadioButton(self.tr("From … to"))
        self.by_month.setChecked(True)
        self._period_kind = QButtonGroup(self)
        self._period_kind.addButton(self.by_month)
        self._period_kind.addButton(self.by_range)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.by_month)
        kind_row.addWidget(self.by_range)
        kind_row.addStretch(1)

        today = self._today()
        self.start_edit = DateEdit()
        self.start_edit.set_value(today.replace(day=1))
        self.end_edit = DateEdit()
        self.end_edit.set_value(today)
        range_row = QHBoxLayout()
        range_row.addWidget(self.start_edit)
        range_row.addWidget(QLabel(self.tr("to")))
        range_row.addWidget(self.end_edit)
        range_row.addStretch(1)

        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, today.year + 1)
        self.year_spin.setValue(today.year)
        self.quarter_combo = QComboBox()
        self.quarter_combo.addItem(self.tr("Whole year"), None)
        for quarter, text in enumerate(
            (
                self.tr("First quarter"),
                self.tr("Second quarter"),
                self.tr("Third quarter"),
                self.tr("Fourth quarter"),
            ),
            start=1,
        ):
            self.quarter_combo.addItem(text, quarter)
        year_row = QHBoxLayout()
        year_row.addWidget(self.year_spin)
        year_row.addWidget(self.quarter_combo, 1)

        self.unit_picker = UnitPicker()
        self.unit_picker.setMinimumContentsLength(12)
        self.scheme_combo = QComboBox()
        self.case_combo = QComboBox()
        self.case_combo.setEditable(True)
        self.case_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.case_combo.lineEdit().setPlaceholderText(self.tr("Case number, e.g. 0012"))
        completer = self.case_combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.worker_edit = QLineEdit()
        self.worker_edit.setPlaceholderText(self.tr("Name, pinyin initials or ID"))
        self.worker_edit.setClearButtonEnabled(True)
        self.worker_edit.textChanged.connect(self._find_workers)
        self.worker_combo = QComboBox()

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(self.tr("Period"), kind_row)
        self.form.addRow(self.tr("&Month"), self.month_combo)
        self.form.addRow(self.tr("&Dates"), range_row)
        self.form.addRow(self.tr("&Year"), year_row)
        self.form.addRow(self.tr("&Unit"), self.unit_picker)
        self.form.addRow(self.tr("S&cheme"), self.scheme_combo)
        self.form.addRow(self.tr("&Case"), self.case_combo)
        self.form.addRow(self.tr("&Worker"), self.worker_edit)
        self.form.addRow("", self.worker_combo)
        for row, buddy in ((range_row, self.start_edit), (year_row, self.year_spin)):
            self.form.labelForField(row).setBuddy(buddy)  # the label's Alt key reaches the field
        self._rows = {
            "kind": kind_row,
            "month": self.month_combo,
            "range": range_row,
            "year": year_row,
            "unit": self.unit_picker,
            "scheme": self.scheme_combo,
            "case": self.case_combo,
            "worker": self.worker_edit,
            "worker_match": self.worker_combo,
        }
        for signal in (
            self.month_combo.currentIndexChanged,
            self.start_edit.dateChanged,
            self.end_edit.dateChanged,
            self.year_spin.valueChanged,
            self.quarter_combo.currentIndexChanged,
            self.unit_picker.currentIndexChanged,
            self.scheme_combo.currentIndexChanged,
            self.case_combo.currentTextChanged,
            self.worker_combo.currentIndexChanged,
        ):
            signal.connect(self._choices_changed)
        self.by_month.toggled.connect(self._show_paper)  # a month or a range: other fields
        self.month_combo.currentIndexChanged.connect(self._month_changed)

    # ----------------------------------------------------------------------------------- state

    def paper(self) -> PaperInfo:
        item = self.papers.currentItem()
        return catalog.paper(item.data(PAPER_ROLE))

    def choose_paper(self, name: str) -> None:
        for row in range(self.papers.count()):
            if self.papers.item(row).data(PAPER_ROLE) == name:
                self.papers.setCurrentRow(row)
                return
        raise KeyError(name)

    def shown_rows(self) -> set[str]:
        """The scope fields on show (tests read this, as a clerk reads the form)."""
        return {key for key, field in self._rows.items() if self.form.isRowVisible(field)}

    def _show_paper(self) -> None:
        if self.papers.currentItem() is None:
            return
        paper = self.paper()
        self.title_label.setText(paper.title)
        self.summary_label.setText(paper.summary)
        self.note_label.setVisible(paper.full_details)
        self.apply_permissions()
        ranged = paper.period is Period.MONTH_OR_RANGE
        wanted = {
            "kind": ranged,
            "month": paper.period is Period.MONTH or (ranged and self.by_month.isChecked()),
            "range": ranged and self.by_range.isChecked(),
            "year": paper.period is Period.YEAR,
            "unit": paper.unit,
            "scheme": paper.scheme and self.scheme_combo.count() > 1,
            "case": paper.case,
            "worker": paper.worker,
            "worker_match": paper.worker,
        }
        for key, shown in wanted.items():
            self.form.setRowVisible(self._rows[key], shown)
        if paper.case and not self._cases_loaded:
            self._load_cases()
        if paper.worker:
            if self._roster is None:
                self._load_workers()
            self._month_changed()
        self._choices_changed()

    def apply_permissions(self) -> None:
        """Papers need PRINT; a paper with full ID numbers and phones needs REVEAL too."""
        if self.papers.currentItem() is None:
            return
        wanted = (
            (Permission.PRINT, Permission.REVEAL)
            if self.paper().full_details
            else (Permission.PRINT,)
        )
        permissions.gate(self._db, wanted, self.preview_button, self.print_button, self.save_button)

    def _choices_changed(self) -> None:
        if self.papers.currentItem() is None:
            return
        shown = self.preview.shown
        self.preview.set_outdated(
            shown is not None and shown != (self.paper().name, self.request())
        )

    def request(self) -> ReportRequest:
        """What the form asks for; the fields the paper does not need are left empty."""
        paper = self.paper()
        shown = self.shown_rows()
        quarter = self.quarter_combo.currentData()
        unit_id = self.unit_picker.unit_id()
        case = self.case_combo.currentText().strip()
        return ReportRequest(
            month=self._months[self.month_combo.currentIndex()] if "month" in shown else None,
            start=self.start_edit.value() if "range" in shown else None,
            end=self.end_edit.value() if "range" in shown else None,
            year=self.year_spin.value() if "year" in shown else None,
            quarter=quarter if "year" in shown else None,
            unit_code=self._unit_codes.get(unit_id) if "unit" in shown and unit_id else None,
            case_number=self._case_number(case) if paper.case and case else None,
            worker_id=self.worker_combo.currentData() if paper.worker else None,
            scheme_family=self.scheme_combo.currentData() if "scheme" in shown else None,
            today=self._today(),
            author=self._actor,
        )

    def _case_number(self, text: str) -> str:
        """The number picked from the list (shown with its category and place), or the one case
        whose number holds what was typed ("0012"), or the text as typed."""
        position = self.case_combo.findText(text)
        if position >= 0:
            return self.case_combo.itemData(position)
        numbers = [self.case_combo.itemData(row) for row in range(self.case_combo.count())]
        matching = [number for number in numbers if text in number]
        return matching[0] if len(matching) == 1 else text

    # ---------------------------------------------------------------------------------- choices

    def reload(self) -> None:
        """Read the units and schemes again (they may have changed on other pages)."""
        try:
            units = lookups.list_units(self._db)
            families = {s.family_uid: s.name for s in list_schemes(self._db)}
        except FengwangError as err:
            messages.show_error(self, err.message)
            return
        self._fill_units(units)
        chosen = self.scheme_combo.currentData()
        self.scheme_combo.blockSignals(True)
        self.scheme_combo.clear()
        for family, name in families.items():
            self.scheme_combo.addItem(name, family)
        self.scheme_combo.setCurrentIndex(max(0, self.scheme_combo.findData(chosen)))
        self.scheme_combo.blockSignals(False)
        self._cases_loaded = False
        self._roster = None
        self._assessed.clear()
        self._assessed_asked.clear()
        self._show_paper()

    def _fill_units(self, units: list[lookups.UnitInfo]) -> None:
        """The township (the whole of it) and its villages; the choice kept."""
        chosen = self.unit_picker.unit_id()
        self._unit_codes = {unit.id: unit.code for unit in units}
        self.unit_picker.blockSignals(True)
        self.unit_picker.set_units(units, levels=(Level.TOWNSHIP, Level.VILLAGE))
        if chosen is not None:
            self.unit_picker.select_unit(chosen)
        self.unit_picker.blockSignals(False)

    def select_unit(self, code: str) -> None:
        for unit_id, unit_code in self._unit_codes.items():
            if unit_code == code:
                self.unit_picker.select_unit(unit_id)

    def _load_cases(self) -> None:
        from desktop.services.cases import list_cases

        self._cases_loaded = True
        db, today = self._db, self._today()
        run_in_background(
            self,
            lambda: [
                (case.number, f"{case.number}　{case.category}　{case.place}")
                for case in list_cases(db, today=today, full=False)
            ],
            self._fill_cases,
            self._choices_failed,
        )

    def _fill_cases(self, cases: list[tuple[str, str]]) -> None:
        typed = self.case_combo.currentText()
        self.case_combo.blockSignals(True)
        self.case_combo.clear()
        for number, text in cases:
            self.case_combo.addItem(text, number)
        self.case_combo.setEditText(typed)
        self.case_combo.blockSignals(False)

    def _load_workers(self) -> None:
        from desktop.services.roster_index import load_roster

        db, today = self._db, self._today()
        run_in_background(
            self, lambda: load_roster(db, today), self._workers_loaded, self._choices_failed
        )

    def _workers_loaded(self, roster: RosterIndex) -> None:
        self._roster = roster
        self._find_workers()

    def _chosen_month(self) -> date:
        return self._months[self.month_combo.currentIndex()]

    def _month_changed(self) -> None:
        """The workers offered are those assessed in the month chosen: read once per month."""
        if self.papers.currentItem() is None or not self.paper().worker:
            return
        month = self._chosen_month()
        if month not in self._assessed and month not in self._assessed_asked:
            from desktop.services.assessment_months import people_on_sheets

            self._assessed_asked.add(month)
            db, today = self._db, self._today()
            run_in_background(
                self,
                lambda: people_on_sheets(db, month, today=today),
                lambda found: self._assessed_loaded(month, found),
                self._choices_failed,
            )
        self._find_workers()

    def _assessed_loaded(self, month: date, people: set[int]) -> None:
        self._assessed_asked.discard(month)
        self._assessed[month] = people
        if self._chosen_month() == month:
            self._find_workers()

    def _find_workers(self) -> None:
        """The people assessed in the month whose name, initials, ID or phone hold what was
        typed (with an ID)."""
        from desktop.services.roster_index import RosterFilter

        roster = self._roster
        assessed = self._assessed.get(self._chosen_month())
        if self.worker_combo.currentData() is not None:  # kept while another month is read
            self._worker_wanted = self.worker_combo.currentData()
        self.worker_combo.blockSignals(True)
        self.worker_combo.clear()
        if roster is None or assessed is None:
            self.worker_combo.setPlaceholderText(self.tr("Reading the workers…"))
        else:
            typed = self.worker_edit.text()
            self.worker_combo.setPlaceholderText(
                self.tr("Nobody assessed in this month matches")
                if typed.strip()
                else self.tr("Nobody was assessed in this month")
            )
            rows = roster.filter(RosterFilter(text=typed))
            rows = [
                row
                for row in rows
                if roster.citizen_ids[row] and roster.person_ids[row] in assessed
            ][:WORKERS_LISTED]
            for row in rows:
                place = roster.units_text(row) or self.tr("no post")
                self.worker_combo.addItem(
                    f"{roster.names[row]}　{place}　{roster.masked_id(row)}",
                    roster.citizen_ids[row],
                )
            # the worker chosen before, else the first (a placeholder keeps a combo unselected)
            wanted = self.worker_combo.findData(self._worker_wanted)
            self.worker_combo.setCurrentIndex(max(wanted, 0))
        self.worker_combo.blockSignals(False)
        self._choices_changed()

    def _choices_failed(self, err: Exception) -> None:
        if isinstance(err, FengwangError):
            messages.show_error(self, err.message)
            return
        log_exception(err)
        messages.show_error(self, self.tr("The lists could not be read; see the log."))

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the page: units, schemes, cases and people as they now are."""
        if self._shown_before:
            self.reload()
        self._shown_before = True
        super().showEvent(event)

    # --------------------------------------------------------------------------------- actions

    def _up_to_date(self) -> bool:
        return self.preview.shown == (self.paper().name, self.request())

    def make_preview(self) -> bool:
        if not self.preview_button.isEnabled():  # Enter among the choices, for a role that may not
            return False
        return self.preview.make(self.paper().name, self.request())

    def print_paper(self) -> None:
        if self._up_to_date():
            self.preview.print_paper()
        else:
            self.preview.make(self.paper().name, self.request(), self.preview.print_paper)

    def save_paper(self) -> None:
        if self._up_to_date():
            self.preview.save_as()
        else:
            self.preview.make(self.paper().name, self.request(), self.preview.save_as)
