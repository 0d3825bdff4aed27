"""fengwang-cli report NAME: a PDF and a line saying where and how many pages; a missing or
unknown scope is one Chinese line, exit 2, and no file."""

from __future__ import annotations

from datetime import date
from importlib import import_module

import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.errors import ValidationError
from desktop.reports import catalog
from desktop.reports.request import ReportRequest
from tests import fake_report


@pytest.fixture
def fake(monkeypatch):
    return fake_report.install(monkeypatch)


def run(capsys, *argv):
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_paper_is_written_and_its_pages_counted(capsys, fake, db, db_path, tmp_path):
    out = tmp_path / "考核.pdf"
    code, printed, err = run(
        capsys,
        "--db", db_path, "report", "fake", "--month", "2026-03", "--unit", "511922100201",
        "--today", "2026-04-02", "--actor", "王会计", "-o", out,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert printed.strip() == f"已生成测试报表：{out}（共 2 页）"
    assert len(PdfReader(out).pages) == 2
    (request,) = fake.requests
    assert request == ReportRequest(
        month=date(2026, 3, 1),
        unit_code="511922100201",
        today=date(2026, 4, 2),
        author="王会计",
    )


def test_characters_no_font_has_are_named_but_the_file_is_kept(capsys, fake, db, db_path, tmp_path):
    fake.missing = frozenset("䶮𠀾")
    out = tmp_path / "out.pdf"
    code, printed, err = run(
        capsys, "--db", db_path, "report", "fake", "--month", "2026-03", "-o", out
    )
    assert code == 0 and out.exists()
    assert "共 2 页" in printed
    assert "没有可用的字体" in err and "䶮" in err and "𠀾" in err


def test_a_full_details_paper_says_so(capsys, fake, db, db_path, tmp_path):
    out = tmp_path / "协议.pdf"
    code, printed, _err = run(
        capsys, "--db", db_path, "report", "fake-case", "--case", "示例镇〔2026〕0001号", "-o", out
    )
    assert code == 0
    assert "完整身份证号码" in printed
    assert fake.requests[0].case_number == "示例镇〔2026〕0001号"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["fake"], "请选择月份"),
        (["fake-case"], "请填写案件编号"),
        (["fake", "--month", "2026-13"], "无法识别"),
        (["fake", "--month", "2026-03", "--from", "2026-03-01"], "只能选用一种"),
        (["monthly-assessment"], "请选择月份"),
        (["period-assessment", "--quarter", "2"], "请选择年份"),
        (["period-assessment", "--year", "2026", "--quarter", "5"], "季度应为 1～4"),
        (["period-assessment", "--year", "二〇二六"], "--year“二〇二六”无法识别"),
        (["dispute-ledger", "--from", "2026-03-01"], "起止日期"),
        (["dispute-ledger", "--from", "2026-03-31", "--to", "2026-03-01"], "不能早于"),
        (["score-card", "--month", "2026-03"], "请选择网格员"),
        (["agreement"], "请填写案件编号"),
        (["ledger", "--month", "2026-03"], "没有名为“ledger”的报表"),
    ],
)
def test_a_missing_or_wrong_scope_exits_2_and_writes_nothing(
    capsys, fake, db, db_path, tmp_path, argv, words
):
    out = tmp_path / "out.pdf"
    code, printed, err = run(capsys, "--db", db_path, "report", *argv, "-o", out)
    assert code == 2 and printed == ""
    assert words in err and "Traceback" not in err
    assert not out.exists() and fake.requests == []


def test_a_scope_that_does_not_exist_exits_2_and_writes_nothing(
    capsys, fake, db, db_path, tmp_path
):
    out = tmp_path / "out.pdf"
    code, printed, err = run(
        capsys, "--db", db_path, "report", "fake-case", "--case", "不存在", "-o", out
    )
    assert code == 2 and printed == ""
    assert err.strip() == "fengwang-cli: 没有编号为 不存在 的案件"
    assert list(tmp_path.glob("*.pdf")) == []


def test_an_unwritable_output_is_refused_before_the_paper_is_made(
    capsys, fake, db, db_path, tmp_path
):
    code, _printed, err = run(
        capsys,
        "--db",
        db_path,
        "report",
        "fake",
        "--month",
        "2026-03",
        "-o",
        tmp_path / "无此文件夹" / "a.pdf",
    )
    assert code == 2 and "文件夹不存在" in err
    assert fake.requests == []


def test_the_output_is_required(capsys, fake, db, db_path):
    code, _printed, err = run(capsys, "--db", db_path, "report", "fake", "--month", "2026-03")
    assert code == 2 and "-o" in err


def test_a_paper_not_yet_provided_says_so(capsys, monkeypatch, db, db_path, tmp_path):
    missing = catalog.PaperInfo(
        "later", "以后的报表", catalog.ROSTER, "desktop.reports.not_there", ""
    )
    monkeypatch.setattr(catalog, "PAPERS", (missing,))
    code, _printed, err = run(capsys, "--db", db_path, "report", "later", "-o", tmp_path / "a.pdf")
    assert code == 2 and "以后的报表尚未提供" in err


def test_the_catalog_checks_the_scope_each_paper_needs():
    ledger = catalog.paper("dispute-ledger")
    asked = catalog.check(ledger, ReportRequest(month=date(2026, 2, 14)))
    assert (asked.month, asked.start, asked.end) == (
        date(2026, 2, 1),
        date(2026, 2, 1),
        date(2026, 2, 28),
    )
    assert catalog.scope_label(ledger, asked) == "2026年2月"
    ranged = ReportRequest(start=date(2026, 2, 3), end=date(2026, 3, 4))
    assert (
        catalog.scope_label(ledger, catalog.check(ledger, ranged)) == "2026年2月3日至2026年3月4日"
    )
    period = catalog.paper("period-assessment")
    assert catalog.scope_label(period, ReportRequest(year=2026, quarter=3)) == "2026年第三季度"
    with pytest.raises(ValidationError) as refused:
        catalog.check(catalog.paper("score-card"), ReportRequest())
    assert refused.value.fields == {"month": "请选择月份", "worker_id": "请选择网格员"}


def test_every_cli_name_of_the_issue_is_in_the_catalog():
    names = {paper.name for paper in catalog.PAPERS}
    assert names >= {
        "monthly-assessment", "score-card", "period-assessment", "roster", "dispute-ledger",
        "dispute-stats", "agreement", "registration", "coverage",
    }  # fmt: skip
    assert [p.name for p in catalog.PAPERS if p.full_details] == ["agreement"]


def test_the_roster_paper_end_to_end(capsys, db, db_path, tmp_path):
    """The real paper: the village's people with masked numbers, page numbers on every page."""
    from tests.views.helpers import build_township

    build_township(db)
    out = tmp_path / "花名册.pdf"
    code, printed, err = run(
        capsys, "--db", db_path, "report", "roster", "--unit", "511922100201",
        "--today", "2026-04-02", "--actor", "王会计", "-o", out,
    )  # fmt: skip
    assert (code, err) == (0, "")
    pages = PdfReader(out).pages
    assert printed.strip() == f"已生成网格化服务管理人员花名册：{out}（共 {len(pages)} 页）"
    text = "".join(page.extract_text() for page in pages)
    assert "张三丰" in text and "王秀英" in text and "李四" not in text
    assert "138****5678" in text and "13812345678" not in text
    assert f"共 {len(pages)} 页" in text and "王会计" in text


def test_an_unknown_unit_exits_2_and_writes_nothing(capsys, db, db_path, tmp_path):
    out = tmp_path / "花名册.pdf"
    code, printed, err = run(
        capsys, "--db", db_path, "report", "roster", "--unit", "9999", "-o", out
    )
    assert code == 2 and printed == "" and "9999" in err
    assert not out.exists()


@pytest.mark.parametrize("paper", catalog.PAPERS, ids=lambda paper: paper.name)
def test_the_catalog_titles_each_paper_as_its_module_does(paper):
    assert paper.title == import_module(paper.module).TITLE
