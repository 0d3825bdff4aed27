"""The 台账 and the statistics workbook of a month, read back as a clerk would see them."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from desktop.db import open_database
from desktop.errors import FengwangError
from desktop.exchange.case_ledger import export_case_stats, export_ledger
from desktop.services import cases
from desktop.services.cases import PartyDraft
from tests.services.test_case_stats import MARCH, MID_APRIL, at, build_cases, citizen_id

HEADER = ["编号", "受理日期", "来源", "类别", "发生地", "当事人", "简要情况", "风险等级", "处理层级", "调解员", "状态", "结果", "结案日期", "回访"]  # fmt: skip
ZHAO = citizen_id(24)


def rows_of(path) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    """The cases of tests/services/test_case_stats.py, a party with an ID, and a follow-up.
    Built once: every test here only reads it."""
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('town') / 'town.sqlite'}")
    town = build_cases(db)
    town.register(
        "L",
        date(2026, 3, 15),
        parties=(
            PartyDraft("赵敏", citizen_id=ZHAO),
            PartyDraft("青山建材厂", kind="organisation"),
        ),
        summary='=HYPERLINK("http://x") 货款纠纷',
        category="合同",
    )
    cases.close(db, town.cases["B"], actor="王文书", now=at(date(2026, 3, 11), 17))
    cases.follow_up(
        db, town.cases["B"], date(2026, 3, 25), True, actor="王文书", now=at(date(2026, 3, 25), 17)
    )
    yield town
    db.close()


def test_ledger_of_a_month(town, tmp_path):
    path = tmp_path / "台账.xlsx"
    assert export_ledger(town.db, path, *MARCH, today=MID_APRIL) == 9
    rows = rows_of(path)
    assert rows[0][0] == "示例镇矛盾纠纷排查化解台账"
    assert rows[1][0].startswith("统计期间：2026年3月")
    assert rows[2] == HEADER
    by_number = {row[0]: dict(zip(HEADER, row, strict=True)) for row in rows[3:]}
    numbers = [row[0] for row in rows[3:]]
    # Received in March, or concluded in it (A: received 02-28, settled 03-01), oldest first.
    # Not G (received in February, concluded in April), J (still open) nor D (April).
    assert numbers == [
        "示例镇〔2026〕0003号",  # A
        "示例镇〔2026〕0004号",  # B
        "示例镇〔2026〕0005号",  # K
        "示例镇〔2026〕0006号",  # E
        "示例镇〔2026〕0007号",  # F
        "示例镇〔2026〕0008号",  # H
        "示例镇〔2026〕0009号",  # I
        "示例镇〔2026〕0012号",  # L (registered after D)
        "示例镇〔2026〕0010号",  # C
    ]
    b = by_number["示例镇〔2026〕0004号"]
    assert b["受理日期"] == date(2026, 3, 1)
    assert b["发生地"] == "青山村 / 青山一组"
    assert b["风险等级"] == "一般（民转刑）"
    assert (b["处理层级"], b["调解员"]) == ("村级", "张伟")
    assert (b["状态"], b["结果"], b["结案日期"]) == ("已回访", "调解成功", date(2026, 3, 10))
    assert b["回访"] == "2026-03-25 协议已履行"
    e = by_number["示例镇〔2026〕0006号"]
    assert e["处理层级"] == "镇级"  # escalated from the village
    assert e["回访"] == "未回访（应于 2026-04-04 前，已超期）"  # judged on mid-April
    i = by_number["示例镇〔2026〕0009号"]
    assert (i["处理层级"], i["结果"], i["调解员"]) == ("移送人民法院", "移送处理", "")
    k = by_number["示例镇〔2026〕0005号"]
    assert k["状态"] == "研判（已超期）"  # due 03-31, still open on 04-15
    assert (k["结果"], k["结案日期"]) == ("", "")
    h = by_number["示例镇〔2026〕0008号"]
    assert (h["状态"], h["结果"]) == ("结案", "调解不成")

    l_row = by_number["示例镇〔2026〕0012号"]
    assert l_row["当事人"] == "赵敏（511922********0249）、青山建材厂"
    assert ZHAO not in str(rows)
    assert l_row["简要情况"] == '=HYPERLINK("http://x") 货款纠纷'
    sheet = load_workbook(path).active
    summary = sheet.cell(row=3 + numbers.index("示例镇〔2026〕0012号") + 1, column=7)
    assert summary.data_type == "s"  # text, not a formula


def test_ledger_prints_landscape_with_a_frozen_repeated_header(town, tmp_path):
    path = tmp_path / "台账.xlsx"
    export_ledger(town.db, path, *MARCH, today=MID_APRIL)
    sheet = load_workbook(path).active
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$3:$3"  # the header on every printed page
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.column_dimensions["F"].width > 25  # 当事人 with masked IDs
    assert sheet.column_dimensions["G"].width > 30  # 简要情况


def test_ledger_of_any_range(town, tmp_path):
    path = tmp_path / "台账.xlsx"
    assert export_ledger(town.db, path, date(2026, 4, 1), date(2026, 4, 10), today=MID_APRIL) == 3
    rows = rows_of(path)
    assert rows[1][0].startswith("统计期间：2026年4月1日至2026年4月10日")
    # F and G concluded then (received earlier), D received.
    assert [row[0] for row in rows[3:]] == [
        "示例镇〔2026〕0002号",
        "示例镇〔2026〕0007号",
        "示例镇〔2026〕0011号",
    ]


def test_an_empty_ledger_keeps_its_header(db, tmp_path):
    path = tmp_path / "台账.xlsx"
    assert export_ledger(db, path, *MARCH, today=MID_APRIL) == 0
    assert rows_of(path)[2] == HEADER


def test_statistics_workbook(town, tmp_path):
    path = tmp_path / "统计.xlsx"
    export_case_stats(town.db, path, *MARCH, today=MID_APRIL)
    rows = rows_of(path)
    assert rows[0][0] == "示例镇矛盾纠纷排查化解统计表"
    assert rows[1][0].startswith("统计期间：2026年3月")
    values = {row[0]: row[1] for row in rows[3:] if row[0]}
    assert values["受理案件"] == 8  # the seven of the figures test and L
    assert values["办结案件"] == 5
    assert values["其中：调解成功"] == 3
    assert values["调解成功率"] == 0.75
    assert values["村级化解率"] == 0.4
    assert values["镇内化解率"] == 0.6
    assert values["上报县级"] == 1
    assert values["超期未结"] == 2
    assert (values["防止民转刑（件）"], values["防止民转刑（人）"]) == (1, 49)
    assert (values["防止群体性事件（件）"], values["防止群体性事件（人）"]) == (1, 100)
    assert values["合同"] == 2 and values["邻里"] == 4
    assert values["来信来访"] == 1
    assert (values["村级"], values["镇级"], values["县级"], values["移送"]) == (2, 2, 0, 1)
    assert (values["<50人"], values["50–100人"], values["101–500人"], values[">500人"]) == (
        3,
        2,
        2,
        1,
    )

    sheet = load_workbook(path).active
    rate = next(row[1] for row in sheet.iter_rows(min_row=4) if row[0].value == "调解成功率")
    assert rate.number_format == "0.0%"  # shown as 75.0%


def test_rates_without_a_divisor_show_a_dash(db, tmp_path):
    path = tmp_path / "统计.xlsx"
    export_case_stats(db, path, *MARCH, today=MID_APRIL)
    values = {row[0]: row[1] for row in rows_of(path)[3:] if row[0]}
    assert (values["受理案件"], values["调解成功率"], values["村级化解率"]) == (0, "—", "—")


def test_a_missing_folder_or_a_reversed_period_is_refused(db, tmp_path):
    with pytest.raises(FengwangError, match="文件夹不存在"):
        export_ledger(db, tmp_path / "nowhere" / "台账.xlsx", *MARCH)
    with pytest.raises(FengwangError, match="结束日期不能早于开始日期"):
        export_case_stats(db, tmp_path / "统计.xlsx", MARCH[1], MARCH[0])
    assert not list(tmp_path.glob("*.xlsx"))
