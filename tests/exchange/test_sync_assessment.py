"""Assessment in the county sync package: scheme versions, months, entries, history, results."""

from __future__ import annotations

import shutil
from dataclasses import asdict, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from desktop.cli import main
from desktop.db import open_database
from desktop.errors import FengwangError, RefusedError
from desktop.exchange import sync
from desktop.exchange.sync import (
    ADDED,
    CHANGED,
    CONFLICT,
    OURS,
    THEIRS,
    UNCHANGED,
    apply_sync,
    export_sync_package,
    preview_sync,
    read_sync_package,
)
from desktop.models import (
    AssessmentEvent,
    AssessmentMonth,
    AssessmentScheme,
    GridUnit,
    Person,
    SchemeItem,
    ScoreEntry,
    ScoreResult,
    SyncBase,
)
from desktop.services import assessment_months, assessment_queries, assessment_schemes
from desktop.services.demo import build_demo
from tests.exchange.test_sync_cases import damage

TODAY = date(2026, 11, 15)
FIRST = datetime(2026, 11, 16, 9, 0)  # the first exchange; later packages are exported after it
LATER = FIRST + timedelta(days=1)
CLERK, REVIEWER = "村综治专干", "县综治中心审核员"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """示例镇 with its two schemes and 18 months of scores, built once for the module."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database = open_database(f"sqlite:///{path}")
    build_demo(database, seed=1, today=TODAY)
    database.close()
    return path


def copy_of_demo(demo_file, path):
    shutil.copyfile(demo_file, path)
    return open_database(f"sqlite:///{path}")


@pytest.fixture
def township(demo_file, tmp_path):
    database = copy_of_demo(demo_file, tmp_path / "township.sqlite")
    yield database
    database.close()


@pytest.fixture
def empty_county(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'county.sqlite'}")
    yield database
    database.close()


@pytest.fixture
def synced(demo_file, township, tmp_path):
    """The county's copy of the township after a first exchange: both sides share the bases."""
    county = copy_of_demo(demo_file, tmp_path / "county.sqlite")
    package, preview = send(township, county, tmp_path / "first.xlsx", at=FIRST)
    assert preview.counts()[UNCHANGED] == len(preview.records)
    apply_sync(county, package, preview)
    yield township, county
    county.close()


def send(source, target, path, at=LATER):
    export_sync_package(source, path, clock=lambda: at)
    package = read_sync_package(path)
    return package, preview_sync(target, package)


def count(db, model) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def assessment(db) -> dict[str, dict]:
    """Every scheme version, month, entry, event and result, by uid, with this database's ids
    replaced by uids: what must be the same on both sides after an exchange."""
    with db.session() as session:
        units = dict(session.execute(select(GridUnit.id, GridUnit.uid)).all())
        people = dict(session.execute(select(Person.id, Person.uid)).all())
        schemes = session.scalars(select(AssessmentScheme)).all()
        scheme_uid = {scheme.id: scheme.uid for scheme in schemes}
        months = session.scalars(select(AssessmentMonth)).all()
        month_uid = {month.id: month.uid for month in months}
        return {
            "schemes": {
                s.uid: (
                    s.family_uid,
                    s.version,
                    s.name,
                    s.start_month,
                    s.top_quota_percent,
                    s.bonus_cap_tenths,
                    s.frozen,
                    sorted(link.role.name for link in s.roles),
                    [
                        (
                            section.position,
                            section.name,
                            [
                                (
                                    i.position,
                                    i.key,
                                    i.name,
                                    i.kind,
                                    i.max_tenths,
                                    i.per_count_tenths,
                                    i.bands,
                                    i.metric,
                                    i.rule_text,
                                )
                                for i in section.items
                            ],
                        )
                        for section in s.sections
                    ],
                    [(b.position, b.grade, b.lower_tenths, b.upper_tenths) for b in s.bands],
                )
                for s in schemes
            },
            "months": {
                m.uid: (
                    units[m.township_id],
                    m.month,
                    m.family_uid,
                    scheme_uid[m.scheme_id],
                    m.status,
                    m.reopen_count,
                )
                for m in months
            },
            "entries": {
                e.uid: (
                    month_uid[e.month_id],
                    people[e.person_id],
                    e.item_key,
                    e.points_tenths,
                    e.count,
                    e.note,
                    e.entered_by,
                )
                for e in session.scalars(select(ScoreEntry))
            },
            "events": {
                e.uid: (
                    month_uid[e.month_id],
                    e.at,
                    e.actor,
                    e.action,
                    e.status_from,
                    e.status_to,
                    e.note,
                )
                for e in session.scalars(select(AssessmentEvent))
            },
            "results": {
                r.uid: (
                    month_uid[r.month_id],
                    people[r.person_id],
                    r.name,
                    r.village,
                    r.total_tenths,
                    r.grade,
                    r.rank,
                    r.village_rank,
                    r.veto,
                    r.held_back_by_quota,
                    r.points,
                    r.figures,
                )
                for r in session.scalars(select(ScoreResult))
            },
        }


def month_where(db, **values) -> AssessmentMonth:
    with db.session() as session:
        query = select(AssessmentMonth).filter_by(**values).order_by(AssessmentMonth.month.desc())
        return session.scalars(query).first()


def same_month(db, uid: str) -> AssessmentMonth:
    return month_where(db, uid=uid)


def scores(db, month_uid: str) -> list[tuple]:
    """The month's sheet as a clerk reads it: each worker's name, total, grade and rank."""
    sheet = assessment_months.get_sheet(db, same_month(db, month_uid).id)
    return [(s.name, s.total, s.grade, s.rank) for s in sheet.scores]


def manual_entry(db, month: AssessmentMonth) -> tuple[ScoreEntry, int]:
    """A manual-points entry of the month, and its item's most points (tenths)."""
    with db.session() as session:
        entry = session.scalars(
            select(ScoreEntry)
            .where(ScoreEntry.month_id == month.id, ScoreEntry.points_tenths.is_not(None))
            .order_by(ScoreEntry.id)
        ).first()
        most = session.scalar(
            select(SchemeItem.max_tenths).where(
                SchemeItem.scheme_id == month.scheme_id, SchemeItem.key == entry.item_key
            )
        )
        return entry, most


def change_entry(db, month: AssessmentMonth) -> tuple[str, int]:
    """Enter other points in a manual cell of the month; the entry's uid and its new tenths."""
    entry, most = manual_entry(db, month)
    tenths = 0 if entry.points_tenths else most
    assessment_months.set_entry(
        db,
        month.id,
        entry.person_id,
        entry.item_key,
        str(Decimal(tenths).scaleb(-1)),
        actor=CLERK,
    )
    return entry.uid, tenths


def entry_tenths(db, uid: str) -> int | None:
    with db.session() as session:
        return session.scalar(select(ScoreEntry.points_tenths).where(ScoreEntry.uid == uid))


def test_the_demo_round_trips_into_an_empty_database(township, empty_county, tmp_path):
    package, preview = send(township, empty_county, tmp_path / "demo.xlsx")
    counts = package.manifest.counts
    assert counts["考核细则"] == 2 and counts["考核月份"] == count(township, AssessmentMonth) > 18
    assert counts["考核得分"] == count(township, ScoreEntry) > 10000
    assert counts["考核结果"] == count(township, ScoreResult) > 1000
    assert counts["考核经过"] == count(township, AssessmentEvent) > 18
    assert preview.counts()[ADDED] == len(preview.records)

    result = apply_sync(empty_county, package, preview)
    assert result.skipped == [] and result.added == len(preview.records)
    county = empty_county
    assert assessment(county) == assessment(township)
    # what a clerk sees: an approved month's sheet, a reopened one, a worker's history
    approved = month_where(township, status="approved")
    reopened = month_where(township, status="draft", reopen_count=1)
    for month in (approved, reopened):
        assert scores(county, month.uid) == scores(township, month.uid)
    assert assessment_months.get_sheet(county, same_month(county, reopened.uid).id).month.reopened
    worker = assessment_queries.assessed_workers(township)[0]
    here = next(w for w in assessment_queries.assessed_workers(county) if w.name == worker.name)

    def history(db, person_id):
        return [
            {k: v for k, v in asdict(point).items() if k != "month_id"}
            for point in assessment_queries.worker_history(db, person_id)
        ]

    assert len(history(township, worker.person_id)) >= 10
    assert history(county, here.person_id) == history(township, worker.person_id)

    again = preview_sync(county, read_sync_package(tmp_path / "demo.xlsx"))
    assert again.counts()[UNCHANGED] == len(again.records)
    before = assessment(county)
    result = apply_sync(county, package, again)
    assert (result.added, result.updated) == (0, 0)
    assert assessment(county) == before


def test_an_entry_changed_at_the_township_arrives_at_the_county(synced, tmp_path):
    township, county = synced
    month = month_where(township, status="draft", reopen_count=1)
    uid, tenths = change_entry(township, month)
    package, preview = send(township, county, tmp_path / "entry.xlsx")
    changed = {(r.kind, r.uid): r.status for r in preview.records if r.status != UNCHANGED}
    assert changed == {("month", month.uid): CHANGED, ("score_entry", uid): CHANGED}

    apply_sync(county, package, preview)
    assert entry_tenths(county, uid) == tenths
    assert scores(county, month.uid) == scores(township, month.uid)
    assert assessment(county) == assessment(township)


def test_an_emptied_cell_is_emptied_at_the_county_too(synced, tmp_path):
    township, county = synced
    month = month_where(township, status="draft", reopen_count=1)
    entry, _ = manual_entry(township, month)
    assessment_months.set_entry(
        township, month.id, entry.person_id, entry.item_key, "", actor=CLERK
    )
    package, preview = send(township, county, tmp_path / "emptied.xlsx")
    apply_sync(county, package, preview)
    assert entry_tenths(county, entry.uid) is None
    assert scores(county, month.uid) == scores(township, month.uid)


@pytest.fixture
def approved_and_edited(synced):
    """The reopened month approved again at the county and edited meanwhile at the township."""
    township, county = synced
    month = month_where(township, status="draft", reopen_count=1)
    there = same_month(county, month.uid)
    assessment_months.submit(county, there.id, actor=CLERK, now=LATER)
    assessment_months.approve(county, there.id, actor=REVIEWER, now=LATER + timedelta(hours=1))
    uid, tenths = change_entry(township, month)
    return township, county, month, uid, tenths


def test_a_month_approved_on_one_side_and_edited_on_the_other_is_a_conflict(
    approved_and_edited, tmp_path
):
    township, county, month, uid, _ = approved_and_edited
    package, preview = send(township, county, tmp_path / "both.xlsx", at=LATER + timedelta(days=1))
    [conflict] = preview.conflicts
    assert (conflict.kind, conflict.uid, conflict.theirs_allowed) == ("month", month.uid, True)
    assert conflict.reason == "上次交换后两边都修改了这条记录"
    assert ("状态", "approved", "draft") in conflict.differences
    assert ("各项得分", "本机的得分", "对方的得分") in conflict.differences
    entry = next(r for r in preview.records if r.uid == uid)
    assert entry.status == CHANGED and entry.reason == sync.HELD_MONTH_IF_OURS

    with pytest.raises(RefusedError, match="冲突未处理"):
        apply_sync(county, package, preview)
    approved = scores(county, month.uid)
    results = count(county, ScoreResult)
    apply_sync(county, package, preview, {month.uid: OURS})
    # the county's approval stands, and nothing of the township's month came in
    assert same_month(county, month.uid).status == "approved"
    assert entry_tenths(county, uid) != entry_tenths(township, uid)
    assert scores(county, month.uid) == approved and count(county, ScoreResult) == results


def result_uids(db, month_uid: str) -> set[str]:
    return {uid for uid, result in assessment(db)["results"].items() if result[0] == month_uid}


def test_taking_their_draft_month_takes_its_results_too(approved_and_edited, tmp_path):
    """The county's approval made new results; the township's reopened month kept the first
    ones. Taking the township's month leaves exactly its results, never two per worker."""
    township, county, month, uid, tenths = approved_and_edited
    theirs = result_uids(township, month.uid)
    assert theirs and result_uids(county, month.uid).isdisjoint(theirs)
    package, preview = send(township, county, tmp_path / "both.xlsx", at=LATER + timedelta(days=1))
    apply_sync(county, package, preview, {month.uid: THEIRS})
    assert same_month(county, month.uid).status == "draft"
    assert entry_tenths(county, uid) == tenths
    assert result_uids(county, month.uid) == theirs
    assert scores(county, month.uid) == scores(township, month.uid)
    # history only grows: the county's submit and approve stay on record
    events = assessment(county)["events"]
    assert [e[3] for e in events.values() if e[0] == month.uid][-2:] == ["submit", "approve"]


def test_preview_writes_nothing(synced, tmp_path):
    township, county = synced
    change_entry(township, month_where(township, status="draft", reopen_count=1))
    before = assessment(county), count(county, SyncBase)
    package, preview = send(township, county, tmp_path / "dry.xlsx")
    assert preview.counts()[CHANGED] == 2
    preview_sync(county, package)
    assert (assessment(county), count(county, SyncBase)) == before


def test_a_new_scheme_version_travels_and_a_frozen_one_cannot_change(synced, tmp_path):
    township, county = synced
    with township.session() as session:
        frozen = session.scalars(
            select(AssessmentScheme).where(AssessmentScheme.frozen).order_by(AssessmentScheme.id)
        ).first()
    info = assessment_schemes.get_scheme(township, frozen.id)
    edited = assessment_schemes.update_scheme(
        township, frozen.id, replace(info.draft(), name="网格员月度考核细则（修订）")
    )
    assert edited.new_version
    # a frozen version edited behind the program's back (an old copy, a hand edit)
    with township.session() as session:
        session.get(AssessmentScheme, frozen.id).name = "改过的细则"

    package, preview = send(township, county, tmp_path / "schemes.xlsx")
    by_uid = {r.uid: r for r in preview.records if r.kind == "scheme"}
    assert by_uid[edited.scheme.uid].status == ADDED
    old = by_uid[frozen.uid]
    assert (old.status, old.theirs_allowed, old.reason) == (CONFLICT, False, sync.FROZEN_CHANGED)
    with pytest.raises(RefusedError, match="不能采用对方"):
        apply_sync(county, package, preview, {frozen.uid: THEIRS})
    apply_sync(county, package, preview, {frozen.uid: OURS})
    names = {s.uid: (s.name, s.version) for s in assessment_schemes.list_schemes(county)}
    assert names[frozen.uid] == (frozen.name, 1)
    assert names[edited.scheme.uid] == ("网格员月度考核细则（修订）", 2)


@pytest.mark.parametrize(
    ("sheet", "column", "value", "message"),
    [
        ("考核细则", "大则与小则", '[{"name": "', "“大则与小则”内容不完整或格式不对"),
        ("考核细则", "等级", "[]", "“等级”内容不完整或格式不对"),
        ("考核细则", "适用岗位", '["岗' + "位" * 40 + '"]', "“适用岗位”内容不完整或格式不对"),
        ("考核月份", "状态", "locked", "“状态”（locked）不是本程序认识的取值"),
        ("考核得分", "次数", "-1", "“次数”（-1）应为非负整数"),
        # an entry edited by hand no longer fits its month
        ("考核得分", "备注", "改过", "第 2 行的各项得分校验码与“考核得分”工作表不符"),
        ("考核经过", "时间", "", "第 2 行缺少“时间”"),
        ("考核结果", "各项得分", '{"a": "9"}', "“各项得分”内容不完整或格式不对"),
    ],
)
def test_a_damaged_assessment_sheet_is_refused_in_chinese(
    township, tmp_path, sheet, column, value, message
):
    path = tmp_path / "damaged.xlsx"
    export_sync_package(township, path)
    damage(path, sheet, column, value)
    with pytest.raises(FengwangError, match=message) as refused:
        read_sync_package(path)
    assert "已拒绝导入" in refused.value.message


def test_the_county_refuses_a_damaged_package_and_writes_nothing(synced, tmp_path, capsys):
    township, county = synced
    change_entry(township, month_where(township, status="draft", reopen_count=1))
    path = tmp_path / "damaged.xlsx"
    export_sync_package(township, path, clock=lambda: LATER)
    damage(path, "考核细则", "等级", "{}")
    before = assessment(county), count(county, SyncBase)
    code = main(["--db", str(tmp_path / "county.sqlite"), "import", "sync", str(path)])
    assert code != 0 and "“等级”内容不完整或格式不对" in capsys.readouterr().err
    assert (assessment(county), count(county, SyncBase)) == before


def test_an_older_package_without_assessment_sheets_still_imports(synced, tmp_path):
    township, county = synced
    uid, _ = change_entry(township, month_where(township, status="draft", reopen_count=1))
    with township.session() as session:
        person = session.scalars(select(Person).order_by(Person.id)).first()
        person.phone = "13900001111"
    path = tmp_path / "old.xlsx"
    export_sync_package(township, path, clock=lambda: LATER)
    package = read_sync_package(path)
    new_kinds = ("scheme", "month", "score_entry", "assessment_event", "score_result", "warning")
    titles = {spec.title for spec in sync.SHEETS if spec.kind in new_kinds}
    workbook = load_workbook(path)
    for title in titles:
        del workbook[title]
    manifest = workbook["清单"]
    for row in list(manifest.iter_rows()):
        key = row[0].value
        if key == "格式版本":
            row[1].value = "2"
        elif key == "校验码":
            kept = {k: rows for k, rows in package.rows.items() if k not in new_kinds}
            row[1].value = sync.checksum(kept)
        elif key.startswith("行数:") and key[3:] in titles:
            manifest.delete_rows(row[0].row)
    workbook.save(path)

    old = read_sync_package(path)
    assert old.manifest.format_version == "2" and not titles & set(old.manifest.counts)
    before = assessment(county)
    preview = preview_sync(county, old)
    assert [(r.kind, r.status) for r in preview.records if r.status != UNCHANGED] == [
        ("person", CHANGED)
    ]
    apply_sync(county, old, preview)
    with county.session() as session:
        assert session.scalars(select(Person).where(Person.uid == person.uid)).one().phone == (
            "13900001111"
        )
    assert assessment(county) == before and entry_tenths(county, uid) != entry_tenths(township, uid)
