"""A plain bar chart for papers (grade distributions, cases by category), drawn with canvas
primitives so that labels mix Chinese and digits in the right fonts."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop.reports.fonts import draw_text, text_width
from desktop.reports.table import wrap_text

BAR = Color(0.28, 0.42, 0.62)
AXIS = Color(0.2, 0.2, 0.2)
GRID = Color(0.82, 0.82, 0.82)


def _nice_step(top: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 5 × 10^n) so that about `ticks` steps reach `top`."""
    raw = max(top, 1e-9) / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return max(factor * power, 1) if top >= ticks else factor * power
    return 10 * power


class BarChart(Flowable):
    """Bars for `values` over `labels`: vertical (few categories) or horizontal (many, long labels),
    each bar with its value printed at its end."""

    def __init__(
        self,
        labels: Sequence[str],
        values: Sequence[float],
        *,
        width_mm: float = 150,
        height_mm: float = 60,
        title: str = "",
        horizontal: bool = False,
        value_format: Callable[[float], str] = lambda v: f"{v:g}",
        size: float = 8.5,
    ) -> None:
        super().__init__()
        self.labels, self.values = list(labels), [float(v) for v in values]
        self.width, self.height = width_mm * mm, height_mm * mm
        self.title = title
        self.horizontal = horizontal
        self.value_format = value_format
        self.size = size
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = min(self.width, availWidth)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        top = self.height
        if self.title:
            top -= self.size * 1.6
            draw_text(
                canvas, self.width / 2, top, self.title, self.size + 1.5, align="center", bold=True
            )
            top -= self.size
        peak = max(self.values, default=0) or 1
        step = _nice_step(peak)
        scale_top = step * math.ceil(peak / step)
        if self.horizontal:
            self._draw_horizontal(canvas, top, scale_top, step)
        else:
            self._draw_vertical(canvas, top, scale_top, step)
        canvas.restoreState()

    def _ticks(self, scale_top: float, step: float) -> list[float]:
        count = round(scale_top / step)
        return [step * i for i in range(count + 1)]

    def _draw_vertical(self, canvas, top: float, scale_top: float, step: float) -> None:
        size = self.size
        ticks = self._ticks(scale_top, step)
        left = max(text_width(self.value_format(t), size) for t in ticks) + 3 * mm
        slot = (self.width - left) / max(len(self.labels), 1)
        label_lines = [wrap_text(label, slot - 2, size) for label in self.labels]
        bottom = max((len(lines) for lines in label_lines), default=1) * size * 1.2 + 2 * mm
        plot = top - bottom - size * 1.4  # room above the highest bar for its value
        canvas.setLineWidth(0.3)
        for tick in ticks:
            y = bottom + plot * tick / scale_top
            canvas.setStrokeColor(GRID)
            canvas.line(left, y, self.width, y)
            draw_text(
                canvas,
                left - 1.5 * mm,
                y - size * 0.35,
                self.value_format(tick),
                size,
                align="right",
            )
        for index, (value, lines) in enumerate(zip(self.values, label_lines, strict=True)):
            x = left + slot * index
            bar = min(slot * 0.6, 18 * mm)
            height = plot * value / scale_top
            canvas.setFillColor(BAR)
            canvas.rect(x + (slot - bar) / 2, bottom, bar, height, stroke=0, fill=1)
            canvas.setFillColor(AXIS)
            draw_text(
                canvas,
                x + slot / 2,
                bottom + height + 1.5,
                self.value_format(value),
                size,
                align="center",
            )
            y = bottom - size * 1.15
            for line in lines:
                draw_text(canvas, x + slot / 2, y, line, size, align="center")
                y -= size * 1.2
        canvas.setStrokeColor(AXIS)
        canvas.setLineWidth(0.8)
        canvas.line(left, bottom, self.width, bottom)
        canvas.line(left, bottom, left, bottom + plot)

    def _draw_horizontal(self, canvas, top: float, scale_top: float, step: float) -> None:
        size = self.size
        ticks = self._ticks(scale_top, step)
        left = (
            min(
                max((text_width(label, size) for label in self.labels), default=0), self.width * 0.3
            )
            + 2 * mm
        )
        right = (
            self.width
            - max(text_width(self.value_format(v), size) for v in [*self.values, scale_top])
            - 2 * mm
        )
        bottom = size * 1.6
        slot = (top - bottom) / max(len(self.labels), 1)
        canvas.setLineWidth(0.3)
        for tick in ticks:
            x = left + (right - left) * tick / scale_top
            canvas.setStrokeColor(GRID)
            canvas.line(x, bottom, x, top)
            draw_text(canvas, x, bottom - size * 1.2, self.value_format(tick), size, align="center")
        for index, (label, value) in enumerate(zip(self.labels, self.values, strict=True)):
            y = top - slot * (index + 1)
            bar = min(slot * 0.6, 8 * mm)
            length = (right - left) * value / scale_top
            canvas.setFillColor(BAR)
            canvas.rect(left, y + (slot - bar) / 2, length, bar, stroke=0, fill=1)
            canvas.setFillColor(AXIS)
            middle = y + slot / 2 - size * 0.35
            draw_text(
                canvas,
                left - 1.5 * mm,
                middle,
                wrap_text(label, left - 2 * mm, size)[0],
                size,
                align="right",
            )
            draw_text(canvas, left + length + 1.5, middle, self.value_format(value), size)
        canvas.setStrokeColor(AXIS)
        canvas.setLineWidth(0.8)
        canvas.line(left, bottom, left, top)
        canvas.line(left, bottom, right, bottom)
