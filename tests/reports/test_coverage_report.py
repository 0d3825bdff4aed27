"""网格覆盖情况报告: the paper holds the title, every village, every gap sentence and the
signature lines; it refuses a unit that does not exist."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from desktop.errors import NotFoundError
from desktop.reports import catalog
from desktop.reports.coverage import TITLE, render
from desktop.reports.request import ReportRequest
from desktop.services.coverage import coverage
from tests.services.coverage_fixtures import TODAY, VILLAGE, add_empty_community, build_grid

COMMUNITY = "511922100202"


@pytest.fixture
def made(db):
    made = build_grid(db)
    add_empty_community(made)
    return made


def pdf_text(path) -> str:
    """The paper's text without the spaces and line breaks layout puts in."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(path).pages))


def test_the_township_paper_holds_every_village_and_every_gap(made, tmp_path):
    out = tmp_path / "coverage.pdf"
    rendered = render(made.db, ReportRequest(today=TODAY, author="王芳"), out)
    assert rendered.pages >= 1 and rendered.missing_characters == frozenset()
    text = pdf_text(out)
    assert "示例镇网格覆盖情况报告" in text
    assert "截至2025年6月1日在岗人员" in text and "制表日期：2025年6月1日" in text
    assert "示例镇综合治理中心" in text
    assert "示例镇共2个村(社区)，1个全部达标" in text
    assert "青山村" in text and "石门社区" in text
    gaps = coverage(made.db, today=TODAY, unit_code=COMMUNITY).gaps
    assert len(gaps) == 5
    for gap in gaps:
        assert re.sub(r"\s+", "", gap.message) in text
    assert "一村一法律顾问" in text and "缺1处" in text
    for line in ("制表人：王芳", "审核人：", "负责人：", "（盖章）"):
        assert line in text


def test_a_village_paper_holds_that_village_only(made, tmp_path):
    out = tmp_path / "village.pdf"
    render(made.db, ReportRequest(today=TODAY, unit_code=VILLAGE), out)
    text = pdf_text(out)
    assert "示例镇青山村网格覆盖情况报告" in text
    assert "石门社区" not in text
    assert "没有缺口" in text


def test_the_day_decides_who_counts(made, tmp_path):
    out = tmp_path / "early.pdf"
    render(made.db, ReportRequest(today=TODAY.replace(year=2023, month=1)), out)
    text = pdf_text(out)
    assert "“青山村第一网格”没有在岗的网格长" in text
    assert "0个全部达标" in text


def test_an_unknown_unit_is_refused_and_nothing_is_written(made, tmp_path):
    out = tmp_path / "none.pdf"
    with pytest.raises(NotFoundError, match="nope"):
        render(made.db, ReportRequest(today=TODAY, unit_code="nope"), out)
    assert not out.exists()


def test_the_catalog_prints_it(made, tmp_path):
    out = tmp_path / "catalog.pdf"
    catalog.render(made.db, "coverage", ReportRequest(today=TODAY), out)
    assert TITLE in pdf_text(out)
