"""考核 → 个人历史: a worker's approved months (total, grade, ranks) with the trend of the totals,
and the township's grade distribution in the month chosen in the table.

QtCharts is loaded with this tab only: the first screen does not pay for it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.assessment_queries import (
    AssessedWorker,
    HistoryPoint,
    assessed_workers,
    grade_counts,
    worker_history,
)
from desktop.services.pinyin import initials
from desktop.views.list_model import ListTableModel

if TYPE_CHECKING:
    from desktop.db import Database

AnyIndex = QModelIndex | QPersistentModelIndex
MONTH, TOTAL, GRADE, RANK, VILLAGE_RANK = range(5)


def month_text(point: HistoryPoint) -> str:
    return f"{point.month:%Y-%m}"


class HistoryModel(ListTableModel):
    """One row per approved month, oldest first."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headers = [
            self.tr("Month"),
            self.tr("Total"),
            self.tr("Grade"),
            self.tr("Rank"),
            self.tr("Village rank"),
        ]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        point = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                month_text(point),
                format(point.total.normalize(), "f"),
                point.grade + (self.tr(" (veto)") if point.veto else ""),
                self.tr("{0} of {1}").format(point.rank, point.workers),
                str(point.village_rank),
            )[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() != MONTH:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{point.scheme} · {point.village}"
        return None


class HistoryPanel(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.workers: list[AssessedWorker] = []
        self.grade_counts: dict[str, int] = {}  # what the bar chart shows
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Name or initials"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._filter)
        self.worker_list = QListWidget()
        self.worker_list.currentItemChanged.connect(self._show_worker)
        self.title = QLabel()
        self.model = HistoryModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.selectionModel().currentRowChanged.connect(self._show_month)

        self.trend = QChart()
        self.trend.legend().hide()
        self.trend_view = QChartView(self.trend)
        self.trend_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.distribution = QChart()
        self.distribution.legend().hide()
        self.distribution_view = QChartView(self.distribution)

        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.search_edit)
        left_box.addWidget(self.worker_list, 1)
        charts = QHBoxLayout()
        charts.addWidget(self.trend_view, 3)
        charts.addWidget(self.distribution_view, 2)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(self.title)
        right_box.addWidget(self.table, 2)
        right_box.addLayout(charts, 3)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([200, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def reload(self) -> None:
        chosen = self.selected_person()
        self.workers = assessed_workers(self._db)
        self.worker_list.clear()
        for worker in self.workers:
            entry = QListWidgetItem(f"{worker.name}（{worker.village}）", self.worker_list)
            entry.setData(Qt.ItemDataRole.UserRole, worker.person_id)
        self._filter(self.search_edit.text())
        if not self.workers:
            self.title.setText(self.tr("No approved month yet: history starts with approval."))
            self._show_worker(None)
            return
        self.show_person(chosen if chosen is not None else self.workers[0].person_id)

    def selected_person(self) -> int | None:
        current = self.worker_list.currentItem()
        return current.data(Qt.ItemDataRole.UserRole) if current is not None else None

    def show_person(self, person_id: int) -> None:
        for row in range(self.worker_list.count()):
            if self.worker_list.item(row).data(Qt.ItemDataRole.UserRole) == person_id:
                self.worker_list.setCurrentRow(row)
                return

    def _filter(self, text: str) -> None:
        wanted = text.strip().lower()
        for row, worker in enumerate(self.workers):
            match = not wanted or wanted in worker.name or wanted in initials(worker.name)
            self.worker_list.item(row).setHidden(not match)

    def _show_worker(self, current: QListWidgetItem | None, _previous=None) -> None:
        points = worker_history(self._db, current.data(Qt.ItemDataRole.UserRole)) if current else []
        self.model.set_rows(points)
        if current is not None:
            self.title.setText(
                self.tr("{0}: {1} approved months").format(current.text(), len(points))
            )
        self._draw_trend(points)
        if points:
            self.table.selectRow(len(points) - 1)
        else:
            self._draw_distribution(None)

    def _show_month(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._draw_distribution(self.model.rows[current.row()] if current.isValid() else None)

    def _draw_trend(self, points: list[HistoryPoint]) -> None:
        chart = self.trend
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(self.tr("Monthly total"))
        if not points:
            return
        series = QLineSeries()
        series.setPointsVisible(True)
        for position, point in enumerate(points):
            series.append(position, float(point.total))
        chart.addSeries(series)
        months = QBarCategoryAxis()
        # "26.02", standing: a year and a half of months side by side would be cut to "2…"
        months.append([f"{point.month:%y.%m}" for point in points])
        months.setLabelsAngle(-90)
        values = QValueAxis()
        top = max(Decimal(100), *(point.total for point in points))
        values.setRange(0, float(top))
        values.setLabelFormat("%d")
        chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(months)
        series.attachAxis(values)

    def _draw_distribution(self, point: HistoryPoint | None) -> None:
        chart = self.distribution
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        if point is None:
            chart.setTitle(self.tr("Grades in the township"))
            self.grade_counts = {}
            return
        counts = self.grade_counts = grade_counts(self._db, point.month_id)
        chart.setTitle(self.tr("Grades in the township, {0}").format(month_text(point)))
        bars = QBarSet(self.tr("Workers"))
        bars.append([float(count) for count in counts.values()])
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        grades = QBarCategoryAxis()
        grades.append(list(counts))
        values = QValueAxis()
        values.setRange(0, max(1, *counts.values()))
        values.applyNiceNumbers()
        values.setLabelFormat("%d")
        chart.addAxis(grades, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(grades)
        series.attachAxis(values)
