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
    CellResult,
    EntryInput,
    MonthAction,
    MonthStatus,
    approve,
    find_township,
    get_sheet,
    month_sheet,
    open_month,
    people_on_sheets,
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
    assert [(r.village, r.name) for r in sheet.rows] == [
        ("青山村", "李青山"),
        ("青山村", "孙新来"),
        ("青山村", "张网格"),
        ("石门社区", "赵石门"),
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
    # 15 typed + 信息录入 5 (no deduction) + 按期化解率 15 + 小事不出村 10 (nothing concluded:
    # the default scheme's shares give full points when there is no case)
    assert row(sheet, "孙新来").score.total == row(sheet, "李青山").score.total == 45
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
        li: {"日常走访": "18.5", "信息录入": "1", "台账资料": "5", "矛盾纠纷排查": "12",
             "安全隐患排查": "15",
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
        "矛盾纠纷排查": 12,  # typed: finding disputes is judged, never paid per case
        "按期化解率": 8,  # 66.7% reaches the 60% band
        "小事不出村": 10,  # all three settled in the village
        "安全隐患排查": 15,
        "重点人员服务管理": 10,
        "群众满意度": 5,
        "宣传报道": 3,  # 5 reports, capped at 3
        "安全事故": 0,
    }
    assert (mine.score.total, mine.score.grade, mine.score.rank) == (Decimal("89.5"), "良好", 1)
    # 赵石门: 20 + 0 (5 − 2 × 3, floored) + 15 + 10 = 45, and the veto makes it 不合格 anyway
    other = row(sheet, "赵石门")
    assert (other.score.total, other.score.veto, other.score.grade) == (45, True, "不合格")
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
    with pytest.raises(RefusedError, match="“按期化解率”为自动计分项"):
        set_entry(db, month.id, town.people["李青山"], k["按期化解率"], "3", actor=SCORER)
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
    submitted = submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    assert submitted.status is MonthStatus.SUBMITTED
    with pytest.raises(RefusedError, match="已提交，正等待审核"):
        submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    approved = approve(db, month.id, actor=REVIEWER, note="同意", now=NOW + timedelta(hours=1))
    assert approved.status is MonthStatus.APPROVED and approved.locked

    with pytest.raises(RefusedError, match="已审核锁定，不能修改；如需更正，请先重新打开"):
        set_entry(db, month.id, li, k["日常走访"], "20", actor=SCORER)
    with pytest.raises(ValidationError, match="须填写原因"):
        reopen(db, month.id, "  ", actor=REVIEWER, now=NOW)
    with pytest.raises(ValidationError, match="请填写操作人"):
        reopen(db, month.id, "更正", actor=" ", now=NOW)

    reopened = reopen(
        db,
        month.id,
        "李青山走访\u202e分数录错\x07\x1b",
        actor=REVIEWER,
        now=NOW + timedelta(hours=2),
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
    submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
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
    assert mine.figures == {"cases_reported": 0, "warnings_reported": 0}
    assert (mine.score.total, mine.score.rank) == (51, 1)
    assert mine.entries[k["日常走访"]].value == 18


def test_a_reopened_month_keeps_its_staff_and_figures_unless_the_reviewer_refreshes(db, town):
    k = keys(db)
    township = town.units["示例镇"]
    li, zhao = town.people["李青山"], town.people["赵石门"]
    month = open_month(db, township, MARCH)
    set_entry(db, month.id, li, k["日常走访"], "18", actor=SCORER)
    submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    approve(db, month.id, actor=REVIEWER, now=NOW)
    # afterwards 李青山 leaves his post, and a late case of 赵石门's is registered
    (post,) = roster.get_person(db, li).assignments
    roster.end_assignment(db, post.id, date(2026, 3, 1))
    case_in(db, town, CaseStatus.SETTLED, reporter_id=zhao, received_on=date(2026, 1, 10))

    reopen(db, month.id, "李青山走访分数录错", actor=REVIEWER, now=NOW)
    sheet = month_sheet(db, township, MARCH)
    assert "李青山" in [r.name for r in sheet.rows]  # still on the sheet he was approved on
    assert row(sheet, "赵石门").score.points[k["按期化解率"]] == 15  # as approved: no case
    set_entry(db, month.id, li, k["日常走访"], "20", actor=SCORER)  # the correction
    submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    again = approve(db, month.id, actor=REVIEWER, now=NOW)
    sheet = get_sheet(db, again.id)
    assert row(sheet, "李青山").score.points[k["日常走访"]] == 20
    assert row(sheet, "赵石门").score.points[k["按期化解率"]] == 15

    reopen(db, month.id, "按今日名册和案件重新计分", actor=REVIEWER, now=NOW)
    submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    approve(db, month.id, actor=REVIEWER, refresh=True, now=NOW)
    sheet = get_sheet(db, again.id)
    assert "李青山" not in [r.name for r in sheet.rows]
    assert row(sheet, "赵石门").score.points[k["按期化解率"]] == 0  # the late case counts now


def test_approving_an_empty_month_is_refused(db, town):
    (post,) = roster.get_person(db, town.people["周北坝"]).assignments
    roster.end_assignment(db, post.id, date(2026, 2, 1))  # 北坝镇's only worker
    month = open_month(db, town.units["北坝镇"], MARCH)
    submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
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
        submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    set_entry(db, month.id, li, k["日常走访"], "15", actor=SCORER)
    assert (
        submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW).status
        is MonthStatus.SUBMITTED
    )


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


# ------------------------------------------------------------------- review fixes


def approve_february(db, township) -> None:
    """An approved month freezes the scheme version it used."""
    february = open_month(db, township, date(2026, 2, 1))
    submit(db, february.id, actor=SCORER, allow_blank=True, now=NOW)
    approve(db, february.id, actor=REVIEWER, now=NOW)


def test_a_role_taken_over_by_another_scheme_is_on_that_sheet_only(db, town):
    township = town.units["示例镇"]
    approve_february(db, township)  # version 1 (专职网格员, 网格长) is frozen
    (scheme,) = list_schemes(db)
    update_scheme(  # from April the family keeps 专职网格员 only
        db, scheme.id, replace(scheme.draft(), start_month=date(2026, 4, 1), roles=("专职网格员",))
    )
    leaders = create_scheme(  # and a county scheme takes 网格长 from March
        db,
        replace(
            default_scheme_draft(MARCH),
            name="网格长考核细则",
            roles=("网格长",),
            sections=(
                SectionDraft("履职", (ItemDraft("履职情况", ItemKind.MANUAL, Decimal(100)),)),
            ),
        ),
    )
    grid = month_sheet(db, township, MARCH, scheme_family=scheme.family_uid)
    assert grid.month.scheme.version == 1  # which still names 网格长 …
    assert "张网格" not in [r.name for r in grid.rows]  # … but 网格长 is the county scheme's now
    mine = month_sheet(db, township, MARCH, scheme_family=leaders.family_uid)
    assert [r.name for r in mine.rows] == ["张网格"]


def test_a_scheme_may_not_take_a_role_another_scheme_has(db, town):
    with pytest.raises(ValidationError, match="岗位“专职网格员”已适用考核细则“网格员月度考核细则”"):
        create_scheme(db, replace(default_scheme_draft(MARCH), name="县定细则"))
    assert len(list_schemes(db)) == 1


def test_a_worker_with_roles_of_two_schemes_is_on_one_sheet(db, town):
    micro = create_scheme(
        db,
        replace(
            default_scheme_draft(SCHEME_FROM),
            name="微网格员考核细则",
            roles=("微网格员",),
            sections=(
                SectionDraft("联户", (ItemDraft("联户走访", ItemKind.MANUAL, Decimal(100)),)),
            ),
        ),
    )
    li = town.people["李青山"]
    roles = {role.name: role.id for role in roster.list_roles(db)}
    roster.assign_role(db, li, town.units["青山一组"], roles["微网格员"], date(2026, 3, 1))
    township = town.units["示例镇"]
    (grid,) = [s for s in list_schemes(db) if s.family_uid != micro.family_uid]
    on_grid = month_sheet(db, township, MARCH, scheme_family=grid.family_uid)
    on_micro = month_sheet(db, township, MARCH, scheme_family=micro.family_uid)
    assert "李青山" in [r.name for r in on_grid.rows]  # 专职网格员 comes first in the catalogue
    assert "李青山" not in [r.name for r in on_micro.rows]


def test_a_submitted_month_keeps_its_version_and_a_draft_follows_the_new_one(db, town):
    township = town.units["示例镇"]
    approve_february(db, township)
    march = open_month(db, township, MARCH)
    submit(db, march.id, actor=SCORER, allow_blank=True, now=NOW)
    (scheme,) = list_schemes(db)
    update = update_scheme(
        db, scheme.id, replace(scheme.draft(), name="网格员月度考核细则（修订）")
    )
    assert update.new_version
    assert month_sheet(db, township, MARCH).month.scheme.version == 1
    assert approve(db, march.id, actor=REVIEWER, now=NOW).scheme.version == 1
    assert month_sheet(db, township, date(2026, 5, 1)).month.scheme.version == 2


def months_saved(db) -> int:
    return db.read_rows("SELECT COUNT(*) FROM assessment_month")[0][0]


def test_reading_a_month_saves_nothing_and_the_first_entry_opens_it(db, town):
    k = keys(db)
    township = town.units["示例镇"]
    sheet = month_sheet(db, township, MARCH)
    assert (sheet.month.id, sheet.month.opened, months_saved(db)) == (None, False, 0)
    assert len(sheet.rows) == 4  # scored in memory all the same
    set_entry(db, sheet.month, town.people["李青山"], k["日常走访"], "18", actor=SCORER)
    opened = month_sheet(db, township, MARCH)
    assert opened.month.opened and months_saved(db) == 1
    assert row(opened, "李青山").score.points[k["日常走访"]] == 18


def test_submitting_an_unopened_month_opens_it(db, town):
    sheet = month_sheet(db, town.units["示例镇"], MARCH)
    submitted = submit(db, sheet.month, actor=SCORER, allow_blank=True, now=NOW)
    assert submitted.opened and submitted.status is MonthStatus.SUBMITTED


def test_months_after_the_current_one_are_refused(db, town):
    township = town.units["示例镇"]
    with pytest.raises(ValidationError, match="2026年5月尚未到来"):
        month_sheet(db, township, date(2026, 5, 1), today=date(2026, 4, 30))
    with pytest.raises(ValidationError, match="尚未到来"):
        open_month(db, township, date(2026, 5, 1), today=date(2026, 4, 30))
    assert months_saved(db) == 0


def test_the_submitter_may_not_approve(db, town):
    month = open_month(db, town.units["示例镇"], MARCH)
    submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    with pytest.raises(RefusedError, match=f"本月考核由{SCORER}提交，不能由本人审核"):
        approve(db, month.id, actor=f" {SCORER} ", now=NOW)
    assert get_sheet(db, month.id).month.status is MonthStatus.SUBMITTED
    assert approve(db, month.id, actor=REVIEWER, now=NOW).status is MonthStatus.APPROVED


def test_submitting_with_blank_manual_cells_is_refused_naming_them(db, town):
    k = keys(db)
    month = open_month(db, town.units["示例镇"], MARCH)
    manual = (
        "日常走访",
        "台账资料",
        "矛盾纠纷排查",
        "安全隐患排查",
        "重点人员服务管理",
        "群众满意度",
    )
    for person in ("李青山", "孙新来", "张网格"):
        for name in manual:
            set_entry(db, month.id, town.people[person], k[name], "1", actor=SCORER)
    set_entry(db, month.id, town.people["李青山"], k["台账资料"], "", actor=SCORER)
    with pytest.raises(RefusedError) as refused:
        submit(db, month.id, actor=SCORER, now=NOW)
    assert "李青山（台账资料）、赵石门（全部手工评分项）" in refused.value.message
    assert "--allow-blank" in refused.value.message
    assert get_sheet(db, month.id).month.status is MonthStatus.DRAFT
    assert submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW).status is (
        MonthStatus.SUBMITTED
    )


def test_an_actor_name_longer_than_its_column_is_refused(db, town):
    k = keys(db)
    month = open_month(db, town.units["示例镇"], MARCH)
    with pytest.raises(ValidationError, match="操作人姓名不能超过40个字"):
        set_entry(db, month.id, town.people["李青山"], k["日常走访"], "18", actor="考" * 41)
    with pytest.raises(ValidationError, match="操作人姓名不能超过40个字"):
        submit(db, month.id, actor="考" * 41, allow_blank=True, now=NOW)


def test_a_batch_reads_the_entries_once_and_a_dry_run_saves_nothing(db, town):
    from sqlalchemy import event

    k = keys(db)
    month = open_month(db, town.units["示例镇"], MARCH)
    people = [town.people[name] for name in ("李青山", "孙新来", "张网格", "赵石门")]
    cells = [EntryInput(p, k[name], "1") for p in people for name in ("日常走访", "台账资料")]
    selects: list[str] = []

    def count(conn, cursor, statement, *args):
        if statement.startswith("SELECT") and "FROM score_entry" in statement:
            selects.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert set_entries(db, month.id, cells, actor=SCORER, dry_run=True) == 8
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(selects) == 1  # not one per cell
    assert all(not r.entries for r in get_sheet(db, month.id).rows)  # rolled back
    set_entries(db, month.id, cells, actor=SCORER)
    assert all(len(r.entries) == 2 for r in get_sheet(db, month.id).rows)


def test_the_id_of_an_unopened_sheet_is_refused_in_chinese(db, town):
    k = keys(db)
    sheet = month_sheet(db, town.units["示例镇"], MARCH)
    with pytest.raises(NotFoundError, match="该月考核尚未开始录入"):
        set_entry(db, sheet.month.id, town.people["李青山"], k["日常走访"], "18", actor=SCORER)


def test_reading_a_draft_does_not_save_the_version_it_follows(db, town):
    township = town.units["示例镇"]
    approve_february(db, township)
    march = open_month(db, township, MARCH)
    (scheme,) = list_schemes(db)
    update_scheme(db, scheme.id, replace(scheme.draft(), name="网格员月度考核细则（修订）"))
    assert month_sheet(db, township, MARCH).month.scheme.version == 2  # the draft follows …
    stored = db.read_rows("SELECT scheme_id FROM assessment_month WHERE id = ?", (march.id,))
    assert stored == [(march.scheme.id,)]  # … without reading writing it down


CELLS = [  # item, typed, note, message ("" when accepted)
    ("日常走访", "18.5", "", ""),
    ("日常走访", "21", "", "“日常走访”应为 0～20 分"),
    ("日常走访", "18.25", "", "“日常走访”最多保留一位小数"),
    ("信息录入", "1.5", "", "“信息录入”次数应为不小于 0 的整数"),
    ("安全事故", "也许", "", "“安全事故”应填“是”或“否”"),
    ("安全事故", "是", "", ""),
    ("宣传报道", "２", "", ""),
    ("按期化解率", "3", "", "“按期化解率”为自动计分项，由系统按案件数据计算，不能手工填写"),
    ("台账资料", "4", "记" * 201, "备注不能超过200个字"),
    ("无此项目", "4", "", "该考核项目不在本月所用的考核细则中"),
]


def test_a_block_cell_by_cell_saves_the_valid_cells_with_set_entrys_messages(db, town):
    """The page's paste: one result per cell, the refused ones with set_entry's own message,
    the valid ones saved — in one transaction that opens the month."""
    from sqlalchemy import event

    k = {**keys(db), "无此项目": "no-such-item"}
    sheet = month_sheet(db, town.units["示例镇"], MARCH)
    li, gone = town.people["李青山"], town.people["钱已走"]
    cells = [EntryInput(li, k[name], text, note) for name, text, note, _ in CELLS]
    cells.append(EntryInput(gone, k["日常走访"], "10"))
    expected = [message for *_, message in CELLS] + ["钱已走不在本月的考核名单中"]
    selects: list[str] = []

    def count(conn, cursor, statement, *args):
        if statement.startswith("SELECT") and "FROM score_entry" in statement:
            selects.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        results = set_entries(db, sheet.month, cells, actor=SCORER, each=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert [r.error for r in results] == expected
    assert len(selects) == 1  # the entries are read once, not per cell
    assert results[0].entry.value == Decimal("18.5") and results[0].entry.entered_by == SCORER
    assert all(r.entry is None for r in results if r.error)
    opened = month_sheet(db, town.units["示例镇"], MARCH).month
    assert opened.opened
    # the same cells one by one through set_entry: the same messages, the same entries
    one_by_one = []
    for cell in cells:
        try:
            set_entry(db, opened.id, cell.person_id, cell.item_key, cell.value, cell.note,
                      actor=SCORER)  # fmt: skip
        except (NotFoundError, RefusedError, ValidationError) as err:
            one_by_one.append(err.message)
        else:
            one_by_one.append("")
    assert one_by_one == expected
    entries = row(get_sheet(db, opened.id), "李青山").entries
    values = {name: entries[key].value for name, key in k.items() if key in entries}
    assert values == {"日常走访": Decimal("18.5"), "安全事故": True, "宣传报道": 2}


def test_a_block_cell_by_cell_clears_cells_and_an_approved_month_refuses_each(db, town):
    k = keys(db)
    month = open_month(db, town.units["示例镇"], MARCH)
    li = town.people["李青山"]
    set_entry(db, month.id, li, k["日常走访"], "12", "走访记录不全", actor=SCORER)
    cells = [EntryInput(li, k["日常走访"], ""), EntryInput(li, k["日常走访"], "15")]
    cleared, again = set_entries(db, month.id, cells, actor=SCORER, each=True)
    assert cleared == CellResult(None) and again.entry.value == 15 and not again.entry.note
    submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    approve(db, month.id, actor=REVIEWER, now=NOW)
    # the caller still holds the month as a draft: the status is read in the transaction
    results = set_entries(db, month, [EntryInput(li, k["日常走访"], "20")] * 2, actor=SCORER,
                          each=True)  # fmt: skip
    assert [r.entry for r in results] == [None, None]
    assert all("已审核锁定，不能修改" in r.error for r in results)
    assert row(get_sheet(db, month.id), "李青山").entries[k["日常走访"]].value == 15


def test_a_dry_run_cell_by_cell_saves_nothing(db, town):
    k = keys(db)
    sheet = month_sheet(db, town.units["示例镇"], MARCH)
    li = town.people["李青山"]
    cells = [EntryInput(li, k["日常走访"], "18"), EntryInput(li, k["日常走访"], "99")]
    results = set_entries(db, sheet.month, cells, actor=SCORER, each=True, dry_run=True)
    assert [bool(r.error) for r in results] == [False, True]
    assert months_saved(db) == 0


def test_the_people_on_the_months_sheets_are_those_a_score_card_is_made_for(db, town):
    on_sheets = people_on_sheets(db, MARCH, today=NOW.date())
    # both townships' sheets; not 钱已走 (left in February), 王秀英 nor the mediators
    names = {name for name, person_id in town.people.items() if person_id in on_sheets}
    assert names == {"李青山", "孙新来", "张网格", "赵石门", "周北坝"}
    assert people_on_sheets(db, date(2026, 5, 1), today=NOW.date()) == set()  # still to come
    approve_february(db, town.units["示例镇"])
    february = people_on_sheets(db, date(2026, 2, 1), today=NOW.date())
    assert town.people["钱已走"] in february and town.people["孙新来"] not in february
