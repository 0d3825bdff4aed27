"""Two workstations on one database: a save based on a record someone else changed meanwhile is
refused, naming what changed, who changed it and when; nothing is written, the first save stays."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import update

from desktop.db import Actor, Database, alembic_config, make_engine, open_database
from desktop.errors import ConflictError
from desktop.exchange.roster_import import import_roster
from desktop.models import Person
from desktop.services import cases, grid, roster
from desktop.services.access import Role
from desktop.vocabulary import HandlingLevel
from tests.exchange.conftest import HEADER, write_xlsx
from tests.services import case_fixtures
from tests.services.case_fixtures import CLERK, NOW, register

# Every test starts from a copy of the dispute-case town (its people, units and mediators).
town_file, db, town = case_fixtures.town_file, case_fixtures.town_db, case_fixtures.town

REOPEN = "请关闭此窗口，重新打开后再改。"


@pytest.fixture
def first(db):
    """The workstation that saves first (the `db` fixture is the one that saves second)."""
    db.actor = Actor("王经办", Role.CLERK.value)
    other = Database(db.engine.url.render_as_string(hide_password=False))
    other.actor = Actor("李四", Role.CLERK.value)
    yield other
    other.close()


def _person(db, town, name="陈明"):
    return roster.get_person(db, town.people[name])


def test_a_person_saved_elsewhere_meanwhile_refuses_the_second_save(db, first, town):
    loaded = _person(db, town)
    theirs = replace(loaded.draft(), phone="13800001111", notes="外出务工")
    roster.update_person(first, loaded.id, theirs, loaded=_person(first, town))
    mine = replace(loaded.draft(), education="大学本科")

    with pytest.raises(ConflictError) as err:
        roster.update_person(db, loaded.id, mine, loaded=loaded)

    message = err.value.message
    assert re.fullmatch(
        rf"保存未成功：陈明 的记录已被 李四 于 \d\d:\d\d 修改（联系电话、备注）。{REOPEN}", message
    ), message
    now = _person(db, town)
    assert (now.phone, now.notes, now.education) == ("13800001111", "外出务工", None)
    assert now.row_version == loaded.row_version + 1


def test_a_save_without_a_change_in_between_succeeds_and_bumps_the_version(db, town):
    loaded = _person(db, town)
    saved = roster.update_person(
        db, loaded.id, replace(loaded.draft(), phone="13900002222"), loaded=loaded
    )
    assert saved.phone == "13900002222"
    assert saved.row_version == loaded.row_version + 1
    again = roster.update_person(
        db, loaded.id, replace(saved.draft(), notes="已核实"), loaded=saved
    )
    assert again.row_version == loaded.row_version + 2


def test_an_import_between_loading_and_saving_refuses_the_save(db, town, tmp_path):
    loaded = _person(db, town)
    sheet = write_xlsx(
        tmp_path / "roster.xlsx",
        [
            HEADER,
            [
                "陈明",
                loaded.citizen_id,
                "",
                "13700003333",
                "青山村",
                "",
                "人民调解员",
                "2024-01-01",
            ],
        ],
    )
    result = import_roster(db, sheet, today=NOW.date())
    assert result.updated == 1, result.outcomes

    with pytest.raises(ConflictError) as err:
        roster.update_person(db, loaded.id, replace(loaded.draft(), notes="改"), loaded=loaded)

    assert "联系电话" in err.value.message and REOPEN in err.value.message
    now = _person(db, town)
    assert (now.phone, now.notes) == ("13700003333", loaded.notes)


def test_a_core_update_that_forgets_the_version_is_still_not_lost_within_one_call(db, town):
    """A write racing the read inside one service call fails the row-version check of its
    UPDATE; the user sees the same refusal, in Chinese."""
    person_id = town.people["陈明"]
    with pytest.raises(ConflictError) as err, db.session() as session:
        person = session.get(Person, person_id)
        session.execute(  # another workstation, between this read and this write
            update(Person.__table__)
            .where(Person.__table__.c.id == person_id)
            .values(row_version=Person.__table__.c.row_version + 1)
        )
        person.phone = "13600004444"
    assert "保存未成功" in err.value.message
    assert _person(db, town).phone is None


def test_a_unit_renamed_elsewhere_refuses_the_second_edit(db, first, town):
    loaded = grid.get_unit(db, town.units["青山村"])
    draft = grid.UnitDraft(loaded.level, loaded.code, loaded.name, kind=loaded.kind, households=300)
    grid.update_unit(first, loaded.id, replace(draft, name="青山新村"), loaded=loaded)

    with pytest.raises(ConflictError) as err:
        grid.update_unit(db, loaded.id, draft, loaded=loaded)

    assert re.fullmatch(
        rf"保存未成功：“青山新村”已被 李四 于 \d\d:\d\d 修改（名称、户数）。{REOPEN}",
        err.value.message,
    ), err.value.message
    now = grid.get_unit(db, loaded.id)
    assert (now.name, now.households) == ("青山新村", 300)


def test_the_plain_unit_list_carries_the_versions(db, town):
    loaded = grid.get_unit(db, town.units["青山村"])
    grid.update_unit(db, loaded.id, grid.UnitDraft(loaded.level, loaded.code, "青山村委"))
    listed = {u.id: u for u in grid.list_units(db)}[loaded.id]
    assert listed.row_version == loaded.row_version + 1


def test_ending_a_post_changed_elsewhere_is_refused(db, first, town):
    held = next(a for a in _person(db, town).assignments if a.end_date is None)
    roster.end_assignment(first, held.id, NOW.date(), loaded=held)
    with pytest.raises(ConflictError) as err:
        roster.end_assignment(db, held.id, NOW.date() - timedelta(days=1), loaded=held)
    assert "陈明 的任职" in err.value.message and "结束日期" in err.value.message


def test_a_case_step_on_a_case_changed_elsewhere_is_refused(db, first, town):
    case = register(db, town)
    cases.assess(first, case.id, actor="李四", risk="较大", now=NOW, loaded=case)

    with pytest.raises(ConflictError) as err:
        cases.route(
            db,
            case.id,
            HandlingLevel.VILLAGE,
            actor=CLERK,
            now=NOW + timedelta(hours=1),
            loaded=case,
        )

    assert "状态" in err.value.message and "风险等级" in err.value.message
    assert err.value.message.startswith(f"保存未成功：案件 {case.number} 已被 李四")
    now = cases.get_case(db, case.id, today=NOW.date())
    assert (now.risk, now.level, len(now.steps)) == ("较大", None, len(case.steps) + 1)


def test_a_case_step_on_the_case_as_loaded_is_taken(db, town):
    case = register(db, town)
    assessed = cases.assess(db, case.id, actor=CLERK, risk="较大", now=NOW, loaded=case)
    routed = cases.route(db, case.id, HandlingLevel.VILLAGE, actor=CLERK, now=NOW, loaded=assessed)
    assert routed.level is HandlingLevel.VILLAGE
    assert routed.row_version > assessed.row_version > case.row_version


@pytest.mark.sqlite_only
def test_a_database_at_0006_is_upgraded_keeping_its_records_at_version_one(tmp_path):
    path = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{path}", transactional_ddl=True)
    command.upgrade(alembic_config(engine), "0006")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO person (id, uid, name, name_initials, created_at, updated_at) "
            "VALUES (1, 'u-1', '赵老', 'zl', '2026-01-01 08:00:00', '2026-01-01 08:00:00')"
        )
    conn.close()

    upgraded = open_database(f"sqlite:///{path}")
    try:
        person = roster.get_person(upgraded, 1)
        assert (person.name, person.row_version) == ("赵老", 1)
        saved = roster.update_person(
            upgraded, 1, replace(person.draft(), notes="升级后"), loaded=person
        )
        assert saved.row_version == 2
    finally:
        upgraded.close()
