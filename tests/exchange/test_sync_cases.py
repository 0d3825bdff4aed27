"""Dispute cases in the county sync package: the case, its parties, mediators and timeline."""

from __future__ import annotations

import shutil
from dataclasses import asdict
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from desktop.db import open_database
from desktop.errors import FengwangError
from desktop.exchange import sync
from desktop.exchange.sync import (
    ADDED,
    CHANGED,
    UNCHANGED,
    apply_sync,
    export_sync_package,
    preview_sync,
    read_sync_package,
)
from desktop.models import CaseParty, CaseStep, DisputeCase, SyncBase
from desktop.services import case_settings, cases
from desktop.services.cases import AgreementDraft
from desktop.services.demo import build_demo
from desktop.vocabulary import CaseStatus
from tests.engines import sqlite_file
from tests.services import case_fixtures
from tests.services.case_fixtures import CLERK, NOW, TODAY, case_in, register

town_file, town = case_fixtures.town_file, case_fixtures.town
CODE = "511922100"  # 示例镇; the town also holds 北坝镇
LATER = NOW + timedelta(days=3)
LOCAL_IDS = {"id", "category_id", "unit_id", "reporter_id", "person_id", "row_version"}


def copy_of_town(town_file, path):
    shutil.copyfile(sqlite_file(town_file[0]), path)
    return open_database(f"sqlite:///{path}")


@pytest.fixture
def township(town_file, tmp_path):
    database = copy_of_town(town_file, tmp_path / "township.sqlite")
    yield database
    database.close()


@pytest.fixture
def county(town_file, tmp_path):
    """The county's copy of the town, made before any case: the same units and people."""
    database = copy_of_town(town_file, tmp_path / "county.sqlite")
    yield database
    database.close()


def send(source, target, path, code=CODE, at=NOW):
    """Export at `at` (packages from a peer are ordered by it), read and preview."""
    export_sync_package(source, path, township_code=code, clock=lambda: at)
    package = read_sync_package(path)
    return package, preview_sync(target, package)


def story(case: cases.CaseInfo) -> dict:
    """Everything a clerk sees of a case, without this database's row ids."""

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in LOCAL_IDS}
        if isinstance(value, list | tuple):
            return [strip(v) for v in value]
        return value

    return strip(asdict(case))


def stories(db) -> list[dict]:
    return [story(c) for c in cases.list_cases(db, today=TODAY)]


def count(db, model) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def not_unchanged(preview) -> list[tuple[str, str]]:
    return [(r.kind, r.status) for r in preview.records if r.status != UNCHANGED]


@pytest.fixture
def synced(township, county, town, tmp_path):
    """示例镇 has a concluded case and one being mediated; the county has received both."""
    followed = case_in(township, town, CaseStatus.FOLLOWED_UP)
    mediating = case_in(township, town, CaseStatus.MEDIATING, summary="两家因宅基地界址争执")
    package, preview = send(township, county, tmp_path / "first.xlsx")
    apply_sync(county, package, preview)
    return township, county, followed, mediating


def test_cases_travel_to_an_empty_database_with_their_whole_timeline(tmp_path):
    source = open_database(f"sqlite:///{tmp_path / 'source.sqlite'}")
    build_demo(source, seed=3, today=date(2026, 11, 20))
    target = open_database(f"sqlite:///{tmp_path / 'target.sqlite'}")
    package, preview = send(source, target, tmp_path / "demo.xlsx", code=None)
    assert {r.status for r in preview.records} == {ADDED}
    result = apply_sync(target, package, preview)

    assert result.skipped == []
    assert stories(target) == stories(source)  # parties with full IDs, steps, mediators …
    assert count(target, CaseStep) == count(source, CaseStep) > 1000
    source.close()
    target.close()


def test_a_category_unknown_here_is_created(township, town, tmp_path):
    category = case_settings.add_category(township, "养殖纠纷")
    case = register(township, town, category_id=category.id)
    empty = open_database(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    package, preview = send(township, empty, tmp_path / "new.xlsx")
    result = apply_sync(empty, package, preview)

    assert result.categories_created == ["养殖纠纷"]
    assert cases.find_case(empty, case.number, today=TODAY).category == "养殖纠纷"
    empty.close()


def test_reimporting_the_same_package_changes_nothing(synced, tmp_path):
    _, county, *_ = synced
    path = tmp_path / "first.xlsx"
    steps = count(county, CaseStep)
    with county.session() as session:  # history is never rewritten by a package
        first_step = session.scalars(select(CaseStep).order_by(CaseStep.id)).first()
        first_step.note = "县里补充的说明"

    again = read_sync_package(path)
    preview = preview_sync(county, again)
    assert not_unchanged(preview) == []
    result = apply_sync(county, again, preview)
    assert (result.added, result.updated) == (0, 0)
    assert count(county, CaseStep) == steps
    with county.session() as session:
        assert session.get(CaseStep, first_step.id).note == "县里补充的说明"


def test_a_step_taken_at_the_township_reaches_the_county(synced, tmp_path):
    township, county, _, mediating = synced
    agreement = AgreementDraft(signed_on=LATER.date(), terms="按原界址砌墙")
    cases.settle(township, mediating.id, agreement, actor=CLERK, now=LATER)

    package, preview = send(township, county, tmp_path / "second.xlsx")
    assert not_unchanged(preview) == [
        ("case", CHANGED),
        ("step", ADDED),
        ("agreement", ADDED),
    ]
    [case_change] = [r for r in preview.records if r.kind == "case" and r.status == CHANGED]
    assert case_change.label == mediating.number and "状态" in case_change.fields
    apply_sync(county, package, preview)

    there = cases.find_case(county, mediating.number, today=TODAY)
    assert there.status is CaseStatus.SETTLED and there.agreement.terms == "按原界址砌墙"
    assert story(there) == story(cases.find_case(township, mediating.number, today=TODAY))


def test_a_case_changed_on_both_sides_is_a_conflict(synced, tmp_path):
    township, county, _, mediating = synced
    due = mediating.due_on
    cases.extend(
        township, mediating.id, due + timedelta(days=10), actor=CLERK, reason="双方同意", now=LATER
    )
    on_county = cases.find_case(county, mediating.number, today=TODAY)
    cases.extend(
        county, on_county.id, due + timedelta(days=20), actor="县中心", reason="县里延期", now=LATER
    )
    for database, phone in ((township, "13911112222"), (county, "13933334444")):
        with database.session() as session:
            party = session.scalars(
                select(CaseParty).join(DisputeCase).where(DisputeCase.number == mediating.number)
            ).first()
            party.phone = phone

    package, preview = send(township, county, tmp_path / "both.xlsx")
    conflicts = {r.kind: r for r in preview.conflicts}
    assert set(conflicts) == {"case", "party"}
    assert conflicts["case"].fields == ("办结期限",)
    assert "两边都修改" in conflicts["case"].reason
    assert conflicts["party"].differences == (("联系电话", "139****4444", "139****2222"),)
    with pytest.raises(FengwangError, match="还有 2 条冲突未处理"):
        apply_sync(county, package, preview)

    apply_sync(county, package, preview, {r.uid: "theirs" for r in preview.conflicts})
    there = cases.find_case(county, mediating.number, today=TODAY)
    assert there.due_on == due + timedelta(days=10)
    assert there.parties[0].phone == "13911112222"
    # history from both sides is kept: the county's own extension and the township's
    extensions = [s.note for s in there.steps if s.action.value == "extend"]
    assert len(extensions) == 2 and any("县里延期" in n for n in extensions)


def test_preview_is_a_dry_run(synced, town, tmp_path):
    township, county, *_ = synced
    new = register(township, town, summary="两户因排水沟堵塞争执", received_on=TODAY)
    bases = count(county, SyncBase)

    _package, preview = send(township, county, tmp_path / "dry.xlsx")
    assert sorted(not_unchanged(preview)) == [
        ("case", ADDED),
        ("party", ADDED),
        ("party", ADDED),
        ("step", ADDED),
    ]
    assert [r.label for r in preview.of(ADDED) if r.kind == "step"] == [
        f"{new.number} 登记（{NOW:%Y-%m-%d %H:%M:%S}）"
    ]
    with pytest.raises(FengwangError, match="没有编号"):
        cases.find_case(county, new.number)
    assert count(county, SyncBase) == bases


def damage(path, sheet: str, column: str, value: str) -> None:
    """Change a cell of the first data row and make the checksum fit again, as a faulty program
    writing the package would: only the value check can catch it."""
    workbook = load_workbook(path)
    header = [cell.value for cell in workbook[sheet][1]]
    workbook[sheet].cell(row=2, column=header.index(column) + 1).value = value
    workbook.save(path)
    rows = {}
    reread = load_workbook(path, read_only=True)
    for spec in sync.SHEETS:
        values = list(reread[spec.title].iter_rows(values_only=True))[1:]
        rows[spec.kind] = [
            {name: sync._text(v) for name, v in zip(spec.fields, row, strict=False)}
            for row in values
        ]
    reread.close()
    workbook = load_workbook(path)
    for row in workbook["清单"].iter_rows():
        if row[0].value == "校验码":
            row[1].value = sync.checksum(rows)
    workbook.save(path)


@pytest.mark.parametrize(
    ("sheet", "column", "value", "message"),
    [
        ("矛盾纠纷", "受理日期", "2026-02-30", "第 2 行的“受理日期”（2026-02-30）应为日期"),
        ("矛盾纠纷", "状态", "done", "“状态”（done）不是本程序认识的取值"),
        ("办理经过", "时间", "", "第 2 行缺少“时间”"),
        # longer than the column: PostgreSQL would refuse it half-way, in English
        ("办理经过", "经办人", "县" * 41, "第 2 行的“经办人”超过 40 个字（有 41 个字）"),
        ("矛盾纠纷", "纠纷类别", "类" * 31, "“纠纷类别”超过 30 个字"),
        ("矛盾纠纷", "移送单位", "所" * 41, "“移送单位”超过 40 个字"),
        ("当事人", "身份证号码", "5" * 19, "“身份证号码”超过 18 个字（有 19 个字）"),
        ("矛盾纠纷", "涉及人数", "3000000000", "“涉及人数”（3000000000）超出本程序能保存的范围"),
    ],
)
def test_a_damaged_case_sheet_is_refused_in_chinese(
    synced, tmp_path, sheet, column, value, message
):
    township, *_ = synced
    path = tmp_path / "damaged.xlsx"
    export_sync_package(township, path, township_code=CODE)
    damage(path, sheet, column, value)
    with pytest.raises(FengwangError, match=message) as refused:
        read_sync_package(path)
    assert f"同步包“{sheet}”" in refused.value.message and "已拒绝导入" in refused.value.message


def test_an_error_half_way_through_the_cases_writes_nothing(
    township, county, town, tmp_path, monkeypatch
):
    case = case_in(township, town, CaseStatus.CLOSED)
    package, preview = send(township, county, tmp_path / "cut.xlsx")
    original, written = sync._write_part, []

    def power_cut(writer, kind, row, added):
        if kind == "agreement":
            raise ValueError("停电了")
        written.append(kind)
        return original(writer, kind, row, added)

    monkeypatch.setattr(sync, "_write_part", power_cut)
    with pytest.raises(FengwangError, match="数据未改动"):
        apply_sync(county, package, preview)
    assert {"party", "step"} <= set(written)  # the case, its parties and steps were on their way
    assert count(county, DisputeCase) == 0 and count(county, CaseStep) == 0
    assert preview_sync(county, package).counts() == preview.counts()
    monkeypatch.undo()
    apply_sync(county, package, preview)
    assert cases.find_case(county, case.number, today=TODAY).status is CaseStatus.CLOSED


def test_an_older_package_without_case_sheets_still_imports(synced, tmp_path):
    township, county, *_ = synced
    path = tmp_path / "old.xlsx"
    export_sync_package(township, path, township_code=CODE)
    package = read_sync_package(path)
    old_kinds = ("unit", "person", "assignment")
    workbook = load_workbook(path)
    for spec in sync.SHEETS:
        if spec.kind not in old_kinds:
            del workbook[spec.title]
    manifest = workbook["清单"]
    for row in list(manifest.iter_rows()):
        key = row[0].value
        if key == "格式版本":
            row[1].value = "1"
        elif key == "校验码":
            row[1].value = sync.checksum({k: package.rows[k] for k in old_kinds})
        elif key.startswith("行数:") and key[3:] not in ("网格单位", "人员", "任职"):
            manifest.delete_rows(row[0].row)
    workbook.save(path)

    old = read_sync_package(path)
    assert old.manifest.format_version == "1"
    assert list(old.manifest.counts) == ["网格单位", "人员", "任职"]
    preview = preview_sync(county, old)
    assert not_unchanged(preview) == [] and {r.kind for r in preview.records} == set(old_kinds)
    steps = count(county, CaseStep)
    apply_sync(county, old, preview)
    assert count(county, CaseStep) == steps


def test_a_case_number_taken_by_another_case_here_is_a_conflict(township, county, town, tmp_path):
    """Both sides registered a case that got the same number: only "ours" can be kept."""
    theirs = register(township, town)
    ours = register(county, town, summary="县里代登记的另一件")
    assert theirs.number == ours.number

    package, preview = send(township, county, tmp_path / "same.xlsx")
    case_conflicts = [r for r in preview.conflicts if r.kind == "case"]
    assert [(r.uid, r.theirs_allowed) for r in case_conflicts] == [(theirs.uid, False)]
    assert f"案件编号 {theirs.number}" in case_conflicts[0].reason
    result = apply_sync(county, package, preview, {theirs.uid: "ours"})
    assert cases.find_case(county, ours.number, today=TODAY).summary == "县里代登记的另一件"
    assert len(result.skipped) == 3  # its two parties and its step have no case to go to


# ------------------------------------------------------------------ packages out of order


def test_an_older_package_is_refused_in_preview_and_apply_and_writes_nothing(
    synced, tmp_path, capsys
):
    """The township settles a case and sends b; a, exported before, arrives at the county late."""
    from desktop.cli import main

    township, county, _, mediating = synced
    older, newer = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    export_sync_package(township, older, township_code=CODE, clock=lambda: LATER)
    agreement = AgreementDraft(signed_on=LATER.date(), terms="按原界址砌墙")
    cases.settle(township, mediating.id, agreement, actor=CLERK, now=LATER)
    package, preview = send(township, county, newer, at=LATER + timedelta(hours=1))
    apply_sync(county, package, preview)
    settled = stories(county)

    late = read_sync_package(older)
    message = (
        "示例镇（511922100）的这个同步包导出于 2026-03-05 09:00:00，是较早的同步包：本机已导入过"
        "该乡镇 2026-03-05 10:00:00 导出的同步包，导入它会把记录退回到较早的状态，已拒绝导入。"
        "请使用该乡镇最新的同步包"
    )
    with pytest.raises(FengwangError) as refused:
        preview_sync(county, late)
    assert refused.value.message == message
    with pytest.raises(FengwangError, match="较早的同步包"):
        apply_sync(county, late, preview)  # even with a preview made before
    code = main(
        ["--db", str(tmp_path / "county.sqlite"), "import", "sync", str(older), "--dry-run"]
    )
    assert (code, capsys.readouterr().err) == (2, f"fengwang-cli: {message}\n")
    there = cases.find_case(county, mediating.number, today=TODAY)
    assert there.status is CaseStatus.SETTLED and there.agreement.terms == "按原界址砌墙"
    assert stories(county) == settled

    again = read_sync_package(newer)  # the same package again: no older, and harmless
    second = preview_sync(county, again)
    assert not_unchanged(second) == []
    result = apply_sync(county, again, second)
    assert (result.added, result.updated) == (0, 0) and stories(county) == settled

    cases.close(township, mediating.id, actor=CLERK, now=LATER + timedelta(hours=2))
    package, preview = send(township, county, tmp_path / "c.xlsx", at=LATER + timedelta(hours=2))
    assert not_unchanged(preview) == [("case", CHANGED), ("step", ADDED)]
    apply_sync(county, package, preview)
    there = cases.find_case(county, mediating.number, today=TODAY)
    assert there.status is CaseStatus.CLOSED


def test_a_package_without_a_valid_export_time_is_refused(synced, tmp_path):
    township, *_ = synced
    path = tmp_path / "undated.xlsx"
    export_sync_package(township, path, township_code=CODE)
    workbook = load_workbook(path)
    for row in workbook["清单"].iter_rows():
        if row[0].value == "导出时间":
            row[1].value = "上周三"
    workbook.save(path)
    with pytest.raises(FengwangError, match="清单的导出时间（上周三）不是有效的时间，已拒绝导入"):
        read_sync_package(path)


# ------------------------------------------------------------------ a case kept as it is here


def timeline(db, number: str) -> list[tuple[str, str]]:
    case = cases.find_case(db, number, today=TODAY)
    return [(step.action.label, step.status_to.label) for step in case.steps]


def test_keeping_our_case_keeps_its_timeline_until_theirs_is_taken(synced, tmp_path):
    """The county extends a case while the township records 调解不成; the clerk keeps ours."""
    township, county, _, mediating = synced
    on_county = cases.find_case(county, mediating.number, today=TODAY)
    cases.extend(
        county,
        on_county.id,
        mediating.due_on + timedelta(days=10),
        actor="县中心",
        reason="双方同意",
        now=LATER,
    )
    cases.fail(township, mediating.id, actor=CLERK, note="双方分歧大", now=LATER)
    before = story(cases.find_case(county, mediating.number, today=TODAY))

    package, preview = send(township, county, tmp_path / "failed.xlsx")
    assert not_unchanged(preview) == [("case", "conflict"), ("step", ADDED)]
    [step] = preview.of(ADDED)
    assert "案件采用对方时才导入" in step.reason
    [conflict] = preview.conflicts
    result = apply_sync(county, package, preview, {conflict.uid: "ours"})

    assert (result.added, result.kept_ours) == (0, 2)
    assert story(cases.find_case(county, mediating.number, today=TODAY)) == before
    assert timeline(county, mediating.number)[-1] == ("延期", "调解中")

    # the township closes the case; this time the county takes theirs, and the history comes
    cases.close(
        township, mediating.id, actor=CLERK, note="告知可向法院起诉", now=LATER + timedelta(hours=1)
    )
    package, preview = send(township, county, tmp_path / "closed.xlsx")
    assert not_unchanged(preview) == [("case", "conflict"), ("step", ADDED), ("step", ADDED)]
    apply_sync(county, package, preview, {r.uid: "theirs" for r in preview.conflicts})
    there = cases.find_case(county, mediating.number, today=TODAY)
    assert there.status is CaseStatus.CLOSED and there.agreement is None
    assert timeline(county, mediating.number)[-3:] == [
        ("延期", "调解中"),
        ("调解不成", "调解不成"),
        ("结案", "结案"),
    ]


def test_a_case_changed_only_here_holds_the_other_sides_parts_back(synced, tmp_path):
    """The county extends a case; the township records a session and corrects a party's phone.
    Those wait for the case, and arrive once both sides hold the same case."""
    township, county, _, mediating = synced
    on_county = cases.find_case(county, mediating.number, today=TODAY)
    cases.extend(
        county,
        on_county.id,
        mediating.due_on + timedelta(days=10),
        actor="县中心",
        reason="双方同意",
        now=LATER,
    )
    session = cases.SessionDraft(held_on=LATER.date(), place="村委会", record="双方各退一步")
    cases.record_session(
        township, mediating.id, session, actor=CLERK, now=LATER + timedelta(hours=1)
    )
    with township.session() as db_session:
        party = db_session.scalars(
            select(CaseParty).where(CaseParty.case_id == mediating.id, CaseParty.position == 0)
        ).one()
        party.phone = "13911112222"
    before = story(cases.find_case(county, mediating.number, today=TODAY))

    package, preview = send(township, county, tmp_path / "session.xlsx")
    assert sorted(not_unchanged(preview)) == [
        ("case", "local_only"),
        ("party", "local_only"),
        ("session", "local_only"),
        ("step", "local_only"),
    ]
    assert {r.reason for r in preview.records if r.kind != "case" and r.status != UNCHANGED} == {
        sync.HELD_REASON
    }
    apply_sync(county, package, preview)
    assert story(cases.find_case(county, mediating.number, today=TODAY)) == before

    back, preview = send(county, township, tmp_path / "back.xlsx")  # the township takes ours
    assert ("case", CHANGED) in not_unchanged(preview)
    apply_sync(township, back, preview)
    package, preview = send(township, county, tmp_path / "again.xlsx")
    assert sorted(not_unchanged(preview)) == [
        ("party", CHANGED),
        ("session", ADDED),
        ("step", ADDED),
    ]
    apply_sync(county, package, preview)
    there = cases.find_case(county, mediating.number, today=TODAY)
    assert there.parties[0].phone == "13911112222"
    assert [s.place for s in there.sessions] == ["村委会"]
    assert story(there) == story(cases.find_case(township, mediating.number, today=TODAY))
