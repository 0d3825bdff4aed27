"""One paper where its data is: the case page prints its agreement and registration form, the
month sheet its report, the roster page its roster — each in a dialog that shows, prints and
saves it."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument

from desktop.reports.request import ReportRequest
from desktop.services import cases
from desktop.services.cases import AgreementDraft
from desktop.views import report_dialog
from desktop.views.report_dialog import ReportDialog
from desktop.vocabulary import HandlingLevel
from tests import fake_report
from tests.services import assessment_fixtures

assessment_file = assessment_fixtures.assessment_file
assessment_db = assessment_fixtures.assessment_db
assessment_town = assessment_fixtures.assessment_town

TODAY = date(2026, 3, 20)


@pytest.fixture
def fake(monkeypatch):
    return fake_report.install(monkeypatch)


def wait_made(qtbot, dialog: ReportDialog) -> None:
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=20000)


def open_dialog(qtbot, db, name: str, request: ReportRequest) -> ReportDialog:
    dialog = ReportDialog(db, name, request, "王会计")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_dialog_makes_the_paper_then_offers_print_and_save(
    qtbot, db, fake, monkeypatch, tmp_path
):
    dialog = open_dialog(qtbot, db, "fake", ReportRequest(month=date(2026, 3, 1)))
    assert dialog.windowTitle() == "测试报表 2026年3月"
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    assert not dialog.note_label.isVisibleTo(dialog)
    wait_made(qtbot, dialog)
    assert dialog.preview.document.pageCount() == 2
    assert fake.requests[0].author == "王会计"
    assert dialog.width() <= 1366 and dialog.height() <= 728

    monkeypatch.setattr(report_dialog, "choose_pdf_path", lambda *_: str(tmp_path / "三月.pdf"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert len(PdfReader(tmp_path / "三月.pdf").pages) == 2

    # Closing lets go of the paper before the widgets go: the view's renderer thread read a
    # document being destroyed and crashed the process now and then.
    dialog.close_button.click()
    assert dialog.preview.document.status() == QPdfDocument.Status.Null


def test_a_full_details_paper_says_so_before_it_is_made(qtbot, db, fake):
    dialog = open_dialog(qtbot, db, "fake-case", ReportRequest(case_number="示例镇〔2026〕0001号"))
    assert dialog.note_label.isVisibleTo(dialog)
    assert "完整的身份证号码" in dialog.note_label.text()
    wait_made(qtbot, dialog)


def test_a_scope_that_does_not_exist_leaves_nothing_to_print(qtbot, db, fake, boxes):
    dialog = open_dialog(qtbot, db, "fake-case", ReportRequest(case_number="不存在"))
    qtbot.waitUntil(lambda: boxes.shown != [])
    assert boxes.texts("error") == ["没有编号为 不存在 的案件"]
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()


def test_closing_while_the_paper_is_made_cancels_it(qtbot, db, fake):
    import threading

    release = threading.Event()
    fake.before_writing = lambda: release.wait(5)
    dialog = open_dialog(qtbot, db, "fake", ReportRequest(month=date(2026, 3, 1)))
    task = dialog.preview.task
    dialog.close_button.click()
    assert task.cancelled()
    release.set()
    qtbot.waitUntil(lambda: not dialog.preview.busy)
    assert dialog.preview.data is None


# --------------------------------------------------------------------- where the data is


@pytest.fixture
def case_page(qtbot, db, township):
    from desktop.views.case_page import CasePage
    from tests.views.test_disputes_page import register

    case = register(db, township, date(2026, 3, 1), "邻里", "青山一组", ("张大山", "李小河"))
    page = CasePage(db, actor="王文书", today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1196, 640)
    page.show()
    page.show_case(case.id)
    return page


def settle(db, township, case_id: int) -> None:
    from desktop.services import mediators
    from tests.views.test_disputes_page import ACTOR, at

    cases.assess(db, case_id, actor=ACTOR, now=at(TODAY, 8))
    cases.route(db, case_id, HandlingLevel.VILLAGE, actor=ACTOR, now=at(TODAY, 9))
    mediators.assign(db, case_id, township.people["张伟"], actor=ACTOR, now=at(TODAY, 10))
    cases.start_mediation(db, case_id, actor=ACTOR, now=at(TODAY, 11))
    cases.settle(db, case_id, AgreementDraft(TODAY, "赔偿 500 元"), actor=ACTOR, now=at(TODAY, 12))


def test_a_case_prints_its_registration_form_and_once_settled_its_agreement(
    qtbot, db, township, case_page, monkeypatch
):
    fake = fake_report.install(monkeypatch, "agreement", "registration")
    assert case_page.print_agreement_button.isHidden()  # no agreement yet
    assert case_page.print_registration_button.text() == "打印登记表(&N)…"
    with qtbot.waitSignal(case_page.dialog_opened):
        qtbot.mouseClick(case_page.print_registration_button, Qt.MouseButton.LeftButton)
    dialog = case_page.active_dialog
    assert dialog.windowTitle() == f"人民调解登记表 {case_page.case.number}"
    wait_made(qtbot, dialog)
    dialog.reject()

    settle(db, township, case_page.case.id)
    case_page.show_case(case_page.case.id)
    assert not case_page.print_agreement_button.isHidden()
    with qtbot.waitSignal(case_page.dialog_opened):
        qtbot.mouseClick(case_page.print_agreement_button, Qt.MouseButton.LeftButton)
    dialog = case_page.active_dialog
    assert dialog.note_label.isVisibleTo(dialog)  # the agreement carries full details
    wait_made(qtbot, dialog)
    asked = [(r.case_number, r.author, r.today) for r in fake.requests]
    assert asked == [(case_page.case.number, "王文书", TODAY)] * 2


def test_the_month_sheet_prints_its_report(qtbot, assessment_db, assessment_town, monkeypatch):
    from desktop.services.lookups import list_units
    from desktop.views.assessment_month_panel import MonthPanel

    fake = fake_report.install(monkeypatch, "monthly-assessment")
    panel = MonthPanel(assessment_db, "考核员小陈", today=lambda: TODAY)
    qtbot.addWidget(panel)
    panel.resize(1236, 640)
    panel.show()
    panel.reload()
    assert panel.print_button.isEnabled()
    with qtbot.waitSignal(panel.dialog_opened):
        qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    wait_made(qtbot, panel.active_dialog)
    (request,) = fake.requests
    month = panel.model.sheet.month
    township = next(u for u in list_units(assessment_db) if u.id == month.township_id)
    assert (request.month, request.unit_code, request.scheme_family) == (
        date(2026, 3, 1),
        township.code,
        month.scheme.family_uid,
    )
    assert request.author == "考核员小陈"


def test_the_roster_page_prints_the_roster_of_the_chosen_village(qtbot, page, township):
    """End to end with the real paper: the village's people, masked, on a real PDF."""
    page.select_unit(township.units["青山村"])
    with qtbot.waitSignal(page.dialog_opened):
        qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert dialog.windowTitle() == "网格化服务管理人员花名册"
    wait_made(qtbot, dialog)
    text = "".join(p.extract_text() for p in PdfReader(_pdf(dialog)).pages)
    assert "张三丰" in text and "王秀英" in text
    assert "李四" not in text  # 石门社区, not this village
    assert "13812345678" not in text and "138****5678" in text
    assert dialog.preview.caption.text().endswith(f"共 {dialog.preview.rendered.pages} 页")


def _pdf(dialog: ReportDialog):
    import io

    return io.BytesIO(dialog.preview.data)


def test_the_first_screen_loads_neither_reportlab_nor_qtpdf():
    code = (
        "import sys; from desktop.views.main_window import MainWindow; "
        "print(sorted(m for m in sys.modules if m.startswith(('reportlab', 'PySide6.QtPdf', "
        "'desktop.reports', 'desktop.views.report'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
