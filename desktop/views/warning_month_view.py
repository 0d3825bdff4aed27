"""预警月度统计: a month of warnings at a glance — how many were reported, dispatched and
concluded, the share handled in time, the median wait for a response, warnings by type (a bar
chart and its table) and by urgency, and each party member's duty reports (党员报到).

The figures are services.warning_stats.month_stats, whose module docstring defines each; the
tiles' tooltips say the same in Chinese. QtCharts loads with this tab only.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import FengwangError
from desktop.services import warning_stats
from desktop.services.case_stats import format_rate
from desktop.services.warning_stats import WarningMonthStats
from desktop.views import messages
from desktop.views.case_dashboard import CountsModel, FigureTile
from desktop.views.look import emphasise
from desktop.views.small_tables import give_counts_room, small_table
from desktop.views.warning_actions import Now, wall_clock
from desktop.vocabulary import URGENT

if TYPE_CHECKING:
    from desktop.db import Database

MONTHS_LISTED = 36


def months_back(today: date, count: int) -> list[date]:
    """The first days of this month and the `count - 1` before it, newest first."""
    year, month = today.year, today.month
    found = []
    for _ in range(count):
        found.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found


def month_of(data: str | None) -> date | None:
    """A month combo's item data (the first day in ISO form: Qt finds strings, not dates)."""
    return date.fromisoformat(data) if data else None


class ParticipationModel(CountsModel):
    """Party members' counts, with their posts (text, left-aligned) in the second column."""

    POSTS = 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.POSTS:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.POSTS:
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        return super().data(index, role)


class WarningMonthView(QWidget):
    """Reads the month's figures when shown (`reload`) and when another month is chosen."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, now: Now = wall_clock
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._now = now
        self.stats: WarningMonthStats | None = None

        self.title = emphasise(QLabel(self.tr("Warnings in the month")), scale=1.3)
        self.month_combo = QComboBox()
        for first in months_back(now().date(), MONTHS_LISTED):
            self.month_combo.addItem(f"{first:%Y-%m}", first.isoformat())
        month_label = QLabel(self.tr("&Month"))
        month_label.setBuddy(self.month_combo)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(16)
        top.addWidget(month_label)
        top.addWidget(self.month_combo)
        top.addStretch(1)

        self.tiles: dict[str, FigureTile] = {}
        tiles = QHBoxLayout()
        for key, caption, definition in (
            ("reported", self.tr("Reported"), self.tr("Warnings reported in the month")),
            (
                "dispatched",
                self.tr("Dispatched"),
                self.tr("Warnings first dispatched in the month"),
            ),
            (
                "closed",
                self.tr("Concluded"),
                self.tr("Warnings closed or turned into a case in the month"),
            ),
            (
                "in_time",
                self.tr("Handled in time"),
                self.tr(
                    "Of the dispatched warnings concluded in the month, the share answered by"
                    " every response deadline and concluded by the completion deadline"
                ),
            ),
            (
                "response",
                self.tr("Median response"),
                self.tr(
                    "Median hours from the first dispatch to the first response, of the"
                    " warnings first responded to in the month"
                ),
            ),
            (
                "party",
                self.tr("Party members on duty"),
                self.tr("Duty reports made in the month, and the party members who made them"),
            ),
        ):
            tile = FigureTile(caption, definition)
            self.tiles[key] = tile
            tiles.addWidget(tile)

        self.type_model = CountsModel([self.tr("Type"), self.tr("Warnings")], self)
        self.type_table = small_table(self.type_model, 0)
        self.urgency_model = CountsModel([self.tr("Urgency"), self.tr("Warnings")], self)
        self.urgency_table = small_table(self.urgency_model, 0)
        self.participation_model = ParticipationModel(
            [
                self.tr("Party member"),
                self.tr("Posts"),
                self.tr("Duty reports"),
                self.tr("Warnings"),
            ],
            self,
        )
        self.participation_table = small_table(self.participation_model, 1)
        for table in (self.type_table, self.urgency_table, self.participation_table):
            give_counts_room(table)
        self.chart = QChart()
        self.chart.legend().hide()
        self.chart.setTitle(self.tr("Warnings by type"))
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(220)

        counts = QWidget()
        counts_box = QHBoxLayout(counts)
        counts_box.setContentsMargins(0, 0, 0, 0)
        counts_box.addWidget(self.type_table, 3)
        counts_box.addWidget(self.urgency_table, 2)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.chart_view)
        left.addWidget(counts)
        left.setSizes([260, 200])
        left.setChildrenCollapsible(False)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        self.participation_title = emphasise(QLabel(self.tr("Party members' duty reports")))
        right_box.addWidget(self.participation_title)
        right_box.addWidget(self.participation_table, 1)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(left)
        body.addWidget(right)
        body.setSizes([640, 560])
        body.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tiles)
        layout.addWidget(body, 1)
        self.month_combo.currentIndexChanged.connect(self.reload)

    def month(self) -> date:
        return month_of(self.month_combo.currentData())

    def show_month(self, month: date) -> None:
        """Show the month of `month` (any day of it), adding it to the list when older."""
        first = month.replace(day=1)
        position = self.month_combo.findData(first.isoformat())
        if position < 0:
            self.month_combo.addItem(f"{first:%Y-%m}", first.isoformat())
            position = self.month_combo.count() - 1
        if position == self.month_combo.currentIndex():
            self.reload()
        else:
            self.month_combo.setCurrentIndex(position)

    def reload(self) -> None:
        try:
            stats = warning_stats.month_stats(self._db, self.month())
        except FengwangError as err:
            messages.show_error(self, err.message)
            return
        self.stats = stats
        self._show(stats)

    def _show(self, stats: WarningMonthStats) -> None:
        tiles = self.tiles
        tiles["reported"].set_value(
            str(stats.reported),
            self.tr("urgent {0}").format(stats.by_urgency.get(URGENT, 0)),
        )
        tiles["dispatched"].set_value(
            str(stats.dispatched), self.tr("escalated {0}").format(stats.escalated)
        )
        tiles["closed"].set_value(
            str(stats.closed), self.tr("turned into cases {0}").format(stats.converted)
        )
        tiles["in_time"].set_value(
            format_rate(stats.in_time_rate),
            self.tr("in time {0}, late {1}").format(stats.in_time, stats.late),
            alarming=stats.late > 0,
        )
        hours = stats.median_response_hours
        tiles["response"].set_value(
            self.tr("{0} h").format(f"{hours:.1f}") if hours is not None else "—"
        )
        tiles["party"].set_value(
            str(stats.party_reports),
            self.tr("{0} party members").format(stats.party_members),
        )
        self.type_model.set_rows(list(stats.by_type.items()))
        self.urgency_model.set_rows(list(stats.by_urgency.items()))
        self.participation_model.set_rows(
            [(p.name, p.posts, p.reports, p.warnings) for p in stats.participation]
        )
        self._draw(stats)

    def _draw(self, stats: WarningMonthStats) -> None:
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        bars = QBarSet(self.tr("Warnings"))
        bars.append([float(count) for count in stats.by_type.values()])
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        types = QBarCategoryAxis()
        types.append(list(stats.by_type))
        values = QValueAxis()
        values.setRange(0, max([1, *stats.by_type.values()]))
        values.applyNiceNumbers()
        values.setLabelFormat("%d")
        chart.addAxis(types, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(types)
        series.attachAxis(values)
