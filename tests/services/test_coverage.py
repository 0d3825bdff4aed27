"""Every coverage rule on a hand-built grid (tests/services/coverage_fixtures.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop.errors import NotFoundError, ValidationError
from desktop.services.coverage import (
    Check,
    CoverageSettings,
    coverage,
    load_settings,
    save_settings,
)
from desktop.services.roster import end_assignment, get_person
from desktop.vocabulary import Level
from tests.services.coverage_fixtures import TODAY, VILLAGE, Grid, add_empty_community, build_grid


@pytest.fixture
def made(db) -> Grid:
    return build_grid(db)


def village(made: Grid, name: str = "青山村", today: date = TODAY):
    found = coverage(made.db, today=today)
    return next(v for v in found.villages if v.name == name)


def gap_units(made: Grid, check: Check, name: str = "青山村") -> list[str]:
    return [gap.unit_name for gap in village(made, name).result(check).gaps]


def test_a_fully_staffed_village_passes_every_check(made):
    found = village(made)
    assert found.passed
    assert found.gaps == ()
    assert [result.check for result in found.checks] == list(Check)
    assert (found.grids, found.micro_grids) == (1, 2)
    assert found.result(Check.AUXILIARY_POLICE).note == "在岗：李辅警"


def test_every_grid_needs_a_grid_leader_of_its_own(made):
    made.unit(Level.GRID, f"{VILLAGE}-02", "青山村第二网格", "青山村")
    made.unit(Level.MICRO, f"{VILLAGE}-02-01", "青山三组", "青山村第二网格", households=15)
    made.post("钱专职", "专职网格员", "青山村第二网格")
    made.post("孙微", "微网格员", "青山三组")
    made.post(
        "张三丰", "网格长", "青山三组"
    )  # a grid leader posted below the grid is not its leader

    result = village(made).result(Check.GRID_LEADER)
    assert not result.passed
    [gap] = result.gaps
    assert (gap.unit_name, gap.unit_code, gap.level) == ("青山村第二网格", f"{VILLAGE}-02", "grid")
    assert "没有在岗的网格长" in gap.message and "任命网格长" in gap.message
    assert result.note == "1/2 个网格有网格长"


def test_a_village_without_grids_needs_a_grid_leader_of_its_own(made):
    add_empty_community(made)
    [gap] = village(made, "石门社区").result(Check.GRID_LEADER).gaps
    assert gap.unit_name == "石门社区"
    assert "尚未划分网格" in gap.message

    made.post("吴网格", "网格长", "石门社区")
    assert village(made, "石门社区").result(Check.GRID_LEADER).passed


@pytest.mark.parametrize(
    ("check", "person", "words"),
    [
        (Check.AUXILIARY_POLICE, "李辅警", "一村一辅警"),
        (Check.LEGAL_ADVISER, "王律师", "一村一法律顾问"),
        (Check.MEDIATOR, "赵调解", "至少配备一名人民调解员"),
    ],
)
def test_a_village_post_left_empty_is_a_gap(made, check, person, words):
    assignment = next(
        a for a in _assignments(made, person) if a.unit_name == "青山村" and a.end_date is None
    )
    end_assignment(made.db, assignment.id, date(2025, 5, 1))
    result = village(made).result(check)
    assert not result.passed
    [gap] = result.gaps
    assert (gap.unit_name, gap.unit_code, gap.check) == ("青山村", VILLAGE, check)
    assert words in gap.message
    assert result.note == "无人在岗"


def test_a_village_post_held_in_a_grid_or_micro_grid_serves_the_village(made):
    add_empty_community(made)
    made.unit(Level.GRID, "511922100202-01", "石门社区第一网格", "石门社区")
    made.unit(Level.MICRO, "511922100202-01-01", "石门一栋", "石门社区第一网格", households=12)
    made.post("周辅警", "辅警", "石门社区第一网格")
    made.post("郑律师", "法律顾问", "石门一栋")
    found = village(made, "石门社区")
    assert found.result(Check.AUXILIARY_POLICE).passed
    assert found.result(Check.LEGAL_ADVISER).passed
    assert not found.result(Check.MEDIATOR).passed


def test_a_post_in_another_village_does_not_count(made):
    add_empty_community(made)
    made.post("李辅警", "辅警", "石门社区")
    assert village(made).result(Check.AUXILIARY_POLICE).passed  # 青山村 keeps its own
    assert village(made, "石门社区").result(Check.AUXILIARY_POLICE).passed
    assert not village(made, "石门社区").result(Check.LEGAL_ADVISER).passed


def test_first_secretary_is_information_where_none_is_sent(made):
    result = village(made).result(Check.FIRST_SECRETARY)
    assert result.passed and not result.applies
    assert "仅供参考" in result.note
    made.post("冯书记", "驻村第一书记", "青山村")
    result = village(made).result(Check.FIRST_SECRETARY)
    assert (result.passed, result.applies, result.note) == (True, False, "在岗：冯书记")


def test_first_secretary_missing_in_a_listed_village_is_a_gap(made):
    save_settings(made.db, CoverageSettings(first_secretary_villages=frozenset({VILLAGE})))
    result = village(made).result(Check.FIRST_SECRETARY)
    assert result.applies and not result.passed
    assert "列为选派驻村第一书记的村" in result.gaps[0].message
    assert not village(made).passed

    made.post("冯书记", "驻村第一书记", "青山村")
    result = village(made).result(Check.FIRST_SECRETARY)
    assert result.applies and result.passed


def test_every_micro_grid_needs_a_micro_grid_worker(made):
    made.unit(Level.MICRO, f"{VILLAGE}-01-03", "青山三组", "青山村第一网格", households=18)
    made.post("党员老周", "党员中心户", "青山三组")  # a party household is not a grid worker
    made.unit(Level.MICRO, f"{VILLAGE}-01-04", "青山四组", "青山村第一网格", households=18)
    made.post("护林员老吴", "护林员", "青山四组")  # a 微网格员 by another name

    result = village(made).result(Check.MICRO_WORKER)
    [gap] = result.gaps
    assert (gap.unit_name, gap.level) == ("青山三组", Level.MICRO)
    assert "没有在岗的微网格员" in gap.message
    assert result.note == "3/4 个微网格有微网格员"


def test_a_grid_without_micro_grids_is_a_gap(made):
    made.unit(Level.GRID, f"{VILLAGE}-02", "青山村第二网格", "青山村")
    made.post("钱网格", "网格长", "青山村第二网格")
    [gap] = village(made).result(Check.MICRO_WORKER).gaps
    assert gap.unit_name == "青山村第二网格"
    assert "还没有划分微网格" in gap.message and "10～30 户" in gap.message


def test_households_per_micro_grid_within_the_default_range(made):
    made.unit(Level.MICRO, f"{VILLAGE}-01-03", "青山三组", "青山村第一网格", households=9)
    made.unit(Level.MICRO, f"{VILLAGE}-01-04", "青山四组", "青山村第一网格", households=31)
    made.unit(Level.MICRO, f"{VILLAGE}-01-05", "青山五组", "青山村第一网格")
    made.unit(Level.MICRO, f"{VILLAGE}-01-06", "青山六组", "青山村第一网格", households=30)
    made.unit(Level.MICRO, f"{VILLAGE}-01-07", "青山七组", "青山村第一网格", households=10)
    messages = {gap.unit_name: gap.message for gap in village(made).result(Check.HOUSEHOLDS).gaps}
    assert set(messages) == {"青山三组", "青山四组", "青山五组"}
    assert "只有 9 户，少于 10 户" in messages["青山三组"] and "合并" in messages["青山三组"]
    assert "有 31 户，超过 30 户" in messages["青山四组"] and "拆分" in messages["青山四组"]
    assert "没有填写户数" in messages["青山五组"]


def test_the_households_range_is_a_setting(made):
    assert load_settings(made.db) == CoverageSettings(10, 30)
    save_settings(made.db, CoverageSettings(min_households=21, max_households=24))
    assert load_settings(made.db) == CoverageSettings(21, 24)
    assert gap_units(made, Check.HOUSEHOLDS) == ["青山一组", "青山二组"]
    assert village(made).result(Check.HOUSEHOLDS).note == "每个微网格 21～24 户"
    save_settings(made.db, CoverageSettings(min_households=20, max_households=25))
    assert village(made).result(Check.HOUSEHOLDS).passed


@pytest.mark.parametrize(
    ("settings", "field", "words"),
    [
        (CoverageSettings(0, 30), "min_households", "1～1000"),
        (CoverageSettings(10, 1001), "max_households", "1～1000"),
        (CoverageSettings(30, 10), "max_households", "不能少于最少户数"),
        (CoverageSettings(10, True), "max_households", "1～1000"),
        (
            CoverageSettings(first_secretary_villages=frozenset({"999"})),
            "first_secretary_villages",
            "999",
        ),
        (
            CoverageSettings(first_secretary_villages=frozenset({f"{VILLAGE}-01"})),
            "first_secretary_villages",
            "村(社区)",
        ),
    ],
)
def test_settings_that_make_no_sense_are_refused(made, settings, field, words):
    with pytest.raises(ValidationError) as refused:
        save_settings(made.db, settings)
    assert words in refused.value.fields[field]
    assert load_settings(made.db) == CoverageSettings()


def test_first_secretary_villages_are_replaced_as_a_whole(made):
    add_empty_community(made)
    both = frozenset({VILLAGE, "511922100202"})
    save_settings(made.db, CoverageSettings(first_secretary_villages=both))
    assert load_settings(made.db).first_secretary_villages == both
    save_settings(made.db, replace(load_settings(made.db), first_secretary_villages=frozenset()))
    assert load_settings(made.db) == CoverageSettings()


def test_units_with_nobody_in_post(made):
    add_empty_community(made)
    made.unit(Level.GRID, f"{VILLAGE}-02", "青山村第二网格", "青山村")
    assert gap_units(made, Check.STAFFED) == ["青山村第二网格"]
    [gap] = village(made, "石门社区").result(Check.STAFFED).gaps
    assert gap.message.startswith("村(社区)“石门社区”没有任何在岗人员")


def test_only_assignments_current_on_the_day_count(made):
    leader = next(a for a in _assignments(made, "张三丰"))
    end_assignment(made.db, leader.id, date(2025, 5, 31))
    made.post("新网格长", "网格长", "青山村第一网格", start=date(2025, 6, 2))

    assert gap_units(made, Check.GRID_LEADER) == ["青山村第一网格"]  # left; successor not yet
    assert village(made, today=date(2025, 5, 30)).result(Check.GRID_LEADER).passed
    assert not village(made, today=date(2025, 5, 31)).result(Check.GRID_LEADER).passed
    assert (
        village(made, today=date(2025, 6, 2)).result(Check.GRID_LEADER).note == "1/1 个网格有网格长"
    )
    assert village(made, today=date(2023, 2, 28)).result(Check.STAFFED).note == "0/4 个单位有人在岗"


def test_township_totals(made):
    add_empty_community(made)
    found = coverage(made.db, today=TODAY)
    township = found.township
    assert (township.name, township.code) == ("示例镇", "511922100")
    assert (township.villages, township.villages_covered) == (2, 1)
    assert (township.grids, township.micro_grids) == (1, 2)
    totals = {total.check: total for total in township.totals}
    assert (totals[Check.LEGAL_ADVISER].villages, totals[Check.LEGAL_ADVISER].villages_passed) == (
        2,
        1,
    )
    assert totals[Check.FIRST_SECRETARY].villages == 0  # information only everywhere
    assert totals[Check.HOUSEHOLDS].villages_passed == 2
    assert township.gaps == len(found.gaps) == sum(t.gaps for t in township.totals) == 5
    assert {gap.village_name for gap in found.gaps} == {"石门社区"}


def test_scope_by_unit_code(made):
    add_empty_community(made)
    by_village = coverage(made.db, today=TODAY, unit_code="511922100202")
    assert [v.name for v in by_village.villages] == ["石门社区"]
    assert by_village.township.name == "示例镇"
    by_micro = coverage(made.db, today=TODAY, unit_code=f"{VILLAGE}-01-02")
    assert [v.name for v in by_micro.villages] == ["青山村"]
    by_township = coverage(made.db, today=TODAY, unit_code="511922100")
    assert [v.name for v in by_township.villages] == ["青山村", "石门社区"]


def test_unknown_county_and_ambiguous_scopes_are_refused(made):
    with pytest.raises(NotFoundError, match="没有编码为“nope”的网格单位"):
        coverage(made.db, today=TODAY, unit_code="nope")
    with pytest.raises(ValidationError, match="县"):
        coverage(made.db, today=TODAY, unit_code="511922")
    made.unit(Level.TOWNSHIP, "511922101", "北坝镇", "南江县")
    with pytest.raises(ValidationError, match="多个乡镇"):
        coverage(made.db, today=TODAY)


def test_an_empty_database_says_so(db):
    with pytest.raises(NotFoundError, match="还没有乡镇"):
        coverage(db, today=TODAY)


def _assignments(made: Grid, person: str):
    return get_person(made.db, made.people[person]).assignments
