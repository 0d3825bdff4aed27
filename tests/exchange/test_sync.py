"""County sync package: a township and the county's copy of its database trade workbooks."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from desktop import __version__
from desktop.db import HEAD_REVISION, open_database
from desktop.errors import FengwangError
from desktop.exchange import sync
from desktop.exchange.sync import (
    ADDED,
    CHANGED,
    CHECKSUM_REFUSED,
    CONFLICT,
    LOCAL_ONLY,
    UNCHANGED,
    apply_sync,
    export_sync_package,
    preview_sync,
    read_sync_package,
)
from desktop.models import Assignment, CaseStep, DisputeCase, GridUnit, Person, Role, SyncBase
from desktop.services.identity import check_char


@pytest.fixture
def township(tmp_path, demo_file):
    """示例镇's own database (a copy of the demo built once per run)."""
    path = tmp_path / "township.sqlite"
    shutil.copyfile(demo_file, path)
    database = open_database(f"sqlite:///{path}")
    yield database
    database.close()


@pytest.fixture
def county(tmp_path, township):
    """The county's copy of 示例镇: the same file, so the same uids."""
    township.close()
    source = tmp_path / "township.sqlite"
    target = tmp_path / "county.sqlite"
    shutil.copyfile(source, target)
    for suffix in ("-wal", "-shm"):
        if source.with_name(source.name + suffix).exists():
            shutil.copyfile(
                source.with_name(source.name + suffix), target.with_name(target.name + suffix)
            )
    database = open_database(f"sqlite:///{target}")
    yield database
    database.close()


def send(source, target, path):
    """Export from one side, read and preview on the other."""
    export_sync_package(source, path)
    package = read_sync_package(path)
    return package, preview_sync(target, package)


def first_person(db) -> Person:
    with db.session() as session:
        return session.scalars(select(Person).order_by(Person.id)).first()


def set_person(db, uid: str, **values) -> None:
    with db.session() as session:
        person = session.scalars(select(Person).where(Person.uid == uid)).one()
        for name, value in values.items():
            setattr(person, name, value)


def person(db, uid: str) -> Person | None:
    with db.session() as session:
        return session.scalars(select(Person).where(Person.uid == uid)).first()


def count(db, model) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def synced(township, county, tmp_path):
    """Both sides after a first exchange (township → county), so that they share a base."""
    package, preview = send(township, county, tmp_path / "first.xlsx")
    assert preview.counts()[UNCHANGED] == len(preview.records)
    apply_sync(county, package, preview)
    return township, county


def test_export_then_read_round_trips_counts_manifest_and_checksum(township, tmp_path):
    path = tmp_path / "示例镇同步包.xlsx"
    manifest = export_sync_package(township, path)
    package = read_sync_package(path)

    assert package.manifest == manifest
    assert manifest.township_code == "511922100" and manifest.township_name == "示例镇"
    assert manifest.classification == "内部资料"
    assert manifest.app_version == __version__ and manifest.schema_version == HEAD_REVISION
    assert manifest.counts["网格单位"] == count(township, GridUnit)
    assert manifest.counts["人员"] == count(township, Person)
    assert manifest.counts["任职"] == count(township, Assignment)
    assert manifest.counts["矛盾纠纷"] == count(township, DisputeCase) > 200
    assert manifest.counts["办理经过"] == count(township, CaseStep)
    workbook = load_workbook(path, read_only=True)
    assert workbook.sheetnames == [
        "网格单位",
        "人员",
        "任职",
        "矛盾纠纷",
        "当事人",
        "案件调解员",
        "办理经过",
        "调解记录",
        "调解协议",
        "回访",
        "考核细则",
        "考核月份",
        "考核得分",
        "考核经过",
        "考核结果",
        "网格预警",
        "清单",
    ]
    manifest_cells = [tuple(row) for row in workbook["清单"].iter_rows(values_only=True)]
    workbook.close()
    assert ("密级", "内部资料") in manifest_cells
    assert ("校验码", manifest.checksum) in manifest_cells
    # the package carries full IDs, and they stay text (no Excel rounding)
    someone = first_person(township)
    carried = {row["uid"]: row for row in package.rows["person"]}[someone.uid]
    assert carried["citizen_id"] == someone.citizen_id and len(carried["citizen_id"]) == 18


def test_a_tampered_package_is_refused(township, tmp_path):
    path = tmp_path / "package.xlsx"
    export_sync_package(township, path)
    workbook = load_workbook(path)
    workbook["人员"]["F2"] = "13900000000"  # someone "corrects" a phone by hand
    workbook.save(path)

    with pytest.raises(FengwangError) as refused:
        read_sync_package(path)
    assert refused.value.message == CHECKSUM_REFUSED


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("格式版本", "9", "格式版本（9）本程序不认识"),
        ("行数:人员", "1", "清单写的是 1"),
    ],
)
def test_a_package_whose_manifest_does_not_fit_is_refused(township, tmp_path, key, value, message):
    path = tmp_path / "package.xlsx"
    export_sync_package(township, path)
    workbook = load_workbook(path)
    for row in workbook["清单"].iter_rows():
        if row[0].value == key:
            row[1].value = value
    workbook.save(path)
    with pytest.raises(FengwangError, match=message):
        read_sync_package(path)


def test_a_workbook_without_manifest_is_no_package(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "roster.xlsx"
    Workbook().save(path)
    with pytest.raises(FengwangError, match="不是枫网同步包"):
        read_sync_package(path)


def test_a_phone_changed_at_the_township_reaches_the_county(synced, tmp_path):
    township, county = synced
    uid = first_person(township).uid
    set_person(township, uid, phone="13811112222")

    package, preview = send(township, county, tmp_path / "second.xlsx")
    [change] = [r for r in preview.records if r.status != UNCHANGED]
    assert (change.uid, change.status, change.fields) == (uid, CHANGED, ("联系电话",))

    result = apply_sync(county, package, preview)
    assert person(county, uid).phone == "13811112222"
    assert result.updated == 1 and result.added == 0


def test_a_change_made_only_here_is_kept(synced, tmp_path):
    township, county = synced
    uid = first_person(county).uid
    set_person(county, uid, phone="13633334444")

    package, preview = send(township, county, tmp_path / "again.xlsx")
    assert [(r.uid, r.status) for r in preview.records if r.status != UNCHANGED] == [
        (uid, LOCAL_ONLY)
    ]
    apply_sync(county, package, preview)
    assert person(county, uid).phone == "13633334444"


@pytest.mark.parametrize(("choice", "phone"), [("theirs", "13811112222"), ("ours", "13699998888")])
def test_both_sides_changed_is_a_conflict_until_resolved(synced, tmp_path, choice, phone):
    township, county = synced
    uid = first_person(township).uid
    set_person(township, uid, phone="13811112222")
    set_person(county, uid, phone="13699998888")

    package, preview = send(township, county, tmp_path / "both.xlsx")
    assert [(r.uid, r.status) for r in preview.conflicts] == [(uid, CONFLICT)]
    with pytest.raises(FengwangError, match="还有 1 条冲突未处理"):
        apply_sync(county, package, preview)
    assert person(county, uid).phone == "13699998888"  # refused: nothing written

    result = apply_sync(county, package, preview, {uid: choice})
    assert person(county, uid).phone == phone
    assert result.kept_ours == (1 if choice == "ours" else 0)
    # resolved once, never asked again: "ours" is now a change made here, "theirs" is settled
    again = preview_sync(county, read_sync_package(tmp_path / "both.xlsx"))
    assert [r.status for r in again.records if r.uid == uid] == [
        LOCAL_ONLY if choice == "ours" else UNCHANGED
    ]


def test_preview_is_a_dry_run(synced, tmp_path):
    township, county = synced
    uid = add_person_with_assignment(township, "新来人", NEW_ID)
    bases = count(county, SyncBase)
    _package, preview = send(township, county, tmp_path / "dry.xlsx")
    assert len(preview.of(ADDED)) == 2
    assert "新来人 网格长" in [r.label for r in preview.of(ADDED)][1]
    assert person(county, uid) is None and count(county, SyncBase) == bases


def test_first_exchange_with_different_content_is_a_conflict(township, county, tmp_path):
    """No common base yet: nobody can tell which side is newer."""
    uid = first_person(township).uid
    set_person(township, uid, phone="13811112222")
    _package, preview = send(township, county, tmp_path / "first.xlsx")
    assert [(r.uid, r.status) for r in preview.conflicts] == [(uid, CONFLICT)]
    assert "首次交换" in preview.conflicts[0].reason


def test_a_renamed_unit_is_the_same_unit(synced, tmp_path):
    township, county = synced
    with township.session() as session:
        village = session.scalars(select(GridUnit).where(GridUnit.name == "青石村")).one()
        village.name = "青石社区"
        uid, code = village.uid, village.code

    package, preview = send(township, county, tmp_path / "rename.xlsx")
    assert [(r.uid, r.status) for r in preview.records if r.status != UNCHANGED] == [(uid, CHANGED)]
    units_before = count(county, GridUnit)
    apply_sync(county, package, preview)
    with county.session() as session:
        renamed = session.scalars(select(GridUnit).where(GridUnit.uid == uid)).one()
        assert (renamed.name, renamed.code) == ("青石社区", code)
        assert session.scalar(select(func.count()).where(GridUnit.name == "青石村")) == 0
    assert count(county, GridUnit) == units_before


def add_person_with_assignment(db, name: str, citizen_id: str, role: str = "网格长") -> str:
    with db.session() as session:
        unit = session.scalars(select(GridUnit).where(GridUnit.name == "青石村")).one()
        role_row = session.scalars(select(Role).where(Role.name == role)).first()
        if role_row is None:
            role_row = Role(name=role, builtin=False, sort_order=99)
        added = Person(name=name, name_initials="", citizen_id=citizen_id, gender="男")
        session.add(Assignment(person=added, unit=unit, role=role_row, start_date=date(2024, 3, 1)))
        session.flush()
        return added.uid


NEW_ID = "51192219950607001" + check_char("51192219950607001")


def test_people_added_at_the_township_are_added_with_their_roles(synced, tmp_path):
    township, county = synced
    uid = add_person_with_assignment(township, "新来人", NEW_ID, role="安全员")

    package, preview = send(township, county, tmp_path / "added.xlsx")
    assert sorted(r.kind for r in preview.of(ADDED)) == ["assignment", "person"]
    result = apply_sync(county, package, preview)

    added = person(county, uid)
    assert added.name == "新来人" and added.citizen_id == NEW_ID
    assert added.name_initials == "xlr"
    assert result.added == 2 and result.roles_created == ["安全员"]
    with county.session() as session:
        held = session.scalars(select(Assignment).join(Person).where(Person.uid == uid)).one()
        assert held.role.name == "安全员" and held.unit.name == "青石村"


def test_reimporting_the_same_package_changes_nothing(synced, tmp_path):
    township, county = synced
    add_person_with_assignment(township, "新来人", NEW_ID)
    path = tmp_path / "twice.xlsx"
    package, preview = send(township, county, path)
    apply_sync(county, package, preview)
    people = count(county, Person)

    again = read_sync_package(path)
    second = preview_sync(county, again)
    assert second.counts()[UNCHANGED] == len(second.records)
    result = apply_sync(county, again, second)
    assert (result.added, result.updated) == (0, 0)
    assert count(county, Person) == people


def test_an_error_half_way_leaves_the_database_untouched(synced, tmp_path, monkeypatch):
    township, county = synced
    uid = add_person_with_assignment(township, "新来人", NEW_ID)
    changed_uid = first_person(township).uid
    set_person(township, changed_uid, phone="13811112222")
    package, preview = send(township, county, tmp_path / "broken.xlsx")

    def power_cut(*_args):
        raise ValueError("停电了")

    monkeypatch.setattr(sync, "_write_assignment", power_cut)
    with pytest.raises(FengwangError, match="数据未改动"):
        apply_sync(county, package, preview)
    assert person(county, uid) is None
    assert person(county, changed_uid).phone != "13811112222"
    # the bases were not moved either: the same package still shows the same work to do
    assert preview_sync(county, package).counts() == preview.counts()


def test_a_citizen_id_held_by_another_person_here_is_a_conflict(synced, tmp_path):
    township, county = synced
    theirs = add_person_with_assignment(township, "甲", NEW_ID)
    ours = add_person_with_assignment(county, "乙", NEW_ID)

    package, preview = send(township, county, tmp_path / "clash.xlsx")
    [conflict] = preview.conflicts
    assert conflict.uid == theirs and "身份证号码" in conflict.reason
    assert NEW_ID not in conflict.reason and NEW_ID[-4:] in conflict.reason  # masked on screen
    with pytest.raises(FengwangError, match="不能采用对方"):
        apply_sync(county, package, preview, {theirs: "theirs"})

    result = apply_sync(county, package, preview, {theirs: "ours"})
    assert person(county, theirs) is None and person(county, ours).name == "乙"
    assert len(result.skipped) == 1  # 甲's assignment has nobody to belong to


def test_formula_like_text_stays_text(synced, tmp_path):
    township, county = synced
    uid = first_person(township).uid
    set_person(township, uid, notes='=HYPERLINK("http://x")', phone="+8613811112222")

    path = tmp_path / "formula.xlsx"
    package, preview = send(township, county, path)
    workbook = load_workbook(path)
    cells = [
        c
        for row in workbook["人员"].iter_rows()
        for c in row
        if c.value == '=HYPERLINK("http://x")'
    ]
    assert len(cells) == 1 and cells[0].data_type == "s"
    apply_sync(county, package, preview)
    assert person(county, uid).notes == '=HYPERLINK("http://x")'
    assert person(county, uid).phone == "+8613811112222"


def test_exporting_records_the_bases(township, tmp_path):
    assert count(township, SyncBase) == 0
    manifest = export_sync_package(township, tmp_path / "out.xlsx")
    # a month's entries, history and results are decided by the month: they keep no base
    month_parts = ("考核得分", "考核经过", "考核结果")
    assert manifest.counts["考核得分"] > 0
    assert count(township, SyncBase) == sum(
        rows for title, rows in manifest.counts.items() if title not in month_parts
    )


def test_the_county_change_goes_back_to_the_township(synced, tmp_path):
    township, county = synced
    uid = first_person(county).uid
    set_person(county, uid, phone="13655556666")
    package, preview = send(county, township, tmp_path / "back.xlsx")
    assert [(r.uid, r.status) for r in preview.records if r.status != UNCHANGED] == [(uid, CHANGED)]
    apply_sync(township, package, preview)
    assert person(township, uid).phone == "13655556666"


def test_a_unit_code_taken_by_another_unit_here_is_a_conflict(synced, tmp_path):
    township, county = synced
    with township.session() as session:
        parent = session.scalars(select(GridUnit).where(GridUnit.name == "青石村")).one()
        session.add(GridUnit(parent=parent, level="grid", code="G-NEW", name="新网格(镇)"))
    with county.session() as session:
        parent = session.scalars(select(GridUnit).where(GridUnit.name == "青石村")).one()
        session.add(GridUnit(parent=parent, level="grid", code="G-NEW", name="新网格(县)"))

    package, preview = send(township, county, tmp_path / "codes.xlsx")
    [conflict] = preview.conflicts
    assert conflict.label == "新网格(镇)（G-NEW）" and "编码 G-NEW" in conflict.reason
    apply_sync(county, package, preview, {conflict.uid: "ours"})
    with county.session() as session:
        names = session.scalars(select(GridUnit.name).where(GridUnit.code == "G-NEW")).all()
    assert names == ["新网格(县)"]


def test_a_county_database_exports_the_township_asked_for(county, tmp_path):
    with county.session() as session:
        top = session.scalars(select(GridUnit).where(GridUnit.level == "county")).one()
        session.add(GridUnit(parent=top, level="township", code="511922101", name="另一镇"))
    with pytest.raises(FengwangError, match="多个乡镇"):
        export_sync_package(county, tmp_path / "which.xlsx")
    manifest = export_sync_package(county, tmp_path / "which.xlsx", township_code="511922101")
    assert manifest.township_name == "另一镇"
    exported = {title: rows for title, rows in manifest.counts.items() if rows}
    # the county and the township; schemes belong to no township, so every one travels
    assert exported == {"网格单位": 2, "考核细则": 2}


def test_a_file_that_is_no_workbook_is_refused_in_chinese(tmp_path):
    path = tmp_path / "package.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(FengwangError, match="不是有效的 Excel 工作簿"):
        read_sync_package(path)
    with pytest.raises(FengwangError, match="找不到同步包"):
        read_sync_package(tmp_path / "missing.xlsx")


def test_crossing_packages_never_undo_an_edit_sent_but_not_yet_received(synced, tmp_path):
    """USB sticks cross: the township sends an edit, the county sends before receiving it."""
    township, county = synced
    uid = first_person(township).uid
    old_phone = person(township, uid).phone
    set_person(township, uid, phone="13912345678")
    export_sync_package(township, tmp_path / "p2.xlsx")  # on its way, not yet imported
    package, preview = send(county, township, tmp_path / "p3.xlsx")  # still the old phone
    assert person(county, uid).phone == old_phone
    assert [r.status for r in preview.records if r.uid == uid] == [LOCAL_ONLY]
    apply_sync(township, package, preview)
    assert person(township, uid).phone == "13912345678"  # the edit survives

    late = read_sync_package(tmp_path / "p2.xlsx")  # p2 arrives at the county after all
    apply_sync(county, late, preview_sync(county, late))
    assert person(county, uid).phone == "13912345678"


def test_a_package_to_a_missing_folder_is_a_sentence_and_writes_nothing(township, tmp_path, capfd):
    import gc

    with pytest.raises(FengwangError, match="文件夹不存在"):
        export_sync_package(township, tmp_path / "no such folder" / "p.xlsx")
    gc.collect()
    assert capfd.readouterr().err == ""
    assert count(township, SyncBase) == 0
