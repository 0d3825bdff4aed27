"""A fast ledger table: measured with cached character widths, wrapped by itself, split between
rows only, the header repeated on every page, drawn with canvas primitives.

A plain reportlab Table of 5,000 rows takes seconds because every cell is a flowable measured
and split again at each page; here all rows are laid out once, and a page is a slice of them.

    table = LedgerTable(
        [Column("序号", 0.5, "center"), Column("姓名", 1.2), Column("得分", 0.8, "right")],
        [GroupRow("东风村"), ("1", "张喆", "96.5"), TotalRow(("", "合计", "96.5"))],
    )
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from desktop.reports.fonts import FontSet, fonts
from desktop.reports.request import Progress

PAD_X = 2.5  # points of air inside a cell, left and right
PAD_Y = 2.2
LEADING = 1.22  # line height as a multiple of the font size
# A cell never grows past this many lines (a row must fit on one page); the last line kept
# ends with "…".
MAX_CELL_LINES = 24
HEADER_FILL = Color(0.88, 0.88, 0.88)
GROUP_FILL = Color(0.94, 0.94, 0.94)
ZEBRA_FILL = Color(0.965, 0.965, 0.965)
RULE = 0.4  # inner lines, points
FRAME = 0.9  # the outer frame and the line under the header

# Chinese line-breaking: these never start a line, those never end one.
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉’”…—,.;:?!)]}%·")
NO_LINE_END = frozenset("（《「『【〔〈‘“([{")
# Latin words, numbers, ID numbers and dates stay whole when they fit on a line.
TOKEN = re.compile(r"[0-9A-Za-z_.:/@+\-*#%]+|\s+|.", re.DOTALL)


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 1.0  # a share of the table's width (weights; the table fills the frame)
    align: str = "left"  # "left", "center" or "right" (numbers)


@dataclass(frozen=True)
class GroupRow:
    """A heading row across the whole table (one block per village …); it is never left alone at
    the foot of a page, and a page that goes on with its block repeats it as "…（续）"."""

    label: str


@dataclass(frozen=True)
class TotalRow:
    """A row of totals, printed bold."""

    cells: Sequence[object]


Row = Sequence[object] | GroupRow | TotalRow


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def wrap_text(text: str, width: float, size: float, font_set: FontSet | None = None) -> list[str]:
    """`text` broken into lines no wider than `width` points at `size`: CJK anywhere, Latin words and
    numbers whole where they fit, no closing punctuation at a line's start."""
    font_set = font_set or fonts()
    if "\n" not in text and font_set.width(text, size) <= width:
        return [text]
    unit = font_set.char_units(text).__getitem__  # widths at 1 pt; the limit is scaled instead
    limit = width / size
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current: list[str] = []
        used = 0.0
        for token in TOKEN.findall(paragraph):
            token_width = sum(map(unit, token))
            if used + token_width <= limit:
                current.append(token)
                used += token_width
                continue
            if token.isspace():
                lines.append("".join(current))
                current, used = [], 0.0
                continue
            if token_width > limit:  # a word longer than the line: break it by characters
                for char in token:
                    w = unit(char)
                    if used + w > limit and current:
                        lines.append("".join(current))
                        current, used = [], 0.0
                    current.append(char)
                    used += w
                continue
            carried: list[str] = []
            if token[0] in NO_LINE_START and len(current) > 1:
                carried.append(current.pop())
            while len(current) > 1 and current[-1][-1] in NO_LINE_END:
                carried.insert(0, current.pop())
            lines.append("".join(current).rstrip())
            current = [*carried, token]
            used = sum(map(unit, "".join(current)))
        lines.append("".join(current).rstrip())
    return lines


class _Layout:
    """Every row measured once for one table width: lines per cell and heights, with running sums
    so that a page's slice is found and sized without walking the rows again."""

    def __init__(self, table: LedgerTable, width: float) -> None:
        font_set = fonts()
        total_weight = sum(c.width for c in table.columns) or 1
        self.widths = [width * c.width / total_weight for c in table.columns]
        self.lefts = list(accumulate([0.0, *self.widths[:-1]]))
        size, line = table.size, table.size * LEADING
        self.line = line
        inner = [w - 2 * PAD_X for w in self.widths]
        self.kinds: list[str] = []
        self.cells: list[list[list[str]]] = []
        self.heights: list[float] = []
        self.groups: list[str | None] = []  # the group each row belongs to
        group: str | None = None
        cache: dict[tuple[str, int], list[str]] = {}
        for row in table.rows:
            if isinstance(row, GroupRow):
                group = row.label
                lines = [wrap_text(group, width - 2 * PAD_X, size, font_set)]
                self.kinds.append("group")
            else:
                values = row.cells if isinstance(row, TotalRow) else row
                if len(values) > len(inner):
                    raise ValueError(f"{len(values)} cells for {len(inner)} columns: {values!r}")
                lines = []
                for index, value in enumerate(values):
                    text = cell_text(value)
                    key = (text, index)
                    wrapped = cache.get(key)
                    if wrapped is None:
                        wrapped = wrap_text(text, inner[index], size, font_set)
                        if len(wrapped) > MAX_CELL_LINES:
                            wrapped = [
                                *wrapped[: MAX_CELL_LINES - 1],
                                wrapped[MAX_CELL_LINES - 1] + "…",
                            ]
                        if len(text) < 40:
                            cache[key] = wrapped
                    lines.append(wrapped)
                self.kinds.append("total" if isinstance(row, TotalRow) else "data")
            self.cells.append(lines)
            self.heights.append(max((len(c) for c in lines), default=1) * line + 2 * PAD_Y)
            self.groups.append(group)
        self.tops = list(accumulate(self.heights, initial=0.0))  # tops[i]: height of rows before i
        # data_before[i]: data and total rows before row i (zebra stripes, progress)
        self.data_before = list(accumulate((k != "group" for k in self.kinds), initial=0))
        self.header = self._header_layout(table, font_set)

    def _header_layout(self, table: LedgerTable, font_set: FontSet) -> tuple[float, float, list]:
        """(height of the group band, height of the column band, wrapped header texts)."""
        size, line = table.size, self.line
        texts = [
            wrap_text(c.header, w - 2 * PAD_X, size, font_set)
            for c, w in zip(table.columns, self.widths, strict=True)
        ]
        band = max(len(t) for t in texts) * line + 2 * PAD_Y
        group_band = 0.0
        for label, first, last in table.header_groups:
            span = sum(self.widths[first : last + 1])
            group_band = max(
                group_band,
                len(wrap_text(label, span - 2 * PAD_X, size, font_set)) * line + 2 * PAD_Y,
            )
        return group_band, band, texts

    def height(self, start: int, stop: int) -> float:
        return self.tops[stop] - self.tops[start]

    def fit(self, start: int, stop: int, room: float) -> int:
        """The end of the longest slice from `start` whose rows fit in `room` points."""
        return bisect.bisect_right(self.tops, self.tops[start] + room, start, stop + 1) - 1


class LedgerTable(Flowable):
    """A long table that splits across pages between rows, repeating its header (and the heading of
    the group in progress) on each page."""

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Sequence[Row],
        *,
        size: float = 9,
        header_groups: Sequence[tuple[str, int, int]] = (),
        zebra: bool = False,
        progress: Progress | None = None,
    ) -> None:
        super().__init__()
        self.columns = list(columns)
        self.rows = rows
        self.size = size
        self.header_groups = list(header_groups)  # (label, first column, last column) above them
        self.zebra = zebra
        self.progress = progress
        self._layout: _Layout | None = None
        self._start, self._stop = 0, len(rows)
        self._continued: str | None = None  # the group heading repeated at the top of this part
        self._data_total = sum(1 for r in rows if not isinstance(r, GroupRow))

    # ------------------------------------------------------------------ layout

    def _laid(self, width: float) -> _Layout:
        if self._layout is None or abs(sum(self._layout.widths) - width) > 0.01:
            self._layout = _Layout(self, width)
        return self._layout

    def _head_height(self, layout: _Layout) -> float:
        group_band, band, _texts = layout.header
        continued = layout.line + 2 * PAD_Y if self._continued else 0.0
        return group_band + band + continued

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        layout = self._laid(availWidth)
        self.width = availWidth
        self.height = self._head_height(layout) + layout.height(self._start, self._stop)
        return self.width, self.height

    def _part(self, start: int, stop: int, continued: str | None) -> LedgerTable:
        # A fresh flowable sharing the layout: platypus marks on this one (_postponed …) stay here.
        part = LedgerTable.__new__(LedgerTable)
        Flowable.__init__(part)
        for name in (
            "columns",
            "rows",
            "size",
            "header_groups",
            "zebra",
            "progress",
            "_layout",
            "_data_total",
        ):
            setattr(part, name, getattr(self, name))
        part._start, part._stop, part._continued = start, stop, continued
        return part

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        layout = self._laid(availWidth)
        room = availHeight - self._head_height(layout)
        stop = layout.fit(self._start, self._stop, room)
        while stop > self._start and layout.kinds[stop - 1] == "group":
            stop -= 1  # a group heading goes to the next page with its first row
        if stop <= self._start:
            return []
        if stop >= self._stop:
            return [self]
        group = layout.groups[stop]
        continued = f"{group}（续）" if group and layout.kinds[stop] != "group" else None
        return [
            self._part(self._start, stop, self._continued),
            self._part(stop, self._stop, continued),
        ]

    # ------------------------------------------------------------------ drawing

    def draw(self) -> None:
        # Text and rules go into the page as raw operators: reportlab's text objects and paths
        # format every number through pure Python and dominate a long ledger's time otherwise.
        layout = self._laid(self.width)
        canvas = self.canv
        doc = canvas._doc
        font_set = fonts()
        size, line = self.size, layout.line
        width = self.width
        plain: list[str] = []
        bold: list[str] = []  # drawn with a stroked outline (header, groups, totals)
        rules: list[float] = []  # y of the horizontal lines under rows

        width_of, show = font_set.width, font_set.shower(doc, size)

        def place(
            x: float,
            top: float,
            height: float,
            lines: list[str],
            align: str,
            cell_width: float,
            into: list[str],
        ) -> None:
            baseline = top - (height - len(lines) * line) / 2 - size * 0.98
            for entry in lines:
                if entry:
                    if align == "left":
                        left = x + PAD_X
                    elif align == "right":
                        left = x + cell_width - PAD_X - width_of(entry, size)
                    else:
                        left = x + (cell_width - width_of(entry, size)) / 2
                    into.append(f"1 0 0 1 {left:.2f} {baseline:.2f} Tm {show(entry)}")
                baseline -= line

        def fill(top: float, height: float, color: Color) -> None:
            canvas.setFillColor(color)
            canvas.rect(0, top - height, width, height, stroke=0, fill=1)

        # the header: the group band over some columns, then the column band
        y = self.height  # the top of the table; rows are drawn downwards
        group_band, band, header_texts = layout.header
        head = group_band + band
        fill(y, head, HEADER_FILL)
        grouped: set[int] = set()
        inside: set[int] = set()  # column borders under a group label: they start below it
        for label, first, last in self.header_groups:
            x = layout.lefts[first]
            span = sum(layout.widths[first : last + 1])
            place(
                x,
                y,
                group_band,
                wrap_text(label, span - 2 * PAD_X, size, font_set),
                "center",
                span,
                bold,
            )
            grouped.update(range(first, last + 1))
            inside.update(range(first + 1, last + 1))
        for index, texts in enumerate(header_texts):
            x, w = layout.lefts[index], layout.widths[index]
            if index in grouped:
                place(x, y - group_band, band, texts, "center", w, bold)
            else:
                place(x, y, head, texts, "center", w, bold)
        y -= head
        header_bottom = y
        if self._continued:
            h = line + 2 * PAD_Y
            fill(y, h, GROUP_FILL)
            place(0, y, h, [self._continued], "left", width, bold)
            y -= h
            rules.append(y)
        body_top = y
        group_spans: list[tuple[float, float]] = []  # rows across the whole width: no verticals
        done = layout.data_before[self._start]
        aligns = [c.align for c in self.columns]
        lefts, widths = layout.lefts, layout.widths
        for index in range(self._start, self._stop):
            h = layout.heights[index]
            kind = layout.kinds[index]
            cells = layout.cells[index]
            if kind == "group":
                fill(y, h, GROUP_FILL)
                place(0, y, h, cells[0], "left", width, bold)
                group_spans.append((y, y - h))
            else:
                if self.zebra and done % 2:
                    fill(y, h, ZEBRA_FILL)
                into = bold if kind == "total" else plain
                for column, lines in enumerate(cells):
                    place(lefts[column], y, h, lines, aligns[column], widths[column], into)
                done += 1
            y -= h
            rules.append(y)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setStrokeColorRGB(0, 0, 0)
        if plain:
            canvas._code.append("BT " + " ".join(plain) + " ET")
        if bold:
            canvas.setLineWidth(size / 30)
            canvas._code.append("BT 2 Tr " + " ".join(bold) + " 0 Tr ET")
        # rules: under each row, then the column borders, broken by full-width group rows
        segments: list[tuple[float, float, float, float]] = [(0, r, width, r) for r in rules[:-1]]
        for _label, first, last in self.header_groups:
            span = sum(widths[first : last + 1])
            segments.append(
                (
                    lefts[first],
                    self.height - group_band,
                    lefts[first] + span,
                    self.height - group_band,
                )
            )
        for index, x in enumerate(lefts[1:], start=1):
            segments.append(
                (x, self.height - group_band if index in inside else self.height, x, header_bottom)
            )
            top = body_top
            for span_top, span_bottom in group_spans:
                if span_top < top:
                    segments.append((x, top, x, span_top))
                top = span_bottom
            segments.append((x, top, x, y))
        canvas.setLineWidth(RULE)
        canvas._code.append(
            " ".join(f"{a:.2f} {b:.2f} m {c:.2f} {d:.2f} l" for a, b, c, d in segments) + " S"
        )
        canvas.setLineWidth(FRAME)
        canvas.rect(0, y, width, self.height - y, stroke=1, fill=0)
        canvas.line(0, header_bottom, width, header_bottom)
        if self.progress is not None:
            self.progress(done, self._data_total)
