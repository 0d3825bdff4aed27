"""The dispute papers — ledger, statistics, mediation agreement, registration form — read back as a
user would: what they say, on how many pages, with which details masked."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from desktop.db import Database, open_database
from desktop.errors import NotFoundError
from desktop.reports import agreement, catalog, dispute_stats, registration
from desktop.reports.request import ReportRequest
from desktop.services.cases import PartyDraft
from desktop.vocabulary import CaseStatus, HandlingLevel
from tests.engines import sqlite_file
from tests.reports.conftest import fonts_used, page_texts
from tests.services import case_fixtures
from tests.services.case_fixtures import TODAY, CaseTown, case_in, citizen_id

MARCH = date(2026, 3, 1)
TOWNSHIP = "511922100"  # 示例镇: the test town also holds 北坝镇
LONG = (
    "两家因院墙排水发生争执，李大山认为李小河新砌院墙堵塞了原有排水沟，雨季积水漫入其院内，"
    "多次协商未果，双方在村口发生推搡，经网格员上报后由村调委会介入，现场查看排水沟走向，"
    "并调取了十年前的宅基地审批图纸核对界址"
)
EXTRA = 30  # registered only: enough rows for the ledger to run onto a second page
WANG_ID = citizen_id("19900101", 42)
HEADER = "序号编号受理日期来源类别发生地当事人简要情况风险等级处理层级调解员状态结果结案日期回访"


@dataclass(frozen=True)
class Built:
    village: str  # settled at village level, visited; 李大山 has a full ID and phone
    township: str  # settled at township level; parties with rare name characters
    failed: str  # mediation failed, closed
    late: str  # received in January, settled in March: after its due date
    open: str  # registered only, with a long summary


def build_papers(db: Database, town: CaseTown) -> Built:
    village = case_in(db, town, CaseStatus.FOLLOWED_UP)
    township = case_in(
        db,
        town,
        CaseStatus.CLOSED,
        level=HandlingLevel.TOWNSHIP,
        lead="周建国",
        parties=(
            PartyDraft("王喆", citizen_id=WANG_ID, phone="13900002222"),
            PartyDraft("张堃", address="青山村三组"),
        ),
    )
    failed = case_in(db, town, CaseStatus.CLOSED, settled=False)
    late = case_in(db, town, CaseStatus.SETTLED, received_on=date(2026, 1, 10))
    opened = case_fixtures.register(db, town, summary=LONG)
    for n in range(EXTRA):
        case_fixtures.register(db, town, summary=f"第{n + 1}件：邻里之间因排水发生争执")
    return Built(village.number, township.number, failed.number, late.number, opened.number)


town_file, town = case_fixtures.town_file, case_fixtures.town


@pytest.fixture(scope="module")
def papers_file(town_file, tmp_path_factory) -> tuple[Path, Built]:
    path = tmp_path_factory.mktemp("dispute-papers") / "papers.sqlite"
    shutil.copyfile(sqlite_file(town_file[0]), path)
    database = open_database(f"sqlite:///{path}")
    try:
        return path, build_papers(database, town_file[1])
    finally:
        database.close()


@pytest.fixture
def db(papers_file, db_path) -> Iterator[Database]:
    shutil.copyfile(papers_file[0], db_path)
    database = open_database(f"sqlite:///{db_path}")
    yield database
    database.close()


@pytest.fixture
def built(papers_file) -> Built:
    return papers_file[1]


def request(**scope) -> ReportRequest:
    return ReportRequest(today=TODAY, author="王芳", **scope)


def flat(texts: list[str]) -> str:
    return re.sub(r"\s+", "", "".join(texts))


def all_embedded(path: Path) -> bool:
    used = fonts_used(path)
    return bool(used) and all(used.values())


def numbered(texts: list[str]) -> bool:
    total = len(texts)
    return all(f"第{n}页共{total}页" in flat([t]) for n, t in enumerate(texts, start=1))


# ------------------------------------------------------------------------------------ ledger


def test_ledger_lists_the_months_cases_with_the_header_on_every_page(db, built, tmp_path):
    out = tmp_path / "ledger.pdf"
    rendered = catalog.render(db, "dispute-ledger", request(month=MARCH, unit_code=TOWNSHIP), out)

    texts = page_texts(out)
    text = flat(texts)
    assert rendered.pages == len(texts) >= 2
    assert numbered(texts)
    assert "示例镇矛盾纠纷排查化解台账" in text and "2026年3月" in text
    for number in (built.village, built.township, built.failed, built.late, built.open):
        assert number in text
    # The header row is printed again at the top of the second page.
    assert HEADER in flat(texts[1:2])
    assert "本期共列入案件35件" in text  # 34 received in March, and one received in January
    assert flat([LONG]) in text  # the long summary wraps, nothing cut
    assert "王喆" in text and "张堃" in text and not rendered.missing_characters
    assert "超期办结" in text  # the January case concluded after its due date
    assert "制表人：王芳" in text and "盖章" in text
    assert all_embedded(out)


def test_ledger_masks_every_id_number(db, tmp_path, town):
    out = tmp_path / "ledger.pdf"
    catalog.render(db, "dispute-ledger", request(month=MARCH, unit_code=TOWNSHIP), out)

    text = flat(page_texts(out))
    for number in (WANG_ID, town.ids["陈明"], citizen_id("19700505", 31)):
        assert number not in text
    assert f"{WANG_ID[:6]}********{WANG_ID[-4:]}" in text


def test_ledger_of_a_range_without_cases_says_so(db, tmp_path):
    out = tmp_path / "ledger.pdf"
    scope = request(start=date(2025, 5, 1), end=date(2025, 5, 20), unit_code=TOWNSHIP)
    rendered = catalog.render(db, "dispute-ledger", scope, out)

    text = flat(page_texts(out))
    assert rendered.pages == 1
    assert "2025年5月1日至2025年5月20日" in text
    assert "本期没有受理或办结的矛盾纠纷案件" in text


# -------------------------------------------------------------------------------- statistics


def test_statistics_state_the_figures_and_both_rates_with_their_definitions(db, tmp_path):
    out = tmp_path / "stats.pdf"
    rendered = dispute_stats.render(db, request(month=MARCH, unit_code=TOWNSHIP), out)

    texts = page_texts(out)
    text = flat(texts)
    assert rendered.pages == len(texts) and numbered(texts)
    assert "示例镇矛盾纠纷月度统计表" in text and "2026年3月" in text
    # By hand: 34 received in March; concluded: village, township, failed, late = 4, of which
    # settled 3 (village ×2, township ×1), not settled 1.
    assert "受理案件34受理日期" in text
    assert "办结案件4在统计期内办结" in text
    assert "调解成功率75.0%" in text
    assert (
        "小事不出村（村级化解率）村级化解÷办结案件（村级化解：办结案件中在村级调解成功的）2÷450.0%"
    ) in text
    assert (
        "大事不出镇（镇内化解率）镇内化解÷办结案件（镇内化解：办结案件中在村级或镇级调解成功的）"
        "3÷475.0%"
    ) in text
    assert "邻里34100.0%" in text  # all 34 received are 邻里 cases
    assert "办结案件按处理层级" in text and "受理案件按纠纷类别" in text  # the two charts
    assert "审核人" in text and "示例镇综合治理中心（盖章）" in text
    assert all_embedded(out)


def test_statistics_of_a_range_are_not_called_monthly(db, tmp_path):
    out = tmp_path / "stats.pdf"
    scope = request(start=date(2026, 1, 1), end=date(2026, 1, 31 - 16), unit_code=TOWNSHIP)
    dispute_stats.render(db, scope, out)

    text = flat(page_texts(out))
    assert "示例镇矛盾纠纷统计表" in text and "月度" not in text
    assert "2026年1月1日至2026年1月15日" in text
    assert "受理案件1受理日期" in text  # the late case, received on 10 January
    assert "本期无办结案件" in text


# ------------------------------------------------------------------------------ agreement


def test_agreement_carries_the_full_details_and_what_the_law_asks(db, built, tmp_path, town):
    out = tmp_path / "agreement.pdf"
    rendered = catalog.render(db, "agreement", request(case_number=built.village), out)

    texts = page_texts(out)
    text = flat(texts)
    assert rendered.full_details is True
    assert rendered.pages == len(texts) and numbered(texts)
    assert "人民调解协议书" in text and built.village in text
    assert "青山村人民调解委员会" in text  # settled at village level
    assert "甲方李大山男13800001111" + citizen_id("19700505", 31) in text
    assert "乙方李小河" in text
    assert "李小河三日内疏通排水沟" in text  # the agreed terms
    assert "纠纷主要事实、争议事项两家因院墙排水发生争执" in text
    assert "三十日内（即2026年4月1日前）共同向人民法院申请司法确认" in text
    assert "本协议一式三份，当事人各执一份，人民调解委员会留存一份" in text
    assert "主持调解的人民调解员：陈明" in text
    for block in ("甲方（签名、盖章或按指印）", "乙方（签名、盖章或按指印）", "人民调解员（签名）"):
        assert block in text
    assert "记录人（签名）" in text and "青山村人民调解委员会（盖章）2026年3月2日" in text
    assert "载有当事人完整的身份证号码和联系电话" in text
    assert all_embedded(out)


def test_a_township_agreement_is_the_township_committees(db, built, tmp_path):
    out = tmp_path / "agreement.pdf"
    agreement.render(db, request(case_number=built.township), out)

    text = flat(page_texts(out))
    assert "示例镇人民调解委员会（盖章）" in text
    assert f"甲方王喆女13900002222{WANG_ID}" in text  # an even sequence: a woman
    assert "乙方张堃" in text and "青山村三组" in text
    assert "主持调解的人民调解员：周建国" in text


def test_no_agreement_for_a_case_not_settled_or_unknown(db, built, tmp_path):
    out = tmp_path / "agreement.pdf"
    with pytest.raises(NotFoundError, match=r"调解成功、签订协议后制作.*“登记”"):
        agreement.render(db, request(case_number=built.open), out)
    with pytest.raises(NotFoundError, match="调解成功"):
        catalog.render(db, "agreement", request(case_number=built.failed), out)
    with pytest.raises(NotFoundError, match="没有编号为“示例镇〔2026〕9999号”的案件"):
        agreement.render(db, request(case_number="示例镇〔2026〕9999号"), out)
    assert not out.exists()


# --------------------------------------------------------------------------- registration


def test_registration_form_on_one_page_with_details_masked(db, built, tmp_path):
    out = tmp_path / "registration.pdf"
    rendered = catalog.render(db, "registration", request(case_number=built.village), out)

    texts = page_texts(out)
    text = flat(texts)
    assert rendered.pages == len(texts) == 1 and numbered(texts)
    assert not rendered.full_details
    assert "人民调解登记表" in text and f"编号：{built.village}" in text
    assert "受理日期2026年3月2日登记人经办人小李" in text
    assert "纠纷来源网格上报纠纷类别邻里" in text
    assert "报告人张网格" in text
    assert "李大山男138****1111511922********" in text
    assert citizen_id("19700505", 31) not in text and "13800001111" not in text
    assert "2026年3月2日予以受理" in text and "分流：由村级处理" in text
    assert "调解员陈明" in text
    assert "登记人（签名）" in text and "负责人（签名）" in text
    assert all_embedded(out)


def test_registration_of_an_unknown_case_is_refused(db, tmp_path):
    out = tmp_path / "registration.pdf"
    with pytest.raises(NotFoundError, match="没有编号为"):
        registration.render(db, request(case_number="示例镇〔2026〕9999号"), out)
    assert not out.exists()


def test_a_new_case_waits_for_its_routing_on_the_form(db, built, tmp_path):
    out = tmp_path / "registration.pdf"
    registration.render(db, request(case_number=built.open), out)

    text = flat(page_texts(out))
    assert "（待研判、分流）" in text and "（尚未指派）" in text
    assert flat([LONG]) in text


def test_a_registration_with_four_parties_stays_on_one_page(db, town, tmp_path):
    parties = tuple(
        PartyDraft(
            f"当事人{n}",
            citizen_id=citizen_id("19750101", 50 + n),
            phone=f"1380000{n:04d}",
            address="青山村一组后山坡下第二户靠东边的老宅院",
        )
        for n in range(1, 5)
    )
    case = case_in(db, town, CaseStatus.SETTLED, parties=parties, summary=LONG)
    out = tmp_path / "registration.pdf"
    rendered = registration.render(db, request(case_number=case.number), out)

    text = flat(page_texts(out))
    assert rendered.pages == 1
    assert all(f"当事人{n}" in text for n in range(1, 5))
    assert flat([LONG]) in text and "分流：由村级处理" in text and "负责人（签名）" in text
