"""Accounts of one township in a county database (issue 9): they see and change only their own
township; a county account sees all. On both engines."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.errors import NotFoundError, RefusedError, ValidationError
from desktop.exchange.sync_preview import preview_sync
from desktop.services import access, audit, cases, grid, mediators, roster
from desktop.services.access import Role
from desktop.services.case_stats import figures
from desktop.services.cases import CaseFilter
from desktop.services.grid import UnitDraft
from desktop.services.lookups import list_townships, list_units
from desktop.services.roster import PersonDraft
from desktop.services.roster_index import load_roster
from desktop.vocabulary import Level
from tests.services.test_case_stats import citizen_id
from tests.services.test_county_figures import MARCH
from tests.services.test_county_figures import county as county

PASSWORD = "jurisdiction-1"
TODAY = date(2026, 4, 15)


def make_accounts(county):
    """A county administrator, and an administrator and a clerk of 北坝镇; 赵示例 on 示例镇's
    roster."""
    db, example, beiba = county
    access.create_user(db, "县管理员", Role.ADMIN, PASSWORD)
    access.log_in(db, "县管理员", PASSWORD)
    access.create_user(db, "北坝管理员", Role.ADMIN, PASSWORD, township_id=beiba)
    access.create_user(db, "北坝经办", Role.CLERK, PASSWORD, township_id=beiba)
    zhao = roster.add_person(db, PersonDraft(name="赵示例", citizen_id=citizen_id(42)))
    grid_worker = next(r.id for r in roster.list_roles(db) if r.name == "专职网格员")
    roster.assign_role(db, zhao.id, example, grid_worker, date(2021, 1, 1))
    access.log_out(db)
    return county


@pytest.fixture(scope="module")
def accounts(county):
    return make_accounts(county)


@pytest.fixture
def as_user(accounts):
    db = accounts[0]

    def log_in(name: str):
        """Log in as `name` (whoever was logged in logs out)."""
        access.log_out(db)
        access.log_in(db, name, PASSWORD)
        return db

    yield log_in
    access.log_out(db)


def names(people) -> set[str]:
    return {person.name for person in people}


def example_person(db) -> int:
    """张伟, the mediator of 示例镇 (as the county sees him)."""
    return next(p.id for p in roster.list_people(db) if p.name == "张伟")


def test_a_township_account_sees_only_its_township_and_the_county_above(accounts, as_user):
    example = accounts[1]
    db = as_user("北坝经办")
    units = list_units(db)
    assert {u.level for u in units if u.level is not Level.COUNTY} == {
        Level.TOWNSHIP,
        Level.VILLAGE,
        Level.GRID,
        Level.MICRO,
    }
    assert [t.name for t in list_townships(db)] == ["北坝镇"]
    assert all(u.id != example for u in units)
    assert len(units) == 5  # 南江县, 北坝镇, its village, grid and micro-grid


def test_a_township_account_cannot_read_another_townships_people(accounts, as_user):
    db = as_user("县管理员")
    zhang = example_person(db)
    assert {"张伟", "李调解", "赵示例"} <= names(roster.list_people(db))

    db = as_user("北坝经办")
    assert names(roster.list_people(db)) == {"李调解"}
    index = load_roster(db)
    assert index.names == ["李调解"]
    assert "赵示例" not in names(roster.list_people(db))
    with pytest.raises(NotFoundError):
        roster.get_person(db, zhang)
    assert roster.find_person_by_citizen_id(db, citizen_id(15)) is None


def test_a_township_account_sees_only_its_cases_and_figures(accounts, as_user):
    db = as_user("县管理员")
    every = cases.list_cases(db, CaseFilter(), today=TODAY)
    county_march = figures(db, *MARCH, today=TODAY)

    db = as_user("北坝经办")
    own = cases.list_cases(db, CaseFilter(), today=TODAY)
    assert len(own) == 2 < len(every)
    assert {case.unit_name for case in own} == {"北坝一组"}
    other = next(case for case in every if case.unit_name != "北坝一组")
    with pytest.raises(NotFoundError):
        cases.get_case(db, other.id, today=TODAY)
    march = figures(db, *MARCH, today=TODAY)
    assert march.received == 2 < county_march.received


def test_every_shape_of_query_is_kept_to_the_township(accounts, as_user):
    """Counts by FROM only, by a condition only, through a subquery: all narrowed."""
    from sqlalchemy import func, select

    from desktop.models import DisputeCase, Person

    db = as_user("北坝经办")
    own_cases = select(DisputeCase.id).subquery()
    with db.session() as session:
        counts = [
            session.scalar(select(func.count()).select_from(Person)),
            session.scalar(select(func.count()).where(Person.township_id.is_not(None))),
            session.scalar(select(func.count(Person.id))),
            session.scalar(select(func.count()).select_from(DisputeCase)),
            session.scalar(select(func.count()).select_from(own_cases)),
        ]
    people = len(roster.list_people(db))
    assert counts == [people, people, people, 2, 2]


def test_a_case_shows_its_mediator_from_another_townships_roster(accounts, as_user):
    db = as_user("县管理员")
    zhang = example_person(db)
    case = next(
        c
        for c in cases.list_cases(db, CaseFilter(), today=TODAY)
        if c.unit_name == "北坝一组" and not c.current_mediators
    )
    mediators.assign(db, case.id, zhang, actor="县管理员", now=datetime(2026, 3, 21, 9))
    db = as_user("北坝经办")
    assert cases.get_case(db, case.id, today=TODAY).mediator_names == "张伟"
    with pytest.raises(NotFoundError):  # his own record stays out of reach
        roster.get_person(db, zhang)


def test_a_township_account_cannot_change_what_is_not_its_own(accounts, as_user):
    example = accounts[1]
    db = as_user("北坝经办")
    with pytest.raises(NotFoundError):
        grid.update_unit(db, example, UnitDraft(Level.TOWNSHIP, "X1", "改名镇"))
    county_id = next(u.id for u in list_units(db) if u.level is Level.COUNTY)
    new_township = UnitDraft(Level.TOWNSHIP, "511922199", "新设镇", parent_id=county_id)
    with pytest.raises(RefusedError, match="只能修改本乡镇"):
        grid.create_unit(db, new_township)
    with pytest.raises(RefusedError, match="只能修改本乡镇"):
        grid.update_unit(db, county_id, UnitDraft(Level.COUNTY, "511922", "改名县"))
    # The same ID number as a person of 示例镇: refused without showing whose it is.
    with pytest.raises(ValidationError) as refused:
        roster.add_person(db, PersonDraft(name="冒名", citizen_id=citizen_id(15)))
    assert "其他乡镇" in refused.value.fields["citizen_id"]
    assert "张伟" not in refused.value.fields["citizen_id"]
    db = as_user("县管理员")
    assert "冒名" not in names(roster.list_people(db))
    assert "新设镇" not in {u.name for u in list_units(db)}


def test_what_a_township_account_adds_is_its_townships(accounts, as_user):
    _db, example, beiba = accounts
    db = as_user("北坝经办")
    village = grid.create_unit(
        db, UnitDraft(Level.VILLAGE, "511922101202", "南坝村", parent_id=beiba, kind="村")
    )
    added = roster.add_person(db, PersonDraft(name="王新", citizen_id=citizen_id(41)))
    assert "王新" in names(roster.list_people(db))  # no post yet, still in the roster
    db = as_user("县管理员")
    person = roster.get_person(db, added.id)
    assert person.name == "王新"
    assert village.id in {u.id for u in list_units(db)}
    # Whoever works in 示例镇 does not see him.
    access.create_user(db, "示例经办", Role.CLERK, PASSWORD, township_id=example)
    db = as_user("示例经办")
    assert "王新" not in names(roster.list_people(db))
    assert "南坝村" not in {u.name for u in list_units(db)}


def test_a_township_administrator_manages_only_its_accounts(accounts, as_user):
    _db, example, beiba = accounts
    db = as_user("北坝管理员")
    assert {u.name for u in access.list_users(db)} >= {"北坝管理员", "北坝经办"}
    assert "县管理员" not in {u.name for u in access.list_users(db)}
    with pytest.raises(RefusedError, match="本乡镇"):
        access.create_user(db, "越权", Role.CLERK, PASSWORD, township_id=example)
    made = access.create_user(db, "北坝查看", Role.VIEWER, PASSWORD)
    assert made.township_id == beiba and made.township_name == "北坝镇"
    with pytest.raises(ValidationError, match="已经存在"):  # a name taken in another township
        access.create_user(db, "县管理员", Role.VIEWER, PASSWORD)


def test_a_township_administrator_reads_the_audit_trail_of_its_accounts(accounts, as_user):
    db = as_user("北坝管理员")
    shown = {entry.user_name for entry in audit.list_entries(db, audit.AuditFilter())}
    assert shown and shown <= {"北坝管理员", "北坝经办", "北坝查看"}
    assert audit.verify_chain(db).intact  # the chain is checked whole all the same


def test_what_a_township_account_exports_is_its_township(accounts, as_user, tmp_path):
    from python_calamine import CalamineWorkbook

    from desktop.exchange.roster_export import export_roster
    from desktop.exchange.sync_export import export_sync_package
    from desktop.exchange.sync_read import read_sync_package

    db = as_user("北坝经办")
    manifest = export_sync_package(db, tmp_path / "sync.xlsx")
    assert manifest.township_name == "北坝镇"
    package = read_sync_package(tmp_path / "sync.xlsx")
    # its roster, and 张伟 of 示例镇, who mediates one of its cases; not 赵示例
    assert {row["name"] for row in package.rows["person"]} == {"李调解", "王新", "张伟"}
    assert {row["name"] for row in package.rows["unit"]} == {
        "南江县",
        "北坝镇",
        "北坝村",
        "北坝村第一网格",
        "北坝一组",
    } | {row["name"] for row in package.rows["unit"] if row["name"] == "南坝村"}
    assert len(package.rows["case"]) == 2
    db = as_user("北坝管理员")
    export_roster(db, tmp_path / "roster.xlsx")
    sheet = CalamineWorkbook.from_path(tmp_path / "roster.xlsx").get_sheet_by_index(0)
    names = {row[0] for row in sheet.to_python()[3:]}
    assert "李调解" in names and "赵示例" not in names


def test_what_a_township_account_prints_is_its_township(accounts, as_user, tmp_path):
    from desktop.reports import catalog
    from desktop.reports.request import ReportRequest
    from tests.reports.conftest import page_texts

    db = as_user("北坝经办")
    catalog.render(db, "roster", ReportRequest(today=TODAY), tmp_path / "花名册.pdf")
    roster_text = "\n".join(page_texts(tmp_path / "花名册.pdf"))
    assert "北坝镇" in roster_text and "李调解" in roster_text
    assert "赵示例" not in roster_text and "示例镇" not in roster_text
    march = ReportRequest(month=date(2026, 3, 1), today=TODAY)
    catalog.render(db, "dispute-ledger", march, tmp_path / "台账.pdf")
    ledger = "\n".join(page_texts(tmp_path / "台账.pdf"))
    assert "北坝镇矛盾纠纷排查化解台账" in ledger and "示例镇〔" not in ledger
    with pytest.raises(RefusedError, match="县级月报由县级账户办理"):
        catalog.render(db, "county-monthly", march, tmp_path / "县级.pdf")
    assert not (tmp_path / "县级.pdf").exists()


def test_only_a_county_account_takes_in_township_packages(accounts, as_user):
    db = as_user("北坝管理员")
    with pytest.raises(RefusedError, match="导入乡镇的同步包由县级账户办理"):
        preview_sync(db, None)


def test_the_shared_settings_are_the_countys_to_change(accounts, as_user):
    from desktop.services import case_settings

    db = as_user("北坝管理员")
    with pytest.raises(RefusedError, match="由县级账户修改"):
        roster.add_role(db, "护河员")
    with pytest.raises(RefusedError, match="由县级账户修改"):
        case_settings.add_category(db, "山林")
    db = as_user("县管理员")
    assert roster.add_role(db, "护河员").name == "护河员"


def test_the_county_account_sees_every_township(accounts, as_user):
    db = as_user("县管理员")
    assert {t.name for t in list_townships(db)} == {"示例镇", "北坝镇"}
    assert {"张伟", "李调解"} <= set(load_roster(db).names)


def test_an_account_must_work_in_a_township(accounts, as_user):
    db = as_user("县管理员")
    county_id = next(u.id for u in list_units(db) if u.level is Level.COUNTY)
    with pytest.raises(ValidationError):
        access.create_user(db, "县里", Role.CLERK, PASSWORD, township_id=county_id)


def test_the_county_moves_an_account_to_another_township(accounts, as_user):
    _db, example, beiba = accounts
    db = as_user("县管理员")
    access.create_user(db, "调动经办", Role.CLERK, PASSWORD, township_id=beiba)
    moved = access.set_township(db, "调动经办", example)
    assert moved.township_name == "示例镇"
    db = as_user("调动经办")  # from the next log-in on
    assert [t.name for t in list_townships(db)] == ["示例镇"]
    db = as_user("北坝管理员")
    with pytest.raises(RefusedError, match="县级账户"):
        access.set_township(db, "北坝经办", None)
    db = as_user("县管理员")
    with pytest.raises(RefusedError, match="县级管理员"):  # the last one stays
        access.set_township(db, "县管理员", beiba)
    assert access.set_township(db, "调动经办", None).township_name == ""
