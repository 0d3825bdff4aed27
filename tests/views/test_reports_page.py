"""The 报表 centre: choose a paper and its scope, see it, print it, save it."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMarginsF, Qt
from PySide6.QtGui import QColor, QPageLayout, QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from desktop.reports.request import ReportRequest
from desktop.services import assessment_schemes
from desktop.views import report_dialog
from desktop.views.reports_page import ReportsPage
from tests import fake_report

TODAY = date(2026, 4, 15)


@pytest.fixture
def fake(monkeypatch):
    return fake_report.install(monkeypatch)


@pytest.fixture
def reports(qtbot, db, township, fake):
    page = ReportsPage(db, "王会计", today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1180, 660)
    page.show()
    return page


def preview(qtbot, page) -> None:
    with qtbot.waitSignal(page.preview.document.pageCountChanged, timeout=10000):
        assert page.make_preview()


def test_papers_are_listed_by_where_their_data_is(qtbot, reports):
    texts = [reports.papers.item(row).text() for row in range(reports.papers.count())]
    assert texts[0] == "考核" and "　测试报表" in texts
    assert {"矛盾纠纷", "网格与花名册", "　人民调解协议书", "　矛盾纠纷排查化解台账"} <= set(texts)
    assert reports.paper().name == "fake"  # the first paper, not its heading
    qtbot.mouseClick(
        reports.papers.viewport(),
        Qt.MouseButton.LeftButton,
        pos=reports.papers.visualItemRect(reports.papers.item(0)).center(),
    )
    assert reports.paper().name == "fake"  # a heading is not a paper
    reports.papers.setFocus()
    for _ in range(4):  # past the heading 矛盾纠纷 to its first paper
        qtbot.keyClick(reports.papers, Qt.Key.Key_Down)
    assert reports.paper().name == "fake-case"


def test_only_the_fields_the_paper_needs_are_shown(reports):
    assert reports.shown_rows() == {"month", "unit"}
    assert reports.month_combo.currentText() == "2026年4月"
    units = [reports.unit_picker.itemText(i) for i in range(reports.unit_picker.count())]
    assert units == ["示例镇（乡镇(街道)）", "青山村", "石门社区"]

    reports.choose_paper("fake-case")
    assert reports.shown_rows() == {"case"}
    assert reports.note_label.isVisible() and "完整的身份证号码" in reports.note_label.text()

    reports.choose_paper("dispute-ledger")
    assert reports.shown_rows() == {"kind", "month", "unit"}
    assert not reports.note_label.isVisible()
    reports.by_range.setChecked(True)
    assert reports.shown_rows() == {"kind", "range", "unit"}

    reports.choose_paper("period-assessment")
    assert reports.shown_rows() == {"year", "unit"}  # one scheme or none: no scheme chooser
    reports.quarter_combo.setCurrentIndex(2)
    assert reports.request().year == 2026 and reports.request().quarter == 2


def test_the_request_holds_what_the_clerk_chose(reports):
    reports.month_combo.setCurrentIndex(1)
    reports.select_unit("511922100201")
    assert reports.request() == ReportRequest(
        month=date(2026, 3, 1), unit_code="511922100201", today=TODAY, author="王会计"
    )
    reports.choose_paper("dispute-ledger")
    reports.by_range.setChecked(True)
    reports.start_edit.set_value(date(2026, 1, 5))
    reports.end_edit.set_value(date(2026, 2, 4))
    asked = reports.request()
    assert (asked.month, asked.start, asked.end) == (None, date(2026, 1, 5), date(2026, 2, 4))


@pytest.fixture
def scheme(db, township):
    """The default scheme from January 2026: 网格长 and 专职网格员 are assessed, not 调解员."""
    assessment_schemes.create_scheme(db, assessment_schemes.default_scheme_draft(date(2026, 1, 1)))


def offered(page) -> list[str]:
    return [page.worker_combo.itemText(i).split("　")[0] for i in range(page.worker_combo.count())]


def test_a_worker_is_found_by_name(qtbot, scheme, reports):
    reports.choose_paper("score-card")
    assert reports.shown_rows() == {"month", "worker", "worker_match"}
    qtbot.waitUntil(lambda: reports.worker_combo.count() > 0)
    reports.worker_edit.setText("zsf")
    assert reports.worker_combo.count() == 1
    assert reports.worker_combo.currentText().startswith("张三丰　青山村第一网格　")
    assert reports.request().worker_id.endswith("X") or len(reports.request().worker_id) == 18
    assert "*" not in reports.worker_combo.currentData()


def test_only_the_workers_assessed_in_the_month_are_offered(qtbot, scheme, reports):
    reports.choose_paper("score-card")
    qtbot.waitUntil(lambda: reports.worker_combo.count() > 0)
    # the mediator 张伟, 赵敏 (no post) and 王秀英 (微网格员, not in the scheme) have no card
    assert offered(reports) == ["张三丰", "李四"]
    assert reports.worker_combo.currentText().startswith("张三丰")
    reports.worker_combo.setCurrentIndex(1)
    reports.month_combo.setCurrentIndex(1)  # March: still both, the choice kept
    qtbot.waitUntil(lambda: reports.worker_combo.count() == 2)
    assert reports.worker_combo.currentText().startswith("李四")

    reports.month_combo.setCurrentText("2025年12月")  # before the scheme: nobody
    qtbot.waitUntil(lambda: reports.worker_combo.placeholderText() == "该月没有人员参加考核")
    assert reports.worker_combo.count() == 0 and reports.request().worker_id is None


def test_preview_shows_every_page_and_says_what_it_is(qtbot, reports, fake, boxes):
    fake.pages = 3
    # before the first paper, the empty view says how to get one
    assert reports.preview.pages.currentWidget() is reports.preview.hint
    assert "点“预览”（或按回车）在这里查看" in reports.preview.hint.text()
    preview(qtbot, reports)
    assert reports.preview.pages.currentWidget() is reports.preview.view
    assert reports.preview.document.pageCount() == 3
    assert reports.preview.caption.text() == "测试报表 2026年4月 · 共 3 页"
    assert fake.requests[0].author == "王会计" and fake.requests[0].unit_code == "511922100"
    assert boxes.shown == []
    assert not reports.preview.busy and not reports.preview.progress.isVisible()
    reports.month_combo.setCurrentIndex(2)  # the choices no longer match the paper shown
    assert reports.preview.outdated_label.isVisible()


def test_enter_in_the_choices_makes_the_paper(qtbot, reports, fake):
    reports.choose_paper("fake-case")
    reports.case_combo.setFocus()
    reports.case_combo.setEditText("示例镇〔2026〕0001号")
    with qtbot.waitSignal(reports.preview.document.pageCountChanged, timeout=10000):
        qtbot.keyClick(reports.case_combo.lineEdit(), Qt.Key.Key_Return)
    assert fake.requests[0].case_number == "示例镇〔2026〕0001号"


def test_the_page_answers_while_the_paper_is_made(qtbot, reports, fake):
    """The paper is made off the UI thread: the progress shows and Cancel works."""
    import threading

    release = threading.Event()
    fake.before_writing = lambda: release.wait(5)
    assert reports.make_preview()
    assert reports.preview.busy and reports.preview.progress.isVisible()
    assert not reports.make_preview()  # one paper at a time
    reports.preview.cancel()
    release.set()
    qtbot.waitUntil(lambda: not reports.preview.busy)
    assert reports.preview.data is None  # cancelled: nothing shown


def test_characters_no_font_has_are_told_after_the_preview(qtbot, reports, fake, boxes):
    fake.missing = frozenset("䶮")
    preview(qtbot, reports)
    (warning,) = boxes.texts("warning")
    assert "䶮" in warning and "手写" in warning


def test_a_scope_that_does_not_exist_is_a_message_not_a_traceback(qtbot, reports, fake, boxes):
    reports.choose_paper("fake-case")
    reports.case_combo.setEditText("不存在")
    reports.make_preview()
    qtbot.waitUntil(lambda: boxes.shown != [])
    assert boxes.texts("error") == ["没有编号为 不存在 的案件"]
    assert reports.preview.data is None


def test_an_unexpected_failure_is_one_chinese_sentence(qtbot, reports, fake, boxes, monkeypatch):
    logged = []
    monkeypatch.setattr("desktop.views.export_dialog.log_exception", logged.append)
    fake.failure = ZeroDivisionError("division by zero")
    reports.make_preview()
    qtbot.waitUntil(lambda: boxes.shown != [])
    assert boxes.texts("error") == ["报表未能生成，详情已记录在日志中。"]
    assert isinstance(logged[0], ZeroDivisionError)


def test_a_missing_case_number_is_said_before_anything_is_made(reports, fake, boxes):
    reports.choose_paper("fake-case")
    assert not reports.make_preview()
    assert boxes.texts("error") == ["请填写案件编号"]
    assert fake.requests == []


def test_save_as_writes_the_paper_shown(qtbot, reports, fake, monkeypatch, tmp_path):
    preview(qtbot, reports)
    asked = []
    target = tmp_path / "四月"

    def choose(_parent, caption, suggested):
        asked.append((caption, suggested))
        return str(target)

    monkeypatch.setattr(report_dialog, "choose_pdf_path", choose)
    reports.save_paper()
    assert asked[0][0] == "另存为 PDF" and asked[0][1].endswith("测试报表2026年4月.pdf")
    saved = tmp_path / "四月.pdf"
    assert saved.read_bytes() == reports.preview.data
    assert len(PdfReader(saved).pages) == 2
    assert len(fake.requests) == 1  # the paper shown, not made again


def test_save_as_makes_the_paper_first_when_the_choices_changed(
    qtbot, reports, fake, monkeypatch, tmp_path
):
    preview(qtbot, reports)
    monkeypatch.setattr(report_dialog, "choose_pdf_path", lambda *_: str(tmp_path / "三月.pdf"))
    reports.month_combo.setCurrentIndex(1)
    reports.save_paper()
    qtbot.waitUntil(lambda: (tmp_path / "三月.pdf").exists())
    assert [r.month for r in fake.requests] == [date(2026, 4, 1), date(2026, 3, 1)]


def test_save_as_into_a_missing_folder_says_so(qtbot, reports, boxes, monkeypatch, tmp_path):
    preview(qtbot, reports)
    monkeypatch.setattr(
        report_dialog, "choose_pdf_path", lambda *_: str(tmp_path / "无此文件夹" / "a.pdf")
    )
    reports.save_paper()
    assert boxes.texts("error") == [f"文件夹不存在：{tmp_path / '无此文件夹'}"]


def test_print_sends_the_chosen_pages_and_copies(qtbot, reports, fake, monkeypatch, tmp_path):
    fake.pages = 3
    preview(qtbot, reports)
    out = tmp_path / "printed.pdf"

    def choose(_parent, printer, pages):
        assert pages == 3
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 3)
        printer.setCopyCount(2)
        return True

    monkeypatch.setattr(report_dialog, "choose_printer", choose)
    reports.print_paper()
    printed = PdfReader(out)
    copies = 1 if QPrinter().supportsMultipleCopies() else 2
    assert len(printed.pages) == 2 * copies


def test_printing_cancelled_in_the_dialog_prints_nothing(qtbot, reports, monkeypatch):
    preview(qtbot, reports)
    monkeypatch.setattr(report_dialog, "choose_printer", lambda *_: False)
    assert reports.preview.print_paper() is False


def test_a_screenshot_with_a_preview_fits_the_screen(qtbot, reports, fake, tmp_path):
    fake.pages = 2
    preview(qtbot, reports)
    qtbot.wait(50)
    image = reports.grab().toImage()
    assert image.width() <= 1366 - 120 and image.height() <= 700
    # the page shows on the right: some pixels are the black of its text
    right = [
        QColor(image.pixel(x, y)).lightness()
        for x in range(image.width() // 2, image.width(), 7)
        for y in range(0, image.height(), 7)
    ]
    assert min(right) < 60


# ------------------------------------------------------------------------------ print_pages


def writer_to(path):
    from PySide6.QtGui import QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setResolution(150)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    return writer


def loaded(data: bytes):
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document, buffer


def test_print_pages_paints_each_page_in_its_orientation(qtbot, db, fake, tmp_path):
    from desktop.reports import catalog

    fake.pages = 3
    fake.landscape_pages = frozenset({1})
    source = tmp_path / "source.pdf"
    catalog.render(db, "fake", ReportRequest(month=TODAY), source)
    document, _buffer = loaded(source.read_bytes())
    out = tmp_path / "printed.pdf"
    writer = writer_to(out)
    steps = []
    finished = report_dialog.print_pages(
        document,
        writer,
        [0, 1, 2],
        copies=2,
        collate=True,
        step=lambda d, t: steps.append((d, t)) or True,
    )
    del writer
    assert finished and steps[-1] == (6, 6)
    pages = PdfReader(out).pages
    assert len(pages) == 6
    wide = [float(p.mediabox.width) > float(p.mediabox.height) for p in pages]
    assert wide == [False, True, False, False, True, False]
    # the text of the page is on the paper: the printed copy renders dark pixels at its top
    printed, _printed_buffer = loaded(out.read_bytes())
    image = printed.render(0, printed.pagePointSize(0).toSize())
    assert (
        min(
            QColor(image.pixel(x, y)).lightness()
            for x in range(0, image.width(), 3)
            for y in range(60, 140, 3)
        )
        < 60
    )


def test_print_pages_stops_when_cancelled_and_orders_uncollated_copies(db, fake, tmp_path):
    from desktop.reports import catalog

    fake.pages = 2
    fake.landscape_pages = frozenset({1})
    source = tmp_path / "source.pdf"
    catalog.render(db, "fake", ReportRequest(month=TODAY), source)
    document, _buffer = loaded(source.read_bytes())
    out = tmp_path / "uncollated.pdf"
    writer = writer_to(out)
    assert report_dialog.print_pages(document, writer, [0, 1], copies=2, collate=False)
    del writer
    wide = [float(p.mediabox.width) > float(p.mediabox.height) for p in PdfReader(out).pages]
    assert wide == [False, False, True, True]

    stopped = tmp_path / "stopped.pdf"
    writer = writer_to(stopped)
    assert not report_dialog.print_pages(document, writer, [0, 1], step=lambda done, _t: done < 1)
    del writer
    assert len(PdfReader(stopped).pages) == 1


def test_chosen_pages_follow_the_print_dialog():
    printer = QPrinter()
    assert report_dialog.chosen_pages(printer, 4, 2) == [0, 1, 2, 3]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 9)
    assert report_dialog.chosen_pages(printer, 4, 2) == [1, 2, 3]
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert report_dialog.chosen_pages(printer, 4, 2) == [2]
