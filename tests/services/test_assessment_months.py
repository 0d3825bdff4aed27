"""The month: who is on the sheet, cells validated one by one, and 草稿 → 已提交 → 已审核 with its
history, the lock and reopening."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from desktop.errors import NotFoundError, RefusedError, ValidationError
from desktop.services import roster
from desktop.services.assessment_months import (
    CellRefused,
    EntryInput,
    MonthAction,
    MonthStatus,
    approve,
    find_township,
    get_sheet,
    month_sheet,
    open_month,
    reopen,
    set_entries,
    set_entry,
    submit,
)
from desktop.services.assessment_schemes import (
    ItemDraft,
    SectionDraft,
    create_scheme,
    default_scheme_draft,
    list_schemes,
    update_scheme,
)
from desktop.services.scoring import ItemKind
from desktop.vocabulary import CaseStatus
from tests.services import assessment_fixtures
from tests.services.assessment_fixtures import MARCH, NOW, REVIEWER, SCHEME_FROM, SCORER
from tests.services.case_fixtures import case_in

assessment_file = assessment_fixtures.assessment_file
db = assessment_fixtures.assessment_db
town = assessment_fixtures.assessment_town


def keys(db) -> dict[str, str]:
    """item name → key"""
    (scheme,) = list_schemes(db)
    return {item.name: item.key for item in scheme.items}


def row(sheet, name):
    return next(r for r in sheet.rows if r.name == name)


def test_the_sheet_lists_the_workers_in_post_that_month_by_village(db, town):
    sheet = month_sheet(db, town.units["示例镇"], MARCH)
    assert sheet.month.status is MonthStatus.DRAFT and not sheet.month.reopened
    assert sheet.month.label == "示例镇2026年3月"
    # 孙新来 joined on the 15th: in. 钱已走 left in February, 周北坝 is in another township,
    # 王秀英 (微网格员) and the mediators hold no role of the scheme: out.
    assert [(village, [r.name for r in rows]) for village, rows in sheet.villages] == [
        ("青山村", ["李青山", "孙新来", "张网格"]),
        ("石门社区", ["赵石门"]),
    ]
    newcomer = row(sheet, "孙新来")
    assert (newcomer.joined, newcomer.left, newcomer.roles) == (
        date(2026, 3, 15),
        None,
        "专职网格员",
    )
    assert row(sheet, "张网格").roles == "网格长"
    # before the leaver's last day she is on February's sheet
    february = month_sheet(db, town.units["示例镇"], date(2026, 2, 1))
    assert row(february, "钱已走").left == date(2026, 2, 20)
    assert len(february.rows) == 4


def test_a_worker_who_joined_mid_month_is_scored_like_anyone(db, town):
    k = keys(db)
    month = open_month(db, town.units["示例镇"], MARCH)
    newcomer, li = town.people["孙新来"], town.people["李青山"]
    for person, points in ((newcomer, "15"), (li, "15")):
        set_entry(db, month.id, person, k["日常走访"], points, actor=SCORER)
    sheet = get_sheet(db, month.id)
    # 15 typed + 信息录入 5 (no deduction) + 按期化解率 20 + 小事不出村 10 (nothing concluded)
    assert row(sheet, "孙新来").score.total == row(sheet, "李青山").score.total == 50
    assert [(s.name, s.rank) for s in sheet.scores] == [
        ("李青山", 1),
        ("孙新来", 1),
        ("赵石门", 3),  # equal ranks in pinyin order: zsm before zwg
        ("张网格", 3),
    ]


def test_hand_computed_scores_with_automatic_items_from_cases(db, town):
    k = keys(db)
    li, zhao = town.people["李青山"], town.people["赵石门"]
    for received in (date(2026, 3, 1), date(2026, 3, 2)):  # two settled in the village, in time
        case_in(db, town, CaseStatus.SETTLED, reporter_id=li, received_on=received)
    case_in(db, town, CaseStatus.SETTLED, reporter_id=li, received_on=date(2026, 1, 10))  # late
    month = open_month(db, town.units["示例镇"], MARCH)
    typed = {
        li: {"日常走访": "18.5", "信息录入": "1", "台账资料": "5", "安全隐患排查": "15",
             "重点人员服务管理": "10", "群众满意度": "5", "宣传报道": "5"},
        zhao: {"日常走访": "２０", "信息录入": "3", "安全事故": "是"},
    }  # fmt: skip
    for person, cells in typed.items():
        for name, value in cells.items():
            set_entry(db, month.id, person, k[name], value, actor=SCORER)
    sheet = get_sheet(db, month.id)
    mine = row(sheet, "李青山")
    assert mine.figures["cases_reported"] == 2
    assert mine.figures["concluded_in_time_share"] == Decimal("66.7")
    points = {name: mine.score.points[key] for name, key in k.items()}
    assert points == {
        "日常走访": Decimal("18.5"),
        "信息录入": 3,  # 5 − 2 × 1
        "台账资料": 5,
        "矛盾纠纷排查": 4,  # 2 cases × 2
        "按期化解率": 10,  # 66.7% reaches the 60% band
        "小事不出村": 10,  # all three settled in the village
        "安全隐患排查": 15,
        "重点人员服务管理": 10,
        "群众满意度": 5,
        "宣传报道": 3,  # 5 reports, capped at 3
        "安全事故": 0,
    }
    assert (mine.score.total, mine.score.grade, mine.score.rank) == (Decimal("83.5"), "良好", 1)
    # 赵石门: 20 + 0 (5 − 2 × 3, floored) + 20 + 10 = 50, and the veto makes it 不合格 anyway
    other = row(sheet, "赵石门")
    assert (other.score.total, other.score.veto, other.score.grade) == (50, True, "不合格")
    assert other.entries[k["安全事故"]].value is True


@pytest.mark.parametrize(
    ("item", "value", "message"),
    [
        ("日常走访", "21", "“日常走访”应为 0～20 分"),
        ("日常走访", "-1", "“日常走访”应为 0～20 分"),
        ("日常走访", "十八", "“日常走访”应为 0～20 分"),
        ("日常走访", "18.25", "“日常走访”最多保留一位小数"),
        ("信息录入", "1.5", "“信息录入”次数应为不小于 0 的整数"),
        ("宣传报道", "-2", "“宣传报道”次数应为不小于 0 的整数"),
        ("安全事故", "也许", "“安全事故”应填“是”或“否”"),
    ],
)
def test_each_cell_is_validated_and_nothing_bad_is_saved(db, town, item, value, message):
    k = keys(db)
    month = open_month(db, town.units["示例镇"], MARCH)
    li = town.people["李青山"]
    with pytest.raises(ValidationError) as refused:
        set_entry(db, month.id, li, k[item], value, actor=SCORER)
    assert refused.value.fields == {k[item]: message}
    assert row(get_sheet(db, month.id), "李青山").entries == {}


def test_cells_that_cannot_be_typed_in(db, town):
    k = keys(db)
    month = open_month(db, town.units["示例镇"], MARCH)
    with pytest.raises(RefusedError, match="“矛盾纠纷排查”为自动计分项"):
        set_entry(db, month.id, town.people["李青山"], k["矛盾纠纷排查"], "3", actor=SCORER)
    with pytest.raises(RefusedError, match="钱已走不在本月的考核名单中"):
        set_entry(db, month.id, town.people["钱已走"], k["日常走访"], "10", actor=SCORER)
    with pytest.raises(NotFoundError, match="不在本月所用的考核细则中"):
        set_entry(db, month.id, town.people["李青山"], "no-such-item", "10", actor=SCORER)


def test_a_cell_keeps_its_note_and_an_empty_value_clears_it(db, town):
    k = keys(db)
    month = open_month(db, town.units["示例镇"], MARCH)
    li = town.people["李青山"]
    entry = set_entry(db, month.id, li, k["信息录入"], "2", "3月5日两户未更新", actor=SCORER)
    assert (entry.value, entry.note, entry.entered_by) == (2, "3月5日两户未更新", SCORER)
    assert row(get_sheet(db, month.id), "李青山").score.points[k["信息录入"]] == 1
    assert set_entry(db, month.id, li, k["信息录入"], "", actor=SCORER) is None
    assert row(get_sheet(db, month.id), "李青山").score.points[k["信息录入"]] == 5


def test_submit_approve_lock_and_reopen_with_history(db, town):
    k = keys(db)
    township = town.units["示例镇"]
    month = open_month(db, township, MARCH)
    li = town.people["李青山"]
    set_entry(db, month.id, li, k["日常走访"], "18", actor=SCORER)

    with pytest.raises(RefusedError, match="示例镇2026年3月的考核尚未提交，不能审核"):
        approve(db, month.id, actor=REVIEWER, now=NOW)
    with pytest.raises(RefusedError, match="尚未审核，无需重新打开"):
        reopen(db, month.id, "试试", actor=REVIEWER, now=NOW)
    submitted = submit(db, month.id, actor=SCORER, now=NOW)
    assert submitted.status is MonthStatus.SUBMITTED
    with pytest.raises(RefusedError, match="已提交，正等待审核"):
        submit(db, month.id, actor=SCORER, now=NOW)
    approved = approve(db, month.id, actor=REVIEWER, note="同意", now=NOW + timedelta(hours=1))
    assert approved.status is MonthStatus.APPROVED and approved.locked

    with pytest.raises(RefusedError, match="已审核锁定，不能修改；如需更正，请先重新打开"):
        set_entry(db, month.id, li, k["日常走访"], "20", actor=SCORER)
    with pytest.raises(ValidationError, match="须填写原因"):
        reopen(db, month.id, "  ", actor=REVIEWER, now=NOW)
    with pytest.raises(ValidationError, match="请填写操作人"):
        reopen(db, month.id, "更正", actor=" ", now=NOW)

    reopened = reopen(
        db, month.id, "李青山走访分数录错", actor=REVIEWER, now=NOW + timedelta(hours=2)
    )
    assert (reopened.status, reopened.reopened, reopened.reopen_count) == (
        MonthStatus.DRAFT,
        True,
        1,
    )
    assert [(e.action, e.actor, e.status_from, e.status_to, e.note) for e in reopened.events] == [
        (MonthAction.SUBMIT, SCORER, MonthStatus.DRAFT, MonthStatus.SUBMITTED, ""),
        (MonthAction.APPROVE, REVIEWER, MonthStatus.SUBMITTED, MonthStatus.APPROVED, "同意"),
        (
            MonthAction.REOPEN,
            REVIEWER,
            MonthStatus.APPROVED,
            MonthStatus.DRAFT,
            "李青山走访分数录错",
        ),
    ]
    assert [e.at for e in reopened.events] == [
        NOW,
        NOW + timedelta(hours=1),
        NOW + timedelta(hours=2),
    ]
    set_entry(db, month.id, li, k["日常走访"], "20", actor=SCORER)  # editable again
    assert row(month_sheet(db, township, MARCH), "李青山").score.points[k["日常走访"]] == 20


def test_an_approved_month_reads_what_was_approved(db, town):
    k = keys(db)
    township = town.units["示例镇"]
    li = town.people["李青山"]
    month = open_month(db, township, MARCH)
    set_entry(db, month.id, li, k["日常走访"], "18", actor=SCORER)
    set_entry(db, month.id, li, k["宣传报道"], "4", actor=SCORER)  # 4 reports, 3 points
    submit(db, month.id, actor=SCORER, now=NOW)
    live = month_sheet(db, township, MARCH)
    approve(db, month.id, actor=REVIEWER, now=NOW)
    before = month_sheet(db, township, MARCH)
    assert before.rows == live.rows  # kept exactly as computed

    # afterwards: a case reported in March is registered late, and 李青山 leaves his post
    case_in(db, town, CaseStatus.SETTLED, reporter_id=li, received_on=date(2026, 3, 1))
    (post,) = roster.get_person(db, li).assignments
    roster.end_assignment(db, post.id, date(2026, 3, 1))

    after = month_sheet(db, township, MARCH)
    assert [r.score for r in after.rows] == [r.score for r in before.rows]
    mine = row(after, "李青山")
    assert mine.score.points[k["矛盾纠纷排查"]] == 0 and mine.figures["cases_reported"] == 0
    assert (mine.score.total, mine.score.rank) == (56, 1)
    assert mine.entries[k["日常走访"]].value == 18

    # reopened, the month is computed live again: the case counts, 李青山 is gone
    reopen(db, month.id, "补录案件", actor=REVIEWER, now=NOW)
    assert "李青山" not in [r.name for r in month_sheet(db, township, MARCH).rows]


def test_approving_an_empty_month_is_refused(db, town):
    (post,) = roster.get_person(db, town.people["周北坝"]).assignments
    roster.end_assignment(db, post.id, date(2026, 2, 1))  # 北坝镇's only worker
    month = open_month(db, town.units["北坝镇"], MARCH)
    submit(db, month.id, actor=SCORER, now=NOW)
    with pytest.raises(RefusedError, match="名单中没有人员"):
        approve(db, month.id, actor=REVIEWER, now=NOW)
    assert get_sheet(db, month.id).month.status is MonthStatus.SUBMITTED


def test_without_a_scheme_in_force_the_month_cannot_open(db, town):
    with pytest.raises(NotFoundError, match="还没有适用于2025年12月的考核细则"):
        month_sheet(db, town.units["示例镇"], date(2025, 12, 1))


def test_roles_with_their_own_scheme_have_their_own_month(db, town):
    micro = create_scheme(
        db,
        replace(
            default_scheme_draft(SCHEME_FROM),
            name="微网格员考核细则",
            roles=("微网格员",),
            sections=(
                SectionDraft("联户服务", (ItemDraft("联户走访", ItemKind.MANUAL, Decimal(100)),)),
            ),
        ),
    )
    township = town.units["示例镇"]
    with pytest.raises(ValidationError, match="有多套考核细则适用：网格员月度考核细则、微网格员"):
        month_sheet(db, township, MARCH)
    sheet = month_sheet(db, township, MARCH, scheme_family=micro.family_uid)
    assert [r.name for r in sheet.rows] == ["王秀英"]
    assert sheet.month.scheme.id == micro.id


def test_the_township_is_found_by_code_or_as_the_only_one(db, town):
    assert find_township(db, "511922101") == (town.units["北坝镇"], "北坝镇")
    with pytest.raises(ValidationError, match="有多个乡镇"):
        find_township(db)
    with pytest.raises(NotFoundError, match="没有编码为 123 的乡镇"):
        find_township(db, "123")


def test_an_entry_the_edited_scheme_refuses_shows_its_problem_until_corrected(db, town):
    k = keys(db)
    month = open_month(db, town.units["示例镇"], MARCH)
    li = town.people["李青山"]
    set_entry(db, month.id, li, k["日常走访"], "18", actor=SCORER)
    (scheme,) = list_schemes(db)
    draft = scheme.draft()
    first = draft.sections[0]
    lowered = replace(first.items[0], max_points=Decimal(15))
    update_scheme(
        db,
        scheme.id,
        replace(
            draft, sections=(replace(first, items=(lowered, *first.items[1:])), *draft.sections[1:])
        ),
    )
    mine = row(get_sheet(db, month.id), "李青山")
    assert mine.entries[k["日常走访"]].value == 18
    assert mine.entries[k["日常走访"]].problem == "“日常走访”应为 0～15 分"
    assert mine.score.points[k["日常走访"]] == 0  # counts as not entered
    with pytest.raises(RefusedError, match="李青山：“日常走访”应为 0～15 分；请先更正再提交"):
        submit(db, month.id, actor=SCORER, now=NOW)
    set_entry(db, month.id, li, k["日常走访"], "15", actor=SCORER)
    assert submit(db, month.id, actor=SCORER, now=NOW).status is MonthStatus.SUBMITTED


def test_a_pasted_block_is_saved_whole_or_not_at_all(db, town):
    """A block pasted from Excel: every cell saved in one go, or — when one is refused — none,
    with the refusal naming the worker and the cell's index so the sheet can point at it."""
    k = keys(db)
    month = open_month(db, town.units["示例镇"], MARCH)
    li = town.people["李青山"]
    good = [EntryInput(li, k["日常走访"], "18"), EntryInput(li, k["信息录入"], "1")]
    assert set_entries(db, month.id, good, actor=SCORER) == 2
    assert row(get_sheet(db, month.id), "李青山").score.points[k["日常走访"]] == 18
    bad = [EntryInput(li, k["日常走访"], "12"), EntryInput(li, k["宣传报道"], "-2")]
    with pytest.raises(CellRefused) as refused:
        set_entries(db, month.id, bad, actor=SCORER)
    assert refused.value.index == 1
    assert refused.value.message.startswith("李青山：“宣传报道”次数应为不小于 0 的整数")
    assert row(get_sheet(db, month.id), "李青山").score.points[k["日常走访"]] == 18  # not 12
