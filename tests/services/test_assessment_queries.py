"""What the 考核 page asks besides the month service: a rescore in memory that agrees with the
service, the schemes a month can be scored with, and one worker's approved months."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from desktop.errors import FengwangError
from desktop.services.assessment_months import (
    approve,
    get_sheet,
    open_month,
    set_entry,
    submit,
)
from desktop.services.assessment_queries import (
    assessed_workers,
    grade_counts,
    schemes_for_month,
    set_entries,
    with_entries,
    worker_history,
)
from desktop.services.assessment_schemes import create_scheme, default_scheme_draft
from tests.services import assessment_fixtures
from tests.services.assessment_fixtures import MARCH, NOW, REVIEWER, SCHEME_FROM, SCORER

assessment_file = assessment_fixtures.assessment_file
db = assessment_fixtures.assessment_db
town = assessment_fixtures.assessment_town


def scored(sheet) -> list[tuple]:
    return [(r.name, r.score.total, r.score.grade, r.score.rank, r.score.village_rank)
            for r in sheet.rows]  # fmt: skip


def test_a_rescore_in_memory_agrees_with_the_service(db, town):
    month = open_month(db, town.units["示例镇"], MARCH)
    keys = {item.name: item.key for item in month.scheme.items}
    before = get_sheet(db, month.id)
    li, zhao = town.people["李青山"], town.people["赵石门"]
    changes = {
        (li, keys["日常走访"]): set_entry(db, month.id, li, keys["日常走访"], "18", actor=SCORER),
        (zhao, keys["信息录入"]): set_entry(
            db, month.id, zhao, keys["信息录入"], "3", actor=SCORER
        ),
        (zhao, keys["安全事故"]): set_entry(
            db, month.id, zhao, keys["安全事故"], "是", actor=SCORER
        ),
    }
    after = with_entries(before, changes)
    assert scored(after) == scored(get_sheet(db, month.id))
    assert scored(after)[0][:3] == ("李青山", Decimal(53), "不合格")  # 18 + 35 untouched
    assert scored(after)[3][:3] == ("赵石门", Decimal(30), "不合格")  # 5 − 6 floored at 0; veto
    # clearing a cell puts it back as the service has it
    set_entry(db, month.id, li, keys["日常走访"], "", actor=SCORER)
    cleared = with_entries(after, {(li, keys["日常走访"]): None})
    assert scored(cleared) == scored(get_sheet(db, month.id))
    assert scored(cleared) != scored(after)


def test_the_schemes_a_month_can_be_scored_with(db, town):
    township = town.units["示例镇"]
    assert [c.label for c in schemes_for_month(db, township, MARCH)] == ["网格员月度考核细则"]
    assert schemes_for_month(db, township, date(2025, 12, 1)) == []
    micro = replace(default_scheme_draft(SCHEME_FROM), name="微网格员考核细则", roles=("微网格员",))
    create_scheme(db, micro)
    assert sorted(c.label for c in schemes_for_month(db, township, MARCH)) == [
        "微网格员考核细则",
        "网格员月度考核细则",
    ]


def test_a_workers_history_lists_the_approved_months(db, town):
    township = town.units["示例镇"]
    li = town.people["李青山"]
    for first, points in ((date(2026, 2, 1), "20"), (MARCH, "10"), (date(2026, 4, 1), "5")):
        month = open_month(db, township, first)
        key = month.scheme.items[0].key
        set_entry(db, month.id, li, key, points, actor=SCORER)
        if first < date(2026, 4, 1):  # April stays a draft: not history yet
            submit(db, month.id, actor=SCORER, now=NOW)
            approve(db, month.id, actor=REVIEWER, now=NOW + timedelta(hours=1))
    history = worker_history(db, li)
    assert [(p.month, p.total, p.grade, p.rank, p.workers) for p in history] == [
        (date(2026, 2, 1), Decimal(55), "不合格", 1, 4),  # 钱已走 was still in post
        (MARCH, Decimal(45), "不合格", 1, 4),
    ]
    assert history[0].village == "青山村" and history[0].scheme == "网格员月度考核细则"
    workers = assessed_workers(db)
    assert li in [w.person_id for w in workers]
    assert town.people["孙新来"] in [w.person_id for w in workers]  # March only
    assert worker_history(db, town.people["周北坝"]) == []
    assert grade_counts(db, history[1].month_id) == {"优秀": 0, "良好": 0, "合格": 0, "不合格": 4}


CELLS = [  # item, typed, message ("" when accepted)
    ("日常走访", "18.5", ""),
    ("日常走访", "21", "“日常走访”应为 0～20 分"),
    ("日常走访", "18.25", "“日常走访”最多保留一位小数"),
    ("信息录入", "1.5", "“信息录入”次数应为不小于 0 的整数"),
    ("安全事故", "也许", "“安全事故”应填“是”或“否”"),
    ("安全事故", "是", ""),
    ("宣传报道", "２", ""),
    ("矛盾纠纷排查", "3", "“矛盾纠纷排查”为自动计分项，由系统按案件数据计算，不能手工填写"),
]


def test_a_block_is_written_as_set_entry_writes_each_cell(db, town):
    month = open_month(db, town.units["示例镇"], MARCH)
    keys = {item.name: item.key for item in month.scheme.items}
    li = town.people["李青山"]
    outcomes = set_entries(
        db, month.id, [(li, keys[name], text, "") for name, text, _ in CELLS], actor=SCORER
    )
    assert [o.error for o in outcomes] == [message for _, _, message in CELLS]
    # the same cells one by one through the service: the same messages, the same result
    one_by_one = []
    for name, text, _ in CELLS:
        try:
            set_entry(db, month.id, li, keys[name], text, actor=SCORER)
        except FengwangError as err:
            one_by_one.append(err.message)
        else:
            one_by_one.append("")
    assert one_by_one == [message for _, _, message in CELLS]
    row = next(r for r in get_sheet(db, month.id).rows if r.name == "李青山")
    values = {name: row.entries[key].value for name, key in keys.items() if key in row.entries}
    assert values == {"日常走访": Decimal("18.5"), "安全事故": True, "宣传报道": 2}
    assert outcomes[0].entry.value == Decimal("18.5") and outcomes[0].entry.entered_by == SCORER


def test_a_block_clears_cells_and_refuses_who_is_not_on_the_sheet(db, town):
    month = open_month(db, town.units["示例镇"], MARCH)
    daily = month.scheme.items[0].key
    li, gone = town.people["李青山"], town.people["钱已走"]
    set_entry(db, month.id, li, daily, "12", "走访记录不全", actor=SCORER)
    cleared, refused = set_entries(
        db, month.id, [(li, daily, "", ""), (gone, daily, "10", "")], actor=SCORER
    )
    assert cleared.entry is None and not cleared.error
    assert refused.error == "钱已走不在本月的考核名单中"
    assert next(r for r in get_sheet(db, month.id).rows if r.name == "李青山").entries == {}
    submit(db, month.id, actor=SCORER, now=NOW)
    approve(db, month.id, actor=REVIEWER, now=NOW + timedelta(hours=1))
    (locked,) = set_entries(db, month.id, [(li, daily, "20", "")], actor=SCORER)
    assert "已审核锁定" in locked.error
