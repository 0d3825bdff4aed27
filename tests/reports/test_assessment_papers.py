"""The assessment papers on the demo township: the monthly 考核情况表, the individual score card and
the quarter/year results with the allowance list — each read back from the PDF and checked against
what the assessment services say."""

from __future__ import annotations

import re
from datetime import date

import pytest
from pypdf import PdfReader

from desktop.errors import NotFoundError
from desktop.reports import monthly_assessment, period_assessment, score_card
from desktop.reports.request import ReportRequest
from desktop.services import roster
from desktop.services.assessment_months import find_township, month_sheet
from desktop.services.assessment_periods import period_results, set_allowance
from desktop.services.assessment_schemes import SchemeChoiceNeeded, list_schemes
from desktop.services.cases import format_yuan
from desktop.services.identity import mask_id
from desktop.services.lookups import list_units
from desktop.services.roster import PersonDraft
from tests.reports.conftest import DEMO_TODAY, fonts_used, page_texts

GRID_SCHEME = "网格员月度考核细则"
MICRO_SCHEME = "微网格员月度考核细则"
QINGSHI = "511922100201"  # 青石村
APPROVED = date(2026, 8, 1)
REOPENED = date(2026, 9, 1)  # approved, then reopened: a draft again
SUBMITTED = date(2026, 10, 1)
FULL_ID = re.compile(r"\d{17}[\dX]")


def spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def request(**fields) -> ReportRequest:
    return ReportRequest(today=DEMO_TODAY, author="王芳", **fields)


def township_id(db) -> int:
    return find_township(db)[0]


def family(db, name: str) -> str:
    return next(s.family_uid for s in list_schemes(db) if s.name == name)


def sheet_of(db, month: date, scheme: str = GRID_SCHEME):
    return month_sheet(
        db, township_id(db), month, scheme_family=family(db, scheme), today=DEMO_TODAY
    )


def check_pdf(path, rendered) -> list[str]:
    """The checks every paper passes: it opens, every font is embedded, every page says
    第 X 页 共 Y 页 with the right numbers, no character went missing, no full ID number."""
    texts = page_texts(path)
    assert len(texts) == rendered.pages == len(PdfReader(path).pages)
    assert fonts_used(path) and all(fonts_used(path).values())
    for number, text in enumerate(texts, start=1):
        assert f"第 {number} 页 共 {rendered.pages} 页" in spaced(text)
        assert not FULL_ID.search(flat(text))
    assert rendered.missing_characters == frozenset()
    return texts


# ------------------------------------------------------------------------ 网格员月度考核情况表


def test_an_approved_month_prints_every_worker_as_the_sheet_scores_them(demo_db, tmp_path):
    out = tmp_path / "month.pdf"
    rendered = monthly_assessment.render(
        demo_db, request(month=APPROVED, scheme_family=GRID_SCHEME), out
    )
    texts = check_pdf(out, rendered)
    whole = spaced(" ".join(texts))
    assert "示例镇网格员月度考核情况表" in flat(texts[0])
    assert "期间：2026年8月" in flat(texts[0]) and "审核状态：已审核" in flat(texts[0])
    assert not any("草稿" in text for text in texts)
    sheet = sheet_of(demo_db, APPROVED)
    rows = sheet.rows
    totals = [row.score.total for row in rows]
    average = sum(totals) / len(totals)
    assert f"参加考核 {len(rows)} 人，平均得分 {average:.1f} 分" in whole
    for row in rows:
        score = row.score
        # the village table: name, role, total, grade, rank in the township and in the village
        assert (
            f"{row.name} {row.roles} {score.total:.1f} {score.grade} {score.rank} "
            f"{score.village_rank}" in whole
        ), row.name
    # the appendix: a landscape table with every item's points, the total and the grade
    for row in rows:
        points = " ".join(f"{row.score.points[item.key]:.1f}" for item in sheet.items[:3])
        assert f"{row.name} {points}" in whole
    for item in sheet.items:
        assert flat(item.name) in flat(" ".join(texts))
    first = PdfReader(out).pages[0].mediabox
    assert first.width > first.height
    for role in ("制表人", "审核人", "负责人"):
        assert role in whole
    assert "示例镇综合治理中心（盖章）" in flat(" ".join(texts))


def test_a_month_not_approved_carries_the_draft_watermark_on_every_page(demo_db, tmp_path):
    out = tmp_path / "reopened.pdf"
    rendered = monthly_assessment.render(
        demo_db, request(month=REOPENED, scheme_family=GRID_SCHEME), out
    )
    texts = check_pdf(out, rendered)
    assert rendered.pages > 1
    assert all("草稿" in text for text in texts)
    assert "审核状态：草稿（已审核后重新打开1次）" in flat(texts[0])

    out = tmp_path / "submitted.pdf"
    rendered = monthly_assessment.render(
        demo_db, request(month=SUBMITTED, scheme_family=MICRO_SCHEME), out
    )
    texts = check_pdf(out, rendered)
    assert all("草稿" in text for text in texts)
    assert "审核状态：已提交" in flat(texts[0])


def test_a_village_paper_lists_that_village_only(demo_db, tmp_path):
    out = tmp_path / "village.pdf"
    rendered = monthly_assessment.render(
        demo_db, request(month=APPROVED, scheme_family=GRID_SCHEME, unit_code=QINGSHI), out
    )
    texts = check_pdf(out, rendered)
    whole = " ".join(texts)
    assert "示例镇青石村网格员月度考核情况表" in flat(texts[0])
    rows = sheet_of(demo_db, APPROVED).rows
    mine = {row.name for row in rows if row.village == "青石村"}
    others = {row.name for row in rows if row.village != "青石村"} - mine
    assert mine and all(name in whole for name in mine)
    assert not any(name in whole for name in others)
    # ranks are still the township's, and the paper says so
    assert f"全镇 {len(rows)} 名" in spaced(whole)


def test_a_long_rare_name_prints_whole(demo_db, tmp_path):
    person = roster.add_person(
        demo_db, PersonDraft(name="欧阳䶮喆堃珏犇昇", citizen_id="11010519491231002X")
    )
    village = next(u.id for u in list_units(demo_db) if u.code == QINGSHI)
    grid_role = next(r.id for r in roster.list_roles(demo_db) if r.name == "专职网格员")
    roster.assign_role(demo_db, person.id, village, grid_role, date(2026, 11, 2))
    out = tmp_path / "november.pdf"
    rendered = monthly_assessment.render(
        demo_db, request(month=date(2026, 11, 1), scheme_family=GRID_SCHEME), out
    )
    texts = check_pdf(out, rendered)
    whole = spaced(" ".join(texts))
    assert "欧阳䶮喆堃珏犇昇" in whole
    assert "2日到岗" in whole
    assert "110105********002X" not in whole  # the monthly paper prints no ID numbers at all


def test_a_draft_month_grades_and_ranks_only_the_workers_fully_scored(demo_db, tmp_path):
    """In a draft, a worker whose manual items are still blank has only the points so far: not
    不合格 (which the automatic items alone would make), no rank, and out of the averages."""
    wanted = request(month=date(2026, 11, 1), scheme_family=GRID_SCHEME)
    found = monthly_assessment.gather(demo_db, wanted)
    unfinished = [line for line in found.lines if not line.finished]
    finished = [line for line in found.lines if line.finished]
    assert unfinished and finished  # the demo's November is being scored
    assert all(line.grade == "未评完" and line.rank is None for line in unfinished)
    assert all(line.village_rank is None for line in unfinished)
    assert found.distribution["未评完"] == len(unfinished)
    assert sum(found.distribution.values()) == len(found.lines)
    assert found.distribution["不合格"] == sum(line.grade == "不合格" for line in finished)
    assert found.average == monthly_assessment.average([line.total for line in finished])

    out = tmp_path / "november.pdf"
    check_pdf(out, monthly_assessment.render(demo_db, wanted, out))
    whole = spaced(" ".join(page_texts(out)))
    assert f"其中 {len(unfinished)} 人的手工评分项尚未填完" in whole
    # an approved month is as approved, blanks and all
    approved = monthly_assessment.gather(
        demo_db, request(month=APPROVED, scheme_family=GRID_SCHEME)
    )
    assert all(line.finished for line in approved.lines)


def test_the_scheme_is_chosen_as_the_cli_chooses_it(demo_db, tmp_path):
    out = tmp_path / "month.pdf"
    with pytest.raises(SchemeChoiceNeeded) as refused:
        monthly_assessment.render(demo_db, request(month=APPROVED), out)
    assert GRID_SCHEME in refused.value.message and MICRO_SCHEME in refused.value.message
    assert not out.exists()
    by_uid = monthly_assessment.render(
        demo_db, request(month=APPROVED, scheme_family=family(demo_db, MICRO_SCHEME)), out
    )
    assert MICRO_SCHEME in flat(page_texts(out)[0]) and by_uid.pages >= 1


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"month": APPROVED, "unit_code": "511922999999"}, "没有编码为 511922999999 的单位"),
        ({"month": date(2024, 1, 1)}, "还没有适用于2024年1月的考核细则"),
        ({"month": APPROVED, "scheme_family": "不存在的细则"}, "没有名为“不存在的细则”的考核细则"),
    ],
)
def test_a_scope_that_does_not_exist_writes_nothing(demo_db, tmp_path, fields, says):
    out = tmp_path / "month.pdf"
    with pytest.raises(NotFoundError) as refused:
        monthly_assessment.render(demo_db, request(**fields), out)
    assert says in refused.value.message
    assert not out.exists()


def test_progress_runs_to_the_end(demo_db, tmp_path):
    calls = []
    monthly_assessment.render(
        demo_db,
        request(month=APPROVED, scheme_family=GRID_SCHEME),
        tmp_path / "month.pdf",
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls and calls[-1][0] == calls[-1][1]
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


# --------------------------------------------------------------------------- 个人考核评分表


def test_the_score_card_lists_every_item_with_points_and_notes(demo_db, tmp_path):
    sheet = sheet_of(demo_db, APPROVED)
    row = next(r for r in sheet.rows if any(e.note for e in r.entries.values()))
    number = roster.get_person(demo_db, row.person_id).citizen_id
    out = tmp_path / "card.pdf"
    rendered = score_card.render(demo_db, request(month=APPROVED, worker_id=number), out)
    (text,) = check_pdf(out, rendered)  # one page
    whole, compact = spaced(text), flat(text)
    assert "网格员个人考核评分表" in compact and "期间：2026年8月" in compact
    assert row.name in whole and mask_id(number) in whole
    for item in sheet.items:
        assert flat(item.name) in compact
    for entry in row.entries.values():
        assert flat(entry.note) in compact
    score = row.score
    assert f"合计 {score.total:.1f}" in whole
    assert f"第 {score.rank} 名（共 {len(sheet.rows)} 人）" in whole
    assert score.grade in whole and "草稿" not in text
    for role in ("本人签字", "考核人", "审核人"):
        assert role in whole


def test_a_vetoed_worker_card_names_the_veto(demo_db, tmp_path):
    sheet = sheet_of(demo_db, date(2026, 2, 1))
    row = next(r for r in sheet.rows if r.score.veto)
    number = roster.get_person(demo_db, row.person_id).citizen_id
    out = tmp_path / "card.pdf"
    rendered = score_card.render(demo_db, request(month=date(2026, 2, 1), worker_id=number), out)
    (text,) = check_pdf(out, rendered)
    assert "一票否决 有：安全事故" in spaced(text)
    assert row.score.grade == "不合格" and "不合格" in text


def test_a_card_of_a_month_not_approved_is_a_draft(demo_db, tmp_path):
    row = sheet_of(demo_db, SUBMITTED, MICRO_SCHEME).rows[0]  # found without naming the scheme
    number = roster.get_person(demo_db, row.person_id).citizen_id
    out = tmp_path / "card.pdf"
    rendered = score_card.render(demo_db, request(month=SUBMITTED, worker_id=number), out)
    (text,) = check_pdf(out, rendered)
    assert "草稿" in text and "已提交" in text and MICRO_SCHEME in flat(text)


def test_no_card_for_someone_unknown_or_not_scored(demo_db, tmp_path):
    out = tmp_path / "card.pdf"
    with pytest.raises(NotFoundError, match=r"没有身份证号码为 110105\*+002X 的人员"):
        score_card.render(demo_db, request(month=APPROVED, worker_id="11010519491231002X"), out)
    row = sheet_of(demo_db, APPROVED).rows[0]
    number = roster.get_person(demo_db, row.person_id).citizen_id
    with pytest.raises(NotFoundError, match=f"{row.name}未参加2024年1月的考核"):
        score_card.render(demo_db, request(month=date(2024, 1, 1), worker_id=number), out)
    assert not out.exists()


# ------------------------------------------------------------- 季度/年度考核结果及绩效补贴表


AMOUNTS = {"优秀": 50_000, "良好": 30_000, "合格": 10_000}  # fen a month


def test_a_quarter_ranks_the_workers_and_totals_the_allowances(demo_db, tmp_path):
    for grade, fen in AMOUNTS.items():
        set_allowance(demo_db, grade, fen)
    out = tmp_path / "quarter.pdf"
    rendered = period_assessment.render(
        demo_db, request(year=2026, quarter=2, scheme_family=GRID_SCHEME), out
    )
    texts = check_pdf(out, rendered)
    whole, compact = spaced(" ".join(texts)), flat(" ".join(texts))
    assert "示例镇2026年第2季度网格员考核结果及绩效补贴表" in flat(texts[0])
    assert "期间：2026年4月至2026年6月" in flat(texts[0])
    result = period_results(
        demo_db, township_id(demo_db), 2026, 2, scheme_family=family(demo_db, GRID_SCHEME)
    )
    for row in result.rows:
        assert (
            f"{row.rank} {row.name} {row.village} {row.total:.1f} {row.grade} {row.village_rank}"
            in whole
        ), row.name
    # each month pays the amount of the grade the worker had that month
    paid = [
        AMOUNTS.get(score.grade, 0)
        for month in (date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1))
        for score in sheet_of(demo_db, month).scores
    ]
    assert f"合计 {len(result.rows)} 人" in whole
    assert f"{len(paid)} {format_yuan(sum(paid))}" in whole
    assert f"发放绩效补贴{format_yuan(sum(paid))}元" in compact
    assert "合计金额（大写）：人民币" in compact
    for role in ("制表人", "审核人", "负责人"):
        assert role in whole
    assert "草稿" not in compact


def test_a_year_names_the_months_not_yet_approved(demo_db, tmp_path):
    out = tmp_path / "year.pdf"
    rendered = period_assessment.render(
        demo_db, request(year=2026, scheme_family=MICRO_SCHEME, unit_code=QINGSHI), out
    )
    texts = check_pdf(out, rendered)
    compact = flat(" ".join(texts))
    assert "示例镇青石村2026年网格员考核结果及绩效补贴表" in compact
    assert "另有9月、10月、11月尚未审核，未计入" in compact
    assert "尚未设置各等次的绩效补贴金额" in compact
    result = period_results(
        demo_db, township_id(demo_db), 2026, scheme_family=family(demo_db, MICRO_SCHEME)
    )
    mine = {row.name for row in result.rows if row.village == "青石村"}
    others = {row.name for row in result.rows if row.village != "青石村"} - mine
    assert mine and all(name in compact for name in mine)
    assert not any(name in compact for name in others)


def test_no_period_paper_without_an_approved_month(demo_db, tmp_path):
    out = tmp_path / "year.pdf"
    with pytest.raises(NotFoundError, match="2024年没有按该考核细则考核的月份"):
        period_assessment.render(demo_db, request(year=2024, scheme_family=GRID_SCHEME), out)
    with pytest.raises(
        NotFoundError, match="示例镇2026年第4季度还没有审核通过的考核月份（2 个月尚未审核）"
    ):
        period_assessment.render(
            demo_db, request(year=2026, quarter=4, scheme_family=GRID_SCHEME), out
        )
    with pytest.raises(NotFoundError, match="没有编码为 9 的单位"):
        period_assessment.render(demo_db, request(year=2026, unit_code="9"), out)
    assert not out.exists()


@pytest.mark.parametrize(
    ("fen", "words"),
    [
        (0, "零元整"),
        (50, "伍角"),
        (6_000_000, "陆万元整"),
        (100_507, "壹仟零伍元零柒分"),
        (10_000_500, "壹拾万零伍元整"),
        (10_000_010_000, "壹亿零壹佰元整"),
        (12_345_678, "壹拾贰万叁仟肆佰伍拾陆元柒角捌分"),
    ],
)
def test_amounts_in_capitals(fen, words):
    assert period_assessment.yuan_in_words(fen) == words
