"""Two sheets on one assessment month (two workstations on one database): a write from a sheet
loaded before scores were saved elsewhere is refused, naming the cells that differ from that
sheet (worker · item) and the steps taken, who saved last and when; nothing of it is written.
The month's record is the lock: every write into the month bumps its row version."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from desktop.db import Actor, Database
from desktop.errors import ConflictError, RefusedError
from desktop.models import ScoreResult
from desktop.services.access import Role
from desktop.services.assessment_months import (
    EntryInput,
    MonthStatus,
    approve,
    get_sheet,
    month_sheet,
    open_month,
    reopen,
    save_cells,
    set_entries,
    set_entry,
    submit,
)
from desktop.services.assessment_schemes import list_schemes, update_scheme
from tests.services import assessment_fixtures
from tests.services.assessment_fixtures import MARCH, NOW, REVIEWER, SCORER

assessment_file = assessment_fixtures.assessment_file
db = assessment_fixtures.assessment_db
town = assessment_fixtures.assessment_town

OTHER = "考核员小张"
RELOAD = "请重新选择该月份，载入最新的考核表后再改。"


@pytest.fixture
def other(db):
    """The other workstation, on the same database, which saves first."""
    db.actor = Actor(SCORER, Role.ADMIN.value)  # enters and approves
    database = Database(db.engine.url.render_as_string(hide_password=False))
    database.actor = Actor(OTHER, Role.ADMIN.value)  # enters and approves
    yield database
    database.close()


@pytest.fixture
def k(db) -> dict[str, str]:
    """item name → key"""
    (scheme,) = list_schemes(db)
    return {item.name: item.key for item in scheme.items}


def sheet_of(db, town):
    return month_sheet(db, town.units["示例镇"], MARCH, today=NOW.date())


def month_id_of(db, town) -> int:
    return open_month(db, town.units["示例镇"], MARCH, today=NOW.date()).id


def entries(db, month_id: int) -> dict[tuple[str, str], object]:
    """(worker, item key) → value, as saved."""
    sheet = get_sheet(db, month_id)
    return {(r.name, key): e.value for r in sheet.rows for key, e in r.entries.items()}


def conflict(steps_and_cells: str, who: str = OTHER) -> str:
    return rf"保存未成功：示例镇2026年3月的考核已被 {who} 于 \d\d:\d\d 修改（{steps_and_cells}）。{RELOAD}"


def test_a_sheet_loaded_before_scores_were_saved_elsewhere_saves_nothing(db, other, town, k):
    opened = open_month(db, town.units["示例镇"], MARCH, today=NOW.date())
    li, zhao = town.people["李青山"], town.people["赵石门"]
    set_entry(db, opened.id, li, k["信息录入"], "1", actor=SCORER)
    mine, theirs = sheet_of(db, town), sheet_of(other, town)
    assert mine.month.row_version == theirs.month.row_version
    saved = save_cells(
        other,
        theirs,
        [EntryInput(li, k["日常走访"], "18"), EntryInput(li, k["信息录入"], "")],
        actor=OTHER,
    )
    assert saved.row_version == theirs.month.row_version + 1

    typed = [EntryInput(zhao, k["日常走访"], "15"), EntryInput(li, k["日常走访"], "12")]
    refused = save_cells(db, mine, typed, actor=SCORER)

    assert [r.entry for r in refused.cells] == [None, None]
    (message,) = {r.error for r in refused.cells}
    assert re.fullmatch(conflict("李青山·日常走访、李青山·信息录入"), message), message
    assert refused.row_version == mine.month.row_version
    assert entries(db, opened.id) == {("李青山", k["日常走访"]): 18}


def test_a_sheet_saves_again_and_again_with_the_version_each_save_returns(db, other, town, k):
    sheet = sheet_of(db, town)
    li = town.people["李青山"]
    for value in ("15", "16", "17"):
        saved = save_cells(db, sheet, [EntryInput(li, k["日常走访"], value)], actor=SCORER)
        assert saved.cells[0].error == ""
        assert saved.row_version == sheet.month.row_version + 1
        sheet = replace(sheet, month=replace(sheet.month, row_version=saved.row_version))
    assert sheet_of(other, town).month.row_version == sheet.month.row_version
    assert entries(db, month_id_of(db, town)) == {("李青山", k["日常走访"]): 17}


def test_two_sheets_on_a_month_not_opened_yet_conflict_too(db, other, town, k):
    mine, theirs = sheet_of(db, town), sheet_of(other, town)
    assert not mine.month.opened and mine.month.row_version == 1
    zhao = town.people["赵石门"]
    save_cells(other, theirs, [EntryInput(zhao, k["台账资料"], "4")], actor=OTHER)

    refused = save_cells(db, mine, [EntryInput(zhao, k["台账资料"], "5")], actor=SCORER)

    assert re.fullmatch(conflict("赵石门·台账资料"), refused.cells[0].error), refused.cells
    assert entries(db, month_id_of(db, town)) == {("赵石门", k["台账资料"]): 4}


def test_a_write_without_a_sheet_still_makes_the_sheets_on_the_month_stale(db, town, k):
    """An import or the command line (no `loaded`) bumps the month as well."""
    sheet = sheet_of(db, town)
    li = town.people["李青山"]
    set_entries(db, sheet.month, [EntryInput(li, k["宣传报道"], "2")], actor=OTHER)
    with pytest.raises(ConflictError) as err:
        set_entry(db, sheet.month, li, k["宣传报道"], "3", actor=SCORER, loaded=sheet)
    assert re.fullmatch(conflict("李青山·宣传报道"), err.value.message), err.value.message
    with pytest.raises(ConflictError):
        set_entries(
            db, sheet.month, [EntryInput(li, k["日常走访"], "3")], actor=SCORER, loaded=sheet
        )
    assert entries(db, month_id_of(db, town)) == {("李青山", k["宣传报道"]): 2}


def test_submitting_a_sheet_changed_elsewhere_is_refused(db, other, town, k):
    sheet = sheet_of(db, town)
    save_cells(other, sheet, [EntryInput(town.people["张网格"], k["日常走访"], "19")], actor=OTHER)

    with pytest.raises(ConflictError) as err:
        submit(db, sheet.month, actor=SCORER, allow_blank=True, now=NOW, loaded=sheet)

    assert re.fullmatch(conflict("张网格·日常走访"), err.value.message), err.value.message
    month = sheet_of(db, town).month
    assert month.status is MonthStatus.DRAFT and month.events == ()


def test_approving_a_month_scored_after_it_was_loaded_is_refused(db, other, town, k):
    month = open_month(db, town.units["示例镇"], MARCH, today=NOW.date())
    submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    loaded = sheet_of(db, town)
    li = town.people["李青山"]
    save_cells(other, loaded, [EntryInput(li, k["群众满意度"], "4")], actor=OTHER)

    with pytest.raises(ConflictError) as err:
        approve(db, month.id, actor=REVIEWER, now=NOW, loaded=loaded)

    assert re.fullmatch(conflict("李青山·群众满意度"), err.value.message), err.value.message
    with db.session() as session:
        assert session.query(ScoreResult).count() == 0
    assert sheet_of(db, town).month.status is MonthStatus.SUBMITTED


def test_steps_taken_elsewhere_are_named_with_who_took_the_last(db, other, town):
    month = open_month(db, town.units["示例镇"], MARCH, today=NOW.date())
    submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    approve(db, month.id, actor=REVIEWER, now=NOW)
    loaded = sheet_of(db, town)
    reopen(other, month.id, "更正走访分", actor=REVIEWER, now=NOW, loaded=loaded)
    submit(other, month.id, actor=OTHER, allow_blank=True, now=NOW)
    approve(other, month.id, actor=REVIEWER, now=NOW)

    with pytest.raises(ConflictError) as err:
        reopen(db, month.id, "补录", actor=REVIEWER, now=NOW, loaded=loaded)

    assert re.fullmatch(conflict("重新打开、提交、审核通过", REVIEWER), err.value.message), (
        err.value
    )
    assert sheet_of(db, town).month.reopen_count == 1


def test_a_step_the_state_no_longer_allows_is_refused_for_that(db, other, town):
    month = open_month(db, town.units["示例镇"], MARCH, today=NOW.date())
    loaded = sheet_of(db, town)
    submit(other, month.id, actor=OTHER, allow_blank=True, now=NOW)
    with pytest.raises(RefusedError) as err:
        submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW, loaded=loaded)
    assert not isinstance(err.value, ConflictError)
    assert err.value.message == "示例镇2026年3月的考核已提交，正等待审核"


def test_reading_a_draft_that_follows_a_new_scheme_version_is_no_change(db, town, k):
    """The read follows the version in force without saving it (rolled back): the sheet holds the
    month's stored version, and its first write is not refused."""
    township = town.units["示例镇"]
    february = open_month(db, township, date(2026, 2, 1), today=NOW.date())
    submit(db, february.id, actor=SCORER, allow_blank=True, now=NOW)
    approve(db, february.id, actor=REVIEWER, now=NOW)  # freezes version 1
    march = open_month(db, township, MARCH, today=NOW.date())
    (scheme,) = list_schemes(db)
    assert update_scheme(db, scheme.id, replace(scheme.draft(), start_month=MARCH)).new_version
    sheet = sheet_of(db, town)
    assert sheet.month.scheme.id != march.scheme.id
    assert sheet.month.row_version == march.row_version

    saved = save_cells(
        db, sheet, [EntryInput(town.people["李青山"], k["日常走访"], "18")], actor=SCORER
    )

    assert saved.cells[0].error == ""
    assert sheet_of(db, town).month.row_version == saved.row_version


def test_a_long_list_of_cells_changed_names_ten_and_counts_them_all(db, other, town, k):
    sheet = sheet_of(db, town)
    items = ("日常走访", "台账资料", "矛盾纠纷排查")
    block = [EntryInput(row.person_id, k[item], "3") for row in sheet.rows for item in items]
    assert save_cells(other, sheet, block, actor=OTHER).cells[0].error == ""

    with pytest.raises(ConflictError) as err:
        submit(db, sheet.month, actor=SCORER, allow_blank=True, now=NOW, loaded=sheet)

    named = re.search(r"修改（(.*)）。", err.value.message).group(1).split("、")
    assert len(named) == 10 and named[0] == "李青山·日常走访"
    assert named[-1] == f"赵石门·日常走访等 {len(block)} 格"  # by village, then name
