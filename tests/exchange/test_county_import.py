"""County import (issue 9): one county database collects the sync packages of all its townships,
each landing under its own township; a newer package of a township updates it, an older one is
refused; every package received is listed (who sent what and when). On both engines."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from desktop.db import open_database
from desktop.errors import RefusedError
from desktop.exchange.sync import apply_sync, preview_sync
from desktop.exchange.sync_local import find_township, package_rows
from desktop.exchange.sync_preview import DELETED, LOCAL_ONLY, STATUS_LABELS
from desktop.models import DisputeCase, GridUnit, Person
from desktop.services import access, demo, grid, roster
from desktop.services.demo import build_demo
from desktop.services.grants import Role
from desktop.services.grid import UnitDraft
from desktop.services.received_packages import list_received
from desktop.vocabulary import Level
from tests.engines import build_once
from tests.exchange.county_fixtures import BEIBA, SHIJIANG, build_township, send

T1, T2, T3 = (datetime(2026, 3, 1, hour) for hour in (9, 10, 11))
DEMO_TODAY = date(2026, 3, 1)
IMPORTED = [datetime(2026, 3, 2, hour) for hour in (8, 9, 10, 11)]


@pytest.fixture
def townships(engine):
    """示例镇's and 北坝镇's own databases."""
    made = []
    for spec in (SHIJIANG, BEIBA):
        database = open_database(engine.new_url())
        build_township(database, spec)
        made.append(database)
    yield made
    for database in made:
        database.close()


def receive(county, package, now):
    """The county previews and applies a package that brings no conflict."""
    preview = preview_sync(county, package)
    assert preview.conflicts == []
    return apply_sync(county, package, preview, now=now)


def holdings(county, code: str) -> dict:
    """What the county holds of one township, as its package would carry it (schemes, shared by
    all, left out)."""
    with county.session() as session:
        rows = package_rows(session, find_township(session, code))
    return {kind: sorted(map(sorted, (r.items() for r in rows[kind]))) for kind in rows} | {
        "scheme": []
    }


def phone_of(db, name: str) -> str:
    return next(p.phone for p in roster.list_people(db) if p.name == name)


def set_phone(db, name: str, phone: str) -> None:
    person = next(p for p in roster.list_people(db) if p.name == name)
    roster.update_person(db, person.id, replace(person.draft(), phone=phone))


def test_two_townships_land_each_under_its_own_township(db, townships, tmp_path):
    shijiang, beiba = townships
    first = receive(db, send(shijiang, tmp_path / "示例镇.xlsx", T1), IMPORTED[0])
    assert first.skipped == [] and first.added > 0
    before = holdings(db, SHIJIANG.code)

    package = send(beiba, tmp_path / "北坝镇.xlsx", T2)
    # 北坝镇 made its own 南江县 (another uid): the county keeps the one it has
    preview = preview_sync(db, package)
    assert preview.conflicts == [] and "南江县（511922）" not in [r.label for r in preview.records]
    second = apply_sync(db, package, preview, now=IMPORTED[1])
    assert second.skipped == [] and second.kept_ours == 0

    with db.session() as session:
        units = {u.name: u for u in session.scalars(select(GridUnit))}
        assert [u.name for u in units.values() if u.level == "county"] == ["南江县"]
        parent = {
            u.name: session.get(GridUnit, u.parent_id).name for u in units.values() if u.parent_id
        }
        assert parent == {
            "示例镇": "南江县",
            "北坝镇": "南江县",
            "青山村": "示例镇",
            "北坝村": "北坝镇",
        }
        case_township = {c.summary: c.township.name for c in session.scalars(select(DisputeCase))}
        assert sorted(session.scalars(select(Person.name))) == ["周建国", "陈北坝"]
    assert case_township == {
        "青山村两家因院墙排水发生争执": "示例镇",
        "北坝村两家因院墙排水发生争执": "北坝镇",
    }
    assert holdings(db, SHIJIANG.code) == before  # nothing of 示例镇 touched by 北坝镇's package


def test_a_newer_package_updates_its_township_and_no_other(db, townships, tmp_path):
    shijiang, beiba = townships
    receive(db, send(shijiang, tmp_path / "a1.xlsx", T1), IMPORTED[0])
    receive(db, send(beiba, tmp_path / "b1.xlsx", T1), IMPORTED[1])
    beiba_before = holdings(db, BEIBA.code)

    set_phone(shijiang, SHIJIANG.worker, "13900002222")
    package = send(shijiang, tmp_path / "a2.xlsx", T2)
    preview = preview_sync(db, package)
    assert [(r.label, r.status) for r in preview.records if r.status != "unchanged"] == [
        (SHIJIANG.worker, "changed")
    ]
    result = apply_sync(db, package, preview, now=IMPORTED[2])
    assert (result.added, result.updated) == (0, 1)
    assert phone_of(db, SHIJIANG.worker) == "13900002222"
    assert phone_of(db, BEIBA.worker) == "13800001111"
    assert holdings(db, BEIBA.code) == beiba_before


def test_an_older_package_of_a_township_is_refused_naming_both_export_times(
    db, townships, tmp_path
):
    shijiang, beiba = townships
    older = send(shijiang, tmp_path / "older.xlsx", T1)
    newer = send(shijiang, tmp_path / "newer.xlsx", T2)
    receive(db, newer, IMPORTED[0])
    stale_preview = preview_sync(db, newer)  # made before, as a clerk's open dialog holds it

    with pytest.raises(RefusedError) as refused:
        preview_sync(db, older)
    message = refused.value.message
    assert message.startswith("示例镇（511922100）的这个同步包导出于 2026-03-01 09:00:00")
    assert "本机已导入过该乡镇 2026-03-01 10:00:00 导出的同步包" in message
    assert "已拒绝导入" in message and "最新的同步包" in message
    with pytest.raises(RefusedError, match="较早的同步包"):
        apply_sync(db, older, stale_preview)
    assert len(list_received(db)) == 1  # a refused package is not received

    # the order is per township: 北坝镇's package exported before 示例镇's newest still lands
    receive(db, send(beiba, tmp_path / "b.xlsx", T1), IMPORTED[1])
    # and the same package again is no older: harmless
    again = receive(db, newer, IMPORTED[2])
    assert (again.added, again.updated) == (0, 0)


def test_every_package_received_is_listed_newest_first(db, townships, tmp_path):
    shijiang, beiba = townships
    receive(db, send(shijiang, tmp_path / "示例镇-1.xlsx", T1), IMPORTED[0])
    preview_sync(db, send(beiba, tmp_path / "试看.xlsx", T1))  # a dry run receives nothing
    receive(db, send(beiba, tmp_path / "北坝镇-1.xlsx", T2), IMPORTED[1])
    access.create_user(db, "县管理员", Role.ADMIN, "county-secret-1")
    access.log_in(db, "县管理员", "county-secret-1", now=IMPORTED[2])
    set_phone(shijiang, SHIJIANG.worker, "13900002222")
    receive(db, send(shijiang, tmp_path / "示例镇-2.xlsx", T3), IMPORTED[3])

    received = list_received(db)
    assert [
        (r.township_name, r.exported_at, r.imported_at, r.imported_by, r.file_name)
        for r in received
    ] == [
        ("示例镇", T3, IMPORTED[3], "县管理员", "示例镇-2.xlsx"),
        ("北坝镇", T2, IMPORTED[1], "系统", "北坝镇-1.xlsx"),
        ("示例镇", T1, IMPORTED[0], "系统", "示例镇-1.xlsx"),
    ]
    newest, beiba_first, first = received
    assert (newest.added, newest.changed, newest.conflicts) == (0, 1, 0)
    # the county, the township, its village, worker, post, case with two parties and a step;
    # 北坝镇's 南江县 is the county's already
    assert (first.added, beiba_first.added) == (9, 8)
    assert beiba_first.township_code == BEIBA.code
    assert [r.file_name for r in list_received(db, SHIJIANG.code)] == [
        "示例镇-2.xlsx",
        "示例镇-1.xlsx",
    ]
    assert list_received(db, "511922999") == []


def test_the_conflicts_decided_are_counted(db, townships, tmp_path):
    shijiang, _ = townships
    receive(db, send(shijiang, tmp_path / "a1.xlsx", T1), IMPORTED[0])
    set_phone(shijiang, SHIJIANG.worker, "13900002222")
    set_phone(db, SHIJIANG.worker, "13700003333")
    package = send(shijiang, tmp_path / "a2.xlsx", T2)
    preview = preview_sync(db, package)
    [conflict] = preview.conflicts
    apply_sync(db, package, preview, {conflict.uid: "theirs"}, now=IMPORTED[1])
    latest = list_received(db)[0]
    assert (latest.added, latest.changed, latest.conflicts) == (0, 1, 1)
    assert phone_of(db, SHIJIANG.worker) == "13900002222"


@pytest.fixture(scope="session")
def demo_townships(engine) -> list[str]:
    """Two demo townships (cases, assessment months, warnings), each in a database of its own:
    示例镇 and, built with another code and seed, 北坝镇."""
    urls = [build_once(engine, lambda db: build_demo(db, seed=1, today=DEMO_TODAY))[0]]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo, "TOWNSHIP", (BEIBA.code, BEIBA.name))
        urls.append(build_once(engine, lambda db: build_demo(db, seed=2, today=DEMO_TODAY))[0])
    return urls


def test_two_whole_demo_townships_land_with_nothing_left_out(db, demo_townships, tmp_path):
    for number, url in enumerate(demo_townships):
        township = open_database(url)
        try:
            package = send(township, tmp_path / f"{number}.xlsx", T1)
        finally:
            township.close()
        result = receive(db, package, IMPORTED[number])
        assert result.skipped == [] and result.kept_ours == 0
        assert result.added == sum(package.manifest.counts.values()) - number  # but 南江县
    with db.session() as session:
        townships = session.scalars(
            select(GridUnit.name).where(GridUnit.level == "township").order_by(GridUnit.code)
        ).all()
        cases_by_township = dict(
            session.execute(
                select(GridUnit.name, func.count(DisputeCase.id))
                .join(DisputeCase, DisputeCase.township_id == GridUnit.id)
                .group_by(GridUnit.name)
            ).all()
        )
    assert townships == ["示例镇", "北坝镇"]
    assert cases_by_township["示例镇"] > 0 and cases_by_township["北坝镇"] > 0


def test_a_unit_the_township_deleted_goes_at_the_county_too(db, townships, tmp_path):
    shijiang, _beiba = townships
    township = next(u for u in grid.list_units(shijiang) if u.name == "示例镇")
    for code, name in (("511922100202", "新建村"), ("511922100203", "并入村")):
        grid.create_unit(shijiang, UnitDraft(Level.VILLAGE, code, name, township.id, kind="村"))
    receive(db, send(shijiang, tmp_path / "1.xlsx", T1), IMPORTED[0])
    assert {"新建村", "并入村"} <= {u.name for u in grid.list_units(db)}

    # 新建村 was a mistake: the township deletes it. The county renamed 并入村 meanwhile, and
    # the township deleted that one too.
    for name in ("新建村", "并入村"):
        unit = next(u for u in grid.list_units(shijiang) if u.name == name)
        grid.delete_unit(shijiang, unit.id)
    merged = next(u for u in grid.list_units(db) if u.name == "并入村")
    renamed = UnitDraft(Level.VILLAGE, merged.code, "并入村（县改）", merged.parent_id, kind="村")
    grid.update_unit(db, merged.id, renamed)

    package = send(shijiang, tmp_path / "2.xlsx", T2)
    preview = preview_sync(db, package)
    by_label = {r.label: r for r in preview.records if r.kind == "unit"}
    gone = next(r for label, r in by_label.items() if "新建村" in label)
    kept = next(r for label, r in by_label.items() if "并入村" in label)
    assert gone.status == DELETED and STATUS_LABELS[DELETED] == "对方删除"
    assert kept.status == LOCAL_ONLY and "对方已删除" in kept.reason
    result = apply_sync(db, package, preview, now=IMPORTED[1])
    assert result.deleted == 1
    names = {u.name for u in grid.list_units(db)}
    assert "新建村" not in names and "并入村(县改)" in names
    # the same package again changes nothing
    again = preview_sync(db, package)
    assert [r.status for r in again.records if r.kind == "unit" and "新建村" in r.label] == []


def test_a_deleted_unit_the_county_still_needs_stays(db, townships, tmp_path):
    shijiang, _beiba = townships
    township = next(u for u in grid.list_units(shijiang) if u.name == "示例镇")
    grid.create_unit(
        shijiang, UnitDraft(Level.VILLAGE, "511922100202", "新建村", township.id, kind="村")
    )
    receive(db, send(shijiang, tmp_path / "1.xlsx", T1), IMPORTED[0])
    unit = next(u for u in grid.list_units(shijiang) if u.name == "新建村")
    grid.delete_unit(shijiang, unit.id)
    # meanwhile the county put a grid under it
    village = next(u for u in grid.list_units(db) if u.name == "新建村")
    grid.create_unit(db, UnitDraft(Level.GRID, "511922100202-01", "县建网格", village.id))

    package = send(shijiang, tmp_path / "2.xlsx", T2)
    result = apply_sync(db, package, preview_sync(db, package), now=IMPORTED[1])
    assert result.deleted == 0
    assert any("新建村" in reason and "下级单位" in reason for reason in result.skipped)
    assert "新建村" in {u.name for u in grid.list_units(db)}
