"""The sheet every report is printed on: A4 with a binding margin, a title block, a running head,
第 X 页 共 Y 页 on every page, an optional 草稿 watermark, and the blocks papers end with
(signature lines, the seal area). Written atomically: the old file stays until the new one is whole.

    paper = Paper(out, title="网格化服务管理人员花名册", issuer="示例镇综合治理中心",
                  period="2026年11月29日", period_label="统计时点", today=date(2026, 11, 29),
                  landscape=True)
    rendered = paper.build([LedgerTable(columns, rows), sign_and_seal(paper, author="王芳")])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as turned
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.exchange.files import writing
from desktop.reports.fonts import (
    FONT_PREFIX,
    draw_text,
    fonts,
    markup,
    start_collecting,
    text_width,
)
from desktop.reports.request import Rendered
from desktop.reports.table import wrap_text

# Margins in mm: the left one leaves room to bind (staple, punch) a portrait paper; a landscape
# ledger is bound along its top edge.
PORTRAIT_MARGINS = (28, 18, 20, 20)  # left, right, top, bottom
LANDSCAPE_MARGINS = (18, 15, 25, 16)
GREY = Color(0.35, 0.35, 0.35)
WATERMARK = Color(0.75, 0.1, 0.1, alpha=0.16)
ALIGNMENTS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_month(month: date) -> str:
    return f"{month.year}年{month.month}月"


class Paper:
    """One paper being made. Create it first (it starts collecting the characters no font has),
    then build the flowables, then `build(story)`."""

    def __init__(
        self,
        out: Path | str,
        *,
        title: str,
        issuer: str,
        period: str = "",
        period_label: str = "期间",
        today: date | None = None,
        landscape: bool = False,
        draft: bool = False,
        subtitle: str = "",
        title_block: bool = True,
    ) -> None:
        self.out = Path(out)
        self.title = title
        self.subtitle = subtitle
        self.issuer = issuer
        self.period = period
        self.period_label = period_label  # 期间, 统计时点, 考核月份 …
        self.today = today or date.today()
        self.landscape = landscape
        self.draft = draft
        self.title_block = title_block
        self.pagesize = turned(A4) if landscape else A4
        left, right, top, bottom = LANDSCAPE_MARGINS if landscape else PORTRAIT_MARGINS
        self.margins = (left * mm, right * mm, top * mm, bottom * mm)
        self.width = self.pagesize[0] - (left + right) * mm  # the frame: what flowables get
        self.height = self.pagesize[1] - (top + bottom) * mm
        self.pages = 0
        self._missing = start_collecting()

    def build(self, story: Sequence[Flowable], *, full_details: bool = False) -> Rendered:
        """Lay out the title block and `story`, write the PDF to `out` atomically."""
        left, right, top, bottom = self.margins
        flowables: list[Flowable] = []
        if self.title_block:
            flowables.append(TitleBlock(self))
        flowables.extend(story)
        with writing(self.out) as temp:
            doc = BaseDocTemplate(
                str(temp),
                pagesize=self.pagesize,
                leftMargin=left,
                rightMargin=right,
                topMargin=top,
                bottomMargin=bottom,
                title=self.title,
                author=self.issuer,
                subject=self.period,
                creator="枫网",
            )
            frame = Frame(left, bottom, self.width, self.height, 0, 0, 0, 0, id="body")
            doc.addPageTemplates([PageTemplate("page", [frame], pagesize=self.pagesize)])
            # Plain binary streams: ASCII85 only makes files bigger, and without reportlab's
            # optional C accelerators it costs a fifth of a long ledger's time.
            ascii85, rl_config.useA85 = rl_config.useA85, 0
            try:
                doc.build(flowables, canvasmaker=self._canvas_class())
            finally:
                rl_config.useA85 = ascii85
        return Rendered(self.pages, frozenset(self._missing), full_details)

    def _canvas_class(self) -> Callable[..., Canvas]:
        paper = self

        class PaperCanvas(Canvas):
            """Keeps each page until the end, when the total is known for 第 X 页 共 Y 页."""

            def __init__(self, *args, **kwargs) -> None:
                # Not Helvetica: a base-14 font is never embedded, and every font must be.
                kwargs["initialFontName"] = fonts().main.name
                super().__init__(*args, **kwargs)
                self._kept: list[dict] = []

            def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None:
                # reportlab's Table sets Helvetica on every cell, even one holding a Paragraph:
                # a base-14 font is never embedded, so any font that is not ours becomes ours.
                if not psfontname.startswith(FONT_PREFIX):
                    psfontname = fonts().main.name
                super().setFont(psfontname, size, leading)

            def showPage(self) -> None:
                self._kept.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self._kept)
                for number, state in enumerate(self._kept, start=1):
                    self.__dict__.update(state)
                    paper._decorate(self, number, total)
                    Canvas.showPage(self)
                paper.pages = total
                Canvas.save(self)

        return PaperCanvas

    def _decorate(self, canvas: Canvas, number: int, total: int) -> None:
        page_width, page_height = self.pagesize
        left, right, top, bottom = self.margins
        canvas.saveState()
        canvas.setFillColor(GREY)
        draw_text(
            canvas, page_width / 2, bottom / 2, f"第 {number} 页  共 {total} 页", 9, align="center"
        )
        if number > 1:  # page 1 carries the title itself
            y = page_height - top + 4 * mm
            draw_text(canvas, left, y, self.title, 8)
            draw_text(canvas, page_width - right, y, self.issuer, 8, align="right")
            canvas.setStrokeColor(GREY)
            canvas.setLineWidth(0.4)
            canvas.line(left, y - 1.6 * mm, page_width - right, y - 1.6 * mm)
        if self.draft:
            canvas.setFillColor(WATERMARK)
            canvas.translate(page_width / 2, page_height / 2)
            canvas.rotate(35 if self.landscape else 50)
            draw_text(canvas, 0, -40, "草稿", 150, align="center")
        canvas.restoreState()


class TitleBlock(Flowable):
    """The title (and subtitle), then one line: issuing unit, period, generated date."""

    TITLE_SIZE = 18
    SUB_SIZE = 12
    INFO_SIZE = 10

    def __init__(self, paper: Paper) -> None:
        super().__init__()
        self.paper = paper

    def _info(self) -> list[str]:
        paper = self.paper
        items = [f"填报单位：{paper.issuer}"]
        if paper.period:
            items.append(f"{paper.period_label}：{paper.period}")
        items.append(f"制表日期：{chinese_date(paper.today)}")
        return items

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.title_lines = wrap_text(self.paper.title, availWidth * 0.9, self.TITLE_SIZE)
        self.sub_lines = (
            wrap_text(self.paper.subtitle, availWidth * 0.9, self.SUB_SIZE)
            if self.paper.subtitle
            else []
        )
        info = self._info()
        widths = [text_width(t, self.INFO_SIZE) for t in info]
        gap = 8 * mm
        if len(info) == 3:  # the middle item is centred: neither side may reach it
            fits = max(widths[0], widths[2]) + widths[1] / 2 + gap <= availWidth / 2
        else:
            fits = sum(widths) + gap <= availWidth
        self.info_lines = [info] if fits else [[t] for t in info]
        self.height = (
            len(self.title_lines) * self.TITLE_SIZE * 1.35
            + len(self.sub_lines) * self.SUB_SIZE * 1.4
            + len(self.info_lines) * self.INFO_SIZE * 1.5
            + 7 * mm
        )
        return self.width, self.height

    def draw(self) -> None:
        canvas, y = self.canv, self.height
        for line in self.title_lines:
            y -= self.TITLE_SIZE * 1.2
            draw_text(canvas, self.width / 2, y, line, self.TITLE_SIZE, align="center", bold=True)
            y -= self.TITLE_SIZE * 0.15
        y -= 1.5 * mm
        for line in self.sub_lines:
            y -= self.SUB_SIZE * 1.3
            draw_text(canvas, self.width / 2, y, line, self.SUB_SIZE, align="center")
        y -= 3.5 * mm
        for items in self.info_lines:
            y -= self.INFO_SIZE * 1.3
            if len(items) == 1:
                draw_text(canvas, 0, y, items[0], self.INFO_SIZE)
                continue
            draw_text(canvas, 0, y, items[0], self.INFO_SIZE)
            draw_text(canvas, self.width, y, items[-1], self.INFO_SIZE, align="right")
            if len(items) == 3:
                draw_text(canvas, self.width / 2, y, items[1], self.INFO_SIZE, align="center")


# ------------------------------------------------------------------------------ text blocks


def style(
    size: float = 10.5, *, align: str = "left", leading: float | None = None, indent: float = 0
) -> ParagraphStyle:
    """A paragraph style in the main font; CJK text wraps at any character; `indent` is the first
    line's indent in characters (公文 paragraphs indent two)."""
    return ParagraphStyle(
        f"fw-{size}-{align}-{indent}",
        fontName=fonts().main.name,
        fontSize=size,
        leading=leading or size * 1.5,
        alignment=ALIGNMENTS[align],
        firstLineIndent=indent * size,
        wordWrap="CJK",
    )


def paragraph(
    text: str,
    size: float = 10.5,
    *,
    align: str = "left",
    leading: float | None = None,
    indent: float = 0,
) -> Paragraph:
    """Plain text (not markup) as a Paragraph; each character in a font that has it."""
    body = "<br/>".join(markup(line) for line in text.split("\n"))
    return Paragraph(body, style(size, align=align, leading=leading, indent=indent))


class Heading(Flowable):
    """A section heading (一、汇总情况), bold; it goes to the next page rather than end a page with
    less than `keep_mm` of room below it (platypus' keepWithNext would push a whole long table
    after it to the next page)."""

    def __init__(
        self,
        text: str,
        size: float = 12,
        *,
        space_before: float = 4 * mm,
        space_after: float = 2 * mm,
        keep_mm: float = 30,
    ) -> None:
        super().__init__()
        self.text, self.size = text, size
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self.keep = keep_mm * mm

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.lines = wrap_text(self.text, availWidth, self.size)
        self.width = availWidth
        self.height = len(self.lines) * self.size * 1.4
        if self.height + self.keep > availHeight:
            return self.width, availHeight + 1  # too little room: does not fit here
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        y = self.height
        for line in self.lines:
            y -= self.size * 1.15
            draw_text(self.canv, 0, y, line, self.size, bold=True)
            y -= self.size * 0.25


def spacer(height_mm: float) -> Spacer:
    return Spacer(1, height_mm * mm)


def form_table(
    rows: Sequence[Sequence[str | Flowable | None]],
    widths: Sequence[float],
    *,
    total_width: float,
    size: float = 10.5,
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    heights: Sequence[float | None] | None = None,
    labels: Sequence[tuple[int, int]] = (),
    align: str = "left",
) -> Table:
    """A small ruled form (登记表, 协议书 header, a summary): text cells become Paragraphs.

    widths are shares of `total_width` (points, e.g. paper.width); spans are reportlab's
    ((col, row), (col, row)) pairs; heights are minimum row heights in mm (None: as the text
    needs); labels are (col, row) cells printed centred on a light fill (field names)."""
    share = sum(widths)
    column_widths = [total_width * w / share for w in widths]
    label_cells = set(labels)
    cells = []
    for r, row in enumerate(rows):
        line = []
        for c, value in enumerate(row):
            if value is None or isinstance(value, Flowable):
                line.append(value or "")
            else:
                line.append(
                    paragraph(str(value), size, align="center" if (c, r) in label_cells else align)
                )
        cells.append(line)
    row_heights = [h * mm if h else None for h in heights] if heights else None
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, Color(0, 0, 0)),
        ("BOX", (0, 0), (-1, -1), 1.0, Color(0, 0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    commands += [("SPAN", first, last) for first, last in spans]
    commands += [("BACKGROUND", cell, cell, Color(0.94, 0.94, 0.94)) for cell in labels]
    table = Table(cells, colWidths=column_widths, rowHeights=row_heights)
    table.setStyle(TableStyle(commands))
    return table


# ------------------------------------------------------------------- signatures and the seal


class Signatures(Flowable):
    """制表人：____ 审核人：____ 负责人：____, each with 日期：____年__月__日 beneath."""

    SIZE = 10.5

    def __init__(
        self,
        roles: Sequence[str] = ("制表人", "审核人", "负责人"),
        names: dict[str, str] | None = None,
        *,
        dates: bool = True,
    ) -> None:
        super().__init__()
        self.roles = list(roles)
        self.names = names or {}
        self.dates = dates

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = (2 if self.dates else 1) * 11 * mm
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        column = self.width / len(self.roles)
        canvas.setLineWidth(0.5)
        for index, role in enumerate(self.roles):
            x = index * column
            y = self.height - 7 * mm
            label = f"{role}："
            used = draw_text(canvas, x, y, label, self.SIZE)
            end = x + column - 8 * mm
            canvas.line(x + used, y - 1.5, end, y - 1.5)
            name = self.names.get(role, "")
            if name:
                draw_text(canvas, x + used + 3 * mm, y + 0.5, name, self.SIZE)
            if self.dates:
                y -= 10 * mm
                used = draw_text(canvas, x, y, "日期：", self.SIZE)
                blank = (end - x - used - 3 * text_width("年", self.SIZE)) / 3
                cursor = x + used
                for unit, share in (("年", 1.2), ("月", 0.9), ("日", 0.9)):
                    canvas.line(cursor, y - 1.5, cursor + blank * share, y - 1.5)
                    cursor += blank * share
                    cursor += draw_text(canvas, cursor, y, unit, self.SIZE)


class SealArea(Flowable):
    """Room for the round seal, over the issuing unit's name and the date, at the right."""

    SIZE = 11

    def __init__(self, unit: str, *, when: date | None = None, note: str = "（盖章）") -> None:
        super().__init__()
        self.unit, self.when, self.note = unit, when, note

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = 36 * mm  # a 42 mm seal overlaps the name and the date, as it should
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        right = self.width - 10 * mm
        y = 16 * mm
        name_width = draw_text(
            canvas, right, y, f"{self.unit}{self.note}", self.SIZE, align="right"
        )
        centre = right - name_width / 2
        day = chinese_date(self.when) if self.when else "年    月    日"
        draw_text(canvas, centre, y - 9 * mm, day, self.SIZE, align="center")


def sign_and_seal(
    paper: Paper,
    *,
    author: str = "",
    roles: Sequence[str] = ("制表人", "审核人", "负责人"),
    seal: bool = True,
) -> KeepTogether:
    """The end of a paper: signature lines (the 制表人 filled with `author`) and the seal area of the
    issuing unit, kept together on one page."""
    parts: list[Flowable] = [
        Spacer(1, 8 * mm),
        Signatures(roles, {roles[0]: author} if author else {}),
    ]
    if seal:
        parts += [Spacer(1, 4 * mm), SealArea(paper.issuer)]
    return KeepTogether(parts)
