"""Quarters and years from the approved months, rankings, grade distribution, allowances and a
worker's history — on months scored by hand so that every expected figure is computed below.

Every worker starts at 35 points a month without any entry: 信息录入 5 (no deduction) +
按期化解率 20 + 小事不出村 10 (no case of theirs concluded: both shares count as 100%). The
manual items add: 日常走访 ≤20, 台账资料 ≤5, 安全隐患排查 ≤15, 重点人员服务管理 ≤10, 群众满意度 ≤5;
宣传报道 adds 1 per report, at most 3.

    month         李青山  赵石门        张网格  钱已走 (left 02-20)  孙新来 (joined 03-15)
    2026-01       80     90           55      90                  —
    2026-02       85     90           55      85                  —
    2026-03       90     90 (veto)    55      —                   93
    2026-07       70     35           35      —                   35
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop.errors import RefusedError, ValidationError
from desktop.services.assessment_months import approve, month_sheet, open_month, set_entry, submit
from desktop.services.assessment_periods import (
    allowance_amounts,
    month_allowances,
    period_results,
    set_allowance,
)
from desktop.services.assessment_queries import worker_history
from desktop.services.assessment_schemes import list_schemes
from desktop.services.scoring import PeriodMethod
from tests.services import assessment_fixtures
from tests.services.assessment_fixtures import NOW, REVIEWER, SCORER

assessment_file = assessment_fixtures.assessment_file
db = assessment_fixtures.assessment_db
town = assessment_fixtures.assessment_town

JAN, FEB, MAR, APR, JUL = (date(2026, m, 1) for m in (1, 2, 3, 4, 7))
# typed 50, + 信息录入 5 + the two shares 15 + 10 (no case concluded: full points) = 80
SOLID = {"日常走访": "20", "矛盾纠纷排查": "5", "安全隐患排查": "15", "重点人员服务管理": "10"}
LEADER = {"日常走访": "20", "矛盾纠纷排查": "5"}  # 25 + 30 = 55
FULL = SOLID | {"台账资料": "5", "群众满意度": "5"}  # 90
ENTRIES = {
    JAN: {"李青山": SOLID, "赵石门": FULL, "张网格": LEADER, "钱已走": FULL},
    FEB: {
        "李青山": SOLID | {"台账资料": "5"},
        "赵石门": FULL,
        "张网格": LEADER,
        "钱已走": SOLID | {"台账资料": "5"},
    },
    MAR: {
        "李青山": FULL,
        "赵石门": FULL | {"安全事故": "是"},
        "张网格": LEADER,
        "孙新来": FULL | {"宣传报道": "3"},
    },
    JUL: {"李青山": {"日常走访": "20", "矛盾纠纷排查": "5", "安全隐患排查": "15"}},
}


def approve_month(db, town, month: date, entries: dict[str, dict[str, str]]) -> None:
    (scheme,) = list_schemes(db)
    key = {item.name: item.key for item in scheme.items}
    record = open_month(db, town.units["示例镇"], month)
    for person, cells in entries.items():
        for item, value in cells.items():
            set_entry(db, record.id, town.people[person], key[item], value, actor=SCORER)
    submit(db, record.id, actor=SCORER, allow_blank=True, now=NOW)
    approve(db, record.id, actor=REVIEWER, now=NOW)


@pytest.fixture
def scored(db, town):
    for month, entries in ENTRIES.items():
        approve_month(db, town, month, entries)
    return db


def table(result):
    return [
        (r.name, r.total, r.rank, r.village_rank, r.grade, r.months_scored) for r in result.rows
    ]


def test_a_quarter_is_the_mean_of_its_approved_months_ranked_in_township_and_village(scored, town):
    result = period_results(scored, town.units["示例镇"], 2026, 1)
    assert result.label == "2026年第1季度"
    assert result.approved == (JAN, FEB, MAR) and result.pending == ()
    assert table(result) == [
        ("孙新来", Decimal("93.0"), 1, 1, "优秀", 1),  # joined in March: one month counts
        ("赵石门", Decimal("90.0"), 2, 1, "不合格", 3),  # vetoed in March: lowest grade
        ("钱已走", Decimal("87.5"), 3, 2, "良好", 2),  # left in February: (90 + 85) / 2
        ("李青山", Decimal("85.0"), 4, 2, "良好", 3),  # (80 + 85 + 90) / 3
        ("张网格", Decimal("55.0"), 5, 3, "不合格", 3),
    ]
    assert result.rows[1].veto_months == 1
    assert result.distribution == {"优秀": 1, "良好": 2, "合格": 0, "不合格": 2}


def test_workers_with_fewer_months_than_the_minimum_are_listed_but_not_ranked(scored, town):
    result = period_results(scored, town.units["示例镇"], 2026, 1, PeriodMethod(min_months=2))
    assert table(result) == [
        ("赵石门", Decimal("90.0"), 1, 1, "不合格", 3),
        ("钱已走", Decimal("87.5"), 2, 2, "良好", 2),
        ("李青山", Decimal("85.0"), 3, 1, "良好", 3),
        ("张网格", Decimal("55.0"), 4, 2, "不合格", 3),
        ("孙新来", Decimal("93.0"), None, None, "优秀", 1),
    ]


def test_a_year_weighted_40_60_and_the_plain_mean_of_its_months(scored, town):
    township = town.units["示例镇"]
    weighted = {
        r.name: r for r in period_results(scored, township, 2026, None, PeriodMethod((40, 60))).rows
    }
    # 李青山: first half (80 + 85 + 90) / 3 = 85, second half 70 → 0.4 × 85 + 0.6 × 70 = 76
    assert (weighted["李青山"].total, weighted["李青山"].grade) == (Decimal("76.0"), "合格")
    # 钱已走 left in February: no second half, so the first half alone counts
    assert weighted["钱已走"].total == Decimal("87.5")
    mean = {r.name: r for r in period_results(scored, township, 2026).rows}
    # (80 + 85 + 90 + 70) / 4 = 81.25, rounded once, halves up
    assert (mean["李青山"].total, mean["李青山"].grade) == (Decimal("81.3"), "良好")


def test_months_not_yet_approved_count_nowhere_and_are_named_pending(scored, town):
    township = town.units["示例镇"]
    open_month(scored, township, APR)
    result = period_results(scored, township, 2026, 2)
    assert result.approved == () and result.pending == (APR,) and result.rows == ()


def test_period_settings_are_checked(scored, town):
    township = town.units["示例镇"]
    with pytest.raises(ValidationError, match="3 个月不能平均分为 2 部分"):
        period_results(scored, township, 2026, 1, PeriodMethod((40, 60)))
    with pytest.raises(ValidationError, match="合计 100%"):
        period_results(scored, township, 2026, None, PeriodMethod((40, 50)))
    with pytest.raises(ValidationError, match="季度应为 1～4"):
        period_results(scored, township, 2026, 5)


def test_the_allowance_list_pays_each_worker_the_amount_of_their_grade_in_fen(scored, town):
    set_allowance(scored, "优秀", 30000)
    set_allowance(scored, "良好", 20050)
    set_allowance(scored, "合格", 10000)
    assert allowance_amounts(scored) == {"优秀": 30000, "良好": 20050, "合格": 10000}
    found = month_allowances(scored, town.units["示例镇"], FEB)
    assert [(line.village, line.name, line.grade, line.amount_fen) for line in found.lines] == [
        ("青山村", "李青山", "良好", 20050),
        ("青山村", "张网格", "不合格", 0),  # no amount set for 不合格
        ("石门社区", "钱已走", "良好", 20050),
        ("石门社区", "赵石门", "优秀", 30000),
    ]
    assert found.total_fen == 70100 and isinstance(found.total_fen, int)
    assert found.by_grade == {"良好": (2, 40100), "不合格": (1, 0), "优秀": (1, 30000)}
    assert list(found.by_grade) == ["优秀", "良好", "不合格"]  # best grade first
    set_allowance(scored, "良好", 25000)  # changing an amount replaces it
    assert month_allowances(scored, town.units["示例镇"], FEB).total_fen == 80000


def test_allowances_need_an_approved_month_and_a_sensible_amount(scored, town):
    open_month(scored, town.units["示例镇"], APR)
    with pytest.raises(RefusedError, match="尚未审核"):
        month_allowances(scored, town.units["示例镇"], APR)
    with pytest.raises(ValidationError, match="没有等次“特优”"):
        set_allowance(scored, "特优", 100)
    with pytest.raises(ValidationError, match="请核对单位"):
        set_allowance(scored, "优秀", 10_000_001)
    with pytest.raises(ValidationError):
        set_allowance(scored, "优秀", -1)
    assert allowance_amounts(scored) == {}


def test_a_workers_history_lists_every_approved_month(scored, town):
    history = worker_history(scored, town.people["李青山"])
    assert [(h.month, h.total, h.grade, h.rank, h.village_rank, h.workers) for h in history] == [
        (JAN, Decimal("80.0"), "良好", 3, 1, 4),  # 90, 90, 80, 55
        (FEB, Decimal("85.0"), "良好", 2, 1, 4),  # 90, 85, 85, 55
        (MAR, Decimal("90.0"), "优秀", 2, 2, 4),  # 93, 90, 90 (veto), 55; 孙新来 first in 青山村
        (JUL, Decimal("70.0"), "合格", 1, 1, 4),
    ]
    assert worker_history(scored, town.people["赵石门"])[2].veto


def test_a_reopened_month_leaves_the_period_until_approved_again(scored, town):
    from desktop.services.assessment_months import reopen

    township = town.units["示例镇"]
    sheet = month_sheet(scored, township, MAR)
    reopen(scored, sheet.month.id, "更正赵石门的一票否决", actor=REVIEWER, now=NOW)
    result = period_results(scored, township, 2026, 1)
    assert result.pending == (MAR,)
    assert "孙新来" not in {row.name for row in result.rows}  # March was their only month


def test_equal_period_results_are_listed_in_pinyin_order(db, town):
    # 孙新来 was added after 赵石门 (a higher person id) but comes first in pinyin (s before z)
    approve_month(db, town, MAR, {"赵石门": FULL, "孙新来": FULL, "李青山": SOLID})
    result = period_results(db, town.units["示例镇"], 2026, 1)
    assert [(r.name, r.rank) for r in result.rows][:2] == [("孙新来", 1), ("赵石门", 1)]
