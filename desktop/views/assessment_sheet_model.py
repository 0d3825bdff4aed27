"""The month sheet as a table: one row per worker (grouped by village), a column per item, then
total, grade and the two ranks.

Cells are written through an injected `Writer` (the page's call to
assessment_months.save_cells, cell by cell), so every cell is validated by the service; the
model then rescores the sheet in memory (assessment_queries.with_entries) instead of reading it
again, and tells the view which cells changed. A refused cell — also every cell of a write
refused because the month was saved elsewhere meanwhile — keeps what was typed, red, with the
service's message as its tooltip, until it is typed again or undone. Every write (one cell, or a
pasted block) is one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.errors import ValidationError
from desktop.services.assessment_months import CellResult, MonthSheet
from desktop.services.assessment_queries import Cell, with_entries
from desktop.services.assessment_sheet import EntryInfo, SheetRow
from desktop.services.pinyin import initials
from desktop.services.scoring import ItemKind, ItemSpec

AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()

VILLAGE, NAME = 0, 1
FIRST_ITEM = 2
SCORE_COLUMNS = ("total", "grade", "rank", "village_rank")

# [(person id, item key, text ("" clears), note)] → an outcome per cell: the entry as saved, or
# the service's Chinese message (assessment_months.save_cells)
Writer = Callable[[list[tuple[int, str, str, str]]], list[CellResult]]

REFUSED = QBrush(QColor("#f8d3cf"))
AUTOMATIC = QBrush(QColor("#eeeeee"))
NOTED = QBrush(QColor("#fff4c2"))  # a cell with a note, as a spreadsheet marks a comment
VILLAGE_TINT = QBrush(QColor("#f3f7fb"))  # every other village, so that groups stand apart
GREY_TEXT = QBrush(QColor("#707070"))
VETO_TEXT = QBrush(QColor("#b03a2e"))
BLACK_TEXT = QBrush(QColor("#000000"))  # also on the cells that are not enabled, which grey out
CENTRED = Qt.AlignmentFlag.AlignCenter


def entry_text(item: ItemSpec, entry: EntryInfo | None) -> str:
    """An entry as typed: 18.5, 2 (a count), 是/否 (a veto)."""
    if entry is None:
        return ""
    if item.kind is ItemKind.VETO:
        return "是" if entry.value else "否"
    return points_text(Decimal(entry.value))


def points_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


@dataclass
class PasteResult:
    saved: int = 0
    refused: list[str] = field(default_factory=list)  # "姓名 · 小则：message"


class SheetModel(QAbstractTableModel):
    """`set_sheet` after loading; `setData` (the view's editor), `paste`, `set_note` and `undo`
    write through the writer."""

    changed = Signal()  # entries saved: totals, grades or ranks may differ
    refused = Signal(str)  # a cell was refused: the message to show

    def __init__(self, writer: Writer | None = None, parent=None) -> None:
        super().__init__(parent)
        self._writer = writer
        self.sheet: MonthSheet | None = None
        self.read_only = False  # the user's role may not enter scores (see set_read_only)
        self._items: tuple[ItemSpec, ...] = ()
        self._order: list[int] = []  # shown row → position in sheet.rows
        self._refused: dict[Cell, tuple[str, str]] = {}  # cell → (typed text, message)
        self._undo: list[list[tuple[int, str, EntryInfo | None]]] = []
        self._tinted: set[str] = set()
        self._bold = QFont()
        self._bold.setBold(True)
        self._headers_fixed = [self.tr("Village"), self.tr("Name")]
        self._headers_score = [
            self.tr("Total"),
            self.tr("Grade"),
            self.tr("Rank"),
            self.tr("Village\nrank"),
        ]

    # ------------------------------------------------------------------------------ public API

    def set_sheet(self, sheet: MonthSheet | None, writer: Writer | None = None) -> None:
        self.beginResetModel()
        self.sheet = sheet
        self._writer = writer or self._writer
        self._items = sheet.items if sheet is not None else ()
        self._order = list(range(len(sheet.rows))) if sheet is not None else []
        self._refused = {}
        self._undo = []
        villages = list(dict.fromkeys(row.village for row in sheet.rows)) if sheet else []
        self._tinted = set(villages[1::2])
        self.endResetModel()

    @property
    def locked(self) -> bool:
        return self.sheet is None or self.sheet.month.locked

    def set_read_only(self, read_only: bool) -> None:
        """Cells stay readable but take no entry (a role without the right to enter data)."""
        self.read_only = read_only
        if self.rowCount() and self.columnCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def row(self, shown: int) -> SheetRow:
        assert self.sheet is not None
        return self.sheet.rows[self._order[shown]]

    def item(self, column: int) -> ItemSpec | None:
        position = column - FIRST_ITEM
        return self._items[position] if 0 <= position < len(self._items) else None

    def column_of(self, key: str) -> int:
        return FIRST_ITEM + next(i for i, item in enumerate(self._items) if item.key == key)

    def score_column(self, name: str) -> int:
        return FIRST_ITEM + len(self._items) + SCORE_COLUMNS.index(name)

    def row_of(self, person_id: int) -> int:
        return next(
            shown for shown in range(len(self._order)) if self.row(shown).person_id == person_id
        )

    def is_entry(self, index: AnyIndex) -> bool:
        """A cell the scorer fills (not an automatic item, not a name or a result)."""
        item = self.item(index.column())
        return item is not None and item.kind is not ItemKind.AUTO

    def refusal(self, index: AnyIndex) -> str:
        """The message a refused cell shows ("" when it was not refused)."""
        return self._refused.get(self._cell(index), ("", ""))[1]

    def entry(self, index: AnyIndex) -> EntryInfo | None:
        item = self.item(index.column())
        return self.row(index.row()).entries.get(item.key) if item is not None else None

    def can_undo(self) -> bool:
        return bool(self._undo)

    def write(self, cells: list[tuple[int, int, str]]) -> PasteResult:
        """Write (row, column, text) cells as one undo step; each is validated by the service,
        the refused ones are marked and listed. The sheet is rescored once, at the end."""
        result = PasteResult()
        wanted: list[tuple[int, str, str, str]] = []
        targets: list[tuple[QModelIndex, SheetRow, ItemSpec]] = []
        for shown, column, text in cells:
            row, item = self.row(shown), self.item(column)
            if item is None or item.kind is ItemKind.AUTO:
                what = (
                    item.name
                    if item is not None
                    else self.headerData(column, Qt.Orientation.Horizontal)
                )
                result.refused.append(
                    self.tr("{0} · {1}: this column is not filled in by hand").format(
                        row.name, str(what).replace("\n", "")
                    )
                )
                continue
            entry = row.entries.get(item.key)
            wanted.append((row.person_id, item.key, text.strip(), entry.note if entry else ""))
            targets.append((self.index(shown, column), row, item))
        outcomes = self._writer(wanted) if wanted else []
        saved: dict[Cell, EntryInfo | None] = {}
        before: list[tuple[int, str, EntryInfo | None]] = []
        for (_index, row, item), (_, _, text, _), outcome in zip(
            targets, wanted, outcomes, strict=True
        ):
            cell = (row.person_id, item.key)
            if outcome.error:
                self._refused[cell] = (text, outcome.error)
                result.refused.append(f"{row.name} · {item.name}：{outcome.error}")
                continue
            self._refused.pop(cell, None)
            before.append((row.person_id, item.key, row.entries.get(item.key)))
            saved[cell] = outcome.entry
            result.saved += 1
        if before:
            self._undo.append(before)
        self._apply(saved, [index for index, _, _ in targets])
        if result.refused:
            self.refused.emit(result.refused[-1])
        return result

    def set_note(self, index: AnyIndex, note: str) -> None:
        """Save the note of an entered cell; ValidationError (Chinese) when refused."""
        row, item, entry = self.row(index.row()), self.item(index.column()), self.entry(index)
        assert item is not None and entry is not None
        (outcome,) = self._writer([(row.person_id, item.key, entry_text(item, entry), note)])
        if outcome.error:
            raise ValidationError({"note": outcome.error})
        self._undo.append([(row.person_id, item.key, entry)])
        self._apply(
            {(row.person_id, item.key): outcome.entry}, [self.index(index.row(), index.column())]
        )

    def undo(self) -> str:
        """Put back the cells of the last write as they were; what could not be put back is
        returned as a message ("" when all was)."""
        if not self._undo:
            return ""
        step = self._undo.pop()
        wanted = []
        for person_id, key, old in step:
            item = self._items[self.column_of(key) - FIRST_ITEM]
            wanted.append((person_id, key, entry_text(item, old), old.note if old else ""))
        changes: dict[Cell, EntryInfo | None] = {}
        problems = []
        for (person_id, key, _, _), outcome in zip(wanted, self._writer(wanted), strict=True):
            if outcome.error:
                problems.append(outcome.error)
                continue
            changes[(person_id, key)] = outcome.entry
            self._refused.pop((person_id, key), None)
        touched = [self.index(self.row_of(p), self.column_of(k)) for p, k, _, _ in wanted]
        self._apply(changes, touched)
        return "；".join(problems)

    # ---------------------------------------------------------------------- QAbstractTableModel

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        if parent.isValid() or self.sheet is None:
            return 0
        return FIRST_ITEM + len(self._items) + len(SCORE_COLUMNS)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if not self.is_entry(index):
            # Not enabled: greyed, and Tab passes over them to the next cell to fill.
            return Qt.ItemFlag.ItemIsSelectable
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.locked or self.read_only:
            return flags
        return flags | Qt.ItemFlag.ItemIsEditable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        item = self.item(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if item is None:
                fixed = self._headers_fixed + self._headers_score
                position = section if section < FIRST_ITEM else section - len(self._items)
                return fixed[position]
            first_of_section = (
                section == FIRST_ITEM or self.item(section - 1).section != item.section
            )
            section_name = item.section.split("（")[0] if first_of_section else ""
            return f"{section_name}\n{item.name}\n{self._measure(item)}"
        if role == Qt.ItemDataRole.ToolTipRole and item is not None:
            rule = self._rule(item)
            return (
                f"{item.section} · {item.name}\n{rule}" if rule else f"{item.section} · {item.name}"
            )
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self.sheet is None:
            return None
        row = self.row(index.row())
        column = index.column()
        item = self.item(column)
        if item is not None:
            return self._item_data(row, item, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._fixed_text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column >= self.score_column("total") and self.sheet.unfinished(row):
                return GREY_TEXT  # the points so far; no grade or rank yet
            if column == self.score_column("grade") and row.score.veto:
                return VETO_TEXT
            return BLACK_TEXT
        if role == Qt.ItemDataRole.BackgroundRole and row.village in self._tinted:
            return VILLAGE_TINT
        if role == Qt.ItemDataRole.FontRole and column == self.score_column("total"):
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= FIRST_ITEM:
            return CENTRED
        if role == Qt.ItemDataRole.ToolTipRole and column == self.score_column("grade"):
            return self._grade_note(row)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Village order (the sheet's) by default; by any column on a header click."""
        if self.sheet is None:
            return
        rows = self.sheet.rows
        if column < 0 or column == VILLAGE:
            keys = list(range(len(rows)))
        elif column == NAME:
            keys = [(initials(r.name), r.name) for r in rows]
        elif (item := self.item(column)) is not None:
            keys = [(r.score.points.get(item.key, Decimal(0)), i) for i, r in enumerate(rows)]
        elif column == self.score_column("grade"):
            grades = [band.grade for band in self.sheet.month.scheme.bands]
            keys = [
                (
                    bool(self.sheet.unfinished(r)),  # not graded yet: after every grade
                    grades.index(r.score.grade) if r.score.grade in grades else 99,
                    -r.score.total,
                )
                for r in rows
            ]
        elif column == self.score_column("village_rank"):
            keys = [
                (bool(self.sheet.unfinished(r)), r.score.village_rank, i)
                for i, r in enumerate(rows)
            ]
        elif column == self.score_column("rank"):
            keys = [(bool(self.sheet.unfinished(r)), r.score.rank, i) for i, r in enumerate(rows)]
        else:  # total: the best first
            keys = [(r.score.rank, i) for i, r in enumerate(rows)]
        self.layoutAboutToBeChanged.emit()
        old = [
            self.index(shown, c)
            for shown in range(len(self._order))
            for c in range(self.columnCount())
        ]
        persons = [self.row(index.row()).person_id for index in old]
        self._order = sorted(
            range(len(rows)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder
        )
        position = {rows[p].person_id: shown for shown, p in enumerate(self._order)}
        self.changePersistentIndexList(
            old,
            [
                self.index(position[person], index.column())
                for person, index in zip(persons, old, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        text = "" if value is None else str(value)
        row, item = self.row(index.row()), self.item(index.column())
        cell = (row.person_id, item.key)
        if cell not in self._refused and text.strip() == entry_text(
            item, row.entries.get(item.key)
        ):
            return False  # moving through a cell without changing it writes nothing
        self.write([(index.row(), index.column(), text)])
        return True

    # ------------------------------------------------------------------------------- internals

    def _cell(self, index: AnyIndex) -> Cell:
        item = self.item(index.column())
        return (self.row(index.row()).person_id, item.key if item is not None else "")

    def _apply(self, changes: dict[Cell, EntryInfo | None], touched: list[QModelIndex]) -> None:
        if changes:
            assert self.sheet is not None
            self.sheet = with_entries(self.sheet, changes)
        for index in touched:
            self.dataChanged.emit(index, index)
        if changes:
            last = self.columnCount() - 1
            rows = {index.row() for index in touched}
            for shown in rows:  # the row's points, then every row's results and ranks
                self.dataChanged.emit(self.index(shown, FIRST_ITEM), self.index(shown, last))
            if self._order:
                self.dataChanged.emit(
                    self.index(0, self.score_column("total")),
                    self.index(len(self._order) - 1, last),
                )
            self.changed.emit()

    def _measure(self, item: ItemSpec) -> str:
        most = points_text(item.max_points)
        match item.kind:
            case ItemKind.MANUAL:
                return self.tr("{0} pts").format(most)
            case ItemKind.DEDUCTION:
                return self.tr("{0} pts, −{1}/time").format(most, points_text(item.per_count))
            case ItemKind.BONUS:
                return self.tr("+{0}/time, ≤{1}").format(points_text(item.per_count), most)
            case ItemKind.AUTO:
                return self.tr("Automatic, {0} pts").format(most)
            case ItemKind.VETO:
                return self.tr("Veto")

    def _rule(self, item: ItemSpec) -> str:
        assert self.sheet is not None
        for section in self.sheet.month.scheme.sections:
            for draft in section.items:
                if draft.key == item.key:
                    return draft.rule_text
        return ""

    def _fixed_text(self, row: SheetRow, column: int) -> str:
        if column == VILLAGE:
            return row.village
        if column == NAME:
            return row.name
        score = row.score
        name = SCORE_COLUMNS[column - FIRST_ITEM - len(self._items)]
        if name != "total" and self.sheet is not None and self.sheet.unfinished(row):
            return self.tr("Not finished") if name == "grade" else "—"
        values = {
            "total": points_text(score.total),
            "grade": score.grade,
            "rank": str(score.rank),
            "village_rank": str(score.village_rank),
        }
        return values[name]

    def _grade_note(self, row: SheetRow) -> str | None:
        assert self.sheet is not None
        if blank := self.sheet.unfinished(row):
            return self.tr("Not entered yet: {0}. The grade and ranks come when they are.").format(
                "、".join(blank)
            )
        if row.score.veto:
            return self.tr("Vetoed: the lowest grade whatever the points")
        if row.score.held_back_by_quota:
            return self.tr("Held back by the quota on the top grade")
        return None

    def _item_data(self, row: SheetRow, item: ItemSpec, role: int) -> object:
        cell = (row.person_id, item.key)
        refused = self._refused.get(cell)
        entry = row.entries.get(item.key)
        points = row.score.points.get(item.key, Decimal(0))
        if role == Qt.ItemDataRole.DisplayRole:
            if item.kind is ItemKind.AUTO:
                return points_text(points)
            return refused[0] if refused else entry_text(item, entry)
        if role == Qt.ItemDataRole.EditRole:
            return refused[0] if refused else entry_text(item, entry)
        if role == Qt.ItemDataRole.BackgroundRole:
            if refused or (entry is not None and entry.problem):
                return REFUSED
            if item.kind is ItemKind.AUTO:
                return AUTOMATIC
            if entry is not None and entry.note:
                return NOTED
            return VILLAGE_TINT if row.village in self._tinted else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.kind is ItemKind.AUTO:
                return GREY_TEXT
            if item.kind is ItemKind.VETO and entry is not None and entry.value:
                return VETO_TEXT
            return BLACK_TEXT
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return CENTRED
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tip(row, item, entry, points, refused)
        return None

    def _cell_tip(
        self,
        row: SheetRow,
        item: ItemSpec,
        entry: EntryInfo | None,
        points: Decimal,
        refused: tuple[str, str] | None,
    ) -> str | None:
        if refused:
            return refused[1]
        if entry is not None and entry.problem:
            return entry.problem
        lines = []
        if item.kind is ItemKind.AUTO:
            figure = row.figures.get(item.metric, Decimal(0))
            lines.append(
                self.tr("Automatic: figure {0} → {1} pts").format(
                    points_text(figure), points_text(points)
                )
            )
        elif item.kind in (ItemKind.DEDUCTION, ItemKind.BONUS):
            lines.append(self.tr("{0} pts").format(points_text(points)))
        if entry is not None and entry.note:
            lines.append(self.tr("Note: {0}").format(entry.note))
        return "\n".join(lines) or None
