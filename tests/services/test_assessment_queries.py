"""What the 考核 page asks besides the month service: a rescore in memory that agrees with the
service, the schemes a month can be scored with, and one worker's approved months."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

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
    # 18 + 30 untouched: 信息录入 5, and both automatic items full without concluded cases
    assert scored(after)[0][:3] == ("李青山", Decimal(48), "不合格")
    assert scored(after)[3][:3] == ("赵石门", Decimal(25), "不合格")  # 5 − 6 floored at 0; veto
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
            submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
            approve(db, month.id, actor=REVIEWER, now=NOW + timedelta(hours=1))
    history = worker_history(db, li)
    assert [(p.month, p.total, p.grade, p.rank, p.workers) for p in history] == [
        (date(2026, 2, 1), Decimal(50), "不合格", 1, 4),  # 20 + 30; 钱已走 was still in post
        (MARCH, Decimal(40), "不合格", 1, 4),
    ]
    assert history[0].village == "青山村" and history[0].scheme == "网格员月度考核细则"
    workers = assessed_workers(db)
    assert li in [w.person_id for w in workers]
    assert town.people["孙新来"] in [w.person_id for w in workers]  # March only
    assert worker_history(db, town.people["周北坝"]) == []
    assert grade_counts(db, history[1].month_id) == {"优秀": 0, "良好": 0, "合格": 0, "不合格": 4}
