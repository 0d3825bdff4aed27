"""The county's monthly paper: every township of a county database ranked side by side, with the
county's totals (issue 9)."""

from __future__ import annotations

from datetime import date

from desktop.reports import catalog
from desktop.reports.request import ReportRequest
from tests.reports.conftest import DEMO_TODAY, fonts_used, page_texts
from tests.services import test_county_figures

county = test_county_figures.county  # 示例镇 and 北坝镇 with their March cases


def test_townships_ranked_with_the_county_total(county, tmp_path):
    db, *_ = county
    out = tmp_path / "县级月报.pdf"

    rendered = catalog.render(
        db, "county-monthly", ReportRequest(month=date(2026, 3, 1), today=date(2026, 4, 15)), out
    )

    text = "\n".join(page_texts(out))
    assert rendered.pages == 1 and not rendered.missing_characters
    assert "南江县矛盾纠纷化解和网格员考核月报" in text
    assert "南江县综合治理中心" in text
    lines = [line for line in text.splitlines() if "北坝镇" in line or "示例镇" in line]
    assert lines[0].startswith("1 北坝镇 2 1 1")  # rank, township, received, concluded, settled
    assert lines[1].startswith("2 示例镇 7 5 3")
    assert "全县合计 9 6 4" in text
    assert "未开始" in text  # neither township has scored March yet
    assert all(fonts_used(out).values())


def test_the_demo_month_lists_its_approved_assessment(demo_db, tmp_path):
    out = tmp_path / "县级月报.pdf"
    catalog.render(
        demo_db, "county-monthly", ReportRequest(month=date(2026, 6, 1), today=DEMO_TODAY), out
    )
    text = "\n".join(page_texts(out))
    assert "示例镇 已审核" in text
    assert "优秀" in text and "平均分" in text


def test_a_townships_own_papers_in_a_county_database_hold_only_its_cases(county, tmp_path):
    db, *_ = county
    march = ReportRequest(month=date(2026, 3, 1), unit_code="511922101", today=date(2026, 4, 15))

    catalog.render(db, "dispute-ledger", march, tmp_path / "台账.pdf")
    ledger = "\n".join(page_texts(tmp_path / "台账.pdf"))
    assert "北坝镇矛盾纠纷排查化解台账" in ledger
    assert "本期共列入案件 2 件，其中本期受理 2 件、本期办结 1 件" in ledger
    assert "示例镇〔" not in ledger

    catalog.render(db, "dispute-stats", march, tmp_path / "统计.pdf")
    stats = "\n".join(page_texts(tmp_path / "统计.pdf"))
    assert "北坝镇矛盾纠纷月度统计表" in stats
    assert "受理案件 2 受理日期在统计期内的案件" in stats
    assert "办结案件 1 在统计期内办结的案件" in stats
