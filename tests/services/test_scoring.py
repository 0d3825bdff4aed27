"""Monthly assessment arithmetic, checked against a table computed by hand: item kinds, floors
and caps, veto, ties, the top-grade quota, a worker who joined mid-month; band and scheme
validation; period results; allowances."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.errors import ValidationError
from desktop.services.scoring import (
    DEFAULT_BANDS,
    GradeBand,
    ItemKind,
    ItemSpec,
    NoCases,
    PeriodMethod,
    SchemeSpec,
    WorkerInput,
    allowances,
    check_bands,
    check_scheme,
    competition_ranks,
    grade_distribution,
    grade_for,
    item_points,
    period_months,
    period_totals,
    score_month,
)

D = Decimal

# --------------------------------------------------------------------------- the scheme

ITEMS = (
    ItemSpec("A", "基础工作", "信息采集", ItemKind.MANUAL, max_points=D(40)),
    # 5 points, −2 per record not updated on time, floor 0
    ItemSpec("B", "基础工作", "信息录入", ItemKind.DEDUCTION, max_points=D(5), per_count=D(2)),
    ItemSpec("C", "平安建设", "矛盾排查", ItemKind.MANUAL, max_points=D(35)),
    # +1 per report adopted, at most 3; +2 per published article, at most 4
    ItemSpec("D", "加分项", "上报信息被采用", ItemKind.BONUS, max_points=D(3), per_count=D(1)),
    ItemSpec("E", "加分项", "宣传报道", ItemKind.BONUS, max_points=D(4), per_count=D(2)),
    # +0.5 per case reported, at most 5
    ItemSpec(
        "F",
        "平安建设",
        "上报矛盾纠纷",
        ItemKind.AUTO,
        max_points=D(5),
        per_count=D("0.5"),
        metric="cases_reported",
    ),
    # share concluded on time: ≥ 50% → 5, ≥ 80% → 10, 100% → 15
    ItemSpec(
        "G",
        "平安建设",
        "按期化解率",
        ItemKind.AUTO,
        max_points=D(15),
        bands=((D("0.5"), D(5)), (D("0.8"), D(10)), (D(1), D(15))),
        metric="on_time_share",
    ),
    ItemSpec("H", "否决项", "发生重大责任事故", ItemKind.VETO),
)
SCHEME = SchemeSpec(ITEMS, DEFAULT_BANDS, top_quota_percent=20, bonus_cap=D(5))  # D + E ≤ 5

# ----------------------------------------------------------------- a dozen workers, by hand
# Inputs: A and C points entered, B/D/E counts, the two figures, the veto; None = not entered
# (孙悦 joined on the 20th: only A and C were scored, no figures exist for her yet).
# Expected: points A–G, total (after the bonus cap), grade, township rank, village rank, whether
# the quota held the worker back. 12 workers × 20% → floor(2.4) = 2 places for 优秀:
# 王芳 98 takes one; 李明 and 张伟 tie at 95.5 and together would make 3, so both drop to 良好,
# and 陈静 92 below them drops too. 赵磊's 93 would be 优秀 but the veto makes it 不合格 and
# ranks him after the 11 workers not vetoed (12th; 4th in 柳湾村, behind the 79.9 pair).
# fmt: off
TABLE = [
    # name   village   A        B     C        D     E     cases  share       veto
    #        points: A        B     C        D     E     F         G      total    grade    rank vrank held
    ("王芳", "石桥村", (D(40),   0,    D(31),   1,    1,    D(8),  D(1),      False),
             (D(40),   D(5), D(31),   D(1), D(2), D(4),     D(15)), D(98),   "优秀",   1,  1,  False),
    # bonus D 3 + E 4 = 7 trimmed to 5; 14 cases → 7 capped at 5; share exactly 80%
    ("李明", "石桥村", (D("38.5"), 1,  D(34),   3,    2,    D(14), D("0.8"),  None),
             (D("38.5"), D(3), D(34), D(3), D(4), D(5),     D(10)), D("95.5"), "良好", 2,  2,  True),
    # E 3 × 2 = 6 capped at 4; 3 cases → 1.5; share 95% is still the 80% band
    ("张伟", "柳湾村", (D(40),   None, D(35),   None, 3,    D(3),  D("0.95"), False),
             (D(40),   D(5), D(35),   D(0), D(4), D("1.5"), D(10)), D("95.5"), "良好", 2,  1,  True),
    ("陈静", "青山村", (D(37),   0,    D(30),   2,    0,    D(6),  D(1),      False),
             (D(37),   D(5), D(30),   D(2), D(0), D(3),     D(15)), D(92),   "良好",   4,  1,  True),
    # share 79% only reaches the 50% band
    ("刘洋", "青山村", (D(38),   1,    D(35),   0,    1,    D(4),  D("0.79"), False),
             (D(38),   D(3), D(35),   D(0), D(2), D(2),     D(5)),  D(85),   "良好",   5,  2,  False),
    # 80.0 is the lower bound of 良好, inclusive
    ("杨帆", "石桥村", (D(36),   2,    D(28),   0,    0,    D(0),  D(1),      False),
             (D(36),   D(1), D(28),   D(0), D(0), D(0),     D(15)), D(80),   "良好",   6,  3,  False),
    # 黄丽 and 徐亮 tie at 79.9 (合格): same rank, 黄 (h) before 徐 (x) in pinyin order
    ("黄丽", "柳湾村", (D("35.9"), 0,  D(29),   0,    0,    D(0),  D("0.8"),  False),
             (D("35.9"), D(5), D(29), D(0), D(0), D(0),     D(10)), D("79.9"), "合格", 7,  2,  False),
    ("徐亮", "柳湾村", (D("34.9"), 0,  D(27),   1,    0,    D(4),  D("0.8"),  False),
             (D("34.9"), D(5), D(27), D(1), D(0), D(2),     D(10)), D("79.9"), "合格", 7,  2,  False),
    # 3 late records: 5 − 6 floored at 0; share exactly 50%; 60.0 is 合格, inclusive
    ("周强", "青山村", (D(30),   3,    D(24),   0,    0,    D(2),  D("0.5"),  False),
             (D(30),   D(0), D(24),   D(0), D(0), D(1),     D(5)),  D(60),   "合格",   9,  3,  False),
    # 5 late records floored at 0; 5 adopted reports capped at 3; share 45% reaches no band
    ("吴敏", "石桥村", (D(30),   5,    D("24.9"), 5,  0,    D(4),  D("0.45"), False),
             (D(30),   D(0), D("24.9"), D(3), D(0), D(2),   D(0)),  D("59.9"), "不合格", 10, 4, False),
    # joined mid-month: B not entered = no late record = full 5; no figures = 0
    ("孙悦", "青山村", (D(20),   None, D(15),   None, None, None,  None,      None),
             (D(20),   D(5), D(15),   D(0), D(0), D(0),     D(0)),  D(40),   "不合格", 11, 4, False),
    ("赵磊", "柳湾村", (D(38),   0,    D(30),   0,    0,    D(10), D(1),      True),
             (D(38),   D(5), D(30),   D(0), D(0), D(5),     D(15)), D(93),   "不合格", 12, 4,  False),
]
# fmt: on


def worker(person_id: int, name: str, village: str, inputs: tuple) -> WorkerInput:
    a, b, c, d, e, cases, share, veto = inputs
    entries = {"A": a, "B": b, "C": c, "D": d, "E": e, "H": veto}
    figures = {"cases_reported": cases, "on_time_share": share}
    return WorkerInput(
        person_id,
        name,
        village,
        entries={key: value for key, value in entries.items() if value is not None},
        figures={key: value for key, value in figures.items() if value is not None},
    )


WORKERS = [worker(i, name, village, inputs) for i, (name, village, inputs, *_) in enumerate(TABLE)]


def scored(spec: SchemeSpec = SCHEME, workers=None) -> dict[str, object]:
    return {s.name: s for s in score_month(spec, reversed(workers or WORKERS))}


def test_the_hand_computed_table():
    scores = score_month(SCHEME, reversed(WORKERS))  # input order must not matter
    got = [
        (
            s.name,
            tuple(s.points[key] for key in "ABCDEFG"),
            s.total,
            s.grade,
            s.rank,
            s.village_rank,
            s.held_back_by_quota,
        )
        for s in scores
    ]
    expected = [(name, *rest) for name, _village, _inputs, *rest in TABLE]
    assert got == expected


def test_points_are_one_decimal_and_totals_add_up_after_the_bonus_cap():
    for s in score_month(SCHEME, WORKERS):
        assert all(
            p == p.quantize(D("0.1")) and p.as_tuple().exponent == -1 for p in s.points.values()
        )
        assert s.total == sum(s.points.values()) - s.bonus_trimmed
    found = scored()
    assert found["李明"].bonus_trimmed == D(2)  # 3 + 4 = 7, capped at 5
    assert found["王芳"].bonus_trimmed == D(0)


def test_veto_forces_the_lowest_grade_and_ranks_after_everyone_else():
    vetoed = scored()["赵磊"]
    assert (vetoed.veto, vetoed.total, vetoed.grade, vetoed.rank) == (True, D(93), "不合格", 12)
    assert vetoed.village_rank == 4  # 柳湾村: 张伟 95.5, 黄丽 and 徐亮 79.9, then him
    assert [s.name for s in score_month(SCHEME, WORKERS) if s.veto] == ["赵磊"]


@pytest.mark.parametrize(
    ("percent", "top"),
    [
        (None, {"王芳", "李明", "张伟", "陈静"}),
        (40, {"王芳", "李明", "张伟", "陈静"}),  # floor(4.8) = 4: everyone fits
        (25, {"王芳", "李明", "张伟"}),  # floor(3): the boundary falls between 95.5 and 92
        (20, {"王芳"}),  # floor(2.4) = 2: the 95.5 pair would make 3, both drop
        (10, {"王芳"}),  # floor(1.2) = 1
        (5, set()),  # floor(0.6) = 0
    ],
)
def test_top_grade_quota(percent, top):
    found = scored(SchemeSpec(ITEMS, DEFAULT_BANDS, top_quota_percent=percent, bonus_cap=D(5)))
    assert {name for name, s in found.items() if s.grade == "优秀"} == top
    held = {"王芳", "李明", "张伟", "陈静"} - top
    assert {name for name, s in found.items() if s.held_back_by_quota} == held
    assert all(found[name].grade == "良好" for name in held)
    assert found["赵磊"].grade == "不合格"


def test_veto_workers_count_in_the_township_but_take_no_quota_place():
    # 5 workers × 40% = 2 places. The vetoed 99 takes none, so 95 and 94 keep 优秀 and 93 drops;
    # were the veto worker left out of the count, floor(4 × 40%) = 1 would keep 95 alone.
    overall = ItemSpec("P", "综合", "综合表现", ItemKind.MANUAL, max_points=D(100))
    spec = SchemeSpec((overall, ITEMS[-1]), DEFAULT_BANDS, top_quota_percent=40)
    people = [
        WorkerInput(1, "甲", "石桥村", {"P": D(99), "H": True}),
        WorkerInput(2, "乙", "石桥村", {"P": D(95), "H": False}),
        WorkerInput(3, "丙", "石桥村", {"P": D(94)}),
        WorkerInput(4, "丁", "石桥村", {"P": D(93)}),
        WorkerInput(5, "戊", "石桥村", {"P": D(50)}),
    ]
    got = [(s.name, s.grade, s.held_back_by_quota) for s in score_month(spec, people)]
    assert got == [
        ("乙", "优秀", False),
        ("丙", "优秀", False),
        ("丁", "良好", True),
        ("戊", "不合格", False),
        ("甲", "不合格", False),  # vetoed: after everyone, although 99 is the best total
    ]


def test_equal_ranks_are_ordered_by_pinyin_then_person_id():
    overall = ItemSpec("P", "综合", "综合表现", ItemKind.MANUAL, max_points=D(100))
    spec = SchemeSpec((overall,), DEFAULT_BANDS)
    people = [
        WorkerInput(1, "周敏", "青山村", {"P": D(88)}),
        WorkerInput(2, "安然", "石桥村", {"P": D(88)}),
        WorkerInput(3, "周敏", "石桥村", {"P": D(88)}),
        WorkerInput(4, "白雪", "青山村", {"P": D(90)}),
    ]
    got = [(s.person_id, s.rank, s.village_rank) for s in score_month(spec, people)]
    assert got == [(4, 1, 1), (2, 2, 1), (1, 2, 2), (3, 2, 1)]


# ----------------------------------------------------------------------- item validation


@pytest.mark.parametrize(
    ("item", "entry", "message"),
    [
        (ITEMS[0], D("40.5"), "“信息采集”应为 0～40 分"),
        (ITEMS[0], D(-1), "“信息采集”应为 0～40 分"),
        (ITEMS[0], "38", "“信息采集”应为 0～40 分"),
        (ITEMS[0], True, "“信息采集”应为 0～40 分"),
        (ITEMS[0], D("38.25"), "“信息采集”最多保留一位小数"),
        (ITEMS[0], D("NaN"), "“信息采集”应为 0～40 分"),
        (ITEMS[1], D("Infinity"), "“信息录入”次数应为不小于 0 的整数"),
        (ITEMS[1], -1, "“信息录入”次数应为不小于 0 的整数"),
        (ITEMS[1], D("1.5"), "“信息录入”次数应为不小于 0 的整数"),
        (ITEMS[3], 1.0, "“上报信息被采用”次数应为不小于 0 的整数"),
        (ITEMS[1], 10000, "“信息录入”次数不能超过 9999"),
        (ITEMS[1], D("1E+20"), "“信息录入”次数不能超过 9999"),
        (ITEMS[3], 99999999999, "“上报信息被采用”次数不能超过 9999"),
        (ITEMS[-1], 1, "“发生重大责任事故”应填“是”或“否”"),
    ],
)
def test_entries_out_of_range_are_refused_naming_the_item(item, entry, message):
    with pytest.raises(ValidationError) as refused:
        item_points(item, entry, {})
    assert refused.value.fields == {item.key: message}


def test_counts_may_arrive_as_whole_decimals_and_manual_points_as_integers():
    assert item_points(ITEMS[1], D("2"), {}) == D(1)
    assert item_points(ITEMS[1], D("9999"), {}) == D(0)  # the most a month may count
    assert item_points(ITEMS[0], 38, {}) == D("38.0")


def test_per_unit_points_are_rounded_half_up():
    quarter = ItemSpec(
        "Q",
        "平安建设",
        "走访",
        ItemKind.AUTO,
        max_points=D(10),
        per_count=D("0.25"),
        metric="visits",
    )
    assert item_points(quarter, None, {"visits": D(1)}) == D("0.3")  # 0.25 → 0.3
    assert item_points(quarter, None, {"visits": D(3)}) == D("0.8")  # 0.75 → 0.8
    assert item_points(quarter, None, {"visits": D(2)}) == D("0.5")


def test_a_bad_cell_in_the_month_names_the_worker_too():
    bad = WorkerInput(1, "王芳", "石桥村", {"B": D("0.5")})
    with pytest.raises(ValidationError) as refused:
        score_month(SCHEME, [*WORKERS, bad])
    assert refused.value.message == "王芳：“信息录入”次数应为不小于 0 的整数"


# ----------------------------------------------------------------------------- grade bands


def band(grade, lower, upper=None):
    return GradeBand(grade, D(lower), None if upper is None else D(upper))


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([], "至少需要一个等次"),
        ([band("优秀", 90), band(" ", 0, 90)], "等次名称不能为空"),
        ([band("优秀", 90), band("良好", 60, 90), band("良好", 0, 60)], "等次“良好”重复"),
        (
            [band("优秀", 90), band("良好", 90, 80), band("不合格", 0, 80)],
            "等次“良好”的下限 90 分应低于上限 80 分",
        ),
        ([band("良好", 60, 100), band("不合格", 0, 60)], "应有一个不设上限的最高等次"),
        (
            [band("优秀", 90), band("良好", 80), band("不合格", 0, 80)],
            "只能有一个等次不设上限，现有“优秀”“良好”",
        ),
        (
            [band("优秀", 90), band("合格", 60, 90), band("不合格", 10, 60)],
            "最低等次“不合格”应从 0 分起，现从 10 分起",
        ),
        # a real township's bands, 95+/80–94/70–79/<60, as half-open bands: nothing holds 60–70
        (
            [band("优秀", 95), band("良好", 80, 95), band("合格", 70, 80), band("不合格", 0, 60)],
            "“不合格”与“合格”之间有空档：60 分至 70 分之间的总分没有等次",
        ),
        (
            [
                band("优秀", 90),
                band("良好", "79.5", 90),
                band("合格", 60, 79),
                band("不合格", 0, 60),
            ],
            "“合格”与“良好”之间有空档：79 分至 79.5 分之间的总分没有等次",
        ),
        (
            [band("优秀", 85), band("良好", 80, 90), band("不合格", 0, 80)],
            "“良好”与“优秀”的分数段重叠（85 分至 90 分）",
        ),
        (
            [band("优秀", 90), band("特优", 95, 100), band("不合格", 0, 90)],
            "“优秀”与“特优”的分数段重叠（95 分至 100 分）",
        ),
    ],
)
def test_bands_with_a_hole_or_an_overlap_are_refused(bands, message):
    with pytest.raises(ValidationError) as refused:
        check_bands(bands)
    assert refused.value.fields == {"bands": message}


def test_default_bands_and_bands_in_any_order_are_accepted():
    check_bands(DEFAULT_BANDS)
    check_bands(list(reversed(DEFAULT_BANDS)))
    check_bands([band("合格", -10)])  # one band holding everything is allowed
    assert [grade_for(D(t), DEFAULT_BANDS) for t in ("90", "89.9", "80", "60", "59.9", "0")] == [
        "优秀",
        "良好",
        "良好",
        "合格",
        "不合格",
        "不合格",
    ]


@st.composite
def valid_bands(draw):
    cuts = draw(st.lists(st.integers(1, 1999), unique=True, max_size=6).map(sorted))
    bounds = [D(0), *(D(cut) / 10 for cut in cuts)]
    uppers = [*bounds[1:], None]
    bands = [
        GradeBand(f"等次{i}", low, up)
        for i, (low, up) in enumerate(zip(bounds, uppers, strict=True))
    ]
    return draw(st.permutations(bands))


@given(valid_bands(), st.integers(0, 2000))
def test_every_total_gets_exactly_one_grade_from_valid_bands(bands, tenths):
    check_bands(bands)
    total = D(tenths) / 10
    holding = [b.grade for b in bands if b.lower <= total and (b.upper is None or total < b.upper)]
    assert holding == [grade_for(total, bands)]


# -------------------------------------------------------------------------------- the scheme


def item(kind, **fields):
    return ItemSpec("X", "大则", "测试项", kind, **fields)


@pytest.mark.parametrize(
    ("spec", "field", "message"),
    [
        (SchemeSpec((), DEFAULT_BANDS), "items", "考核细则至少需要一个小则"),
        (
            SchemeSpec((ITEMS[0], ITEMS[0]), DEFAULT_BANDS),
            "items",
            "小则“信息采集”的编号重复",
        ),
        (SchemeSpec((item(ItemKind.MANUAL),), DEFAULT_BANDS), "X", "“测试项”的分值应大于 0"),
        (
            SchemeSpec((item(ItemKind.DEDUCTION, max_points=D(5)),), DEFAULT_BANDS),
            "X",
            "“测试项”每次扣分应大于 0",
        ),
        (
            SchemeSpec((item(ItemKind.BONUS, max_points=D(5), per_count=D(-1)),), DEFAULT_BANDS),
            "X",
            "“测试项”每次（每单位）的分值不能为负数",
        ),
        (
            SchemeSpec((item(ItemKind.AUTO, max_points=D(5), per_count=D(1)),), DEFAULT_BANDS),
            "X",
            "“测试项”未指定取数指标",
        ),
        (
            SchemeSpec((item(ItemKind.AUTO, max_points=D(5), metric="m"),), DEFAULT_BANDS),
            "X",
            "“测试项”应按单位计分或按分档计分，二者选一",
        ),
        (
            SchemeSpec(
                (
                    item(
                        ItemKind.AUTO,
                        max_points=D(5),
                        per_count=D(1),
                        bands=((D(1), D(5)),),
                        metric="m",
                    ),
                ),
                DEFAULT_BANDS,
            ),
            "X",
            "“测试项”应按单位计分或按分档计分，二者选一",
        ),
        (
            SchemeSpec(
                (
                    item(
                        ItemKind.AUTO,
                        max_points=D(5),
                        bands=((D(2), D(3)), (D(1), D(5))),
                        metric="m",
                    ),
                ),
                DEFAULT_BANDS,
            ),
            "X",
            "“测试项”的分档门槛应从低到高排列",
        ),
        (
            SchemeSpec(
                (item(ItemKind.AUTO, max_points=D(5), bands=((D(1), D(6)),), metric="m"),),
                DEFAULT_BANDS,
            ),
            "X",
            "“测试项”的分档得分应为 0～5 分",
        ),
        (
            SchemeSpec((item(ItemKind.VETO, max_points=D(10)),), DEFAULT_BANDS),
            "X",
            "“测试项”是一票否决项，不设分值",
        ),
        (
            SchemeSpec((ITEMS[0],), DEFAULT_BANDS, top_quota_percent=0),
            "top_quota_percent",
            "“优秀”名额比例应为 1%～100%",
        ),
        (
            SchemeSpec((ITEMS[0],), (band("合格", 0),), top_quota_percent=20),
            "top_quota_percent",
            "设名额比例需要至少两个等次",
        ),
        (
            SchemeSpec((ITEMS[0],), DEFAULT_BANDS, bonus_cap=D(0)),
            "bonus_cap",
            "加分合计上限应大于 0",
        ),
        (
            SchemeSpec((ITEMS[0],), (band("优秀", 90),)),
            "bands",
            "最低等次“优秀”应从 0 分起，现从 90 分起",
        ),
    ],
)
def test_schemes_that_cannot_be_scored_are_refused(spec, field, message):
    with pytest.raises(ValidationError) as refused:
        check_scheme(spec)
    assert refused.value.fields == {field: message}


def test_the_table_scheme_is_valid():
    check_scheme(SCHEME)


# ----------------------------------------------------------------------------------- ranks


def test_competition_ranks_share_and_skip():
    assert competition_ranks([D(90), D(95), D(95), D(98)]) == [4, 2, 2, 1]
    assert competition_ranks([D("80"), D("80.0")]) == [1, 1]
    assert competition_ranks([]) == []


@given(st.lists(st.integers(0, 1000).map(lambda tenths: D(tenths) / 10), max_size=40))
def test_ranks_are_competition_ranks(totals):
    assert competition_ranks(totals) == [1 + sum(o > t for o in totals) for t in totals]


@given(
    st.lists(st.tuples(st.integers(0, 1000), st.booleans()), min_size=1, max_size=30),
    st.integers(1, 100),
)
def test_the_quota_is_a_cap_that_never_skips_a_better_total(rows, percent):
    overall = ItemSpec("P", "综合", "综合表现", ItemKind.MANUAL, max_points=D(100))
    spec = SchemeSpec((overall, ITEMS[-1]), DEFAULT_BANDS, top_quota_percent=percent)
    people = [
        WorkerInput(i, f"网格员{i}", "石桥村", {"P": D(tenths) / 10, "H": veto})
        for i, (tenths, veto) in enumerate(rows)
    ]
    scores = score_month(spec, people)
    top = [s for s in scores if s.grade == "优秀"]
    assert len(top) <= len(people) * percent // 100
    assert not any(s.veto for s in top)
    held = [s for s in scores if s.held_back_by_quota]
    assert all(t.total > h.total for t in top for h in held)
    assert all(h.grade == "良好" and h.total >= 90 and not h.veto for h in held)


def test_grade_distribution_lists_every_grade_best_first():
    assert grade_distribution(score_month(SCHEME, WORKERS), DEFAULT_BANDS) == {
        "优秀": 1,
        "良好": 5,
        "合格": 3,
        "不合格": 3,
    }


# --------------------------------------------------------------------------------- periods

YEAR = period_months(2026)
Q2 = period_months(2026, 2)


def months(*totals, start=1):
    """Monthly totals from month `start` on; None skips a month (not in post)."""
    return {
        date(2026, start + i, 1): D(total) for i, total in enumerate(totals) if total is not None
    }


def test_period_months():
    assert period_months(2026, 2) == (date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1))
    assert len(YEAR) == 12 and YEAR[0] == date(2026, 1, 1) and YEAR[-1] == date(2026, 12, 1)


def test_quarter_mean_of_months_rounded_half_up_once():
    monthly = {
        1: months("90", "85.5", "88", start=4),  # 263.5 / 3 = 87.833… → 87.8
        2: months("80", "80.1", "80.05", start=4),  # 240.15 / 3 = 80.05 → 80.1 (half up)
        3: months("95", "70", "90.1", start=4),  # 255.1 / 3 = 85.033… → 85.0
        9: months("99", start=1),  # January only: not in this quarter, left out
    }
    got = [
        (p.person_id, p.total, p.months_scored, p.rank)
        for p in period_totals(monthly, PeriodMethod(), Q2)
    ]
    assert got == [(1, D("87.8"), 3, 1), (3, D("85.0"), 3, 2), (2, D("80.1"), 3, 3)]


def test_year_weighted_half_year_40_year_end_60():
    method = PeriodMethod(weights=(40, 60), min_months=6)
    monthly = {
        # first half mean 80, second half mean 90: 0.4 × 80 + 0.6 × 90 = 86.0
        1: months(*[80] * 6, *[90] * 6),
        # first half mean 90, second half mean 80: 36 + 48 = 84.0
        2: months(*[90] * 6, *[80] * 6),
        # joined in August: the first half is missing, so the year is the mean of Aug–Dec = 88.0
        3: months(*[None] * 7, 86, 88, 90, 88, 88),
        # left after March: first half only (mean of 3) and too few months to be ranked
        4: months(95, 96, 97),
        # every month but a 70 in June, first half = 75 (mean of 80,80,75,70,75,70)
        5: months(80, 80, 75, 70, 75, 70, *[85] * 6),  # 0.4 × 75 + 0.6 × 85 = 81.0
        # tie with 2 (84.0): first half 81.6 (489.6 / 6), second half 85.6: 32.64 + 51.36 = 84.0
        6: months(81, 82, "81.6", "81.6", "82.4", 81, 85, 86, "85.6", "85.6", "85.4", 86),
    }
    got = [
        (p.person_id, p.total, p.months_scored, p.rank)
        for p in period_totals(monthly, method, YEAR)
    ]
    assert got == [
        (1, D("86.0"), 12, 1),
        (2, D("84.0"), 12, 2),
        (6, D("84.0"), 12, 2),
        (5, D("81.0"), 12, 4),
        (4, D("96.0"), 3, None),  # listed, not ranked (3 < 6), although the best mean
        (3, D("88.0"), 5, None),  # 5 months in post, below the minimum of 6
    ]


def test_joiner_ranked_when_enough_months():
    method = PeriodMethod(weights=(40, 60), min_months=5)
    monthly = {3: months(*[None] * 7, 86, 88, 90, 88, 88), 1: months(*[80] * 6, *[90] * 6)}
    got = [(p.person_id, p.total, p.rank) for p in period_totals(monthly, method, YEAR)]
    assert got == [(3, D("88.0"), 1), (1, D("86.0"), 2)]


@pytest.mark.parametrize(
    ("method", "period", "message"),
    [
        (PeriodMethod(weights=(40, 50)), YEAR, "各部分权重应为正数，合计 100%"),
        (PeriodMethod(weights=(0, 100)), YEAR, "各部分权重应为正数，合计 100%"),
        (PeriodMethod(weights=(20, 20, 20, 20, 20)), YEAR, "12 个月不能平均分为 5 部分"),
        (PeriodMethod(min_months=4), Q2, "参与排名的最少月数应为 1～3"),
        (PeriodMethod(min_months=0), Q2, "参与排名的最少月数应为 1～3"),
    ],
)
def test_bad_period_methods_are_refused(method, period, message):
    with pytest.raises(ValidationError) as refused:
        period_totals({}, method, period)
    assert refused.value.message == message


# ------------------------------------------------------------------------------ allowances


def test_allowances_per_grade_in_fen():
    scores = score_month(SCHEME, WORKERS)
    rows, total = allowances(scores, {"优秀": 80000, "良好": 50000, "合格": 30000})
    assert [(r.name, r.grade, r.amount_fen) for r in rows[:3]] == [
        ("王芳", "优秀", 80000),
        ("李明", "良好", 50000),
        ("张伟", "良好", 50000),
    ]
    assert {r.name: r.amount_fen for r in rows}["孙悦"] == 0  # 不合格 has no amount set
    # 1 × 800 + 5 × 500 + 3 × 300 yuan = 4200 yuan
    assert total == 420000 == sum(r.amount_fen for r in rows)
    assert allowances([], {"优秀": 80000}) == ([], 0)


def test_allowance_amounts_must_be_whole_fen_and_not_negative():
    with pytest.raises(ValidationError, match="“良好”的补贴金额不能为负数"):
        allowances([], {"良好": -1})
    with pytest.raises(TypeError):
        allowances([], {"良好": 500.0})


# ------------------------------------------------------------------ automatic: no cases


@pytest.mark.parametrize(("no_cases", "points"), [(NoCases.ZERO, D(0)), (NoCases.FULL, D(20))])
def test_an_automatic_item_says_what_no_cases_earns(no_cases, points):
    share = ItemSpec(
        "S",
        "矛盾纠纷",
        "按期化解率",
        ItemKind.AUTO,
        max_points=D(20),
        bands=((D(60), D(10)), (D(90), D(20))),
        metric="concluded_in_time_share",
        no_cases=no_cases,
    )
    assert item_points(share, None, {}) == points  # no case to divide by: no figure
    assert item_points(share, None, {"concluded_in_time_share": D(0)}) == D(0)  # all late


def test_vetoed_workers_rank_among_themselves_by_total():
    overall = ItemSpec("P", "综合", "综合表现", ItemKind.MANUAL, max_points=D(100))
    spec = SchemeSpec((overall, ITEMS[-1]), DEFAULT_BANDS)
    people = [
        WorkerInput(1, "甲", "石桥村", {"P": D(70), "H": True}),
        WorkerInput(2, "乙", "石桥村", {"P": D(90), "H": True}),
        WorkerInput(3, "丙", "青山村", {"P": D(40)}),
    ]
    got = [(s.name, s.rank, s.village_rank) for s in score_month(spec, people)]
    assert got == [("丙", 1, 1), ("乙", 2, 1), ("甲", 3, 2)]


def test_a_grade_name_longer_than_the_column_is_refused():
    bands = (GradeBand("优秀" * 6, D(60), None), GradeBand("不合格", D(0), D(60)))
    with pytest.raises(ValidationError, match="不能超过10个字"):
        check_bands(bands)
