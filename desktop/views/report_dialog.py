"""A paper on screen: made in the background, shown page by page with QtPdf, printed and saved.

`PaperPreview` is the part the 报表 centre and `ReportDialog` share; `ReportDialog` shows one
paper with a fixed scope, for the buttons where the data is (a case prints its agreement, the
month sheet its report). The printer and file dialogs go through `choose_printer` and
`choose_pdf_path`, which tests replace; `print_pages` paints onto any paged device, so tests
print into a QPdfWriter instead of a printer.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import FengwangError
from desktop.exchange.files import writing
from desktop.reports import catalog
from desktop.reports.request import Rendered, ReportRequest
from desktop.services.grants import Permission
from desktop.views import messages, permissions
from desktop.views.background import BackgroundTask, run_in_background
from desktop.views.form import ERROR_COLOR
from desktop.views.look import emphasise, subdue

if TYPE_CHECKING:
    from desktop.db import Database

# Pages go to the printer as images: 300 dpi prints text as sharp as the eye reads it, while a
# 600 dpi A4 page would be a 140 MB image on a 4 GB machine.
MOST_DPI = 300


class Cancelled(Exception):
    """The clerk cancelled the paper while it was being made."""


def choose_pdf_path(parent: QWidget, caption: str, suggested: str) -> str:
    """The save-file dialog ('' when cancelled); tests replace it."""
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, "PDF (*.pdf)")
    return path


def choose_printer(parent: QWidget, printer: QPrinter, pages: int) -> bool:
    """The print dialog (printer, copies, page range); False when cancelled. Tests replace it."""
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, pages)
    dialog.setFromTo(1, pages)
    options = QPrintDialog.PrintDialogOption
    dialog.setOptions(
        options.PrintPageRange | options.PrintCollateCopies | options.PrintCurrentPage
    )
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return accepted


def chosen_pages(printer: QPrinter, count: int, current: int) -> list[int]:
    """The pages (0-based, in order) the print dialog asked for."""
    kind = printer.printRange()
    if kind == QPrinter.PrintRange.CurrentPage:
        return [current]
    if kind == QPrinter.PrintRange.PageRange and not printer.pageRanges().isEmpty():
        return [
            page - 1
            for span in printer.pageRanges().toRangeList()
            for page in range(span.from_, span.to + 1)
            if 1 <= page <= count
        ]
    return list(range(count))


def print_pages(
    document: QPdfDocument,
    device: QPagedPaintDevice,
    pages: Sequence[int],
    *,
    copies: int = 1,
    collate: bool = True,
    step: Callable[[int, int], bool] | None = None,
) -> bool:
    """Paint `pages` of `document` onto `device`, each page as an image fitted to the paper
    (landscape pages on landscape paper). `step(done, total)` is told of each page and may
    return False to stop; returns False when stopped."""
    order = (
        [page for _copy in range(copies) for page in pages]
        if collate
        else [page for page in pages for _copy in range(copies)]
    )
    if not order:
        return True
    dpi = min(device.resolution(), MOST_DPI)
    painter: QPainter | None = None
    try:
        for done, page in enumerate(order):
            points = document.pagePointSize(page)
            wide = points.width() > points.height()
            device.setPageOrientation(
                QPageLayout.Orientation.Landscape if wide else QPageLayout.Orientation.Portrait
            )
            if painter is None:
                painter = QPainter()
                if not painter.begin(device):
                    raise FengwangError("无法开始打印：打印机不可用")
            else:
                device.newPage()
            image = document.render(
                page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            )
            area = device.pageLayout().paintRectPixels(device.resolution())
            scale = min(area.width() / points.width(), area.height() / points.height())
            width, height = points.width() * scale, points.height() * scale
            target = QRectF((area.width() - width) / 2, (area.height() - height) / 2, width, height)
            painter.drawImage(target, image)
            if step is not None and not step(done + 1, len(order)):
                return False
    finally:
        if painter is not None:
            painter.end()
    return True


class PaperPreview(QWidget):
    """A paper made in the background (with progress and Cancel) and shown page by page."""

    def __init__(
        self, db: Database, actor: str, parent: QWidget | None = None, *, hint: str = ""
    ) -> None:
        """`hint`: what the empty view says until the first paper is shown."""
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self.data: bytes | None = None  # the PDF shown
        self.shown: tuple[str, ReportRequest] | None = None  # what it was made from
        self.rendered: Rendered | None = None
        self.task: BackgroundTask | None = None
        self._buffer = QBuffer(self)

        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)

        self.caption = emphasise(QLabel())
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.outdated_label = subdue(QLabel(self.tr("The choices changed: preview again.")))
        self.outdated_label.hide()
        self.fit_width_button = self._tool(self.tr("Fit width"), self.fit_width)
        self.fit_page_button = self._tool(self.tr("Whole page"), self.fit_page)
        self.zoom_out_button = self._tool("−", lambda: self.zoom(0.8))
        self.zoom_out_button.setToolTip(self.tr("Zoom out"))
        self.zoom_in_button = self._tool("+", lambda: self.zoom(1.25))
        self.zoom_in_button.setToolTip(self.tr("Zoom in"))
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.busy_label = QLabel(self.tr("Making the paper…"))
        self.hint = subdue(QLabel(hint))
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.hint)
        self.pages.addWidget(self.view)

        top = QHBoxLayout()
        top.addWidget(self.caption)
        top.addWidget(self.outdated_label)
        top.addStretch(1)
        for button in (
            self.fit_width_button,
            self.fit_page_button,
            self.zoom_out_button,
            self.zoom_in_button,
        ):
            top.addWidget(button)
        busy = QHBoxLayout()
        busy.addWidget(self.busy_label)
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(busy)
        layout.addWidget(self.pages, 1)
        self._show_busy(False)

    def _tool(self, text: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setMinimumWidth(button.sizeHint().height())
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------------------------ view

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    def zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(4.0, self.view.zoomFactor() * factor)))

    def set_outdated(self, outdated: bool) -> None:
        """The choices no longer match the paper shown (which stays until the next preview)."""
        self.outdated_label.setVisible(outdated and self.data is not None)

    # ---------------------------------------------------------------------------------- making

    @property
    def busy(self) -> bool:
        return self.task is not None

    def make(
        self,
        name: str,
        request: ReportRequest,
        then: Callable[[], None] | None = None,
    ) -> bool:
        """Start making paper `name`; `then` runs once it is shown. False (with a message) when
        the scope is incomplete or a paper is being made already."""
        if self.busy:
            return False
        request = replace(request, author=request.author or self._actor)
        try:
            catalog.check(catalog.paper(name), request)
        except FengwangError as err:
            messages.show_error(self, err.message)
            return False
        db = self._db

        def work(task: BackgroundTask) -> tuple[Rendered, bytes]:
            def progress(done: int, total: int) -> None:
                if task.cancelled():
                    raise Cancelled
                task.report(done, total)

            with tempfile.TemporaryDirectory(prefix="fengwang-paper-") as folder:
                out = Path(folder) / "paper.pdf"
                rendered = catalog.render(db, name, request, out, progress)
                if task.cancelled():
                    raise Cancelled
                return rendered, out.read_bytes()

        self.progress.setRange(0, 0)
        self._show_busy(True)
        self.task = run_in_background(
            self,
            work,
            lambda made: self._made(name, request, made, then),
            self._failed,
            on_progress=self._progressed,
        )
        return True

    def release(self) -> None:
        """Let go of the paper shown, before this widget goes. The view renders pages on a thread
        of its own, and the document (made first) is destroyed before the view: a page being
        rendered from it meanwhile crashed the process now and then. Closing the document waits
        for such a page, and a closed one has nothing left to render."""
        self.document.close()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.busy_label.setText(self.tr("Cancelling…"))

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _show_busy(self, busy: bool) -> None:
        for widget in (self.busy_label, self.progress, self.cancel_button):
            widget.setVisible(busy)
        if busy:
            self.busy_label.setText(self.tr("Making the paper…"))

    def _made(
        self,
        name: str,
        request: ReportRequest,
        made: tuple[Rendered, bytes],
        then: Callable[[], None] | None,
    ) -> None:
        self.task = None
        self._show_busy(False)
        rendered, data = made
        self.document.close()
        self._buffer.close()
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.pages.setCurrentWidget(self.view)
        self.data, self.shown, self.rendered = data, (name, request), rendered
        self.caption.setText(
            self.tr("{0} · {1} pages").format(heading(name, request), rendered.pages)
        )
        self.outdated_label.hide()
        if rendered.missing_characters:
            messages.show_warning(
                self,
                self.tr(
                    "No font can print these characters: {0}. The paper marks them; check the "
                    "names and write them in by hand."
                ).format(" ".join(sorted(rendered.missing_characters))),
            )
        if then is not None:
            then()

    def _failed(self, err: Exception) -> None:
        self.task = None
        self._show_busy(False)
        if isinstance(err, Cancelled):
            return
        from desktop.views.export_dialog import error_text  # one wording for every failure

        messages.show_error(
            self,
            error_text(self, err, self.tr("The paper could not be made; see the log.")),
        )

    # ------------------------------------------------------------------------- print and save

    def file_name(self) -> str:
        assert self.shown is not None
        chosen = catalog.paper(self.shown[0])
        scope = catalog.scope_label(chosen, self.shown[1])
        return f"{chosen.title}{scope.replace(' ', '')}.pdf"

    def save_as(self) -> Path | None:
        """Save a copy of the paper shown where the clerk chooses; the path, or None."""
        if self.data is None:
            return None
        chosen = choose_pdf_path(self, self.tr("Save as PDF"), str(Path.home() / self.file_name()))
        if not chosen:
            return None
        path = Path(chosen.strip())
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            with writing(path) as temp:
                temp.write_bytes(self.data)
        except FengwangError as err:
            messages.show_error(self, err.message)
            return None
        except OSError as err:
            messages.show_error(self, self.tr("Cannot save {0}: {1}").format(path, err.strerror))
            return None
        return path

    def print_paper(self) -> bool:
        """The print dialog, then the chosen pages and copies; False when nothing was printed."""
        if self.data is None:
            return False
        count = self.document.pageCount()
        current = self.view.pageNavigator().currentPage()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)  # the paper has its own margins
        printer.setDocName(self.file_name().removesuffix(".pdf"))
        if not choose_printer(self, printer, count):
            return False
        pages = chosen_pages(printer, count, current)
        copies = 1 if printer.supportsMultipleCopies() else printer.copyCount()
        progress = QProgressDialog(self.tr("Printing…"), self.tr("Cancel"), 0, len(pages), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)

        def step(done: int, total: int) -> bool:
            progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()  # paint the progress and hear Cancel between pages
            return not progress.wasCanceled()

        try:
            finished = print_pages(
                self.document,
                printer,
                pages,
                copies=copies,
                collate=printer.collateCopies(),
                step=step,
            )
            if not finished:
                printer.abort()
        except FengwangError as err:
            messages.show_error(self, err.message)
            finished = False
        finally:
            progress.close()
            progress.deleteLater()
        return finished


class ReportDialog(QDialog):
    """One paper with a fixed scope: made as the dialog opens, then printed or saved."""

    def __init__(
        self,
        db: Database,
        name: str,
        request: ReportRequest,
        actor: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        chosen = catalog.paper(name)
        self.setWindowTitle(heading(name, request))
        self.preview = PaperPreview(db, actor, self)
        self.note_label = QLabel(full_details_note())
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.note_label.setVisible(chosen.full_details)
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.clicked.connect(self.preview.print_paper)
        self.save_button = QPushButton(self.tr("&Save as PDF…"))
        self.save_button.clicked.connect(self.preview.save_as)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        for button in (self.print_button, self.save_button, self.close_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note_label, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self.resize(900, 680)  # fits a 1366×768 screen with the taskbar
        wanted = (
            (Permission.PRINT, Permission.REVEAL) if chosen.full_details else (Permission.PRINT,)
        )
        permissions.gate(db, wanted, self.print_button, self.save_button)
        self._ready(False)
        if not self.preview.make(name, request, lambda: self._ready(True)):
            self.close_button.setFocus()

    def _ready(self, ready: bool) -> None:
        permissions.enable(self.print_button, ready)
        permissions.enable(self.save_button, ready)
        if ready and self.print_button.isEnabled():
            self.print_button.setDefault(True)
            self.print_button.setFocus()

    def reject(self) -> None:
        self.preview.cancel()
        self.preview.release()
        super().reject()


def heading(name: str, request: ReportRequest) -> str:
    """The paper's title and scope: "矛盾纠纷排查化解台账 2026年4月"."""
    chosen = catalog.paper(name)
    return " ".join(filter(None, (chosen.title, catalog.scope_label(chosen, request))))


def full_details_note() -> str:
    return QCoreApplication.translate(
        "ReportDialog",
        "This paper prints full ID numbers and phones: keep it safe, and destroy copies you no "
        "longer need.",
    )
